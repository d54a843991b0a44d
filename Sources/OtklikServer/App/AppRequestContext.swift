import Hummingbird
import OtklikStore

/// The request context: Hummingbird's core storage plus the API token that authenticated the request.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var token: APIToken?

    public init(source: Source) {
        coreContext = .init(source: source)
        token = nil
    }

    /// Bodies are collected by the handlers themselves, each with its own limit (`API.body`).
    public var maxUploadSize: Int { 256 << 20 }

    /// Refuses the request unless its token has the scope (admin has every scope).
    public func require(_ scope: APIToken.Scope) throws {
        // The demo's anonymous reader (id 0) is "no token" for anything beyond reading.
        guard let token, token.id.rawValue != 0 || token.allows(scope) else {
            throw Problem(.unauthorized, code: "unauthenticated", title: "Authentication required",
                          detail: "send an API token as `Authorization: Bearer otk_…` (create one with `otklik token create`)")
        }
        guard token.allows(scope) else {
            throw Problem(.forbidden, code: "forbidden", title: "Not allowed",
                          detail: "this token lacks the \(scope.rawValue) scope")
        }
    }
}
