import Foundation
import OtklikCore
import OtklikStore

/// Turns a client's `ResponseSubmission` into a `Response` ready to store, or the list of everything
/// wrong with it. One set of rules for the API, imports and survey pages.
extension CatalogSnapshot {
    /// - Parameters:
    ///   - pathSurvey: the survey named in the URL, which wins over (and must agree with) the body's.
    ///   - now: the time of receipt, used when the submission has no `submitted_at`.
    ///   - acceptClosed: imports of history may go into a closed survey (never a draft).
    public func prepare(
        _ submission: ResponseSubmission, pathSurvey: Survey.ID?, now: Date,
        defaultSource: Response.Source = .api, acceptClosed: Bool = false
    ) -> Result<Response, ValidationFailure> {
        var problems: [FieldProblem] = []
        func problem(_ field: String, _ code: String, _ message: String) {
            problems.append(FieldProblem(field: field, code: code, message: message))
        }
        if let pathSurvey, let bodySurvey = submission.surveyId, bodySurvey != pathSurvey {
            problem("survey_id", "mismatch", "survey_id \(bodySurvey) differs from survey \(pathSurvey) in the URL")
        }
        guard let surveyID = pathSurvey ?? submission.surveyId else {
            problem("survey_id", "required", "which survey is this response to?")
            return .failure(ValidationFailure(problems))
        }
        guard let survey = surveys[surveyID] else {
            problem("survey_id", "unknown_survey", "survey \(surveyID) does not exist")
            return .failure(ValidationFailure(problems))
        }
        // A multiple choice with nothing chosen is a skipped question: stored as absent, as a CSV cell says it.
        var answers = submission.answers
        if answers.values.contains(.choices([])) { answers = answers.filter { $0.value != .choices([]) } }
        problems += survey.problems(with: answers, comment: submission.comment)
            .filter { !(acceptClosed && $0.code == "survey_closed") }

        func check<T>(_ id: Identifier<T>?, in table: [Identifier<T>: some Any], field: String) {
            if let id, table[id] == nil { problem(field, "unknown_reference", "\(id) does not exist") }
        }
        check(submission.touchpointId, in: touchpoints, field: "touchpoint_id")
        check(submission.locationId, in: locations, field: "location_id")
        check(submission.employeeId, in: employees, field: "employee_id")
        check(submission.segmentId, in: segments, field: "segment_id")
        check(submission.channelId, in: channels, field: "channel_id")
        check(submission.customerId, in: customerSegments, field: "customer_id")
        // An employee of one branch cannot be credited with another branch's answers.
        if let employee = submission.employeeId, let location = submission.locationId,
            !self.employee(employee, canServeAt: location)
        {
            problem(
                "employee_id", "wrong_location",
                "employee \(employee) works at location \(employees[employee]?.locationId?.rawValue ?? 0), not \(location)")
        }
        var channelID = submission.channelId
        if let code = submission.channel {
            if let id = channelByCode[code] {
                if let given = channelID, given != id { problem("channel", "mismatch", "channel \"\(code)\" is not channel_id \(given)") }
                channelID = id
            } else {
                problem(
                    "channel", "unknown_reference",
                    "no channel has code \"\(code)\"; known: \(channelByCode.keys.sorted().joined(separator: ", "))")
            }
        }
        let submittedAt = submission.submittedAt ?? now
        if submittedAt.timeIntervalSince1970 < 946_684_800 {
            problem("submitted_at", "out_of_range", "dates before 2000-01-01 are not accepted")
        } else if submittedAt.timeIntervalSince(now) > 86_400 {
            problem("submitted_at", "in_future", "the date is more than a day in the future")
        }
        // A NUL byte would cut the text short on its way back from the store: refused, never truncated.
        func refuseNUL(_ text: String?, _ field: @autoclosure () -> String) {
            if let text, text.utf8.contains(0) { problem(field(), "invalid_character", "NUL characters (U+0000) are not accepted") }
        }
        refuseNUL(submission.comment, "comment")
        refuseNUL(submission.orderId, "order_id")
        refuseNUL(submission.idempotencyKey, "idempotency_key")
        for tag in submission.tags ?? [] { refuseNUL(tag, "tags") }
        for (question, answer) in answers {
            switch answer {
            case .text(let text): refuseNUL(text, "answers/\(question)")
            case .choices(let choices): for choice in choices { refuseNUL(choice, "answers/\(question)") }
            case .score: break
            }
        }
        let limit = ResponseSubmission.maxKeyBytes
        if let key = submission.idempotencyKey, key.isEmpty || key.utf8.count > limit {
            problem("idempotency_key", "invalid", "an idempotency key has 1–\(limit) bytes")
        }
        if let order = submission.orderId, order.utf8.count > limit {
            problem("order_id", "too_long", "at most \(limit) bytes")
        }
        let tags = submission.tags ?? []
        // "|" separates tags in a CSV cell: a tag holding one would come back from an export as two; ","
        // separates the tags of a filter (`tag=vip,table:12`): a tag holding one could not be asked for.
        if tags.count > 20 || tags.contains(where: { $0.isEmpty || $0.utf8.count > 64 || $0.contains("|") || $0.contains(",") }) {
            problem("tags", "invalid", "at most 20 tags of 1–64 bytes each, without \"|\" or \",\"")
        }
        guard problems.isEmpty else { return .failure(ValidationFailure(problems)) }

        // The segment comes from the customer when the client does not say.
        let segmentID = submission.segmentId ?? submission.customerId.flatMap { customerSegments[$0] ?? nil }
        // A comment of only white space is no comment. (Checked scalar by scalar, stopping at the first
        // letter: Foundation's trimming, bridged through NSString, was 2% of single-response ingest.)
        let comment = submission.comment.flatMap { $0.unicodeScalars.allSatisfy(\.properties.isWhitespace) ? nil : $0 }
        return .success(
            Response(
                id: Identifier(0), surveyId: surveyID, submittedAt: submittedAt, answers: answers,
                comment: comment,
                context: ResponseContext(
                    touchpointId: submission.touchpointId, locationId: submission.locationId,
                    employeeId: submission.employeeId, channelId: channelID, customerId: submission.customerId,
                    segmentId: segmentID, orderId: submission.orderId, tags: tags),
                source: submission.source ?? defaultSource, idempotencyKey: submission.idempotencyKey))
    }
}
