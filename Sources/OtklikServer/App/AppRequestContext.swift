import Hummingbird
import NIOCore
import OtklikCore
import OtklikStore

/// The request context: Hummingbird's core storage plus who is asking — an API token (`/api/v1`) or a
/// signed-in user of the web app — and the peer address (for per-IP rate limits).
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var token: APIToken?
    /// The signed-in user and their session, when the request carried a valid session cookie.
    public var signedIn: SignedIn?
    /// Open contact requests in the signed-in user's scope, for the navigation's badge (`ContactBadgeMiddleware`).
    public var openContactRequests: Int?
    /// The connection, kept to read the peer's address only where it is needed (a survey post), not on
    /// every ingest request.
    private let channel: any NIOCore.Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        token = nil
        signedIn = nil
        openContactRequests = nil
        channel = source.channel
    }

    /// The peer's IP address, when known (per-IP rate limits).
    public var remoteIP: String? { channel.remoteAddress?.ipAddress }

    /// Bodies are collected by the handlers themselves, each with its own limit (`API.body`).
    public var maxUploadSize: Int { 256 << 20 }

    /// Refuses the request unless its token has the scope (admin has every scope).
    public func require(_ scope: APIToken.Scope) throws {
        guard let token else {
            throw Problem(
                .unauthorized, code: "unauthenticated", title: "Authentication required",
                detail: "send an API token as `Authorization: Bearer otk_…` (create one with `otklik token create`)")
        }
        guard token.allows(scope) else {
            throw Problem(
                .forbidden, code: "forbidden", title: "Not allowed",
                detail: "this token lacks the \(scope.rawValue) scope")
        }
    }
}

/// A signed-in user of the web app and the session they came with.
public struct SignedIn: Sendable {
    public var user: User
    public var session: WebSession
}
