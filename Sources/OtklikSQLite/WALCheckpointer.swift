import Foundation
import GRDB
import GRDBSQLite
import OtklikStore
import Synchronization

/// Copies the write-ahead log back into the database file on a connection of its own, so that the single
/// writer does not.
///
/// SQLite's automatic checkpoint runs on the connection that commits, right after the commit that took
/// the log past 1,000 pages: the writer copies every page changed since the last checkpoint and waits
/// for two fsyncs, and every request waiting for the next group commit waits with it. Under steady ingest
/// that was every ~100 ms (measured: single-POST throughput 5–15% higher and batches ~5% with it off).
/// Here the writer's commit hook only wakes this thread, which checkpoints in passive mode (it never
/// blocks the writer or readers). As a backstop, the writer itself checkpoints when the log passes
/// `writerCheckpointPages` — the background falls behind only under a load it cannot keep up with, and
/// a passive checkpoint that always trails new commits never lets the log start over. Durability does
/// not change: a commit is as durable in the log as in the database file.
final class WALCheckpointer: Sendable {
    /// Log pages that wake the background checkpoint (SQLite's own default for its automatic one).
    static let backgroundCheckpointPages: Int32 = 1_000
    /// Log pages at which the writer checkpoints itself (~40 MB of log with 4 KB pages).
    static let writerCheckpointPages: Int32 = 10_000

    private let connection: DatabaseQueue
    private let queue = DispatchQueue(label: "otklik.wal-checkpoint", qos: .utility)
    private let requested = Mutex(false)

    /// Opens the checkpointing connection to `path` and installs the commit hook on `writer`'s
    /// writing connection.
    @discardableResult
    static func start(path: String, writer: DatabasePool) throws -> WALCheckpointer {
        let checkpointer = WALCheckpointer(connection: try DatabaseQueue(path: path))
        // The hook's context lives as long as the process: the writer's connection is never closed before it.
        let context = Unmanaged.passRetained(checkpointer).toOpaque()
        writer.writeWithoutTransaction { db in
            _ = sqlite3_wal_hook(
                db.sqliteConnection,
                { context, connection, _, pages in
                    guard let context else { return SQLITE_OK }
                    if pages >= WALCheckpointer.writerCheckpointPages {
                        // What SQLite's automatic checkpoint does, only later (the hook replaces it).
                        sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                    } else if pages >= WALCheckpointer.backgroundCheckpointPages {
                        Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue().requestCheckpoint()
                    }
                    return SQLITE_OK
                }, context)
        }
        return checkpointer
    }

    private init(connection: DatabaseQueue) {
        self.connection = connection
    }

    /// Called by the writer after a commit: cheap, never waits. Requests while one is pending coalesce.
    private func requestCheckpoint() {
        let alreadyRequested = requested.withLock { requested in
            defer { requested = true }
            return requested
        }
        guard !alreadyRequested else { return }
        queue.async { [self] in
            requested.withLock { $0 = false }
            // A busy or failed checkpoint is retried at the next request; the writer's backstop bounds the log.
            _ = try? connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        }
    }
}
