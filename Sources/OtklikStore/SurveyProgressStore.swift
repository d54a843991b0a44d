import Foundation
import OtklikCore

/// How far customers got through surveys answered one question per screen.
public protocol SurveyProgressStore: Sendable {
    /// Records how far a form got: the question last answered and the answers so far. Idempotent per key
    /// (the latest screen wins); a completed form stays complete.
    func recordProgress(formKey: String, survey: Survey.ID, reached: String, answers: [String: AnswerValue], at: Date) async throws
    func completeProgress(formKey: String, survey: Survey.ID, at: Date) async throws
    /// Forms of the survey: how many were started and, for those left unfinished, how many stopped after
    /// each question (by question id).
    func dropOff(survey: Survey.ID) async throws -> SurveyDropOff
}

/// Where customers leave a survey answered one question per screen.
public struct SurveyDropOff: Sendable, Hashable {
    /// Forms with at least one screen answered, finished or not.
    public var started: Int
    public var completed: Int
    /// Unfinished forms by the last question answered.
    public var leftAfter: [String: Int]

    public init(started: Int, completed: Int, leftAfter: [String: Int]) {
        self.started = started
        self.completed = completed
        self.leftAfter = leftAfter
    }
}
