/// Survey logic: a question shown only when an earlier answer fits — a score in a band («что нам
/// исправить?» after an NPS of 0–6) or one of some options. A question its condition hides is not asked,
/// not required, may not be answered, and so counts in no denominator.
public struct DisplayCondition: Hashable, Sendable, Codable {
    /// The earlier question whose answer decides.
    public var question: String
    /// For a scored question: the band of scores that shows this one (both ends included).
    public var scoreMin: Int?
    public var scoreMax: Int?
    /// For a choice question: the options that show this one (any of them).
    public var options: [String]?

    public init(question: String, scores: ClosedRange<Int>) {
        self.question = question
        scoreMin = scores.lowerBound
        scoreMax = scores.upperBound
    }

    public init(question: String, options: [String]) {
        self.question = question
        self.options = options
    }

    /// Whether `answer` (the earlier question's, nil when skipped) shows the question. A skipped answer
    /// shows nothing: the follow-up to a low score is for those who gave one.
    public func holds(for answer: AnswerValue?) -> Bool {
        switch answer {
        case .score(let score)?:
            guard scoreMin != nil || scoreMax != nil else { return false }
            return score >= (scoreMin ?? Int.min) && score <= (scoreMax ?? Int.max)
        case .text(let choice)?: return options?.contains(choice) ?? false
        case .choices(let choices)?: return choices.contains { options?.contains($0) ?? false }
        case nil: return false
        }
    }
}

extension Survey {
    /// Whether `question` is asked, given the answers so far. A condition on a question that is itself
    /// hidden does not hold (conditions chain); conditions only look back, so this ends.
    public func isShown(_ question: Question, given answers: [String: AnswerValue]) -> Bool {
        guard let condition = question.showIf else { return true }
        guard let source = self.question(condition.question), source.id != question.id,
            isShown(source, given: answers)
        else { return false }
        return condition.holds(for: answers[condition.question])
    }

    /// The questions asked, in order, given the answers so far.
    public func shownQuestions(given answers: [String: AnswerValue]) -> [Question] {
        questions.filter { isShown($0, given: answers) }
    }

    /// Whether any question has a condition.
    public var hasLogic: Bool { questions.contains { $0.showIf != nil } }

    /// One question per screen on the web: when chosen, and always with logic (the server decides what comes
    /// next, so it works without JavaScript).
    public var asksOnePerScreen: Bool { onePerScreen || hasLogic }

    /// The next question asked after position `index` (in `questions`), given the answers so far.
    public func nextShown(after index: Int, given answers: [String: AnswerValue]) -> Int? {
        questions.indices.first { $0 > index && isShown(questions[$0], given: answers) }
    }

    /// The question asked before position `index`.
    public func previousShown(before index: Int, given answers: [String: AnswerValue]) -> Int? {
        questions.indices.last { $0 < index && isShown(questions[$0], given: answers) }
    }

    /// Problems in the conditions: each must look back at an earlier question and fit it.
    func logicProblems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        for (index, question) in questions.enumerated() {
            guard let condition = question.showIf else { continue }
            let field = "questions/\(index)/show_if"
            guard let sourceIndex = questions.firstIndex(where: { $0.id == condition.question }), sourceIndex < index else {
                problems.append(
                    FieldProblem(
                        field: field, code: "invalid",
                        message: "a condition looks back at an earlier question of the survey"))
                continue
            }
            let source = questions[sourceIndex]
            if let range = source.scoreRange {
                let low = condition.scoreMin ?? range.lowerBound
                let high = condition.scoreMax ?? range.upperBound
                if condition.scoreMin == nil && condition.scoreMax == nil || low > high || !range.contains(low) || !range.contains(high) {
                    problems.append(
                        FieldProblem(
                            field: field, code: "invalid",
                            message: "a band of scores within \(range.lowerBound)…\(range.upperBound), min ≤ max"))
                }
            } else if source.kind == .singleChoice || source.kind == .multipleChoice {
                let known = Set((source.options ?? []).map(\.id))
                if (condition.options ?? []).isEmpty || !(condition.options ?? []).allSatisfy(known.contains) {
                    problems.append(FieldProblem(field: field, code: "invalid", message: "one or more of the question's options"))
                }
            } else {
                problems.append(
                    FieldProblem(
                        field: field, code: "invalid",
                        message: "a condition needs a scored or choice question to look at"))
            }
        }
        return problems
    }
}
