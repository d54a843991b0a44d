import Foundation
import Hummingbird
import OtklikCore
import OtklikStore

/// A customer's rights over their data, and the record of who saw it: export on request, erasure on
/// request (the scores stay, anonymous, so no metric changes), and the audit log.
public struct PersonalData: Sendable {
    let services: Services

    public init(services: Services) { self.services = services }

    /// What Otklik holds about one customer: the customer and every response linked to them.
    public struct Export: Encodable, Sendable {
        public var customer: Customer
        public var responses: [OtklikCore.Response]
        /// Their requests to be contacted, each with the proof of the consent they gave.
        public var contactRequests: [ContactRequest]
    }

    public struct Erasure: Encodable, Sendable {
        public var customerId: Customer.ID
        public var responsesChanged: Int
    }

    public func export(_ id: Customer.ID, actor: String) async throws -> Export? {
        guard let customer = try await services.store.find(Customer.self, id: id.rawValue) else { return nil }
        let export = Export(
            customer: customer, responses: try await services.store.responses(customer: id),
            contactRequests: try await services.store.contactRequests(ContactRequestFilter(customerId: id, limit: 10_000)))
        try await audit(actor, .exported, "customer \(id)")
        return export
    }

    public func erase(_ id: Customer.ID, actor: String) async throws -> Erasure? {
        var written: [Survey.ID: Set<String>] = [:]
        for survey in services.catalog.snapshot.surveys.values {
            written[survey.id] = Set(survey.questions.filter { $0.kind == .text }.map(\.id))
        }
        guard let changed = try await services.store.eraseCustomer(id: id, freeTextQuestions: written) else { return nil }
        // The index knows which responses have a comment: erased comments must leave comment filters.
        if changed > 0 && services.indexLoaded { try await services.live.rebuildIndex() }
        try await audit(actor, .erased, "customer \(id)")
        return Erasure(customerId: id, responsesChanged: changed)
    }

    func audit(_ actor: String, _ action: AuditEntry.Action, _ subject: String) async throws {
        try await services.store.appendAudit(AuditEntry(at: Date(), actor: actor, action: action, subject: subject))
    }

    /// Who is asking, as the audit log names them.
    static func actor(_ context: AppRequestContext) -> String {
        if let user = context.signedIn?.user { return "user \(user.id) <\(user.email)>" }
        if let token = context.token { return "token \(token.id) (\(token.name))" }
        return "anonymous"
    }
}

/// `GET /api/v1/customers/{id}/personal-data`, `POST /api/v1/customers/{id}/erase`, `GET /api/v1/audit-log`:
/// admin only. Every read of customers through the API and every export of responses is logged too
/// (`PersonalDataAuditMiddleware`).
struct PrivacyController {
    let services: Services
    var personalData: PersonalData { PersonalData(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/api/v1/customers/:id/personal-data") { _, context in
            try context.require(.admin)
            let id = Customer.ID(try API.id(context))
            guard let export = try await personalData.export(id, actor: PersonalData.actor(context)) else {
                throw Problem.notFound("customers \(id) does not exist")
            }
            var response = try API.json(export)
            response.headers[.contentDisposition] = "attachment; filename=\"customer-\(id).json\""
            return response
        }
        router.post("/api/v1/customers/:id/erase") { _, context in
            try context.require(.admin)
            let id = Customer.ID(try API.id(context))
            guard let erasure = try await personalData.erase(id, actor: PersonalData.actor(context)) else {
                throw Problem.notFound("customers \(id) does not exist")
            }
            return try API.json(erasure)
        }
        router.get("/api/v1/audit-log") { request, context in
            try context.require(.admin)
            let limit =
                try API.parameters(request)["limit"].map { text -> Int in
                    guard let limit = Int(text), (1...10_000).contains(limit) else {
                        throw Problem.badRequest("limit is 1–10000", field: "limit")
                    }
                    return limit
                } ?? 100
            return try API.json(try await services.store.auditEntries(limit: limit))
        }
    }
}

/// Logs every successful read of customers through the API (`viewed`) and every export of responses,
/// API or web (`exported`): the places personal data leaves the server.
struct PersonalDataAuditMiddleware: RouterMiddleware {
    let services: Services
    /// The web group's instance (after the session middleware, so it knows the user) or the API's.
    let web: Bool

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        let response = try await next(request, context)
        guard request.method == .get, (200..<300).contains(response.status.code),
            let (action, subject) = web ? Self.webAccess(request.uri.path) : Self.apiAccess(request.uri.path)
        else { return response }
        try await PersonalData(services: services).audit(PersonalData.actor(context), action, subject)
        return response
    }

    /// What an API path gives away, if anything personal. (The personal-data export logs itself.)
    static func apiAccess(_ path: String) -> (AuditEntry.Action, String)? {
        if path == "/api/v1/customers" { return (.viewed, "customers") }
        if path.hasPrefix("/api/v1/customers/"), !path.hasSuffix("/personal-data") {
            return (.viewed, "customer " + path.dropFirst("/api/v1/customers/".count))
        }
        if path.hasPrefix("/api/v1/export/") { return (.exported, "responses") }
        if path == "/api/v1/contact-requests" { return (.viewed, "contact requests") }
        return nil
    }

    static func webAccess(_ path: String) -> (AuditEntry.Action, String)? {
        path == SiteURL.responsesCSV(.init()).path ? (.exported, "responses") : nil
    }
}
