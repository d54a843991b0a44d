import OtklikCore

/// The builder's pages: the list, template choice, the editor and the phone preview.
enum SurveyBuilderPages {
    static func statusName(_ status: Survey.Status, _ s: Strings) -> String {
        switch status {
        case .draft: return s[.statusDraft]
        case .live: return s[.statusLive]
        case .closed: return s[.statusClosed]
        }
    }

    static func kindName(_ kind: Question.Kind, _ s: Strings) -> String {
        switch kind {
        case .nps: return s[.kindNPS]
        case .csat: return s[.kindCSAT]
        case .ces: return s[.kindCES]
        case .ladder: return s[.kindLadder]
        case .stars: return s[.kindStars]
        case .singleChoice: return s[.kindSingle]
        case .multipleChoice: return s[.kindMultiple]
        case .text: return s[.kindText]
        }
    }

    static func list(_ page: PageContext, surveys: [Survey], counts: [Int64: Int]) -> HTML {
        let s = page.strings
        let canCall = page.user?.role.allows(.callCustomers) == true
        let rows = surveys.map { survey -> HTML in
            """
            <tr><th scope="row"><a href="\(SiteURL.surveyEditor(survey.id))">\(s.text(survey.title))</a></th>
            <td>\(statusName(survey.status, s))</td><td class="num">\(s.integer(counts[survey.id.rawValue] ?? 0))</td>
            <td class="actions"><a href="\(SiteURL.surveyEditor(survey.id))">\(s[.surveyEdit])</a>
            <a href="\(SiteURL.surveyPreview(survey.id))">\(s[.surveyPreviewLink])</a>
            <a href="\(SiteURL.surveyLinks(survey.id))">\(s[.surveyLinks])</a>
            <a href="\(SiteURL.surveyResults(survey.id))">\(s[.resultsLink])</a>
            \(canCall && survey.status == .live ? "<a href=\"\(SiteURL.call(survey.id))\">\(s[.surveyCall])</a>" as HTML : .empty)</td></tr>
            """
        }
        return Layout.page(
            page, title: s[.surveysTitle], tab: .surveys,
            body: """
                <section class="card"><h1>\(s[.surveysTitle])</h1>
                <p class="actions"><a class="primary" href="\(SiteURL.newSurvey)">\(s[.surveysNew])</a></p>
                <div class="table-wrap"><table><thead><tr><th scope="col">\(s[.surveysColumnTitle])</th><th scope="col">\(s[.surveysColumnStatus])</th>
                <th scope="col" class="num">\(s[.surveysColumnResponses])</th><th scope="col">\(s[.surveysColumnActions])</th></tr></thead>
                <tbody>\(rows)</tbody></table></div></section>
                """)
    }

    static func new(_ page: PageContext) -> HTML {
        let s = page.strings
        func choice(_ id: String, _ name: String, _ summary: String, checked: Bool) -> HTML {
            """
            <div class="template"><input type="radio" name="template" id="t-\(id)" value="\(id)"\(checked ? " checked" as HTML : .empty)>
            <label for="t-\(id)"><strong>\(name)</strong><br><small>\(summary)</small></label></div>
            """
        }
        let templates = SurveyTemplate.all.enumerated().map { index, template in
            choice(template.id, s.text(template.name), s.text(template.summary), checked: index == 0)
        }
        return Layout.page(
            page, title: s[.newTitle], tab: .surveys,
            body: """
                <section class="card"><h1>\(s[.newTitle])</h1>
                <form method="post" action="\(SiteURL.newSurvey)">\(Layout.csrfField(page))
                <fieldset class="templates"><legend class="visually-hidden">\(s[.newTitle])</legend>\(templates)
                \(choice("blank", s[.newBlank], s[.newBlankSummary], checked: false))</fieldset>
                <button type="submit" class="primary">\(s[.newUse])</button></form></section>
                """)
    }

    static func editor(_ page: PageContext, survey: Survey, problems: [FieldProblem], saved: Bool) -> HTML {
        let s = page.strings
        let questions = survey.questions.enumerated().map { index, question in
            questionFields(
                page, index: index, question: question, earlier: Array(survey.questions.prefix(index)),
                count: survey.questions.count, problems: problems)
        }
        let kinds = Question.Kind.allCases.map { "<option value=\"\($0.rawValue)\">\(kindName($0, s))</option>" as HTML }
        let status: HTML
        switch survey.status {
        case .draft: status = "<button type=\"submit\" name=\"action\" value=\"publish\" class=\"primary\">\(s[.editorPublish])</button>"
        case .live: status = "<button type=\"submit\" name=\"action\" value=\"close\" class=\"danger\">\(s[.editorClose])</button>"
        case .closed: status = "<button type=\"submit\" name=\"action\" value=\"reopen\" class=\"secondary\">\(s[.editorReopen])</button>"
        }
        return Layout.page(
            page, title: s[.editorTitle], tab: .surveys,
            body: """
                <form method="post" action="\(SiteURL.surveyEditor(survey.id))" novalidate>\(Layout.csrfField(page))
                <input type="hidden" name="count" value="\(survey.questions.count)">
                <section class="card"><h1>\(s[.editorTitle]): \(s.text(survey.title))</h1>
                <p>\(s[.surveysColumnStatus]): <strong>\(statusName(survey.status, s))</strong> ·
                <a href="\(SiteURL.surveyPreview(survey.id))">\(s[.surveyPreviewLink])</a> · <a href="\(SiteURL.surveyLinks(survey.id))">\(s[.surveyLinks])</a></p>
                \(saved ? "<p class=\"notice\" role=\"status\">\(s[.editorSaved])</p>" as HTML : .empty)
                \(problems.isEmpty ? .empty : "<p class=\"error\" role=\"alert\">\(s[.editorFix])</p>" as HTML)
                \(survey.status == .live ? "<p class=\"notice\">\(s[.editorLiveWarning])</p>" as HTML : .empty)
                <div class="grid">
                \(FormField.input(page, "title_ru", s[.editorTitleRu], value: survey.title.ru, problems: problems.map { $0.field == "title" ? FieldProblem(field: "title_ru", code: $0.code, message: $0.message) : $0 }))
                \(FormField.input(page, "title_en", s[.editorTitleEn], value: survey.title.en, problems: []))
                </div>
                <div class="field check"><label><input type="checkbox" name="one_per_screen" value="1"\(survey.onePerScreen ? " checked" as HTML : .empty)> \(s[.editorOnePerScreen])</label></div>
                <p class="actions"><button type="submit" name="action" value="save" class="primary">\(s[.save])</button> \(status)</p></section>
                <section class="card"><h2>\(s[.editorQuestions])</h2>\(questions)
                \(Layout.fieldError(problems, "questions", s))
                <div class="filters"><div class="field"><label for="new_kind">\(s[.editorAdd])</label><select id="new_kind" name="new_kind">\(kinds)</select></div>
                <button type="submit" name="action" value="add" class="secondary">\(s[.add])</button></div></section>
                </form>
                """)
    }

    private static func questionFields(
        _ page: PageContext, index: Int, question: Question, earlier: [Question], count: Int,
        problems: [FieldProblem]
    ) -> HTML {
        let s = page.strings
        let prefix = "q\(index)_"
        // Problems of this question, renamed to its form fields.
        let mine = problems.compactMap { problem -> FieldProblem? in
            guard problem.field.hasPrefix("questions/\(index)/") else { return nil }
            let part = problem.field.dropFirst("questions/\(index)/".count)
            return FieldProblem(field: prefix + (part == "text" ? "ru" : String(part)), code: problem.code, message: problem.message)
        }
        var extra: HTML = .empty
        if question.kind == .csat {
            let current = SurveyEditorForm.scales.first { $0.scale == question.csatScale }?.id ?? "5_top2box"
            let names: [String: TextKey] = [
                "5_top2box": .editorScale5Top2, "5_mean": .editorScale5Mean, "3_weighted": .editorScale3Weighted,
            ]
            let options = SurveyEditorForm.scales.map { scale -> HTML in
                "<option value=\"\(scale.id)\"\(scale.id == current ? " selected" as HTML : .empty)>\(s[names[scale.id]!])</option>"
            }
            extra =
                "<div class=\"field\"><label for=\"\(prefix)scale\">\(s[.editorScale])</label><select id=\"\(prefix)scale\" name=\"\(prefix)scale\">\(options)</select></div>"
        }
        if question.kind == .ces {
            extra = Layout.select(
                id: prefix + "ces_style", name: prefix + "ces_style", label: s[.editorCESStyle],
                options: [("seven", s[.editorCESSeven]), ("verbal", s[.editorCESVerbal])],
                selected: question.cesVerbal == true ? "verbal" : "seven", none: nil, strings: s)
        }
        if question.kind == .singleChoice || question.kind == .multipleChoice {
            extra = """
                <div class="field"><label for="\(prefix)options">\(s[.editorOptions])</label>
                <textarea id="\(prefix)options" name="\(prefix)options"\(Layout.invalidAttributes(mine, prefix + "options"))>\(SurveyEditorForm.optionsText(question.options))</textarea>
                \(Layout.fieldError(mine, prefix + "options", s))</div>
                """
        }
        return """
            <fieldset class="question-editor"><legend>\(index + 1). \(kindName(question.kind, s))</legend>
            <input type="hidden" name="\(prefix)id" value="\(question.id)"><input type="hidden" name="\(prefix)kind" value="\(question.kind.rawValue)">
            <div class="grid">
            \(FormField.input(page, prefix + "ru", s[.editorTextRu], value: question.text.ru, problems: mine))
            \(FormField.input(page, prefix + "en", s[.editorTextEn], value: question.text.en, problems: []))
            </div>\(extra)\(conditionField(page, prefix: prefix, question: question, earlier: earlier, problems: mine))
            <div class="field check"><label><input type="checkbox" name="\(prefix)required" value="1"\(question.required ? " checked" as HTML : .empty)> \(s[.editorRequired])</label></div>
            <p class="actions">
            \(index > 0 ? "<button type=\"submit\" name=\"action\" value=\"up:\(index)\" class=\"secondary\">↑ \(s[.editorUp])</button>" as HTML : .empty)
            \(index + 1 < count ? "<button type=\"submit\" name=\"action\" value=\"down:\(index)\" class=\"secondary\">↓ \(s[.editorDown])</button>" as HTML : .empty)
            <button type="submit" name="action" value="remove:\(index)" class="danger">\(s[.editorRemove])</button></p></fieldset>
            """
    }

    static func preview(_ page: PageContext, survey: Survey) -> HTML {
        let s = page.strings
        return Layout.page(
            page, title: s[.previewTitle], tab: .surveys,
            body: """
                <section class="card"><h1>\(s[.previewTitle])</h1>
                <p><a href="\(SiteURL.surveyEditor(survey.id))">← \(s[.editorTitle])</a></p>
                <div class="phone"><iframe src="\(SiteURL.surveyPreviewFrame(survey.id))" title="\(s[.previewFrame])" width="390" height="760"></iframe></div></section>
                """)
    }

    /// "Show this question": always, or when an earlier answer is in a band / is an option — one menu of
    /// plain choices (no codes), so the builder works without JavaScript.
    private static func conditionField(
        _ page: PageContext, prefix: String, question: Question, earlier: [Question],
        problems: [FieldProblem]
    ) -> HTML {
        let s = page.strings
        var choices = SurveyEditorForm.conditionChoices(earlier: earlier).map { choice in
            (value: choice.value, title: "\(s[.editorIf]) «\(String(s.text(choice.question.text).prefix(48)))» — \(choice.label(s))")
        }
        let current = question.showIf.map(SurveyEditorForm.conditionValue)
        if let current, !choices.contains(where: { $0.value == current }), let condition = question.showIf {
            choices.append(
                (
                    current,
                    "\(condition.question): \(condition.scoreMin.map(String.init) ?? "…")–\(condition.scoreMax.map(String.init) ?? "…")\((condition.options ?? []).joined(separator: ", "))"
                ))
        }
        guard !choices.isEmpty else { return .empty }
        return Layout.select(
            id: prefix + "if", name: prefix + "if", label: s[.editorShowIf], options: choices, selected: current,
            none: s[.editorShowAlways],
            problems: problems.map {
                $0.field == prefix + "show_if" ? FieldProblem(field: prefix + "if", code: $0.code, message: $0.message) : $0
            },
            strings: s)
    }
}
