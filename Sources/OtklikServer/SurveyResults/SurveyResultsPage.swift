import OtklikCore
import OtklikStore

/// The results page: the period, then one card per question with its distribution and a table that reads
/// without the bars (screen readers, print).
enum SurveyResultsPage {
    static func render(_ page: PageContext, _ results: SurveyResults, filter: DashboardFilter, search: String?) -> HTML {
        let s = page.strings
        let survey = results.survey
        // Folded on a phone under a one-line summary, open from 48rem (as the dashboard's filters).
        let period = """
            <details class="card fold"><summary>\(s[.filtersTitle]): \(filter.periodText(s))</summary>
            <form method="get" action="\(SiteURL.surveyResults(survey.id).path)" class="filters" aria-label="\(s[.filterApply])">
            <div class="field"><label for="r-from">\(s[.filterFrom])</label><input type="date" id="r-from" name="from" value="\(filter.from.map(CivilDay.isoDate(ofDay:)) ?? "")"></div>
            <div class="field"><label for="r-to">\(s[.filterTo])</label><input type="date" id="r-to" name="to" value="\(filter.to.map(CivilDay.isoDate(ofDay:)) ?? "")"></div>
            <div class="field"><label for="r-text">\(s[.resultsTextSearch])</label><input type="search" id="r-text" name="text" value="\(search ?? "")"></div>
            <button type="submit" class="primary">\(s[.filterApply])</button></form></details>
            """ as HTML
        let truncated: HTML =
            results.truncated
            ? "<p class=\"notice\">\(s[.resultsTruncated]) \(s.integer(SurveyResultsController.limit)).</p>" : .empty
        let maturity: HTML =
            results.maturity.map { levels in
                let total = levels.values.reduce(0, +)
                let rows = MaturityDiagnosis.Level.allCases.map { level -> HTML in
                    let name: TextKey =
                        switch level {
                        case .spontaneous: .maturitySpontaneous
                        case .regulated: .maturityRegulated
                        case .cultural: .maturityCultural
                        }
                    return bar(s[name], count: levels[level] ?? 0, of: total, s, extra: .empty)
                }
                return
                    "<section class=\"card\"><h2>\(s[.resultsMaturity])</h2><p class=\"lead\">\(s.count(total, .response))</p><table class=\"dist\">\(rows)</table></section>"
            } ?? .empty
        return Layout.page(
            page, title: "\(s[.resultsTitle]) · \(s.text(survey.title))", tab: .surveys,
            body: """
                <section class="card"><h1>\(s[.resultsTitle]): \(s.text(survey.title))</h1>
                <p class="lead">\(s.count(results.responses, .response))\(page.user?.scope == .everything ? .empty : " · \(s[.scopeManager])" as HTML)</p>
                <p class="actions"><a href="\(SiteURL.responses(filter))">\(s[.allResponses]) →</a></p></section>
                \(period)\(truncated)\(maturity)\(results.dropOff.map { dropOff(page, $0, survey: survey) } ?? .empty)
                \(results.questions.enumerated().map { question(page, $0.offset + 1, $0.element) })
                """)
    }

    private static func question(_ page: PageContext, _ number: Int, _ result: SurveyResults.QuestionResult) -> HTML {
        let s = page.strings
        let asked: HTML = result.question.showIf == nil ? .empty : " \(s[.resultsAskedOnly])" as HTML
        var body: HTML
        switch result.detail {
        case .scores(let counts, let range, let mean):
            let total = counts.values.reduce(0, +)
            let question = result.question
            let verbal = question.kind == .ces && question.cesVerbal == true
            let scores = verbal ? Question.verbalCESScores : Array(range)
            let words: [Int: TextKey] = [1: .cesVerbalVeryHard, 3: .cesVerbalRatherHard, 5: .cesVerbalQuiteEasy, 7: .cesVerbalEasiest]
            // The ladder, stars and the verbal CES read as their words; other scales as numbers.
            func label(_ score: Int) -> String {
                if verbal, let word = words[score] { return s[word] }
                return question.kind == .ladder || question.kind == .stars ? MetricFormat.answer(question, score: score, s) : String(score)
            }
            body = "<table class=\"dist\">\(scores.map { bar(label($0), count: counts[$0] ?? 0, of: total, s, extra: .empty) })</table>"
            if let mean { body = body + "<p class=\"lead\">\(s[.resultsMean]) \(s.decimal(mean, digits: 2))</p>" as HTML }
        case .choices(let options):
            body =
                "<table class=\"dist\">\(options.map { option in bar(s.text(option.option.text), count: option.count, of: result.answered, s, extra: option.interval.map { "<td class=\"num\">[\(s.decimal($0.low, digits: 0)); \(s.decimal($0.high, digits: 0))]</td>" as HTML } ?? "<td></td>") })</table>"
        case .texts(let matching, let shown):
            let items = shown.map {
                "<li><p>\($0.text)</p><p class=\"meta\"><time>\(s.dateTime($0.at, timeZone: page.timeZone))</time></p></li>" as HTML
            }
            body = "<p class=\"lead\">\(s[.resultsTextMatching]) \(s.integer(matching))</p><ul class=\"texts\">\(items)</ul>"
        }
        return """
            <section class="card"><h2>\(number). \(s.text(result.question.text))</h2>
            <p class="lead">\(s[.resultsAnswered]) \(s.integer(result.answered)) \(s[.surveyOf]) \(s.integer(result.asked))\(asked)</p>
            \(body)</section>
            """
    }

    /// Where customers leave: of the forms started, how many were finished and how many stopped after each
    /// question. Partial answers stay partial: they are in no count above and in no metric.
    private static func dropOff(_ page: PageContext, _ dropOff: SurveyDropOff, survey: Survey) -> HTML {
        let s = page.strings
        guard dropOff.started > 0 else { return .empty }
        let rows = survey.questions.enumerated().compactMap { index, question -> HTML? in
            guard let left = dropOff.leftAfter[question.id] else { return nil }
            return bar("\(index + 1). \(String(s.text(question.text).prefix(60)))", count: left, of: dropOff.started, s, extra: .empty)
        }
        return """
            <section class="card"><h2>\(s[.resultsDropOff])</h2>
            <p class="lead">\(s[.resultsStarted]) \(s.integer(dropOff.started)), \(s[.resultsCompleted]) \(s.integer(dropOff.completed))
            (\(s.decimal(100 * Double(dropOff.completed) / Double(dropOff.started), digits: 0))%). \(s[.resultsLeftAfter])</p>
            \(rows.isEmpty ? .empty : "<table class=\"dist\">\(rows)</table>" as HTML)</section>
            """
    }

    /// A row: label, count, share as a bar and in percent.
    private static func bar(_ label: String, count: Int, of total: Int, _ s: Strings, extra: HTML) -> HTML {
        let share = total == 0 ? 0 : 100 * Double(count) / Double(total)
        return """
            <tr><th scope="row">\(label)</th><td class="num">\(s.integer(count))</td>
            <td class="bar"><span style="width:\(Charts.number(share))%"></span></td><td class="num">\(s.decimal(share, digits: 0))%</td>\(extra)</tr>
            """
    }
}
