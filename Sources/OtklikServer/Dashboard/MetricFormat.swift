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

    /// The NPS group of a score, for colours: detractor, passive, promoter.
    static func npsTone(_ score: Int) -> String { score <= 6 ? "detractor" : score <= 8 ? "passive" : "promoter" }
}
