import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import Synchronization
import Testing

@testable import OtklikServer

/// The ingest path computes each response's stored columns and its analytics row once, before the
/// single writer: what the index holds must be exactly what the stored rows say.
@Suite("Ingest path")
struct IngestPathTests {
    @Test func theIndexHoldsWhatTheStoredRowsSay() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let path = "/api/v1/surveys/1/responses"
            var items: [[String: Any]] = (0..<300).map { i in
                var answers: [String: Any] = ["nps": i % 11]
                if i % 3 != 0 { answers["csat"] = 1 + i % 5 }  // skipped now and then
                var item: [String: Any] = [
                    "answers": answers, "idempotency_key": "b\(i)",
                    "submitted_at": "2026-11-\(String(format: "%02d", 1 + i % 28))T\(String(format: "%02d", i % 24)):30:00Z",
                ]
                if i % 7 == 0 { item["touchpoint_id"] = 1 }
                if i % 5 == 0 { item["comment"] = i % 10 == 0 ? "Долго ждал" : " \n\t\u{00A0}" }  // white space only: no comment
                return item
            }
            var (status, _, _) = try await client.call(.post, path, token: app.ingester, json: items)
            #expect(status == .created)
            // Singles too, and a retry of one of the batch's keys (not indexed twice).
            items = [["answers": ["nps": 10, "csat": 5], "comment": "Быстро"], ["answers": ["nps": 0], "idempotency_key": "b1"]]
            for item in items {
                (status, _, _) = try await client.call(.post, path, token: app.ingester, json: item)
                #expect(status == .created || status == .ok)
            }
        }
        let indexed = app.services.index.allRows().sorted { $0.responseId < $1.responseId }
        let zone = app.services.catalog.snapshot.timeZone
        let stored = try await storedRows(app.services.store, timeZone: zone)
        #expect(indexed.count == 301)
        #expect(indexed == stored)
        #expect(indexed.count { $0.hasComment } == 31, "30 «Долго ждал» and one «Быстро»; white space is no comment")
        #expect(indexed.count { $0.scores[.csat] == ResponseFacts.skipped } == 100)
        #expect(indexed.count { $0.touchpoint == 1 } == 43)
    }

    private func storedRows(_ store: any Store, timeZone: TimeZone) async throws -> [ResponseFacts] {
        let rows = Mutex<[ResponseFacts]>([])
        try await store.forEachResponseFacts(timeZone: timeZone) { batch, _ in rows.withLock { $0 += batch } }
        return rows.withLock { $0 }
    }
}
