/// A context dimension that answers can be filtered and grouped by. Each is a small integer per response
/// (an entity id; 0 = not given). `stage` is derived from the touchpoint's journey stage.
public enum ContextDimension: String, Hashable, Sendable, Codable, CaseIterable {
    case survey, location, touchpoint, employee, segment, channel
    /// The journey stage of the response's touchpoint (`JourneyStage.code`).
    case stage

    /// Dimensions stored per response; `stage` is looked up through the touchpoint.
    public static let stored: [ContextDimension] = [.survey, .location, .touchpoint, .employee, .segment, .channel]

    /// Largest id a stored dimension can hold: the analytics index keeps each in 16 bits.
    public static let maxID: Int64 = 65_535
}
