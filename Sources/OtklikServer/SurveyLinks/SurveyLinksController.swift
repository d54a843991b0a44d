import Foundation
import Hummingbird
import NIOCore
import OtklikCore

/// Survey links with their context, as QR codes (SVG for print, PNG for messengers) and as a printable
/// A6 card for a table or a counter. The images are public (the link in them is); the page that makes
/// them is for the roles that place them.
struct SurveyLinksController {
    let pages: Pages
    let catalog: Catalog
    let config: ServerConfig

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        for format in [SiteURL.QRFormat.svg, .png] {
            router.get("/s/{code}/qr.\(format.rawValue)") { request, context in
                let snapshot = catalog.snapshot
                guard let code = context.parameters.get("code"),
                    let survey = snapshot.survey(code: code)
                else { throw WebError.notFound }
                let page = PageContext(request: request, context: context, catalog: snapshot, anonymousForms: false)
                let (link, fromHost) = try absoluteLink(survey, SurveyLinkContext(query: page.currentQuery), request: request)
                let qr = try qrCode(link)
                var headers = HTTPFields()
                // A code made from the request's Host is that client's: a shared cache must not hand it to others.
                headers[.cacheControl] = fromHost ? "private, max-age=3600" : "public, max-age=3600"
                switch format {
                case .svg:
                    headers[.contentType] = "image/svg+xml"
                    return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: qr.svg(title: link))))
                case .png:
                    headers[.contentType] = "image/png"
                    let size = page.currentQuery["size"].flatMap(Int.init).map { min(max($0, 2), 20) } ?? 8
                    return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: qr.png(moduleSize: size))))
                }
            }
        }

        router.get("/app/surveys/{id}/links") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.printSurveyLinks)
            let survey = try pages.survey(context)
            let link = SurveyLinkContext(query: page.currentQuery).within(signedIn.user.scope, snapshot: catalog.snapshot)
            return page.respond(
                SurveyLinksPage.render(
                    page, survey: survey, context: link, absolute: try absoluteLink(survey, link.with(source: .qr), request: request).link,
                    options: FilterOptions(catalog.snapshot, scope: signedIn.user.scope, strings: page.strings)))
        }

        router.get("/app/surveys/{id}/card") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.printSurveyLinks)
            let survey = try pages.survey(context)
            let link = SurveyLinkContext(query: page.currentQuery)
                .within(signedIn.user.scope, snapshot: catalog.snapshot).with(source: .qr)
            let absolute = try absoluteLink(survey, link, request: request).link
            return page.respond(
                SurveyLinksPage.card(page, survey: survey, link: absolute, qrSVG: HTML(trusted: try qrCode(absolute).svg(title: absolute))))
        }
    }

    /// The full URL customers open: the configured public address, or the one this request came to when its
    /// `Host` is a plain host[:port] (`fromHost`: then the link is only good for this client's view of the server).
    private func absoluteLink(_ survey: Survey, _ context: SurveyLinkContext, request: Request) throws -> (link: String, fromHost: Bool) {
        let path = SiteURL.survey(code: survey.code, context: context).path
        if let base = config.publicURL { return (base + path, false) }
        let authority = request.head.authority ?? "\(config.host):\(config.port)"
        guard HostName.isValid(authority) else { throw WebError.badRequest(.errorBadHostText) }
        return ((PageContext.isSecure(request) ? "https://" : "http://") + authority + path, true)
    }

    /// The QR code of a link; a link too long for any QR version is the client's doing (its parameters), a 400.
    private func qrCode(_ link: String) throws -> QRCode {
        do {
            return try QRCode(encoding: link)
        } catch QRCode.Failure.tooLong {
            throw WebError.badRequest(.errorLinkTooLongText)
        }
    }
}

extension SurveyLinkContext {
    /// The link a signed-in user may print: a manager's links name only their own branches, and an employee
    /// only if they work at one of them, so no one attributes answers to another branch's staff.
    func within(_ scope: DataScope, snapshot: CatalogSnapshot) -> SurveyLinkContext {
        guard let allowed = scope.allowed(.location, snapshot: snapshot) else { return self }
        var limited = self
        if let location = locationId, !allowed.contains(location.rawValue) { limited.locationId = nil }
        if let employee = employeeId, !(snapshot.employees[employee]?.locationId.map { allowed.contains($0.rawValue) } ?? false) {
            limited.employeeId = nil
        }
        return limited
    }
}
