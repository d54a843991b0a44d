import Foundation
import GRDB
import OtklikCore
import OtklikSQLite
import Testing

@testable import OtklikAnalytics
@testable import OtklikSQLite
@testable import OtklikStore

/// A damaged file is refused with one clear line (never served); a full disk is told apart from other
/// errors; `synchronous` is what was asked for. The real-process versions are Tests/EndToEnd/test_faults.py.
@Suite("Database faults")
struct DatabaseFaultsTests {
    /// A database with `rows` responses, everything checkpointed into the file; returns its directory.
    static func filledDatabase(rows: Int) async throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("otklik-faults-\(UUID().uuidString)")
        let database = try AppDatabase.open(directory: directory)
        let store = SQLiteStore(database)
        _ = try await store.save(StoreContractTests.survey)
        let group = (0..<rows).map {
            EncodedResponse(
                StoreContractTests.response("damage-\($0)", comment: String(repeating: "отзыв ", count: 10)),
                indexed: StoreContractTests.indexed)
        }
        _ = try store.insertBlocking([group])
        try await database.writer.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        return directory
    }

    static func damage(_ directory: URL, _ change: (inout Data) -> Void) throws {
        let file = directory.appendingPathComponent("otklik.sqlite")
        var data = try Data(contentsOf: file)
        change(&data)
        try data.write(to: file)
    }

    static func expectDamaged(_ directory: URL, quickCheck: Bool = false, loadIndex: Bool = true) async {
        let error = await #expect(throws: DatabaseDamaged.self) {
            let store = SQLiteStore(try AppDatabase.open(directory: directory, quickCheck: quickCheck))
            if loadIndex { try await store.forEachResponseFacts(timeZone: .gmt) { _, _ in } }
        }
        #expect(error?.description.contains("otklik.sqlite is damaged: ") == true)
        #expect(error?.description.contains("restore it from a backup") == true)
    }

    @Test func aGarbageHeaderIsRefusedWhenOpening() async throws {
        let directory = try await Self.filledDatabase(rows: 100)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.damage(directory) { data in
            data.replaceSubrange(0..<100, with: (0..<100).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) })
        }
        await Self.expectDamaged(directory, loadIndex: false)
    }

    @Test func aFileCutShortIsRefusedByTheStart() async throws {
        let directory = try await Self.filledDatabase(rows: 5_000)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.damage(directory) { data in data.removeSubrange((data.count / 3)...) }
        await Self.expectDamaged(directory)
    }

    @Test func garbageInTheMiddleIsFoundByQuickCheck() async throws {
        let directory = try await Self.filledDatabase(rows: 5_000)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.damage(directory) { data in
            let middle = data.count / 2 / 4096 * 4096
            data.replaceSubrange(middle..<(middle + 8 * 4096), with: (0..<(8 * 4096)).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) })
        }
        await Self.expectDamaged(directory, quickCheck: true, loadIndex: false)
    }

    @Test func anIntactDatabasePassesQuickCheck() async throws {
        let directory = try await Self.filledDatabase(rows: 1_000)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try AppDatabase.open(directory: directory, quickCheck: true)
        #expect(try database.size().pages > 10)
    }

    @Test func onlySQLiteFullOrAnIOErrorOnAFullDiskIsOutOfSpace() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("otklik.sqlite").path
        #expect(DatabaseFaults.isOutOfSpace(DatabaseError(resultCode: .SQLITE_FULL), path: path))
        // The temporary directory has room: an I/O error there is a broken disk, not a full one.
        #expect(!DatabaseFaults.isOutOfSpace(DatabaseError(resultCode: .SQLITE_IOERR_WRITE), path: path))
        #expect(!DatabaseFaults.isOutOfSpace(DatabaseError(resultCode: .SQLITE_CONSTRAINT), path: path))
        #expect(!DatabaseFaults.isOutOfSpace(StoreError.notFound(entity: "responses", id: 1), path: path))
    }

    @Test(arguments: [(SynchronousMode.full, 2), (.normal, 1)])
    func synchronousIsWhatWasAskedFor(mode: SynchronousMode, pragma: Int) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("otklik-sync-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try AppDatabase.open(directory: directory, synchronous: mode)
        #expect(try database.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == pragma)
    }
}
