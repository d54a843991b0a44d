import Foundation
import PropertyBased
import Testing

@testable import OtklikServer

/// Texts pages write many times each, written by hand instead of through Foundation: each must be the text
/// Foundation's call gave.
@Suite("Texts written by hand")
struct TextWritingTests {
    static let alphabet = Array("aZ09-._~ !\"#$%&'()*+,/:;<=>?@[\\]^`{|}\t\nжЁé😀中\u{0}\u{7f}") + ["e\u{301}", "\r\n"]

    /// Query keys and values: the heat map links every cell.
    @Test func percentEncodingIsFoundations() async {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        await propertyCheck(count: 1_000, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SeededRandom(seed: UInt64(seed))
            let text = String((0..<Int(random.next() % 12)).map { _ in random.pick(Self.alphabet) })
            #expect(SiteURL.encode(text) == text.addingPercentEncoding(withAllowedCharacters: unreserved), "\(text.debugDescription)")
        }
    }

    /// Colours of cells and bars, anywhere between two colours of the scale.
    @Test func hexColoursAreFoundations() async {
        await propertyCheck(count: 1_000, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SeededRandom(seed: UInt64(seed))
            let (r, g, b) = (random.unit() * 255, random.unit() * 255, random.unit() * 255)
            let colour = Charts.Colour(r: r, g: g, b: b)
            #expect(colour.hex == String(format: "#%02x%02x%02x", Int(r.rounded()), Int(g.rounded()), Int(b.rounded())))
        }
        #expect(Charts.Colour(0x1f2933).hex == "#1f2933")
        #expect(Charts.Colour(r: 255.4, g: 0.4, b: 15.5).hex == "#ff0010")
    }
}
