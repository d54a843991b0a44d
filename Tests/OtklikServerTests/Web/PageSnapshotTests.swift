import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

/// Each page variant, awkward ones included (errors, empty, closed), compared with the HTML committed in
/// __Snapshots__/: a change to a page shows up in review as a diff of its HTML. Random tokens are replaced
/// by placeholders. To accept a change on purpose: `OTKLIK_RECORD_SNAPSHOTS=1 swift test --filter PageSnapshot`.
@Suite struct PageSnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")

    static func normalised(_ html: String) -> String {
        var text = html
        for (pattern, placeholder) in [
            ("[0-9a-f]{64}", "TOKEN"), ("[0-9a-z]{24}\\.[0-9a-f]{32}", "FORM-KEY"), ("[0-9]+\\.[0-9a-f]{32}", "SIGNED-ID"),
        ] {
            text = text.replacingOccurrences(of: pattern, with: placeholder, options: .regularExpression)
        }
        return text
    }

    static func expectSnapshot(
        _ page: Page, _ name: String, status: HTTPResponse.Status = .ok,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(page.status == status, "\(name)", sourceLocation: sourceLocation)
        let file = directory.appendingPathComponent("\(name).html")
        let html = normalised(page.body)
        if ProcessInfo.processInfo.environment["OTKLIK_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try html.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let stored = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no snapshot \(file.lastPathComponent): record it with OTKLIK_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        #expect(html == stored, "\(name) differs from \(file.lastPathComponent)", sourceLocation: sourceLocation)
    }

    /// Fixed answers on fixed days, so that the dashboard reads the same every day.
    private func seeded() async throws -> WebTestApp {
        let app = try await WebTestApp.make()
        let day: TimeInterval = 86_400
        let start = Date(timeIntervalSince1970: 1_767_600_000)  // 2026-01-05
        let answers: [(Int, Int, Int64, Int64, String?)] = [
            (10, 2, 1, 3, "Быстро и вежливо"), (9, 0, 1, 3, nil), (3, 0, 1, 3, "Долго ждал"),
            (6, 1, 2, 4, "Не перезвонили"), (8, 2, 2, 4, nil), (2, 9, 2, 4, "<b>Ужасно</b>"),
        ]
        for (index, answer) in answers.enumerated() {
            let submission = ResponseSubmission(
                answers: ["nps": .score(answer.0), "ladder": .score(min(answer.1, 2))], comment: answer.4,
                submittedAt: start.addingTimeInterval(Double(index) * day + 3_600), touchpointId: Identifier(answer.2),
                locationId: Identifier(answer.3), employeeId: Identifier(answer.2), idempotencyKey: "snapshot-\(index)")
            guard case .success = try await app.services.ingest.ingest([submission], survey: Identifier(1)) else {
                throw CancellationError()
            }
        }
        return app
    }

    @Test func publicSurveyPages() async throws {
        let app = try await WebTestApp.make()
        try await app.test { client in
            let form = try await client.page(.get, "/s/after-repair?l=3&t=1")
            try Self.expectSnapshot(form, "survey-all-questions-ru")
            try Self.expectSnapshot(try await client.page(.get, "/s/after-repair?lang=en"), "survey-all-questions-en")
            let key = try #require(inputValue(form.body, name: "k"))
            let refused = try await client.page(
                .post, "/s/after-repair?l=3&t=1", form: [("k", key), ("q_csat", "9"), ("comment", "<i>без оценки</i>")])
            try Self.expectSnapshot(refused, "survey-with-errors", status: .unprocessableContent)
            let sent = try await client.page(.post, "/s/after-repair?l=3&t=1", form: [("k", key), ("q_nps", "2")])
            try Self.expectSnapshot(try await client.page(.get, try #require(sent.location)), "survey-thanks-contact-offer")
        }
        var survey = WebTestApp.survey
        survey.status = .closed
        _ = try await app.services.store.save(survey)
        try await app.services.live.referenceDataChanged()
        try await app.test { client in
            try Self.expectSnapshot(try await client.page(.get, "/s/after-repair"), "survey-closed", status: .gone)
        }
    }

    @Test func onePerScreenSurvey() async throws {
        let app = try await WebTestApp.make(onePerScreen: true)
        try await app.test { client in
            let first = try await client.page(.get, "/s/after-repair")
            let key = try #require(inputValue(first.body, name: "k"))
            let second = try await client.page(.post, "/s/after-repair", form: [("k", key), ("step", "0"), ("go", "next"), ("q_nps", "7")])
            try Self.expectSnapshot(second, "survey-one-per-screen-step-2")
        }
    }

    @Test func accountPages() async throws {
        var config = ServerConfig(dataDirectory: nil)
        config.passwordCost = 4
        let empty = try await Services.open(config)
        try await buildApplication(services: empty).test(.router) { client in
            try Self.expectSnapshot(try await client.page(.get, "/setup"), "setup")
        }
        let app = try await WebTestApp.make()
        try await app.test { client in
            try Self.expectSnapshot(try await client.page(.get, "/login"), "login")
            try Self.expectSnapshot(try await client.page(.get, "/app/account", session: app.sessions[.staff]!), "account-staff")
            try Self.expectSnapshot(
                try await client.page(.get, "/app/settings/users", session: app.sessions[.owner]!), "settings-users", status: .ok)
            try Self.expectSnapshot(
                try await client.page(.get, "/app/settings/users", session: app.sessions[.analyst]!), "forbidden", status: .forbidden)
        }
    }

    @Test func dashboardWithAndWithoutData() async throws {
        let app = try await seeded()
        try await app.test { client in
            let period = "from=2026-01-05&to=2026-01-18"
            try Self.expectSnapshot(try await client.page(.get, "/app?\(period)", session: app.sessions[.owner]!), "dashboard-owner")
            try Self.expectSnapshot(try await client.page(.get, "/app?\(period)", session: app.sessions[.manager]!), "dashboard-manager")
            try Self.expectSnapshot(
                try await client.page(.get, "/app?from=2025-01-01&to=2025-01-31", session: app.sessions[.owner]!), "dashboard-empty")
            try Self.expectSnapshot(
                try await client.page(
                    .get, "/app/responses?\(period)&nps=0..6",
                    session: app.sessions[.owner]!), "responses-detractors")
        }
    }
}
