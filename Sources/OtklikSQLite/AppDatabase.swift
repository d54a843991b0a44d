import Foundation
import GRDB
import OtklikCore
import OtklikStore

/// The one owner of the SQLite database: opens it with Otklik's settings and migrates it in `init`, so
/// no code can see an unmigrated database (the GRDB demo app's pattern).
public struct AppDatabase: Sendable {
    public let writer: any DatabaseWriter
    /// The database file (":memory:" for a database in memory).
    public var path: String { writer.path }

    public init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        var migrator = DatabaseMigrator()
        Migrations.register(in: &migrator)
        try migrator.migrate(writer)
    }

    /// A database file in `directory` (created if needed), in WAL mode: readers never wait for the writer,
    /// and the writer does not copy the log back into the file (`WALCheckpointer`). A file that is not a
    /// database or whose pages SQLite finds inconsistent (while opening, migrating, or later reading)
    /// throws `DatabaseDamaged`.
    /// - Parameter quickCheck: run SQLite's `quick_check` before migrating: it reads every page of every table
    ///   and index (~0.6 s of CPU per million responses), so `otklik migrate` and `otklik check` do, and a
    ///   start does not (README).
    public static func open(
        directory: URL, synchronous: SynchronousMode = .standard,
        quickCheck: Bool = false
    ) throws -> AppDatabase {
        try open(file: directory.appendingPathComponent(defaultFileName), synchronous: synchronous, quickCheck: quickCheck)
    }

    /// The database file a data directory holds.
    public static let defaultFileName = "otklik.sqlite"

    /// The database at `file` (its directory created if needed); see `open(directory:)`.
    public static func open(file: URL, synchronous: SynchronousMode = .standard, quickCheck: Bool = false) throws -> AppDatabase {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let path = file.path
        do {
            let pool = try DatabasePool(path: path, configuration: makeConfiguration())
            // Only the writer's setting counts, and it must come after GRDB's own: switching the writer to WAL,
            // GRDB sets NORMAL (after `prepareDatabase` has run). In WAL mode both keep the file consistent
            // after any crash; they differ in what a power loss may take back (`SynchronousMode`, and
            // BENCHMARKS.md, "Durability", for what FULL costs).
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = \(synchronous.rawValue.uppercased())")
            }
            try WALCheckpointer.start(path: path, writer: pool)  // lives as long as the writer's connection
            if quickCheck { try Self.quickCheck(pool) }
            let database = try AppDatabase(pool)
            try probe(pool)
            return database
        } catch {
            throw DatabaseFaults.classify(error, path: path)
        }
    }

    /// A fresh private database in memory, migrated like a real one (tests).
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: makeConfiguration()))
    }

    /// The one place for connection settings.
    static func makeConfiguration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try CommentSearch.register(db)
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        return configuration
    }

    /// What every start affords to look at: the schema (the migrator read it) and the rows of every table
    /// but `responses` (counting them reads the table's pages, or a smaller index's), whose pages the
    /// analytics index reads at start anyway (`forEachResponseFacts`). A few milliseconds, where `quick_check`
    /// takes ~0.6 s of CPU per million responses — as much again as the index build (BENCHMARKS.md). Damage
    /// that only this misses (in an index) fails the statements that use it, and `otklik check` finds it.
    private static func probe(_ reader: any DatabaseReader) throws {
        try reader.read { db in
            let tables = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'responses' AND name NOT LIKE 'sqlite_%'
                    """)
            for table in tables { _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.quotedDatabaseIdentifier)") }
        }
    }

    /// SQLite's `PRAGMA quick_check`: every page of every table and index, their structure (not whether
    /// indexes agree with their tables, which `integrity_check` adds at several times the cost).
    private static func quickCheck(_ reader: any DatabaseReader) throws {
        let findings = try reader.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(10)") }
        guard findings == ["ok"] else {
            throw DatabaseDamaged(path: reader.path, reason: findings.joined(separator: "; "))
        }
    }

    /// The size of the database file in pages (excluding what is only in the log yet), and the page size.
    public func size() throws -> (pages: Int, pageSize: Int) {
        try writer.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0, try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
        }
    }

    /// The migrations applied to this database, in order (for `otklik migrate`).
    public func appliedMigrations() throws -> [String] {
        var migrator = DatabaseMigrator()
        Migrations.register(in: &migrator)
        return try writer.read { db in try migrator.appliedIdentifiers(db) }.sorted()
    }
}

extension Identifier: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { rawValue.databaseValue }
    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Identifier? {
        Int64.fromDatabaseValue(dbValue).map(Identifier.init)
    }
}
