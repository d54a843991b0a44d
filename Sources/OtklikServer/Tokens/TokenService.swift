import Crypto
import Foundation
import OtklikCore
import OtklikStore
import Synchronization

/// API tokens: random secrets shown once, stored as SHA-256 hashes (a token is 256 random bits, so a
/// fast hash is enough — bcrypt is for low-entropy passwords). Lookups are cached: ingest checks a
/// token on every request.
///
/// A cached token is trusted for `freshness` only, then read from the store again: a token revoked by
/// another process (`otklik token revoke` beside a running server, another server on the same database)
/// stops working within that time, at the cost of one store read per token per interval.
public final class TokenService: Sendable {
    private let store: any Store
    /// Keyed by the secret's digest, not the secret: the process keeps no token it could leak.
    private let cache = Mutex<[[UInt8]: (token: APIToken, checkedAt: ContinuousClock.Instant)]>([:])
    let freshness: Duration

    public init(store: any Store, freshness: Duration = .seconds(1)) {
        self.store = store
        self.freshness = freshness
    }

    /// Creates a token; returns it with its secret, which is not kept anywhere. Throws the `FieldProblem`
    /// of a name the name rule refuses (the API, the settings page and the CLI all come here).
    public func create(name: String, scopes: Set<APIToken.Scope>, now: Date = Date()) async throws -> (APIToken, secret: String) {
        let name = try NameRule.check(name, field: "name").get()
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = generator.next() }
        let secret = "otk_" + hex(bytes)
        let token = try await store.saveToken(
            APIToken(
                id: Identifier(0), name: name, scopes: scopes, secretHash: Self.hash(secret),
                prefix: String(secret.prefix(12)), createdAt: now))
        return (token, secret)
    }

    /// The live token with this secret, or nil.
    public func authenticate(_ secret: String) async throws -> APIToken? {
        let digest = Array(Self.digest(secret))
        if let cached = fresh(digest) { return cached }
        return try await lookUp(digest)
    }

    /// The token with this secret if it was checked recently (no store read): for the fast lane,
    /// which runs on an event loop and hands anything else to the router.
    func cachedToken(_ secret: String) -> APIToken? {
        fresh(Array(Self.digest(secret)))
    }

    private func fresh(_ digest: [UInt8]) -> APIToken? {
        let now = ContinuousClock.now
        return cache.withLock { cache in
            guard let entry = cache[digest], now - entry.checkedAt < freshness else { return nil }
            return entry.token
        }
    }

    private func lookUp(_ digest: [UInt8]) async throws -> APIToken? {
        guard let token = try await store.token(hash: hex(digest)), token.revokedAt == nil else {
            cache.withLock { $0[digest] = nil }
            return nil
        }
        let now = ContinuousClock.now
        cache.withLock { $0[digest] = (token, now) }
        return token
    }

    public func revoke(id: APIToken.ID) async throws {
        try await store.revokeToken(id: id)
        cache.withLock { $0 = $0.filter { $0.value.token.id != id } }
    }

    static func hash(_ secret: String) -> String {
        hex(Array(digest(secret)))
    }

    /// SHA-256 of the secret's UTF-8 bytes, read in place (this runs on every API request).
    private static func digest(_ secret: String) -> SHA256.Digest {
        var secret = secret
        return secret.withUTF8 { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
    }
}

/// Lower-case hex of bytes (on every request's token check, so no `String(format:)`).
func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}
