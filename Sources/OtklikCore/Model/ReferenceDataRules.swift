import Foundation

/// What reference data must be before it is stored, whichever way it arrives — the API, the settings
/// pages, the survey builder, an import: names by `NameRule`, references to things that exist, locations
/// that do not contain themselves, time zones that exist, surveys that can be answered. One set of rules,
/// one set of error codes (`unknown_reference`, `cycle`, `invalid_time_zone`, …); a store's constraints are
/// the last line behind them, not the first.
public struct ReferenceDataRules: Sendable {
    public var locations: [Location.ID: Location]
    public var employees: Set<Employee.ID>
    public var channels: Set<Channel.ID>
    public var segments: Set<Segment.ID>

    public init(
        locations: [Location.ID: Location], employees: Set<Employee.ID>, channels: Set<Channel.ID>,
        segments: Set<Segment.ID>
    ) {
        self.locations = locations
        self.employees = employees
        self.channels = channels
        self.segments = segments
    }

    /// Checks (and tidies: names are trimmed) one entity of any kind; the problems, empty when it may be stored.
    public func check<E>(_ entity: inout E) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if var named = entity as? any Named {
            problems = named.normalizeNames()
            entity = named as! E
        }
        switch entity {
        case let organisation as Organisation:
            if TimeZone(identifier: organisation.timeZone) == nil {
                problems.append(
                    FieldProblem(
                        field: "time_zone", code: "invalid_time_zone",
                        message: "\"\(organisation.timeZone)\" is not an IANA time zone such as Europe/Moscow"))
            }
        case let location as Location:
            reference(location.parentId, exists: { locations[$0] != nil }, field: "parent_id", into: &problems)
            if let parent = location.parentId, location.id.rawValue != 0, contains(location.id, parent) {
                problems.append(FieldProblem(field: "parent_id", code: "cycle", message: "a location cannot lie inside itself"))
            }
        case let touchpoint as Touchpoint:
            reference(touchpoint.channelId, exists: { channels.contains($0) }, field: "channel_id", into: &problems)
            reference(touchpoint.ownerId, exists: { employees.contains($0) }, field: "owner_id", into: &problems)
            reference(touchpoint.locationId, exists: { locations[$0] != nil }, field: "location_id", into: &problems)
        case let employee as Employee:
            reference(employee.locationId, exists: { locations[$0] != nil }, field: "location_id", into: &problems)
        case let customer as Customer:
            reference(customer.segmentId, exists: { segments.contains($0) }, field: "segment_id", into: &problems)
        case let survey as Survey:
            problems = survey.definitionProblems  // names included
        default:
            break
        }
        return problems
    }

    /// Whether `location` is `ancestor`'s own id or lies under it, walking up from `location`.
    private func contains(_ ancestor: Location.ID, _ location: Location.ID) -> Bool {
        var current: Location.ID? = location
        for _ in 0...locations.count {
            guard let id = current else { return false }
            if id == ancestor { return true }
            current = locations[id]?.parentId
        }
        return true  // a loop already stored: refuse to add to it
    }

    /// A problem when `id` is given and names nothing (looked up where it is kept: no set built per check).
    private func reference<T>(
        _ id: Identifier<T>?, exists: (Identifier<T>) -> Bool, field: String, into problems: inout [FieldProblem]
    ) {
        guard let id, !exists(id) else { return }
        problems.append(FieldProblem(field: field, code: "unknown_reference", message: "\(id.rawValue) does not exist"))
    }
}
