import Foundation
import GRDB
import GRDBSQLite
import OtklikStore

/// The database file cannot be trusted: it is not an SQLite database, or SQLite found its pages
/// inconsistent. Thrown instead of SQLite's own error so that a start fails with one line that says what
/// to do, and never goes on to serve (or migrate) garbage.
public struct DatabaseDamaged: Error, CustomStringConvertible, LocalizedError {
    /// The database file.
    public var path: String
    /// What SQLite (or the header check) reported.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        "\(path) is damaged: \(reason); restore it from a backup (see README, \"Backups and damaged databases\")"
    }

    public var errorDescription: String? { description }
}

/// How SQLite's errors about the file itself (not about a statement) are told apart.
enum DatabaseFaults {
    /// SQLite's codes for a file whose contents are not a consistent database. A short read is a file cut
    /// off in the middle of a page.
    static func isDamage(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB
            || error.extendedResultCode == .SQLITE_IOERR_SHORT_READ
    }

    /// `error` as `DatabaseDamaged` when it is about the file's contents; otherwise unchanged.
    static func classify(_ error: any Error, path: String) -> any Error {
        guard isDamage(error), let error = error as? DatabaseError else { return error }
        return DatabaseDamaged(path: path, reason: error.message ?? "\(error.resultCode)")
    }

    /// Free bytes below which a failed write is blamed on a full disk (an SQLite page and the log's frame
    /// header with room to spare; a file system this full cannot take a commit).
    static let nearlyFullBytes: UInt64 = 1 << 20

    /// True when `error` means that the file system holding `path` has no room for the write. SQLite says
    /// so itself with SQLITE_FULL (its `write()` got ENOSPC); but growing the shared-memory file, syncing
    /// (a file system that allocates late reports ENOSPC at fsync) and truncating fail as SQLITE_IOERR_*,
    /// which also means a broken disk: those count only when the file system is indeed (nearly) full.
    static func isOutOfSpace(_ error: any Error, path: String) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        if error.resultCode == .SQLITE_FULL { return true }
        guard error.resultCode == .SQLITE_IOERR else { return false }
        let directory = (path as NSString).deletingLastPathComponent
        var stats = statvfs()
        guard statvfs(directory.isEmpty ? "." : directory, &stats) == 0 else { return false }
        return UInt64(stats.f_bavail) * UInt64(stats.f_frsize) < nearlyFullBytes
    }
}

/// SQLite's `synchronous` setting for the database file (WAL mode), as `OTKLIK_SYNCHRONOUS` names it.
public enum SynchronousMode: String, Sendable, CaseIterable {
    /// Every commit waits for an fsync of the log: an acknowledged write survives a power loss or OS crash.
    case full
    /// The log is synced at checkpoints only: a commit survives the process being killed, but a power loss
    /// or OS crash may lose the last commits before the next checkpoint (never corrupting the file).
    case normal

    /// What a database is opened with unless `OTKLIK_SYNCHRONOUS` says otherwise. NORMAL: FULL cost ~25% of
    /// the single-POST rate in the same runs (batches: nothing measurable), which the 20,000/s target cannot
    /// spare (BENCHMARKS.md, "Durability"); a process crash loses nothing either way.
    public static let standard = SynchronousMode.normal
}
