import Foundation
import OtklikCore

/// API tokens, kept by the hash of their secret.
public protocol TokenStore: Sendable {
    func saveToken(_ token: APIToken) async throws -> APIToken
    func token(hash: String) async throws -> APIToken?
    func tokens() async throws -> [APIToken]
    func revokeToken(id: APIToken.ID) async throws
}

public struct APIToken: Sendable, Hashable, Codable, Identifiable {
    public typealias ID = Identifier<APIToken>
    public enum Scope: String, Sendable, Hashable, Codable, CaseIterable {
        /// Post responses.
        case ingest
        /// Read metrics, responses and reference data.
        case read
        /// Everything, including surveys, reference data and tokens.
        case admin
    }

    public var id: ID
    public var name: String
    public var scopes: Set<Scope>
    /// SHA-256 of the secret, hex. The secret itself is shown once and never stored.
    public var secretHash: String
    /// The first characters of the secret, to recognise a token in lists.
    public var prefix: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(
        id: ID, name: String, scopes: Set<Scope>, secretHash: String, prefix: String, createdAt: Date,
        revokedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.scopes = scopes
        self.secretHash = secretHash
        self.prefix = prefix
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    public func allows(_ scope: Scope) -> Bool {
        revokedAt == nil && (scopes.contains(.admin) || scopes.contains(scope))
    }
}
