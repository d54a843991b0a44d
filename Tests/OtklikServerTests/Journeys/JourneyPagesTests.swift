import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

/// Journey maps through the web app as each role uses them: a map made from a template, its data from the
/// stage's touchpoints, a cell edited with a form, a second editor's stale save refused, roles.
@Suite("Journey map pages")
struct JourneyPagesTests {
    /// A map from the repair-centre template (purchase ← «Приёмка», use ← «Выдача»), made by the owner.
    static func appWithMap() async throws -> (WebTestApp, JourneyMap) {
        let app = try await WebTestApp.make()
        for (nps, comment) in [(10, "Быстрая приёмка, вежливый мастер"), (9, "Приёмка быстрая"), (3, "Долгая приёмка")] {
            try await app.answer(nps: nps, touchpoint: 1, location: 3, employee: 1, comment: comment)
        }
        let touchpoints = Array(app.services.catalog.snapshot.touchpoints.values)
        let persona = try await app.services.journeyStore.savePersona(JourneyTemplate.repairCentre.persona)
        let map = try await app.services.journeyStore.createJourneyMap(
            JourneyTemplate.repairCentre.map(id: Identifier(0), personaId: persona.id, touchpoints: touchpoints), by: nil, actor: "test",
            at: Date())
        return (app, map)
    }

    @Test func theMapShowsEachStagesDataAndBlindSpots() async throws {
        let (app, map) = try await Self.appWithMap()
        try await app.test { client in
            let page = try await client.page(.get, "/app/journeys/\(map.id)", session: app.sessions[.owner]!)
            #expect(page.status == .ok)
            #expect(page.body.contains("Анна, 34 года, бухгалтер"))
            // The purchase stage's data: three answers at «Приёмка», NPS (2 − 1) / 3 = 33.3, its words.
            #expect(page.body.contains("NPS <strong>+33</strong> <small>n=3</small>"))
            #expect(page.body.contains("приёмка (3)"), "the most frequent comment word with its count")
            // «Выдача» (the use stage) had no answer: a silent touchpoint; awareness has no touchpoint at all.
            #expect(page.body.contains("blind-silentTouchpoint"))
            #expect(page.body.contains("blind-noTouchpoint"))
            #expect(page.body.contains("<svg") && page.body.contains("emotion-title"))
            // Every list and the map: the owner may edit.
            #expect(page.body.contains("/app/journeys/\(map.id)/cell?stage=awareness&amp;lane=doing"))
            let list = try await client.page(.get, "/app/journeys", session: app.sessions[.staff]!)
            #expect(list.status == .ok && list.body.contains(map.title) && !list.body.contains("name=\"template\""))
        }
    }

    @Test func aCellIsEditedWithAFormAndAStaleSaveIsRefused() async throws {
        let (app, map) = try await Self.appWithMap()
        let owner = app.sessions[.owner]!
        let analyst = app.sessions[.analyst]!
        try await app.test { client in
            // Both open the editor of the same cell.
            let path = "/app/journeys/\(map.id)/cell?stage=choice&lane=barriers"
            let opened = try await client.page(.get, path, session: owner)
            #expect(opened.status == .ok)
            let expected = try #require(inputValue(opened.body, name: "expected_text"))
            func save(_ session: (secret: String, csrf: String), _ text: String) async throws -> Page {
                try await client.page(
                    .post, "/app/journeys/\(map.id)/edit", session: session,
                    form: [
                        ("_csrf", session.csrf), ("op", "cell"), ("stage", "choice"), ("lane", "barriers"), ("expected_text", expected),
                        ("expected_basis", "assumption"), ("text", text), ("basis", "evidence"),
                    ])
            }
            let first = try await save(owner, "Не берут трубку <b>вечером</b>")
            #expect(first.status == .seeOther && first.location?.contains("saved=1") == true)
            let second = try await save(analyst, "Другой текст")
            #expect(second.status == .conflict)
            #expect(second.body.contains("изменил кто-то другой"))
            #expect(second.body.contains("Другой текст"), "the author's text stays in the box")
            #expect(second.body.contains("Не берут трубку &lt;b&gt;вечером&lt;/b&gt;"), "the current text, escaped")
            let stored = try #require(try await app.services.journeyStore.journeyMap(id: map.id))
            #expect(stored.stage("choice")?.cells["barriers"] == JourneyMap.Cell("Не берут трубку <b>вечером</b>", basis: .evidence))
            #expect(stored.version == 2)
            let history = try await app.services.journeyStore.journeyHistory(id: map.id)
            #expect(history.first?.actor == "owner" && history.first?.what.first?.kind == "cell")
            // Without its CSRF token the form changes nothing.
            let forged = try await client.page(
                .post, "/app/journeys/\(map.id)/edit", session: owner, form: [("op", "title"), ("title", "Подделка")])
            #expect(forged.status == .forbidden)
            #expect(try await app.services.journeyStore.journeyMap(id: map.id)?.title == map.title)
        }
    }

    @Test func emotionsStagesAndActionsChangeThroughForms() async throws {
        let (app, map) = try await Self.appWithMap()
        let owner = app.sessions[.owner]!
        try await app.test { client in
            func post(_ fields: [(String, String)]) async throws -> Page {
                try await client.page(.post, "/app/journeys/\(map.id)/edit", session: owner, form: [("_csrf", owner.csrf)] + fields)
            }
            #expect(
                try await post([
                    ("op", "emotion"), ("stage", "use"), ("emotion", "-2"), ("desired", "2"), ("expected_emotion", "1"),
                    ("expected_desired", "2"),
                ]).status == .seeOther)
            #expect(
                try await post([("op", "split"), ("stage", "use"), ("name", "Гарантия"), ("back", "stages")]).location?.contains("/stages")
                    == true)
            #expect(
                try await post([("op", "touchpoints"), ("stage", "awareness"), ("touchpoint", "2"), ("touchpoint", "2")]).status
                    == .seeOther)
            #expect(
                try await post([
                    ("op", "action_add"), ("stage", "use"), ("text", "Звонить при сдвиге"), ("owner", "\(app.users[.manager]!.id)"),
                ])
                .status == .seeOther)
            #expect(try await post([("op", "target"), ("stage", "purchase"), ("target_nps", "50")]).status == .seeOther)
            #expect(try await post([("op", "target"), ("stage", "purchase"), ("target_nps", "150")]).status == .unprocessableContent)
            // The action without an owner gets one (the blind spot goes), then a second one is added and removed.
            let added = try #require(try await app.services.journeyStore.journeyMap(id: map.id)?.stage("use")?.actions.first)
            #expect(
                try await post([
                    ("op", "action_set"), ("stage", "use"), ("action", added.id), ("text", "Звонить при сдвиге срока"),
                    ("owner", "\(app.users[.analyst]!.id)"), ("due", "2027-01-31"), ("done", "false"),
                ]).status == .seeOther)
            #expect(try await post([("op", "action_add"), ("stage", "use"), ("text", "Лишнее")]).status == .seeOther)
            let extra = try #require(try await app.services.journeyStore.journeyMap(id: map.id)?.stage("use")?.actions.last)
            #expect(try await post([("op", "action_remove"), ("stage", "use"), ("action", extra.id)]).status == .seeOther)
            let badDate = try await post([("op", "action_add"), ("stage", "use"), ("text", "x"), ("due", "31.12.2026")])
            #expect(badDate.status == .unprocessableContent)
            let outOfRange = try await post([("op", "emotion"), ("stage", "use"), ("emotion", "5")])
            #expect(outOfRange.status == .unprocessableContent)
            let map = try #require(try await app.services.journeyStore.journeyMap(id: map.id))
            #expect(map.stage("use")?.emotion == -2 && map.stage("use")?.emotionGap == 4)
            #expect(map.stages.map(\.name).contains("Гарантия"))
            #expect(map.stage("awareness")?.touchpointIds == [Identifier(2)])
            #expect(map.stage("use")?.actions.map(\.text) == ["Звонить при сдвиге срока"])
            #expect(
                map.stage("use")?.actions.first?.ownerId == app.users[.analyst]!.id && map.stage("use")?.actions.first?.due == "2027-01-31")
            let page = try await client.page(.get, "/app/journeys/\(map.id)", session: owner)
            #expect(page.body.contains("Звонить при сдвиге срока"))
            // Purchase: NPS (2 − 1) / 3 = +33 against a target of 50.
            #expect(page.body.contains("цель NPS 50 (−17)"))
            // The to-do list: the use stage's gap of 4 first.
            let gaps = try #require(page.body.range(of: "id=\"gaps\""))
            #expect(page.body[gaps.upperBound...].contains("Использование</strong>: −2 → +2"))
        }
    }

    @Test func rolesDecideWhoChangesWhichMap() async throws {
        let (app, map) = try await Self.appWithMap()
        try await app.test { client in
            let staff = app.sessions[.staff]!
            let read = try await client.page(.get, "/app/journeys/\(map.id)", session: staff)
            #expect(read.status == .ok && !read.body.contains("/cell?stage=") && read.body.contains("только смотреть"))
            let refused = try await client.page(
                .post, "/app/journeys/\(map.id)/edit", session: staff, form: [("_csrf", staff.csrf), ("op", "title"), ("title", "x")])
            #expect(refused.status == .forbidden)
            // A manager (of Тверская) edits only a map about their locations: not one about the whole company, the
            // city above them or another branch.
            let manager = app.sessions[.manager]!
            for (version, locations, allowed) in [(1, [Int64](), false), (2, [2], false), (3, [4], false), (4, [4, 3], true)] {
                _ = try await app.services.journeyStore.replaceJourneyMap(
                    {
                        var m = map
                        m.locationIds = locations.map(Identifier.init)
                        return m
                    }(), expectedVersion: version, by: nil,
                    actor: "t", at: Date())
                let page = try await client.page(.get, "/app/journeys/\(map.id)/cell?stage=use&lane=goals", session: manager)
                #expect(page.status == (allowed ? .ok : .forbidden), "a map about \(locations)")
            }
            // A manager's new map is about their locations.
            let created = try await client.page(
                .post, "/app/journeys", session: manager,
                form: [("_csrf", manager.csrf), ("template", "restaurant"), ("title", ""), ("persona", "")])
            #expect(created.status == .seeOther)
            let newest = try #require(try await app.services.journeyStore.journeyMaps().first { $0.title.hasPrefix("Ужин") })
            #expect(newest.locationIds == [Identifier(3)])
            let blank = try await client.page(
                .post, "/app/journeys", session: manager, form: [("_csrf", manager.csrf), ("template", ""), ("title", ""), ("persona", "")])
            #expect(blank.status == .unprocessableContent && blank.body.contains("id=\"title-error\""))
        }
    }

    /// The map and stages pages may load the app's own script and nothing else (no inline script, no other
    /// origin); every other page, the public survey included, still allows no script at all.
    @Test func onlyTheEditorPagesLoadTheirOwnScript() async throws {
        let (app, map) = try await Self.appWithMap()
        let owner = app.sessions[.owner]!
        try await app.test { client in
            for path in ["/app/journeys/\(map.id)", "/app/journeys/\(map.id)/stages"] {
                let page = try await client.page(.get, path, session: owner)
                let policy = page.headers[.contentSecurityPolicy] ?? ""
                let scripts = policy.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                    $0.hasPrefix("script-src")
                }
                #expect(scripts == ["script-src 'self'"], "\(path): \(policy)")
                #expect(page.body.contains("<script src=\"/static/journey.js\" defer></script>"))
                #expect(page.body.components(separatedBy: "<script").count == 2, "\(path): one script element, with a src")
            }
            for path in ["/app", "/app/journeys", "/app/journeys/\(map.id)/cell?stage=use&lane=goals", "/s/after-repair"] {
                let page = try await client.page(.get, path, session: path.hasPrefix("/s/") ? nil : owner)
                #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'none'") == true, "\(path)")
                #expect(!page.body.contains("<script"), "\(path)")
            }
            // Staff only read the map: no script for them.
            let read = try await client.page(.get, "/app/journeys/\(map.id)", session: app.sessions[.staff]!)
            #expect(!read.body.contains("<script"))
            let script = try await client.page(.get, "/static/journey.js")
            #expect(script.status == .ok && script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(script.body.contains("inline-cell") && script.body.contains("move-stage"))
        }
    }

    @Test func theTitleLocationsAndPersonaAreEditedOnTheStagesPage() async throws {
        let (app, map) = try await Self.appWithMap()
        let owner = app.sessions[.owner]!
        let manager = app.sessions[.manager]!
        try await app.test { client in
            let page = try await client.page(.get, "/app/journeys/\(map.id)/stages", session: owner)
            #expect(page.status == .ok && page.body.contains("name=\"location\"") && page.body.contains("Анна, 34 года"))
            let located = try await client.page(
                .post, "/app/journeys/\(map.id)/edit", session: owner,
                form: [("_csrf", owner.csrf), ("op", "locations"), ("back", "stages"), ("location", "3"), ("location", "3")])
            #expect(located.status == .seeOther && located.location?.hasPrefix("/app/journeys/\(map.id)/stages?saved=1") == true)
            #expect(try await app.services.journeyStore.journeyMap(id: map.id)?.locationIds == [Identifier(3)])
            // The manager of Тверская may now edit the map, but not say who else may.
            let theirs = try await client.page(.get, "/app/journeys/\(map.id)/stages", session: manager)
            #expect(theirs.status == .ok && !theirs.body.contains("name=\"location\""))
            let grab = try await client.page(
                .post, "/app/journeys/\(map.id)/edit", session: manager,
                form: [("_csrf", manager.csrf), ("op", "locations"), ("location", "4")])
            #expect(grab.status == .forbidden)
            let persona = try await client.page(
                .post, "/app/journeys/\(map.id)/persona", session: manager,
                form: [
                    ("_csrf", manager.csrf), ("name", "Анна, 35 лет"), ("segment", "999"), ("portrait", "Новый портрет"), ("needs", ""),
                    ("behaviour", ""), ("quote", "«Когда?»"),
                ])
            #expect(persona.status == .seeOther)
            let stored = try #require(try await app.services.journeyStore.persona(id: map.personaId))
            #expect(stored.name == "Анна, 35 лет" && stored.segmentId == nil && stored.quote == "«Когда?»")
            let nameless = try await client.page(
                .post, "/app/journeys/\(map.id)/persona", session: manager, form: [("_csrf", manager.csrf), ("name", " ")])
            #expect(nameless.status == .unprocessableContent)
        }
    }

    @Test func colleaguesCommentOnACell() async throws {
        let (app, map) = try await Self.appWithMap()
        let (analyst, staff) = (app.sessions[.analyst]!, app.sessions[.staff]!)
        try await app.test { client in
            let posted = try await client.page(
                .post, "/app/journeys/\(map.id)/comments", session: analyst,
                form: [("_csrf", analyst.csrf), ("stage", "use"), ("lane", "thoughts"), ("text", "Откуда цитата? <script>x</script>")])
            #expect(posted.status == .seeOther && posted.location?.hasSuffix("#comments") == true)
            let editor = try await client.page(.get, "/app/journeys/\(map.id)/cell?stage=use&lane=thoughts", session: analyst)
            #expect(
                editor.body.contains("Откуда цитата? &lt;script&gt;x&lt;/script&gt;") && editor.body.contains("<strong>analyst</strong>"))
            let page = try await client.page(.get, "/app/journeys/\(map.id)", session: analyst)
            #expect(page.body.contains("cell?stage=use&amp;lane=thoughts#comments\">💬 1"))
            let empty = try await client.page(
                .post, "/app/journeys/\(map.id)/comments", session: analyst,
                form: [("_csrf", analyst.csrf), ("stage", "use"), ("lane", "thoughts"), ("text", "   ")])
            #expect(empty.status == .unprocessableContent)
            let byStaff = try await client.page(
                .post, "/app/journeys/\(map.id)/comments", session: staff,
                form: [("_csrf", staff.csrf), ("stage", "use"), ("lane", "thoughts"), ("text", "x")])
            #expect(byStaff.status == .forbidden)
            #expect(try await app.services.journeyStore.journeyComments(id: map.id).count == 1)
        }
    }

    /// The inventory: each touchpoint at its stage × channel with its depth and NPS, the worst first among
    /// those with enough answers; a touchpoint's depth set in the settings form and through the API.
    @Test func theInventoryListsTouchpointsByStageAndChannelWithTheirDepth() async throws {
        let app = try await WebTestApp.make()
        for _ in 0..<30 { try await app.answer(nps: 2, touchpoint: 2, location: 4, employee: 2) }
        for _ in 0..<30 { try await app.answer(nps: 10, touchpoint: 1, location: 3, employee: 1) }
        let owner = app.sessions[.owner]!
        try await app.test { client in
            let saved = try await client.page(
                .post, "/app/settings/touchpoints/2", session: owner,
                form: [("_csrf", owner.csrf), ("name", "Выдача"), ("stage", "use"), ("depth", "engagement"), ("location_id", "4")])
            #expect(saved.status == .seeOther)
            #expect(app.services.catalog.snapshot.touchpoints[Identifier(2)]?.depth == .engagement)
            let page = try await client.page(.get, "/app/touchpoints", session: owner)
            #expect(page.status == .ok)
            #expect(page.body.contains(">Выдача</a> <span class=\"badge\">Вовлечение</span>"))
            let hurts = try #require(page.body.range(of: "Где болит сильнее всего"))
            let list = String(page.body[hurts.upperBound...])
            let (worst, best) = (
                try #require(list.range(of: "<strong>Выдача</strong>")), try #require(list.range(of: "<strong>Приёмка</strong>"))
            )
            #expect(worst.lowerBound < best.lowerBound, "the lowest NPS first")
            // A manager of Тверская sees only their branch's answers there.
            let manager = try await client.page(.get, "/app/touchpoints", session: app.sessions[.manager]!)
            #expect(manager.body.contains("NPS <strong>+100</strong> · n=30") && !manager.body.contains("NPS <strong>−100</strong>"))
            let api = try await client.call(
                .put, "/api/v1/touchpoints/1", token: nil, json: ["name": "Приёмка", "stage": "purchase", "depth": "interaction"])
            #expect(api.0 == .unauthorized)
        }
        let token = try await app.services.tokens.create(name: "t", scopes: [.admin]).secret
        try await app.test { client in
            let put = try await client.call(
                .put, "/api/v1/touchpoints/1", token: token, json: ["name": "Приёмка", "stage": "purchase", "depth": "interaction"])
            #expect(put.0 == .ok && object(put.2)["depth"] as? String == "interaction")
            let bad = try await client.call(
                .put, "/api/v1/touchpoints/1", token: token, json: ["name": "Приёмка", "stage": "purchase", "depth": "deep"])
            #expect(bad.0 == .badRequest || bad.0 == .unprocessableContent)
        }
    }
}
