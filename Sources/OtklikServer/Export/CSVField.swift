/// One rule for every cell Otklik writes to a CSV file, and its inverse for every cell it reads back.
///
/// A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula
/// (`=HYPERLINK("http://evil.example","open")` in an order id or an employee's name becomes a live link),
/// so such a cell gets a leading apostrophe, which spreadsheets hide. Plain numbers (`-31`, `+4.5`) are
/// not formulas and stay numbers. Text that already starts with an apostrophe before one of those
/// characters (or before another apostrophe) gets one more, so that `restored` can always take exactly
/// one off: what Otklik exports, it imports back unchanged.
public enum CSVField {
    /// The cell as written to a file.
    public static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        if formulaStarts.contains(first) { return isPlainNumber(text) ? text : "'" + text }
        return first == "'" && restored(text) != text ? "'" + text : text
    }

    /// The cell as it was before `neutralised`.
    public static func restored(_ cell: String) -> String {
        var scalars = cell.unicodeScalars.makeIterator()
        guard scalars.next() == "'", let second = scalars.next(), second == "'" || formulaStarts.contains(second)
        else { return cell }
        return String(cell.unicodeScalars.dropFirst())
    }

    /// One RFC 4180 record of neutralised cells, CRLF at the end.
    public static func row(_ fields: [String]) -> String {
        fields.map(cell).joined(separator: ",") + "\r\n"
    }

    /// One cell as written: neutralised, then quoted when it must be.
    public static func cell(_ text: String) -> String { RFC4180Reader.quoted(neutralised(text)) }

    /// Whether `cell` gives back these bytes unchanged: they start with nothing `neutralised` could change
    /// and hold nothing that must be quoted (a comma, a quote, a line break).
    static func isWrittenAsItIs(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if let first = bytes.first, first == UInt8(ascii: "'") || formulaStartBytes[Int(first)] { return false }
        for byte in bytes where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
            return false
        }
        return true
    }

    private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
    /// `formulaStarts` by byte, for a test per cell that hashes nothing.
    private static let formulaStartBytes: [Bool] = (0...255).map { formulaStarts.contains(Unicode.Scalar(UInt8($0))) }

    /// `-31`, `+4.5`, `0,25`: a sign, digits, at most one decimal point or comma.
    private static func isPlainNumber(_ text: String) -> Bool {
        var digits = 0
        var separators = 0
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            switch scalar {
            case "0"..."9": digits += 1
            case "+" where offset == 0, "-" where offset == 0: continue
            case ".", ",": separators += 1
            default: return false
            }
        }
        return digits > 0 && separators <= 1
    }
}
