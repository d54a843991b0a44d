import Foundation
import OtklikCore

/// Reads `ResponseSubmission`s straight from JSON bytes, without Foundation's JSONDecoder (which took
/// half of the server's CPU on batch ingest). Strict: anything it does not fully understand — malformed
/// JSON, a duplicate key, a number where an integer is needed, an unknown source — returns nil, and the
/// caller decodes with JSONDecoder instead, which then explains the error. So whenever this returns a
/// value, it is the value JSONDecoder would return (a property test checks that).
enum FastSubmissionDecoder {
    /// One JSON object.
    static func decodeObject(_ bytes: UnsafeRawBufferPointer) -> ResponseSubmission? {
        var reader = Reader(bytes: bytes)
        reader.skipWhitespace()
        guard let submission = reader.submission() else { return nil }
        reader.skipWhitespace()
        return reader.atEnd ? submission : nil
    }

    /// A JSON array of objects.
    static func decodeArray(_ bytes: UnsafeRawBufferPointer) -> [ResponseSubmission]? {
        var reader = Reader(bytes: bytes)
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

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var i = 0

        var atEnd: Bool { i == bytes.count }

        mutating func skipWhitespace() {
            while i < bytes.count {
                let byte = bytes[i]
                guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
                i += 1
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard i < bytes.count, bytes[i] == byte else { return false }
            i += 1
            return true
        }

        mutating func takeLiteral(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard i + count <= bytes.count else { return false }
            for k in 0..<count where bytes[i + k] != literal.utf8Start[k] { return false }
            i += count
            return true
        }

        /// `null` (consumed) → true.
        mutating func null() -> Bool {
            skipWhitespace()
            return takeLiteral("null")
        }

        mutating func submission() -> ResponseSubmission? {
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

        static let keyBits: [String: UInt32] = Dictionary(uniqueKeysWithValues: [
            "answers", "survey_id", "touchpoint_id", "location_id", "employee_id", "channel_id", "customer_id", "segment_id",
            "comment", "channel", "order_id", "idempotency_key", "source", "tags", "submitted_at",
        ].enumerated().map { ($0.element, UInt32(1) << UInt32($0.offset)) })

        mutating func answers() -> [String: AnswerValue]? {
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

        mutating func strings() -> [String]? {
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

        mutating func optionalID<T>(_ target: inout Identifier<T>?) -> Bool {
            if null() { return true }
            guard let value = integer() else { return false }
            target = Identifier(value)
            return true
        }

        mutating func optionalString(_ target: inout String?) -> Bool {
            if null() { return true }
            guard let value = string() else { return false }
            target = value
            return true
        }

        /// A JSON integer without fraction or exponent, in Int64 range.
        mutating func integer() -> Int64? {
            let start = i
            let negative = take(UInt8(ascii: "-"))
            guard i < bytes.count, (0x30...0x39).contains(bytes[i]) else { return nil }
            if bytes[i] == 0x30, i + 1 < bytes.count, (0x30...0x39).contains(bytes[i + 1]) { return nil }  // 01
            var value: Int64 = 0
            while i < bytes.count, (0x30...0x39).contains(bytes[i]) {
                let digit = Int64(bytes[i] - 0x30)
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
                guard !o1, !o2 else { return nil }
                value = sum
                i += 1
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i = start
                return nil
            }
            return value
        }

        /// RFC 3339 text (as JSONCoding reads it) or Unix seconds.
        mutating func date() -> Date? {
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "\"") {
                guard let text = string() else { return nil }
                return JSONCoding.parseDate(text)
            }
            guard let seconds = integer(), abs(seconds) < 32_503_680_000 else { return nil }
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        }

        /// A JSON string; nil for bad escapes, lone surrogates or raw control characters.
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = i
            // Fast path: no escapes.
            while i < bytes.count {
                let byte = bytes[i]
                if byte == UInt8(ascii: "\"") {
                    let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                    i += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { return nil }
                i += 1
            }
            var out = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
            while i < bytes.count {
                let byte = bytes[i]
                i += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard i < bytes.count else { return nil }
                    let escape = bytes[i]
                    i += 1
                    switch escape {
                    case UInt8(ascii: "\""): out.append(0x22)
                    case UInt8(ascii: "\\"): out.append(0x5C)
                    case UInt8(ascii: "/"): out.append(0x2F)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        guard var scalar = hex4() else { return nil }
                        if (0xD800...0xDBFF).contains(scalar) {
                            guard takeLiteral("\\u"), let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(scalar) {
                            return nil
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { return nil }
                        out.append(contentsOf: String(unicode).utf8)
                    default: return nil
                    }
                default:
                    if byte < 0x20 { return nil }
                    out.append(byte)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard i + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[i]
                let digit: UInt8
                switch byte {
                case 0x30...0x39: digit = byte - 0x30
                case 0x41...0x46: digit = byte - 0x41 + 10
                case 0x61...0x66: digit = byte - 0x61 + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
                i += 1
            }
            return value
        }
    }
}
