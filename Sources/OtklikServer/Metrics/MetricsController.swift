import Hummingbird
import OtklikCore

/// `GET /api/v1/metrics?metric=nps&by=touchpoint,week&from=…&to=…&<dimension>=…`: compact JSON
/// (`MetricReportJSON`) or, with `format=csv`, the app's CSV table, written into the body piece by piece.
struct MetricsController {
    let metrics: MetricsService
    /// `ServerConfig.wholeAnswerBytes`.
    let wholeAnswerBytes: Int

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/api/v1/metrics") { request, context in
            try context.require(.read)
            let parameters = try API.parameters(request)
            let request: MetricRequest
            let report: MetricReport
            do {
                // The API's tokens see everything: scopes belong to web users.
                request = try metrics.request(parameters, scope: .everything)
                report = try await metrics.report(request)
            } catch let MetricsService.Failure.invalid(problem) {
                throw Problem.invalid(problem, title: "The metric request is not valid")
            }
            let (result, headers) = Self.output(report, format: request.format)
            return API.streamed(result, headers: headers, wholeUpTo: wholeAnswerBytes)
        }
    }

    /// A report's body and headers in the format asked for: this route's and the fast lane's.
    static func output(_ report: MetricReport, format: MetricRequest.Format) -> (any ChunkedResult, HTTPFields) {
        switch format {
        case .json: return (MetricReportJSON(report), [.contentType: "application/json; charset=utf-8"])
        case .csv:
            return (
                MetricReportCSV(report),
                [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"metrics.csv\""]
            )
        }
    }
}
