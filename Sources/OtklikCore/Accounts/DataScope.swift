/// The part of the data a user sees: a manager their locations (and every branch under them), staff
/// their own answers, owners and analysts everything. Every read — metrics, lists, exports, one response,
/// a contact request — carries a scope and is narrowed by these rules, and only these.
public enum DataScope: Hashable, Sendable {
    case everything
    /// Responses at these locations or below them.
    case locations(Set<Location.ID>)
    /// Responses naming this employee.
    case employee(Employee.ID)
    /// A staff account not linked to an employee sees nothing.
    case nothing

    /// The dimensions a scope can narrow.
    public static let restrictedDimensions: [ContextDimension] = [.location, .employee, .survey]

    /// The values of `dimension` this scope admits, or nil when it does not restrict that dimension.
    /// - Parameter subtree: a location and every location under it.
    public func allowed(_ dimension: ContextDimension, subtree: (Location.ID) -> Set<Int64>) -> Set<Int64>? {
        switch (self, dimension) {
        case (.everything, _): return nil
        case (.locations(let ids), .location): return ids.reduce(into: Set<Int64>()) { $0.formUnion(subtree($1)) }
        case (.employee(let id), .employee): return [id.rawValue]
        case (.nothing, .survey): return []
        default: return nil
        }
    }

    /// Narrows filters on context dimensions to the scope: a filter on a restricted dimension keeps only the
    /// values the scope admits (possibly none), and a dimension not filtered gets the scope's values.
    public func restrict(_ filters: inout [ContextDimension: Set<Int64>], subtree: (Location.ID) -> Set<Int64>) {
        for dimension in Self.restrictedDimensions {
            guard let allowed = allowed(dimension, subtree: subtree) else { continue }
            filters[dimension] = filters[dimension].map { $0.intersection(allowed) } ?? allowed
        }
    }

    /// Whether an answer given at `location` naming `employee` is inside the scope (opening one by id).
    public func admits(location: Location.ID?, employee: Employee.ID?, subtree: (Location.ID) -> Set<Int64>) -> Bool {
        switch self {
        case .everything: return true
        case .nothing: return false
        case .employee(let id): return employee == id
        case .locations:
            guard let location, let allowed = allowed(.location, subtree: subtree) else { return false }
            return allowed.contains(location.rawValue)
        }
    }
}
