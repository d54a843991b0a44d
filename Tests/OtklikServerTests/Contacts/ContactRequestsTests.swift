import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

/// Issue 12, "contact requests are work": a customer who asks to be contacted after a low score becomes a
/// contact request the manager of that branch sees (list, flag, response page, badge, dashboard), moves
/// from new to contacted to resolved with who and when recorded, and with proof of the consent given.
/// Nobody outside the branch sees it or changes it.
@Suite struct ContactRequestsTests {
    /// A customer answers on the public page at `location` (with a touchpoint and employee there), gives
    /// a low score and asks to be contacted. Returns the response's id.
    static func askToBeContacted(
        _ client: any TestClientProtocol, _ app: WebTestApp, location: Int64, touchpoint: Int64,
        employee: Int64, nps: Int = 2, comment: String, name: String, contact: String,
        lang: String = "ru"
    ) async throws -> OtklikCore.Response.ID {
        let link = "/s/after-repair?l=\(location)&t=\(touchpoint)&e=\(employee)&lang=\(lang)"
        let form = try await client.page(.get, link)
        let key = try #require(inputValue(form.body, name: "k"))
        let sent = try await client.page(.post, link, form: [("k", key), ("q_nps", String(nps)), ("comment", comment)])
        let thanks = try #require(sent.location)
        let page = try await client.page(.get, thanks + "&lang=\(lang)")
        #expect(page.body.contains("href=\"/privacy\""), "the consent links to the privacy notice")
        let signed = try #require(inputValue(page.body, name: "r"))
        let asked = try await client.page(
            .post, "/s/after-repair/contact?lang=\(lang)",
            form: [
                ("r", signed), ("consent", "yes"), ("contact", contact), ("name", name),
            ])
        #expect(asked.status == .seeOther)
        let responses = try await app.services.store.responses(ResponseFilter(), after: nil, limit: 100)
        return try #require(responses.first { $0.comment == comment }?.id)
    }

    @Test func theManagerOfTheBranchSeesTheRequestEverywhere() async throws {
        let app = try await WebTestApp.make()
        try await app.test { client in
            let id = try await Self.askToBeContacted(
                client, app, location: 3, touchpoint: 1, employee: 1,
                comment: "Ноутбук вернули с царапиной", name: "Олег Ветров", contact: "+7 900 111-22-33")
            // Stored as its own record, with the proof of consent.
            let request = try #require(try await app.services.store.contactRequest(response: id))
            #expect(request.status == .new && request.name == "Олег Ветров" && request.contact == "+7 900 111-22-33")
            #expect(request.contactKind == .phone && request.locationId == Identifier(3) && request.employeeId == Identifier(1))
            #expect(request.consent.text == Strings(.ru)[.contactConsentText])
            #expect(request.consent.version == ConsentNotice.version && request.consent.locale == .ru)
            #expect(request.consent.responseId == id && request.consent.surveyId == WebTestApp.survey.id)
            #expect(abs(request.consent.givenAt.timeIntervalSinceNow) < 60)
            #expect(request.history.count == 1 && request.history[0].to == .new && request.history[0].userId == nil)

            let manager = app.sessions[.manager]!
            let list = try await client.page(.get, "/app/contacts", session: manager)
            #expect(list.status == .ok)
            #expect(list.body.contains("Олег Ветров") && list.body.contains("+7 900 111-22-33") && list.body.contains("Ноутбук вернули"))
            #expect(list.body.contains("href=\"/app/responses/\(id.rawValue)\""))
            #expect(list.body.contains("class=\"count\""), "the navigation counts the open request")

            let responses = try await client.page(.get, "/app/responses", session: manager)
            #expect(responses.body.contains("просит связаться") && responses.body.contains("href=\"/app/responses/\(id.rawValue)\""))

            let detail = try await client.page(.get, "/app/responses/\(id.rawValue)", session: manager)
            #expect(detail.status == .ok)
            for text in [
                "Олег Ветров", "+7 900 111-22-33", "Ноутбук вернули", "Тверская", "Приёмка", "Андрей Соколов",
                "Порекомендуете?", "просит связаться", HTML.escaped(Strings(.ru)[.contactConsentText]), ConsentNotice.version,
            ] {
                #expect(detail.body.contains(text), "the response page shows \(text)")
            }
            let dashboard = try await client.page(.get, "/app", session: manager)
            #expect(dashboard.body.contains("class=\"contact-banner\"") && dashboard.body.contains("href=\"/app/contacts?status=new\""))

            // English: the consent is stored in the words shown.
            let english = try await Self.askToBeContacted(
                client, app, location: 3, touchpoint: 1, employee: 1, comment: "Slow",
                name: "Ann", contact: "ann@example.com", lang: "en")
            let englishRequest = try #require(try await app.services.store.contactRequest(response: english))
            #expect(englishRequest.consent.text == Strings(.en)[.contactConsentText] && englishRequest.consent.locale == .en)
            #expect(englishRequest.contactKind == .email)
        }
    }

    @Test func anotherBranchAndStaffGetNothing() async throws {
        let app = try await WebTestApp.make()
        try await app.test { client in
            let other = try await Self.askToBeContacted(
                client, app, location: 4, touchpoint: 2, employee: 2,
                comment: "На Бауманской нагрубили", name: "Ирина", contact: "irina@example.ru")
            let own = try await Self.askToBeContacted(
                client, app, location: 3, touchpoint: 1, employee: 1,
                comment: "На Тверской долго", name: "Пётр", contact: "+7 900 000-00-01")
            let otherRequest = try #require(try await app.services.store.contactRequest(response: other))
            let manager = app.sessions[.manager]!
            // The manager of branch 3: the other branch's response is not found, and not listed.
            #expect(try await client.page(.get, "/app/responses/\(other.rawValue)", session: manager).status == .notFound)
            let list = try await client.page(.get, "/app/contacts", session: manager)
            #expect(!list.body.contains("Ирина") && !list.body.contains("irina@example.ru") && list.body.contains("Пётр"))
            for status in ContactRequest.Status.allCases {
                let filtered = try await client.page(.get, "/app/contacts?status=\(status.rawValue)&location=4", session: manager)
                #expect(!filtered.body.contains("Ирина"))
            }
            let changed = try await client.page(
                .post, "/app/contacts/\(otherRequest.id.rawValue)/status", session: manager,
                form: [("_csrf", manager.csrf), ("status", "contacted")])
            #expect(changed.status == .notFound)
            #expect(try await app.services.store.contactRequest(id: otherRequest.id)?.status == .new)
            let responses = try await client.page(.get, "/app/responses", session: manager)
            #expect(!responses.body.contains("/app/responses/\(other.rawValue)\""))

            // Staff (employee 1, branch 3): their own response shows the flag but no contact; the list and
            // status changes are not theirs.
            let staff = app.sessions[.staff]!
            #expect(try await client.page(.get, "/app/responses/\(other.rawValue)", session: staff).status == .notFound)
            let ownPage = try await client.page(.get, "/app/responses/\(own.rawValue)", session: staff)
            #expect(ownPage.status == .ok && ownPage.body.contains("просит связаться"))
            #expect(!ownPage.body.contains("+7 900 000-00-01") && !ownPage.body.contains("Пётр"))
            #expect(!ownPage.body.contains("name=\"status\""))
            #expect(try await client.page(.get, "/app/contacts", session: staff).status == .forbidden)
            let ownRequest = try #require(try await app.services.store.contactRequest(response: own))
            let refused = try await client.page(
                .post, "/app/contacts/\(ownRequest.id.rawValue)/status", session: staff,
                form: [("_csrf", staff.csrf), ("status", "contacted")])
            #expect(refused.status == .forbidden)
            #expect(try await app.services.store.contactRequest(id: ownRequest.id)?.status == .new)

            // The owner sees both; the badge counts what each may see.
            let owner = try await client.page(.get, "/app/contacts", session: app.sessions[.owner]!)
            #expect(owner.body.contains("Ирина") && owner.body.contains("Пётр"))
            #expect(try await app.services.contactRequests.openCount(scope: app.users[.owner]!.scope) == 2)
            #expect(try await app.services.contactRequests.openCount(scope: app.users[.manager]!.scope) == 1)
            #expect(try await app.services.contactRequests.openCount(scope: DataScope.nothing) == 0)
        }
    }

    @Test func statusMovesFromNewToContactedToResolvedWithWhoAndWhen() async throws {
        let app = try await WebTestApp.make()
        try await app.test { client in
            let id = try await Self.askToBeContacted(
                client, app, location: 3, touchpoint: 1, employee: 1,
                comment: "Сломали петлю", name: "Анна", contact: "+7 900 000-00-02")
            let request = try #require(try await app.services.store.contactRequest(response: id))
            let manager = app.sessions[.manager]!
            let path = "/app/contacts/\(request.id.rawValue)/status"
            // Without the CSRF token: refused, nothing changes.
            #expect(try await client.page(.post, path, session: manager, form: [("status", "contacted")]).status == .forbidden)
            #expect(try await app.services.store.contactRequest(id: request.id)?.status == .new)

            let before = Date(timeIntervalSinceNow: -1)
            let contacted = try await client.page(
                .post, path, session: manager,
                form: [
                    ("_csrf", manager.csrf), ("status", "contacted"), ("note", "Позвонил, извинился"), ("back", "response"),
                ])
            #expect(contacted.status == .seeOther && contacted.location?.hasPrefix("/app/responses/\(id.rawValue)?changed=") == true)
            let resolved = try await client.page(
                .post, path, session: app.sessions[.owner]!,
                form: [
                    ("_csrf", app.sessions[.owner]!.csrf), ("status", "resolved"), ("back", "list"),
                ])
            #expect(resolved.status == .seeOther && resolved.location?.hasPrefix("/app/contacts?changed=") == true)
            // A stale page asking again for what is already done: a conflict, nothing recorded.
            let again = try await client.page(.post, path, session: manager, form: [("_csrf", manager.csrf), ("status", "resolved")])
            #expect(again.status == .conflict)
            let bogus = try await client.page(.post, path, session: manager, form: [("_csrf", manager.csrf), ("status", "lost")])
            #expect(bogus.status == .badRequest)

            let stored = try #require(try await app.services.store.contactRequest(id: request.id))
            #expect(stored.status == .resolved)
            #expect(stored.history.map(\.to) == [.new, .contacted, .resolved])
            #expect(stored.history.map(\.from) == [nil, .new, .contacted])
            #expect(stored.history[1].userId == app.users[.manager]!.id && stored.history[1].actor == "manager")
            #expect(stored.history[1].note == "Позвонил, извинился")
            #expect(stored.history[2].userId == app.users[.owner]!.id)
            #expect(stored.history[1].at >= before.addingTimeInterval(-1) && stored.history[2].at <= Date().addingTimeInterval(1))
            #expect(stored.updatedAt == stored.history[2].at)

            let detail = try await client.page(.get, "/app/responses/\(id.rawValue)", session: manager)
            #expect(detail.body.contains("Позвонил, извинился") && detail.body.contains("Решено"))
            #expect(detail.body.contains("value=\"contacted\""), "a resolved request can be reopened")
            #expect(try await app.services.contactRequests.openCount(scope: app.users[.manager]!.scope) == 0)
            let list = try await client.page(.get, "/app/contacts?status=new", session: manager)
            #expect(!list.body.contains("Сломали петлю"))
            let done = try await client.page(.get, "/app/contacts?status=resolved&sort=score", session: manager)
            #expect(done.body.contains("Сломали петлю"))
        }
    }

    @Test func theAPIListsRequestsAndChangesTheirStatus() async throws {
        let app = try await WebTestApp.make()
        let reader = try await app.services.tokens.create(name: "crm-read", scopes: [.read]).secret
        let admin = try await app.services.tokens.create(name: "crm", scopes: [.admin]).secret
        try await app.test { client in
            let id = try await Self.askToBeContacted(
                client, app, location: 4, touchpoint: 2, employee: 2,
                comment: "Не перезвонили", name: "Вера", contact: "vera@example.ru")
            let request = try #require(try await app.services.store.contactRequest(response: id))
            let (status, _, data) = try await client.call(.get, "/api/v1/contact-requests?status=new", token: reader)
            #expect(status == .ok)
            let items = object(data)["items"] as? [[String: Any]] ?? []
            #expect(items.count == 1 && items[0]["contact"] as? String == "vera@example.ru" && items[0]["status"] as? String == "new")
            let consent = items[0]["consent"] as? [String: Any] ?? [:]
            #expect(consent["version"] as? String == ConsentNotice.version && consent["response_id"] as? Int == Int(id.rawValue))
            #expect((items[0]["history"] as? [Any])?.count == 1)
            #expect(try await client.call(.get, "/api/v1/contact-requests?status=lost", token: reader).0 == .badRequest)
            #expect(try await client.call(.get, "/api/v1/contact-requests?colour=red", token: reader).0 == .badRequest)

            let path = "/api/v1/contact-requests/\(request.id.rawValue)"
            #expect(try await client.call(.patch, path, token: reader, json: ["status": "contacted"]).0 == .forbidden)
            let changed = try await client.call(.patch, path, token: admin, json: ["status": "contacted", "note": "Написали письмо"])
            #expect(changed.0 == .ok && object(changed.2)["status"] as? String == "contacted")
            #expect(try await client.call(.patch, path, token: admin, json: ["status": "contacted"]).0 == .conflict)
            #expect(try await client.call(.patch, path, token: admin, json: ["status": "lost"]).0.code / 100 == 4)
            #expect(
                try await client.call(.patch, "/api/v1/contact-requests/999", token: admin, json: ["status": "resolved"]).0 == .notFound)
            let stored = try #require(try await app.services.store.contactRequest(id: request.id))
            #expect(stored.history.last?.actor.contains("crm") == true && stored.history.last?.note == "Написали письмо")

            // Paging, newest first.
            let second = try await Self.askToBeContacted(
                client, app, location: 3, touchpoint: 1, employee: 1,
                comment: "Второй раз", name: "Глеб", contact: "+7 900 555-00-00")
            let first = object(try await client.call(.get, "/api/v1/contact-requests?limit=1", token: reader).2)
            let firstItems = first["items"] as? [[String: Any]] ?? []
            #expect(firstItems.first?["response_id"] as? Int == Int(second.rawValue))
            let cursor = try #require(first["next_cursor"] as? Int)
            let next = object(try await client.call(.get, "/api/v1/contact-requests?limit=1&cursor=\(cursor)", token: reader).2)
            #expect((next["items"] as? [[String: Any]])?.first?["response_id"] as? Int == Int(id.rawValue))

            let audit = try await app.services.store.auditEntries(limit: 20)
            #expect(audit.contains { $0.action == .viewed && $0.subject == "contact requests" && $0.actor.contains("crm-read") })
        }
    }

    @Test func theTransitionsAreTheCoresRule() {
        #expect(ContactRequest.Status.new.canMove(to: .contacted) && ContactRequest.Status.contacted.canMove(to: .resolved))
        #expect(ContactRequest.Status.new.canMove(to: .resolved) && ContactRequest.Status.resolved.canMove(to: .contacted))
        #expect(!ContactRequest.Status.new.canMove(to: .new) && !ContactRequest.Status.contacted.canMove(to: .new))
        #expect(!ContactRequest.Status.resolved.canMove(to: .resolved))
    }

    @Test func thePrivacyNoticeIsPublicInBothLanguages() async throws {
        let app = try await WebTestApp.make()
        try await app.test { client in
            let ru = try await client.page(.get, "/privacy?lang=ru")
            #expect(ru.status == .ok && ru.body.contains("152-ФЗ") && ru.body.contains(ConsentNotice.version))
            let en = try await client.page(.get, "/privacy?lang=en")
            #expect(en.status == .ok && en.body.contains("Privacy notice") && en.body.contains("152-FZ"))
            let survey = try await client.page(.get, "/s/after-repair")
            #expect(survey.body.contains("href=\"/privacy\""))
        }
    }
}
