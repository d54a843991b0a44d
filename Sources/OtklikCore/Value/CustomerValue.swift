/// What the value analysis knows of a customer besides their orders.
public struct CustomerSignals: Hashable, Sendable {
    public var customerId: Customer.ID
    /// The business's own id ("13085"), or "#" and ours: equal customers are listed in this order.
    public var key: String
    public var marks: Set<CustomerMark>
    /// Their NPS answers, in any order.
    public var npsAnswers: [DatedScore]
    /// The first day they answered a survey or asked to be contacted: from then on they know us.
    public var firstContactDay: Int?

    public init(
        customerId: Customer.ID, key: String, marks: Set<CustomerMark> = [], npsAnswers: [DatedScore] = [],
        firstContactDay: Int? = nil
    ) {
        self.customerId = customerId
        self.key = key
        self.marks = marks
        self.npsAnswers = npsAnswers
        self.firstContactDay = firstContactDay
    }
}

public struct DatedScore: Hashable, Sendable {
    /// Day number in the organisation's time zone.
    public var day: Int
    public var score: Int

    public init(day: Int, score: Int) {
        self.day = day
        self.score = score
    }
}

/// One customer's value as of the analysis day: money, rhythm, and where they stand.
public struct CustomerValue: Hashable, Sendable {
    public var customerId: Customer.ID
    public var key: String
    /// Sales less cancellations, in minor units.
    public var revenue: Int64
    public var cost: Int64
    public var profit: Int64 { revenue - cost }
    /// Orders placed (cancellations are not orders).
    public var orders: Int
    public var firstPurchaseDay: Int?
    public var lastPurchaseDay: Int?
    /// Days from the last purchase to the analysis day (1: bought on the last day of the data).
    public var recencyDays: Int?
    /// Days from the first purchase to the analysis day.
    public var tenureDays: Int?
    /// Revenue per order, in minor units.
    public var averageOrderValue: Int64? { orders > 0 ? Money.scaled(revenue, by: 1, over: Int64(orders)) : nil }
    /// Mean days between consecutive purchases (two purchases or more).
    public var meanIntervalDays: Double?
    /// How evenly they buy: 1 − the coefficient of variation of their intervals, floored at 0 (three purchases
    /// or more; 1 is clockwork).
    public var regularity: Double?
    /// Months with a purchase out of the months from the first purchase to the analysis day.
    public var activeMonthsShare: Double?
    /// Nil for a customer without orders (a contact who never bought).
    public var abc: ABCClass?
    public var profitGroup: ProfitGroup?
    /// 1-based place by profit (ties by key); nil without orders.
    public var rank: Int?
    public var rfm: RFMScore?
    public var step: LoyaltyStep
    /// The latest NPS answer.
    public var latestNPS: DatedScore?
    public var marks: Set<CustomerMark>
    /// How far past their usual next purchase they are (days since the last ÷ the interval they usually keep;
    /// a one-time buyer is held to the usual first-to-second interval of all customers). Nil without orders.
    public var overdue: Double?

    public var churnRisk: ChurnRisk? {
        guard let overdue, step != .lapsed else { return nil }
        return overdue >= 2 ? .high : overdue >= 1 ? .medium : .low
    }
}

public enum ABCClass: String, Hashable, Sendable, Codable, CaseIterable {
    /// The customers who together bring the first 80% of profit.
    case a = "A"
    /// The next 15%.
    case b = "B"
    /// The rest, including those who bring nothing or lose money.
    case c = "C"

    /// The class's number where a dimension value is a number (`ContextDimension.valueClass`): 1, 2, 3.
    public var code: Int64 { Int64(Self.allCases.firstIndex(of: self)!) + 1 }

    public init?(code: Int64) {
        guard (1...Int64(Self.allCases.count)).contains(code) else { return nil }
        self = Self.allCases[Int(code) - 1]
    }
}

public enum ProfitGroup: String, Hashable, Sendable, Codable, CaseIterable {
    /// Class A with a profit.
    case profitable
    case middling
    /// Cost more than they bring.
    case unprofitable
}

public enum ChurnRisk: String, Hashable, Sendable, Codable, CaseIterable {
    /// Within their usual interval.
    case low
    /// Up to twice their usual interval without a purchase.
    case medium
    /// More than twice.
    case high
}

/// Recency, frequency and monetary scores 1–5 (5 best), each by the customer's place among all buyers.
public struct RFMScore: Hashable, Sendable {
    public var recency: Int
    public var frequency: Int
    public var monetary: Int
    public var segment: RFMSegment { RFMSegment(recency: recency, frequency: frequency) }

    /// The tie rule: equal values share one score, `1 + ⌊5 × (buyers with a worse value) / buyers⌋` — so when
    /// a third of buyers have one order, all of them score F 1, and F 2 starts right above them.
    public static func score(worseCount: Int, of count: Int) -> Int { 1 + (5 * worseCount) / max(count, 1) }
}

/// Named RFM segments by recency and frequency (the common 5 × 5 grid).
public enum RFMSegment: String, Hashable, Sendable, Codable, CaseIterable {
    case champions, loyal
    case potentialLoyalist = "potential_loyalist"
    case new, promising
    case needAttention = "need_attention"
    case aboutToSleep = "about_to_sleep"
    case atRisk = "at_risk"
    case cannotLose = "cannot_lose"
    case hibernating

    public init(recency r: Int, frequency f: Int) {
        switch (r, f) {
        case (1...2, 1...2): self = .hibernating
        case (1...2, 3...4): self = .atRisk
        case (1...2, _): self = .cannotLose
        case (3, 1...2): self = .aboutToSleep
        case (3, 3): self = .needAttention
        case (3...4, 4...5): self = .loyal
        case (4, 1): self = .promising
        case (5, 1): self = .new
        case (4...5, 2...3): self = .potentialLoyalist
        default: self = .champions
        }
    }

    /// What the segment's cells are, for the page's legend.
    public var rule: String {
        switch self {
        case .champions: "R 5, F 4–5"
        case .loyal: "R 3–4, F 4–5"
        case .potentialLoyalist: "R 4–5, F 2–3"
        case .new: "R 5, F 1"
        case .promising: "R 4, F 1"
        case .needAttention: "R 3, F 3"
        case .aboutToSleep: "R 3, F 1–2"
        case .atRisk: "R 1–2, F 3–4"
        case .cannotLose: "R 1–2, F 5"
        case .hibernating: "R 1–2, F 1–2"
        }
    }
}
