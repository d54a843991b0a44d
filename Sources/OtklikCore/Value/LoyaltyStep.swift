/// A customer's place on the loyalty ladder (лестница лояльности). Called a step, never a "ladder" in code:
/// "ladder" is the expectation ladder question everywhere else in the product.
public enum LoyaltyStep: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    /// A known contact who has neither bought nor answered.
    case potential
    /// Knows us — answered a survey or asked to be contacted — but has not bought.
    case visitor
    /// Has bought within the activity window, fewer times than a regular.
    case firstPurchase = "first_purchase"
    /// At least the regular number of orders within the activity window.
    case regular
    /// A regular who recommends us (a promoter) or brought others — by the organisation's advocate rule.
    case advocate
    /// Bought before, but not within the activity window: has left the ladder.
    case lapsed

    /// The ladder's steps bottom to top; `lapsed` is off it.
    public static let ladder: [LoyaltyStep] = [.potential, .visitor, .firstPurchase, .regular, .advocate]

    /// The step's number where a dimension value is a number (`ContextDimension.loyaltyStep`): 1 for potential…
    public var code: Int64 { Int64(Self.allCases.firstIndex(of: self)!) + 1 }

    public init?(code: Int64) {
        guard (1...Int64(Self.allCases.count)).contains(code) else { return nil }
        self = Self.allCases[Int(code) - 1]
    }

    public static func < (a: LoyaltyStep, b: LoyaltyStep) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }

    /// What the business does for customers on this step.
    public var strategy: Strategy {
        switch self {
        case .potential, .visitor: .attract
        case .firstPurchase: .engage
        case .regular: .retain
        case .advocate: .cherish
        case .lapsed: .winBack
        }
    }

    public enum Strategy: String, Hashable, Sendable, Codable, CaseIterable {
        case attract, engage, retain, cherish
        case winBack = "win_back"
    }
}

/// Marks a business puts on a customer: value beyond money, and what was done for them.
public enum CustomerMark: String, Hashable, Sendable, Codable, CaseIterable {
    /// A client whose name helps ours ("image client").
    case image
    /// Brought other customers.
    case referrer
    /// Thanked for their loyalty (so the list of advocates never thanked gets shorter).
    case thanked
}
