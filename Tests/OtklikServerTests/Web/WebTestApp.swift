import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore

@testable import OtklikServer

/// The web app over a fresh in-memory store: two branches in one city, touchpoints and employees in each,
/// a live survey and one account per role, with signed-in sessions ready to use.
struct WebTestApp {
    let services: Services
    /// Session cookie secret and CSRF token per role.
    let sessions: [Role: (secret: String, csrf: String)]
    let users: [Role: User]

    static let password = "correct horse battery"
    static let survey = Survey(
        id: Identifier(1), title: LocalizedText(ru: "После ремонта", en: "After the repair"), status: .live,
        questions: [
            Question(id: "nps", kind: .nps, text: LocalizedText(ru: "Порекомендуете?", en: "Recommend?"), required: true),
            Question(id: "csat", kind: .csat, text: LocalizedText(ru: "Довольны?", en: "Satisfied?")),
            Question(id: "ladder", kind: .ladder, text: LocalizedText(ru: "Ожидания?", en: "Expectations?")),
            Question(
                id: "why", kind: .multipleChoice, text: LocalizedText(ru: "Почему?", en: "Why?"),
                options: [.init(id: "speed", text: LocalizedText(ru: "Скорость")), .init(id: "price", text: LocalizedText(ru: "Цена"))]),
        ],
        code: "after-repair")

    static func make(onePerScreen: Bool = false, surveysPerMinute: Int = 1000) async throws -> WebTestApp {
        var config = ServerConfig(dataDirectory: nil)
        config.passwordCost = 4
        config.surveySubmissionsPerMinute = surveysPerMinute
        let services = try await Services.open(config)
        let store = services.store
        for location in [
            Location(id: Identifier(1), name: "Сеть", kind: .company),
            Location(id: Identifier(2), name: "Москва", kind: .city, parentId: Identifier(1)),
            Location(id: Identifier(3), name: "Тверская", kind: .branch, parentId: Identifier(2)),
            Location(id: Identifier(4), name: "Бауманская", kind: .branch, parentId: Identifier(2)),
        ] {
            _ = try await store.save(location)
        }
        _ = try await store.save(Employee(id: Identifier(1), name: "Андрей Соколов", locationId: Identifier(3)))
        _ = try await store.save(Employee(id: Identifier(2), name: "Максим Гусев", locationId: Identifier(4)))
        _ = try await store.save(Touchpoint(id: Identifier(1), name: "Приёмка", stage: .purchase, locationId: Identifier(3)))
        _ = try await store.save(Touchpoint(id: Identifier(2), name: "Выдача", stage: .use, locationId: Identifier(4)))
        var survey = Self.survey
        survey.onePerScreen = onePerScreen
        _ = try await store.save(survey)
        try await services.live.referenceDataChanged()

        var users: [Role: User] = [:]
        var sessions: [Role: (String, String)] = [:]
        for role in Role.allCases {
            let user = try await services.accounts.createUser(
                email: "\(role.rawValue)@test.otklik", name: role.rawValue, role: role, password: password,
                employeeId: role == .staff ? Identifier(1) : nil, locationIds: role == .manager ? [Identifier(3)] : [])
            let (session, secret) = try await services.accounts.startSession(for: user, now: Date())
            users[role] = user
            sessions[role] = (secret, session.csrfToken)
        }
        return WebTestApp(services: services, sessions: sessions, users: users)
    }

    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await buildApplication(services: services).test(.router, body)
    }

    /// Stores a response as if posted through the API.
    func answer(
        nps: Int, touchpoint: Int64, location: Int64, employee: Int64, comment: String? = nil, tags: [String]? = nil
    ) async throws {
        let submission = ResponseSubmission(
            answers: ["nps": .score(nps)], comment: comment, touchpointId: Identifier(touchpoint),
            locationId: Identifier(location), employeeId: Identifier(employee), tags: tags)
        guard case .success = try await services.ingest.ingest([submission], survey: Identifier(1)) else {
            throw CancellationError()
        }
    }
}

/// A page's answer: status, headers and the body as text.
struct Page {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: String

    var location: String? { headers[.location] }
}

extension TestClientProtocol {
    /// A browser-like request: the session cookie of `role` (or none), a form body when given.
    func page(
        _ method: HTTPRequest.Method = .get, _ path: String, session: (secret: String, csrf: String)? = nil,
        form: [(String, String)]? = nil, cookies: [String: String] = [:], headers extra: HTTPFields = [:]
    ) async throws -> Page {
        var headers = extra
        var jar = cookies
        if let session { jar[PageContext.sessionCookie] = session.secret }
        if !jar.isEmpty { headers[.cookie] = jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: form.map { "\(SiteURL.encode($0.0))=\(SiteURL.encode($0.1))" }.joined(separator: "&"))
        }
        return try await execute(uri: path, method: method, headers: headers, body: body) { response in
            Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
    }
}

/// The value of a hidden or text input in a page ("name" → value), unescaped enough for tokens.
func inputValue(_ html: String, name: String) -> String? {
    guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
    let rest = html[range.upperBound...]
    return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
}

/// A cookie set by a response ("otk_csrf" → value).
func setCookie(_ page: Page, _ name: String) -> String? {
    for field in page.headers where field.name == .setCookie {
        let value = field.value
        if value.hasPrefix(name + "=") {
            return String(value.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
    }
    return nil
}
