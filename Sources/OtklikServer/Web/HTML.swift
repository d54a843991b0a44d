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
    static func escape(_ text: String, into out: inout String) {
        // Fast path: most text has nothing to escape (every special character is below U+0080 or a
        // three-byte sequence starting E2 80/81, the general-punctuation block of the bidi controls).
        if !text.utf8.contains(where: {
            $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 || $0 < 0x20 || $0 == 0x7F || $0 == 0xE2
        }) {
            out += text
            return
        }
        var openEmbeddings = 0
        var openIsolates = 0
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case "\u{00}"..."\u{1F}", "\u{7F}"..."\u{9F}": continue
            case "\u{202A}"..."\u{202E}":  // LRE, RLE, PDF, LRO, RLO
                if scalar == "\u{202C}" {
                    guard openEmbeddings > 0 else { continue }
                    openEmbeddings -= 1
                } else {
                    openEmbeddings += 1
                }
                out.unicodeScalars.append(scalar)
            case "\u{2066}"..."\u{2069}":  // LRI, RLI, FSI, PDI
                if scalar == "\u{2069}" {
                    guard openIsolates > 0 else { continue }
                    openIsolates -= 1
                } else {
                    openIsolates += 1
                }
                out.unicodeScalars.append(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += String(repeating: "\u{202C}", count: openEmbeddings) + String(repeating: "\u{2069}", count: openIsolates)
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
