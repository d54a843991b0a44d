/// One thing wrong with a piece of input, named by the field at fault. The API turns a list of these into
/// an RFC 9457 problem document; the CLI prints them with file, row and column.
public struct FieldProblem: Hashable, Sendable, Codable, Error, CustomStringConvertible {
    /// Path of the field at fault, JSON-pointer-like without the leading slash ("answers/nps", "survey_id").
    public var field: String
    /// Stable machine code ("out_of_range", "required", "unknown_question" …).
    public var code: String
    /// A sentence for a person.
    public var message: String

    public init(field: String, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// Input that failed validation, with every problem found (not only the first).
public struct ValidationFailure: Error, Sendable, Hashable {
    public var problems: [FieldProblem]
    public init(_ problems: [FieldProblem]) { self.problems = problems }
}

extension Survey {
    /// Checks a response's answers against this survey. Returns every problem; an empty list means valid.
    /// Skipped optional questions are fine; a live survey is required (draft and closed refuse answers).
    public func problems(with answers: [String: AnswerValue], comment: String?) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        switch status {
        case .live: break
        case .closed:
            problems.append(
                FieldProblem(
                    field: "survey_id", code: "survey_closed",
                    message: "survey \(id) is closed and no longer accepts answers"))
        case .draft:
            problems.append(
                FieldProblem(
                    field: "survey_id", code: "survey_draft",
                    message: "survey \(id) is a draft and does not accept answers yet"))
        }
        // (Sorted only when something is wrong: this runs for every response received.)
        if answers.keys.contains(where: { question($0) == nil }) {
            for key in answers.keys.sorted() where question(key) == nil {
                problems.append(
                    FieldProblem(
                        field: "answers/\(key)", code: "unknown_question",
                        message: "survey \(id) has no question \"\(key)\""))
            }
        }
        for question in questions {
            // A question its condition hides is neither required nor answerable.
            if let condition = question.showIf, !isShown(question, given: answers) {
                if answers[question.id] != nil {
                    problems.append(
                        FieldProblem(
                            field: "answers/\(question.id)", code: "hidden_by_logic",
                            message: "this question is asked only when \"\(condition.question)\" is answered so; it was not"))
                }
                continue
            }
            // The field's name is made only for a problem: this loop runs for every response received.
            guard let answer = answers[question.id] else {
                if question.required {
                    problems.append(FieldProblem(field: "answers/\(question.id)", code: "required", message: "an answer is required"))
                }
                continue
            }
            if let problem = question.problem(with: answer) {
                problems.append(FieldProblem(field: "answers/\(question.id)", code: problem.code, message: problem.message))
            }
        }
        if let comment, comment.utf8.count > Self.maxCommentBytes {
            problems.append(
                FieldProblem(
                    field: "comment", code: "too_long",
                    message: "a comment may have at most \(Self.maxCommentBytes) bytes"))
        }
        return problems
    }

    /// Comments longer than this are refused rather than truncated: nothing a customer wrote is cut silently.
    public static let maxCommentBytes = 10_000
}

extension Question {
    /// Why an answer does not fit this question, or nil when it does.
    public func problem(with answer: AnswerValue) -> (code: String, message: String)? {
        if let range = scoreRange {
            guard case .score(let value) = answer else {
                return ("wrong_type", "expected an integer from \(range.lowerBound) to \(range.upperBound)")
            }
            guard range.contains(value) else {
                return ("out_of_range", "\(value) is outside \(range.lowerBound)…\(range.upperBound)")
            }
            if kind == .ces, cesVerbal == true, !Question.verbalCESScores.contains(value) {
                return ("out_of_range", "a verbal CES answer is 1, 3, 5 or 7 (hard … couldn't be easier)")
            }
            return nil
        }
        let known = Set((options ?? []).map(\.id))
        switch (kind, answer) {
        case (.singleChoice, .text(let choice)):
            return known.contains(choice) ? nil : ("unknown_option", "\"\(choice)\" is not one of the options")
        case (.multipleChoice, .choices(let choices)):
            if let bad = choices.first(where: { !known.contains($0) }) {
                return ("unknown_option", "\"\(bad)\" is not one of the options")
            }
            return Set(choices).count == choices.count ? nil : ("duplicate_option", "an option is chosen twice")
        case (.text, .text(let text)):
            return text.utf8.count <= Survey.maxCommentBytes
                ? nil : ("too_long", "at most \(Survey.maxCommentBytes) bytes")
        case (.singleChoice, _): return ("wrong_type", "expected one option id (a string)")
        case (.multipleChoice, _): return ("wrong_type", "expected an array of option ids")
        default: return ("wrong_type", "expected text")
        }
    }
}

extension Survey {
    /// Problems in the survey definition itself (duplicate question ids, choice questions without options …).
    public var definitionProblems: [FieldProblem] {
        // The title is a name (NameRule); `normalizeNames` stores it trimmed, this only reports.
        var copy = self
        var problems = copy.normalizeNames()
        var seen = Set<String>()
        for (index, question) in questions.enumerated() {
            let field = "questions/\(index)"
            if question.id.isEmpty || question.id.utf8.count > 64
                || !question.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
            {
                problems.append(
                    FieldProblem(
                        field: "\(field)/id", code: "invalid",
                        message: "a question id is 1–64 latin letters, digits, _ or -"))
            }
            if !seen.insert(question.id).inserted {
                problems.append(
                    FieldProblem(
                        field: "\(field)/id", code: "duplicate",
                        message: "question id \"\(question.id)\" is used twice"))
            }
            if question.text.ru.isEmpty && question.text.en.isEmpty {
                problems.append(FieldProblem(field: "\(field)/text", code: "required", message: "a question needs text"))
            }
            if let scale = question.csatScale, question.kind == .csat, let problem = scale.problem {
                problems.append(FieldProblem(field: "\(field)/csat_scale", code: "invalid", message: problem))
            }
            if question.kind == .singleChoice || question.kind == .multipleChoice {
                let options = question.options ?? []
                if options.count < 2 {
                    problems.append(
                        FieldProblem(
                            field: "\(field)/options", code: "required",
                            message: "a choice question needs at least two options"))
                }
                if Set(options.map(\.id)).count != options.count {
                    problems.append(
                        FieldProblem(
                            field: "\(field)/options", code: "duplicate",
                            message: "option ids must be unique"))
                }
            }
        }
        if questions.isEmpty {
            problems.append(FieldProblem(field: "questions", code: "required", message: "a survey needs a question"))
        }
        return problems + logicProblems()
    }
}
