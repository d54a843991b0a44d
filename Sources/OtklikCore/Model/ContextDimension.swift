/// A context dimension that answers can be filtered and grouped by. Each is a small integer per response
/// (an entity id; 0 = not given). `stage` is derived from the touchpoint's journey stage.
public enum ContextDimension: String, Hashable, Sendable, Codable, CaseIterable {
    case survey, location, touchpoint, employee, segment, channel
    /// The journey stage of the response's touchpoint (`JourneyStage.code`).
    case stage
    /// A response's tags (`vip`, `table:12`): several per response, a side column of the analytics index.
    /// Filters name tags by their text; a grouping counts a response in the group of each of its tags
    /// (value 0: untagged), the values being codes the index assigns.
    case tag
    /// Who answered, as the value analysis sees them now: the response's customer (its own, or the one whose
    /// order it names), that customer's ABC class and their loyalty step. Not stored per response — customers
    /// change class and step as they buy — but handed to each query as a label per response
    /// (`ResponseLabels`) made from the current analysis: an answer counts under what its customer is today,
    /// never under what they were when they answered. Classes and steps are named by their codes
    /// (`value_class=A`, `loyalty_step=regular`), customers by id.
    case customer
    case valueClass = "value_class"
    case loyaltyStep = "loyalty_step"

    /// Dimensions stored per response, one 16-bit id each; `stage` is looked up through the touchpoint, `tag`
    /// is a side column.
    public static let stored: [ContextDimension] = [.survey, .location, .touchpoint, .employee, .segment, .channel]

    /// The dimensions of customers, given to queries as labels per response.
    public static let ofCustomers: [ContextDimension] = [.customer, .valueClass, .loyaltyStep]

    public var isCustomerLabel: Bool { Self.ofCustomers.contains(self) }

    /// The code a value is written as where a dimension is named by codes, not ids: a stage, a value class, a
    /// loyalty step (nil for ids, and for 0, "none").
    public func code(of value: Int64) -> String? {
        switch self {
        case .stage: JourneyStage(code: UInt16(clamping: value))?.rawValue
        case .valueClass: ABCClass(code: value)?.rawValue
        case .loyaltyStep: LoyaltyStep(code: value)?.rawValue
        default: nil
        }
    }

    /// The value a code stands for (`code(of:)` read back; a class in either case); nil for a code it does not have.
    public func value(ofCode code: String) -> Int64? {
        switch self {
        case .stage: JourneyStage(rawValue: code).map { Int64($0.code) }
        case .valueClass: ABCClass(rawValue: code.uppercased())?.code
        case .loyaltyStep: LoyaltyStep(rawValue: code)?.code
        default: nil
        }
    }

    /// Every code a dimension named by codes has, in order (for messages).
    public var codes: [String] {
        switch self {
        case .stage: JourneyStage.allCases.map(\.rawValue)
        case .valueClass: ABCClass.allCases.map(\.rawValue)
        case .loyaltyStep: LoyaltyStep.allCases.map(\.rawValue)
        default: []
        }
    }

    /// Whether values are written as codes (`code(of:)`) rather than ids.
    public var isNamedByCode: Bool { self == .stage || self == .valueClass || self == .loyaltyStep }

    /// Largest id a stored dimension can hold: the analytics index keeps each in 16 bits.
    public static let maxID: Int64 = 65_535
}
