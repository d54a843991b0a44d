/// The metrics Otklik reports. Each is computed from a `ScoreCounts` histogram and nothing else.
public enum MetricKind: String, Hashable, Sendable, Codable, CaseIterable {
    case nps, csat, ces, ladder, stars

    /// The valid scores of the metric's question kind (CSAT: of the widest supported scale).
    public var scoreRange: ClosedRange<Int> {
        switch self {
        case .nps: return 0...10
        case .csat: return 1...10
        case .ces: return 1...7
        case .ladder: return 0...2
        case .stars: return 1...5
        }
    }
}

/// How many answers gave each score: the mergeable counter behind every metric (DESIGN.md principle 2).
/// Two counts merge by adding, so counts per day and dimension add up to counts for any period or group.
/// Index = score (0…10); a skipped question is not counted at all.
public struct ScoreCounts: Hashable, Sendable, Codable {
    public static let binCount = 11
    public private(set) var bins: [Int]

    public init() { bins = Array(repeating: 0, count: Self.binCount) }

    /// - Parameter bins: counts by score; shorter arrays are padded with zeros.
    public init(bins: [Int]) {
        precondition(bins.count <= Self.binCount, "scores are 0…10")
        self.bins = bins + Array(repeating: 0, count: Self.binCount - bins.count)
    }

    public init<S: Sequence>(scores: S) where S.Element == Int {
        self.init()
        for score in scores { add(score) }
    }

    /// The number of answers: the denominator of every metric.
    public var n: Int { bins.reduce(0, +) }
    public subscript(score: Int) -> Int { bins[score] }

    public mutating func add(_ score: Int, count: Int = 1) {
        precondition((0..<Self.binCount).contains(score), "score \(score) outside 0…10")
        bins[score] += count
    }

    public func count(in range: ClosedRange<Int>) -> Int {
        range.clamped(to: 0...(Self.binCount - 1)).reduce(0) { $0 + bins[$1] }
    }

    public static func + (lhs: ScoreCounts, rhs: ScoreCounts) -> ScoreCounts {
        var sum = lhs
        sum += rhs
        return sum
    }

    public static func += (lhs: inout ScoreCounts, rhs: ScoreCounts) {
        for index in 0..<binCount { lhs.bins[index] += rhs.bins[index] }
    }
}
