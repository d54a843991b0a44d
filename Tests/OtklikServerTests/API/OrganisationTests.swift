import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import OtklikServer

@Suite("Organisation settings")
struct OrganisationTests {
    @Test func aNewTimeZoneRebucketsEveryResponse() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            // Sunday 22:30 UTC is already Monday 01:30 in Moscow.
            let (posted, _, _) = try await client.call(
                .post, "/api/v1/surveys/1/responses", token: app.admin,
                json: ["answers": ["nps": 10], "submitted_at": "2025-03-02T22:30:00Z"])
            #expect(posted == .created)
            func day() async throws -> String? {
                let (_, _, data) = try await client.call(.get, "/api/v1/metrics?by=day", token: app.reader)
                return ((object(data)["groups"] as? [[Any]])?.first)?.first as? String
            }
            #expect(try await day() == "2025-03-03")
            let (status, _, _) = try await client.call(
                .put, "/api/v1/organisation", token: app.admin,
                json: ["name": "ТехноПульс", "default_locale": "ru", "time_zone": "UTC"])
            #expect(status == .ok)
            #expect(try await day() == "2025-03-02")
            let (refused, _, data) = try await client.call(
                .put, "/api/v1/organisation", token: app.admin,
                json: ["name": "ТехноПульс", "default_locale": "ru", "time_zone": "Mars/Olympus"])
            #expect(refused == .unprocessableContent)
            #expect((object(data)["errors"] as? [[String: Any]])?.first?["field"] as? String == "time_zone")
        }
    }
}
