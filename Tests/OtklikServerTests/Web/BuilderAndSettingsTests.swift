import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

@Suite struct BuilderAndSettingsTests {
    @Test func aSurveyFromATemplateIsEditedReorderedAndPublished() async throws {
        let app = try await WebTestApp.make()
        let session = app.sessions[.analyst]!
        try await app.test { client in
            let created = try await client.page(
                .post, "/app/surveys/new", session: session, form: [("_csrf", session.csrf), ("template", "after_support")])
            let editor = try #require(created.location)
            #expect(editor == "/app/surveys/2")
            var survey = try #require(app.services.catalog.snapshot.surveys[Identifier(2)])
            #expect(
                survey.status == .draft && survey.template == "after_support" && survey.questions.first?.csatScale == .threeOptionWeighted)
            let page = try await client.page(.get, editor, session: session)
            #expect(page.body.contains("Плохо / удовлетворительно / отлично = 2 / 3 / 5"))

            // Post the editor's own fields back, with a new English title and the second question moved up.
            func fields(_ survey: Survey) -> [(String, String)] {
                var form = [
                    ("_csrf", session.csrf), ("title_ru", survey.title.ru), ("title_en", "Support, rated"),
                    ("count", String(survey.questions.count)),
                ]
                for (i, q) in survey.questions.enumerated() {
                    form += [("q\(i)_id", q.id), ("q\(i)_kind", q.kind.rawValue), ("q\(i)_ru", q.text.ru), ("q\(i)_en", q.text.en)]
                    if q.required { form.append(("q\(i)_required", "1")) }
                    if q.kind == .csat { form.append(("q\(i)_scale", "3_weighted")) }
                    if let options = q.options { form.append(("q\(i)_options", SurveyEditorForm.optionsText(options))) }
                }
                return form
            }
            let moved = try await client.page(.post, editor, session: session, form: fields(survey) + [("action", "up:1")])
            #expect(moved.status == .seeOther)
            survey = try #require(app.services.catalog.snapshot.surveys[Identifier(2)])
            #expect(survey.title.en == "Support, rated" && survey.questions.map(\.id) == ["ces", "csat", "resolved"])

            // A question without text is refused next to the field; nothing changes.
            var broken = fields(survey)
            broken = broken.map { $0.0 == "q0_ru" || $0.0 == "q0_en" ? ($0.0, "") : $0 }
            let refused = try await client.page(.post, editor, session: session, form: broken)
            #expect(refused.status == .unprocessableContent && refused.body.contains("q0_ru-error"))
            #expect(app.services.catalog.snapshot.surveys[Identifier(2)]?.questions.first?.text.ru.isEmpty == false)

            let added = try await client.page(
                .post, editor, session: session, form: fields(survey) + [("action", "add"), ("new_kind", "stars")])
            #expect(added.status == .seeOther)
            survey = try #require(app.services.catalog.snapshot.surveys[Identifier(2)])
            #expect(survey.questions.last?.kind == .stars)

            #expect(try await client.page(.get, "/s/\(survey.code)").status == .notFound, "a draft is not public")
            _ = try await client.page(.post, editor, session: session, form: fields(survey) + [("action", "publish")])
            #expect(app.services.catalog.snapshot.surveys[Identifier(2)]?.status == .live)
            #expect(try await client.page(.get, "/s/\(survey.code)").status == .ok)
            let preview = try await client.page(.get, "/app/surveys/2/preview/frame", session: session)
            #expect(preview.body.contains("Предпросмотр"))
            let tried = try await client.page(.post, "/app/surveys/2/preview/frame", session: session, form: [("q_csat", "3")])
            #expect(tried.status == .ok && tried.body.contains("Спасибо"))
            #expect(try await app.services.store.responses(ResponseFilter(), after: nil, limit: 10).isEmpty, "a preview stores nothing")
        }
    }

    @Test func referenceDataIsKeptFromTheSettingsPages() async throws {
        let app = try await WebTestApp.make()
        let session = app.sessions[.owner]!
        try await app.test { client in
            let added = try await client.page(
                .post, "/app/settings/touchpoints", session: session,
                form: [
                    ("_csrf", session.csrf), ("name", "Чат на сайте"), ("stage", "search"), ("channel_id", "1"), ("owner_id", "2"),
                    ("location_id", "4"),
                ])
            #expect(added.status == .seeOther)
            let touchpoint = try #require(app.services.catalog.snapshot.touchpoints.values.first { $0.name == "Чат на сайте" })
            #expect(touchpoint.stage == .search && touchpoint.ownerId == Identifier(2) && touchpoint.locationId == Identifier(4))
            let missingName = try await client.page(
                .post, "/app/settings/locations", session: session, form: [("_csrf", session.csrf), ("kind", "branch")])
            #expect(missingName.status == .unprocessableContent && missingName.body.contains("name-error"))
            let cycle = try await client.page(
                .post, "/app/settings/locations/2", session: session,
                form: [
                    ("_csrf", session.csrf), ("name", "Москва"), ("kind", "city"), ("parent_id", "3"),
                ])
            #expect(cycle.status == .unprocessableContent, "a city cannot sit inside its own branch")

            try await app.answer(nps: 9, touchpoint: 1, location: 3, employee: 1)
            let inUse = try await client.page(
                .post, "/app/settings/touchpoints/1", session: session, form: [("_csrf", session.csrf), ("action", "delete")])
            #expect(inUse.status == .conflict, "answers refer to it")
            let deleted = try await client.page(
                .post, "/app/settings/touchpoints/\(touchpoint.id.rawValue)", session: session,
                form: [("_csrf", session.csrf), ("action", "delete")])
            #expect(deleted.status == .seeOther && app.services.catalog.snapshot.touchpoints[touchpoint.id] == nil)

            let user = try await client.page(
                .post, "/app/settings/users", session: session,
                form: [
                    ("_csrf", session.csrf), ("email", "new@test.otklik"), ("name", "Новый"), ("role", "manager"), ("location_ids", "3"),
                    ("location_ids", "4"), ("password", "long enough password"),
                ])
            #expect(user.status == .seeOther)
            #expect(try await app.services.store.user(email: "new@test.otklik")?.locationIds == [Identifier(3), Identifier(4)])
            let me = try await client.page(
                .post, "/app/settings/users/\(app.users[.owner]!.id.rawValue)", session: session,
                form: [("_csrf", session.csrf), ("action", "delete")])
            #expect(me.status == .conflict, "the owner cannot delete themselves")

            let token = try await client.page(
                .post, "/app/settings/tokens", session: session,
                form: [
                    ("_csrf", session.csrf), ("name", "касса"), ("scopes", "ingest"),
                ])
            #expect(token.status == .ok)
            let secret = try #require(token.body.range(of: "otk_").map { String(token.body[$0.lowerBound...].prefix(68)) })
            #expect(try await app.services.tokens.authenticate(secret)?.scopes == [.ingest])

            let zone = try await client.page(
                .post, "/app/settings/organisation", session: session,
                form: [
                    ("_csrf", session.csrf), ("name", "Сеть"), ("default_locale", "ru"), ("time_zone", "Mars/Olympus"),
                ])
            #expect(zone.status == .unprocessableContent && zone.body.contains("Такого часового пояса нет"))
        }
    }

    /// The settings forms refuse the names the API refuses (`NameRule`), each next to its field.
    @Test func settingsFormsRefuseControlCharactersInNames() async throws {
        let app = try await WebTestApp.make()
        let session = app.sessions[.owner]!
        try await app.test { client in
            for (path, extra) in [
                ("/app/settings/organisation", [("default_locale", "ru"), ("time_zone", "Europe/Moscow")]),
                ("/app/settings/locations", [("kind", "branch")]), ("/app/settings/touchpoints", [("stage", "use")]),
                ("/app/settings/employees", []), ("/app/settings/tokens", [("scopes", "read")]),
            ] {
                for name in ["Тверская\u{202E}2", "Тверская\u{1B}[2J", "Твер\u{85}ская"] {
                    let page = try await client.page(
                        .post, path, session: session, form: [("_csrf", session.csrf), ("name", name)] + extra)
                    #expect(
                        page.status == .unprocessableContent && page.body.contains("name-error"),
                        "\(path) took \(name.unicodeScalars.map(\.value))")
                }
            }
            #expect(app.services.catalog.snapshot.organisation.name.unicodeScalars.allSatisfy { $0.value >= 0x20 })
        }
    }
}

@Suite struct CallPageTests {
    @Test func anOperatorRecordsACallForTheirBranch() async throws {
        let app = try await WebTestApp.make()
        let session = app.sessions[.manager]!
        try await app.test { client in
            let page = try await client.page(.get, "/app/calls/1", session: session)
            let key = try #require(inputValue(page.body, name: "k"))
            #expect(!page.body.contains(">Бауманская<"), "a manager picks only their own locations")
            let elsewhere = try await client.page(
                .post, "/app/calls/1", session: session,
                form: [
                    ("_csrf", session.csrf), ("k", key), ("location", "4"), ("q_nps", "9"),
                ])
            #expect(elsewhere.status == .unprocessableContent)
            let missing = try await client.page(
                .post, "/app/calls/1", session: session,
                form: [
                    ("_csrf", session.csrf), ("k", key), ("location", "3"), ("customer_name", "Олег"), ("q_csat", "4"),
                ])
            #expect(missing.status == .unprocessableContent && missing.body.contains("q_nps-error"))
            #expect(try await app.services.store.all(Customer.self).isEmpty, "a refused call stores no client")
            let saved = try await client.page(
                .post, "/app/calls/1", session: session,
                form: [
                    ("_csrf", session.csrf), ("k", key), ("location", "3"), ("employee", "1"), ("order_id", "TP-77"),
                    ("customer_name", "Олег"), ("customer_phone", "+7 900 1"), ("q_nps", "9"), ("q_csat", "4"), ("comment", "Всё хорошо"),
                ])
            #expect(saved.status == .seeOther)
            let response = try #require(try await app.services.store.responses(ResponseFilter(), after: nil, limit: 5).first)
            #expect(response.source == .phone && response.context.orderId == "TP-77" && response.context.locationId == Identifier(3))
            #expect(response.context.channelId == app.services.catalog.snapshot.channelByCode["phone"])
            #expect(response.context.customerId != nil && response.comment == "Всё хорошо")
            let again = try await client.page(
                .post, "/app/calls/1", session: session,
                form: [
                    ("_csrf", session.csrf), ("k", key), ("location", "3"), ("employee", "1"), ("order_id", "TP-77"),
                    ("customer_name", "Олег"), ("customer_phone", "+7 900 1"), ("q_nps", "9"), ("q_csat", "4"), ("comment", "Всё хорошо"),
                ])
            #expect(again.status == .seeOther)
            #expect(
                try await app.services.store.responses(ResponseFilter(), after: nil, limit: 5).count == 1, "a double submit stores one call"
            )
            #expect(try await app.services.store.all(Customer.self).count == 1, "and one client")
        }
    }
}

@Suite struct WebBasicsTests {
    @Test func htmlInterpolationEscapesTextAndKeepsMarkup() {
        let name = "<img src=x onerror=alert(1)> & 'Ко'"
        let inner: HTML = "<b>\(name)</b>"
        let outer: HTML = "<p title=\"\(name)\">\(inner)</p>"
        #expect(
            outer.rendered
                == "<p title=\"&lt;img src=x onerror=alert(1)&gt; &amp; &#39;Ко&#39;\"><b>&lt;img src=x onerror=alert(1)&gt; &amp; &#39;Ко&#39;</b></p>"
        )
    }

    @Test func russianPluralsNumbersAndDates() {
        let ru = Strings(.ru)
        let en = Strings(.en)
        #expect(
            [1, 2, 5, 11, 12, 21, 22, 25, 101, 111, 1_000].map { ru.count($0, .response) } == [
                "1 ответ", "2 ответа", "5 ответов", "11 ответов", "12 ответов", "21 ответ", "22 ответа", "25 ответов", "101 ответ",
                "111 ответов", "1\u{202F}000 ответов",
            ])
        #expect(en.count(1, .response) == "1 response" && en.count(2, .response) == "2 responses")
        #expect(ru.decimal(42.46, digits: 1) == "42,5" && en.decimal(42.46, digits: 1) == "42.5")
        #expect(
            ru.decimal(-3, digits: 0, signed: true) == "−3" && ru.decimal(3, digits: 0, signed: true) == "+3"
                && ru.decimal(-0.2, digits: 0) == "0")
        let day = CivilDay.dayNumber(year: 2026, month: 12, day: 2)
        #expect(ru.date(day: day) == "2 дек. 2026" && en.date(day: day) == "2 Dec 2026")
    }

    @Test func languageNegotiation() {
        #expect(Strings.negotiate(query: nil, cookie: nil, acceptLanguage: "en-GB,en;q=0.9,ru;q=0.8", fallback: .ru) == .en)
        #expect(Strings.negotiate(query: nil, cookie: nil, acceptLanguage: "de-DE,de;q=0.9,ru;q=0.5", fallback: .en) == .ru)
        #expect(Strings.negotiate(query: nil, cookie: nil, acceptLanguage: "de-DE", fallback: .ru) == .ru)
        #expect(Strings.negotiate(query: "en", cookie: "ru", acceptLanguage: "ru", fallback: .ru) == .en)
        #expect(Strings.negotiate(query: "xx", cookie: "en", acceptLanguage: "ru", fallback: .ru) == .en)
        #expect(
            Strings.negotiate(query: nil, cookie: nil, preferred: .en, acceptLanguage: "ru", fallback: .ru) == .en,
            "the account's language beats the browser's")
    }

    @Test func formSignerRefusesTamperedValues() {
        let signer = FormSigner(secret: Array(repeating: 7, count: 32))
        let signed = signer.sign("12345")
        #expect(signer.verify(signed) == "12345")
        #expect(signer.verify("12346" + signed.drop(while: { $0 != "." })) == nil)
        #expect(FormSigner(secret: Array(repeating: 8, count: 32)).verify(signed) == nil)
        #expect(signer.verify("no-dot") == nil)
    }

    @Test func rateLimiterRefillsOverTime() {
        let limiter = RateLimiter(burst: 2, perMinute: 60)
        let start = Date(timeIntervalSince1970: 1_000_000)
        #expect(limiter.allow("ip", now: start) && limiter.allow("ip", now: start))
        #expect(!limiter.allow("ip", now: start))
        #expect(limiter.allow("other", now: start), "per key")
        #expect(limiter.allow("ip", now: start.addingTimeInterval(1.01)), "one a second")
    }
}
