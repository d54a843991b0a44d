import Foundation
import Hummingbird
import OtklikCore
import OtklikStore

/// CRUD for the reference data and surveys: `/api/v1/{locations,touchpoints,employees,segments,channels,
/// customers,surveys}[/{id}]`. Reading needs the read scope, changing needs admin. A body may leave out
/// the id (POST) and fields that have defaults.
struct ReferenceDataController {
    let referenceData: ReferenceDataService
    let store: any Store

    /// The collections, with their path and the defaults for fields a client may leave out.
    static var collections: [(path: String, type: any StoredEntity.Type, defaults: [String: Any])] {
        [
            ("locations", Location.self, ["kind": "branch"]),
            ("touchpoints", Touchpoint.self, ["stage": "use"]),
            ("employees", Employee.self, ["active": true]),
            ("segments", Segment.self, [:]),
            ("channels", Channel.self, [:]),
            ("customers", Customer.self, ["consent_contact": false, "consent_marketing": false]),
            ("surveys", Survey.self, ["status": "draft", "one_per_screen": false, "code": ""]),
        ]
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        for (path, type, defaults) in Self.collections {
            add(type, path: path, defaults: defaults, to: router)
        }
    }

    private func add<E: StoredEntity>(
        _ type: E.Type, path: String, defaults: [String: Any],
        to router: Router<AppRequestContext>
    ) {
        let defaults = SendableDefaults(values: defaults)
        router.get("/api/v1/\(path)") { request, context in
            try context.require(.read)
            if E.self == Customer.self, let customers = store as? any ValueStore { return try await customerPage(request, customers) }
            return try API.json(try await store.all(E.self))
        }
        router.get("/api/v1/\(path)/:id") { _, context in
            try context.require(.read)
            let id = try API.id(context)
            guard let entity = try await store.find(E.self, id: id) else {
                throw Problem.notFound("\(path) \(id) does not exist")
            }
            return try API.json(entity)
        }
        router.post("/api/v1/\(path)") { request, context in
            try context.require(.admin)
            let entity: E = try await decode(request, id: 0, defaults: defaults.values)
            return try API.json(try await save(entity), status: .created)
        }
        router.put("/api/v1/\(path)/:id") { request, context in
            try context.require(.admin)
            let id = try API.id(context)
            guard try await store.find(E.self, id: id) != nil else {
                throw Problem.notFound("\(path) \(id) does not exist")
            }
            let entity: E = try await decode(request, id: id, defaults: defaults.values)
            return try API.json(try await save(entity))
        }
        router.delete("/api/v1/\(path)/:id") { _, context in
            try context.require(.admin)
            do {
                try await referenceData.delete(E.self, id: try API.id(context))
            } catch let error as StoreError {
                throw Problem(error)
            }
            return Response(status: .noContent)
        }
    }

    /// Customers a page at a time, by id (`after` the last id of the previous page, `limit` up to 1,000, 100 by
    /// default), with a `Link: <…>; rel="next"` header while there are more: a business may have millions.
    private func customerPage(_ request: Request, _ customers: any ValueStore) async throws -> Response {
        let parameters = try API.parameters(request)
        try API.refuseUnknown(parameters, known: ["after", "limit"])
        let after = try parameters["after"].map { text -> Int64 in
            guard let id = Int64(text), id >= 0 else { throw Problem.badRequest("a customer id", field: "after") }
            return id
        }
        let limit = try API.integer(parameters, "limit", default: 100, in: 1...1000)
        // One more than asked tells whether there is a next page.
        let page = try await customers.customers(after: after.map(Identifier.init), limit: limit + 1)
        var response = try API.json(Array(page.prefix(limit)))
        if page.count > limit, let last = page.prefix(limit).last {
            response.headers[.init("Link")!] = "</api/v1/customers?after=\(last.id.rawValue)&limit=\(limit)>; rel=\"next\""
        }
        return response
    }

    /// Stores through the owner of reference data, which checks it and refreshes the catalog.
    private func save<E: StoredEntity>(_ entity: E) async throws -> E {
        do {
            return try await referenceData.save(entity)
        } catch let error as StoreError {
            throw Problem(error)
        }
    }

    /// Decodes an entity from a JSON object, with the id from the path and defaults for absent fields.
    private func decode<E: StoredEntity>(_ request: Request, id: Int64, defaults: [String: Any]) async throws -> E {
        let body = try await API.body(request, limit: 1 << 20)
        try API.refuseDuplicateKeys(body.readableBytesView)
        guard var object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else {
            throw Problem.badRequest("the body must be a JSON object", code: "malformed_json")
        }
        object["id"] = id
        for (key, value) in defaults where object[key] == nil { object[key] = value }
        if var questions = object["questions"] as? [[String: Any]] {
            for i in questions.indices where questions[i]["required"] == nil { questions[i]["required"] = false }
            object["questions"] = questions
        }
        let data = try JSONSerialization.data(withJSONObject: object)
        do {
            return try API.decoder.decode(E.self, from: data)
        } catch let error as DecodingError {
            throw API.problem(error)
        }
    }
}

/// JSON defaults are plain values (strings, booleans); safe to share.
private struct SendableDefaults: @unchecked Sendable {
    let values: [String: Any]
}
