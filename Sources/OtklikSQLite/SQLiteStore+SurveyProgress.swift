import Foundation
import GRDB
import OtklikCore
import OtklikStore

/// Partial answers of surveys asked one question per screen, and the drop-off counted from them.
extension SQLiteStore {
    public func recordProgress(
        formKey: String, survey: Survey.ID, reached: String, answers: [String: AnswerValue],
        at: Date
    ) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO survey_progress (form_key, survey_id, reached, answers, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(form_key) DO UPDATE SET reached = excluded.reached, answers = excluded.answers,
                        updated_at = excluded.updated_at WHERE complete = 0
                    """,
                arguments: [
                    formKey, survey.rawValue, reached, AnswersCoding.encode(answers),
                    Int64(at.timeIntervalSince1970.rounded(.down)),
                ])
        }
    }

    public func completeProgress(formKey: String, survey: Survey.ID, at: Date) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO survey_progress (form_key, survey_id, reached, answers, complete, updated_at) VALUES (?, ?, '', '{}', 1, ?)
                    ON CONFLICT(form_key) DO UPDATE SET complete = 1, updated_at = excluded.updated_at
                    """, arguments: [formKey, survey.rawValue, Int64(at.timeIntervalSince1970.rounded(.down))])
        }
    }

    public func dropOff(survey: Survey.ID) async throws -> SurveyDropOff {
        try await writer.read { db in
            var started = 0
            var completed = 0
            var leftAfter: [String: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT reached, complete, count(*) AS n FROM survey_progress WHERE survey_id = ? GROUP BY reached, complete",
                arguments: [survey.rawValue])
            {
                let n: Int = row["n"]
                started += n
                if (row["complete"] as Int) == 1 { completed += n } else { leftAfter[row["reached"], default: 0] += n }
            }
            return SurveyDropOff(started: started, completed: completed, leftAfter: leftAfter)
        }
    }
}
