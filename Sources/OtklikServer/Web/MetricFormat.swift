import OtklikCore

/// How metric numbers read on pages, in one place: NPS as a signed whole number, shares in percent,
/// means with one decimal — each with its interval and the number of answers behind it.
enum MetricFormat {
    static func value(_ summary: MetricSummary?, _ s: Strings) -> String {
        guard let summary, let value = summary.value else { return "—" }
        return number(value, convention: summary.convention, s)
    }

    static func number(_ value: Double, convention: String, _ s: Strings, signed: Bool = false) -> String {
        switch convention {
        case "nps", "net_delight": return s.decimal(value, digits: 0, signed: true)
        case "mean", "weights": return s.decimal(value, digits: 2, signed: signed)
        default: return s.decimal(value, digits: 0, signed: signed) + "%"
        }
    }

    /// The metric's name on a page: the acronyms as they are, the ladder and stars in words.
    static func name(_ metric: MetricKind, _ s: Strings) -> String {
        switch metric {
        case .nps: s[.metricNPS]
        case .csat: s[.metricCSAT]
        case .ces: s[.metricCES]
        case .ladder: s[.metricLadder]
        case .stars: s[.metricStars]
        }
    }

    /// One answer's score as a badge reads it: its scale is part of it ("CSAT 3/5" and "CSAT 3/3" are
    /// not the same answer), and the ladder's score is its step in words.
    static func answer(_ question: Question, score: Int, _ s: Strings) -> String {
        switch question.kind {
        case .nps: return "\(s[.metricNPS]) \(score)"
        case .ladder:
            let step: TextKey = score <= 0 ? .ladderDisappointedShort : score == 1 ? .ladderExpectedShort : .ladderWowShort
            return s[step]
        case .stars: return String(repeating: "★", count: max(0, min(score, 5))) + String(repeating: "☆", count: max(0, 5 - score))
        default:
            guard let metric = question.kind.metric, let range = question.scoreRange else { return String(score) }
            return "\(name(metric, s)) \(score)/\(range.upperBound)"
        }
    }

    /// "[38; 46]"
    static func interval(_ summary: MetricSummary?, _ s: Strings) -> String {
        guard let summary, let interval = summary.interval else { return "" }
        let digits = summary.convention == "mean" || summary.convention == "weights" ? 2 : 0
        return "[\(s.decimal(interval.low, digits: digits)); \(s.decimal(interval.high, digits: digits))]"
    }

    /// The change against the previous period: "+3", "−0,12", with the units of the metric.
    static func change(_ comparison: MetricComparison, _ s: Strings) -> String? {
        guard let difference = comparison.difference else { return nil }
        let convention = comparison.current.convention
        switch convention {
        case "nps", "net_delight": return s.decimal(difference, digits: 0, signed: true)
        case "mean", "weights": return s.decimal(difference, digits: 2, signed: true)
        default: return s.decimal(difference, digits: 0, signed: true) + (s.locale == .ru ? " п.п." : " pp")
        }
    }

    /// A score's colour class: NPS by its group; any other scale red in its bottom third.
    static func tone(_ question: Question, score: Int) -> String {
        if question.kind == .nps { return npsTone(score) }
        guard let range = question.scoreRange, range.upperBound > range.lowerBound else { return "" }
        return Double(score - range.lowerBound) / Double(range.upperBound - range.lowerBound) <= 0.34 ? "detractor" : ""
    }

    /// The NPS group of a score, for colours: detractor, passive, promoter.
    static func npsTone(_ score: Int) -> String {
        switch MetricKind.nps.band(of: score)?.mood {
        case .negative: "detractor"
        case .neutral: "passive"
        case .positive, nil: "promoter"
        }
    }

    /// The colour of a band's mood on a chart.
    static func tone(_ mood: MetricKind.Band.Mood?) -> Charts.Tone {
        switch mood {
        case .negative: .bad
        case .neutral, nil: .neutral
        case .positive: .good
        }
    }
}
