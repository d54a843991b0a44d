import Foundation
import OtklikCore
import OtklikStore

/// The one owner of contact requests for reading and moving them: every read and every change takes the
/// asker's scope (a manager works on their branches' requests, staff see their own answers'), applied here.
/// (Requests are made by the owner of responses, when a customer asks on a survey page.)
public struct ContactRequestService: Sendable {
    let store: any Store
    let catalog: Catalog

    /// The requests the filter selects within `scope`, newest first; with `history`, each with its changes.
    public func list(_ filter: ContactRequestFilter, scope: DataScope, history: Bool = false) async throws -> [ContactRequest] {
        guard let filter = scope.restrict(filter, snapshot: catalog.snapshot) else { return [] }
        var requests = try await store.contactRequests(filter)
        if history {
            for index in requests.indices {
                requests[index] = try await store.contactRequest(id: requests[index].id) ?? requests[index]
            }
        }
        return requests
    }

    /// How many requests within `scope` nobody has answered yet (the navigation's badge).
    public func openCount(scope: DataScope) async throws -> Int {
        guard let filter = scope.restrict(ContactRequestFilter(status: .new), snapshot: catalog.snapshot) else { return 0 }
        return try await store.countContactRequests(filter)
    }

    /// One request with its history, or nil when there is none or it lies outside `scope`.
    public func request(id: ContactRequest.ID, scope: DataScope) async throws -> ContactRequest? {
        guard let request = try await store.contactRequest(id: id), scope.admits(request, snapshot: catalog.snapshot) else {
            return nil
        }
        return request
    }

    /// The request about a response the asker may see (the caller has opened the response within its scope).
    public func request(about response: Response.ID) async throws -> ContactRequest? {
        try await store.contactRequest(response: response)
    }

    /// Moves a request within `scope` to `status`, recording who and when: `StoreError.notFound` outside the
    /// scope as for an unknown id, `StoreError.invalid` for a move the statuses do not allow.
    public func move(
        id: ContactRequest.ID, to status: ContactRequest.Status, scope: DataScope, by userId: User.ID?, actor: String,
        note: String?, at: Date = Date()
    ) async throws -> ContactRequest {
        guard try await request(id: id, scope: scope) != nil else { throw StoreError.notFound(entity: "contact_requests", id: id.rawValue) }
        return try await store.changeContactRequest(id: id, to: status, by: userId, actor: actor, note: note, at: at)
    }

    /// Which of these responses' customers asked to be contacted, with the request's status (the flag in lists).
    public func statuses(of responses: [Response]) async throws -> [Response.ID: ContactRequest.Status] {
        let asked = responses.filter { $0.context.customerId != nil }.map(\.id)
        guard !asked.isEmpty else { return [:] }
        let requests = try await store.contactRequests(ContactRequestFilter(responseIds: asked, limit: asked.count))
        return Dictionary(requests.map { ($0.responseId, $0.status) }, uniquingKeysWith: { first, _ in first })
    }
}
