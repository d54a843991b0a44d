import Foundation
import Hummingbird
import OtklikCore
import OtklikStore

/// `/app`: the dashboard, and the CSV of every table on it, within the user's data scope.
struct DashboardController {
    let pages: Pages
    let catalog: Catalog
    let metrics: MetricsService
    let responses: ResponseService
    /// `ServerConfig.wholeAnswerBytes`.
    let wholeAnswerBytes: Int

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("/app") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.readDashboard)
            let model = try await DashboardModel.build(
                filter: page.filter, user: signedIn.user, metrics: metrics, responses: responses,
                strings: page.strings, today: catalog.snapshot.today)
            return page.respond(DashboardView.render(page, model, snapshot: catalog.snapshot))
        }

        router.get("/app/metrics.csv") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.readDashboard)
            let filter = page.filter.withDefaultPeriod(today: catalog.snapshot.today)
            let metric = MetricKind(rawValue: page.currentQuery["metric"] ?? "") ?? .nps
            // The grouping of a table's link: dimensions and at most one time bucket.
            var dimensions: [ContextDimension] = []
            var bucket: TimeBucket?
            for name in (page.currentQuery["by"] ?? "").split(separator: ",").map(String.init) {
                if let dimension = ContextDimension(rawValue: name) {
                    dimensions.append(dimension)
                } else if let time = TimeBucket(rawValue: name), bucket == nil {
                    bucket = time
                } else {
                    throw WebError.notFound
                }
            }
            let request = filter.metricRequest(scope: signedIn.user.scope, snapshot: catalog.snapshot)
                .with([metric], by: dimensions, bucket: bucket)
            let report: MetricReport
            do {
                report = try await metrics.report(request)
            } catch {
                throw WebError.notFound
            }
            return API.streamed(
                MetricReportCSV(report), headers: PageContext.csvHeaders(fileName: "metrics.csv"), wholeUpTo: wholeAnswerBytes)
        }
    }
}
