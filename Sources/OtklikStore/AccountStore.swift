import Foundation
import OtklikCore

/// Web accounts and their sessions.
public protocol AccountStore: Sendable {
    /// Inserts when the id is 0 and replaces otherwise; a taken e-mail is `StoreError.duplicate`.
    func saveUser(_ user: User) async throws -> User
    func user(id: User.ID) async throws -> User?
    func user(email: String) async throws -> User?
    func users() async throws -> [User]
    /// Deletes the user and their sessions.
    func deleteUser(id: User.ID) async throws
    func saveSession(_ session: WebSession) async throws
    /// The unexpired session with this token hash, with its user.
    func session(tokenHash: String, now: Date) async throws -> (WebSession, User)?
    func deleteSession(tokenHash: String) async throws
    /// Ends every session of the user but `keeping` (after a password change).
    func deleteSessions(userId: User.ID, keeping: String?) async throws
}
