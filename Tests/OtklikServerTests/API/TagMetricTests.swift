import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

/// Tags are a multi-valued side column of the index: `tag=` filters metrics and lists (any of the tags
/// named), `by=tag` counts a response once in the group of each of its tags, and the total stays the
/// number of responses, not the sum of the groups. Checked through the HTTP API against counts of the
/// submissions themselves.
@Suite("Tags as a metric filter and grouping")
struct TagMetricTests {
    @Test func tagsFilterAndGroupMetricsAndLists() async throws {
        let app = try await TestApp.make()
        let pool = ["vip", "table:7", "Новый клиент"]
        var random = SystemRandomNumberGenerator()
        var submissions: [ResponseSubmission] = []
        for i in 0..<300 {
            let tags = pool.filter { _ in Int.random(in: 0..<3, using: &random) == 0 }
            submissions.append(
                ResponseSubmission(
                    answers: ["nps": .score(Int.random(in: 0...10, using: &random))],
                    tags: tags.isEmpty ? nil : tags, idempotencyKey: "t\(i)"))
        }
        _ = try await app.services.ingest.ingest(submissions, survey: Identifier(1)).get()
        let all = submissions
        let countByTag = Dictionary(uniqueKeysWithValues: pool.map { tag in (tag, all.filter { $0.tags?.contains(tag) ?? false }.count) })
        let untagged = all.filter { $0.tags == nil }.count
        let either = all.filter { ($0.tags ?? []).contains { ["vip", "Новый клиент"].contains($0) } }.count
        try await app.test { client in
            // Grouped: one group per tag, named once; untagged responses in group 0.
            let (status, _, body) = try await client.call(.get, "/api/v1/metrics?metric=nps&by=tag&fields=n", token: app.reader)
            #expect(status == .ok)
            let report = try Self.json(body)
            #expect(report["responses"] as? Int == all.count, "the total counts each response once")
            let names = try #require((report["names"] as? [String: Any])?["tag"] as? [String: String])
            #expect(Set(names.filter { $0.key != "0" }.values) == Set(pool))
            #expect(names["0"] == "—", "untagged, named like any value not given")
            let groups = try #require(report["groups"] as? [[Any]])
            var nByTag: [String: Int] = [:]
            for group in groups {
                let code = try #require(group[0] as? Int)
                nByTag[code == 0 ? "" : try #require(names[String(code)])] = group[1] as? Int
            }
            for tag in pool { #expect(nByTag[tag] == countByTag[tag], "\(tag)") }
            #expect(nByTag[""] == untagged)

            // Filtered: any of the tags named.
            let query = "vip,Новый клиент".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let (_, _, filtered) = try await client.call(.get, "/api/v1/metrics?metric=nps&tag=\(query)", token: app.reader)
            #expect(try Self.json(filtered)["responses"] as? Int == either)
            let (_, _, none) = try await client.call(.get, "/api/v1/metrics?metric=nps&tag=unknown", token: app.reader)
            #expect(try Self.json(none)["responses"] as? Int == 0)

            // The response list takes the same filter.
            let (listStatus, _, list) = try await client.call(.get, "/api/v1/responses?tag=vip&limit=1000", token: app.reader)
            #expect(listStatus == .ok)
            let items = try #require(try Self.json(list)["items"] as? [[String: Any]])
            #expect(items.count == countByTag["vip"])

            // CSV names the tags.
            let (_, _, csv) = try await client.call(.get, "/api/v1/metrics?metric=nps&by=tag&format=csv", token: app.reader)
            #expect(String(decoding: csv, as: UTF8.self).contains("table:7"))
        }
        // A tag with a comma could never be asked for: ingest refuses it, naming the field.
        let refused = try await app.services.ingest.ingest(
            [ResponseSubmission(answers: ["nps": .score(5)], tags: ["a,b"], idempotencyKey: "comma")], survey: Identifier(1))
        guard case .failure(let problems) = refused else {
            Issue.record("a tag with a comma was accepted")
            return
        }
        #expect("\(problems)".contains("tags"))
    }

    private static func json(_ body: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
    }
}
