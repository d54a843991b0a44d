/// The metrics Otklik reports, and the one table of what each is: its question kind, its scale, its named
/// bands (NPS's detractors, CES's "easy") and which answers call for a follow-up. Adding a metric is a case
/// here, its row in `definition`, and its formula in `MetricSummary.init` — every switch over the kinds is
/// exhaustive, so the compiler lists whatever else must know about it (a page's label, say).
/// The formulas and their sources: docs/domain.md.
public enum MetricKind: String, Hashable, Sendable, Codable, CaseIterable {
    case nps, csat, ces, ladder, stars

    /// A named part of a metric's scale: the scores the band covers, and how the customer feels there.
    public struct Band: Hashable, Sendable {
        /// The band's code in the API and in counts ("detractors").
        public var name: String
        public var range: ClosedRange<Int>
        /// Unhappy, in between, or happy: the colour the band is drawn in.
        public var mood: Mood

        public enum Mood: Hashable, Sendable { case negative, neutral, positive }

        public static let npsDetractors = Band(name: "detractors", range: 0...6, mood: .negative)
        public static let npsPassives = Band(name: "passives", range: 7...8, mood: .neutral)
        public static let npsPromoters = Band(name: "promoters", range: 9...10, mood: .positive)
    }

    public struct Definition: Sendable {
        /// The question kind that feeds the metric.
        public var question: Question.Kind
        /// The valid scores (CSAT: of the widest supported scale; a question's own scale may be narrower).
        public var scoreRange: ClosedRange<Int>
        /// The bands a list of answers can be narrowed to (the responses page's menu), on the standard scale.
        public var bands: [Band]
        /// The highest score that asks for a follow-up (a detractor, a hard effort, a disappointment), on the
        /// standard scale; `followUpRange(points:)` adapts CSAT to a question's scale.
        public var followUpCeiling: Int
    }

    /// The table. One row per metric; the exhaustive switch is the table's index.
    public var definition: Definition {
        switch self {
        case .nps:
            Definition(
                question: .nps, scoreRange: 0...10,
                bands: [.npsDetractors, .npsPassives, .npsPromoters],
                followUpCeiling: 6)
        case .csat:
            Definition(
                question: .csat, scoreRange: 1...10,
                bands: [Band(name: "unhappy", range: 1...3, mood: .negative), Band(name: "happy", range: 4...5, mood: .positive)],
                followUpCeiling: 2)
        case .ces:
            Definition(
                question: .ces, scoreRange: 1...7,
                bands: [Band(name: "hard", range: 1...3, mood: .negative), Band(name: "easy", range: 5...7, mood: .positive)],
                followUpCeiling: 3)
        case .ladder:
            Definition(
                question: .ladder, scoreRange: 0...2,
                bands: [
                    Band(name: "disappointed", range: 0...0, mood: .negative), Band(name: "expected", range: 1...1, mood: .neutral),
                    Band(name: "wow", range: 2...2, mood: .positive),
                ],
                followUpCeiling: 0)
        case .stars:
            Definition(question: .stars, scoreRange: 1...5, bands: [], followUpCeiling: 2)
        }
    }

    /// The metric's column among the scores a response is indexed by (`MetricScores`): its place in the table.
    public var column: Int {
        switch self {
        case .nps: 0
        case .csat: 1
        case .ces: 2
        case .ladder: 3
        case .stars: 4
        }
    }

    /// The valid scores of the metric's question kind (CSAT: of the widest supported scale).
    public var scoreRange: ClosedRange<Int> { definition.scoreRange }

    /// The named band a score falls in on the standard scale (NPS 6: the detractors), if any.
    public func band(of score: Int) -> Band? { definition.bands.first { $0.range.contains(score) } }

    /// The scores of a question of `points` points that ask for a follow-up: CSAT's bottom two on a scale of
    /// five or more, its bottom one on a shorter scale; the table's ceiling for every other metric.
    public func followUpRange(points: Int?) -> ClosedRange<Int> {
        let low = scoreRange.lowerBound
        guard self == .csat else { return low...definition.followUpCeiling }
        return low...((points ?? 5) >= 5 ? definition.followUpCeiling : 1)
    }
}

/// Answers whose score for one metric lies in a range ("the detractors": NPS 0–6): a filter of metric
/// queries and response lists, and the drill-down behind a number on a page.
public struct ScoreBand: Hashable, Sendable {
    public var metric: MetricKind
    public var range: ClosedRange<Int>

    public init(metric: MetricKind, range: ClosedRange<Int>) {
        self.metric = metric
        self.range = range
    }

    public init(_ metric: MetricKind, _ range: ClosedRange<Int>) {
        self.init(metric: metric, range: range)
    }

    /// A band with one or both ends given; a missing end runs to the end of the metric's scale
    /// (`max 6` is 0–6 for NPS). Nil when the ends cross or lie outside the scale entirely.
    public init?(_ metric: MetricKind, low: Int?, high: Int?) {
        let scale = metric.scoreRange
        let from = max(low ?? scale.lowerBound, scale.lowerBound)
        let to = min(high ?? scale.upperBound, scale.upperBound)
        guard from <= to else { return nil }
        self.init(metric, from...to)
    }

    /// `nps:0-6`: a band as one value (a menu's option, a filter's parameter).
    public var code: String { "\(metric.rawValue):\(range.lowerBound)-\(range.upperBound)" }

    public init?(code: String) {
        let parts = code.split(separator: ":")
        guard parts.count == 2, let metric = MetricKind(rawValue: String(parts[0])) else { return nil }
        let ends = parts[1].split(separator: "-").compactMap { Int($0) }
        guard ends.count == 2, ends[0] <= ends[1], metric.scoreRange.contains(ends[0]),
            metric.scoreRange.contains(ends[1])
        else { return nil }
        self.init(metric, ends[0]...ends[1])
    }

    /// A band as a query parameter's value names it, after the metric's name: `nps=0..6`, `nps=9` (one
    /// score), `nps=..6` or `nps=9..` (to the end of the scale). Nil when it is not that shape, an end lies
    /// outside the scale, or the ends cross.
    public init?(_ metric: MetricKind, parameter text: String) {
        let scale = metric.scoreRange
        func end(_ part: Substring) -> Int?? {
            guard !part.isEmpty else { return .some(nil) }
            guard let value = Int(part), scale.contains(value) else { return nil }
            return .some(value)
        }
        // Cut at the first "." when a second follows it; a lone "." leaves a text no end reads. Not
        // `split(separator: "..")`: string processing's search took 4 µs a band, 4% of a small question's CPU.
        let low: Int??
        let high: Int??
        let text = Substring(text)
        if let dot = text.utf8.firstIndex(of: UInt8(ascii: ".")), text.utf8[dot...].starts(with: "..".utf8) {
            (low, high) = (end(text[..<dot]), end(text[text.utf8.index(dot, offsetBy: 2)...]))
        } else {
            (low, high) = (end(text), end(text))
            guard case .some(.some) = low else { return nil }
        }
        guard case .some(let from) = low, case .some(let to) = high else { return nil }
        self.init(metric, low: from, high: to)
    }

    /// `0..6`: the band as `init(_:parameter:)` reads it.
    public var parameter: String {
        range.lowerBound == range.upperBound ? String(range.lowerBound) : "\(range.lowerBound)..\(range.upperBound)"
    }

    /// The named bands of every metric, in the table's order.
    public static var named: [(band: ScoreBand, name: String)] {
        MetricKind.allCases.flatMap { metric in metric.definition.bands.map { (ScoreBand(metric, $0.range), $0.name) } }
    }
}
