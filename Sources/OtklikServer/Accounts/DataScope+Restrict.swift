import OtklikCore
import OtklikStore

/// A user's data scope applied to queries: the one place where "a manager sees only their locations, staff
/// only their own answers" is enforced, for metrics and for response lists alike.
extension DataScope {
    /// The values of `dimension` this scope admits, or nil when it does not restrict that dimension.
    func allowed(_ dimension: ContextDimension, snapshot: CatalogSnapshot) -> Set<Int64>? {
        switch (self, dimension) {
        case (.everything, _): return nil
        case (.locations(let ids), .location):
            return ids.reduce(into: Set<Int64>()) { $0.formUnion(snapshot.subtree(of: $1)) }
        case (.employee(let id), .employee): return [id.rawValue]
        case (.nothing, .survey): return []
        default: return nil
        }
    }

    private static let restricted: [ContextDimension] = [.location, .employee, .survey]

    func restrict(_ query: inout MetricQuery, snapshot: CatalogSnapshot) {
        for dimension in Self.restricted {
            guard let allowed = allowed(dimension, snapshot: snapshot) else { continue }
            query.filters[dimension] = query.filters[dimension].map { $0.intersection(allowed) } ?? allowed
        }
    }

    func restrict(_ filter: inout ResponseFilter, snapshot: CatalogSnapshot) {
        for dimension in Self.restricted {
            guard let allowed = allowed(dimension, snapshot: snapshot) else { continue }
            if dimension == .survey {
                filter.surveyIds = filter.surveyIds.map { $0.intersection(allowed) } ?? allowed
            } else {
                filter.dimensions[dimension] = filter.dimensions[dimension].map { $0.intersection(allowed) } ?? allowed
            }
        }
    }

    /// Whether one response is inside the scope (opening a response by id).
    func admits(_ response: Response, snapshot: CatalogSnapshot) -> Bool {
        switch self {
        case .everything: return true
        case .nothing: return false
        case .employee(let id): return response.context.employeeId == id
        case .locations:
            guard let location = response.context.locationId,
                  let allowed = allowed(.location, snapshot: snapshot) else { return false }
            return allowed.contains(location.rawValue)
        }
    }
}
