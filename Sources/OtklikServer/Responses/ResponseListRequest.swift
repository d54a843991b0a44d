import Foundation
import OtklikCore
import OtklikStore

/// Which responses to list or export, and whose: the scope is required, so no list reads everything by
/// forgetting to say whose it is. Pages build it directly; the API and the CLI parse it from query
/// parameters (`survey`, `from`, `to` — dates in the organisation's zone, `to` inclusive, or RFC 3339 —,
/// any dimension `touchpoint=3,4`, `has_comment`, score bands `nps=0..6&csat=4..5`, `q` (comment search),
/// `order=asc|desc`, `cursor`, `limit`).
public struct ResponseListRequest: Sendable {
    /// The part of the data the asker may see; `ResponseService` applies it.
    public var scope: DataScope
    public var filter: ResponseFilter
    public var cursor: Response.ID?
    public var limit: Int

    public init(scope: DataScope, filter: ResponseFilter, cursor: Response.ID? = nil, limit: Int) {
        self.scope = scope
        self.filter = filter
        self.cursor = cursor
        self.limit = limit
    }

    public static let maxLimit = 1000
    public static let parameters: Set<String> = Set(
        ["from", "to", "has_comment", "q", "order", "cursor", "limit", "metric"]
            + ContextDimension.allCases.map(\.rawValue) + MetricKind.allCases.map(\.rawValue)
            + MetricRequest.retiredBandParameters)

    public static func parse(
        _ parameters: [String: String], scope: DataScope, catalog: CatalogSnapshot,
        defaultLimit: Int = 100
    ) -> Result<ResponseListRequest, FieldProblem> {
        func fail(_ field: String, _ message: String, code: String = "invalid") -> Result<ResponseListRequest, FieldProblem> {
            .failure(FieldProblem(field: field, code: code, message: message))
        }
        if let unknown = parameters.keys.sorted().first(where: { !Self.parameters.contains($0) }) {
            return fail(
                unknown, "unknown parameter; known: \(Self.parameters.sorted().joined(separator: ", "))",
                code: "unknown_parameter")
        }
        // `metric` only ever named the metric of score_min/score_max: a band names its metric now.
        if parameters["metric"] != nil {
            return fail(
                "metric", "a score band names its metric: write nps=0..6 (or csat=4..5; several at once mean all of them)",
                code: "band_names_its_metric")
        }
        // Dimensions, period and score bands parse exactly as for metrics.
        let metricParameters = parameters.filter { MetricRequest.parameters.contains($0.key) && $0.key != "q" }
        let metric: MetricRequest
        switch MetricRequest.parse(metricParameters, scope: scope, catalog: catalog) {
        case .success(let parsed): metric = parsed
        case .failure(let problem): return .failure(problem)
        }
        var filter = ResponseFilter(
            surveyIds: metric.query.filters[.survey], from: metric.query.from.map { Date(timeIntervalSince1970: TimeInterval($0)) },
            to: metric.query.to.map { Date(timeIntervalSince1970: TimeInterval($0)) },
            dimensions: metric.query.filters.filter { $0.key != .survey }, hasComment: metric.query.hasComment,
            tags: metric.query.tags, scoreBands: metric.query.scoreBands, search: parameters["q"])
        let order = parameters["order"] ?? "desc"
        guard order == "asc" || order == "desc" else { return fail("order", "asc or desc") }
        filter.ascending = order == "asc"
        var cursor: Response.ID?
        if let text = parameters["cursor"] {
            guard let value = Int64(text), value > 0 else { return fail("cursor", "use next_cursor from the previous page") }
            cursor = Identifier(value)
        }
        let limit = Int(parameters["limit"] ?? String(defaultLimit)) ?? -1
        guard (1...maxLimit).contains(limit) else { return fail("limit", "1–\(maxLimit)") }
        return .success(ResponseListRequest(scope: scope, filter: filter, cursor: cursor, limit: limit))
    }
}
