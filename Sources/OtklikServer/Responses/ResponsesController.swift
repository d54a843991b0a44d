import Foundation
import Hummingbird
import OtklikCore
import OtklikStore

/// `GET /api/v1/responses` (filtered, cursor-paged, newest first; `next_cursor` for the next page, absent on the
/// last), `GET|DELETE /api/v1/responses/{id}`. Responses are written by `ResponseJSON`.
struct ResponsesController {
    let responses: ResponseService

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/api/v1/responses") { request, context in
            try context.require(.read)
            let list = try parse(request)
            let items: [OtklikCore.Response]
            do {
                items = try await responses.list(list)
            } catch let problem as FieldProblem {
                throw Problem.invalid(problem, title: "The request is not valid")
            }
            let page = ResponseJSON.page(items, nextCursor: items.count == list.limit ? items.last?.id.rawValue : nil)
            return page.withBytes { API.json(bytes: $0) }
        }
        router.get("/api/v1/responses/:id") { _, context in
            try context.require(.read)
            let id = try API.id(context)
            guard let response = try await responses.response(id: Identifier(id), scope: .everything) else {
                throw Problem.notFound("response \(id) does not exist")
            }
            var out = OutputBytes(capacity: 1024)
            ResponseJSON.write(response, into: &out)
            return out.withBytes { API.json(bytes: $0) }
        }
        router.delete("/api/v1/responses/:id") { _, context in
            try context.require(.admin)
            let id = try API.id(context)
            guard try await responses.delete(id: Identifier(id)) else {
                throw Problem.notFound("response \(id) does not exist")
            }
            return Response(status: .noContent)
        }
    }

    func parse(_ request: Request) throws -> ResponseListRequest {
        try Self.parse(try API.parameters(request), with: responses)
    }

    /// The API's tokens see every response (`.everything`): scopes belong to web users.
    static func parse(_ parameters: [String: String], with responses: ResponseService) throws -> ResponseListRequest {
        do {
            return try responses.request(parameters, scope: .everything)
        } catch {
            throw Problem.invalid(error, title: "The request is not valid")
        }
    }
}
