import Foundation
import OtklikCore
import Testing

@testable import OtklikStore

/// Tags are read back by hand at every start (the index's side column): whatever `encode(tags:)` writes, and
/// any other JSON array of strings a database may hold, must decode to the same tags as a JSON decoder gives.
@Suite("Answers and tags coding")
struct AnswersCodingTests {
    @Test func tagsRoundTripAndMatchTheJSONDecoder() throws {
        var random = SystemRandomNumberGenerator()
        let pieces = ["vip", "table:12", "Ёлка", "a\"b", "back\\slash", "tab\there", "line\nbreak", "", " ", "😀", "\u{1}"]
        for _ in 0..<500 {
            let tags = (0..<Int.random(in: 0...4, using: &random)).map { _ in
                (0..<Int.random(in: 1...3, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            }
            let text = AnswersCoding.encode(tags: tags)
            #expect(AnswersCoding.decodeTags(text) == tags, "\(text)")
        }
        // Other spellings of the same JSON: spaces, escapes the encoder does not write.
        for text in [#"[ "vip" , "table:3" ]"#, "[\n\"vip\"]", #"["\u0076ip"]"#, #"["a\/b"]"#, "[]", " [ ] "] {
            let expected = try JSONDecoder().decode([String].self, from: Data(text.utf8))
            #expect(AnswersCoding.decodeTags(text) == expected, "\(text)")
        }
        // Not an array of strings: no tags, never a crash.
        for text in ["", "[", #"["vip""#, #"["vip",]"#, "[1]", #"{"a":1}"#, #"["vip"]x"#] {
            #expect(AnswersCoding.decodeTags(text).count <= 1, "\(text)")
        }
    }
}
