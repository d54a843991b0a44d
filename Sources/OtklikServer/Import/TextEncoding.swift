/// The encodings an import reads: UTF-8 as it is (a BOM dropped), or Windows-1251 — what Excel saves in
/// Russian Windows — converted. `auto` takes UTF-8 when the bytes are valid UTF-8, cp1251 otherwise
/// (`ImportSource` settles it and decodes segment by segment).
public enum TextEncoding: String, Sendable, CaseIterable {
    case auto, utf8, cp1251

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var byteOffset: Int
        public var description: String { "line \(line): the file is not valid UTF-8 (byte \(byteOffset)); try --encoding cp1251" }
    }

    /// Offset of the first byte that breaks UTF-8, or nil.
    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            // Most of a file is ASCII: eight bytes at a time while none has its high bit set (the byte-at-a-time
            // check was 7% of an Online Retail II import).
            while i + 8 <= end, ASCII.isASCII(bytes, at: i) { i += 8 }
            guard i < end else { break }
            let byte = bytes[i]
            if byte < 0x80 {
                i += 1
                continue
            }
            let length: Int
            let minimum: UInt32
            var scalar: UInt32
            switch byte {
            case 0xC2...0xDF: (length, minimum, scalar) = (2, 0x80, UInt32(byte & 0x1F))
            case 0xE0...0xEF: (length, minimum, scalar) = (3, 0x800, UInt32(byte & 0x0F))
            case 0xF0...0xF4: (length, minimum, scalar) = (4, 0x10000, UInt32(byte & 0x07))
            default: return i
            }
            guard i + length <= end else { return i }
            for k in 1..<length {
                let next = bytes[i + k]
                guard next & 0xC0 == 0x80 else { return i }
                scalar = scalar << 6 | UInt32(next & 0x3F)
            }
            guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return i }
            i += length
        }
        return nil
    }

    static func cp1251ToUTF8(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
                continue
            }
            let scalar = Unicode.Scalar(cp1251High[Int(byte - 0x80)]) ?? "\u{FFFD}"
            out.append(contentsOf: String(scalar).utf8)
        }
        return out
    }

    /// Windows-1251, bytes 0x80–0xFF (0x98 is unassigned: U+FFFD).
    static let cp1251High: [UInt32] =
        [
            0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021, 0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
            0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0xFFFD, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
            0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7, 0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
            0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7, 0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
        ] + (0x0410...0x044F).map { UInt32($0) }
}

/// Eight bytes at a time, for the scans every import makes over the whole file.
enum ASCII {
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes from `index` as one little-endian word (bounds checked by the caller).
    @inline(__always)
    static func word(_ bytes: ArraySlice<UInt8>, at index: Int) -> UInt64 {
        bytes.withUnsafeBytes { raw in raw.loadUnaligned(fromByteOffset: index - bytes.startIndex, as: UInt64.self) }
    }

    @inline(__always)
    static func isASCII(_ bytes: ArraySlice<UInt8>, at index: Int) -> Bool { word(bytes, at: index) & highBits == 0 }

    /// Whether any of the word's bytes is `byte` (the classic "has zero byte" test on `word ^ byte…`).
    @inline(__always)
    static func contains(_ word: UInt64, _ byte: UInt8) -> Bool {
        let x = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (x &- 0x0101_0101_0101_0101) & ~x & highBits != 0
    }
}
