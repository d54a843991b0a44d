import Foundation
import OtklikCore

/// Reads `ResponseSubmission`s straight from JSON bytes, without Foundation's JSONDecoder (which took
/// half of the server's CPU on batch ingest). Strict: anything it does not fully understand — malformed
/// JSON, a duplicate key, a number where an integer is needed, an unknown source — returns nil, and the
/// caller takes the slow path instead, which then explains the error (a duplicate key as `duplicate_key`,
/// the rest through JSONDecoder). So whenever this returns a
/// value, it is the value JSONDecoder would return (a property test checks that).
enum FastSubmissionDecoder {
    /// One JSON object.
    static func decodeObject(_ bytes: UnsafeRawBufferPointer) -> ResponseSubmission? {
        var reader = JSONByteReader(bytes: bytes)
        reader.skipWhitespace()
        guard let submission = reader.submission() else { return nil }
        reader.skipWhitespace()
        return reader.atEnd ? submission : nil
    }

    /// A JSON array of objects.
    static func decodeArray(_ bytes: UnsafeRawBufferPointer) -> [ResponseSubmission]? {
        var reader = JSONByteReader(bytes: bytes)
        reader.skipWhitespace()
        guard reader.take(UInt8(ascii: "[")) else { return nil }
        var items: [ResponseSubmission] = []
        reader.skipWhitespace()
        if reader.take(UInt8(ascii: "]")) {
            reader.skipWhitespace()
            return reader.atEnd ? items : nil
        }
        while true {
            reader.skipWhitespace()
            guard let item = reader.submission() else { return nil }
            items.append(item)
            reader.skipWhitespace()
            if reader.take(UInt8(ascii: ",")) { continue }
            guard reader.take(UInt8(ascii: "]")) else { return nil }
            reader.skipWhitespace()
            return reader.atEnd ? items : nil
        }
    }
}

/// The parts of a submission, read by the fast decoder.
extension JSONByteReader {
    fileprivate mutating func submission() -> ResponseSubmission? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var submission = ResponseSubmission(answers: [:])
        var seen: UInt32 = 0  // one bit per known key: a repeated key goes to JSONDecoder
        var hasAnswers = false
        skipWhitespace()
        if take(UInt8(ascii: "}")) { return nil }  // no answers: JSONDecoder's error
        while true {
            skipWhitespace()
            guard let key = string(), let bit = Self.keyBits[key], seen & bit == 0 else { return nil }
            seen |= bit
            skipWhitespace()
            guard take(UInt8(ascii: ":")) else { return nil }
            skipWhitespace()
            switch key {
            case "answers":
                guard let answers = answers() else { return nil }
                submission.answers = answers
                hasAnswers = true
            case "survey_id": guard optionalID(&submission.surveyId) else { return nil }
            case "touchpoint_id": guard optionalID(&submission.touchpointId) else { return nil }
            case "location_id": guard optionalID(&submission.locationId) else { return nil }
            case "employee_id": guard optionalID(&submission.employeeId) else { return nil }
            case "channel_id": guard optionalID(&submission.channelId) else { return nil }
            case "customer_id": guard optionalID(&submission.customerId) else { return nil }
            case "segment_id": guard optionalID(&submission.segmentId) else { return nil }
            case "comment": guard optionalString(&submission.comment) else { return nil }
            case "channel": guard optionalString(&submission.channel) else { return nil }
            case "order_id": guard optionalString(&submission.orderId) else { return nil }
            case "idempotency_key": guard optionalString(&submission.idempotencyKey) else { return nil }
            case "source":
                var text: String?
                guard optionalString(&text) else { return nil }
                if let text {
                    guard let source = Response.Source(rawValue: text) else { return nil }
                    submission.source = source
                }
            case "tags":
                if !null() {
                    guard let tags = strings() else { return nil }
                    submission.tags = tags
                }
            case "submitted_at":
                if !null() {
                    guard let date = date() else { return nil }
                    submission.submittedAt = date
                }
            default:
                // A key JSONDecoder would not map (or maps differently, e.g. camelCase): let it decide.
                return nil
            }
            skipWhitespace()
            if take(UInt8(ascii: ",")) { continue }
            guard take(UInt8(ascii: "}")), hasAnswers else { return nil }
            return submission
        }
    }

    fileprivate static let keyBits: [String: UInt32] = Dictionary(
        uniqueKeysWithValues: [
            "answers", "survey_id", "touchpoint_id", "location_id", "employee_id", "channel_id", "customer_id", "segment_id",
            "comment", "channel", "order_id", "idempotency_key", "source", "tags", "submitted_at",
        ].enumerated().map { ($0.element, UInt32(1) << UInt32($0.offset)) })

    fileprivate mutating func answers() -> [String: AnswerValue]? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var answers: [String: AnswerValue] = [:]
        skipWhitespace()
        if take(UInt8(ascii: "}")) { return answers }
        while true {
            skipWhitespace()
            guard let key = string() else { return nil }
            skipWhitespace()
            guard take(UInt8(ascii: ":")) else { return nil }
            skipWhitespace()
            guard i < bytes.count else { return nil }
            let value: AnswerValue
            switch bytes[i] {
            case UInt8(ascii: "\""):
                guard let text = string() else { return nil }
                value = .text(text)
            case UInt8(ascii: "["):
                guard let choices = strings() else { return nil }
                value = .choices(choices)
            default:
                guard let number = integer(), let score = Int(exactly: number) else { return nil }
                value = .score(score)
            }
            // A repeated question: JSONDecoder decides what that means.
            if answers.updateValue(value, forKey: key) != nil { return nil }
            skipWhitespace()
            if take(UInt8(ascii: ",")) { continue }
            guard take(UInt8(ascii: "}")) else { return nil }
            return answers
        }
    }

    fileprivate mutating func strings() -> [String]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var items: [String] = []
        skipWhitespace()
        if take(UInt8(ascii: "]")) { return items }
        while true {
            skipWhitespace()
            guard let item = string() else { return nil }
            items.append(item)
            skipWhitespace()
            if take(UInt8(ascii: ",")) { continue }
            guard take(UInt8(ascii: "]")) else { return nil }
            return items
        }
    }

    fileprivate mutating func optionalID<T>(_ target: inout Identifier<T>?) -> Bool {
        if null() { return true }
        guard let value = integer() else { return false }
        target = Identifier(value)
        return true
    }

    fileprivate mutating func optionalString(_ target: inout String?) -> Bool {
        if null() { return true }
        guard let value = string() else { return false }
        target = value
        return true
    }

    /// RFC 3339 text (as JSONCoding reads it) or Unix seconds.
    fileprivate mutating func date() -> Date? {
        guard i < bytes.count else { return nil }
        if bytes[i] == UInt8(ascii: "\"") {
            guard let text = string() else { return nil }
            return JSONCoding.parseDate(text)
        }
        guard let seconds = integer(), abs(seconds) < 32_503_680_000 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
