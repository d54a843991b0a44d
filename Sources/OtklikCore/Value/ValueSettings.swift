/// How an organisation counts customer value and places customers on the loyalty ladder. Every rule the value
/// pages apply is here, so a business can set it and the pages can say it.
public struct ValueSettings: Hashable, Sendable, Codable {
    /// ISO 4217 code of the amounts ("RUB", "GBP"); amounts are in its minor units.
    public var currency: String
    /// The margin on orders whose cost is not known, in basis points (3500 = 35%). Nil: no cost is known, and
    /// profit is counted as revenue (the pages say so).
    public var defaultMarginBasisPoints: Int?
    /// What serving one order costs (handling, delivery), in minor units: a customer of many tiny orders can
    /// cost more than they bring.
    public var costPerOrder: Int64
    /// A customer with an order within this many months (before a date) is "a customer at that date":
    /// retention counts them, the ladder counts their orders in it, and without one they have left.
    public var activityWindowMonths: Int
    /// Regular: at least this many orders within the activity window.
    public var regularMinimumOrders: Int
    /// What makes a regular an advocate.
    public var advocateRule: AdvocateRule

    public enum AdvocateRule: String, Hashable, Sendable, Codable, CaseIterable {
        /// Their latest NPS answer is a promoter's (9–10), or they are marked as having brought others.
        case promoterOrReferrer = "promoter_or_referrer"
        case promoter
        case referrer
    }

    public init(
        currency: String = "RUB", defaultMarginBasisPoints: Int? = nil, costPerOrder: Int64 = 0,
        activityWindowMonths: Int = 12, regularMinimumOrders: Int = 3, advocateRule: AdvocateRule = .promoterOrReferrer
    ) {
        self.currency = currency
        self.defaultMarginBasisPoints = defaultMarginBasisPoints
        self.costPerOrder = costPerOrder
        self.activityWindowMonths = activityWindowMonths
        self.regularMinimumOrders = regularMinimumOrders
        self.advocateRule = advocateRule
    }

    /// Problems with the settings, by field; empty when they can be saved.
    public func problems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            problems.append(FieldProblem(field: "currency", code: "invalid", message: "a three-letter ISO 4217 code, e.g. RUB"))
        }
        if let margin = defaultMarginBasisPoints, !(0...10_000).contains(margin) {
            problems.append(FieldProblem(field: "default_margin", code: "out_of_range", message: "a margin from 0% to 100%"))
        }
        if !(0...1_000_000_000).contains(costPerOrder) {
            problems.append(FieldProblem(field: "cost_per_order", code: "out_of_range", message: "from 0 up"))
        }
        if !(1...60).contains(activityWindowMonths) {
            problems.append(FieldProblem(field: "activity_window_months", code: "out_of_range", message: "from 1 to 60 months"))
        }
        if !(2...100).contains(regularMinimumOrders) {
            problems.append(FieldProblem(field: "regular_minimum_orders", code: "out_of_range", message: "from 2 to 100 orders"))
        }
        return problems
    }
}
