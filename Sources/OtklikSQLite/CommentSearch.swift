import Foundation
import GRDB
import GRDBSQLite

/// Comment search in SQL: `contains_folded(comment, pattern)` is 1 when the comment in lower case contains
/// `pattern`, given in lower case (`String.lowercased()`), and 0 otherwise or for no comment. Case-insensitive in
/// any script: SQLite's own lower() and LIKE fold ASCII only, and «ДОЛГО» must be found by «долго».
///
/// Registered through SQLite's C interface and read where SQLite holds the text: a function through GRDB got
/// each comment as a new `String`, and lowercasing it made another, which SQLite then copied back — ten of the
/// eleven seconds a search of 10M responses' comments took. Comments in Russian and English are folded here
/// byte by byte (`foldedCommonly`); any other letter sends the comment to `String.lowercased()`, so the answer is
/// the same as lowercasing every comment.
enum CommentSearch {
    static let functionName = "contains_folded"

    /// Makes `contains_folded` known to the connection.
    static func register(_ db: Database) throws {
        let code = sqlite3_create_function_v2(
            db.sqliteConnection, functionName, 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil, containsFolded, nil, nil, nil)
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot register \(functionName)")
        }
    }

    private static let containsFolded: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = {
        context, _, arguments in
        // The text first, then its length: the order SQLite's interface asks for.
        guard let arguments, let text = sqlite3_value_text(arguments[0]), let pattern = sqlite3_value_text(arguments[1]) else {
            sqlite3_result_int(context, 0)
            return
        }
        let found = CommentSearch.contains(
            UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(arguments[0]))),
            lowercased: UnsafeBufferPointer(start: pattern, count: Int(sqlite3_value_bytes(arguments[1]))))
        sqlite3_result_int(context, found ? 1 : 0)
    }

    /// Whether `text` (UTF-8), lowercased as `String.lowercased()` does, contains the bytes of `pattern`.
    static func contains(_ text: UnsafeBufferPointer<UInt8>, lowercased pattern: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !pattern.isEmpty else { return true }
        guard !text.isEmpty else { return false }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: text.count) { folded in
            if foldedCommonly(text, into: folded) { return occurs(pattern, in: UnsafeBufferPointer(folded)) }
            let lowercased = Array(String(decoding: text, as: UTF8.self).lowercased().utf8)
            return lowercased.withUnsafeBufferPointer { occurs(pattern, in: $0) }
        }
    }

    /// Whether `pattern` (not empty) occurs in `text`: `memchr` finds the places of its second byte (a Cyrillic
    /// letter's first byte is one of two, in every other byte of a Russian comment), `memcmp` compares there.
    private static func occurs(_ pattern: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        let (count, length) = (text.count, pattern.count)
        guard length <= count, let start = text.baseAddress, let wanted = pattern.baseAddress else { return false }
        let k = min(1, length - 1)
        // Pattern starts are 0…count − length; the byte looked for lies k further on.
        var from = start + k
        let end = start + (count - length + k + 1)
        while from < end, let found = memchr(from, Int32(wanted[k]), end - from) {
            let at = found.assumingMemoryBound(to: UInt8.self)
            if memcmp(at - k, wanted, length) == 0 { return true }
            from = UnsafePointer(at + 1)
        }
        return false
    }

    /// Writes `text` lowercased into `folded` (as many bytes) when every letter in it is ASCII or Cyrillic
    /// А–Я, Ѐ–Џ, а–џ, and every other character is caseless Latin-1 punctuation (« », °), general punctuation
    /// (— … “ ”) or №: those `String.lowercased()` maps one to one, keeping their length. False for anything
    /// else (which `contains` lowercases as a `String`).
    static func foldedCommonly(_ text: UnsafeBufferPointer<UInt8>, into folded: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        guard let from = text.baseAddress, let to = folded.baseAddress else { return true }
        let count = text.count
        var i = 0
        // Through pointers, the likeliest first: ASCII, then a small Cyrillic letter (most of a Russian comment).
        while i < count {
            let lead = from[i]
            if lead < 0x80 {
                to[i] = lead &- 0x41 < 26 ? lead | 0x20 : lead
                i &+= 1
                continue
            }
            guard i &+ 1 < count else { return false }
            let next = from[i &+ 1]
            guard next & 0xC0 == 0x80 else { return false }
            if (lead == 0xD0 && next >= 0xB0) || (lead == 0xD1 && next < 0xA0) || lead == 0xC2 {
                // а–п; р–я, ѐ–џ (U+0440–U+045F); U+0080–U+00BF, none of them a capital.
                (to[i], to[i &+ 1]) = (lead, next)
                i &+= 2
            } else if lead == 0xD0 {
                // Ѐ–Џ to ѐ–џ (U+0450…), А–П to а–п, Р–Я to р–я (U+0440…).
                (to[i], to[i &+ 1]) =
                    next < 0x90 ? (0xD1, next &+ 0x10) : next < 0xA0 ? (0xD0, next &+ 0x20) : (0xD1, next &- 0x20)
                i &+= 2
            } else if lead == 0xE2, i &+ 2 < count, case let last = from[i &+ 2], last & 0xC0 == 0x80,
                next == 0x80 || next == 0x81 || (next == 0x84 && last == 0x96)
            {
                // U+2000–U+207F, punctuation and a few small letters: none of them a capital; and №.
                (to[i], to[i &+ 1], to[i &+ 2]) = (lead, next, last)
                i &+= 3
            } else {
                return false
            }
        }
        return true
    }
}
