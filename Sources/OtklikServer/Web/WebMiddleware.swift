import Hummingbird
import OtklikCore
import OtklikStore

/// Reads the session cookie and puts the signed-in user in the context. Requests without the cookie
/// (every API call) cost nothing here.
struct WebSessionMiddleware: RouterMiddleware {
    let accounts: AccountService

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let secret = request.cookies[PageContext.sessionCookie]?.value, !secret.isEmpty else {
            return try await next(request, context)
        }
        var context = context
        context.signedIn = try await accounts.session(secret: secret)
        return try await next(request, context)
    }
}

/// Renders what web handlers throw as pages in the visitor's language: sign-in redirects, 403, 404,
/// a refused form; a full disk, a 503 page asking to retry later; anything unexpected becomes a 500 page
/// without internals (the log has them).
struct WebErrorMiddleware: RouterMiddleware {
    let catalog: Catalog
    let store: any Store

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as WebError {
            let page = PageContext(request: request, context: context, catalog: catalog.snapshot)
            switch error {
            case .signInRequired(let next):
                return page.redirect(to: .login(next: next))
            case .notFound:
                return ErrorPage.notFound(page)
            case .forbidden:
                return page.respond(ErrorPage.render(page, title: .errorForbiddenTitle, text: .errorForbiddenText), status: .forbidden)
            case .csrf:
                return page.respond(ErrorPage.render(page, title: .errorCSRFTitle, text: .errorCSRFText), status: .forbidden)
            case .tooManyRequests:
                return page.respond(ErrorPage.render(page, title: .errorRateTitle, text: .errorRateText), status: .tooManyRequests)
            case .badRequest(let text):
                return page.respond(ErrorPage.render(page, title: .errorBadRequestTitle, text: text), status: .badRequest)
            }
        } catch let error as HTTPError where error.status == .notFound {
            return ErrorPage.notFound(PageContext(request: request, context: context, catalog: catalog.snapshot))
        } catch let error as HTTPError where error.status == .contentTooLarge {
            let page = PageContext(request: request, context: context, catalog: catalog.snapshot)
            return page.respond(ErrorPage.render(page, title: .errorTooLargeTitle, text: .errorTooLargeText), status: .contentTooLarge)
        } catch  where store.isOutOfSpace(error) {
            context.logger.warning("storage full", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            let page = PageContext(request: request, context: context, catalog: catalog.snapshot)
            var response = page.respond(
                ErrorPage.render(page, title: .errorStorageFullTitle, text: .errorStorageFullText),
                status: .serviceUnavailable)
            response.headers[.retryAfter] = Problem.storageFull.retryAfter.map(String.init)
            return response
        } catch {
            context.logger.error("page failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            let page = PageContext(request: request, context: context, catalog: catalog.snapshot)
            return page.respond(
                ErrorPage.render(page, title: .errorInternalTitle, text: .errorInternalText),
                status: .internalServerError)
        }
    }
}

enum ErrorPage {
    static func notFound(_ page: PageContext) -> Response {
        page.respond(render(page, title: .errorNotFoundTitle, text: .errorNotFoundText), status: .notFound)
    }

    static func render(_ page: PageContext, title: TextKey, text: TextKey) -> HTML {
        Layout.page(
            page, title: page.strings[title],
            body: """
                <section class="card narrow"><h1>\(page.strings[title])</h1><p>\(page.strings[text])</p>
                <p><a href="\(page.signedIn == nil ? SiteURL.login() : SiteURL.dashboard())">\(page.strings[.errorBack])</a></p></section>
                """)
    }
}
