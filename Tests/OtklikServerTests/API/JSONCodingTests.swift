import Foundation
import PropertyBased
import Testing

@testable import OtklikServer

/// `JSONCoding.formatDate` writes most times itself: its text must be Foundation's, digit for digit.
@Suite("Times as text")
struct JSONCodingTests {
    static func foundation(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle()) }

    @Test("whole seconds of any year, fractions and the edges of the range written here are Foundation's text")
    func formatDateIsFoundations() async {
        await propertyCheck(count: 2_000, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SeededRandom(seed: UInt64(seed))
            // Years 1 to 9999, whole seconds mostly, a fraction now and then.
            var seconds = Double(Int64(random.next() % 315_537_897_600)) - 62_135_596_800
            if random.next() % 8 == 0 { seconds += random.unit() }
            let date = Date(timeIntervalSince1970: seconds)
            #expect(JSONCoding.formatDate(date) == Self.foundation(date), "\(seconds)")
        }
        // The first and last second written here, the seconds beside them, the reform, the epoch, leap days.
        let edges: [Double] = [
            -12_212_553_600, -12_212_553_601, -12_219_292_800, -12_219_292_801, 253_402_300_799, 253_402_300_800, -1, 0, 1,
            951_782_400, 951_868_799, 4_107_542_400, -2_203_891_200, 1_740_000_000.5, -0.5,
        ]
        for seconds in edges {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(JSONCoding.formatDate(date) == Self.foundation(date), "\(seconds)")
        }
    }
}
