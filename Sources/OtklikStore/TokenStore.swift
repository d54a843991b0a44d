import Foundation
import OtklikCore

/// API tokens, kept by the hash of their secret.
public protocol TokenStore: Sendable {
    func saveToken(_ token: APIToken) async throws -> APIToken
    func token(hash: String) async throws -> APIToken?
    func tokens() async throws -> [APIToken]
    func revokeToken(id: APIToken.ID) async throws
}
