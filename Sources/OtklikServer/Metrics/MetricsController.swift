import Hummingbird
import OtklikCore

/// `GET /api/v1/metrics?metric=nps&by=touchpoint,week&from=…&to=…&<dimension>=…`
struct MetricsController {
    let metrics: MetricsService

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/api/v1/metrics") { request, context in
            try context.require(.read)
            let parameters = try API.parameters(request)
            let report: MetricReport
            do {
                // The API's tokens see everything: scopes belong to web users.
                report = try await metrics.report(metrics.request(parameters, scope: .everything))
            } catch let MetricsService.Failure.invalid(problem) {
                throw Problem.invalid(problem, title: "The metric request is not valid")
            }
            return try API.json(report)
        }
    }
}
