import Foundation
import OtklikCore
import Testing

@testable import OtklikServer

/// The fast decoder must return exactly what JSONDecoder returns, or nil (then JSONDecoder decides).
@Suite("Fast submission decoder")
struct FastSubmissionDecoderTests {
    static let decoder = JSONCoding.makeDecoder()
    static let encoder = JSONCoding.makeEncoder()

    static func fast(_ text: String) -> ResponseSubmission? {
        Array(text.utf8).withUnsafeBytes(FastSubmissionDecoder.decodeObject)
    }

    static func slow(_ text: String) -> ResponseSubmission? {
        try? decoder.decode(ResponseSubmission.self, from: Data(text.utf8))
    }

    static let strings = [
        "", "Быстро и вежливо", "quote \" and \\ backslash", "line\nbreak\ttab", "emoji 👍🏽", "/slash",
        "ё Ё № «»", "\u{1}control", "ключ",
    ]

    static func randomSubmission(_ random: inout SeededRandom) -> ResponseSubmission {
        var answers: [String: AnswerValue] = [:]
        for key in ["nps", "csat", "why", "choices", "ключ"] where random.chance(0.6) {
            switch random.next() % 3 {
            case 0: answers[key] = .score(Int(Int64(bitPattern: random.next()) % 1_000))
            case 1: answers[key] = .text(random.pick(strings))
            default: answers[key] = .choices((0..<Int(random.next() % 3)).map { _ in random.pick(strings) })
            }
        }
        func maybe<T>(_ make: () -> T) -> T? { random.chance(0.5) ? make() : nil }
        func id() -> Int64 { Int64(1 + random.next() % 100_000) }
        return ResponseSubmission(
            surveyId: maybe { Identifier(id()) }, answers: answers, comment: maybe { random.pick(strings) },
            submittedAt: maybe { Date(timeIntervalSince1970: TimeInterval(1_600_000_000 + Int(random.next() % 200_000_000))) },
            touchpointId: maybe { Identifier(id()) }, locationId: maybe { Identifier(id()) },
            employeeId: maybe { Identifier(id()) }, channelId: maybe { Identifier(id()) },
            channel: maybe { random.pick(["website", "phone"]) }, customerId: maybe { Identifier(id()) },
            segmentId: maybe { Identifier(id()) }, orderId: maybe { random.pick(strings) },
            tags: maybe { [random.pick(strings), random.pick(strings)] }, source: maybe { random.pick(Response.Source.allCases) },
            idempotencyKey: maybe { random.pick(strings) + String(random.next()) })
    }

    @Test func randomSubmissionsDecodeLikeJSONDecoder() throws {
        var random = SeededRandom(seed: 11)
        var decodedFast = 0
        for round in 0..<3_000 {
            let submission = Self.randomSubmission(&random)
            var text = String(decoding: try Self.encoder.encode(submission), as: UTF8.self)
            if round % 3 == 1 {
                // The same object re-serialised: other whitespace, key order and escaping (\/).
                let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
                text = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted]), as: UTF8.self)
            }
            let slow = try #require(Self.slow(text), "JSONDecoder refused \(text)")
            let fast = Self.fast(text)
            if let fast {
                decodedFast += 1
                #expect(fast == slow, "\(text)")
            }
            // The array form gives the same items.
            let array = "[\(text), \(text)]"
            if let items = Array(array.utf8).withUnsafeBytes(FastSubmissionDecoder.decodeArray) {
                #expect(items == [slow, slow])
            }
        }
        #expect(decodedFast > 2_900)  // the fast path is the normal path
    }

    @Test func malformedOrUnusualInputIsLeftToJSONDecoder() {
        let valid = #"{"answers":{"nps":9,"why":"быстро"},"comment":"ok","touchpoint_id":3,"submitted_at":"2025-03-07T14:30:00+03:00"}"#
        #expect(Self.fast(valid) == Self.slow(valid))
        // Every truncation of a valid body: nil or exactly JSONDecoder's answer, never a crash.
        let bytes = Array(valid.utf8)
        for end in 0..<bytes.count {
            let prefix = String(decoding: bytes[0..<end], as: UTF8.self)
            if let fast = Self.fast(prefix) { #expect(fast == Self.slow(prefix)) }
        }
        let cases = [
            #"{"answers":{"nps":9.5}}"#, #"{"answers":{"nps":1e2}}"#, #"{"answers":{"nps":01}}"#,
            #"{"answers":{"nps":99999999999999999999}}"#, #"{"answers":{}, "answers":{}}"#, #"{"answers":{"a":1,"a":2}}"#,
            #"{"answers":{"nps":"\ud800"}}"#, #"{"answers":{"nps":"\x"}}"#, #"{"answers":{"nps":9}} trailing"#,
            #"{"answers":{"nps":9},"surveyId":1}"#, #"{"answers":{"nps":9},"unknown":{"deep":[1,2,{"x":null}]}}"#,
            #"{"answers":null}"#, #"{}"#, #"[]"#, #"{"answers":{"nps":9},"source":"fax"}"#,
            #"{"answers":{"nps":9},"submitted_at":"yesterday"}"#, #"{"answers":{"nps":9},"submitted_at":1.5e9}"#,
            #"{"answers":{"nps":9},"touchpoint_id":null,"tags":null,"comment":null}"#,
            #"{"answers":{"n\u0070s":-0}}"#, #"{"answers":{"nps":"😀\ud83d\ude00"}}"#,
        ]
        for text in cases {
            if let fast = Self.fast(text) { #expect(fast == Self.slow(text), "\(text)") }
        }
        #expect(Self.fast(#"{"answers":{"nps":9},"touchpoint_id":null,"tags":null}"#) != nil)
        #expect(Self.fast(#"{"answers":{"n\u0070s":-0}}"#)?.answers["nps"] == .score(0))
    }
}
