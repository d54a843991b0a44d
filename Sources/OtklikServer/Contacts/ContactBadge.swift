import Hummingbird
import OtklikCore
import OtklikStore

/// Counts the open (new) contact requests in the signed-in user's scope for the navigation's badge, on
/// pages of the app only, and only for roles that work on them. One indexed COUNT per page.
struct ContactBadgeMiddleware: RouterMiddleware {
    let contactRequests: ContactRequestService

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard request.method == .get, let user = context.signedIn?.user, user.role.seesPersonalData,
            request.uri.path.hasPrefix("/app"), !request.uri.path.hasSuffix(".csv")
        else { return try await next(request, context) }
        var context = context
        context.openContactRequests = try await contactRequests.openCount(scope: user.scope)
        return try await next(request, context)
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
