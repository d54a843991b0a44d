import Foundation
import NIOCore

/// Bytes of a result being written: JSON or CSV straight from the values, with no `JSONEncoder`, no
/// intermediate dictionaries and no `String(format:)` (tens of thousands of groups are written in a few
/// milliseconds). A writer appends here and the caller ships `bytes` whenever `isFull` says so, so a large
/// result goes out in pieces instead of being built whole (`ChunkedResult`).
public struct OutputBytes: Sendable {
    /// The bytes written are `storage[..<count]`; the rest is room written into directly. (Appending to an
    /// array number by number went through `memmove` and the array's checks for every few bytes: a third
    /// of writing a 10,000-group answer.)
    private var storage: [UInt8]
    /// Bytes written.
    public private(set) var count = 0
    /// The size a piece is shipped at.
    public static let pieceSize = 64 * 1024

    public init() { self.init(capacity: Self.pieceSize + 4096) }

    /// Room for `capacity` bytes before the first growth. The room is not cleared: only bytes written are read.
    public init(capacity: Int) {
        storage = [UInt8](unsafeUninitializedCapacity: capacity) { _, initialized in initialized = capacity }
    }

    /// The bytes written so far.
    public var bytes: [UInt8] { Array(storage[..<count]) }

    /// The bytes written so far, lent without a copy (into an HTTP buffer).
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[..<count])) }
    }

    /// The bytes written so far, copied once into a buffer for an HTTP body (an answer, a piece of one).
    public func byteBuffer(_ allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        withBytes { allocator.buffer(bytes: $0) }
    }

    /// The bytes written so far, written to a file (the CLI's reports and exports).
    public func write(to file: FileHandle) { withBytes { file.write(Data(buffer: $0)) } }

    public var isFull: Bool { count >= Self.pieceSize }

    /// Hands the bytes written so far over and starts a new piece (in the same room).
    public mutating func take() -> [UInt8] {
        defer { count = 0 }
        return bytes
    }

    /// Starts a new piece in the same room, dropping the bytes written (shipped already, lent by `withBytes`):
    /// no copy of them made only to be thrown away.
    public mutating func removeAll() { count = 0 }

    /// Lets `write` put up to `maximum` bytes at the end, and counts the ones it says it wrote.
    @inline(__always)
    private mutating func write(upTo maximum: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int) {
        if count &+ maximum > storage.count { grow(to: count &+ maximum) }
        let start = count
        count &+= storage.withUnsafeMutableBufferPointer { write($0.baseAddress! + start) }
    }

    /// Lets `body` write up to `maximum` bytes through a cursor that checks nothing: one check for room (and
    /// for a buffer shared with a copy) for a whole group of numbers instead of one per number, which was a
    /// fifth of writing a many-group answer.
    @inline(__always)
    public mutating func withRoom(_ maximum: Int, _ body: (inout RawBytes) -> Void) {
        write(upTo: maximum) { target in
            var raw = RawBytes(target)
            body(&raw)
            let written = raw.cursor - target
            assert(written <= maximum, "wrote \(written) bytes into room for \(maximum)")
            return written
        }
    }

    private mutating func grow(to needed: Int) {
        let capacity = max(needed, 2 * storage.count)
        storage = [UInt8](unsafeUninitializedCapacity: capacity) { room, initialized in
            UnsafeMutableRawBufferPointer(room).copyBytes(from: storage[..<count])
            initialized = capacity
        }
    }

    /// Bytes copied in: short runs (a number, a key) byte by byte, without a call to `memmove`.
    @inline(__always)
    private mutating func copy(_ source: UnsafeBufferPointer<UInt8>) {
        guard let base = source.baseAddress else { return }
        let n = source.count
        write(upTo: n) { target in
            if n <= 32 {
                for i in 0..<n { target[i] = base[i] }
            } else {
                target.update(from: base, count: n)
            }
            return n
        }
    }

    // MARK: Plain bytes

    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { copy($0) }
    }

    public mutating func byte(_ byte: UInt8) {
        write(upTo: 1) {
            $0[0] = byte
            return 1
        }
    }

    /// Another output's bytes after these.
    public mutating func append(_ other: OutputBytes) {
        other.storage.withUnsafeBufferPointer { copy(UnsafeBufferPointer(rebasing: $0[..<other.count])) }
    }

    /// Bytes written before (a ready-made piece of JSON).
    public mutating func append(_ written: ArraySlice<UInt8>) { written.withUnsafeBufferPointer { copy($0) } }

    /// Bytes written before, lent.
    public mutating func append(_ written: UnsafeBufferPointer<UInt8>) { copy(written) }

    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { copy($0) }
    }

    public mutating func integer(_ value: Int) { withRoom(RawBytes.numberRoom) { $0.integer(value) } }

    /// A number as JSON: the shortest text that reads back as the same `Double` (what DuckDB and every JSON
    /// reader compare with); `null` for none.
    public mutating func json(_ value: Double?) { withRoom(RawBytes.numberRoom) { $0.json(value) } }

    /// A number rounded to two decimals (`RawBytes.json(rounded:)`); `null` for none.
    public mutating func json(rounded value: Double?) { withRoom(RawBytes.numberRoom) { $0.json(rounded: value) } }

    /// A number with four decimals, as the app's CSV tables give them (`42.1234`, `-3.5000`); empty for none.
    public mutating func fixed4(_ value: Double?) {
        guard let value, value.isFinite else { return }
        let scaled = (value * 10_000).rounded()
        guard abs(scaled) < 9e18 else { return append(String(value)) }
        var units = Int(scaled)
        if units < 0 {
            byte(UInt8(ascii: "-"))
            units = -units
        }
        let fraction = units % 10_000
        withRoom(RawBytes.numberRoom + 5) { raw in
            raw.unsigned(UInt(units / 10_000))
            raw.byte(UInt8(ascii: "."))
            for divisor in [1000, 100, 10, 1] { raw.byte(UInt8(truncatingIfNeeded: fraction / divisor % 10) + 48) }
        }
    }

    public mutating func json(_ value: Bool) { withRoom(5) { $0.json(value) } }

    /// A JSON string, escaped (quotes, backslashes, control characters; U+2028/2029 for JavaScript readers).
    public mutating func json(_ text: String) {
        byte(UInt8(ascii: "\""))
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
                copy(UnsafeBufferPointer(rebasing: utf8[start..<i]))
                if let escape {
                    raw(escape)
                    start = i + 1
                } else if byte == 0xE2 {
                    raw(utf8[i + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                    start = i + 3
                } else {
                    raw("\\u00")
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    self.byte(hex[Int(byte >> 4)])
                    self.byte(hex[Int(byte & 15)])
                    start = i + 1
                }
            }
            if start < utf8.count { copy(UnsafeBufferPointer(rebasing: utf8[start...])) }
        }
        byte(UInt8(ascii: "\""))
    }

    /// A JSON array of strings, each escaped as `json(_:)` does.
    public mutating func json(_ list: [String]) {
        byte(UInt8(ascii: "["))
        for (i, text) in list.enumerated() {
            if i > 0 { byte(UInt8(ascii: ",")) }
            json(text)
        }
        byte(UInt8(ascii: "]"))
    }

    /// `"name":`
    public mutating func key(_ name: String) {
        json(name)
        byte(UInt8(ascii: ":"))
    }

    /// `{"items":[…],"next_cursor":…}`: a page of one of the API's lists (no cursor on the last page), each item
    /// written by `write`; `bytesEach` is the room made for an item at first.
    static func page<Item>(
        _ items: [Item], nextCursor: Int64?, bytesEach: Int, _ write: (Item, inout OutputBytes) -> Void
    ) -> OutputBytes {
        var out = OutputBytes(capacity: bytesEach * items.count + 64)
        out.raw("{\"items\":[")
        for (i, item) in items.enumerated() {
            if i > 0 { out.byte(UInt8(ascii: ",")) }
            write(item, &out)
        }
        out.byte(UInt8(ascii: "]"))
        if let nextCursor {
            out.raw(",\"next_cursor\":")
            out.integer(Int(nextCursor))
        }
        out.byte(UInt8(ascii: "}"))
        return out
    }

    /// One CSV cell as `CSVField` writes every cell (formulas neutralised, RFC 4180 quoting), without the
    /// separator. Most cells are written as they are, and go in without a copy of the text (exports write
    /// twenty cells a response).
    public mutating func csv(_ text: String) {
        var text = text
        let unchanged = text.withUTF8 { bytes in
            guard CSVField.isWrittenAsItIs(bytes) else { return false }
            copy(bytes)
            return true
        }
        if !unchanged { append(CSVField.cell(text)) }
    }
}

/// A result written piece by piece: each `write` appends at least one unit (a row) and stops once the
/// output is full; it returns false when everything is written.
public protocol ChunkedResult: Sendable {
    mutating func write(into output: inout OutputBytes) -> Bool
}

extension ChunkedResult {
    /// Writes until `output` holds at least `size` bytes (a piece, or an answer's whole-answer size) or
    /// everything is written; returns whether more is left.
    public mutating func write(into output: inout OutputBytes, untilItHolds size: Int) -> Bool {
        var more = true
        while more && output.count < size { more = write(into: &output) }
        return more
    }

    /// Every piece, one after the other, to `ship` (an HTTP body, a file), which copies out what it keeps: the
    /// room is written again for the next piece.
    public consuming func pieces(_ ship: (OutputBytes) async throws -> Void) async throws {
        var output = OutputBytes()
        var more = true
        while more {
            more = write(into: &output, untilItHolds: OutputBytes.pieceSize)
            try await ship(output)
            output.removeAll()
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
    public mutating func write(_ string: String) { append(string) }

    public mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { copy(buffer) }
}

/// A cursor writing into room an `OutputBytes` made (`OutputBytes.withRoom`), without checks: the caller
/// made room for the most it writes (`numberRoom` a number).
public struct RawBytes: TextOutputStream {
    /// Where the next byte goes.
    private(set) var cursor: UnsafeMutablePointer<UInt8>

    /// The most any one number below writes: the standard library's longest `Double`
    /// (`-1.7976931348623157e+308`, 24 bytes) and a sign to spare.
    public static let numberRoom = 32

    init(_ start: UnsafeMutablePointer<UInt8>) { cursor = start }

    @inline(__always)
    public mutating func byte(_ byte: UInt8) {
        cursor.pointee = byte
        cursor += 1
    }

    /// Bytes written before (`count` of them from `start`).
    @inline(__always)
    mutating func bytes(_ start: UnsafePointer<UInt8>, count: Int) {
        cursor.update(from: start, count: count)
        cursor += count
    }

    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { text in
            for byte in text { self.byte(byte) }
        }
    }

    /// Up to fifteen bytes packed in a vector with their count in its last lane, stored at once (16 bytes
    /// of room).
    @inline(__always)
    public mutating func short(_ packed: SIMD16<UInt8>) {
        UnsafeMutableRawPointer(cursor).storeBytes(of: packed, as: SIMD16<UInt8>.self)
        cursor += Int(packed[15])
    }

    /// A code as a JSON string: a stage's, value class's or loyalty step's (`first_purchase`, `A`), letters
    /// and underscores with nothing to escape, in room for a number.
    public mutating func code(_ text: String) {
        precondition(text.utf8.count <= Self.numberRoom - 2 && text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C })
        byte(UInt8(ascii: "\""))
        write(text)
        byte(UInt8(ascii: "\""))
    }

    public mutating func integer(_ value: Int) {
        if value < 0 { byte(UInt8(ascii: "-")) }
        unsigned(UInt(value.magnitude))
    }

    mutating func unsigned(_ value: UInt) {
        var digits = 1
        var power: UInt = 10
        while digits < 20 && value >= power {
            digits &+= 1
            power &*= 10
        }
        var end = cursor + digits
        var rest = value
        // Two digits per division.
        let pairs = ShortestDecimal.digitPairs
        while rest >= 100 {
            let pair = Int(rest % 100) &* 2
            rest /= 100
            end -= 2
            end[0] = pairs[pair]
            end[1] = pairs[pair &+ 1]
        }
        if rest >= 10 {
            end[-2] = pairs[Int(rest) &* 2]
            end[-1] = pairs[Int(rest) &* 2 &+ 1]
        } else {
            end[-1] = UInt8(truncatingIfNeeded: rest) &+ 48
        }
        cursor += digits
    }

    /// A number as JSON: the shortest text that reads back as the same `Double` (what DuckDB and every JSON
    /// reader compare with); `null` for none.
    public mutating func json(_ value: Double?) {
        guard let value, value.isFinite else { return raw("null") }
        if value == value.rounded(.towardZero) && abs(value) < 1e15 {
            integer(Int(value))
            return
        }
        if value < 0 { byte(UInt8(ascii: "-")) }
        if let count = ShortestDecimal.write(abs(value), into: cursor) {
            cursor += count
        } else {
            // Outside ShortestDecimal's range: the standard library's digits, handed over as bytes
            // (`_writeASCII` below) instead of as a String made for each number.
            abs(value).write(to: &self)
        }
    }

    /// A number rounded to two decimals, without trailing zeros (`51.03`, `-2.3`, `20`); `null` for none. For
    /// the bounds of an interval: an estimate whose own error is points, not 1e-15 (seventeen digits of it
    /// are noise to a reader, a quarter of a many-group answer's bytes and most of its printing time).
    public mutating func json(rounded value: Double?) {
        guard let value, value.isFinite else { return raw("null") }
        let scaled = (value * 100).rounded()
        guard abs(scaled) < 9e15 else { return json(value) }
        let hundredths = Int(scaled)
        if hundredths < 0 { byte(UInt8(ascii: "-")) }
        let units = UInt(hundredths.magnitude)
        unsigned(units / 100)
        let (tenths, last) = (units / 10 % 10, units % 10)
        guard tenths != 0 || last != 0 else { return }
        byte(UInt8(ascii: "."))
        byte(UInt8(truncatingIfNeeded: tenths) &+ 48)
        if last != 0 { byte(UInt8(truncatingIfNeeded: last) &+ 48) }
    }

    public mutating func json(_ value: Bool) { value ? raw("true") : raw("false") }

    public mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { for byte in $0 { self.byte(byte) } }
    }

    public mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        for byte in buffer { self.byte(byte) }
    }
}
