import Foundation
import OtklikAnalytics
import OtklikCore

/// The four reference dashboard queries (BENCHMARKS.md; bench/reference_queries.py holds them in SQL for
/// DuckDB), asked through the same metrics service as the API, timed warm, with answers shaped like the
/// reference's result rows so that the two can be compared.
public enum ReferenceQueries {
    /// The end of the reference data's period (the start of 2025, UTC).
    static let now = 1_735_689_600

    public static let all: [(name: String, parameters: [String: String])] = {
        func instant(_ seconds: Int) -> String { JSONCoding.formatDate(Date(timeIntervalSince1970: TimeInterval(seconds))) }
        return [
            ("Q1", ["metric": "nps", "from": instant(now - 90 * 86_400), "to": instant(now)]),
            ("Q2", ["metric": "nps", "by": "touchpoint,week"]),
            (
                "Q3",
                [
                    "metric": "nps,csat", "survey": "10", "from": instant(now - 30 * 86_400), "to": instant(now),
                    "by": "segment,channel",
                ]
            ),
            ("Q4", ["metric": "csat", "by": "employee", "min_n": "30", "sort": "mean", "order": "asc", "limit": "10"]),
        ]
    }()

    /// The same four shapes as index queries, for timing the index alone (`otklik bench index`).
    public static let indexQueries: [(name: String, query: MetricQuery)] = {
        let now = Int64(BenchmarkData.syntheticEnd)
        return [
            ("Q1 overall NPS, 90 days", MetricQuery(metrics: [.nps], from: now - 90 * 86_400, to: now)),
            ("Q2 NPS by touchpoint x week", MetricQuery(metrics: [.nps], groupBy: [.touchpoint], bucket: .week)),
            (
                "Q3 survey 10, 30 days, segment x channel",
                MetricQuery(
                    metrics: [.nps, .csat], from: now - 30 * 86_400, to: now, filters: [.survey: [10]], groupBy: [.segment, .channel])
            ),
            ("Q4 CSAT by employee", MetricQuery(metrics: [.csat], groupBy: [.employee])),
        ]
    }()

    public struct Result: Encodable, Sendable {
        /// The answer computed: parameters parsed, the index scanned, every group's figures made.
        public var medianMs: Double
        /// The same and its JSON written whole, as the API writes it (what is left to an HTTP answer is the
        /// request's own cost and shipping the bytes).
        public var writtenMs: Double
        public var bytes: Int
        public var runs: Int
        /// The reference queries' answers, shaped like DuckDB's result rows (none for asked questions: the
        /// benchmark compares their answers through HTTP).
        public var answer: Answer?
    }

    /// Times each query (parsing included, as the API does it) and keeps its answer.
    /// - Parameter only: names of the queries to run ("Q1", "Q3"); nil for all.
    public static func run(_ services: Services, runs: Int, only: Set<String>? = nil) async throws -> [String: Result] {
        try await run(services, runs: runs, queries: all.filter { only?.contains($0.name) ?? true }, shaped: true)
    }

    /// Times queries given as the API's query strings (`metric=nps&by=segment`), by name: the benchmark's
    /// ad-hoc questions in-process beside their time through HTTP.
    public static func run(_ services: Services, runs: Int, asked: [(name: String, query: String)]) async throws -> [String: Result] {
        try await run(
            services, runs: runs,
            queries: asked.map { asked in
                (asked.name, Dictionary(FormData(encoded: Substring(asked.query)).pairs, uniquingKeysWith: { $1 }))
            }, shaped: false)
    }

    private static func run(
        _ services: Services, runs: Int, queries: [(name: String, parameters: [String: String])], shaped: Bool
    ) async throws -> [String: Result] {
        var results: [String: Result] = [:]
        for (name, parameters) in queries {
            let (median, answered) = try await Timing.medianMilliseconds(runs: runs) { try await report(parameters, services) }
            let (written, bytes) = try await Timing.medianMilliseconds(runs: runs) {
                MetricReportJSON(try await report(parameters, services)).allBytes().count
            }
            results[name] = Result(
                medianMs: median, writtenMs: written, bytes: bytes, runs: runs, answer: shaped ? answer(name, answered) : nil)
        }
        return results
    }

    /// The answer to a question, parsed as the API parses it; a comment search is answered by the store first,
    /// as the API does.
    private static func report(_ parameters: [String: String], _ services: Services) async throws -> MetricReport {
        let request = try services.metrics.request(parameters, scope: .everything)
        guard request.commentSearch != nil else { return try services.metrics.report(resolved: request) }
        return try await services.metrics.report(request)
    }

    /// Each answer in the shape of the reference query's result rows.
    static func answer(_ name: String, _ report: MetricReport) -> Answer {
        switch name {
        case "Q1":
            let nps = report.total["nps"]
            return .q1(nps: nps?.value ?? 0, n: nps?.n ?? 0)
        case "Q2":
            let groups = report.groups.sorted {
                ($0.key["touchpoint"] ?? 0, $0.period ?? "") < ($1.key["touchpoint"] ?? 0, $1.period ?? "")
            }
            return .rows(
                groups.map { group in
                    [
                        .int(group.key["touchpoint"] ?? 0), .string(group.period ?? ""), .int(Int64(group.responses)),
                        .double(group.metrics["nps"]?.value),
                    ]
                })
        case "Q3":
            return .rows(
                report.groups.map { group in
                    let csat = group.metrics["csat"]
                    return [
                        .int(group.key["segment"] ?? 0), .int(group.key["channel"] ?? 0), .int(Int64(group.responses)),
                        .double(group.metrics["nps"]?.value), .double(csat?.mean), .double(csat?.value),
                    ]
                })
        default:
            return .rows(
                report.groups.map { group in
                    let csat = group.metrics["csat"]
                    return [.int(group.key["employee"] ?? 0), .double(csat?.mean), .int(Int64(csat?.n ?? 0))]
                })
        }
    }

    public enum Cell: Encodable, Sendable {
        case int(Int64), string(String), double(Double?)

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .int(let value): try container.encode(value)
            case .string(let value): try container.encode(value)
            case .double(let value): try container.encode(value)
            }
        }
    }

    public enum Answer: Encodable, Sendable {
        case q1(nps: Double, n: Int)
        case rows([[Cell]])

        public func encode(to encoder: Encoder) throws {
            switch self {
            case .q1(let nps, let n):
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(nps, forKey: .nps)
                try container.encode(n, forKey: .n)
            case .rows(let rows):
                var container = encoder.singleValueContainer()
                try container.encode(rows)
            }
        }

        enum Keys: String, CodingKey { case nps, n }
    }
}
