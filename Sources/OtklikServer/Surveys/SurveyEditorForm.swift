import OtklikCore

/// The survey editor's form, both ways: a survey as form fields, and posted fields back into a survey
/// with the editor's action applied (move a question, add one, remove one). Question ids never change
/// once made, so answers already stored keep pointing at their questions.
enum SurveyEditorForm {
    /// How CSAT may be scored in the editor: the sources' conventions.
    static let scales: [(id: String, scale: CSATScale)] = [
        ("5_top2box", .fivePointTopTwoBox), ("5_mean", .fivePointMean), ("3_weighted", .threeOptionWeighted),
    ]

    enum Action: Equatable {
        case save, add(Question.Kind), up(Int), down(Int), remove(Int), publish, close, reopen
    }

    static func action(_ form: FormData) -> Action {
        let text = form["action"] ?? "save"
        let parts = text.split(separator: ":").map(String.init)
        let index = parts.count > 1 ? Int(parts[1]) : nil
        switch (parts.first ?? "", index) {
        case ("add", _): return .add(form["new_kind"].flatMap(Question.Kind.init(rawValue:)) ?? .nps)
        case ("up", let i?): return .up(i)
        case ("down", let i?): return .down(i)
        case ("remove", let i?): return .remove(i)
        case ("publish", _): return .publish
        case ("close", _): return .close
        case ("reopen", _): return .reopen
        default: return .save
        }
    }

    /// The survey as edited: `original` with the posted texts, settings and questions, then the action.
    static func apply(_ form: FormData, to original: Survey, action: Action) -> Survey {
        var survey = original
        survey.title = LocalizedText(ru: form["title_ru"] ?? "", en: form["title_en"] ?? "")
        survey.onePerScreen = form.has("one_per_screen")
        var questions: [Question] = []
        for index in 0..<(form["count"].flatMap(Int.init) ?? 0) where index < 100 {
            let prefix = "q\(index)_"
            guard let id = form[prefix + "id"], let kind = form[prefix + "kind"].flatMap(Question.Kind.init(rawValue:)) else { continue }
            var question = Question(
                id: id, kind: kind, text: LocalizedText(ru: form[prefix + "ru"] ?? "", en: form[prefix + "en"] ?? ""),
                required: form.has(prefix + "required"))
            if kind == .csat {
                question.csatScale = scales.first { $0.id == form[prefix + "scale"] }?.scale ?? .fivePointTopTwoBox
            }
            question.showIf = form[prefix + "if"].flatMap(condition)
            if kind == .ces { question.cesVerbal = form[prefix + "ces_style"] == "verbal" ? true : nil }
            if kind == .singleChoice || kind == .multipleChoice {
                question.options = options(
                    form.raw(prefix + "options") ?? "",
                    existing: original.questions.first { $0.id == id }?.options ?? [])
            }
            questions.append(question)
        }
        switch action {
        case .add(let kind): questions.append(newQuestion(kind, existing: questions))
        case .up(let i) where i > 0 && i < questions.count: questions.swapAt(i, i - 1)
        case .down(let i) where i >= 0 && i + 1 < questions.count: questions.swapAt(i, i + 1)
        case .remove(let i) where questions.indices.contains(i): questions.remove(at: i)
        case .publish where survey.status == .draft: survey.status = .live
        case .close where survey.status == .live: survey.status = .closed
        case .reopen where survey.status == .closed: survey.status = .live
        default: break
        }
        survey.questions = questions
        return survey
    }

    // MARK: Conditions

    struct ConditionChoice {
        var question: Question
        var value: String
        var label: (Strings) -> String
    }

    /// The conditions the builder offers for a question: for each earlier scored question its usual bands
    /// (NPS detractors, passives, promoters …), for each earlier choice question each of its options.
    static func conditionChoices(earlier: [Question]) -> [ConditionChoice] {
        earlier.flatMap { question -> [ConditionChoice] in
            if let range = question.scoreRange {
                return bands(question.kind, range).map { band in
                    ConditionChoice(
                        question: question, value: conditionValue(DisplayCondition(question: question.id, scores: band.range)),
                        label: { s in "\(band.range.lowerBound)–\(band.range.upperBound)" + (band.name.map { " (\(s[$0]))" } ?? "") })
                }
            }
            return (question.options ?? []).map { option in
                ConditionChoice(
                    question: question, value: conditionValue(DisplayCondition(question: question.id, options: [option.id])),
                    label: { s in s.text(option.text) })
            }
        }
    }

    private static func bands(_ kind: Question.Kind, _ range: ClosedRange<Int>) -> [(range: ClosedRange<Int>, name: TextKey?)] {
        switch kind {
        case .nps:
            let (detractors, passives, promoters) = (
                MetricKind.Band.npsDetractors, MetricKind.Band.npsPassives, MetricKind.Band.npsPromoters
            )
            return [
                (detractors.range, .bandDetractorsWord), (passives.range, .bandPassivesWord), (promoters.range, .bandPromotersWord),
                (detractors.range.lowerBound...passives.range.upperBound, nil),
            ]
        case .ladder: return [(0...0, .ladderDisappointedShort), (1...1, .ladderExpectedShort), (2...2, .ladderWowShort), (0...1, nil)]
        default:
            let top = range.upperBound
            let low = range.lowerBound
            let lowBand = low...max(low, top - 2)
            let highBand = max(low, top - 1)...top
            return [(lowBand, .bandLowWord), (highBand, .bandHighWord)]
        }
    }

    /// `nps|s:0-6` or `mattered|o:speed`: a condition as a menu value.
    static func conditionValue(_ condition: DisplayCondition) -> String {
        if let options = condition.options { return "\(condition.question)|o:\(options.joined(separator: ","))" }
        return "\(condition.question)|s:\(condition.scoreMin ?? 0)-\(condition.scoreMax ?? 0)"
    }

    static func condition(_ value: String) -> DisplayCondition? {
        let parts = value.split(separator: "|", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let question = String(parts[0])
        let rule = parts[1]
        if rule.hasPrefix("o:") {
            let options = rule.dropFirst(2).split(separator: ",").map(String.init)
            return options.isEmpty ? nil : DisplayCondition(question: question, options: options)
        }
        let ends = rule.dropFirst(2).split(separator: "-").compactMap { Int($0) }
        guard rule.hasPrefix("s:"), ends.count == 2, ends[0] <= ends[1] else { return nil }
        return DisplayCondition(question: question, scores: ends[0]...ends[1])
    }

    /// Options, one per line: "Русский | English". The ids stored answers refer to stay out of sight but
    /// stay put: a line keeps the id of the existing option with the same Russian text (so lines may be
    /// reordered), an edited line in the place of an unmatched option keeps that option's id (a typo fix
    /// is not a new option), and a new line gets an unused id. "id: text" still sets an id explicitly.
    static func options(_ text: String, existing: [Question.Option] = []) -> [Question.Option] {
        struct Line {
            var id: String?
            var ru: String
            var en: String
        }
        let lines: [Line] = text.split(whereSeparator: \.isNewline).compactMap { raw in
            var rest = raw.trimmingCharacters(in: .whitespaces)
            guard !rest.isEmpty else { return nil }
            var id: String?
            if let colon = rest.firstIndex(of: ":") {
                let candidate = rest[..<colon].trimmingCharacters(in: .whitespaces)
                if !candidate.isEmpty, candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) {
                    id = candidate
                    rest = rest[rest.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
            }
            let texts = rest.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return Line(id: id, ru: texts.first ?? "", en: texts.count > 1 ? texts[1] : "")
        }
        var ids = lines.map(\.id)
        var taken = Set(ids.compactMap { $0 })
        // Same Russian text: the same option.
        for (index, line) in lines.enumerated() where ids[index] == nil {
            if let match = existing.first(where: { !taken.contains($0.id) && $0.text.ru.caseInsensitiveCompare(line.ru) == .orderedSame }) {
                ids[index] = match.id
                taken.insert(match.id)
            }
        }
        // An edited line where an unmatched option stood: that option, renamed.
        for index in lines.indices where ids[index] == nil && index < existing.count && !taken.contains(existing[index].id) {
            ids[index] = existing[index].id
            taken.insert(existing[index].id)
        }
        var next = 1
        var seen = Set<String>()
        return lines.enumerated().map { index, line in
            var id = ids[index] ?? ""
            if id.isEmpty || seen.contains(id) {
                while taken.contains("o\(next)") { next += 1 }
                id = "o\(next)"
                taken.insert(id)
            }
            seen.insert(id)
            return Question.Option(id: id, text: LocalizedText(ru: line.ru, en: line.en))
        }
    }

    static func optionsText(_ options: [Question.Option]?) -> String {
        (options ?? []).map { $0.text.ru + ($0.text.en.isEmpty ? "" : " | \($0.text.en)") }.joined(separator: "\n")
    }

    /// A new question with sensible default texts, so that adding one never leaves the survey invalid.
    static func newQuestion(_ kind: Question.Kind, existing: [Question]) -> Question {
        var number = existing.count + 1
        while existing.contains(where: { $0.id == "\(kind.rawValue)\(number)" }) { number += 1 }
        let id = "\(kind.rawValue)\(number)"
        func t(_ ru: String, _ en: String) -> LocalizedText { LocalizedText(ru: ru, en: en) }
        switch kind {
        case .nps:
            return Question(
                id: id, kind: kind,
                text: t("Насколько вероятно, что вы порекомендуете нас друзьям?", "How likely are you to recommend us to a friend?"))
        case .csat:
            return Question(id: id, kind: kind, text: t("Насколько вы довольны?", "How satisfied are you?"), csatScale: .fivePointTopTwoBox)
        case .ces:
            return Question(
                id: id, kind: kind, text: t("Насколько легко было решить ваш вопрос?", "How easy was it to get your issue resolved?"))
        case .ladder:
            return Question(
                id: id, kind: kind, text: t("Как это соотносится с вашими ожиданиями?", "How did it compare with what you expected?"))
        case .stars: return Question(id: id, kind: kind, text: t("Оцените нас от 1 до 5 звёзд", "Rate us from 1 to 5 stars"))
        case .singleChoice, .multipleChoice:
            return Question(
                id: id, kind: kind, text: t("Новый вопрос", "New question"),
                options: [.init(id: "o1", text: t("Вариант 1", "Option 1")), .init(id: "o2", text: t("Вариант 2", "Option 2"))])
        case .text: return Question(id: id, kind: kind, text: t("Расскажите подробнее", "Tell us more"))
        }
    }
}
