import Foundation
import GRDB
import OtklikCore

/// The one owner of the SQLite database: opens it with Otklik's settings and migrates it in `init`, so
/// no code can see an unmigrated database (the GRDB demo app's pattern).
public struct AppDatabase: Sendable {
    public let writer: any DatabaseWriter

    public init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        var migrator = DatabaseMigrator()
        Migrations.register(in: &migrator)
        try migrator.migrate(writer)
    }

    /// A database file in `directory` (created if needed), in WAL mode: readers never wait for the writer,
    /// and the writer does not copy the log back into the file (`WALCheckpointer`).
    public static func open(directory: URL) throws -> AppDatabase {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("otklik.sqlite").path
        let pool = try DatabasePool(path: path, configuration: makeConfiguration())
        try WALCheckpointer.start(path: path, writer: pool)  // lives as long as the writer's connection
        return try AppDatabase(pool)
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
            // SQLite's lower() knows only ASCII; comment search must find «ДОЛГО» by «долго».
            db.add(function: DatabaseFunction("unicode_lower", argumentCount: 1, pure: true) { values in
                String.fromDatabaseValue(values[0])?.lowercased()
            })
            // WAL + NORMAL: a commit survives a process crash; an OS crash may lose the last commits but
            // never corrupts (FULL would add an fsync per commit; group commit keeps either cheap).
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        return configuration
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
