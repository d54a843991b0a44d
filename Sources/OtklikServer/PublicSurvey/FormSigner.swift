import Crypto
import Foundation

/// Signs values that a public page hands to the browser and gets back: the survey form's one-time key
/// (so a double submit is recognised, and a form not made by us is refused) and the response id on the
/// thank-you page (so nobody can attach a contact to someone else's answer by guessing ids).
public struct FormSigner: Sendable {
    /// The key's bytes (SymmetricKey itself is not Sendable; making one per use is cheap).
    private let secret: [UInt8]

    public init(secret: [UInt8]) { self.secret = secret }

    /// "value.signature" with a truncated HMAC-SHA256 (128 bits is plenty against forgery here).
    public func sign(_ value: String) -> String {
        value + "." + signature(value)
    }

    /// The value, if `signed` carries a valid signature for it.
    public func verify(_ signed: String) -> String? {
        guard let dot = signed.lastIndex(of: "."), signed.count <= 256 else { return nil }
        let value = String(signed[..<dot])
        return constantTimeEqual(String(signed[signed.index(after: dot)...]), signature(value)) ? value : nil
    }

    /// A fresh random nonce, signed.
    public func freshKey() -> String { sign(AccountService.randomToken().prefix(24).description) }

    private func signature(_ value: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: SymmetricKey(data: secret))
        return hex(Array(mac).prefix(16).map { $0 })
    }
}
