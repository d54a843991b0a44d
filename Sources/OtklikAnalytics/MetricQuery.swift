import OtklikCore
import OtklikStore

/// What to count: which metrics, over which answers, grouped how. The analytics index answers it with
/// score counts per group; `MetricSummary` turns counts into values.
public struct MetricQuery: Sendable, Hashable {
    public var metrics: [MetricKind]
    /// Unix seconds, inclusive.
    public var from: Int64?
    /// Unix seconds, exclusive.
    public var to: Int64?
    /// Only answers whose dimension value is in the set. An empty set matches nothing. Never `.tag`: tags
    /// filter by their text (`tags`).
    public var filters: [ContextDimension: Set<Int64>]
    /// Only answers with at least one of these tags (an empty set matches nothing).
    public var tags: Set<String>?
    /// Up to three dimensions.
    public var groupBy: [ContextDimension]
    public var bucket: TimeBucket?
    /// Only responses whose score lies in every band (one band per metric at most: `nps=0..6&csat=4..5`).
    public var scoreBands: [ScoreBand]
    /// Only responses with (true) or without (false) a comment.
    public var hasComment: Bool?
    /// Only these responses (by id): the ones whose comment matched a search, found in the store first.
    public var responseIDs: Set<UInt32>?
    /// The labels of the customers' dimensions the query filters or groups by (`ContextDimension.ofCustomers`):
    /// each must be here. Filters on them name values (`filters[.loyaltyStep] = [LoyaltyStep.regular.code]`).
    public var labels: [ContextDimension: ResponseLabels] = [:]
    /// Per metric, the scores the asker tells apart (`MetricSummary.shareClasses`: for each score 0…10 the
    /// lowest score of its class), when it needs no more (a net or a share, not a mean or a histogram). The
    /// index may then count a class's scores in one count, put back at its lowest score: a grouping of many
    /// cells keeps NPS in 4 counts a cell, not 12. It may as well count by score: the asker's figures are the
    /// same either way.
    public var scoreClasses: [MetricKind: [Int]] = [:]

    /// The customers' dimensions the query filters or groups by: each needs its labels in `labels`.
    public var customerDimensions: Set<ContextDimension> { Set(filters.keys).union(groupBy).filter(\.isCustomerLabel) }

    public init(
        metrics: [MetricKind], from: Int64? = nil, to: Int64? = nil, filters: [ContextDimension: Set<Int64>] = [:],
        groupBy: [ContextDimension] = [], bucket: TimeBucket? = nil, scoreBands: [ScoreBand] = [],
        hasComment: Bool? = nil, tags: Set<String>? = nil
    ) {
        self.tags = tags
        self.metrics = metrics
        self.from = from
        self.to = to
        self.filters = filters
        self.groupBy = groupBy
        self.bucket = bucket
        self.scoreBands = scoreBands
        self.hasComment = hasComment
    }
}

/// The counts of one group. Values are kept in the order of the query's `groupBy` and `metrics` (shared
/// arrays, so a result of many groups allocates little); `key` and `counts` give them by name.
public struct MetricGroup: Sendable, Hashable {
    public let dimensions: [ContextDimension]
    /// The group's value per dimension of `dimensions` (0 = not given).
    public let values: [Int64]
    /// First day of the time bucket (day number), when grouped by time.
    public let bucketStart: Int?
    /// Responses matched, whichever questions they answered.
    public let responses: Int
    public let metrics: [MetricKind]
    /// Score counts per metric of `metrics`.
    public let scores: [ScoreCounts]

    public init(
        dimensions: [ContextDimension], values: [Int64], bucketStart: Int?, responses: Int,
        metrics: [MetricKind], scores: [ScoreCounts]
    ) {
        self.dimensions = dimensions
        self.values = values
        self.bucketStart = bucketStart
        self.responses = responses
        self.metrics = metrics
        self.scores = scores
    }

    public var key: [ContextDimension: Int64] { Dictionary(uniqueKeysWithValues: zip(dimensions, values)) }
    public var counts: [MetricKind: ScoreCounts] { Dictionary(uniqueKeysWithValues: zip(metrics, scores)) }
}

/// The counts of all groups of a query, in flat arrays (a query may have tens of thousands of groups;
/// one array per field instead of several per group). `groups` gives them one by one.
public struct MetricCounts: Sendable {
    public let dimensions: [ContextDimension]
    public let metrics: [MetricKind]
    /// Group i's value for dimension d is `values[i * dimensions.count + d]`.
    public let values: [Int64]
    /// Group i's time bucket (first day), when grouped by time; empty otherwise.
    public let bucketStarts: [Int]
    public let responses: [Int]
    /// Group i's counts for metric m are `scores[i * metrics.count + m]`.
    public let scores: [ScoreCounts]
    /// Names the catalog does not know, per grouped dimension: each tag code's text, each customer's own id.
    public var names: [ContextDimension: [Int64: String]] = [:]

    public var count: Int { responses.count }

    public func group(_ i: Int) -> MetricGroup {
        let d = dimensions.count
        let m = metrics.count
        return MetricGroup(
            dimensions: dimensions, values: Array(values[(i * d)..<(i * d + d)]),
            bucketStart: bucketStarts.isEmpty ? nil : bucketStarts[i], responses: responses[i],
            metrics: metrics, scores: Array(scores[(i * m)..<(i * m + m)]))
    }

    public var groups: [MetricGroup] { (0..<count).map(group) }
}
