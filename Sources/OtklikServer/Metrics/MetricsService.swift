import Foundation
import OtklikCore
import OtklikStore

/// Answers metric requests from the analytics index: counts per group from the index, values from
/// OtklikCore's formulas, names from the catalog. Used by the API, the CLI report and the benchmarks.
public struct MetricsService: Sendable {
    let index: AnalyticsIndex
    let catalog: Catalog
    let minimumSample: Int

    public enum Failure: Error, Sendable {
        case invalid(FieldProblem)
    }

    public func report(_ parameters: [String: String]) throws(Failure) -> MetricReport {
        let snapshot = catalog.snapshot
        let parsed = MetricRequest.parse(parameters, timeZone: snapshot.timeZone) { snapshot.subtree(of: $0) }
        switch parsed {
        case .failure(let problem): throw .invalid(problem)
        case .success(let request): return try report(request, snapshot: snapshot)
        }
    }

    public func report(_ request: MetricRequest, snapshot: CatalogSnapshot) throws(Failure) -> MetricReport {
        let scale = try csatScale(for: request, snapshot: snapshot)
        let groups = try counts(request.query)
        var previous: [GroupKey: MetricGroup] = [:]
        if request.comparePrevious, let from = request.query.from, let to = request.query.to {
            var earlier = request.query
            earlier.from = from - (to - from)
            earlier.to = from
            previous = Dictionary(uniqueKeysWithValues: try counts(earlier).map { (GroupKey($0), $0) })
        }
        func summaries(_ counts: [MetricKind: ScoreCounts]) -> [String: MetricSummary] {
            Dictionary(uniqueKeysWithValues: request.metrics.map { metric in
                (metric.rawValue, MetricSummary(metric, counts: counts[metric] ?? ScoreCounts(), csatScale: scale,
                                                minimumSample: minimumSample))
            })
        }
        var total: [MetricKind: ScoreCounts] = [:]
        var totalResponses = 0
        var rows: [MetricReport.Group] = []
        for group in groups {
            totalResponses += group.responses
            for (metric, counts) in group.counts { total[metric, default: ScoreCounts()] += counts }
            var row = MetricReport.Group(
                key: Dictionary(uniqueKeysWithValues: group.key.filter { $0.key != .stage }.map { ($0.key.rawValue, $0.value) }),
                stage: group.key[.stage].flatMap { JourneyStage(code: UInt16(clamping: $0))?.rawValue },
                period: group.bucketStart.map { request.query.bucket!.label(ofStart: $0) },
                periodStart: group.bucketStart.map(CivilDay.isoDate(ofDay:)),
                labels: labels(group.key, snapshot), responses: group.responses, metrics: summaries(group.counts))
            if request.comparePrevious {
                let before = previous[GroupKey(group)]
                let earlier = summaries(before?.counts ?? [:])
                row.comparison = Dictionary(uniqueKeysWithValues: request.metrics.map { metric in
                    (metric.rawValue, MetricComparison(current: row.metrics[metric.rawValue]!,
                                                       previous: earlier[metric.rawValue]!))
                })
            }
            rows.append(row)
        }
        rows = arrange(rows, request)
        return MetricReport(metrics: request.metrics, from: request.fromLabel, to: request.toLabel,
                            by: request.query.groupBy.map(\.rawValue) + (request.query.bucket.map { [$0.rawValue] } ?? []),
                            responses: totalResponses, total: summaries(total), groups: rows)
    }

    private func counts(_ query: MetricQuery) throws(Failure) -> [MetricGroup] {
        do {
            return try index.counts(query)
        } catch {
            switch error {
            case .tooManyGroups(let cells, let limit):
                throw .invalid(FieldProblem(field: "by", code: "too_many_groups",
                                            message: "this grouping makes \(cells) cells; at most \(limit): narrow the period or group by less"))
            }
        }
    }

    /// The CSAT scale of the surveys in scope: one scale, or the request must narrow it down.
    private func csatScale(for request: MetricRequest, snapshot: CatalogSnapshot) throws(Failure) -> CSATScale {
        guard request.metrics.contains(.csat) else { return .fivePointTopTwoBox }
        let surveyIDs = request.query.filters[.survey].map { ids in ids.map { Survey.ID($0) } } ?? Array(snapshot.surveys.keys)
        let scales = Set(surveyIDs.compactMap { snapshot.surveys[$0]?.indexedQuestion(for: .csat)?.csatScale })
        guard scales.count <= 1 else {
            let points = Set(scales.map(\.points))
            if points.count == 1, let override = request.csatConvention {
                return CSATScale(points: points.first!, convention: override)
            }
            throw .invalid(FieldProblem(field: "survey", code: "mixed_scales",
                                        message: "the surveys in scope score CSAT differently; filter by survey"
                                            + (points.count == 1 ? " or set convention" : "")))
        }
        var scale = scales.first ?? .fivePointTopTwoBox
        if let override = request.csatConvention { scale.convention = override }
        return scale
    }

    private func labels(_ key: [ContextDimension: Int64], _ snapshot: CatalogSnapshot) -> [String: String] {
        var labels: [String: String] = [:]
        let locale = snapshot.organisation.defaultLocale
        for (dimension, value) in key {
            let label: String?
            switch dimension {
            case .survey: label = snapshot.surveys[Identifier(value)]?.title.text(for: locale)
            case .location: label = snapshot.locations[Identifier(value)]?.name
            case .touchpoint: label = snapshot.touchpoints[Identifier(value)]?.name
            case .employee: label = snapshot.employees[Identifier(value)]?.name
            case .segment: label = snapshot.segments[Identifier(value)]?.name
            case .channel: label = snapshot.channels[Identifier(value)]?.name.text(for: locale)
            case .stage: label = JourneyStage(code: UInt16(clamping: value))?.rawValue
            }
            labels[dimension.rawValue] = label ?? (value == 0 ? "—" : "#\(value)")
        }
        return labels
    }

    private func arrange(_ rows: [MetricReport.Group], _ request: MetricRequest) -> [MetricReport.Group] {
        let first = request.metrics[0].rawValue
        var rows = rows.filter { ($0.metrics[first]?.n ?? 0) >= request.minimumN }
        func value(_ row: MetricReport.Group) -> Double? {
            let summary = row.metrics[first]
            switch request.sort {
            case .key: return nil
            case .value: return summary?.value
            case .n: return summary.map { Double($0.n) }
            case .mean: return summary?.mean ?? summary?.value
            }
        }
        if request.sort != .key || request.descending {
            // Stable: ties keep key order; groups without a value go last.
            rows = rows.enumerated().sorted { a, b in
                let x = value(a.element), y = value(b.element)
                switch (x, y) {
                case let (x?, y?) where x != y: return request.descending ? x > y : x < y
                case (nil, _?): return false
                case (_?, nil): return true
                default: return request.sort == .key && request.descending ? a.offset > b.offset : a.offset < b.offset
                }
            }.map(\.element)
        }
        if let limit = request.limit { rows = Array(rows.prefix(limit)) }
        return rows
    }
}

/// Matches a group of one period with the same group of another.
private struct GroupKey: Hashable {
    var key: [ContextDimension: Int64]
    init(_ group: MetricGroup) { key = group.key }
}

/// The answer to a metric request, as the API returns it and `otklik report --json` prints it.
public struct MetricReport: Codable, Sendable, Hashable {
    public var metrics: [MetricKind]
    public var from: String?
    public var to: String?
    public var by: [String]
    /// Responses matched in all groups.
    public var responses: Int
    /// Each metric over all matched responses.
    public var total: [String: MetricSummary]
    public var groups: [Group]

    public struct Group: Codable, Sendable, Hashable {
        /// Id per grouped dimension (0 = not given).
        public var key: [String: Int64]
        public var stage: String?
        /// Time bucket label ("2025-W03") and its first day, when grouped by time.
        public var period: String?
        public var periodStart: String?
        /// Names of the grouped entities, in the organisation's language.
        public var labels: [String: String]
        public var responses: Int
        public var metrics: [String: MetricSummary]
        public var comparison: [String: MetricComparison]?
    }
}
