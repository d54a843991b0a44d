import Foundation
import GRDB
import Testing

@testable import OtklikSQLite

/// Comment search folds case byte by byte for Russian and English and falls back to `String.lowercased()` for
/// anything else: either way it finds exactly what a byte search of the lowercased comment finds.
@Suite("Comment search")
struct CommentSearchTests {
    /// Letters of both cases from the scripts comments come in, and characters that take the slow way: a dotted
    /// capital I (lowercased into two characters), Greek, historic Cyrillic, a capital sharp s, an emoji, a
    /// combining accent; caseless punctuation the fast way keeps.
    static let alphabet = Array(
        "aZqQ7 .,-ёЁжЖяЯаАпПрРЀѐЏџЂђ«»—…“”°№µİΣσςѢѣẞß😀\u{301}é")

    /// Whether `text`'s bytes contain `pattern`'s: what `instr` over the lowercased comment answered before.
    static func byteSearch(_ text: [UInt8], _ pattern: [UInt8]) -> Bool {
        guard text.count >= pattern.count else { return false }
        return (0...(text.count - pattern.count)).contains { text[$0..<($0 + pattern.count)].elementsEqual(pattern) }
    }

    static func search(_ text: String, _ pattern: String) -> Bool {
        let (text, pattern) = (Array(text.utf8), Array(pattern.lowercased().utf8))
        return text.withUnsafeBufferPointer { text in
            pattern.withUnsafeBufferPointer { CommentSearch.contains(text, lowercased: $0) }
        }
    }

    @Test func findsWhatTheLowercasedCommentHolds() {
        var random = SystemRandomNumberGenerator()
        for round in 0..<20_000 {
            let text = String((0..<Int.random(in: 0...24, using: &random)).map { _ in Self.alphabet.randomElement(using: &random)! })
            // Half the patterns from the lowercased text itself (a hit, unless the cut splits a character), half drawn.
            let lowered = Array(text.lowercased())
            let pattern: String
            if round.isMultiple(of: 2) && !lowered.isEmpty {
                let start = Int.random(in: 0..<lowered.count, using: &random)
                pattern = String(lowered[start..<Int.random(in: start...lowered.count, using: &random)]).uppercased()
            } else {
                pattern = String((0..<Int.random(in: 0...3, using: &random)).map { _ in Self.alphabet.randomElement(using: &random)! })
            }
            let expected = Self.byteSearch(Array(text.lowercased().utf8), Array(pattern.lowercased().utf8))
            #expect(Self.search(text, pattern) == expected, "«\(text)» «\(pattern)»")
        }
    }

    @Test func russianAndEnglishAreFoldedWithoutStrings() {
        for text in ["ДОЛГО ЖДАЛ, Ёлки — «ПРИЁМКА» №5", "Wait…  “OK” 20°", "ЀЏЂЍ abc"] {
            let bytes = Array(text.utf8)
            var folded = [UInt8](repeating: 0, count: bytes.count)
            let fast = bytes.withUnsafeBufferPointer { text in
                folded.withUnsafeMutableBufferPointer { CommentSearch.foldedCommonly(text, into: $0) }
            }
            #expect(fast, "\(text)")
            #expect(folded == Array(text.lowercased().utf8), "\(text)")
        }
        for text in ["İstanbul", "ΣΟΦΙΑ", "Ѣ", "STRAẞE", "😀"] {
            var folded = [UInt8](repeating: 0, count: text.utf8.count)
            let fast = Array(text.utf8).withUnsafeBufferPointer { text in
                folded.withUnsafeMutableBufferPointer { CommentSearch.foldedCommonly(text, into: $0) }
            }
            #expect(!fast, "\(text) needs String.lowercased()")
        }
    }

    /// Through SQL, as the store asks: a comment that is NULL matches nothing.
    @Test func theSQLFunctionAnswersTheSame() throws {
        let database = try AppDatabase.inMemory()
        try database.writer.read { db in
            for (comment, pattern, expected) in [
                ("Долго ЖДАЛ мастера", "ждал", true), ("Долго ЖДАЛ мастера", "ЖДАЛ".lowercased(), true),
                ("İyi", "i̇yi", true), ("ok", "нет", false),
            ] as [(String, String, Bool)] {
                let found = try Bool.fetchOne(db, sql: "SELECT contains_folded(?, ?)", arguments: [comment, pattern])
                #expect(found == expected, "\(comment) \(pattern)")
            }
            #expect(try Bool.fetchOne(db, sql: "SELECT contains_folded(NULL, 'a')") == false)
        }
    }
}
