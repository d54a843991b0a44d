import OtklikCore

/// The public survey pages a customer sees on their phone: the questions (all on one page, or one per
/// screen), the thank-you page with the contact offer after a low score, and the closed-survey page.
/// Plain HTML forms, no JavaScript; styles inlined, so a page is one small request.
enum SurveyPageViews {
    /// Everything a question screen shows.
    struct Model {
        var survey: Survey
        var organisationName: String
        /// The form's action: the survey link with its context.
        var action: SiteURL
        /// The signed one-time key of this form.
        var formKey: String
        /// Answers given so far, by question id (re-shown after an error, carried between screens).
        var answers: [String: AnswerValue]
        var comment: String
        var problems: [FieldProblem]
        /// One-per-screen: the question shown (0-based); nil shows all questions.
        var step: Int?
        var preview: Bool

        /// Shows validation problems; one question per screen goes back to the first question at fault.
        mutating func showing(_ problems: [FieldProblem]) {
            self.problems = problems
            if let step, let first = survey.questions.firstIndex(where: { q in problems.contains { $0.field == "answers/\(q.id)" } }) {
                self.step = min(step, first)
            }
        }
    }

    static func form(_ page: PageContext, _ model: Model) -> HTML {
        let s = page.strings
        let questions = model.step.map { [model.survey.questions[$0]] } ?? model.survey.questions
        // The last screen offers to send: no later question is asked now, and none waits on a condition that
        // this screen's answer could open.
        let isLast =
            model.step.map { step in
                model.survey.nextShown(after: step, given: model.answers) == nil
                    && !model.survey.questions.dropFirst(step + 1).contains { $0.showIf != nil }
            } ?? true
        // Answers to questions not on this screen travel along as hidden fields.
        let shownIDs = Set(questions.map(\.id))
        let carried: [HTML] = model.survey.questions.filter { !shownIDs.contains($0.id) }.flatMap { question in
            hiddenValues(question, model.answers[question.id])
        }
        let progress: HTML =
            model.step.map { step in
                // Counted over the questions these answers show: a follow-up adds a step only for those asked it.
                let shown = model.survey.questions.indices.filter {
                    model.survey.isShown(model.survey.questions[$0], given: model.answers) || $0 == step
                }
                let total = shown.count
                let position = (shown.firstIndex(of: step) ?? 0) + 1
                return """
                    <p class="progress"><span>\(s[.surveyStep]) \(position) \(s[.surveyOf]) \(total)</span>
                    <progress max="\(total)" value="\(position)">\(position)/\(total)</progress></p>
                    """
            } ?? .empty
        let errorSummary: HTML =
            model.problems.isEmpty
            ? .empty
            : "<p class=\"error\" role=\"alert\">\(s[.surveyFixErrors])</p>"
        return shell(
            page, title: s.text(model.survey.title), organisation: model.organisationName,
            body: """
                \(model.preview ? "<p class=\"preview\" role=\"status\">\(s[.surveyPreview])</p>" as HTML : .empty)
                <h1>\(s.text(model.survey.title))</h1>\(progress)\(errorSummary)
                <form method="post" action="\(model.action)" novalidate>
                <input type="hidden" name="k" value="\(model.formKey)">
                \(model.step.map { "<input type=\"hidden\" name=\"step\" value=\"\($0)\">" as HTML })
                \(carried)
                \(questions.map { question(page, $0, answer: model.answers[$0.id], problems: model.problems) })
                \(isLast ? commentField(page, model.comment) : "<input type=\"hidden\" name=\"comment\" value=\"\(model.comment)\">")
                <div class="hp" aria-hidden="true"><label for="website">\(s[.surveyHoneypot])</label>
                <input id="website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
                <div class="buttons">
                \(model.step.map { $0 > 0 ? "<button type=\"submit\" name=\"go\" value=\"back\" class=\"secondary\" formnovalidate>\(s[.surveyBack])</button>" as HTML : .empty })
                <button type="submit" name="go" value="\(isLast ? "submit" : "next")" class="primary">\(isLast ? s[.surveySubmit] : s[.surveyNext])</button>
                </div></form>
                """)
    }

    static func thanks(
        _ page: PageContext, survey: Survey, organisationName: String, offerContact: SiteURL?,
        signedResponse: String, contactProblems: [FieldProblem], contactSaved: Bool, extra: HTML = .empty
    ) -> HTML {
        let s = page.strings
        var contact: HTML = .empty
        if contactSaved {
            contact = "<p class=\"notice\" role=\"status\">\(s[.contactThanks])</p>"
        } else if let offerContact {
            contact = """
                <section class="contact" aria-labelledby="contact-title"><h2 id="contact-title">\(s[.contactTitle])</h2>
                <p>\(s[.contactText])</p>
                <form method="post" action="\(offerContact)" novalidate>
                <input type="hidden" name="r" value="\(signedResponse)">
                \(FormField.input(page, "name", s[.contactName], problems: contactProblems, autocomplete: "name"))
                \(FormField.input(page, "contact", s[.contactField], problems: contactProblems, autocomplete: "tel"))
                <div class="field check"><label><input type="checkbox" name="consent" value="yes"\(Layout.invalidAttributes(contactProblems, "consent"))> \(s[ConsentNotice.contactText])</label>
                <p class="hint"><a href="\(SiteURL.privacy)">\(s[.privacyLink])</a></p>
                \(Layout.fieldError(contactProblems, "consent", s))</div>
                <button type="submit" class="primary">\(s[.contactSubmit])</button></form></section>
                """
        }
        return shell(
            page, title: s[.thanksTitle], organisation: organisationName,
            body: """
                <h1>\(s[.thanksTitle])</h1><p class="lead">\(s[.thanksText])</p>\(extra)\(contact)
                """)
    }

    /// The self-diagnosis' result: the level, what it means, the next step, and the answers behind it.
    static func maturity(_ page: PageContext, _ result: MaturityDiagnosis.Result) -> HTML {
        let s = page.strings
        func texts(_ level: MaturityDiagnosis.Level) -> (name: TextKey, text: TextKey, next: TextKey) {
            switch level {
            case .spontaneous: return (.maturitySpontaneous, .maturitySpontaneousText, .maturitySpontaneousNext)
            case .regulated: return (.maturityRegulated, .maturityRegulatedText, .maturityRegulatedNext)
            case .cultural: return (.maturityCultural, .maturityCulturalText, .maturityCulturalNext)
            }
        }
        let mine = texts(result.level)
        let counts = MaturityDiagnosis.Level.allCases.map { level -> HTML in
            "<li>\(s[texts(level).name]): \(result.counts[level] ?? 0) \(s[.surveyOf]) \(result.answered)</li>"
        }
        return """
            <section class="contact" aria-labelledby="maturity-title"><h2 id="maturity-title">\(s[.maturityResult]): \(s[mine.name])</h2>
            <p>\(s[mine.text])</p><h2>\(s[.maturityNext])</h2><p>\(s[mine.next])</p>
            <h2>\(s[.maturityCounts])</h2><ul>\(counts)</ul></section>
            """
    }

    static func closed(_ page: PageContext, survey: Survey, organisationName: String) -> HTML {
        let s = page.strings
        return shell(
            page, title: s[.closedTitle], organisation: organisationName,
            body: """
                <h1>\(s[.closedTitle])</h1><p class="lead">\(s[.closedText])</p><p>\(s.text(survey.title))</p>
                """)
    }

    /// The organisation's privacy notice (152-FZ): who processes the data, what, why, on what basis, for
    /// how long, and the customer's rights.
    static func privacy(_ page: PageContext, organisationName: String) -> HTML {
        let s = page.strings
        let sections: [(TextKey, TextKey)] = [
            (.privacyWhat, .privacyWhatText), (.privacyWhy, .privacyWhyText),
            (.privacyBasis, .privacyBasisText), (.privacyRights, .privacyRightsText),
        ]
        return shell(
            page, title: s[.privacyTitle], organisation: organisationName,
            body: """
                <article class="privacy"><h1>\(s[.privacyTitle])</h1>
                <p class="lead">\(s[.privacyOperator]): <strong>\(organisationName)</strong></p>
                \(sections.map { "<h2>\(s[$0.0])</h2><p>\(s[$0.1])</p>" as HTML })
                <p class="hint">\(s[.privacyVersion]): \(ConsentNotice.version)</p></article>
                """, privacyLink: false)
    }

    static func message(_ page: PageContext, organisationName: String, title: String, text: String) -> HTML {
        shell(page, title: title, organisation: organisationName, body: "<h1>\(title)</h1><p class=\"lead\">\(text)</p>")
    }

    // MARK: Questions

    static func question(
        _ page: PageContext, _ question: Question, answer: AnswerValue?,
        problems: [FieldProblem]
    ) -> HTML {
        let s = page.strings
        let field = "q_" + question.id
        let problem = problems.first { $0.field == "answers/\(question.id)" }
        let errorID = "\(field)-error"
        let error: HTML =
            problem.map { problem in
                let text = problem.code == "required" ? s[.surveyAnswerRequired] : s.problem(problem)
                return "<p class=\"error\" id=\"\(errorID)\" role=\"alert\">\(text)</p>"
            } ?? .empty
        let described: HTML = problem == nil ? .empty : " aria-describedby=\"\(errorID)\""
        let legend: HTML = """
            <legend>\(s.text(question.text))\(question.required ? "<span class=\"req\" aria-label=\"\(s[.surveyRequiredMark])\"> *</span>" as HTML : .empty)</legend>
            """
        let body: HTML
        switch question.kind {
        case .nps:
            body = scale(field, 0...10, selected: answer?.score, labels: [:], ends: (s[.npsLow], s[.npsHigh]), style: "nps")
        case .ces where question.cesVerbal == true:
            let words: [TextKey] = [.cesVerbalVeryHard, .cesVerbalRatherHard, .cesVerbalQuiteEasy, .cesVerbalEasiest]
            let tones = ["bad", "neutral", "good", "good"]
            body = choices(
                field, zip(Question.verbalCESScores, zip(words, tones)).map { (String($0.0), s[$0.1.0], $0.1.1) },
                selected: answer?.score.map { [String($0)] } ?? [], multiple: false)
        case .ces:
            body = scale(field, 1...7, selected: answer?.score, labels: [:], ends: (s[.cesLow], s[.cesHigh]), style: "ces")
        case .csat:
            let points = question.csatScale?.points ?? 5
            if points == 3 {
                body = choices(
                    field, [("1", s[.csat3Poor], "bad"), ("2", s[.csat3Fair], "neutral"), ("3", s[.csat3Excellent], "good")],
                    selected: answer?.score.map { [String($0)] } ?? [], multiple: false)
            } else {
                body = scale(field, 1...points, selected: answer?.score, labels: [:], ends: (s[.csatLow], s[.csatHigh]), style: "csat")
            }
        case .ladder:
            body = choices(
                field, [("0", s[.ladderDisappointed], "bad"), ("1", s[.ladderAsExpected], "neutral"), ("2", s[.ladderWow], "good")],
                selected: answer?.score.map { [String($0)] } ?? [], multiple: false)
        case .stars:
            let stars = (1...5).map { ("\($0)", String(repeating: "★", count: $0) + " \($0)", "stars") }
            body = choices(field, stars, selected: answer?.score.map { [String($0)] } ?? [], multiple: false)
        case .singleChoice, .multipleChoice:
            let options = (question.options ?? []).map { ($0.id, s.text($0.text), "") }
            let selected: [String]
            switch answer {
            case .text(let value): selected = [value]
            case .choices(let values): selected = values
            default: selected = []
            }
            let hint: HTML = question.kind == .multipleChoice ? "<p class=\"hint\">\(s[.surveyChooseSeveral])</p>" : .empty
            body = hint + choices(field, options, selected: selected, multiple: question.kind == .multipleChoice)
        case .text:
            let text: String
            if case .text(let value) = answer { text = value } else { text = "" }
            return """
                <div class="question"><label class="legend" for="\(field)">\(s.text(question.text))</label>\(error)
                <textarea id="\(field)" name="\(field)" maxlength="4000"\(described)>\(text)</textarea></div>
                """
        }
        return """
            <fieldset class="question"\(problem == nil ? .empty : " aria-invalid=\"true\"" as HTML)\(described)>\(legend)\(error)\(body)</fieldset>
            """
    }

    /// A row of numbered radio buttons (NPS 0–10, CES 1–7, CSAT 1–5) with the meaning of both ends.
    private static func scale(
        _ field: String, _ range: ClosedRange<Int>, selected: Int?, labels: [Int: String],
        ends: (String, String), style: String
    ) -> HTML {
        let options = range.map { value -> HTML in
            let id = "\(field)-\(value)"
            let tone = style == "nps" ? MetricFormat.tone(MetricKind.nps.band(of: value)?.mood).rawValue : ""
            return """
                <input type="radio" id="\(id)" name="\(field)" value="\(value)"\(selected == value ? " checked" as HTML : .empty)><label for="\(id)" class="\(tone)">\(value)</label>
                """
        }.joined()
        return """
            <div class="scale \(style)">\(options)</div><div class="ends" aria-hidden="true"><span>\(range.lowerBound) — \(ends.0)</span><span>\(range.upperBound) — \(ends.1)</span></div>
            <p class="visually-hidden">\(range.lowerBound) — \(ends.0); \(range.upperBound) — \(ends.1)</p>
            """
    }

    private static func choices(
        _ field: String, _ options: [(value: String, label: String, tone: String)],
        selected: [String], multiple: Bool
    ) -> HTML {
        options.enumerated().map { index, option -> HTML in
            let id = "\(field)-\(index)"
            return """
                <div class="choice \(option.tone)"><input type="\(multiple ? "checkbox" : "radio")" id="\(id)" name="\(field)" value="\(option.value)"\(selected.contains(option.value) ? " checked" as HTML : .empty)><label for="\(id)">\(option.label)</label></div>
                """
        }.joined()
    }

    private static func commentField(_ page: PageContext, _ comment: String) -> HTML {
        """
        <div class="question"><label class="legend" for="comment">\(page.strings[.surveyComment]) <small>(\(page.strings[.surveyOptional]))</small></label>
        <textarea id="comment" name="comment" maxlength="4000">\(comment)</textarea></div>
        """
    }

    /// An answer as the hidden fields that carry it to the next screen.
    private static func hiddenValues(_ question: Question, _ answer: AnswerValue?) -> [HTML] {
        let field = "q_" + question.id
        switch answer {
        case .score(let value): return ["<input type=\"hidden\" name=\"\(field)\" value=\"\(value)\">"]
        case .text(let value): return ["<input type=\"hidden\" name=\"\(field)\" value=\"\(value)\">"]
        case .choices(let values): return values.map { "<input type=\"hidden\" name=\"\(field)\" value=\"\($0)\">" }
        case nil: return []
        }
    }

    // MARK: Shell

    private static func shell(_ page: PageContext, title: String, organisation: String, body: HTML, privacyLink: Bool = true) -> HTML {
        """
        <!doctype html>
        <html lang="\(page.locale.rawValue)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
        <title>\(title) · \(organisation)</title><style>\(HTML(trusted: style))</style></head>
        <body><header><span class="org">\(organisation)</span><nav aria-label="\(page.strings[.language])">\(Layout.languageSwitch(page))</nav></header>
        <main>\(body)</main>
        \(privacyLink ? "<footer><a href=\"\(SiteURL.privacy)\">\(page.strings[.privacyLink])</a></footer>" as HTML : .empty)</body></html>
        """
    }

    static let style =
        Stylesheet.base + Stylesheet.questions + """
            body{margin:0;background:#f4f5f7;font-size:17px}
            header{display:flex;justify-content:space-between;align-items:center;padding:.7rem 1rem;background:#1d2b3a;color:#fff}
            header a{color:#dfe7ef}header nav{display:flex;gap:.7rem;font-size:.9rem}header nav span{font-weight:600}
            .org{font-weight:700}
            main{max-width:36rem;margin:0 auto;padding:1rem}
            h1{font-size:1.35rem}
            .lead{font-size:1.05rem}
            .progress{display:flex;align-items:center;gap:.7rem;color:#4a5563}.progress progress{flex:1}
            .preview{background:#fff4e0;color:#6b4a00;padding:.5rem .8rem;border-radius:8px}
            .notice{padding:.7rem .9rem;border-radius:8px}
            footer{max-width:36rem;margin:0 auto;padding:.5rem 1rem 1.5rem;font-size:.9rem}footer a{color:#4a5563}
            .privacy h2{font-size:1.1rem;margin-top:1.2rem}
            .contact{background:#fff;border-radius:12px;padding:1rem;margin-top:1.2rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
            """
}
