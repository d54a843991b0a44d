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

/// The counts of one group.
public struct MetricGroup: Sendable, Hashable {
    /// The group's value per `groupBy` dimension (0 = not given).
    public var key: [ContextDimension: Int64]
    /// First day of the time bucket (day number), when grouped by time.
    public var bucketStart: Int?
    /// Responses matched, whichever questions they answered.
    public var responses: Int
    public var counts: [MetricKind: ScoreCounts]
}
