import Foundation
import OtklikCore
import PropertyBased
import Testing

@testable import OtklikServer

/// `ResponseJSON` writes what `JSONEncoder` with the API's convention (`JSONCoding.makeEncoder()`) wrote for a
/// response and a page of them: checked against the encoder on random responses — every optional field present
/// or not, answers of every kind under ids in any script, strings with quotes, backslashes, slashes, control
/// characters and emoji, times from year 1 to 9999 and fractions of a second.
@Suite("Responses as JSON")
struct ResponseJSONTests {
    /// The page as `GET /api/v1/responses` encoded it through `JSONEncoder`.
    struct EncodedPage: Encodable {
        var items: [OtklikCore.Response]
        var nextCursor: Int64?
    }

    /// Characters both escape alike, and the ones they escape differently (`expectSame`).
    static let alike: [String] = [
        "a", "Z", "7", "_", "-", " ", "ж", "Ё", "é", "e\u{301}", "/", "\"", "\\", "\n", "\r", "\t", "\u{1}", "\u{1f}", "\u{7f}",
        "😀", "👍🏽", "中", "=",
    ]
    static let unlike = ["\u{8}", "\u{c}", "\u{2028}", "\u{2029}"]

    /// Half the seeds draw from `alike` alone, so that their output is compared byte for byte.
    static func text(_ random: inout SeededRandom, most: Int = 6, alikeOnly: Bool) -> String {
        let alphabet = alikeOnly ? alike : alike + unlike
        return String(
            (0..<Int(random.next() % UInt64(most + 1))).map { _ in Character(alphabet[Int(random.next() % UInt64(alphabet.count))]) })
    }

    static func response(_ random: inout SeededRandom, alikeOnly: Bool) -> OtklikCore.Response {
        func text(_ random: inout SeededRandom, most: Int = 6) -> String { Self.text(&random, most: most, alikeOnly: alikeOnly) }
        func maybe<T>(_ make: () -> T) -> T? { random.next() % 3 == 0 ? nil : make() }
        func id<T>() -> Identifier<T>? { random.next() % 3 == 0 ? nil : Identifier(Int64(random.next() % 70_000)) }
        var answers: [String: AnswerValue] = [:]
        for _ in 0..<Int(random.next() % 5) {
            let value: AnswerValue
            switch random.next() % 3 {
            case 0: value = .score(Int(truncatingIfNeeded: random.next() % 2_000) - 1_000)
            case 1: value = .text(text(&random))
            default: value = .choices((0..<Int(random.next() % 3)).map { _ in text(&random, most: 3) })
            }
            answers[text(&random, most: 4)] = value
        }
        // Whole seconds mostly (every stored time), from year 1 to 9999; fractions and the far ends now and then.
        let seconds: Double
        switch random.next() % 10 {
        case 0: seconds = Double(Int64(random.next() % 400_000_000_000)) - 62_135_596_800 + random.unit()
        case 1: seconds = [-62_135_596_800, 253_402_300_799, -1, 0, 1_740_000_000.5][Int(random.next() % 5)]
        default: seconds = Double(Int64(random.next() % 315_537_897_600)) - 62_135_596_800
        }
        return OtklikCore.Response(
            id: Identifier(Int64(random.next() % 1_000_000_000)), surveyId: Identifier(Int64(random.next() % 100)),
            submittedAt: Date(timeIntervalSince1970: seconds), answers: answers, comment: maybe { text(&random, most: 12) },
            context: ResponseContext(
                touchpointId: id(), locationId: id(), employeeId: id(), channelId: id(), customerId: id(), segmentId: id(),
                orderId: maybe { text(&random) }, tags: (0..<Int(random.next() % 3)).map { _ in text(&random, most: 4) }),
            source: OtklikCore.Response.Source.allCases[Int(random.next() % UInt64(OtklikCore.Response.Source.allCases.count))],
            idempotencyKey: maybe { text(&random) })
    }

    /// Both as JSON values (numbers, strings, arrays and objects compared as such); and byte for byte where no
    /// string holds a character the two escape differently: the writer escapes U+2028 and U+2029 (for
    /// JavaScript readers) and writes \b and \f as \u0008 and \u000c.
    static func expectSame(_ written: [UInt8], _ encoded: Data, _ value: some Any) throws {
        let ours = try JSONSerialization.jsonObject(with: Data(written)) as? NSObject
        let theirs = try JSONSerialization.jsonObject(with: encoded) as? NSObject
        #expect(ours == theirs, "\(value)\n\(String(decoding: written, as: UTF8.self))\n\(String(decoding: encoded, as: UTF8.self))")
        let text = String(decoding: encoded, as: UTF8.self)
        if !unlike.contains(where: text.contains), !text.contains("\\b"), !text.contains("\\f") {
            #expect(String(decoding: written, as: UTF8.self) == text)
        }
    }

    @Test("a response and a page are written as the API's encoder wrote them")
    func writtenAsTheEncoderWroteThem() async throws {
        let encoder = JSONCoding.makeEncoder()
        await propertyCheck(count: 400, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SeededRandom(seed: UInt64(seed))
            let alikeOnly = seed % 2 == 0
            let response = Self.response(&random, alikeOnly: alikeOnly)
            var out = OutputBytes(capacity: 16)
            ResponseJSON.write(response, into: &out)
            let items = (0..<Int(random.next() % 4)).map { _ in Self.response(&random, alikeOnly: alikeOnly) }
            let cursor = random.next() % 2 == 0 ? nil : Int64(random.next() % 1_000_000)
            do {
                try Self.expectSame(out.bytes, try encoder.encode(response), response)
                try Self.expectSame(
                    ResponseJSON.page(items, nextCursor: cursor).bytes, try encoder.encode(EncodedPage(items: items, nextCursor: cursor)),
                    items)
            } catch {
                Issue.record(error, "\(response)")
            }
        }
    }

    @Test("a written response reads back as itself through the API's decoder")
    func readsBack() async throws {
        let decoder = JSONCoding.makeDecoder()
        await propertyCheck(count: 200, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SeededRandom(seed: UInt64(seed))
            var response = Self.response(&random, alikeOnly: false)
            response.submittedAt = Date(timeIntervalSince1970: response.submittedAt.timeIntervalSince1970.rounded(.down))
            var out = OutputBytes(capacity: 16)
            ResponseJSON.write(response, into: &out)
            #expect((try? decoder.decode(OtklikCore.Response.self, from: Data(out.bytes))) == response, "\(response)")
        }
    }
}
