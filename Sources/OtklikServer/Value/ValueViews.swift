import OtklikCore

/// The value pages' sections (`/app/value/…`).
public enum ValueSection: String, Sendable, CaseIterable {
    case overview, segments, ladder, retention, customers
}

/// The tables behind the value pages' charts, each downloadable as CSV (`/app/value/{table}.csv`).
public enum ValueTable: String, Sendable, CaseIterable {
    case customers, pareto, abc, segments, steps, transitions, retention, cohorts
}

/// Which customers a list shows: by class, group, step, segment or risk, a page at a time.
public struct ValueCustomerFilter: Hashable, Sendable {
    public var abc: ABCClass?
    public var group: ProfitGroup?
    public var step: LoyaltyStep?
    public var segment: RFMSegment?
    public var risk: ChurnRisk?
    /// 0-based page of `ValueCustomerFilter.pageSize`.
    public var page = 0

    public static let pageSize = 50

    public init(
        abc: ABCClass? = nil, group: ProfitGroup? = nil, step: LoyaltyStep? = nil, segment: RFMSegment? = nil, risk: ChurnRisk? = nil,
        page: Int = 0
    ) {
        self.abc = abc
        self.group = group
        self.step = step
        self.segment = segment
        self.risk = risk
        self.page = page
    }

    /// From a page's query; unknown values are ignored (a stale bookmark shows everything rather than fails).
    public init(query: [String: String]) {
        abc = query["abc"].flatMap(ABCClass.init(rawValue:))
        group = query["group"].flatMap(ProfitGroup.init(rawValue:))
        step = query["step"].flatMap(LoyaltyStep.init(rawValue:))
        segment = query["segment"].flatMap(RFMSegment.init(rawValue:))
        risk = query["risk"].flatMap(ChurnRisk.init(rawValue:))
        page = max(0, min(100_000, query["page"].flatMap(Int.init) ?? 0))
    }

    public var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if let abc { items.append(("abc", abc.rawValue)) }
        if let group { items.append(("group", group.rawValue)) }
        if let step { items.append(("step", step.rawValue)) }
        if let segment { items.append(("segment", segment.rawValue)) }
        if let risk { items.append(("risk", risk.rawValue)) }
        if page > 0 { items.append(("page", String(page))) }
        return items
    }

    public func admits(_ customer: CustomerValue) -> Bool {
        (abc == nil || customer.abc == abc) && (group == nil || customer.profitGroup == group) && (step == nil || customer.step == step)
            && (segment == nil || customer.rfm?.segment == segment) && (risk == nil || customer.churnRisk == risk)
    }

    func with(page: Int) -> ValueCustomerFilter {
        var copy = self
        copy.page = page
        return copy
    }
}

/// NPS from customers' latest answers, one vote each (the value pages' NPS by step, class and segment): the
/// product's own NPS (`MetricSummary`) over those answers.
struct LatestNPS {
    let summary: MetricSummary

    init(_ customers: some Sequence<CustomerValue>) {
        summary = MetricSummary(.nps, counts: ScoreCounts(scores: customers.compactMap { $0.latestNPS?.score }))
    }

    var n: Int { summary.n }
    var value: Double? { summary.value }

    func text(_ s: Strings) -> String { MetricFormat.value(summary, s) }
}
