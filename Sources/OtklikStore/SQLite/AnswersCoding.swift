import Foundation
import OtklikCore

/// How answers and tags sit in their TEXT columns: compact JSON, written by hand because imports write
/// millions of them and a general encoder costs microseconds each.
enum AnswersCoding {
    /// `{"csat":4,"nps":9,"why":"speed"}` with keys sorted.
    static func encode(_ answers: [String: AnswerValue]) -> String {
        var out = "{"
        for (i, key) in answers.keys.sorted().enumerated() {
            if i > 0 { out += "," }
            appendString(key, to: &out)
            out += ":"
            switch answers[key]! {
            case .score(let value): out += String(value)
            case .text(let text): appendString(text, to: &out)
            case .choices(let choices): appendArray(choices, to: &out)
            }
        }
        return out + "}"
    }

    static func encode(tags: [String]) -> String {
        var out = ""
        appendArray(tags, to: &out)
        return out
    }

    static func decode(_ text: String) -> [String: AnswerValue] {
        (try? JSONDecoder().decode([String: AnswerValue].self, from: Data(text.utf8))) ?? [:]
    }

    static func decodeTags(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }

    private static func appendArray(_ values: [String], to out: inout String) {
        out += "["
        for (i, value) in values.enumerated() {
            if i > 0 { out += "," }
            appendString(value, to: &out)
        }
        out += "]"
    }

    /// A JSON string literal (RFC 8259 escaping).
    static func appendString(_ value: String, to out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
