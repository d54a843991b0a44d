import OtklikAnalytics
import OtklikCore

/// The answer to a metric request: what the pages draw, and what the API and `otklik report` write
/// (`MetricReportJSON`, `MetricReportCSV`). The groups stay in the flat arrays the index filled.
public struct MetricReport: Sendable {
    public var metrics: [MetricKind]
    public var from: String?
    public var to: String?
    public var by: [String]
    /// Responses matched in all groups.
    public var responses: Int
    /// Each metric over all matched responses.
    public var total: [String: MetricSummary]
    let storage: Storage
    /// The rows of `storage` to show, in order (filtered by `min_n`, sorted, limited).
    let rows: [Int]
    /// What the API writes per group and metric.
    public var fields: [MetricField]

    public var groups: [Group] { rows.map { Group(storage: storage, row: $0) } }
    public var groupCount: Int { rows.count }

    /// The previous period's counts, when a report compares with it: its table, and for each group of the
    /// report its row there (-1: none, the group had no answers then).
    struct PreviousPeriod: Sendable {
        let counts: MetricCounts
        let rows: [Int32]

        /// The earlier counts of a report's group (its row) for one metric (its index in the request): none
        /// when the group had no answers then.
        func scores(ofRow row: Int, metric: Int) -> ScoreCounts {
            let earlier = Int(rows[row])
            return earlier < 0 ? ScoreCounts() : counts.scores[earlier * counts.metrics.count + metric]
        }
    }

    /// Everything the groups of a report share, kept once: the counts in flat arrays, how they become
    /// figures, the previous period's counts when asked for, the catalog for labels.
    final class Storage: Sendable {
        let counts: MetricCounts
        let bucket: TimeBucket?
        let catalog: CatalogSnapshot
        let csatScale: CSATScale
        let minimumSample: Int
        let previous: PreviousPeriod?

        init(
            counts: MetricCounts, bucket: TimeBucket?, catalog: CatalogSnapshot, csatScale: CSATScale, minimumSample: Int,
            previous: PreviousPeriod?
        ) {
            self.counts = counts
            self.bucket = bucket
            self.catalog = catalog
            self.csatScale = csatScale
            self.minimumSample = minimumSample
            self.previous = previous
        }

        /// A group's figures for one metric (its index in the request), made when read: a writer reads each
        /// once, on the thread writing that group, and a report of 91,000 groups keeps no array of them.
        func summary(row: Int, metric: Int) -> MetricSummary {
            summary(of: counts.scores[row * counts.metrics.count + metric], metric: metric)
        }

        /// The figures of any counts of one metric (its index in the request), as this report makes them.
        private func summary(of scores: ScoreCounts, metric: Int) -> MetricSummary {
            MetricSummary(counts.metrics[metric], counts: scores, csatScale: csatScale, minimumSample: minimumSample)
        }

        /// A group's comparison with the previous period for one metric, made when read like `summary`: made
        /// beforehand, the comparisons of 91,000 groups were 35 MB of new memory per answer. Nil when the report
        /// does not compare.
        func comparison(row: Int, metric: Int) -> MetricComparison? {
            guard let previous else { return nil }
            return MetricComparison(
                current: summary(row: row, metric: metric),
                previous: summary(of: previous.scores(ofRow: row, metric: metric), metric: metric))
        }

        func label(_ dimension: ContextDimension, _ value: Int64) -> String {
            if let names = counts.names[dimension] { return names[value] ?? "—" }
            return catalog.name(of: dimension, value, locale: catalog.organisation.defaultLocale) ?? (value == 0 ? "—" : "#\(value)")
        }
    }

    /// One group: a row of the shared storage. Names, labels and period strings are derived when read or
    /// encoded, so that building a report of many groups stays cheap.
    public struct Group: Sendable {
        let storage: Storage
        let row: Int

        private var dimensions: [ContextDimension] { storage.counts.dimensions }
        private var metricKinds: [MetricKind] { storage.counts.metrics }

        /// Value per grouped dimension, in the request's order (0 = not given).
        public var values: ArraySlice<Int64> {
            let d = dimensions.count
            return storage.counts.values[(row * d)..<(row * d + d)]
        }

        /// First day (day number) of the time bucket, when grouped by time.
        public var bucketStart: Int? { storage.counts.bucketStarts.isEmpty ? nil : storage.counts.bucketStarts[row] }
        public var responses: Int { storage.counts.responses[row] }

        /// One per metric of the request, in its order.
        public var summaries: [MetricSummary] { metricKinds.indices.map { storage.summary(row: row, metric: $0) } }

        /// One per metric of the request, in its order; nil when the report does not compare.
        public var comparisons: [MetricComparison]? {
            storage.previous == nil ? nil : metricKinds.indices.map { storage.comparison(row: row, metric: $0)! }
        }

        /// Id per grouped dimension except the stage.
        public var key: [String: Int64] {
            var key: [String: Int64] = [:]
            for (dimension, value) in zip(dimensions, values) where dimension != .stage {
                key[dimension.rawValue] = value
            }
            return key
        }

        public var stage: String? {
            guard let index = dimensions.firstIndex(of: .stage) else { return nil }
            return JourneyStage(code: UInt16(clamping: values[values.startIndex + index]))?.rawValue
        }

        /// The time bucket's label ("2025-W03").
        public var period: String? { bucketStart.map { storage.bucket!.label(ofStart: $0) } }
        public var periodStart: String? { bucketStart.map(CivilDay.isoDate(ofDay:)) }

        /// Names of the grouped entities, in the organisation's language.
        public var labels: [String: String] {
            Dictionary(uniqueKeysWithValues: zip(dimensions, values).map { ($0.rawValue, storage.label($0, $1)) })
        }

        public var metrics: [String: MetricSummary] {
            Dictionary(uniqueKeysWithValues: zip(metricKinds.map(\.rawValue), summaries))
        }

        public var comparison: [String: MetricComparison]? {
            comparisons.map { Dictionary(uniqueKeysWithValues: zip(metricKinds.map(\.rawValue), $0)) }
        }
    }
}
