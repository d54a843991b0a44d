import Foundation
import OtklikAnalytics
import OtklikCore
import OtklikStore

/// The one owner of stored responses for reading and removing them: every list, export and single
/// response goes through here with its scope applied, and a deletion leaves the store and the analytics
/// index agreeing. (Responses arrive through `IngestService`, whose group committer keeps the index current
/// the same way.)
public struct ResponseService: Sendable {
    let store: any Store
    /// Nil for a command that did not load the index (`otklik export`): then the store filters by SQL.
    let index: AnalyticsIndex?
    let live: LiveData
    /// Labels responses by their customers for the filters on customers' dimensions.
    let customers: CustomerLabelling
    var catalog: Catalog { live.catalog }

    /// Parses a list request from query parameters: for the edges (the API, the CLI), nowhere else.
    public func request(_ parameters: [String: String], scope: DataScope) throws(FieldProblem) -> ResponseListRequest {
        try ResponseListRequest.parse(parameters, scope: scope, catalog: catalog.snapshot).get()
    }

    /// The responses the request selects, within its scope, from its cursor on. A filter on a customers'
    /// dimension the labels cannot answer throws a `FieldProblem`.
    public func list(_ request: ResponseListRequest) async throws -> [Response] {
        var filter = request.filter
        request.scope.restrict(&filter, snapshot: catalog.snapshot)
        filter.labels = try await customers.labels(for: filter.dimensions.keys)
        return try await ResponseReader(store: store, index: index).responses(filter, after: request.cursor, limit: request.limit)
    }

    /// The business's own id of the customer a list is filtered by (the filter bar names them by it).
    func customerKey(_ id: Int64?) async throws -> String? {
        guard let id else { return nil }
        return try await store.find(Customer.self, id: id)?.externalId
    }

    /// One response, or nil when there is none with this id or it lies outside `scope`.
    public func response(id: Response.ID, scope: DataScope) async throws -> Response? {
        guard let response = try await store.response(id: id), scope.admits(response, snapshot: catalog.snapshot) else {
            return nil
        }
        return response
    }

    /// A customer asks to be contacted about their response: the request, the customer and the proof of
    /// consent are stored together, and validation knows the customer from now on.
    public func requestContact(_ customer: Customer, contact: String, consent: ConsentProof) async throws -> ContactRequest {
        let request = try await store.requestContact(customer, contact: contact, consent: consent)
        if let id = request.customerId, let stored = try await store.find(Customer.self, id: id.rawValue) {
            live.customerStored(stored)
        }
        return request
    }

    /// Responses were written around the group committer (a bulk import in this process): the index is built
    /// again so that they count at once, without a restart.
    func bulkWritten() async throws {
        if index != nil { try await live.rebuildIndex() }
    }

    /// Deletes a response from the store and the index; false when there was none.
    public func delete(id: Response.ID) async throws -> Bool {
        guard try await store.deleteResponse(id: id) else { return false }
        index?.remove(responseID: UInt32(clamping: id.rawValue))
        return true
    }
}
