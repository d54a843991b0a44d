import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

@Suite struct AccountsTests {
    /// GET the page first (it sets the anonymous CSRF cookie), then post its form with that token.
    private func postAnonymous(_ client: any TestClientProtocol, _ path: String, _ form: [(String, String)]) async throws -> Page {
        let first = try await client.page(.get, path)
        let cookie = try #require(setCookie(first, PageContext.csrfCookie))
        #expect(inputValue(first.body, name: "_csrf") == cookie)
        return try await client.page(.post, path, form: [("_csrf", cookie)] + form, cookies: [PageContext.csrfCookie: cookie])
    }

    @Test func firstRunCreatesTheOwnerAndSignsIn() async throws {
        var config = ServerConfig(dataDirectory: nil)
        config.passwordCost = 4
        let services = try await Services.open(config)
        try await buildApplication(services: services).test(.router) { client in
            #expect(try await client.page(.get, "/").location == "/setup")
            #expect(try await client.page(.get, "/login").location == "/setup")
            // Every mistake at once, next to its field; nothing is created.
            let refused = try await postAnonymous(
                client, "/setup",
                [
                    ("organisation", ""), ("name", "Ирина"), ("email", "not-an-address"),
                    ("password", "short"), ("password_again", "other"),
                ])
            #expect(refused.status == .unprocessableContent)
            for field in ["organisation", "email", "password", "password_again"] {
                #expect(refused.body.contains("id=\"\(field)-error\""), "\(field) has its message")
            }
            #expect(refused.body.contains("value=\"Ирина\""), "what was typed is kept")
            #expect(!refused.body.contains("value=\"short\""), "passwords are never echoed")
            #expect(try await services.store.users().isEmpty)

            let created = try await postAnonymous(
                client, "/setup",
                [
                    ("organisation", "Кофейня «Зерно»"), ("name", "Ирина"),
                    ("email", "Irina@Zerno.ru "), ("password", "long enough password"),
                    ("password_again", "long enough password"),
                ])
            #expect(created.status == .seeOther && created.location == "/app")
            let session = try #require(setCookie(created, PageContext.sessionCookie))
            let cookie = created.headers[values: .setCookie].first { $0.hasPrefix(PageContext.sessionCookie) } ?? ""
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
            let users = try await services.store.users()
            #expect(users.count == 1 && users[0].role == .owner && users[0].email == "irina@zerno.ru")
            #expect(users[0].passwordHash.hasPrefix("$2"), "bcrypt")
            #expect(services.catalog.snapshot.organisation.name == "Кофейня «Зерно»")
            let dashboard = try await client.page(.get, "/app", cookies: [PageContext.sessionCookie: session])
            #expect(dashboard.status == .ok && dashboard.body.contains("Кофейня «Зерно»"))
            // Setup happens once.
            #expect(try await client.page(.get, "/setup").location == "/login")
        }
    }

    @Test func signInRefusesAWrongPasswordAndLocksAfterRepeatedFailures() async throws {
        let app = try await WebTestApp.make()
        try await app.test { client in
            let wrong = try await postAnonymous(client, "/login", [("email", "analyst@test.otklik"), ("password", "wrong password")])
            #expect(wrong.status == .unauthorized && setCookie(wrong, PageContext.sessionCookie) == nil)
            #expect(wrong.body.contains("Неверный e-mail или пароль"))
            let unknown = try await postAnonymous(client, "/login", [("email", "nobody@test.otklik"), ("password", "whatever password")])
            #expect(
                unknown.status == .unauthorized && unknown.body.contains("Неверный e-mail или пароль"),
                "the same answer: no account probing")

            let good = try await postAnonymous(
                client, "/login",
                [
                    ("email", "ANALYST@test.otklik"), ("password", WebTestApp.password),
                    ("next", "/app/surveys"),
                ])
            #expect(good.status == .seeOther && good.location == "/app/surveys")
            #expect(setCookie(good, PageContext.sessionCookie) != nil)

            // Five wrong passwords in a row lock the account; then even the right one is refused for a while.
            for _ in 1...User.Policy.maxFailedLogins {
                _ = try await postAnonymous(client, "/login", [("email", "manager@test.otklik"), ("password", "guess")])
            }
            let locked = try await postAnonymous(client, "/login", [("email", "manager@test.otklik"), ("password", WebTestApp.password)])
            #expect(locked.status == .unauthorized && locked.body.contains("заблокирован"))
            let user = try #require(try await app.services.store.user(email: "manager@test.otklik"))
            #expect(user.lockedUntil.map { $0 > Date() } == true)
        }
    }

    @Test func behindTLSTheSessionCookieIsSecure() async throws {
        let app = try await WebTestApp.make()
        try await app.test { client in
            var https = HTTPFields()
            https[.forwardedProto] = "https"
            let first = try await client.page(.get, "/login", headers: https)
            let csrf = try #require(setCookie(first, PageContext.csrfCookie))
            let signedIn = try await client.page(
                .post, "/login", form: [("_csrf", csrf), ("email", "owner@test.otklik"), ("password", WebTestApp.password)],
                cookies: [PageContext.csrfCookie: csrf], headers: https)
            let cookie = signedIn.headers[values: .setCookie].first { $0.hasPrefix(PageContext.sessionCookie) } ?? ""
            #expect(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
            let plain = try await client.page(.get, "/login")
            #expect(
                plain.headers[values: .setCookie].allSatisfy { !$0.contains("Secure") }, "plain HTTP (the demo) cannot use Secure cookies")
        }
    }

    @Test func signInNeverRedirectsToAnotherSite() async throws {
        let app = try await WebTestApp.make()
        try await app.test { client in
            for next in ["https://evil.example/", "//evil.example/", "/\\evil.example"] {
                let page = try await postAnonymous(
                    client, "/login", [("email", "owner@test.otklik"), ("password", WebTestApp.password), ("next", next)])
                #expect(page.location == "/app", "\(next)")
            }
        }
    }

    @Test func formsFromAnotherOriginAreRefused() async throws {
        let app = try await WebTestApp.make()
        try await app.test { client in
            let session = app.sessions[.owner]!
            var headers = HTTPFields()
            headers[.origin] = "https://evil.example"
            let page = try await client.page(
                .post, "/app/settings/locations", session: session,
                form: [("_csrf", session.csrf), ("name", "Новое место")], headers: headers)
            #expect(page.status == .forbidden)
            #expect(app.services.catalog.snapshot.locations.count == 4)
            headers[.origin] = "http://localhost"
            let sameSite = try await client.page(
                .post, "/app/settings/locations", session: session,
                form: [("_csrf", session.csrf), ("name", "Новое место")], headers: headers)
            #expect(sameSite.status == .seeOther, "a form from this site (HummingbirdTesting's host is localhost)")
        }
    }

    @Test func passwordChangeEndsOtherSessionsAndSignOutEndsThisOne() async throws {
        let app = try await WebTestApp.make()
        let user = app.users[.analyst]!
        let (other, otherSecret) = try await app.services.accounts.startSession(for: user, now: Date())
        _ = other
        try await app.test { client in
            let session = app.sessions[.analyst]!
            let wrong = try await client.page(
                .post, "/app/account", session: session,
                form: [
                    ("_csrf", session.csrf), ("current_password", "not it"), ("new_password", "a new long password"),
                    ("new_password_again", "a new long password"),
                ])
            #expect(wrong.status == .unprocessableContent && wrong.body.contains("current_password-error"))
            let changed = try await client.page(
                .post, "/app/account", session: session,
                form: [
                    ("_csrf", session.csrf), ("current_password", WebTestApp.password), ("new_password", "a new long password"),
                    ("new_password_again", "a new long password"),
                ])
            #expect(changed.status == .seeOther)
            #expect(
                try await client.page(.get, "/app", cookies: [PageContext.sessionCookie: otherSecret]).status == .seeOther,
                "the other browser is signed out")
            #expect(try await client.page(.get, "/app", session: session).status == .ok, "this one stays")
            _ = try await app.services.accounts.signIn(email: user.email, password: "a new long password")

            let english = try await client.page(
                .post, "/app/account", session: session, form: [("_csrf", session.csrf), ("action", "language"), ("locale", "en")])
            #expect(english.status == .seeOther && setCookie(english, PageContext.languageCookie) == "en")
            #expect(try await app.services.store.user(id: user.id)?.locale == .en)
            #expect(try await client.page(.get, "/app", session: session).body.contains("lang=\"en\""), "the account's language")

            let out = try await client.page(.post, "/logout", session: session, form: [("_csrf", session.csrf)])
            #expect(out.status == .seeOther && out.location == "/login")
            #expect(try await client.page(.get, "/app", session: session).status == .seeOther)
        }
    }
}
