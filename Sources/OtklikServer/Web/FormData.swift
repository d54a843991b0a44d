import Foundation
import Hummingbird
import NIOCore

/// An `application/x-www-form-urlencoded` body (what every HTML form posts), keeping repeated keys
/// (a group of checkboxes) and their order.
struct FormData: Sendable {
    private(set) var pairs: [(String, String)] = []

    /// Forms are small; anything larger is refused before it is read.
    static let maxBytes = 256 << 10

    init(pairs: [(String, String)]) { self.pairs = pairs }

    /// A URL's query read the way a browser's GET form writes it (`application/x-www-form-urlencoded`):
    /// `+` is a space, so a search for «мастер нагрубил» arrives with its space.
    init(query request: Request) { self.init(encoded: Substring(request.uri.query ?? "")) }

    init(encoded text: Substring) {
        // Split on the bytes: splitting the characters (grapheme breaking) was 4% of a small API question's CPU.
        for part in text.utf8.split(separator: UInt8(ascii: "&")) {
            let equals = part.firstIndex(of: UInt8(ascii: "="))
            let key = Self.decode(Substring(part[..<(equals ?? part.endIndex)]))
            let value = equals.map { Self.decode(Substring(part[part.index(after: $0)...])) } ?? ""
            pairs.append((key, value))
        }
    }

    static func read(_ request: Request) async throws -> FormData {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch {
            throw HTTPError(.contentTooLarge)
        }
        return FormData(encoded: Substring(String(decoding: buffer.readableBytesView, as: UTF8.self)))
    }

    /// The first value of `key`, trimmed; nil when absent or blank.
    subscript(_ key: String) -> String? {
        guard let value = pairs.first(where: { $0.0 == key })?.1 else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The value exactly as sent (passwords are not trimmed).
    func raw(_ key: String) -> String? { pairs.first(where: { $0.0 == key })?.1 }

    func all(_ key: String) -> [String] { pairs.filter { $0.0 == key }.map(\.1) }

    func has(_ key: String) -> Bool { pairs.contains { $0.0 == key } }

    /// `+` is a space; `%XX` a byte; a `%` not followed by two hex digits stays as typed; invalid UTF-8 is
    /// replaced rather than refused (a form is typed by a person).
    private static func decode(_ text: Substring) -> String {
        // Most parameters have nothing to decode (`metric=nps`): one string, not three buffers.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else { return String(text) }
        let utf8 = Array(text.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if byte == UInt8(ascii: "%"), index + 2 < utf8.count,
                let value = UInt8(String(decoding: utf8[index + 1...index + 2], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 2
            } else {
                bytes.append(byte)
            }
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
