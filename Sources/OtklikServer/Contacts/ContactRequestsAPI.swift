import Foundation
import Hummingbird
import OtklikCore
import OtklikStore

/// `GET /api/v1/contact-requests` (newest first, paged by `cursor`, filtered by `status`) and
/// `PATCH /api/v1/contact-requests/{id}` (`{"status": "contacted", "note": "…"}`): contact requests for a
/// CRM or a help desk. Reading names customers, so every read is in the audit log; a status change needs
/// an admin token and is recorded with the token's name, like a change made on the web. Pages are written by
/// `ContactRequestJSON`.
struct ContactRequestsAPI {
    let contactRequests: ContactRequestService

    struct Change: Decodable {
        var status: ContactRequest.Status
        var note: String?
    }

    static let parameters: Set<String> = ["status", "cursor", "limit"]

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/api/v1/contact-requests") { request, context in
            try context.require(.read)
            let parameters = try API.parameters(request)
            if let unknown = parameters.keys.sorted().first(where: { !Self.parameters.contains($0) }) {
                throw Problem.badRequest("unknown parameter; known: cursor, limit, status", field: unknown)
            }
            var filter = ContactRequestFilter(limit: 100)
            if let text = parameters["status"] {
                guard let status = ContactRequest.Status(rawValue: text) else {
                    throw Problem.badRequest("new, contacted or resolved", field: "status")
                }
                filter.status = status
            }
            if let text = parameters["cursor"] {
                guard let cursor = Int64(text), cursor > 0 else {
                    throw Problem.badRequest("use next_cursor from the previous page", field: "cursor")
                }
                filter.before = Identifier(cursor)
            }
            if let text = parameters["limit"] {
                guard let limit = Int(text), (1...1000).contains(limit) else { throw Problem.badRequest("1–1000", field: "limit") }
                filter.limit = limit
            }
            // The API's tokens see every request: scopes belong to web users.
            let items = try await contactRequests.list(filter, scope: .everything, history: true)
            let page = ContactRequestJSON.page(items, nextCursor: items.count == filter.limit ? items.last?.id.rawValue : nil)
            return page.withBytes { API.json(bytes: $0) }
        }
        router.patch("/api/v1/contact-requests/:id") { request, context in
            try context.require(.admin)
            let id = ContactRequest.ID(try API.id(context))
            let change = try API.decode(Change.self, from: try await API.body(request, limit: 16 << 10))
            if let note = change.note, note.count > ContactRequest.maxNoteLength || note.contains("\u{0}") {
                throw Problem.validation([
                    FieldProblem(
                        field: "note", code: "invalid",
                        message: "at most \(ContactRequest.maxNoteLength) characters, no NUL")
                ])
            }
            do {
                let changed = try await contactRequests.move(
                    id: id, to: change.status, scope: .everything, by: nil, actor: PersonalData.actor(context), note: change.note)
                var out = OutputBytes(capacity: 2048)
                ContactRequestJSON.write(changed, into: &out)
                return out.withBytes { API.json(bytes: $0) }
            } catch StoreError.notFound {
                throw Problem.notFound("contact request \(id) does not exist")
            } catch StoreError.invalid(let problems) {
                throw Problem(
                    .conflict, code: "invalid_transition", title: "The status cannot change that way",
                    detail: problems.first?.message ?? "",
                    errors: problems.map { .init(index: nil, field: $0.field, code: $0.code, message: $0.message) })
            }
        }
    }
}
