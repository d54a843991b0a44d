import Foundation
import Hummingbird
import NIOCore
import OtklikCore
import OtklikStore

/// `/app/responses`: the answers behind any number on a page (the drill-down), fifty a page, and the CSV of
/// everything selected; within the user's data scope.
struct ResponsesPageController {
    let pages: Pages
    let catalog: Catalog
    let contactRequests: ContactRequestService
    let responseKeys: ResponseKeys
    let responses: ResponseService

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("/app/responses") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.readDashboard)
            let snapshot = catalog.snapshot
            let filter = page.filter
            let bands = ScoreBand.bands(query: page.currentQuery)
            let shownPerPage = 50
            var list = filter.responseList(bands: bands, scope: signedIn.user.scope, snapshot: snapshot, limit: shownPerPage + 1)
            list.cursor = page.currentQuery["cursor"].flatMap(Int64.init).map(Identifier.init)
            let responses = try await responses.list(list)
            let shown = Array(responses.prefix(shownPerPage))
            return page.respond(
                ResponsesPage.render(
                    page, filter: filter, bands: bands, responses: shown,
                    nextCursor: responses.count > shownPerPage ? shown.last?.id : nil,
                    options: FilterOptions(
                        snapshot, scope: signedIn.user.scope, strings: page.strings, tags: self.responses.index?.tags ?? [],
                        customerValue: filter.seesCustomers, customerKey: try await self.responses.customerKey(filter.customer)),
                    snapshot: snapshot,
                    contacts: try await contactRequests.statuses(of: shown)))
        }

        router.get("/app/responses.csv") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.readDashboard)
            let snapshot = catalog.snapshot
            let list = page.filter.responseList(
                bands: ScoreBand.bands(query: page.currentQuery), scope: signedIn.user.scope, snapshot: snapshot,
                limit: ResponseListRequest.maxLimit)
            let export = ResponseExport(responses: responses, catalog: snapshot, format: .csv, keys: responseKeys)
            return Response(
                status: .ok, headers: PageContext.csvHeaders(fileName: "responses.csv"),
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(bytes: [0xEF, 0xBB, 0xBF]))  // BOM: Excel reads UTF-8
                    try await export.run(list) { try await writer.write($0.byteBuffer()) }
                    try await writer.finish(nil)
                })
        }

    }
}
