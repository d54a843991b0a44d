import Foundation
import Hummingbird
import NIOCore
import OtklikCore

/// What every page needs besides its own model: the words, who is signed in, the CSRF token for its
/// forms, and where it is (for the language switch and the active tab).
struct PageContext: Sendable {
    let strings: Strings
    let signedIn: SignedIn?
    /// Put in every form as `_csrf`: the session's token, or the anonymous double-submit cookie's.
    let csrfToken: String
    let organisationName: String
    /// The request's path, to link the other language to the same page.
    let currentPath: String
    /// The request's path and query as sent: where sign-in returns to, filters and all.
    let currentTarget: String
    /// The request's query parameters (the first value of each).
    let currentQuery: [String: String]
    let timeZone: TimeZone
    /// A fresh anonymous CSRF cookie to set with the response, when the visitor had none.
    let newCSRFCookie: String?
    /// Open contact requests in the user's scope (the navigation's badge), when counted for this page.
    let openContactRequests: Int?

    var locale: LocalizedText.Locale { strings.locale }
    var user: User? { signedIn?.user }

    /// The filters and period of this page's query (the dashboard's, the lists', the journeys').
    var filter: DashboardFilter {
        DashboardFilter(query: currentQuery, seesCustomerValue: user?.role.allows(.readCustomerValue) ?? false)
    }

    static let sessionCookie = "otk_session"
    static let csrfCookie = "otk_csrf"
    static let languageCookie = "otk_lang"

    /// - Parameter anonymousForms: false for pages that never show a signed-in form (the public survey),
    ///   which then set no CSRF cookie.
    /// - Parameter publicURL: the address customers and staff reach the server at (behind a proxy that does
    ///   not pass the Host on, forms posted from it are still from this site).
    init(
        request: Request, context: AppRequestContext, catalog: CatalogSnapshot, anonymousForms: Bool = true,
        publicURL: String? = nil
    ) {
        publicHost = publicURL.flatMap { URL(string: $0)?.host }
        let query = FormData(query: request)
        let locale = Strings.negotiate(
            query: query.raw("lang"), cookie: request.cookies[Self.languageCookie]?.value,
            preferred: context.signedIn?.user.locale, acceptLanguage: request.headers[.acceptLanguage],
            fallback: catalog.organisation.defaultLocale)
        strings = Strings(locale)
        signedIn = context.signedIn
        openContactRequests = context.openContactRequests
        if let session = context.signedIn?.session {
            csrfToken = session.csrfToken
            newCSRFCookie = nil
        } else if let cookie = request.cookies[Self.csrfCookie]?.value, cookie.count == 64 {
            csrfToken = cookie
            newCSRFCookie = nil
        } else {
            csrfToken = AccountService.randomToken()
            newCSRFCookie = anonymousForms ? csrfToken : nil
        }
        organisationName = catalog.organisation.name
        currentPath = request.uri.path
        currentTarget = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        var parameters: [String: String] = [:]
        for (key, value) in query.pairs where parameters[key] == nil { parameters[key] = value }
        currentQuery = parameters
        timeZone = catalog.timeZone
        secure = Self.isSecure(request)
        languageFromQuery = query["lang"].flatMap { LocalizedText.Locale(rawValue: String($0)) }
    }

    /// Behind TLS (directly or via a proxy that says so): cookies get the Secure flag.
    let secure: Bool
    /// The host of the configured public address, if any.
    let publicHost: String?
    /// `?lang=` was given: remember it in a cookie.
    let languageFromQuery: LocalizedText.Locale?

    static func isSecure(_ request: Request) -> Bool {
        request.uri.scheme == .https || request.headers[.forwardedProto]?.lowercased() == "https"
    }

    /// The same page in the other language.
    func languageLink(_ locale: LocalizedText.Locale) -> String {
        currentPath + "?lang=" + locale.rawValue
    }

    // MARK: Responses

    /// An HTML page with the headers every page gets: no caching of private pages, a strict content
    /// security policy (no scripts at all; `scripts: .ownFiles` lets the page load the app's own static
    /// scripts, never inline ones), no framing by other sites, and the cookies this visit needs.
    func respond(_ html: HTML, status: HTTPResponse.Status = .ok, cookies: [Cookie] = [], scripts: Scripts = .none) -> Response {
        var response = Response(
            status: status, headers: Self.securityHeaders(contentType: "text/html; charset=utf-8", scripts: scripts),
            body: .init(byteBuffer: ByteBuffer(string: html.rendered)))
        for cookie in standardCookies + cookies { response.setCookie(cookie) }
        return response
    }

    /// 303 See Other: a successful form POST redirects, so a reload does not post again.
    func redirect(to url: SiteURL, cookies: [Cookie] = []) -> Response {
        redirect(toPath: url.path, cookies: cookies)
    }

    func redirect(toPath path: String, cookies: [Cookie] = []) -> Response {
        var headers = Self.securityHeaders(contentType: "text/plain; charset=utf-8")
        headers[.location] = path
        var response = Response(status: .seeOther, headers: headers)
        for cookie in standardCookies + cookies { response.setCookie(cookie) }
        return response
    }

    private var standardCookies: [Cookie] {
        var cookies: [Cookie] = []
        if let newCSRFCookie {
            cookies.append(
                Cookie(
                    name: Self.csrfCookie, value: newCSRFCookie, path: "/", secure: secure,
                    httpOnly: true, sameSite: .lax))
        }
        if let languageFromQuery {
            cookies.append(
                Cookie(
                    name: Self.languageCookie, value: languageFromQuery.rawValue, maxAge: 365 * 86_400,
                    path: "/", secure: secure, httpOnly: true, sameSite: .lax))
        }
        return cookies
    }

    func sessionCookie(_ secret: String) -> Cookie {
        Cookie(
            name: Self.sessionCookie, value: secret, maxAge: Int(WebSession.lifetime), path: "/", secure: secure,
            httpOnly: true, sameSite: .lax)
    }

    func expiredSessionCookie() -> Cookie {
        Cookie(name: Self.sessionCookie, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// Which scripts a page may run: none (every page but a few), or the app's own files under /static
    /// (the journey map editor's; still no inline script, no other origin).
    enum Scripts { case none, ownFiles }

    static func securityHeaders(contentType: String, scripts: Scripts = .none) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-store"
        let scriptSource = scripts == .ownFiles ? "'self'" : "'none'"
        headers[.contentSecurityPolicy] =
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src \(scriptSource); frame-ancestors 'self'; form-action 'self'; base-uri 'none'"
        headers[.contentTypeOptions] = "nosniff"
        headers[.referrerPolicy] = "same-origin"
        return headers
    }

    /// A CSV download of the app (a table, a list): the pages' headers, as an attachment named `fileName`.
    static func csvHeaders(fileName: String) -> HTTPFields {
        var headers = securityHeaders(contentType: "text/csv; charset=utf-8")
        headers[.contentDisposition] = "attachment; filename=\"\(fileName)\""
        return headers
    }

    // MARK: Checks

    /// Refuses a form without the right CSRF token (and one posted from another origin).
    func verify(_ form: FormData, request: Request) throws {
        guard let sent = form.raw("_csrf"), !sent.isEmpty, constantTimeEqual(sent, csrfToken), newCSRFCookie == nil
        else { throw WebError.csrf }
        if let origin = request.headers[.origin], origin != "null", let host = request.head.authority {
            let from = URL(string: origin)?.host
            guard from == URL(string: "http://" + host)?.host || (publicHost != nil && from == publicHost) else { throw WebError.csrf }
        }
    }

    /// The signed-in user, who must have `permission`; otherwise to the sign-in page or a 403.
    func require(_ permission: Permission) throws -> SignedIn {
        guard let signedIn else { throw WebError.signInRequired(next: currentTarget) }
        guard signedIn.user.role.allows(permission) else { throw WebError.forbidden }
        return signedIn
    }
}

/// What every page controller needs to answer a browser, whatever the page is about: its page context
/// (the words, who is signed in, the CSRF token) and the survey a route names.
struct Pages: Sendable {
    let catalog: Catalog
    /// `ServerConfig.publicURL`: where customers reach the server, for links and QR codes.
    let publicURL: String?

    /// The page context of a web request: the words, who is signed in, the CSRF token.
    func page(_ request: Request, _ context: AppRequestContext) -> PageContext {
        PageContext(request: request, context: context, catalog: catalog.snapshot, publicURL: publicURL)
    }

    /// The survey named by the route's `{id}`, or a 404 page.
    func survey(_ context: AppRequestContext) throws -> Survey {
        guard let id = context.parameters.get("id").flatMap(Int64.init), let survey = catalog.snapshot.surveys[Survey.ID(id)]
        else { throw WebError.notFound }
        return survey
    }
}

func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let (x, y) = (Array(a.utf8), Array(b.utf8))
    guard x.count == y.count else { return false }
    var difference: UInt8 = 0
    for i in x.indices { difference |= x[i] ^ y[i] }
    return difference == 0
}

/// What a page handler throws when it cannot show its page; `WebErrorMiddleware` renders it.
enum WebError: Error, Sendable {
    case notFound
    case forbidden
    case csrf
    case signInRequired(next: String)
    case tooManyRequests
    /// A request the page cannot be made from; the text says what was wrong.
    case badRequest(TextKey)
}

extension HTTPFields.Element.Name {
    static let forwardedProto = Self("X-Forwarded-Proto")!
    static let contentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
