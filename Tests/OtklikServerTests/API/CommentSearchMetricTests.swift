import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

/// `q` (a comment search) filters metrics like any other filter — the store finds the matching responses,
/// the index counts them — checked against a brute-force count on random answers and comments.
@Suite("Comment search as a metric filter")
struct CommentSearchMetricTests {
    @Test func aCommentSearchNarrowsEveryMetricToTheAnswersThatSayIt() async throws {
        let app = try await TestApp.make()
        let words = ["Мастер нагрубил", "мастер помог", "долго ждал", "Всё отлично", nil]
        var random = SystemRandomNumberGenerator()
        var submissions: [ResponseSubmission] = []
        for i in 0..<400 {
            submissions.append(
                ResponseSubmission(
                    answers: ["nps": .score(Int.random(in: 0...10, using: &random))],
                    comment: words.randomElement(using: &random)!,
                    touchpointId: Bool.random(using: &random) ? Identifier(1) : nil, idempotencyKey: "q\(i)"))
        }
        _ = try await app.services.ingest.ingest(submissions, survey: Identifier(1)).get()
        for search in ["мастер", "МАСТЕР НАГРУБИЛ", "ждал", "нет такого"] {
            let matching = submissions.filter { $0.comment?.lowercased().contains(search.lowercased()) ?? false }
            let scores = matching.compactMap { $0.answers["nps"]?.score }
            let report = try await app.services.metrics.report(["metric": "nps", "q": search], scope: .everything)
            let nps = try #require(report.total["nps"])
            #expect(nps.n == scores.count, "\(search)")
            if !scores.isEmpty {
                let expected = 100 * Double(scores.filter { $0 >= 9 }.count - scores.filter { $0 <= 6 }.count) / Double(scores.count)
                #expect(abs(nps.value! - expected) < 1e-9)
            }
            let byTouchpoint = try await app.services.metrics.report(
                ["metric": "nps", "by": "touchpoint", "q": search], scope: .everything)
            #expect(byTouchpoint.groups.reduce(0) { $0 + $1.summaries.first!.n } == scores.count)
        }
        let withMaster = submissions.filter { $0.comment?.lowercased().contains("мастер") ?? false }.count
        try await app.test { client in
            let query = "мастер".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let (status, _, body) = try await client.call(.get, "/api/v1/metrics?metric=nps&q=\(query)", token: app.reader)
            #expect(status == .ok)
            let total = try #require((try JSONSerialization.jsonObject(with: body) as? [String: Any])?["responses"] as? Int)
            #expect(total == withMaster)
        }
    }
}
