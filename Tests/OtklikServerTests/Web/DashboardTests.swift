import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

@Suite struct DashboardTests {
    /// Tverskaya (location 3, employee 1): 3 promoters, 1 detractor. Baumanskaya (4, employee 2): 2 detractors.
    private func seeded() async throws -> WebTestApp {
        let app = try await WebTestApp.make()
        for score in [10, 9, 9, 3] {
            try await app.answer(nps: score, touchpoint: 1, location: 3, employee: 1, comment: "Тверская \(score)")
        }
        for score in [2, 5] { try await app.answer(nps: score, touchpoint: 2, location: 4, employee: 2, comment: "Бауманская \(score)") }
        return app
    }

    @Test func theDashboardShowsEveryPanelWithNumbersFromTheIndex() async throws {
        let app = try await seeded()
        try await app.test { client in
            let page = try await client.page(.get, "/app", session: app.sessions[.owner]!)
            #expect(page.status == .ok)
            // NPS over all six: (3 − 3) / 6 = 0.
            #expect(page.body.contains("<a class=\"value\""))
            for panel in [
                "NPS по неделям", "NPS: точки контакта × недели", "Лестница ожиданий", "Распределение оценок NPS",
                "Где болит сильнее всего", "Последние комментарии",
            ] {
                #expect(page.body.contains(panel), "\(panel)")
            }
            #expect(page.body.components(separatedBy: "<svg").count - 1 >= 4, "charts are inline SVG")
            #expect(page.body.contains("<table>"), "with table fallbacks")
            #expect(page.body.contains("Тверская 10") && page.body.contains("Бауманская 2"))
            #expect(page.body.contains("мало ответов"), "six answers are flagged, not hidden")
        }
    }

    /// The stage filter: answers at touchpoints of that stage only (Приёмка is purchase, Выдача use), kept in
    /// the links the page makes and offered in the filter bar.
    @Test func theStageFilterKeepsTheAnswersOfThatStage() async throws {
        let app = try await seeded()
        try await app.test { client in
            let use = try await client.page(.get, "/app?stage=use", session: app.sessions[.owner]!)
            #expect(use.status == .ok)
            #expect(use.body.contains("Бауманская 2") && !use.body.contains("Тверская 10"))
            #expect(use.body.contains("<option value=\"use\" selected>"))
            #expect(
                use.body.contains("/app/responses?stage=use") || use.body.contains("stage=use&amp;") || use.body.contains("&amp;stage=use"))
            let purchase = try await client.page(.get, "/app?stage=purchase", session: app.sessions[.owner]!)
            #expect(purchase.body.contains("Тверская 10") && !purchase.body.contains("Бауманская 2"))
            let list = try await client.page(.get, "/app/responses?stage=use", session: app.sessions[.owner]!)
            #expect(list.body.contains("Бауманская 5") && !list.body.contains("Тверская 9"))
        }
    }

    /// A business with many touchpoints: the heat map draws the most painful few and the table lists a
    /// page of them, each saying how many there are and linking the full table.
    @Test func longListsShowTheMostPainfulRowsAndLinkTheFullTable() async throws {
        let app = try await WebTestApp.make()
        let count = 30
        for id in 1...count {
            _ = try await app.services.referenceData.save(Touchpoint(id: Identifier(Int64(id)), name: "Точка \(id)", stage: .use))
            // Touchpoint n gets n detractors: the most painful are the highest numbers.
            for _ in 0..<id { try await app.answer(nps: 2, touchpoint: Int64(id), location: 3, employee: 1) }
        }
        try await app.test { client in
            let page = try await client.page(.get, "/app", session: app.sessions[.owner]!)
            #expect(page.status == .ok)
            let heatmap = try #require(page.body.range(of: "heatmap-title")).upperBound
            let afterHeatmap = String(page.body[heatmap...])
            #expect(afterHeatmap.contains("Точка 30") && afterHeatmap.contains("Точка 19"))
            let drawn = afterHeatmap.components(separatedBy: "</svg>")[0]
            #expect(!drawn.contains(">Точка 18<"), "the 13th most painful is not drawn")
            #expect(page.body.contains("Показаны точки контакта с наибольшим числом критиков: 12 из 30"))
            #expect(page.body.contains("Показаны точки контакта с наибольшим числом критиков: 25 из 30"))
            #expect(page.body.contains("by=touchpoint%2Cweek") || page.body.contains("by=touchpoint,week"))
        }
    }

    /// Touchpoint 1 falls from promoters to detractors, touchpoint 2 rises a little, by chance-sized amounts
    /// only: the panel lists the significant fall (and the location and employee it happened at), largest
    /// first, and not the move within the margin of error.
    @Test func whatChangedListsSignificantMovesLargestFirst() async throws {
        let app = try await WebTestApp.make()
        let day: TimeInterval = 86_400
        let start = Date(timeIntervalSince1970: 1_767_600_000)  // 2026-01-05, a Monday
        var index = 0
        func answer(_ nps: Int, touchpoint: Int64, location: Int64, employee: Int64, week: Int) async throws {
            index += 1
            let submission = ResponseSubmission(
                answers: ["nps": .score(nps)],
                submittedAt: start.addingTimeInterval(Double(week * 7) * day + Double(index % 7) * day + 3_600),
                touchpointId: Identifier(touchpoint), locationId: Identifier(location), employeeId: Identifier(employee),
                idempotencyKey: "change-\(index)")
            guard case .success = try await app.services.ingest.ingest([submission], survey: Identifier(1)) else {
                throw CancellationError()
            }
        }
        for _ in 0..<40 { try await answer(10, touchpoint: 1, location: 3, employee: 1, week: 0) }
        for _ in 0..<40 { try await answer(2, touchpoint: 1, location: 3, employee: 1, week: 1) }
        for score in [9, 7, 3, 9, 8, 6] { try await answer(score, touchpoint: 2, location: 4, employee: 2, week: 0) }
        for score in [9, 8, 3, 9, 9, 6] { try await answer(score, touchpoint: 2, location: 4, employee: 2, week: 1) }
        let owner = try #require(app.users[.owner])
        let model = try await DashboardModel.build(
            filter: DashboardFilter(from: CivilDay.parse("2026-01-12"), to: CivilDay.parse("2026-01-18")), user: owner,
            metrics: app.services.metrics, responses: app.services.responses, strings: Strings(.ru), today: CivilDay.parse("2026-01-18")!)
        let moves = model.changes.map { "\($0.dimension.rawValue) \($0.id)" }
        #expect(Set(moves) == ["touchpoint 1", "location 3", "employee 1"], "\(moves)")
        #expect(model.changes.allSatisfy { $0.difference < 0 })
        #expect(model.changes.map { abs($0.difference) } == model.changes.map { abs($0.difference) }.sorted(by: >))
        #expect(model.changes.first?.comparison.current.value == -100)
        try await app.test { client in
            let page = try await client.page(.get, "/app?from=2026-01-12&to=2026-01-18", session: app.sessions[.owner]!)
            #expect(page.body.contains("<li class=\"fall\">"))
            #expect(!page.body.contains("<li class=\"rise\">"))
            #expect(page.body.contains("badge sig down"), "a significant drop is not drawn in green")
        }
    }

    @Test func aManagerSeesOnlyTheirLocationsAndStaffOnlyTheirOwnAnswers() async throws {
        let app = try await seeded()
        try await app.test { client in
            let manager = try await client.page(.get, "/app", session: app.sessions[.manager]!)
            #expect(manager.body.contains("Тверская 10") && !manager.body.contains("Бауманская"), "not even in the filter's choices")
            #expect(manager.body.contains("Вы видите только свои места"))
            let managerList = try await client.page(.get, "/app/responses?location=4", session: app.sessions[.manager]!)
            #expect(!managerList.body.contains("Бауманская 2"), "asking for another branch gives nothing")
            let managerCSV = try await client.page(.get, "/app/responses.csv", session: app.sessions[.manager]!)
            #expect(managerCSV.body.contains("Тверская 3") && !managerCSV.body.contains("Бауманская"))
            let staff = try await client.page(.get, "/app/responses", session: app.sessions[.staff]!)
            #expect(staff.body.contains("Тверская 9") && !staff.body.contains("Бауманская 2") && !staff.body.contains("Бауманская 5"))
            let owner = try await client.page(.get, "/app/responses", session: app.sessions[.owner]!)
            #expect(owner.body.contains("Тверская 9") && owner.body.contains("Бауманская 5"))
        }
        // The numbers themselves: the manager's NPS is the NPS of their branch, computed by the one engine.
        let scoped = try await app.services.metrics.report(["metric": "nps"], scope: app.users[.manager]!.scope)
        let branch = try await app.services.metrics.report(["metric": "nps", "location": "3"], scope: .everything)
        #expect(scoped.total["nps"]?.value == branch.total["nps"]?.value)
        #expect(scoped.total["nps"]?.n == 4 && scoped.total["nps"]?.value == 50)
        let staff = try await app.services.metrics.report(["metric": "nps", "location": "4"], scope: app.users[.staff]!.scope)
        #expect(staff.total["nps"]?.n == 0, "staff asking for another branch see nothing")
    }

    @Test func drillDownListsTheAnswersBehindANumberAndExportsThem() async throws {
        let app = try await seeded()
        try await app.test { client in
            let detractors = try await client.page(
                .get, "/app/responses?nps=0..6", session: app.sessions[.owner]!)
            #expect(
                detractors.body.contains("Тверская 3") && detractors.body.contains("Бауманская 5")
                    && !detractors.body.contains("Тверская 10"))
            let search = try await client.page(
                .get, "/app/responses?q=%D0%B1%D0%B0%D1%83%D0%BC%D0%B0%D0%BD%D1%81%D0%BA%D0%B0%D1%8F", session: app.sessions[.owner]!)
            #expect(search.body.contains("Бауманская 2") && !search.body.contains("Тверская 10"), "search folds case in Cyrillic")
            let csv = try await client.page(.get, "/app/responses.csv?touchpoint=2", session: app.sessions[.owner]!)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.body.split(separator: "\r\n").count == 3, "a header and two rows")
            let metrics = try await client.page(.get, "/app/metrics.csv?metric=nps&by=touchpoint", session: app.sessions[.owner]!)
            let lines = metrics.body.split(separator: "\r\n")
            #expect(lines.count == 3 && lines[1].contains("Приёмка") && lines[1].contains("50.0000"))
        }
    }

    /// Tags filter the dashboard and the drill-down like any dimension, chosen from the tags answers carry.
    @Test func aTagFiltersTheDashboardAndItsDrillDown() async throws {
        let app = try await seeded()
        try await app.answer(nps: 0, touchpoint: 1, location: 3, employee: 1, comment: "VIP недоволен", tags: ["vip"])
        try await app.answer(nps: 10, touchpoint: 1, location: 3, employee: 1, comment: "VIP доволен", tags: ["vip", "table:4"])
        try await app.test { client in
            let all = try await client.page(.get, "/app", session: app.sessions[.owner]!)
            #expect(all.body.contains("<option value=\"table:4\">table:4</option>") && all.body.contains("id=\"f-tag\""))
            let vip = try await client.page(.get, "/app?tag=vip", session: app.sessions[.owner]!)
            #expect(vip.status == .ok)
            #expect(vip.body.contains("<option value=\"vip\" selected>vip</option>"))
            #expect(vip.body.contains("VIP недоволен") && !vip.body.contains("Тверская 10"), "only the tagged answers")
            let list = try await client.page(.get, "/app/responses?tag=table%3A4", session: app.sessions[.owner]!)
            #expect(list.body.contains("VIP доволен") && !list.body.contains("VIP недоволен"))
        }
    }

    @Test func commentsAreEscapedEverywhere() async throws {
        let app = try await WebTestApp.make()
        try await app.answer(nps: 1, touchpoint: 1, location: 3, employee: 1, comment: "<script>alert('x')</script> & \"quotes\"")
        try await app.test { client in
            for path in ["/app", "/app/responses"] {
                let page = try await client.page(.get, path, session: app.sessions[.owner]!)
                #expect(!page.body.contains("<script>alert"), "\(path)")
                #expect(page.body.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"), "\(path)")
            }
        }
    }

    @Test func pagesAreCompleteInEnglish() async throws {
        let app = try await seeded()
        try await app.test { client in
            let page = try await client.page(.get, "/app?lang=en", session: app.sessions[.owner]!)
            #expect(page.body.contains("lang=\"en\"") && page.body.contains("NPS by week") && page.body.contains("Where it hurts most"))
            #expect(setCookie(page, PageContext.languageCookie) == "en", "the choice is remembered")
            let next = try await client.page(.get, "/app", session: app.sessions[.owner]!, cookies: [PageContext.languageCookie: "en"])
            #expect(next.body.contains("Latest comments"))
        }
    }
}
