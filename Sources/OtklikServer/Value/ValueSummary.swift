import OtklikCore

/// The headline figures of a value analysis as whole numbers (money in minor units): what `otklik value report
/// --format json` prints and `GET /api/v1/value/summary` answers, and what the check against an independent
/// computation compares key by key (bench/value_reference.py).
public struct ValueSummary: Hashable, Sendable, Codable {
    public var currency: String
    public var customers: Int
    public var lines: Int
    public var linesWithoutCustomer: Int
    public var amountWithoutCustomer: Int64
    public var revenue: Int64
    public var profit: Int64
    public var asOf: String
    public var pareto: Pareto
    public var abc: [String: Int]
    public var subgroups: [String: Int]
    public var rfmCustomers: Int
    public var rfmSegments: [String: Int]
    public var rfmScores: [String: [Int]]
    public var cohorts: [Cohort]
    public var crr: [Retention]
    public var loyaltySteps: [String: Int]

    public struct Pareto: Hashable, Sendable, Codable {
        public var topCustomers: Int
        public var customers: Int
        public var topProfit: Int64
    }

    public struct Cohort: Hashable, Sendable, Codable {
        public var cohort: String
        public var size: Int
        public var active: [Int]
    }

    public struct Retention: Hashable, Sendable, Codable {
        public var month: String
        public var start: Int
        public var end: Int
        public var new: Int
    }

    public init(_ analysis: ValueAnalysis) {
        // Read in place: a customer's value is a large record, and copying thousands of them cost milliseconds.
        var classes: [ABCClass] = []
        var groups: [ProfitGroup] = []
        var buyers: [RFMScore] = []
        var steps: [LoyaltyStep] = []
        for customer in analysis.customers {
            if customer.rank != nil, let abc = customer.abc { classes.append(abc) }
            if customer.rank != nil, let group = customer.profitGroup { groups.append(group) }
            if let rfm = customer.rfm { buyers.append(rfm) }
            steps.append(customer.step)
        }
        func counts<T: RawRepresentable<String> & CaseIterable & Equatable>(_ values: [T]) -> [String: Int] {
            // By position among the cases, named once at the end: a string hash per customer cost milliseconds.
            let cases = Array(T.allCases)
            var tally = [Int](repeating: 0, count: cases.count)
            for value in values { tally[cases.firstIndex(of: value)!] += 1 }
            return Dictionary(uniqueKeysWithValues: zip(cases.map(\.rawValue), tally))
        }
        func scores(_ score: (RFMScore) -> Int) -> [Int] {
            var result = [0, 0, 0, 0, 0]
            for rfm in buyers { result[score(rfm) - 1] += 1 }
            return result
        }
        currency = analysis.settings.currency
        customers = analysis.totals.customers
        lines = analysis.totals.lines
        linesWithoutCustomer = analysis.totals.linesWithoutCustomer
        amountWithoutCustomer = analysis.totals.amountWithoutCustomer
        revenue = analysis.totals.revenue
        profit = analysis.totals.profit
        asOf = CivilDay.isoDate(ofDay: analysis.asOfDay)
        pareto = Pareto(
            topCustomers: analysis.pareto.topCustomers, customers: analysis.pareto.customers, topProfit: analysis.pareto.topProfit)
        abc = counts(classes)
        subgroups = counts(groups)
        rfmCustomers = buyers.count
        rfmSegments = counts(buyers.map(\.segment))
        rfmScores = ["R": scores(\.recency), "F": scores(\.frequency), "M": scores(\.monetary)]
        cohorts = analysis.cohorts.map {
            Cohort(cohort: CivilDay.monthLabel(ofMonthIndex: $0.monthIndex), size: $0.size, active: $0.active)
        }
        crr = analysis.retention.map {
            Retention(month: CivilDay.monthLabel(ofMonthIndex: $0.monthIndex), start: $0.atStart, end: $0.atEnd, new: $0.new)
        }
        loyaltySteps = counts(steps)
    }
}
