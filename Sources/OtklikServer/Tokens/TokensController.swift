import Foundation
import Hummingbird
import OtklikCore
import OtklikStore

/// `/api/v1/tokens`: list, create (the secret is in the answer, once), revoke. Admin only.
struct TokensController {
    let store: any Store
    let tokens: TokenService

    struct CreateRequest: Decodable {
        var name: String
        var scopes: [String]
    }

    /// A token as the API shows it: what a person needs to recognise and revoke it. Not the stored row:
    /// the secret's hash never leaves the server.
    struct TokenView: Encodable {
        var id: Int64
        var name: String
        var scopes: [String]
        var prefix: String
        var createdAt: Date
        var revokedAt: Date?

        init(_ token: APIToken) {
            id = token.id.rawValue
            name = token.name
            scopes = token.scopes.map(\.rawValue).sorted()
            prefix = token.prefix
            createdAt = token.createdAt
            revokedAt = token.revokedAt
        }
    }

    struct Created: Encodable {
        var token: TokenView
        var secret: String
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/api/v1/tokens") { _, context in
            try context.require(.admin)
            return try API.json(try await store.tokens().map(TokenView.init))
        }
        router.post("/api/v1/tokens") { request, context in
            try context.require(.admin)
            let body = try API.decode(CreateRequest.self, from: try await API.body(request, limit: 64 << 10))
            let scopes = try Self.scopes(body.scopes)
            let (token, secret): (APIToken, String)
            do {
                (token, secret) = try await tokens.create(name: body.name, scopes: scopes)
            } catch let problem as FieldProblem {
                throw Problem.validation([problem])
            }
            return try API.json(Created(token: TokenView(token), secret: secret), status: .created)
        }
        router.delete("/api/v1/tokens/:id") { _, context in
            try context.require(.admin)
            do {
                try await tokens.revoke(id: Identifier(try API.id(context)))
            } catch let error as StoreError {
                throw Problem(error)
            }
            return Response(status: .noContent)
        }
    }

    static func scopes(_ names: [String]) throws -> Set<APIToken.Scope> {
        var scopes = Set<APIToken.Scope>()
        for name in names {
            guard let scope = APIToken.Scope(rawValue: name) else {
                throw Problem.validation([
                    FieldProblem(
                        field: "scopes", code: "invalid",
                        message: "\"\(name)\" is not one of \(APIToken.Scope.allCases.map(\.rawValue).joined(separator: ", "))")
                ])
            }
            scopes.insert(scope)
        }
        guard !scopes.isEmpty else {
            throw Problem.validation([FieldProblem(field: "scopes", code: "required", message: "name at least one scope")])
        }
        return scopes
    }
}
