import HTTPTypes
import OtklikCore

/// The fast lane's metrics questions (`FastLane`): which it takes, and their answers — the route's own steps.
extension FastLane {
    /// The parsed question of a `GET /api/v1/metrics?…` this lane may take, judged by its head alone; nil:
    /// the router's (which also gives every problem: an unknown token, a bad or repeated parameter).
    func claimMetrics(_ head: HTTPRequest, path: String) -> MetricRequest? {
        let route = "/api/v1/metrics"
        guard path.hasPrefix(route) else { return nil }
        let rest = path.utf8.dropFirst(route.utf8.count)
        guard rest.isEmpty || rest.first == UInt8(ascii: "?"), !rest.contains(UInt8(ascii: "#")),
            token(head, allowing: .read) != nil,
            let parameters = try? API.parameters(query: Substring(rest.dropFirst())),
            // The API's tokens see everything: scopes belong to web users.
            let request = try? services.metrics.request(parameters, scope: .everything)
        else { return nil }
        return request
    }

    /// The answer's body and headers, from the index alone; nil: the router's (a question that needs the
    /// store, or one the index refuses, whose problem the router words).
    func metricsAnswer(_ request: MetricRequest) -> (any ChunkedResult, HTTPFields)? {
        guard let report = try? services.metrics.indexReport(request) else { return nil }
        return MetricsController.output(report, format: request.format)
    }
}
