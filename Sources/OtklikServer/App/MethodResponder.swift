import Hummingbird
import OtklikCore

/// The router, answering every method a client may send the way RFC 9110 asks:
/// - HEAD wherever GET works: the GET route runs and its status and headers are sent without the body
///   (Content-Length as GET would send it when known, else absent), so every page, API route, CSV export
///   and QR code has HEAD without a route of its own;
/// - a path that exists under other methods (TRACE, CONNECT, or a POST-only path asked with GET …) gets
///   405 with `Allow`, not 404.
struct MethodResponder: HTTPResponder {
    typealias Context = AppRequestContext
    private let routes: RouterResponder<AppRequestContext>
    /// Every path of `routes`, answering GET with its 405 and `Allow`: the router's own matching decides
    /// whether a path exists, parameters and wildcards included.
    private let allowed: RouterResponder<AppRequestContext>
    private let catalog: Catalog

    init(router: Router<AppRequestContext>, catalog: Catalog) {
        routes = router.buildResponder()
        self.catalog = catalog
        var methods: [String: (path: RouterPath, methods: Set<String>)] = [:]
        for route in router.routes {
            methods[route.path.description, default: (route.path, [])].methods.insert(route.method.rawValue)
            if route.method == .get { methods[route.path.description]?.methods.insert(HTTPRequest.Method.head.rawValue) }
        }
        let shadow = Router(context: AppRequestContext.self)
        for (path, names) in methods.values {
            let allow = names.sorted().joined(separator: ", ")
            shadow.get(path) { _, _ in Response(status: .methodNotAllowed, headers: [.allow: allow]) }
        }
        allowed = shadow.buildResponder()
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        if request.method == .head {
            var head = request.head
            head.method = .get
            let response = try await respond(to: Request(head: head, body: request.body), context: context)
            // The headers as they are (Content-Length included when GET knew it); a body of unknown length,
            // so that none is claimed when GET would have streamed one.
            return Response(
                status: response.status, headers: response.headers,
                body: ResponseBody(contentLength: nil) { writer in try await writer.finish(nil) })
        }
        let response = try await routes.respond(to: request, context: context)
        guard context.coreContext.endpointPath.value == Self.noRoute else { return response }
        var get = request.head
        get.method = .get
        let other = try await allowed.respond(to: Request(head: get, body: request.body), context: context)
        guard other.status == .methodNotAllowed, let allow = other.headers[.allow] else { return response }
        return methodNotAllowed(request, context: context, allow: allow)
    }

    /// What Hummingbird's router names the endpoint of a request no route took.
    private static let noRoute = "NotFound"

    private func methodNotAllowed(_ request: Request, context: Context, allow: String) -> Response {
        var response: Response
        if request.uri.path.hasPrefix("/api/") {
            let problem = Problem(
                .methodNotAllowed, code: "method_not_allowed", title: "Method not allowed",
                detail: "\(request.method.rawValue) is not allowed on \(request.uri.path); allowed: \(allow)")
            response = (try? problem.response(from: request, context: context)) ?? Response(status: .methodNotAllowed)
        } else {
            // The page has no form: no CSRF cookie for a client that sent TRACE.
            let page = PageContext(request: request, context: context, catalog: catalog.snapshot, anonymousForms: false)
            response = page.respond(
                ErrorPage.render(page, title: .errorMethodTitle, text: .errorMethodText),
                status: .methodNotAllowed)
        }
        response.headers[.allow] = allow
        return response
    }
}
