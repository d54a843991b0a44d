import Foundation

/// Bytes of a result being written: JSON or CSV straight from the values, with no `JSONEncoder`, no
/// intermediate dictionaries and no `String(format:)` (tens of thousands of groups are written in a few
/// milliseconds). A writer appends here and the caller ships `bytes` whenever `isFull` says so, so a large
/// result goes out in pieces instead of being built whole (`ChunkedResult`).
public struct OutputBytes: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// The size a piece is shipped at.
    public static let pieceSize = 64 * 1024

    public init() { bytes.reserveCapacity(Self.pieceSize + 4096) }

    public var isFull: Bool { bytes.count >= Self.pieceSize }

    /// Hands the bytes written so far over and starts a new piece.
    public mutating func take() -> [UInt8] {
        defer {
            bytes = []
            bytes.reserveCapacity(Self.pieceSize + 4096)
        }
        return bytes
    }

    // MARK: Plain bytes

    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func byte(_ byte: UInt8) { bytes.append(byte) }

    /// Another output's bytes after these.
    public mutating func append(_ other: OutputBytes) { bytes.append(contentsOf: other.bytes) }

    /// Bytes written before (a ready-made piece of JSON).
    public mutating func append(_ written: ArraySlice<UInt8>) { bytes.append(contentsOf: written) }

    public mutating func integer(_ value: Int) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            unsigned(UInt(value.magnitude))
        } else {
            unsigned(UInt(value))
        }
    }

    private mutating func unsigned(_ value: UInt) {
        guard value >= 10 else {
            bytes.append(UInt8(truncatingIfNeeded: value) + 48)
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 24 digits, written backwards
        withUnsafeMutableBytes(of: &digits) { raw in
            let buffer = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var count = 0
            var rest = value
            while rest > 0 {
                buffer[23 - count] = UInt8(truncatingIfNeeded: rest % 10) + 48
                rest /= 10
                count += 1
            }
            // A typed buffer, not a slice of the raw one: appending a slice took the generic copy, per element.
            bytes.append(contentsOf: UnsafeBufferPointer(start: buffer + 24 - count, count: count))
        }
    }

    /// A number as JSON: the shortest text that reads back as the same `Double` (what DuckDB and every JSON
    /// reader compare with); `null` for none.
    public mutating func json(_ value: Double?) {
        guard let value, value.isFinite else { return raw("null") }
        if value == value.rounded(.towardZero) && abs(value) < 1e15 {
            integer(Int(value))
        } else {
            var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
            let written = withUnsafeMutableBytes(of: &scratch) { raw -> Bool in
                let text = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
                text[0] = UInt8(ascii: "-")
                let negative = value < 0
                guard let count = ShortestDecimal.write(abs(value), into: text + 1) else { return false }
                bytes.append(contentsOf: UnsafeBufferPointer(start: negative ? text : text + 1, count: negative ? count + 1 : count))
                return true
            }
            // Outside ShortestDecimal's range: the standard library's digits, handed over as bytes
            // (`_writeASCII` below) instead of as a String made for each number.
            if !written { value.write(to: &self) }
        }
    }

    /// A number with four decimals, as the app's CSV tables give them (`42.1234`, `-3.5000`); empty for none.
    public mutating func fixed4(_ value: Double?) {
        guard let value, value.isFinite else { return }
        let scaled = (value * 10_000).rounded()
        guard abs(scaled) < 9e18 else { return bytes.append(contentsOf: String(value).utf8) }
        var units = Int(scaled)
        if units < 0 {
            bytes.append(UInt8(ascii: "-"))
            units = -units
        }
        unsigned(UInt(units / 10_000))
        bytes.append(UInt8(ascii: "."))
        let fraction = units % 10_000
        for divisor in [1000, 100, 10, 1] { bytes.append(UInt8(truncatingIfNeeded: fraction / divisor % 10) + 48) }
    }

    public mutating func json(_ value: Bool) { value ? raw("true") : raw("false") }

    /// A JSON string, escaped (quotes, backslashes, control characters; U+2028/2029 for JavaScript readers).
    public mutating func json(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for (i, byte) in utf8.enumerated() {
                let escape: StaticString?
                switch byte {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0..<0x20: escape = nil
                case 0xE2 where i + 2 < utf8.count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9):
                    escape = nil
                default: continue
                }
                bytes.append(contentsOf: utf8[start..<i])
                if let escape {
                    raw(escape)
                    start = i + 1
                } else if byte == 0xE2 {
                    raw(utf8[i + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                    start = i + 3
                } else {
                    raw("\\u00")
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 15)])
                    start = i + 1
                }
            }
            if start < utf8.count { bytes.append(contentsOf: utf8[start...]) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `"name":`
    public mutating func key(_ name: String) {
        json(name)
        bytes.append(UInt8(ascii: ":"))
    }

    /// One CSV cell as `CSVField` writes every cell (formulas neutralised, RFC 4180 quoting), without the
    /// separator.
    public mutating func csv(_ text: String) { bytes.append(contentsOf: CSVField.cell(text).utf8) }
}

/// A result written piece by piece: each `write` appends at least one unit (a row) and stops once the
/// output is full; it returns false when everything is written.
public protocol ChunkedResult: Sendable {
    mutating func write(into output: inout OutputBytes) -> Bool
}

extension ChunkedResult {
    /// Every piece, one after the other, to `ship` (an HTTP body, a file).
    public consuming func pieces(_ ship: ([UInt8]) async throws -> Void) async throws {
        var output = OutputBytes()
        var more = true
        while more {
            while more && !output.isFull { more = write(into: &output) }
            try await ship(output.take())
        }
    }

    /// The whole result at once (small results, tests).
    public consuming func allBytes() -> [UInt8] {
        var output = OutputBytes()
        var all: [UInt8] = []
        var more = true
        while more {
            more = write(into: &output)
            if output.isFull || !more { all += output.take() }
        }
        return all
    }
}

/// What `Double.write(to:)` writes to: the standard library prints a number into a buffer of its own and
/// hands it to `_writeASCII` (a public requirement of `TextOutputStream` with a default that builds a
/// String), so overriding it copies the bytes straight in.
extension OutputBytes: TextOutputStream {
    public mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }

    public mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }
}
