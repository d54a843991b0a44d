/// The byte-level pieces of JSON (white space, literals, integers, strings with every escape) read straight
/// from a buffer, without Foundation. The ingest fast decoder builds on it, and so does the duplicate-key
/// check, which must read keys exactly as a decoder does ("a" and "\u0061" are one key).
struct JSONByteReader {
    let bytes: UnsafeRawBufferPointer
    var i = 0

    var atEnd: Bool { i == bytes.count }

    mutating func skipWhitespace() {
        while i < bytes.count {
            let byte = bytes[i]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            i += 1
        }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard i < bytes.count, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    mutating func takeLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard i + count <= bytes.count else { return false }
        for k in 0..<count where bytes[i + k] != literal.utf8Start[k] { return false }
        i += count
        return true
    }

    /// `null` (consumed) → true.
    mutating func null() -> Bool {
        skipWhitespace()
        return takeLiteral("null")
    }

    /// A JSON integer without fraction or exponent, in Int64 range.
    mutating func integer() -> Int64? {
        let start = i
        let negative = take(UInt8(ascii: "-"))
        guard i < bytes.count, (0x30...0x39).contains(bytes[i]) else { return nil }
        if bytes[i] == 0x30, i + 1 < bytes.count, (0x30...0x39).contains(bytes[i + 1]) { return nil }  // 01
        var value: Int64 = 0
        while i < bytes.count, (0x30...0x39).contains(bytes[i]) {
            let digit = Int64(bytes[i] - 0x30)
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !o1, !o2 else { return nil }
            value = sum
            i += 1
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i = start
            return nil
        }
        return value
    }

    /// A JSON string; nil for bad escapes, lone surrogates or raw control characters.
    mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = i
        // Fast path: no escapes.
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                i += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { return nil }
            i += 1
        }
        var out = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
        while i < bytes.count {
            let byte = bytes[i]
            i += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard i < bytes.count else { return nil }
                let escape = bytes[i]
                i += 1
                switch escape {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard takeLiteral("\\u"), let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        return nil
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { return nil }
                    out.append(contentsOf: String(unicode).utf8)
                default: return nil
                }
            default:
                if byte < 0x20 { return nil }
                out.append(byte)
            }
        }
        return nil
    }

    mutating func hex4() -> UInt32? {
        guard i + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[i]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            i += 1
        }
        return value
    }
}

extension JSONByteReader {
    /// The path ("comment", "answers/nps", "3/comment") of the first key that appears twice in one object
    /// of a JSON document, or nil when there is none. JSONDecoder and JSONSerialization keep one of the two
    /// values without a word, so a client's mistake would be stored as something it did not mean.
    /// Malformed JSON also gives nil: the decoder that runs next explains it better.
    static func firstDuplicateKey(in bytes: UnsafeRawBufferPointer) -> String? {
        var reader = JSONByteReader(bytes: bytes)
        var path: [String] = []
        guard case .duplicate(let key) = reader.scanValue(path: &path, depth: 0) else { return nil }
        return (path + [key]).joined(separator: "/")
    }

    private enum Scan { case ok, malformed, duplicate(String) }

    /// Deeper than this is left to the decoder (which has its own limit); the scan stays off the stack's edge.
    private static let maxDepth = 256

    /// Reads one value; `path` leads to it and, on a duplicate, to the object holding it.
    private mutating func scanValue(path: inout [String], depth: Int) -> Scan {
        guard depth < Self.maxDepth else { return .malformed }
        skipWhitespace()
        guard i < bytes.count else { return .malformed }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var keys = Set<String>()
            skipWhitespace()
            if take(UInt8(ascii: "}")) { return .ok }
            while true {
                skipWhitespace()
                guard let key = string() else { return .malformed }
                guard keys.insert(key).inserted else { return .duplicate(key) }
                skipWhitespace()
                guard take(UInt8(ascii: ":")) else { return .malformed }
                path.append(key)
                let member = scanValue(path: &path, depth: depth + 1)
                guard case .ok = member else { return member }
                path.removeLast()
                skipWhitespace()
                if take(UInt8(ascii: ",")) { continue }
                return take(UInt8(ascii: "}")) ? .ok : .malformed
            }
        case UInt8(ascii: "["):
            i += 1
            skipWhitespace()
            if take(UInt8(ascii: "]")) { return .ok }
            var index = 0
            while true {
                path.append(String(index))
                let item = scanValue(path: &path, depth: depth + 1)
                guard case .ok = item else { return item }
                path.removeLast()
                index += 1
                skipWhitespace()
                if take(UInt8(ascii: ",")) { continue }
                return take(UInt8(ascii: "]")) ? .ok : .malformed
            }
        case UInt8(ascii: "\""):
            return string() == nil ? .malformed : .ok
        default:
            if takeLiteral("true") || takeLiteral("false") || takeLiteral("null") { return .ok }
            // A number: its exact form is the decoder's business.
            let start = i
            while i < bytes.count,
                (0x30...0x39).contains(bytes[i]) || bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")
                    || bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")
            {
                i += 1
            }
            return i > start ? .ok : .malformed
        }
    }
}
