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

    /// Dimensions stored per response, one 16-bit id each; `stage` is looked up through the touchpoint, `tag`
    /// is a side column.
    public static let stored: [ContextDimension] = [.survey, .location, .touchpoint, .employee, .segment, .channel]

    /// Largest id a stored dimension can hold: the analytics index keeps each in 16 bits.
    public static let maxID: Int64 = 65_535
}
