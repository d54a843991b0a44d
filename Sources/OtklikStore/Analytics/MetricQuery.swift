import OtklikCore

/// What to count: which metrics, over which answers, grouped how. The analytics index answers it with
/// score counts per group; `MetricSummary` turns counts into values.
public struct MetricQuery: Sendable, Hashable {
    public var metrics: [MetricKind]
    /// Unix seconds, inclusive.
    public var from: Int64?
    /// Unix seconds, exclusive.
    public var to: Int64?
    /// Only answers whose dimension value is in the set. An empty set matches nothing.
    public var filters: [ContextDimension: Set<Int64>]
    /// Up to three dimensions.
    public var groupBy: [ContextDimension]
    public var bucket: TimeBucket?
    /// Only responses whose score for `metric` lies in `range`.
    public var scoreBand: ScoreBand?
    /// Only responses with (true) or without (false) a comment.
    public var hasComment: Bool?

    public struct ScoreBand: Sendable, Hashable {
        public var metric: MetricKind
        public var range: ClosedRange<Int>
        public init(metric: MetricKind, range: ClosedRange<Int>) {
            self.metric = metric
            self.range = range
        }
    }

    public init(metrics: [MetricKind], from: Int64? = nil, to: Int64? = nil, filters: [ContextDimension: Set<Int64>] = [:],
                groupBy: [ContextDimension] = [], bucket: TimeBucket? = nil, scoreBand: ScoreBand? = nil,
                hasComment: Bool? = nil) {
        self.metrics = metrics
        self.from = from
        self.to = to
        self.filters = filters
        self.groupBy = groupBy
        self.bucket = bucket
        self.scoreBand = scoreBand
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

    public init(dimensions: [ContextDimension], values: [Int64], bucketStart: Int?, responses: Int,
                metrics: [MetricKind], scores: [ScoreCounts]) {
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
