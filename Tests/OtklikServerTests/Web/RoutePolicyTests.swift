import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

/// Every route the router registers, requested as every web role and every token scope, answers as
/// `RoutePolicy.table` says; a route missing from the table fails. Then the data scope: a manager of one
/// branch and a staff member asking by URL for another branch's or employee's answers get none of them.
@Suite struct RoutePolicyTests {
    /// The app of `WebTestApp` (branches 3 and 4, employee 1 in branch 3, 2 in branch 4; the manager has
    /// branch 3, the staff account is employee 1), a token per scope, and one answer in each branch whose
    /// comment marks it.
    struct Fixture {
        let app: WebTestApp
        let tokens: [APIToken.Scope: String]
        static let ownComment = "МЕТКА-ТВЕРСКАЯ"
        static let otherComment = "МЕТКА-БАУМАНСКАЯ"

        static func make() async throws -> Fixture {
            let app = try await WebTestApp.make()
            try await app.answer(nps: 9, touchpoint: 1, location: 3, employee: 1, comment: ownComment)
            try await app.answer(nps: 2, touchpoint: 2, location: 4, employee: 2, comment: otherComment)
            // Both customers asked to be contacted: the contact requests' list is scoped like the rest.
            for response in try await app.services.store.responses(ResponseFilter(), after: nil, limit: 10) {
                _ = try await app.services.store.requestContact(
                    Customer(
                        id: Identifier(0), name: "Клиент \(response.id)", phone: "+7 900 000-00-0\(response.id)", consentContact: true),
                    contact: "+7 900 000-00-0\(response.id)",
                    consent: ConsentProof(
                        purpose: .contactAboutFeedback, text: "Согласен", version: "test", locale: .ru, givenAt: Date(),
                        surveyId: response.surveyId, responseId: response.id))
            }
            var tokens: [APIToken.Scope: String] = [:]
            for scope in APIToken.Scope.allCases {
                tokens[scope] = try await app.services.tokens.create(name: scope.rawValue, scopes: [scope]).secret
            }
            return Fixture(app: app, tokens: tokens)
        }
    }

    static func routeNames(_ services: Services) -> [String] {
        buildRouter(services).routes.map(\.description)
    }

    @Test func everyRouteHasAPolicyAndEveryPolicyARoute() async throws {
        let app = try await WebTestApp.make()
        let routes = Set(Self.routeNames(app.services))
        #expect(routes.count > 50)
        for route in routes.sorted() {
            #expect(RoutePolicy.table[route] != nil, "\(route) has no entry in RoutePolicy.table")
        }
        for route in RoutePolicy.table.keys.sorted() {
            #expect(routes.contains(route), "RoutePolicy.table names \(route), which the router does not have")
        }
    }

    /// A route with its parameters filled in: web ids name things that exist (survey, location, user 1);
    /// API ids name nothing, so that an allowed DELETE removes nothing (404 is "allowed" all the same).
    static func uris(_ route: String) -> [(uri: String, permission: Permission?)] {
        let path = String(route.split(separator: " ", maxSplits: 1)[1])
        let filled = path.replacingOccurrences(of: "{code}", with: "after-repair")
            .replacingOccurrences(of: "{id}", with: path.hasPrefix("/api/") && !path.hasSuffix("/responses") ? "999" : "1")
        guard filled.contains("{section}") else { return [(filled, nil)] }
        return SiteURL.SettingsSection.allCases.map {
            (filled.replacingOccurrences(of: "{section}", with: $0.rawValue), SettingsController.permission($0))
        }
    }

    @Test func everyRouteAsEveryRoleAndScope() async throws {
        let fixture = try await Fixture.make()
        let app = fixture.app
        // Signing out ends the session the rest of the walk uses: last.
        let routes = Self.routeNames(app.services).sorted { ($0 == "POST /logout" ? 1 : 0, $0) < ($1 == "POST /logout" ? 1 : 0, $1) }
        try await app.test { client in
            for route in routes {
                let policy = try #require(RoutePolicy.table[route], "\(route) has no policy")
                let method = HTTPRequest.Method(rawValue: String(route.split(separator: " ")[0]))!
                for (uri, sectionPermission) in Self.uris(route) {
                    switch policy.access {
                    case .token(let scope):
                        try await Self.checkAPI(client, method, uri, scope: scope, fixture: fixture)
                    case .open:
                        try await Self.checkPage(client, method, uri, permission: nil, fixture: fixture)
                    case .page(let permission):
                        try await Self.checkPage(client, method, uri, permission: permission, fixture: fixture)
                    case .settings:
                        try await Self.checkPage(client, method, uri, permission: sectionPermission, fixture: fixture)
                    }
                }
            }
        }
    }

    /// No token → 401; a token without the scope → 403; with it (or admin) → neither. A session cookie opens
    /// no API route, and a 5xx is never an answer.
    static func checkAPI(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, scope: APIToken.Scope,
        fixture: Fixture
    ) async throws {
        let anonymous = try await client.call(method, uri, token: nil)
        #expect(anonymous.0 == .unauthorized, "\(method) \(uri) without a token: \(anonymous.0)")
        var cookie = HTTPFields()
        cookie[.cookie] = "\(PageContext.sessionCookie)=\(fixture.app.sessions[.owner]!.secret)"
        let withCookie = try await client.execute(uri: uri, method: method, headers: cookie) { $0.status }
        #expect(withCookie == .unauthorized, "\(method) \(uri) with the owner's session cookie but no token: \(withCookie)")
        for (held, token) in fixture.tokens {
            let (status, _, body) = try await client.call(method, uri, token: token)
            let allowed = held == .admin || held == scope
            #expect(status.code < 500, "\(method) \(uri) with a \(held) token: \(status) \(String(decoding: body, as: UTF8.self))")
            if allowed {
                #expect(status != .unauthorized && status != .forbidden, "\(method) \(uri) with a \(held) token: \(status)")
            } else {
                #expect(status == .forbidden, "\(method) \(uri) with a \(held) token: \(status), not 403")
            }
        }
    }

    /// A visitor is sent to sign in (or served, on an open route); a role with the permission is served,
    /// one without it refused (403). Forms are posted with the session's CSRF token, so the role check
    /// is what answers. An API token opens no page.
    static func checkPage(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, permission: Permission?,
        fixture: Fixture
    ) async throws {
        let app = fixture.app
        let form: [(String, String)]? = method == .post ? [] : nil
        let anonymous = try await client.page(method, uri, form: form)
        #expect(anonymous.status.code < 500, "\(method) \(uri) as a visitor: \(anonymous.status)")
        if permission != nil {
            #expect(
                anonymous.status == .seeOther && anonymous.location?.hasPrefix("/login?next=") == true,
                "\(method) \(uri) as a visitor: \(anonymous.status) \(anonymous.location ?? "")")
            var token = HTTPFields()
            token[.authorization] = "Bearer \(fixture.tokens[.admin]!)"
            let withToken = try await client.page(method, uri, form: form, headers: token)
            #expect(withToken.location?.hasPrefix("/login?next=") == true, "\(method) \(uri) with an admin token: \(withToken.status)")
        } else if method == .get {
            // An open page (sign-in, a survey) is served to a visitor.
            #expect(
                anonymous.status != .unauthorized && anonymous.status != .forbidden
                    && anonymous.location?.hasPrefix("/login?next=") != true, "\(method) \(uri) as a visitor: \(anonymous.status)")
        }
        for role in Role.allCases {
            let session = app.sessions[role]!
            let page = try await client.page(method, uri, session: session, form: method == .post ? [("_csrf", session.csrf)] : nil)
            #expect(page.status.code < 500, "\(method) \(uri) as \(role): \(page.status)")
            if let permission, !role.allows(permission) {
                #expect(page.status == .forbidden || page.status == .unauthorized, "\(method) \(uri) as \(role): \(page.status), not 403")
            } else if permission != nil || method == .get {
                // (An open form may refuse what it is sent — a wrong password is a 401 — so only pages are held to this.)
                #expect(
                    page.status != .forbidden && page.status != .unauthorized && page.location?.hasPrefix("/login?next=") != true,
                    "\(method) \(uri) as \(role): \(page.status) \(page.location ?? "")")
            }
        }
    }

    /// Asking by URL for what lies outside one's data scope gets nothing of it: every `.accountScope` route,
    /// filtered to the other branch (manager) or the other employee (staff), with the rows by location and
    /// employee where the route groups.
    @Test func nobodySeesAnotherBranchOrEmployeeByAskingForIt() async throws {
        let fixture = try await Fixture.make()
        let app = fixture.app
        let scoped = RoutePolicy.table.filter { $0.value.data == .accountScope }.keys.sorted()
        #expect(scoped.count == 17)
        try await app.test { client in
            // Routes of one record by id (`/app/responses/{id}`, a contact request's status) answer 404
            // outside the scope: ContactRequestsTests asks for another branch's by id.
            for route in scoped where route.hasPrefix("GET ") && !route.contains("{") {
                let path = String(route.split(separator: " ")[1])
                guard case .page(let permission) = RoutePolicy.table[route]?.access else { continue }
                let probes: [(Role, String, String)] = [
                    (.manager, "location=4", "Бауманская"), (.manager, "touchpoint=2", "Выдача"), (.manager, "employee=2", "Максим Гусев"),
                    (.staff, "employee=2", "Максим Гусев"), (.staff, "location=4", "Бауманская"),
                ]
                for (role, filter, otherName) in probes where role.allows(permission) {
                    for query in ["?\(filter)", "?\(filter)&by=location,employee&metric=nps", "?\(filter)&from=2000-01-01&to=2100-01-01"] {
                        let page = try await client.page(.get, path + query, session: app.sessions[role]!)
                        #expect(page.status == .ok || page.status == .notFound, "\(route)\(query) as \(role): \(page.status)")
                        #expect(!page.body.contains(Fixture.otherComment), "\(route)\(query) as \(role) shows the other branch's comment")
                        if path.hasSuffix(".csv") {
                            #expect(!page.body.contains(otherName), "\(route)\(query) as \(role) names \(otherName)")
                        }
                    }
                }
                // And the scope still shows one's own (pages of numbers only — the metrics CSV, the touchpoint
                // inventory, customer value — show no comment to look for; their numbers are checked in their own
                // tests, the value pages' scope in ValuePagesTests).
                for role in [Role.manager, .staff]
                where !["/app/metrics.csv", "/app/touchpoints"].contains(path) && !path.hasPrefix("/app/value") && role.allows(permission) {
                    let page = try await client.page(.get, path + "?from=2000-01-01&to=2100-01-01", session: app.sessions[role]!)
                    #expect(page.body.contains(Fixture.ownComment) || path == "/app", "\(route) as \(role) misses its own answer")
                }
            }
        }
    }

    /// A manager records a call only at their own branches.
    @Test func aManagerCannotRecordACallAtAnotherBranch() async throws {
        let fixture = try await Fixture.make()
        let app = fixture.app
        #expect(RoutePolicy.table["POST /app/calls/{id}"]?.data == .accountLocations)
        try await app.test { client in
            let session = app.sessions[.manager]!
            let page = try await client.page(
                .post, "/app/calls/1", session: session,
                form: [("_csrf", session.csrf), ("location", "4"), ("nps", "9")])
            #expect(page.status == .unprocessableContent)
        }
        #expect(
            try await app.services.responses.list(ResponseListRequest(scope: .everything, filter: ResponseFilter(), limit: 10)).count == 2)
    }
}
