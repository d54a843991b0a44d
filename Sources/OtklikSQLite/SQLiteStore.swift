import Foundation
import GRDB
import GRDBSQLite
import OtklikCore
import OtklikStore

/// The embedded store: one SQLite file in WAL mode (or a private in-memory database in tests).
public struct SQLiteStore: Store, BlockingResponseWriter {
    public let database: AppDatabase
    var writer: any DatabaseWriter { database.writer }
    /// How many responses read from the table at start make it worth keeping a snapshot of their facts for the
    /// next (`ResponseFactsSnapshot`): below it, reading the table is quick anyway.
    let factsSnapshotFrom: Int64

    public init(_ database: AppDatabase, factsSnapshotFrom: Int = 50_000) {
        self.database = database
        self.factsSnapshotFrom = Int64(factsSnapshotFrom)
    }

    // MARK: Organisation

    public func organisation() async throws -> Organisation {
        try await writer.read { db in
            guard let record = try OrganisationRecord.fetchOne(db, key: 1) else {
                return Organisation(name: "Otklik")
            }
            return Organisation(
                name: record.name, defaultLocale: .init(rawValue: record.defaultLocale) ?? .ru,
                timeZone: record.timeZone)
        }
    }

    public func saveOrganisation(_ organisation: Organisation) async throws {
        try await writer.write { db in
            try OrganisationRecord(
                name: organisation.name, defaultLocale: organisation.defaultLocale.rawValue,
                timeZone: organisation.timeZone
            ).save(db)
        }
    }

    // MARK: Reference data

    public func all<E: StoredEntity>(_ type: E.Type) async throws -> [E] {
        try await writer.read { db in try Self.record(type).fetchAll(db).map { $0 as! E } }
    }

    public func customerSegments() async throws -> [Customer.ID: Segment.ID?] {
        try await writer.read { db in
            var segments: [Customer.ID: Segment.ID?] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, segment_id FROM customers")
            // `updateValue`: assigning a nil segment through the subscript would remove the customer.
            while let row = try rows.next() {
                segments.updateValue((row[1] as Int64?).map(Identifier.init), forKey: Identifier(row[0] as Int64))
            }
            return segments
        }
    }

    public func find<E: StoredEntity>(_ type: E.Type, id: Int64) async throws -> E? {
        try await writer.read { db in try Self.record(type).fetchOne(db, key: id) as? E }
    }

    public func save<E: StoredEntity>(_ entity: E) async throws -> E {
        try await writer.write { db in try Self.save(entity, db) }
    }

    /// Inserts (id 0 → the next free id) or replaces one entity inside a transaction.
    static func save<E: StoredEntity>(_ entity: E, _ db: Database) throws -> E {
        var entity = entity
        if entity.id.rawValue == 0 {
            let next = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM \(Self.record(E.self).databaseTableName)") ?? 1
            entity.id = Identifier(next)
        }
        guard let record = entity as? any PersistableRecord else { preconditionFailure("\(E.self) is not a record") }
        do {
            try record.save(db)
        } catch let error as DatabaseError {
            throw mapConstraint(error, entity: E.entityName)
        }
        return entity
    }

    public func delete<E: StoredEntity>(_ type: E.Type, id: Int64) async throws {
        try await writer.write { db in
            do {
                let deleted = try Self.record(type).deleteOne(db, key: id)
                if !deleted { throw StoreError.notFound(entity: E.entityName, id: id) }
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
                throw StoreError.inUse(entity: E.entityName, id: id)
            }
        }
    }

    private static func record<E: StoredEntity>(_ type: E.Type) -> any (FetchableRecord & TableRecord & PersistableRecord).Type {
        guard let record = type as? any (FetchableRecord & TableRecord & PersistableRecord).Type else {
            preconditionFailure("\(type) is not a record")
        }
        return record
    }

    /// What a row that refers to no entity gets: SQLite's foreign key failing, or a bulk insert's own check.
    static func unknownReference(entity: String) -> StoreError {
        .invalid([FieldProblem(field: entity, code: "unknown_reference", message: "refers to an entity that does not exist")])
    }

    static func mapConstraint(_ error: DatabaseError, entity: String) -> Error {
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            return unknownReference(entity: entity)
        case .SQLITE_CONSTRAINT_UNIQUE:
            let column = error.message?.components(separatedBy: ".").last ?? "value"
            return StoreError.duplicate(field: column, value: "")
        case .SQLITE_CONSTRAINT_CHECK:
            return StoreError.invalid([
                FieldProblem(
                    field: "id", code: "out_of_range",
                    message: "ids of \(entity) must be between 1 and 65535")
            ])
        default:
            return error
        }
    }

    // MARK: Faults

    public func isOutOfSpace(_ error: any Error) -> Bool {
        DatabaseFaults.isOutOfSpace(error, path: writer.path)
    }

    // MARK: Tokens

    public func saveToken(_ token: APIToken) async throws -> APIToken {
        try await writer.write { db in
            var token = token
            if token.id.rawValue == 0 {
                token.id = Identifier(try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM api_tokens") ?? 1)
            }
            try token.save(db)
            return token
        }
    }

    public func token(hash: String) async throws -> APIToken? {
        try await writer.read { db in try APIToken.filter(Column("secret_hash") == hash).fetchOne(db) }
    }

    public func tokens() async throws -> [APIToken] {
        try await writer.read { db in try APIToken.order(Column("id")).fetchAll(db) }
    }

    public func revokeToken(id: APIToken.ID) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                arguments: [Int64(Date().timeIntervalSince1970), id.rawValue])
            if db.changesCount == 0, try APIToken.fetchOne(db, key: id.rawValue) == nil {
                throw StoreError.notFound(entity: "api_tokens", id: id.rawValue)
            }
        }
    }
}

extension SQLiteStore: StoreMaintenance {
    public var location: String { database.path }

    public func appliedMigrations() throws -> [String] { try database.appliedMigrations() }

    public func storageSummary() throws -> String {
        let size = try database.size()
        return "\(size.pages) pages, \(String(format: "%.1f", Double(size.pages * size.pageSize) / 1_048_576)) MB"
    }

    /// `wal_checkpoint(TRUNCATE)` on the writer: every page of the log into the file, then the log cut to
    /// nothing. (A reader still inside an old snapshot makes SQLite stop short; the next call finishes.)
    @discardableResult
    public func compact() async throws -> Int64 {
        try await writer.writeWithoutTransaction { db in
            _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            let pages = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            return pages * pageSize
        }
    }
}

extension SQLiteStore: ExternalWriteWatching {
    /// SQLite's `data_version` on the writer's own connection: it moves when any other connection commits
    /// (another process, or another pool on the same file), never for this connection's own writes.
    public func externalWriteMark() async throws -> Int64 {
        try await writer.writeWithoutTransaction { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }

    public func responsesMark() async throws -> Int64 {
        try await writer.read { db in try Int64.fetchOne(db, sql: "SELECT responses FROM store_marks WHERE id = 1") ?? 0 }
    }
}
