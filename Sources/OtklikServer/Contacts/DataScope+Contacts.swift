import OtklikCore
import OtklikStore

/// The data scope applied to contact requests: a manager sees the requests at their locations, staff the
/// requests about their own answers — the same rule as for responses (`DataScope+Restrict`).
extension DataScope {
    /// The filter restricted to this scope; nil when the scope admits nothing at all.
    func restrict(_ filter: ContactRequestFilter, snapshot: CatalogSnapshot) -> ContactRequestFilter? {
        var filter = filter
        switch self {
        case .everything: break
        case .nothing: return nil
        case .employee(let id):
            if let asked = filter.employeeId, asked != id { return nil }
            filter.employeeId = id
        case .locations:
            let allowed = allowed(.location, snapshot: snapshot) ?? []
            filter.locationIds = filter.locationIds.map { $0.intersection(allowed) } ?? allowed
        }
        return filter
    }

    /// Whether one request is inside the scope (opening or changing it by id).
    func admits(_ request: ContactRequest, snapshot: CatalogSnapshot) -> Bool {
        admits(location: request.locationId, employee: request.employeeId, subtree: snapshot.subtree(of:))
    }
}

extension Role {
    /// Who sees customers' names, contacts and consents, and works on their contact requests: the roles
    /// that call customers back (owner, analyst, manager). Staff see their scores and comments only.
    var seesPersonalData: Bool { allows(.callCustomers) }
}
