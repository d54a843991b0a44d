import Foundation
import Hummingbird
import OtklikAnalytics
import OtklikStore

/// `/healthz` for load balancers and `/metrics` for Prometheus (text exposition format 0.0.4).
struct HealthController {
    let index: AnalyticsIndex
    let indexLoadSeconds: Double
    let indexReading: FactsReading
    let statistics: ServerStatistics

    struct Health: Encodable {
        var status: String
        var responses: Int
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/healthz") { _, _ in
            try API.json(Health(status: "ok", responses: index.count))
        }
        router.get("/metrics") { _, _ in
            let statistics = statistics
            let lines = [
                "# HELP otklik_responses_indexed Responses held by the analytics index.",
                "# TYPE otklik_responses_indexed gauge",
                "otklik_responses_indexed \(index.count)",
                "# HELP otklik_index_bytes Memory of the analytics index's row storage.",
                "# TYPE otklik_index_bytes gauge",
                "otklik_index_bytes \(index.memoryBytes)",
                "# HELP otklik_index_load_seconds Time taken to build the index at start.",
                "# TYPE otklik_index_load_seconds gauge",
                "otklik_index_load_seconds \(indexLoadSeconds)",
                "# HELP otklik_index_load_responses Responses whose facts the index read at start, by where from: the snapshot of them beside the database, or the table.",
                "# TYPE otklik_index_load_responses gauge",
                "otklik_index_load_responses{source=\"snapshot\"} \(indexReading.fromSnapshot)",
                "otklik_index_load_responses{source=\"table\"} \(indexReading.fromTable)",
                "# HELP otklik_ingest_transactions_total Write transactions committed by the ingest group committer.",
                "# TYPE otklik_ingest_transactions_total counter",
                "otklik_ingest_transactions_total \(statistics.transactions)",
                "# HELP otklik_ingest_requests_total Requests (groups) committed.",
                "# TYPE otklik_ingest_requests_total counter",
                "otklik_ingest_requests_total \(statistics.groups)",
                "# HELP otklik_ingest_responses_total Responses committed (including replays).",
                "# TYPE otklik_ingest_responses_total counter",
                "otklik_ingest_responses_total \(statistics.responses)",
                "# HELP otklik_ingest_fast_lane_requests_total Ingest requests answered on the event loop (the rest went through the router).",
                "# TYPE otklik_ingest_fast_lane_requests_total counter",
                "otklik_ingest_fast_lane_requests_total \(statistics.fastLaneRequests)",
                "# HELP otklik_metrics_fast_lane_requests_total Metrics questions answered on the event loop (the rest went through the router).",
                "# TYPE otklik_metrics_fast_lane_requests_total counter",
                "otklik_metrics_fast_lane_requests_total \(statistics.fastLaneQuestions)",
            ]
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok, headers: headers,
                body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: "\n") + "\n")))
        }
    }
}
