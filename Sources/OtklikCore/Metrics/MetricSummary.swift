/// A metric computed for one group of answers: the value, its 95% interval, the number of answers and the
/// counts behind it. Produced only by `MetricSummary.init(_:counts:…)`, the one place with the formulas.
/// Holds no heap memory (the named counts and the histogram are derived when read), because a report
/// may hold tens of thousands of these.
public struct MetricSummary: Hashable, Sendable, Codable {
    public var metric: MetricKind
    /// How `value` is defined: "nps", "top2box", "mean", "weights", "agree_5_7", "net_delight".
    public var convention: String {
        switch metric {
        case .nps: "nps"
        case .ladder: "net_delight"
        case .ces: "agree_5_7"
        case .stars: "mean"
        case .csat: csatConvention.rawValue
        }
    }
    /// CSAT's convention (the other metrics have one each, and keep `.topTwoBox` here). An enum, not the
    /// string: a summary then holds no reference, and the tens of thousands of a report are copied and freed
    /// as plain memory.
    private var csatConvention: CSATScale.Convention
    /// Answers counted. A skipped question is not an answer and is not in n.
    public var n: Int
    /// NPS −100…100; a share in percent; a mean in points. Nil when n is 0.
    public var value: Double?
    public var interval: Interval?
    /// Standard error of `value`, in its own units: what a comparison of two groups or periods uses. Nets and
    /// shares use the same adjusted estimates as their intervals, so a group without spread (all promoters)
    /// still has an error and a small sample is not declared significantly different.
    public var standardError: Double?
    /// The centre of the interval (the adjusted estimate for nets and shares, the mean for means): two
    /// groups are compared on it, with `standardError`, so that the test and the intervals agree.
    public var estimateCentre: Double?
    /// The mean score with its interval, where the metric has one beside its headline value (CSAT, CES, stars).
    public var mean: Double? { meanEstimate.mean }
    public var meanInterval: Interval? { meanEstimate.interval }
    /// Both at once, computed when read: a report of 91,000 CSAT groups asked for top-2-box only paid a second
    /// pass over each group's counts for means nobody read.
    public var meanEstimate: (mean: Double?, interval: Interval?) {
        switch metric {
        case .nps, .ladder: return (nil, nil)
        case .stars: return (value, interval)
        case .ces, .csat: return Self.meanEstimate(scores, range: histogramStart...histogramEnd)
        }
    }

    /// True when n is below the minimum sample: the group is shown, flagged, not hidden.
    public var lowSample: Bool
    /// The lowest score of `histogram`.
    public var histogramStart: Int
    /// The highest score of `histogram`.
    private var histogramEnd: Int
    /// The counts everything above was computed from.
    public private(set) var scores: ScoreCounts

    /// Groups with fewer answers than this are flagged as low-sample.
    public static let defaultMinimumSample = 30

    /// Whether a group of `n` answers is flagged as low-sample.
    public static func isLowSample(n: Int, minimumSample: Int) -> Bool { n < minimumSample }

    /// Answers per score, lowest score first, over the question's scale.
    public var histogram: [Int] { (histogramStart...histogramEnd).map { scores[$0] } }

    /// Named counts behind the value (promoters/passives/detractors; agree/neutral/disagree …).
    public var counts: [String: Int] { Dictionary(uniqueKeysWithValues: namedCounts.map { ($0.name, $0.count) }) }

    /// The same counts in a fixed order per metric (the columns of a compact API answer); CSAT's are its
    /// histogram, named by score.
    public var namedCounts: [(name: String, count: Int)] {
        switch metric {
        case .nps:
            let promoters = scores.count(in: 9...10)
            let detractors = scores.count(in: 0...6)
            return [("promoters", promoters), ("passives", n - promoters - detractors), ("detractors", detractors)]
        case .ladder:
            return [("disappointed", scores[0]), ("expected", scores[1]), ("wow", scores[2])]
        case .ces:
            return [("agree", scores.count(in: 5...7)), ("neutral", scores[4]), ("disagree", scores.count(in: 1...3))]
        case .stars:
            let high = scores.count(in: 4...5)
            return [("four_or_five", high), ("one_to_three", n - high)]
        case .csat:
            return (histogramStart...histogramEnd).map { (String($0), scores[$0]) }
        }
    }

    /// Each named count as a share of n, in percent, with its 95% interval (Agresti–Coull): the
    /// expectation ladder's disappointed / expected / wow, NPS's promoters and detractors …
    public var shares: [String: Share] {
        guard n > 0 else { return [:] }
        return counts.mapValues { count in
            Share(
                percent: Double(count) * 100 / Double(n),
                interval: Intervals.adjustedWaldProportion(successes: count, n: n)!.interval)
        }
    }

    public struct Share: Hashable, Sendable, Codable {
        public var percent: Double
        public var interval: Interval
    }

    /// Computes a metric from its counts.
    /// - Parameters:
    ///   - csatScale: the scale of the CSAT question (points and convention); ignored for other metrics.
    public init(
        _ metric: MetricKind, counts: ScoreCounts, csatScale: CSATScale = .fivePointTopTwoBox,
        minimumSample: Int = MetricSummary.defaultMinimumSample
    ) {
        self.metric = metric
        let n = counts.n
        self.n = n
        self.lowSample = Self.isLowSample(n: n, minimumSample: minimumSample)
        self.scores = counts
        csatConvention = metric == .csat ? csatScale.convention : .topTwoBox
        let range = Self.scoreRange(metric, csatScale: csatScale)
        histogramStart = range.lowerBound
        histogramEnd = range.upperBound
        standardError = nil
        estimateCentre = nil

        if let shares = Self.shares(metric, counts: counts, csatScale: csatScale) {
            value = shares.value
            (interval, standardError, estimateCentre) = Self.split(shares.estimate)
        } else {
            // A mean: of the scores, or of CSAT's weights for them.
            let weights = metric == .csat && csatScale.convention == .weights ? csatScale.weights ?? range.map(Double.init) : nil
            (value, interval, standardError) = Self.mean(counts, range: range) { weights?[$0 - 1] ?? Double($0) }
            estimateCentre = value
        }
    }

    /// The two counts a net or a share is made of: NPS's promoters and detractors, the ladder's wow and
    /// disappointed; CES's agree and CSAT's top two boxes (when CSAT is counted so), with 0. Nil for a mean.
    private static func shareCounts(
        _ metric: MetricKind, _ counts: ScoreCounts, _ csatScale: CSATScale
    ) -> (positive: Int, negative: Int)? {
        switch metric {
        case .nps: (counts.count(in: 9...10), counts.count(in: 0...6))
        case .ladder: (counts[2], counts[0])
        case .ces: (counts.count(in: 5...7), 0)
        case .csat where csatScale.convention == .topTwoBox:
            (counts.count(in: (csatScale.points - 1)...csatScale.points), 0)
        case .csat, .stars: nil
        }
    }

    /// The scores a net's or a share's counts tell apart, for each score 0…10 the lowest score of its class:
    /// NPS's 0 for 0–6, 7 for 7–8, 9 for 9–10. Counts moved each to its class's lowest score give the same
    /// `shares`, so a count of many groups may keep one count per class instead of one per score
    /// (`MetricQuery.scoreClasses`). Nil for a mean, which needs every score.
    public static func shareClasses(_ metric: MetricKind, csatScale: CSATScale) -> [Int]? {
        guard shareCounts(metric, ScoreCounts(), csatScale) != nil else { return nil }
        // A score's class is which of the two counts one answer with it adds to, or neither.
        var lowest: [Int: Int] = [:]
        return (0..<ScoreCounts.binCount).map { score in
            var one = ScoreCounts()
            one.add(score)
            let (positive, negative) = shareCounts(metric, one, csatScale)!
            let side = positive > 0 ? 1 : negative > 0 ? -1 : 0
            if lowest[side] == nil { lowest[side] = score }
            return lowest[side]!
        }
    }

    /// A net's or a share's two counts and n, from which its headline figures come; nil for a mean. A writer
    /// of many groups asked for the headline alone reads them here, without making the whole summary.
    public static func shares(_ metric: MetricKind, counts: ScoreCounts, csatScale: CSATScale) -> Shares? {
        shareCounts(metric, counts, csatScale).map { Shares(metric: metric, positive: $0.positive, negative: $0.negative, n: counts.n) }
    }

    /// What a net's or a share's value, interval, n and low-sample flag depend on: NPS's promoters and
    /// detractors (the ladder's wow and disappointed), or CES's and CSAT's top answers and 0, and n.
    public struct Shares: Sendable {
        let metric: MetricKind
        public let positive: Int
        public let negative: Int
        public let n: Int

        /// NPS −100…100, a share in percent; nil when n is 0.
        public var value: Double? { n > 0 ? Double(positive - negative) * 100 / Double(n) : nil }

        /// The adjusted-Wald estimate: of a net for NPS and the ladder, of a share for the others.
        public var estimate: IntervalEstimate? {
            metric == .nps || metric == .ladder
                ? Intervals.adjustedWaldNet(positive: positive, negative: negative, n: n)
                : Intervals.adjustedWaldProportion(successes: positive, n: n)
        }

        /// The three counts in one number, 60 bits: counts with the same key have the same figures, so a report
        /// of many small groups works out and writes each distinct one once (`MetricReportJSON`). Nil for more
        /// than a million answers.
        public var key: UInt64? {
            guard n < 1 << 20 else { return nil }
            return UInt64(n) | UInt64(positive) << 20 | UInt64(negative) << 40
        }
    }

    /// `meanEstimate` from the counts alone, without making the summary: for writers of many groups asked
    /// for the mean and n (CSAT's mean by employee, say).
    public static func meanEstimate(_ metric: MetricKind, counts: ScoreCounts, csatScale: CSATScale) -> (mean: Double?, interval: Interval?)
    {
        metric == .nps || metric == .ladder ? (nil, nil) : meanEstimate(counts, range: scoreRange(metric, csatScale: csatScale))
    }

    /// The mean score over `range` with its interval.
    private static func meanEstimate(_ counts: ScoreCounts, range: ClosedRange<Int>) -> (mean: Double?, interval: Interval?) {
        let estimate = mean(counts, range: range) { Double($0) }
        return (estimate.0, estimate.1)
    }

    /// The scores a metric's answers take: CSAT's by its scale.
    private static func scoreRange(_ metric: MetricKind, csatScale: CSATScale) -> ClosedRange<Int> {
        metric == .csat ? 1...csatScale.points : metric.scoreRange
    }

    /// Mean, t-interval and standard error of `weight(score)` over the answers.
    private static func mean(
        _ counts: ScoreCounts, range: ClosedRange<Int>, weight: (Int) -> Double
    )
        -> (Double?, Interval?, Double?)
    {
        var n = 0
        var sum = 0.0
        for score in range {
            n += counts[score]
            sum += Double(counts[score]) * weight(score)
        }
        guard n > 0 else { return (nil, nil, nil) }
        let mean = sum / Double(n)
        guard n >= 2 else { return (mean, nil, nil) }
        var squares = 0.0
        for score in range { squares += Double(counts[score]) * (weight(score) - mean) * (weight(score) - mean) }
        let estimate = Intervals.mean(mean, sampleVariance: squares / Double(n - 1), n: n)
        return (mean, estimate?.interval, estimate?.standardError)
    }

    private static func split(_ estimate: IntervalEstimate?) -> (Interval?, Double?, Double?) {
        (estimate?.interval, estimate?.standardError, estimate?.centre)
    }

    private enum CodingKeys: String, CodingKey {
        case metric, convention, n, value, interval, standardError, estimateCentre, mean, meanInterval, lowSample
        case counts, shares, histogram, histogramStart
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(metric, forKey: .metric)
        try container.encode(convention, forKey: .convention)
        try container.encode(n, forKey: .n)
        try container.encodeIfPresent(value, forKey: .value)
        try container.encodeIfPresent(interval, forKey: .interval)
        try container.encodeIfPresent(standardError, forKey: .standardError)
        try container.encodeIfPresent(estimateCentre, forKey: .estimateCentre)
        try container.encodeIfPresent(mean, forKey: .mean)
        try container.encodeIfPresent(meanInterval, forKey: .meanInterval)
        try container.encode(lowSample, forKey: .lowSample)
        try container.encode(counts, forKey: .counts)
        try container.encode(shares, forKey: .shares)
        try container.encode(histogram, forKey: .histogram)
        try container.encode(histogramStart, forKey: .histogramStart)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metric = try container.decode(MetricKind.self, forKey: .metric)
        let convention = try container.decode(String.self, forKey: .convention)
        csatConvention = metric == .csat ? CSATScale.Convention(rawValue: convention) ?? .topTwoBox : .topTwoBox
        n = try container.decode(Int.self, forKey: .n)
        value = try container.decodeIfPresent(Double.self, forKey: .value)
        interval = try container.decodeIfPresent(Interval.self, forKey: .interval)
        standardError = try container.decodeIfPresent(Double.self, forKey: .standardError)
        estimateCentre = try container.decodeIfPresent(Double.self, forKey: .estimateCentre)
        lowSample = try container.decode(Bool.self, forKey: .lowSample)
        histogramStart = try container.decode(Int.self, forKey: .histogramStart)
        let histogram = try container.decode([Int].self, forKey: .histogram)
        histogramEnd = histogramStart + histogram.count - 1
        scores = ScoreCounts()
        for (offset, count) in histogram.enumerated() { scores[histogramStart + offset] = count }
    }
}

/// A metric in two periods (or two groups): the difference and whether it is beyond chance at 95%.
public struct MetricComparison: Hashable, Sendable, Codable {
    public var current: MetricSummary
    public var previous: MetricSummary
    /// current − previous, in the metric's units; nil when either side has no answers.
    public var difference: Double?
    /// Two-sided z test on the difference with the two standard errors combined.
    public var significant: Bool

    public init(current: MetricSummary, previous: MetricSummary) {
        self.current = current
        self.previous = previous
        (difference, significant) = Self.change(
            from: previous.value, to: current.value, errors: (previous.standardError, current.standardError),
            centres: (previous.estimateCentre, current.estimateCentre))
    }

    /// The difference and whether it is beyond chance, from each side's value, standard error and estimate
    /// centre (previous first): what `init` computes, for a writer that has those figures without whole
    /// summaries (a share's, from `MetricSummary.Shares`).
    public static func change(
        from previous: Double?, to current: Double?, errors: (previous: Double?, current: Double?),
        centres: (previous: Double?, current: Double?)
    ) -> (difference: Double?, significant: Bool) {
        guard let a = current, let b = previous else { return (nil, false) }
        // The test runs on the interval centres (adjusted estimates), so that tiny samples with extreme
        // raw values (two promoters against two detractors) are not declared different.
        guard let seA = errors.current, let seB = errors.previous, let centreA = centres.current, let centreB = centres.previous
        else { return (a - b, false) }
        let combined = (seA * seA + seB * seB).squareRoot()
        // Two groups of n ≥ 2 without any spread (all 5★ against all 1★): the difference is not chance.
        guard combined != 0 else { return (a - b, centreA != centreB) }
        return (a - b, abs(centreA - centreB) > Intervals.z * combined)
    }
}
