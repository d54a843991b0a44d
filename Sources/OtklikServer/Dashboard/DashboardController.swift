import Foundation
import Hummingbird
import NIOCore
import OtklikCore
import OtklikStore

/// `/app`: the dashboard; `/app/responses`: the answers behind any number (drill-down), paged; and the
/// CSV of every table. All of them within the user's data scope.
struct DashboardController {
    let services: Services

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("/app") { request, context in
            let page = services.page(request, context)
            let signedIn = try page.require(.readDashboard)
            let model = try await DashboardModel.build(
                filter: DashboardFilter(query: page.currentQuery), user: signedIn.user, services: services,
                strings: page.strings, today: today())
            return page.respond(DashboardView.render(page, model, snapshot: services.catalog.snapshot))
        }

        router.get("/app/responses") { request, context in
            let page = services.page(request, context)
            let signedIn = try page.require(.readDashboard)
            let snapshot = services.catalog.snapshot
            let filter = DashboardFilter(query: page.currentQuery)
            let band = ScoreBand(query: page.currentQuery)
            var list = try responseList(filter, band: band, scope: signedIn.user.scope, limit: 50)
            list.cursor = page.currentQuery["cursor"].flatMap(Int64.init).map(Identifier.init)
            let responses = try await services.responseReader.responses(list.filter, after: list.cursor, limit: list.limit + 1)
            let shown = Array(responses.prefix(list.limit))
            return page.respond(ResponsesPage.render(
                page, filter: filter, band: band, responses: shown,
                nextCursor: responses.count > list.limit ? responses[list.limit - 1].id : nil,
                options: DashboardModel.options(snapshot, scope: signedIn.user.scope, strings: page.strings), snapshot: snapshot,
                contacts: try await services.contactStatuses(of: shown)))
        }

        router.get("/app/responses.csv") { request, context in
            let page = services.page(request, context)
            let signedIn = try page.require(.readDashboard)
            let list = try responseList(DashboardFilter(query: page.currentQuery), band: ScoreBand(query: page.currentQuery),
                                       scope: signedIn.user.scope, limit: ResponseListRequest.maxLimit)
            let export = ResponseExport(reader: services.responseReader, catalog: services.catalog.snapshot, format: .csv,
                                        keys: services.responseKeys)
            return Response(status: .ok, headers: csvHeaders("responses.csv"), body: ResponseBody { writer in
                try await writer.write(ByteBuffer(bytes: [0xEF, 0xBB, 0xBF]))  // BOM: Excel reads UTF-8
                try await export.run(list) { piece in try await writer.write(ByteBuffer(string: piece)) }
                try await writer.finish(nil)
            })
        }

        router.get("/app/metrics.csv") { request, context in
            let page = services.page(request, context)
            let signedIn = try page.require(.readDashboard)
            let filter = DashboardFilter(query: page.currentQuery).withDefaultPeriod(today: today())
            var parameters = filter.metricParameters()
            parameters["metric"] = MetricKind(rawValue: page.currentQuery["metric"] ?? "")?.rawValue ?? "nps"
            if let by = page.currentQuery["by"], !by.isEmpty { parameters["by"] = by }
            let report: MetricReport
            do {
                report = try services.metrics.report(parameters, scope: signedIn.user.scope,
                                                     responseIDs: try await services.commentMatches(filter.search))
            } catch {
                throw WebError.notFound
            }
            let csv = "\u{FEFF}" + MetricTableCSV.render(report)
            return Response(status: .ok, headers: csvHeaders("metrics.csv"), body: .init(byteBuffer: ByteBuffer(string: csv)))
        }
    }

    /// The responses behind a view of the dashboard; an unreadable filter is a page not found.
    private func responseList(_ filter: DashboardFilter, band: ScoreBand?, scope: DataScope, limit: Int) throws -> ResponseListRequest {
        guard let list = services.responseList(filter, band: band, scope: scope, limit: limit) else { throw WebError.notFound }
        return list
    }

    private func csvHeaders(_ name: String) -> HTTPFields {
        var headers = PageContext.securityHeaders(contentType: "text/csv; charset=utf-8")
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return headers
    }


    /// Today's day number in the organisation's time zone.
    private func today() -> Int {
        var converter = LocalDayConverter(timeZone: services.catalog.snapshot.timeZone)
        return converter.day(ofUnixSeconds: Int64(Date().timeIntervalSince1970))
    }
}

/// A metric report as a CSV table: one row per group with its labels, value, interval and n.
enum MetricTableCSV {
    static func render(_ report: MetricReport) -> String {
        let dimensions = report.by
        var lines = [CSVField.row(dimensions + ["metric", "value", "interval_low", "interval_high", "n", "low_sample"])]
        func line(_ labels: [String], _ summary: MetricSummary) -> String {
            func number(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "" }
            return CSVField.row(labels + [summary.metric.rawValue, number(summary.value), number(summary.interval?.low),
                                                number(summary.interval?.high), String(summary.n), summary.lowSample ? "true" : "false"])
        }
        if dimensions.isEmpty {
            for metric in report.metrics { if let total = report.total[metric.rawValue] { lines.append(line([], total)) } }
        }
        for group in report.groups {
            let labels = dimensions.map { name -> String in
                if let period = group.period, TimeBucket(rawValue: name) != nil { return period }
                return group.labels[name] ?? ""
            }
            for summary in group.summaries { lines.append(line(labels, summary)) }
        }
        return lines.joined()
    }
}
