import Foundation
import OtklikCore
import OtklikSQLite
import Testing

@testable import OtklikAnalytics
@testable import OtklikSQLite
@testable import OtklikStore

/// The writer no longer checkpoints at 1,000 log pages; the background connection must, or the database
/// file would never receive the log's pages until the writer's backstop at 10,000.
@Suite("Background WAL checkpoints")
struct WALCheckpointerTests {
    @Test func theLogReachesTheDatabaseFileWithoutTheWriter() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("otklik-wal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = SQLiteStore(try AppDatabase.open(directory: directory))
        _ = try await store.save(StoreContractTests.survey)
        let file = directory.appendingPathComponent("otklik.sqlite").path
        let log = file + "-wal"
        func size(_ path: String) throws -> Int { (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        let before = try size(file)

        // ~10 MB of rows in small transactions, as single POSTs make them: the log passes 1,000 pages
        // (~4 MB) a few times and never gets near the writer's own 10,000.
        var key = 0
        for _ in 0..<150 {
            let group = (0..<200).map { _ in
                key += 1
                return EncodedResponse(
                    StoreContractTests.response("wal-\(key)", comment: String(repeating: "отзыв ", count: 20)),
                    indexed: StoreContractTests.indexed)
            }
            _ = try store.insertBlocking([group])
        }
        // The checkpoint runs on its own queue: give it a moment, then the file holds the rows' pages.
        var after = try size(file)
        for _ in 0..<100 where after <= before + (5 << 20) {
            try await Task.sleep(for: .milliseconds(50))
            after = try size(file)
        }
        let logSize = try size(log)
        #expect(after > before + (5 << 20), "database file \(before) → \(after) bytes, log \(logSize) bytes")
        #expect(logSize < Int(WALCheckpointer.writerCheckpointPages) * 4096, "the writer's backstop never ran")
        // And nothing was lost on the way.
        #expect(try await store.responses(ResponseFilter(), after: nil, limit: 1).first?.idempotencyKey == "wal-\(key)")
    }
}
