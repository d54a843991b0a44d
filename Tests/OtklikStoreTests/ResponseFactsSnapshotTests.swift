import Foundation
import OtklikCore
import OtklikStore
import Synchronization
import Testing

@testable import OtklikSQLite

/// The SQLite store's snapshot of the responses' facts (`ResponseFactsSnapshot`): what a start reads instead of
/// every row. Every reading here is compared with the table's own, read with the file put aside.
@Suite("Response facts snapshot")
struct ResponseFactsSnapshotTests {
    struct Facts: Equatable {
        var rows: [ResponseFacts] = []
        var tags: [ResponseTags] = []
    }

    static let utc = TimeZone(identifier: "UTC")!

    /// A store in a new directory, with the surveys and reference data of `AnalyticsIndexTests`; a snapshot is
    /// written whenever `snapshotFrom` responses or more are read from the table.
    static func makeStore(snapshotFrom: Int = 1) async throws -> (SQLiteStore, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("otklik-facts-\(UUID().uuidString)")
        let store = SQLiteStore(try AppDatabase.open(directory: directory), factsSnapshotFrom: snapshotFrom)
        for survey in AnalyticsIndexTests.surveys { _ = try await store.save(survey) }
        for id in 1...9 {
            let touchpoint = Identifier<Touchpoint>(Int64(id))
            _ = try await store.save(Touchpoint(id: touchpoint, name: "T\(id)", stage: AnalyticsIndexTests.stages[touchpoint]!))
        }
        for id in 1...4 { _ = try await store.save(Location(id: Identifier(Int64(id)), name: "L\(id)", kind: .branch)) }
        for id in 1...12 { _ = try await store.save(Employee(id: Identifier(Int64(id)), name: "E\(id)")) }
        for id in 1...5 { _ = try await store.save(Segment(id: Identifier(Int64(id)), name: "S\(id)")) }
        return (store, directory)
    }

    /// `AnalyticsIndexTests.randomResponses` under idempotency keys of their own seed (theirs repeat across seeds).
    static func responses(_ count: Int, seed: UInt64) -> [Response] {
        AnalyticsIndexTests.randomResponses(count, seed: seed).enumerated().map { i, response in
            var response = response
            response.idempotencyKey = "\(seed)-\(i)"
            return response
        }
    }

    @discardableResult
    static func insert(_ responses: [Response], into store: SQLiteStore) async throws -> [InsertedResponse] {
        try await store.insert([responses], indexed: IndexedQuestions(surveys: AnalyticsIndexTests.surveys))[0].get()
    }

    static func read(_ store: SQLiteStore, zone: TimeZone = utc) async throws -> (Facts, FactsReading) {
        let facts = Mutex(Facts())
        let reading = try await store.forEachResponseFacts(timeZone: zone) { rows, tags in
            facts.withLock {
                $0.rows += rows
                $0.tags += tags
            }
        }
        return (facts.withLock { $0 }, reading)
    }

    static func snapshotFile(_ store: SQLiteStore) -> String { store.database.path + "-facts" }

    /// The facts as the table has them: read with the snapshot put aside, writing none.
    static func table(_ store: SQLiteStore, zone: TimeZone = utc) async throws -> Facts {
        let file = snapshotFile(store)
        let moved = rename(file, file + ".aside") == 0
        defer { if moved { rename(file + ".aside", file) } }
        let (facts, reading) = try await read(SQLiteStore(store.database, factsSnapshotFrom: .max), zone: zone)
        #expect(reading == FactsReading(fromSnapshot: 0, fromTable: facts.rows.count, snapshotWritten: false))
        return facts
    }

    @Test("a snapshot reads back as the table, and the responses added since are read from the table after it")
    func aSnapshotReadsBackAsTheTable() async throws {
        let (store, directory) = try await Self.makeStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let responses = Self.responses(3_500, seed: 11)
        try await Self.insert(Array(responses[..<3_000]), into: store)

        let (first, firstReading) = try await Self.read(store)
        #expect(firstReading == FactsReading(fromSnapshot: 0, fromTable: 3_000, snapshotWritten: true))
        #expect(first.rows.count == 3_000 && first.tags.count > 100, "tagged responses are among them")
        #expect(first.rows.contains { $0.hasComment } && first.rows.contains { $0.scores[.nps] == ResponseFacts.skipped })
        let (second, secondReading) = try await Self.read(store)
        #expect(secondReading == FactsReading(fromSnapshot: 3_000, fromTable: 0, snapshotWritten: false))
        #expect(second == first)
        #expect(try await second == Self.table(store))

        // Appended responses: the snapshot's rows, then the new ones from the table; then a snapshot of them all.
        try await Self.insert(Array(responses[3_000...]), into: store)
        let (third, thirdReading) = try await Self.read(store)
        #expect(thirdReading == FactsReading(fromSnapshot: 3_000, fromTable: 500, snapshotWritten: true))
        #expect(try await third == Self.table(store))
        let (fourth, fourthReading) = try await Self.read(store)
        #expect(fourthReading == FactsReading(fromSnapshot: 3_500, fromTable: 0, snapshotWritten: false))
        #expect(fourth == third)

        // Fewer new rows than the store's threshold: read from the table, no new snapshot.
        try await Self.insert(Self.responses(20, seed: 12), into: store)
        let sparing = SQLiteStore(store.database, factsSnapshotFrom: 100)
        let (fifth, fifthReading) = try await Self.read(sparing)
        #expect(fifthReading == FactsReading(fromSnapshot: 3_500, fromTable: 20, snapshotWritten: false))
        #expect(try await fifth == Self.table(store))
    }

    enum Rewrite: String, CaseIterable, CustomTestStringConvertible {
        case deletion, erasure, chosenID, timeZone
        var testDescription: String { rawValue }
    }

    @Test(
        "any change to a stored response, a response stored under an id below others, or another time zone makes it stale",
        arguments: Rewrite.allCases)
    func aRewriteMakesTheSnapshotStale(_ rewrite: Rewrite) async throws {
        let (store, directory) = try await Self.makeStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Even ids chosen by the writer, so that an odd one can later go below the highest.
        var responses = Self.responses(2_000, seed: 21)
        for i in responses.indices { responses[i].id = Identifier(Int64(2 * i + 2)) }
        let commented = try #require(responses.firstIndex { $0.comment != nil })
        let inserted = try await Self.insert(responses, into: store)
        let customer = try await store.saveContact(Customer(id: Identifier(0), name: "Вера"), forResponse: inserted[commented].id)
        _ = try await Self.read(store)
        #expect(try await Self.read(store).1.fromSnapshot == 2_000, "the snapshot is used before the change")

        var zone = Self.utc
        switch rewrite {
        case .deletion:
            #expect(try await store.deleteResponse(id: inserted[1_000].id))
        case .erasure:
            #expect(try await store.eraseCustomer(id: customer.id, freeTextQuestions: [:]) == 1)
        case .chosenID:
            var late = Self.responses(1, seed: 22)[0]
            late.id = Identifier(7)
            try await Self.insert([late], into: store)
        case .timeZone:
            zone = TimeZone(identifier: "Asia/Vladivostok")!
        }
        let (after, reading) = try await Self.read(store, zone: zone)
        #expect(reading.fromSnapshot == 0 && reading.snapshotWritten)
        #expect(try await after == Self.table(store, zone: zone))
        switch rewrite {
        case .deletion: #expect(after.rows.count == 1_999)
        case .erasure: #expect(after.rows.first { $0.responseId == UInt32(inserted[commented].id.rawValue) }?.hasComment == false)
        case .chosenID: #expect(after.rows.contains { $0.responseId == 7 })
        case .timeZone: #expect(try await after.rows.map(\.day) != Self.table(store).rows.map(\.day))
        }
        // The new snapshot, taken after the change, is used again.
        let (again, againReading) = try await Self.read(store, zone: zone)
        #expect(againReading.fromSnapshot == after.rows.count)
        #expect(again == after)
    }

    @Test("a database restored from a backup trusts its own snapshot, not one written after the backup")
    func aSnapshotIsTrustedOnlyByTheDatabaseThatWroteIt() async throws {
        let (store, directory) = try await Self.makeStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let responses = Self.responses(1_500, seed: 31)
        try await Self.insert(Array(responses[..<1_000]), into: store)
        _ = try await Self.read(store)
        // The backup: the database and its snapshot as they are now.
        _ = try await store.compact()
        let backup = FileManager.default.temporaryDirectory.appendingPathComponent("otklik-facts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: backup) }
        try FileManager.default.createDirectory(at: backup, withIntermediateDirectories: true)
        let backupFile = backup.appendingPathComponent(AppDatabase.defaultFileName).path
        try FileManager.default.copyItem(atPath: store.database.path, toPath: backupFile)
        try FileManager.default.copyItem(atPath: Self.snapshotFile(store), toPath: backupFile + "-facts")

        // The original goes on: 500 more responses, and a new snapshot of 1,500.
        try await Self.insert(Array(responses[1_000...]), into: store)
        #expect(try await Self.read(store).1.snapshotWritten)

        // The restored backup reads its own snapshot, then takes other responses than the original did.
        let restored = SQLiteStore(try AppDatabase.open(file: URL(fileURLWithPath: backupFile)), factsSnapshotFrom: 1)
        try await Self.insert(Self.responses(500, seed: 32), into: restored)
        let (own, ownReading) = try await Self.read(restored)
        #expect(ownReading.fromSnapshot == 1_000 && ownReading.fromTable == 500)
        #expect(try await own == Self.table(restored))

        // The original's newer snapshot of 1,500 put beside it: not the one it trusts, so the table is read.
        try FileManager.default.removeItem(atPath: backupFile + "-facts")
        try FileManager.default.copyItem(atPath: Self.snapshotFile(store), toPath: backupFile + "-facts")
        let (foreign, foreignReading) = try await Self.read(restored)
        #expect(foreignReading.fromSnapshot == 0)
        #expect(try await foreign == Self.table(restored))
    }

    @Test("a cut or garbled snapshot is not read but removed, and a killed writer's temporary file is removed by the next")
    func aDamagedSnapshotIsNotRead() async throws {
        let (store, directory) = try await Self.makeStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Self.insert(Self.responses(1_000, seed: 41), into: store)
        _ = try await Self.read(store)
        let file = Self.snapshotFile(store)
        let whole = try Data(contentsOf: URL(fileURLWithPath: file))
        let truth = try await Self.table(store)

        var flipped = whole
        flipped[whole.count / 2] ^= 0x04  // one bit of a row, a score or an id: the same length, the same frames
        for damaged in [
            whole.dropLast(1), whole + Data([0]), Data(whole.prefix(40)), Data("OTKFACT2 but not a snapshot".utf8), flipped,
        ] {
            try Data(damaged).write(to: URL(fileURLWithPath: file))
            let reader = SQLiteStore(store.database, factsSnapshotFrom: .max)
            let (facts, reading) = try await Self.read(reader)
            #expect(reading.fromSnapshot == 0)
            #expect(facts == truth)
            #expect(!FileManager.default.fileExists(atPath: file), "a file not trusted, with no new one to replace it, is removed")
        }

        let leftover = file + ".4242.17.tmp"
        #expect(FileManager.default.createFile(atPath: leftover, contents: Data(count: 1_000)))
        let (facts, reading) = try await Self.read(store)
        #expect(reading.fromSnapshot == 0 && reading.snapshotWritten)
        #expect(facts == truth)
        #expect(!FileManager.default.fileExists(atPath: leftover))
        #expect(try await Self.read(store).1.fromSnapshot == 1_000)
    }
}
