import Testing

@testable import OtklikServer

/// Which `Host` values may go into a survey link or a QR code (the rest are a 400, not encoded).
@Suite struct HostNameTests {
    @Test(arguments: [
        "otzyv.example.ru", "localhost:8080", "127.0.0.1", "10.0.0.7:65535", "[::1]", "[2001:db8::1]:8443",
        "xn--e1afmkfd.xn--p1ai", String(repeating: "a", count: 63) + ".ru",
    ])
    func plainHostsPass(_ host: String) {
        #expect(HostName.isValid(host))
    }

    @Test(arguments: [
        "", String(repeating: "a", count: 3000), "evil.example/phish", "evil example", "user@evil.example",
        "evil.example:", "evil.example:65536", "evil.example:80:80", "[::1", "[::1]x", "-evil.example",
        "evil..example", String(repeating: "a", count: 64) + ".ru", "evil.example\r\nX: y", "пример.рф",
    ])
    func anythingElseFails(_ host: String) {
        #expect(!HostName.isValid(host))
    }
}
