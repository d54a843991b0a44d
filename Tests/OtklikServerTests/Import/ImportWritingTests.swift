import Foundation
import OtklikCore
import Testing

@testable import OtklikServer

/// The second reading of an import runs on a thread of its own and hands batches to the writer
/// (`SecondReading`, `BatchHandoff`): the writer gets every checked row in file order, a writer that fails
/// stops the reading and gets its own error back, and a reading that fails hands its error over — never a
/// hang, never a row after the first problem.
@Suite("Imports written while read")
struct ImportWritingTests {
    /// A reading of `csv` over the test application's catalog (survey 1: NPS and CSAT), in batches of `batch`.
    static func reading(_ csv: String, app: TestApp, batch: Int) throws -> SecondReading {
        let file = try FileImport(
            ImportSource(.bytes(Array(csv.utf8)), encoding: .utf8, segmentSize: 256), fileName: "a.csv", format: nil,
            mapping: [], defaultSurvey: Identifier(1), timeZone: TimeZone(identifier: "UTC")!)
        return SecondReading(
            file: file, snapshot: app.services.catalog.snapshot, present: [], keys: app.services.responseKeys, columns: [:],
            batchSize: batch, progress: { _ in })
    }

    static func csv(rows: Int, badRow: Int? = nil) -> String {
        "answers.nps,order_id,submitted_at\n"
            + (0..<rows).map { i in "\(i == badRow ? 12 : i % 11),o\(i),2025-01-01 10:00\n" }.joined()
    }

    @Test func theWriterGetsEveryRowInFileOrder() async throws {
        let app = try await TestApp.make()
        for (rows, batch) in [(0, 3), (1, 3), (3, 3), (10, 3), (1_000, 7), (1_000, 1)] {
            let reading = try Self.reading(Self.csv(rows: rows), app: app, batch: batch)
            var batches: [[Response]] = []
            try reading.run { batches.append($0) }
            #expect(batches.flatMap { $0 }.map { $0.context.orderId } == (0..<rows).map { "o\($0)" }, "\(rows) rows by \(batch)")
            #expect(batches.dropLast().allSatisfy { $0.count == batch } && batches.allSatisfy { !$0.isEmpty })
            #expect(reading.state.problems.isEmpty)
        }
    }

    @Test func noBatchFollowsTheFirstProblem() async throws {
        let app = try await TestApp.make()
        let reading = try Self.reading(Self.csv(rows: 500, badRow: 250), app: app, batch: 10)
        var written = 0
        try reading.run { written += $0.count }
        #expect(written <= 250, "only rows before the bad one")
        #expect(reading.state.problems.map(\.line) == [252], "the header is line 1")
        #expect(reading.state.rejected == 1)
    }

    struct WriteFailed: Error {}

    @Test func aFailingWriterStopsTheReading() async throws {
        let app = try await TestApp.make()
        for failAt in [1, 2, 5] {
            let reading = try Self.reading(Self.csv(rows: 2_000), app: app, batch: 10)
            var calls = 0
            #expect(throws: WriteFailed.self) {
                try reading.run { _ in
                    calls += 1
                    if calls == failAt { throw WriteFailed() }
                }
            }
            #expect(calls == failAt, "nothing written after the failure")
        }
    }

    @Test func aFailingReadingReachesTheWriter() async throws {
        let app = try await TestApp.make()
        // No header: the reading fails once it has read the file.
        let reading = try Self.reading("   \n", app: app, batch: 10)
        #expect(throws: FileImport.Failure.self) { try reading.run { _ in Issue.record("no batch") } }
    }
}
