import Hummingbird
import OtklikCore
import OtklikStore

/// Counts the open (new) contact requests in the signed-in user's scope for the navigation's badge, on
/// pages of the app only, and only for roles that work on them. One indexed COUNT per page.
struct ContactBadgeMiddleware: RouterMiddleware {
    let services: Services

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard request.method == .get, let user = context.signedIn?.user, user.role.seesPersonalData,
            request.uri.path.hasPrefix("/app"), !request.uri.path.hasSuffix(".csv")
        else { return try await next(request, context) }
        var context = context
        context.openContactRequests = try await services.openContactRequests(user.scope)
        return try await next(request, context)
    }
}

extension Services {
    /// How many contact requests within `scope` nobody has answered yet.
    func openContactRequests(_ scope: DataScope) async throws -> Int {
        guard let filter = scope.restrict(ContactRequestFilter(status: .new), snapshot: catalog.snapshot) else { return 0 }
        return try await store.countContactRequests(filter)
    }
}

/// The dashboard's line about open contact requests, linking to the list. Its own function so the
/// dashboard's layout can change around it.
enum ContactRequestsTile {
    static func render(_ page: PageContext) -> HTML {
        guard let open = page.openContactRequests, open > 0 else { return .empty }
        let s = page.strings
        return """
            <p class="contact-banner" role="status"><a href="\(SiteURL.contacts(status: .new))">☎ <strong>\(s[.contactsOpenCount]): \(s.integer(open))</strong> · \(s[.contactsBanner]) — \(s[.contactsOpenLink]) →</a></p>
            """
    }
}

extension Services {
    /// Which of these responses' customers asked to be contacted, with the request's status (the flag in lists).
    func contactStatuses(of responses: [OtklikCore.Response]) async throws -> [OtklikCore.Response.ID: ContactRequest.Status] {
        let asked = responses.filter { $0.context.customerId != nil }.map(\.id)
        guard !asked.isEmpty else { return [:] }
        let requests = try await store.contactRequests(ContactRequestFilter(responseIds: asked, limit: asked.count))
        return Dictionary(requests.map { ($0.responseId, $0.status) }, uniquingKeysWith: { first, _ in first })
    }
}
