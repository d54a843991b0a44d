import Hummingbird
import OtklikCore

/// `GET /api/v1/metrics?metric=nps&by=touchpoint,week&from=…&to=…&<dimension>=…`
struct MetricsController {
    let services: Services

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/api/v1/metrics") { request, context in
            try context.require(.read)
            let parameters = try API.parameters(request)
            let report: MetricReport
            do {
                // The API's tokens see everything: scopes belong to web users.
                report = try await services.metrics.report(services.metrics.request(parameters, scope: .everything))
            } catch let error as MetricsService.Failure {
                switch error {
                case .invalid(let problem):
                    throw Problem(.badRequest, code: problem.code, title: "The metric request is not valid",
                                  detail: "\(problem.field): \(problem.message)",
                                  errors: [.init(index: nil, field: problem.field, code: problem.code, message: problem.message)])
                }
            }
            return try API.json(report)
        }
    }
}
