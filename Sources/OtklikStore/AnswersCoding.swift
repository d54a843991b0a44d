import Foundation
import OtklikCore

/// How answers and tags sit in their TEXT columns: compact JSON, written by hand because imports write
/// millions of them and a general encoder costs microseconds each.
public enum AnswersCoding {
    /// `{"csat":4,"nps":9,"why":"speed"}` with keys sorted.
    public static func encode(_ answers: [String: AnswerValue]) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(16 * answers.count + 2)
        for (i, (key, value)) in answers.sorted(by: { $0.key < $1.key }).enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            switch value {
            case .score(let value): out.append(contentsOf: String(value).utf8)
            case .text(let text): appendString(text, to: &out)
            case .choices(let choices): appendArray(choices, to: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// The stored text of `answers`: nothing when they are exactly the scores the score columns beside them
    /// hold, each under its metric's name (`{"nps":9}`, `{"ces":5,"csat":3,"nps":8}`: most answers, imported
    /// or asked by the usual surveys), else their JSON. The columns give them back (`decode(_:scores:)`): 19 of
    /// the 136 bytes a response took in the database at 10M, and no JSON written per response.
    public static func encode(_ answers: [String: AnswerValue], scores: MetricScores) -> String {
        areHeld(answers, by: scores) ? "" : encode(answers)
    }

    /// The answers stored by `encode(_:scores:)` as `text`, beside the row's `scores`.
    public static func decode(_ text: String, scores: MetricScores) -> [String: AnswerValue] {
        text.isEmpty ? answers(heldBy: scores) : decode(text)
    }

    /// Each score the columns hold as an answer under its metric's name. What this gives for given scores
    /// must never change: rows written as nothing are read back through it.
    public static func answers(heldBy scores: MetricScores) -> [String: AnswerValue] {
        var answers: [String: AnswerValue] = [:]
        for metric in MetricKind.allCases where scores[metric] != ResponseFacts.skipped {
            answers[metric.rawValue] = .score(Int(scores[metric]))
        }
        return answers
    }

    /// `answers == answers(heldBy: scores)`, without making the dictionary (this runs for every response
    /// written).
    static func areHeld(_ answers: [String: AnswerValue], by scores: MetricScores) -> Bool {
        var held = 0
        for column in 0..<MetricScores.slots where scores[column: column] != ResponseFacts.skipped { held += 1 }
        guard answers.count == held else { return false }
        for (key, value) in answers {
            guard case .score(let score) = value, let metric = MetricKind(rawValue: key), scores[metric] != ResponseFacts.skipped,
                Int(scores[metric]) == score
            else { return false }
        }
        return true
    }

    public static func encode(tags: [String]) -> String {
        var out: [UInt8] = []
        appendArray(tags, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [String: AnswerValue] {
        (try? JSONDecoder().decode([String: AnswerValue].self, from: Data(text.utf8))) ?? [:]
    }

    public static func decodeTags(_ text: String) -> [String] {
        var text = text
        return text.withUTF8(decodeTags)
    }

    /// Tags from the bytes of their JSON array. The index reads every tagged response's at start, so the
    /// usual form (`["vip","table:3"]`, no escapes) is split by hand; anything else goes to the JSON decoder.
    public static func decodeTags(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var tags: [String] = []
        var i = 0
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        func skipSpaces() { while i < bytes.count && isSpace(bytes[i]) { i += 1 } }
        func fallback() -> [String] {
            (try? JSONDecoder().decode([String].self, from: Data(buffer: bytes))) ?? []
        }
        skipSpaces()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { return fallback() }
        i += 1
        skipSpaces()
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") { return [] }
        while true {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return fallback() }
            let start = i + 1
            i = start
            while i < bytes.count && bytes[i] != UInt8(ascii: "\"") {
                guard bytes[i] != UInt8(ascii: "\\") else { return fallback() }
                i += 1
            }
            guard i < bytes.count else { return fallback() }
            tags.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
            i += 1
            skipSpaces()
            guard i < bytes.count else { return fallback() }
            if bytes[i] == UInt8(ascii: "]") { return tags }
            guard bytes[i] == UInt8(ascii: ",") else { return fallback() }
            i += 1
            skipSpaces()
        }
    }

    private static func appendArray(_ values: [String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendString(value, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// A JSON string literal (RFC 8259 escaping), byte by byte: UTF-8 passes through as it is.
    public static func appendString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
