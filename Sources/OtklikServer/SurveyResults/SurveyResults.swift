import Foundation
import OtklikCore
import OtklikStore

/// A survey's answers summarised question by question: scores as a distribution, choices as counts with
/// the share's 95% interval, free text searchable, the maturity self-diagnosis by level. Each question
/// counts over the respondents it was asked of (survey logic hides follow-ups from the rest), so "answered
/// 40 of 52" means skipped by 12, not hidden from everyone else.
struct SurveyResults: Sendable {
    var survey: Survey
    /// Responses read (within the period and the viewer's scope).
    var responses: Int
    /// True when more responses matched than one page summarises (the newest `limit` were read).
    var truncated: Bool
    var questions: [QuestionResult]
    /// The self-diagnosis only: respondents by level.
    var maturity: [MaturityDiagnosis.Level: Int]?
    /// Forms started on the web one question per screen, finished or left (all time, every branch: a form
    /// left unfinished has no branch yet).
    var dropOff: SurveyDropOff?

    struct QuestionResult: Sendable {
        var question: Question
        /// Responses this question was asked in (shown by the survey's logic).
        var asked: Int
        var answered: Int
        var detail: Detail
    }

    enum Detail: Sendable {
        /// Count per score over the question's range.
        case scores([Int: Int], range: ClosedRange<Int>, mean: Double?)
        /// Per option: respondents who chose it, and the share's interval (percent of those who answered).
        case choices([(option: Question.Option, count: Int, share: Double, interval: Interval?)])
        /// Free text: the matching answers, newest first (at most `textsShown`).
        case texts(matching: Int, shown: [(text: String, at: Date)])
    }

    static let textsShown = 30

    /// - Parameter responses: newest first.
    static func summarise(_ survey: Survey, responses: [Response], textSearch: String?, truncated: Bool) -> SurveyResults {
        let search = textSearch?.trimmingCharacters(in: .whitespaces).lowercased()
        var questions: [QuestionResult] = []
        for question in survey.questions {
            var asked = 0
            var answered = 0
            var scores: [Int: Int] = [:]
            var choices: [String: Int] = [:]
            var texts: [(String, Date)] = []
            var matching = 0
            for response in responses where survey.isShown(question, given: response.answers) {
                asked += 1
                guard let answer = response.answers[question.id] else { continue }
                answered += 1
                switch answer {
                case .score(let score): scores[score, default: 0] += 1
                case .text(let text) where question.kind == .text:
                    if search.map({ text.lowercased().contains($0) }) ?? true {
                        matching += 1
                        if texts.count < textsShown { texts.append((text, response.submittedAt)) }
                    }
                case .text(let choice): choices[choice, default: 0] += 1
                case .choices(let chosen): for choice in Set(chosen) { choices[choice, default: 0] += 1 }
                }
            }
            let detail: Detail
            if let range = question.scoreRange {
                let total = scores.values.reduce(0, +)
                let mean = total == 0 ? nil : Double(scores.reduce(0) { $0 + $1.key * $1.value }) / Double(total)
                detail = .scores(scores, range: range, mean: mean)
            } else if question.kind == .text {
                detail = .texts(matching: matching, shown: texts)
            } else {
                detail = .choices(
                    (question.options ?? []).map { option in
                        let count = choices[option.id] ?? 0
                        return (
                            option, count, answered == 0 ? 0 : 100 * Double(count) / Double(answered),
                            Intervals.adjustedWaldProportion(successes: count, n: answered)?.interval
                        )
                    })
            }
            questions.append(QuestionResult(question: question, asked: asked, answered: answered, detail: detail))
        }
        var maturity: [MaturityDiagnosis.Level: Int]?
        if survey.template == MaturityDiagnosis.templateID {
            var levels: [MaturityDiagnosis.Level: Int] = [:]
            for response in responses {
                if let level = MaturityDiagnosis.result(response.answers)?.level { levels[level, default: 0] += 1 }
            }
            maturity = levels
        }
        return SurveyResults(survey: survey, responses: responses.count, truncated: truncated, questions: questions, maturity: maturity)
    }
}
