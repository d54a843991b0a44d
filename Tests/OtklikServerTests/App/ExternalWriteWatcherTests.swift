import Foundation
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

/// What another process writes to the server's store (an `otklik import`) is counted without a restart.
@Suite("Other processes' writes")
struct ExternalWriteWatcherTests {
    static func responses(_ count: Int, from first: Int) -> [Response] {
        (first..<(first + count)).map { i in
            Response(
                id: Identifier(0), surveyId: TestApp.survey.id, submittedAt: Date(timeIntervalSince1970: 1_760_000_000 + Double(i) * 60),
                answers: ["nps": .score(i % 11)], comment: nil, context: ResponseContext(), source: .api, idempotencyKey: "r\(i)")
        }
    }

    @Test("responses another process stored after the server read them, before its watcher started, are counted")
    func aWriteWhileTheIndexWasReadIsCaughtUp() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("otklik-watch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = ServerConfig(dataDirectory: directory)
        let indexed = IndexedQuestions(surveys: [TestApp.survey])
        let first = try StoreFactory.open(config)
        _ = try await first.save(TestApp.survey)
        _ = try await first.insert([Self.responses(10, from: 0)], indexed: indexed)

        let services = try await Services.open(config)
        #expect(services.index.count == 10)
        // Another process commits between the server's reading and its watcher's first look.
        let other = try StoreFactory.open(config)
        _ = try await other.insert([Self.responses(5, from: 10)], indexed: indexed)
        let watcher = Task { await ExternalWriteWatcher.run(services, interval: .milliseconds(20)) }
        defer { watcher.cancel() }
        // Generous: the suites run side by side on two cores, and the index's brute-force suites can hold both
        // of the pool's threads for minutes (once this test took 443 s in all, and 20 s for the watcher ran out).
        let deadline = ContinuousClock.now + .seconds(180)
        while services.index.count != 15, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(services.index.count == 15)
    }
}
