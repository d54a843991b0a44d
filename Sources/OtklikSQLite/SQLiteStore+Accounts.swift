import Foundation
import GRDB
import OtklikCore
import OtklikStore

extension User: SnakeCaseRecord {
    public static var databaseTableName: String { "users" }
}

extension WebSession: SnakeCaseRecord {
    public static var databaseTableName: String { "web_sessions" }
}

extension SQLiteStore {
    public func saveUser(_ user: User) async throws -> User {
        try await writer.write { db in
            var user = user
            if user.id.rawValue == 0 {
                user.id = Identifier(try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM users") ?? 1)
            }
            do {
                try user.save(db)
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw StoreError.duplicate(field: "email", value: user.email)
            } catch let error as DatabaseError {
                throw Self.mapConstraint(error, entity: "users")
            }
            return user
        }
    }

    public func user(id: User.ID) async throws -> User? {
        try await writer.read { db in try User.fetchOne(db, key: id.rawValue) }
    }

    public func user(email: String) async throws -> User? {
        try await writer.read { db in
            try User.filter(Column("email") == User.normalise(email: email)).fetchOne(db)
        }
    }

    public func users() async throws -> [User] {
        try await writer.read { db in try User.order(Column("id")).fetchAll(db) }
    }

    public func deleteUser(id: User.ID) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM web_sessions WHERE user_id = ?", arguments: [id.rawValue])
            guard try User.deleteOne(db, key: id.rawValue) else {
                throw StoreError.notFound(entity: "users", id: id.rawValue)
            }
        }
    }

    public func saveSession(_ session: WebSession) async throws {
        try await writer.write { db in
            try session.save(db)
            // Expired sessions are swept whenever a new one starts: no background job needed.
            try db.execute(
                sql: "DELETE FROM web_sessions WHERE expires_at < ?",
                arguments: [Int64(session.createdAt.timeIntervalSince1970)])
        }
    }

    public func session(tokenHash: String, now: Date) async throws -> (WebSession, User)? {
        try await writer.read { db in
            guard let session = try WebSession.filter(Column("token_hash") == tokenHash).fetchOne(db),
                session.expiresAt > now,
                let user = try User.fetchOne(db, key: session.userId.rawValue)
            else { return nil }
            return (session, user)
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM web_sessions WHERE token_hash = ?", arguments: [tokenHash])
        }
    }

    public func deleteSessions(userId: User.ID, keeping: String?) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "DELETE FROM web_sessions WHERE user_id = ? AND token_hash IS NOT ?",
                arguments: [userId.rawValue, keeping])
        }
    }

    public func secret(named name: String, bytes: Int) async throws -> [UInt8] {
        try await writer.write { db in
            if let stored = try Data.fetchOne(db, sql: "SELECT value FROM secrets WHERE name = ?", arguments: [name]) {
                return Array(stored)
            }
            var generator = SystemRandomNumberGenerator()
            let fresh = (0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            try db.execute(sql: "INSERT INTO secrets (name, value) VALUES (?, ?)", arguments: [name, Data(fresh)])
            return fresh
        }
    }
}
