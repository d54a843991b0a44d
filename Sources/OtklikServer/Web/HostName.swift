/// Checks a `Host` header before it goes into anything the server hands out (survey links, QR codes):
/// a registered name, an IPv4 address or a bracketed IPv6 address, with an optional port, of at most
/// 261 bytes (a 253-byte name and ":65535"). Anything else — a 3,000-byte header, spaces, a path, a
/// user-info part — is refused rather than encoded.
enum HostName {
    static let maxLength = 261

    static func isValid(_ authority: String) -> Bool {
        let bytes = Array(authority.utf8)
        guard !bytes.isEmpty, bytes.count <= maxLength else { return false }
        let host: ArraySlice<UInt8>
        let port: ArraySlice<UInt8>?
        if bytes[0] == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let inside = bytes[1..<close]
            guard !inside.isEmpty, inside.allSatisfy({ isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") })
            else { return false }
            let rest = bytes[(close + 1)...]
            if rest.isEmpty { return true }
            guard rest.first == UInt8(ascii: ":") else { return false }
            return isPort(rest.dropFirst())
        }
        if let colon = bytes.lastIndex(of: UInt8(ascii: ":")) {
            (host, port) = (bytes[..<colon], bytes[(colon + 1)...])
        } else {
            (host, port) = (bytes[...], nil)
        }
        if let port, !isPort(port) { return false }
        guard host.count <= 253 else { return false }
        let labels = host.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                && label.allSatisfy { isLetterOrDigit($0) || $0 == UInt8(ascii: "-") }
        }
    }

    private static func isPort(_ digits: ArraySlice<UInt8>) -> Bool {
        guard (1...5).contains(digits.count), digits.allSatisfy(isDigit), let port = Int(String(decoding: digits, as: UTF8.self))
        else { return false }
        return port <= 65_535
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
    }
    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }
}
