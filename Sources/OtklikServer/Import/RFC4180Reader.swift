/// An RFC 4180 reader over UTF-8 bytes: quoted fields with delimiters, doubled quotes and line breaks
/// inside; CRLF or LF; a delimiter of `,`, `;` or tab. Each record knows the line it starts on. Broken
/// quoting is an error with line and column, never a silent guess.
public struct RFC4180Reader {
    public struct Failure: Error, Sendable, CustomStringConvertible, Equatable {
        public var line: Int
        /// 1-based field number in the record.
        public var field: Int
        public var reason: String
        public var description: String { "line \(line), field \(field): \(reason)" }
    }

    public struct Record {
        /// Physical line the record starts on (1-based).
        public var line: Int
        public var fields: [String]
    }

    let bytes: [UInt8]
    public let delimiter: UInt8
    /// The line the bytes start on (a segment of a larger file starts further down).
    let firstLine: Int

    /// Which fields (by position) become strings; the others are read past and left empty. Nil: all.
    let kept: [Bool]?

    /// - Parameters:
    ///   - delimiter: nil to detect it from the first line (the most frequent of `;`, `,`, tab outside quotes;
    ///     comma when none).
    ///   - keeping: the positions of the fields the caller reads (a reader of five columns of eight need not
    ///     make strings of the other three: a product description was most of a sales file's allocations).
    public init(utf8 bytes: [UInt8], delimiter: UInt8? = nil, firstLine: Int = 1, keeping: Set<Int>? = nil) {
        self.bytes = bytes
        self.delimiter = delimiter ?? Self.detectDelimiter(bytes)
        self.firstLine = firstLine
        // The first field is always read: a record of one empty field is a blank line, and must be told from one
        // whose only field was skipped.
        self.kept = keeping.map { positions in (0...(positions.max() ?? 0)).map { $0 == 0 || positions.contains($0) } }
    }

    static func detectDelimiter(_ bytes: [UInt8]) -> UInt8 {
        var counts: [UInt8: Int] = [0x2C: 0, 0x3B: 0, 0x09: 0]
        var quoted = false
        for byte in bytes {
            if byte == 0x22 { quoted.toggle() }
            if !quoted && (byte == 0x0A || byte == 0x0D) { break }
            if !quoted, counts[byte] != nil { counts[byte]! += 1 }
        }
        let best = counts.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }!
        return best.value == 0 ? 0x2C : best.key
    }

    /// Calls `body` for every record in order (the header first); stops at the first quoting error.
    public func forEachRecord(_ body: (Record) throws -> Void) throws {
        let quote: UInt8 = 0x22
        let cr: UInt8 = 0x0D
        let lf: UInt8 = 0x0A
        let count = bytes.count
        var i = 0
        var line = firstLine
        try bytes.withUnsafeBufferPointer { buffer in
            while i < count {
                let recordLine = line
                var fields: [String] = []
                fields.reserveCapacity(kept?.count ?? 8)
                // One record.
                while true {
                    var field: String
                    let keep = kept.map { fields.count < $0.count && $0[fields.count] } ?? true
                    if i < count && buffer[i] == quote {
                        // Quoted field: runs to the closing quote; "" is a quote.
                        i += 1
                        var piece: [UInt8] = []
                        var closed = false
                        while i < count {
                            let byte = buffer[i]
                            if byte == quote {
                                if i + 1 < count && buffer[i + 1] == quote {
                                    piece.append(quote)
                                    i += 2
                                    continue
                                }
                                i += 1
                                closed = true
                                break
                            }
                            if byte == lf { line += 1 }
                            if keep { piece.append(byte) }
                            i += 1
                        }
                        guard closed else {
                            throw Failure(
                                line: recordLine, field: fields.count + 1,
                                reason: "a quoted field is never closed (missing \")")
                        }
                        if i < count && buffer[i] != delimiter && buffer[i] != lf && buffer[i] != cr {
                            throw Failure(
                                line: line, field: fields.count + 1,
                                reason: "text after a closing quote; a quote inside a quoted field is written \"\"")
                        }
                        field = keep ? String(decoding: piece, as: UTF8.self) : ""
                    } else {
                        let start = i
                        while i < count {
                            let byte = buffer[i]
                            if byte == delimiter || byte == lf || byte == cr { break }
                            if byte == quote {
                                throw Failure(
                                    line: line, field: fields.count + 1,
                                    reason: "a quote inside an unquoted field; quote the whole field")
                            }
                            i += 1
                        }
                        field = keep ? String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<i]), as: UTF8.self) : ""
                    }
                    fields.append(field)
                    if i < count && buffer[i] == delimiter {
                        i += 1
                        continue
                    }
                    // End of record: CRLF, LF, CR or end of file.
                    if i < count && buffer[i] == cr { i += 1 }
                    if i < count && buffer[i] == lf { i += 1 }
                    line += 1
                    break
                }
                // A blank line is not a record.
                if fields.count == 1 && fields[0].isEmpty { continue }
                try body(Record(line: recordLine, fields: fields))
            }
        }
    }

    /// RFC 4180 quoting of one field for writing. Looked at byte by byte: "\r\n" is one `Character`,
    /// equal neither to "\r" nor to "\n", so a test on characters let a line break through unquoted.
    public static func quoted(_ field: String, delimiter: Character = ",") -> String {
        let delimiterByte = delimiter.asciiValue ?? UInt8(ascii: ",")
        guard field.utf8.contains(where: { $0 == delimiterByte || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
