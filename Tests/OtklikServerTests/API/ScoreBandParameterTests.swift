import Foundation
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

/// Score bands name their metric (`nps=0..6&csat=4..5`, all at once), in metrics and in lists alike; the
/// old `score_min`/`score_max`, which applied to whichever metric came first, are refused with the new way.
@Suite("Score bands name their metric")
struct ScoreBandParameterTests {
    @Test func bandsOnTwoMetricsKeepOnlyAnswersInBoth() async throws {
        let app = try await TestApp.make()
        var random = SystemRandomNumberGenerator()
        var answers: [(nps: Int, csat: Int?)] = []
        let submissions = (0..<300).map { i in
            let nps = Int.random(in: 0...10, using: &random)
            let csat = Bool.random(using: &random) ? Int.random(in: 1...5, using: &random) : nil
            answers.append((nps, csat))
            return ResponseSubmission(
                answers: ["nps": .score(nps)].merging(csat.map { ["csat": .score($0)] } ?? [:]) { a, _ in a },
                idempotencyKey: "band\(i)")
        }
        _ = try await app.services.ingest.ingest(submissions, survey: Identifier(1)).get()
        let all = answers
        let inBoth = all.filter { (0...6).contains($0.nps) && $0.csat.map { (4...5).contains($0) } == true }
        try await app.test { client in
            // The order of the metrics no longer changes the answer.
            for metrics in ["nps,csat", "csat,nps"] {
                let (status, _, data) = try await client.call(
                    .get, "/api/v1/metrics?metric=\(metrics)&nps=0..6&csat=4..5", token: app.reader)
                #expect(status == .ok)
                #expect(object(data)["responses"] as? Int == inBoth.count, "\(metrics)")
            }
            let (_, _, list) = try await client.call(.get, "/api/v1/responses?nps=..6&csat=4..&limit=1000", token: app.reader)
            #expect((object(list)["items"] as? [Any])?.count == inBoth.count)
            let (_, _, one) = try await client.call(.get, "/api/v1/metrics?nps=10", token: app.reader)
            #expect(object(one)["responses"] as? Int == all.filter { $0.nps == 10 }.count)
        }
    }

    @Test func theOldParametersAndBadBandsAreRefusedSayingHow() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            for (path, field) in [
                ("/api/v1/metrics?metric=nps,csat&score_min=4", "score_min"), ("/api/v1/metrics?score_max=6", "score_max"),
                ("/api/v1/responses?metric=nps&score_max=6", "metric"), ("/api/v1/export/responses.csv?score_min=9", "score_min"),
                ("/api/v1/metrics?nps=0..11", "nps"), ("/api/v1/metrics?csat=5..4", "csat"), ("/api/v1/responses?ces=a..b", "ces"),
            ] {
                let (status, _, data) = try await client.call(.get, path, token: app.reader)
                #expect(status == .badRequest, "\(path)")
                let error = (object(data)["errors"] as? [[String: Any]])?.first
                #expect(error?["field"] as? String == field, "\(path)")
                #expect((error?["message"] as? String)?.contains("=") == true, "says how to write it: \(path)")
            }
        }
    }
}
