import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

/// The owner of reference data: the API and the settings pages refuse the same things with the same codes,
/// and a change through either is seen at once — by the catalog, and by the index when it re-buckets days.
@Suite("One owner of reference data")
struct ReferenceDataOwnerTests {
    /// WebTestApp's tree: Сеть (1) ⊃ Москва (2) ⊃ Тверская (3), Бауманская (4).
    @Test func bothWaysInRefuseALocationInsideItselfWithTheSameCode() async throws {
        let app = try await WebTestApp.make()
        let admin = try await app.services.tokens.create(name: "admin", scopes: [.admin]).secret
        let session = app.sessions[.owner]!
        try await app.test { client in
            let api = try await client.call(
                .put, "/api/v1/locations/2", token: admin,
                json: ["name": "Москва", "kind": "city", "parent_id": 3])
            #expect(api.0 == .unprocessableContent)
            let errors = object(api.2)["errors"] as? [[String: Any]]
            #expect(errors?.first?["field"] as? String == "parent_id" && errors?.first?["code"] as? String == "cycle")

            let web = try await client.page(
                .post, "/app/settings/locations/2", session: session,
                form: [
                    ("_csrf", session.csrf), ("name", "Москва"), ("kind", "city"), ("parent_id", "3"),
                ])
            #expect(web.status == .unprocessableContent && web.body.contains("parent_id-error"))
            #expect(web.body.contains(Strings(.ru)[.problemCycle]))

            // A reference to nothing: the same code both ways.
            let missing = try await client.call(.post, "/api/v1/employees", token: admin, json: ["name": "Новенький", "location_id": 77])
            #expect((object(missing.2)["errors"] as? [[String: Any]])?.first?["code"] as? String == "unknown_reference")
            let webMissing = try await client.page(
                .post, "/app/settings/employees", session: session,
                form: [
                    ("_csrf", session.csrf), ("name", "Новенький"), ("location_id", "77"),
                ])
            #expect(webMissing.status == .unprocessableContent && webMissing.body.contains("location_id-error"))
        }
        #expect(app.services.catalog.snapshot.locations[Identifier(2)]?.parentId == Identifier(1), "nothing was stored")
        // A user is no reference data, but the employee a staff account stands for must exist all the same.
        try await app.test { client in
            let user = try await client.page(
                .post, "/app/settings/users", session: session,
                form: [
                    ("_csrf", session.csrf), ("email", "new@test.otklik"), ("name", "Новая"), ("role", "staff"),
                    ("employee_id", "99"), ("password", WebTestApp.password),
                ])
            #expect(user.status == .unprocessableContent && user.body.contains("employee_id-error"))
        }
        #expect(try await app.services.store.user(email: "new@test.otklik") == nil)
    }

    /// Days are counted in the organisation's time zone: a change through the API or the settings page
    /// re-buckets every answer at once, no restart.
    @Test(arguments: ["api", "web"])
    func aNewTimeZoneRebucketsTheIndexAtOnce(way: String) async throws {
        let app = try await WebTestApp.make()
        // 23:30 UTC on 1 March 2026: still 1 March in London, already 2 March in Moscow.
        let submission = ResponseSubmission(
            answers: ["nps": .score(9)], submittedAt: Date(timeIntervalSince1970: 1_772_407_800),
            locationId: Identifier(3))  // (the period: ingest accepts the past)
        _ = try await app.services.ingest.ingest([submission], survey: Identifier(1)).get()
        @Sendable func dayOfTheAnswer() async throws -> String? {
            try await app.services.metrics.report(["by": "day"], scope: .everything).groups.first?.periodStart
        }
        try await app.test { client in
            let first = try await dayOfTheAnswer()
            let other = app.services.catalog.snapshot.organisation.timeZone == "Europe/London" ? "Europe/Moscow" : "Europe/London"
            if way == "api" {
                let admin = try await app.services.tokens.create(name: "admin", scopes: [.admin]).secret
                let put = try await client.call(
                    .put, "/api/v1/organisation", token: admin,
                    json: ["name": "Сеть", "default_locale": "ru", "time_zone": other])
                #expect(put.0 == .ok)
            } else {
                let session = app.sessions[.owner]!
                let page = try await client.page(
                    .post, "/app/settings/organisation", session: session,
                    form: [
                        ("_csrf", session.csrf), ("name", "Сеть"), ("default_locale", "ru"), ("time_zone", other),
                    ])
                #expect(page.status == .seeOther)
            }
            let expected = other == "Europe/Moscow" ? "2026-03-02" : "2026-03-01"
            #expect(try await dayOfTheAnswer() == expected && first != expected, "\(way): \(String(describing: first)) → \(expected)")
        }
    }

    /// An import in this process counts at once: it writes around the group committer, and the owner of
    /// responses rebuilds the index.
    @Test func anImportCountsWithoutARestart() async throws {
        let app = try await WebTestApp.make()
        let csv = "survey_id,answers.nps,idempotency_key\n" + (0..<25).map { "1,\($0 % 11),import-\($0)\n" }.joined()
        let file = try FileImport(
            ImportSource(.bytes(Array(csv.utf8)), encoding: .auto), fileName: "answers.csv", format: nil, mapping: [],
            defaultSurvey: nil, timeZone: app.services.catalog.snapshot.timeZone)
        let outcome = try await ImportPipeline(services: app.services).run(file, createMissing: false)
        #expect(outcome.imported == 25)
        #expect(try await app.services.metrics.report(["metric": "nps"], scope: .everything).total["nps"]?.n == 25)
    }
}
