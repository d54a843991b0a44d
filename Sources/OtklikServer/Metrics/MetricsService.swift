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
        var previous: [[Int64]: MetricGroup] = [:]
        if request.comparePrevious, let from = request.query.from, let to = request.query.to {
            var earlier = request.query
            earlier.from = from - (to - from)
            earlier.to = from
            previous = Dictionary(uniqueKeysWithValues: try counts(earlier).map { ($0.values, $0) })
        }
        let metrics = request.metrics
        func summaries(_ scores: [ScoreCounts]) -> [MetricSummary] {
            zip(metrics, scores).map { metric, counts in
                MetricSummary(metric, counts: counts, csatScale: scale, minimumSample: minimumSample)
            }
        }
        let context = MetricReport.Context(dimensions: request.query.groupBy, bucket: request.query.bucket,
                                           metrics: metrics, catalog: snapshot)
        var total = [ScoreCounts](repeating: ScoreCounts(), count: metrics.count)
        var totalResponses = 0
        var rows: [MetricReport.Group] = []
        rows.reserveCapacity(groups.count)
        for group in groups {
            totalResponses += group.responses
            for m in metrics.indices { total[m] += group.scores[m] }
            var row = MetricReport.Group(context: context, values: group.values, bucketStart: group.bucketStart,
                                         responses: group.responses, summaries: summaries(group.scores))
            if request.comparePrevious {
                let earlier = summaries(previous[group.values]?.scores
                                        ?? [ScoreCounts](repeating: ScoreCounts(), count: metrics.count))
                row.comparisons = zip(row.summaries, earlier).map { MetricComparison(current: $0, previous: $1) }
            }
            rows.append(row)
        }
        rows = arrange(rows, request)
        let totals = summaries(total)
        return MetricReport(metrics: metrics, from: request.fromLabel, to: request.toLabel,
                            by: request.query.groupBy.map(\.rawValue) + (request.query.bucket.map { [$0.rawValue] } ?? []),
                            responses: totalResponses,
                            total: Dictionary(uniqueKeysWithValues: zip(metrics.map(\.rawValue), totals)),
                            groups: rows)
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

    private func arrange(_ rows: [MetricReport.Group], _ request: MetricRequest) -> [MetricReport.Group] {
        var rows = rows.filter { $0.summaries[0].n >= request.minimumN }
        func value(_ row: MetricReport.Group) -> Double? {
            let summary: MetricSummary? = row.summaries[0]
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

/// The answer to a metric request, as the API returns it and `otklik report --json` prints it.
public struct MetricReport: Encodable, Sendable {
    public var metrics: [MetricKind]
    public var from: String?
    public var to: String?
    public var by: [String]
    /// Responses matched in all groups.
    public var responses: Int
    /// Each metric over all matched responses.
    public var total: [String: MetricSummary]
    public var groups: [Group]

    /// What all groups of a report share: kept once, not per group.
    final class Context: Sendable {
        let dimensions: [ContextDimension]
        let bucket: TimeBucket?
        let metrics: [MetricKind]
        let catalog: CatalogSnapshot

        init(dimensions: [ContextDimension], bucket: TimeBucket?, metrics: [MetricKind], catalog: CatalogSnapshot) {
            self.dimensions = dimensions
            self.bucket = bucket
            self.metrics = metrics
            self.catalog = catalog
        }

        func label(_ dimension: ContextDimension, _ value: Int64) -> String {
            let locale = catalog.organisation.defaultLocale
            let label: String?
            switch dimension {
            case .survey: label = catalog.surveys[Identifier(value)]?.title.text(for: locale)
            case .location: label = catalog.locations[Identifier(value)]?.name
            case .touchpoint: label = catalog.touchpoints[Identifier(value)]?.name
            case .employee: label = catalog.employees[Identifier(value)]?.name
            case .segment: label = catalog.segments[Identifier(value)]?.name
            case .channel: label = catalog.channels[Identifier(value)]?.name.text(for: locale)
            case .stage: label = JourneyStage(code: UInt16(clamping: value))?.rawValue
            }
            return label ?? (value == 0 ? "—" : "#\(value)")
        }
    }

    /// One group. Names, labels and period strings are derived when read or encoded, so that building a
    /// report of many groups stays cheap.
    public struct Group: Encodable, Sendable {
        let context: Context
        /// Value per grouped dimension, in the request's order (0 = not given).
        public let values: [Int64]
        /// First day (day number) of the time bucket, when grouped by time.
        public let bucketStart: Int?
        public let responses: Int
        /// One per metric of the request, in its order.
        public let summaries: [MetricSummary]
        public var comparisons: [MetricComparison]?

        init(context: Context, values: [Int64], bucketStart: Int?, responses: Int, summaries: [MetricSummary]) {
            self.context = context
            self.values = values
            self.bucketStart = bucketStart
            self.responses = responses
            self.summaries = summaries
        }

        /// Id per grouped dimension except the stage.
        public var key: [String: Int64] {
            var key: [String: Int64] = [:]
            for (dimension, value) in zip(context.dimensions, values) where dimension != .stage {
                key[dimension.rawValue] = value
            }
            return key
        }

        public var stage: String? {
            guard let index = context.dimensions.firstIndex(of: .stage) else { return nil }
            return JourneyStage(code: UInt16(clamping: values[index]))?.rawValue
        }

        /// The time bucket's label ("2025-W03").
        public var period: String? { bucketStart.map { context.bucket!.label(ofStart: $0) } }
        public var periodStart: String? { bucketStart.map(CivilDay.isoDate(ofDay:)) }

        /// Names of the grouped entities, in the organisation's language.
        public var labels: [String: String] {
            Dictionary(uniqueKeysWithValues: zip(context.dimensions, values).map { ($0.rawValue, context.label($0, $1)) })
        }

        public var metrics: [String: MetricSummary] {
            Dictionary(uniqueKeysWithValues: zip(context.metrics.map(\.rawValue), summaries))
        }

        public var comparison: [String: MetricComparison]? {
            comparisons.map { Dictionary(uniqueKeysWithValues: zip(context.metrics.map(\.rawValue), $0)) }
        }

        private enum CodingKeys: String, CodingKey {
            case key, stage, period, periodStart, labels, responses, metrics, comparison
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(key, forKey: .key)
            try container.encodeIfPresent(stage, forKey: .stage)
            try container.encodeIfPresent(period, forKey: .period)
            try container.encodeIfPresent(periodStart, forKey: .periodStart)
            try container.encode(labels, forKey: .labels)
            try container.encode(responses, forKey: .responses)
            try container.encode(metrics, forKey: .metrics)
            try container.encodeIfPresent(comparison, forKey: .comparison)
        }
    }
}
