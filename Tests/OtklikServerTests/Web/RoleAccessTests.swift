import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import Testing

@testable import OtklikServer

/// Every page of the web app, walked as every role and as a visitor who is not signed in: the role
/// check of each route is what the permission table says, and nothing is open by accident.
@Suite struct RoleAccessTests {
    /// Each app route and the permission it needs (every route checks the role: docs/security-and-privacy.md,
    /// "Nobody gets in who should not").
    static let pages: [(path: String, permission: Permission)] = [
        ("/app", .readDashboard), ("/app/responses", .readDashboard), ("/app/responses.csv", .readDashboard),
        ("/app/metrics.csv?metric=nps&by=touchpoint", .readDashboard), ("/app/account", .readDashboard),
        ("/app/surveys", .editSurveys), ("/app/surveys/new", .editSurveys), ("/app/surveys/1", .editSurveys),
        ("/app/surveys/1/preview", .editSurveys), ("/app/surveys/1/preview/frame", .editSurveys),
        ("/app/surveys/1/links", .printSurveyLinks), ("/app/surveys/1/card", .printSurveyLinks),
        ("/app/calls/1", .callCustomers),
        ("/app/settings/organisation", .editOrganisation), ("/app/settings/locations", .editReferenceData),
        ("/app/settings/locations/1", .editReferenceData), ("/app/settings/touchpoints", .editReferenceData),
        ("/app/settings/touchpoints/1", .editReferenceData), ("/app/settings/employees", .editReferenceData),
        ("/app/settings/employees/1", .editReferenceData), ("/app/settings/users", .manageUsers),
        ("/app/settings/users/1", .manageUsers), ("/app/settings/tokens", .manageTokens),
    ]

    /// Forms that change something: refused without the role, and without the CSRF token even with it.
    static let forms: [(path: String, permission: Permission)] = [
        ("/app/surveys/new", .editSurveys), ("/app/surveys/1", .editSurveys), ("/app/calls/1", .callCustomers),
        ("/app/settings/organisation", .editOrganisation), ("/app/settings/locations", .editReferenceData),
        ("/app/settings/locations/1", .editReferenceData), ("/app/settings/touchpoints", .editReferenceData),
        ("/app/settings/employees", .editReferenceData), ("/app/settings/users", .manageUsers),
        ("/app/settings/users/1", .manageUsers), ("/app/settings/tokens", .manageTokens), ("/app/account", .readDashboard),
    ]

    @Test func everyPageAsEveryRole() async throws {
        let app = try await WebTestApp.make()
        try await app.test { client in
            for route in Self.pages {
                let anonymous = try await client.page(.get, route.path)
                #expect(anonymous.status == .seeOther, "\(route.path) without signing in")
                #expect(anonymous.location?.hasPrefix("/login?next=") == true, "\(route.path) sends to sign-in")
                for role in Role.allCases {
                    let page = try await client.page(.get, route.path, session: app.sessions[role]!)
                    let expected: HTTPResponse.Status = role.allows(route.permission) ? .ok : .forbidden
                    #expect(page.status == expected, "\(route.path) as \(role)")
                }
            }
        }
    }

    @Test func everyFormChecksTheRoleAndTheCSRFToken() async throws {
        let app = try await WebTestApp.make()
        try await app.test { client in
            for route in Self.forms {
                for role in Role.allCases {
                    let session = app.sessions[role]!
                    let withoutToken = try await client.page(.post, route.path, session: session, form: [("name", "x")])
                    #expect(withoutToken.status == .forbidden, "\(route.path) as \(role) without CSRF")
                    let wrongToken = try await client.page(
                        .post, route.path, session: session, form: [("_csrf", String(repeating: "0", count: 64))])
                    #expect(wrongToken.status == .forbidden, "\(route.path) as \(role) with a wrong CSRF token")
                    if !role.allows(route.permission) {
                        let page = try await client.page(.post, route.path, session: session, form: [("_csrf", session.csrf)])
                        #expect(page.status == .forbidden, "\(route.path) as \(role) with the token but not the role")
                    }
                }
                let anonymous = try await client.page(.post, route.path, form: [("name", "x")])
                #expect(anonymous.status == .seeOther, "\(route.path) without signing in")
            }
        }
    }

    @Test func publicPagesNeedNoAccount() async throws {
        let app = try await WebTestApp.make()
        try await app.test { client in
            for path in ["/s/after-repair", "/s/after-repair/qr.svg", "/s/after-repair/qr.png", "/login", "/static/otklik.css"] {
                #expect(try await client.page(.get, path).status == .ok, "\(path)")
            }
            #expect(try await client.page(.get, "/setup").status == .seeOther, "setup is over once an account exists")
            #expect(try await client.page(.get, "/s/no-such-survey").status == .notFound)
            let missing = try await client.page(.get, "/no/such/page")
            #expect(missing.status == .notFound && missing.headers[.contentType]?.hasPrefix("text/html") == true)
        }
    }

    @Test func pagesSendSecurityHeaders() async throws {
        let app = try await WebTestApp.make()
        try await app.test { client in
            let page = try await client.page(.get, "/app", session: app.sessions[.owner]!)
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'none'") == true)
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(page.headers[.contentTypeOptions] == "nosniff")
        }
    }
}
