import OtklikCore

/// A fragment of HTML that is safe by construction: literal parts of a template are markup, everything
/// interpolated into it is escaped unless it is itself `HTML`. So `"<p>\(comment)</p>" as HTML` can never
/// inject markup, whatever the customer typed, and views need no escaping calls of their own.
public struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var rendered: String

    public init(stringLiteral value: String) { rendered = value }
    public init(stringInterpolation: Interpolation) { rendered = stringInterpolation.rendered }
    /// Markup produced by trusted code (an SVG writer, a serialiser). Never pass user input here.
    init(trusted markup: String) { rendered = markup }

    public static let empty = HTML(trusted: "")
    public var isEmpty: Bool { rendered.isEmpty }
    public var description: String { rendered }

    public struct Interpolation: StringInterpolationProtocol {
        var rendered = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            rendered.reserveCapacity(literalCapacity + interpolationCount * 16)
        }
        public mutating func appendLiteral(_ literal: String) { rendered += literal }
        public mutating func appendInterpolation(_ value: String) { HTML.escape(value, into: &rendered) }
        public mutating func appendInterpolation(_ value: String?) { if let value { HTML.escape(value, into: &rendered) } }
        public mutating func appendInterpolation(_ value: Int) { rendered += String(value) }
        public mutating func appendInterpolation(_ value: Int64) { rendered += String(value) }
        public mutating func appendInterpolation<E>(_ value: Identifier<E>) { rendered += String(value.rawValue) }
        public mutating func appendInterpolation(_ value: HTML) { rendered += value.rendered }
        public mutating func appendInterpolation(_ value: HTML?) { if let value { rendered += value.rendered } }
        public mutating func appendInterpolation(_ values: [HTML]) { for value in values { rendered += value.rendered } }
        /// A URL built from a typed route: its parts were percent-encoded when it was built; it is still
        /// escaped here because `&` must be `&amp;` inside an attribute.
        public mutating func appendInterpolation(_ url: SiteURL) { HTML.escape(url.path, into: &rendered) }
    }

    public static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(trusted: lhs.rendered + rhs.rendered) }

    /// Escapes text for an element's content or a quoted attribute value. Besides markup, two things a
    /// person can type would still change the page: control characters (NUL, BEL, ESC … — dropped; tab and
    /// line breaks stay), and bidirectional overrides (U+202E makes "gnp.exe" read "exe.png" and runs on
    /// into the text after it — each one opened is closed at the end of the value, so it reverses only
    /// the value itself).
    ///
    /// Read byte by byte, runs of plain text copied whole: every URL in an attribute has a `&` to escape, and a
    /// loop over Unicode scalars was a twelfth of the dashboard's time.
    static func escape(_ text: String, into out: inout String) {
        var utf8 = text
        utf8.withUTF8 { bytes in
            var openEmbeddings = 0
            var openIsolates = 0
            var runStart = 0
            var i = 0
            /// The plain text since `runStart`, then `replacement`; the next run starts after `skipped` bytes.
            func replace(_ replacement: StaticString?, skipped: Int) {
                if runStart < i { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<i]), as: UTF8.self) }
                if let replacement { out += replacement.description }
                i += skipped
                runStart = i
            }
            func byte(_ offset: Int) -> UInt8 { i + offset < bytes.count ? bytes[i + offset] : 0 }
            /// A bidi control (three bytes) that opens a level or closes one: kept, or dropped when it closes
            /// nothing that is open.
            func bidi(_ open: inout Int, closes: Bool) {
                if !closes {
                    open += 1
                } else if open > 0 {
                    open -= 1
                } else {
                    return replace(nil, skipped: 3)
                }
                i += 3
            }
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "&"): replace("&amp;", skipped: 1)
                case UInt8(ascii: "<"): replace("&lt;", skipped: 1)
                case UInt8(ascii: ">"): replace("&gt;", skipped: 1)
                case UInt8(ascii: "\""): replace("&quot;", skipped: 1)
                case UInt8(ascii: "'"): replace("&#39;", skipped: 1)
                case 0x09, 0x0A, 0x0D: i += 1
                case 0x00...0x1F, 0x7F: replace(nil, skipped: 1)
                case 0xC2 where (0x80...0x9F).contains(byte(1)): replace(nil, skipped: 2)  // U+0080…U+009F
                case 0xE2 where byte(1) == 0x80 && (0xAA...0xAE).contains(byte(2)):  // LRE, RLE, PDF, LRO, RLO
                    bidi(&openEmbeddings, closes: byte(2) == 0xAC)
                case 0xE2 where byte(1) == 0x81 && (0xA6...0xA9).contains(byte(2)):  // LRI, RLI, FSI, PDI
                    bidi(&openIsolates, closes: byte(2) == 0xA9)
                default: i += 1
                }
            }
            if runStart == 0 { out += text } else { replace(nil, skipped: 0) }  // nothing to escape: the text as it is
            out += String(repeating: "\u{202C}", count: openEmbeddings) + String(repeating: "\u{2069}", count: openIsolates)
        }
    }

    static func escaped(_ text: String) -> String {
        var out = ""
        escape(text, into: &out)
        return out
    }
}

extension Array where Element == HTML {
    /// The fragments one after another.
    func joined() -> HTML { HTML(trusted: map(\.rendered).joined()) }
}
