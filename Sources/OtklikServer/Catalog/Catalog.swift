import Foundation
import OtklikCore
import OtklikStore
import Synchronization

/// A snapshot of the reference data every request checks against (surveys, known ids, channel codes),
/// kept in memory so that validating a response never reads the database. Reloaded after every change
/// made through the API, the CLI or the demo loader.
public struct CatalogSnapshot: Sendable {
    public var organisation: Organisation
    public var surveys: [Survey.ID: Survey]
    public var locations: [Location.ID: Location]
    public var touchpoints: [Touchpoint.ID: Touchpoint]
    public var employees: [Employee.ID: Employee]
    public var segments: [Segment.ID: Segment]
    public var channels: [Channel.ID: Channel]
    public var channelByCode: [String: Channel.ID]
    /// Customer id → segment, for filling a response's segment from its customer.
    public var customerSegments: [Customer.ID: Segment.ID?]
    public var indexedQuestions: IndexedQuestions
    public var timeZone: TimeZone
    /// Locations, touchpoints, employees and segments in the order menus list them.
    public var menuOrder: MenuOrder
    /// The names as metrics answers write them (made by `Catalog`'s reload; nil in a snapshot made otherwise).
    public var nameEntries: NameEntries?

    /// The survey whose public link code this is.
    public func survey(code: String) -> Survey? { surveys.values.first { $0.code == code } }

    /// Whether `location` is `ancestor` or lies under it (a branch of a city), by walking up from
    /// `location`: a few lookups, cheap enough for every response received.
    public func location(_ location: Location.ID, isWithin ancestor: Location.ID) -> Bool {
        var current: Location.ID? = location
        for _ in 0..<64 {  // (a bound, not a depth anyone has: the settings refuse cycles)
            guard let id = current else { return false }
            if id == ancestor { return true }
            current = locations[id]?.parentId
        }
        return false
    }

    /// Whether an answer given at `location` may be credited to `employee`: an employee of a branch
    /// serves that branch; one of a city, any of its branches; an answer filed for the city may name any
    /// of its staff; an employee with no location, anywhere.
    public func employee(_ employee: Employee.ID, canServeAt location: Location.ID) -> Bool {
        guard let home = employees[employee]?.locationId else { return true }
        return self.location(location, isWithin: home) || self.location(home, isWithin: location)
    }

    /// The name people know a dimension's value by (a touchpoint's, a branch's, an employee's); nil when unknown.
    public func name(of dimension: ContextDimension, _ value: Int64, locale: LocalizedText.Locale) -> String? {
        switch dimension {
        case .survey: surveys[Identifier(value)]?.title.text(for: locale)
        case .location: locations[Identifier(value)]?.name
        case .touchpoint: touchpoints[Identifier(value)]?.name
        case .employee: employees[Identifier(value)]?.name
        case .segment: segments[Identifier(value)]?.name
        case .channel: channels[Identifier(value)]?.name.text(for: locale)
        case .stage, .valueClass, .loyaltyStep: dimension.code(of: value)
        case .tag: nil  // codes of the analytics index: `MetricCounts.names` names them
        case .customer: nil  // customers are not in the catalog: `MetricCounts.names` gives their own ids
        }
    }

    /// Today's day number in the organisation's time zone (the last day of a default period).
    public var today: Int {
        var converter = LocalDayConverter(timeZone: timeZone)
        return converter.day(ofUnixSeconds: Int64(Date().timeIntervalSince1970))
    }

    /// All locations under (and including) `id`: a filter on a city covers its branches.
    public func subtree(of id: Location.ID) -> Set<Int64> {
        var result: Set<Int64> = [id.rawValue]
        var frontier = [id]
        while let next = frontier.popLast() {
            for location in locations.values where location.parentId == next && !result.contains(location.id.rawValue) {
                result.insert(location.id.rawValue)
                frontier.append(location.id)
            }
        }
        return result
    }
}

public final class Catalog: Sendable {
    private let state: Mutex<CatalogSnapshot>
    private let store: any Store

    private init(store: any Store, snapshot: CatalogSnapshot) {
        self.store = store
        self.state = Mutex(snapshot)
    }

    public static func load(from store: any Store) async throws -> Catalog {
        Catalog(store: store, snapshot: try await makeSnapshot(store))
    }

    public var snapshot: CatalogSnapshot { state.withLock { $0 } }

    /// A customer was stored (a survey page's consented contact, a call): validation knows them from now
    /// on without re-reading every customer.
    public func customerAdded(_ customer: Customer) {
        state.withLock { $0.customerSegments[customer.id] = customer.segmentId }
    }

    /// Re-reads everything from the store.
    public func reload() async throws {
        let fresh = try await Self.makeSnapshot(store)
        state.withLock { $0 = fresh }
    }

    private static func makeSnapshot(_ store: any Store) async throws -> CatalogSnapshot {
        let organisation = try await store.organisation()
        let surveys = try await store.all(Survey.self)
        let channels = try await store.all(Channel.self)
        func byID<E: StoredEntity>(_ items: [E]) -> [E.ID: E] {
            Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) })
        }
        let (locations, touchpoints, employees, segments) = (
            try await store.all(Location.self), try await store.all(Touchpoint.self), try await store.all(Employee.self),
            try await store.all(Segment.self)
        )
        var snapshot = CatalogSnapshot(
            organisation: organisation,
            surveys: byID(surveys),
            locations: byID(locations),
            touchpoints: byID(touchpoints),
            employees: byID(employees),
            segments: byID(segments),
            channels: byID(channels),
            channelByCode: Dictionary(uniqueKeysWithValues: channels.map { ($0.code, $0.id) }),
            customerSegments: try await store.customerSegments(),
            indexedQuestions: IndexedQuestions(surveys: surveys),
            timeZone: TimeZone(identifier: organisation.timeZone) ?? TimeZone(identifier: "UTC")!,
            menuOrder: MenuOrder(
                locations: MenuOrder.ids(locations, \.name), touchpoints: MenuOrder.ids(touchpoints, \.name),
                employees: MenuOrder.ids(employees, \.name), segments: MenuOrder.ids(segments, \.name)))
        snapshot.nameEntries = NameEntries(snapshot)
        return snapshot
    }
}

/// Ids of named reference data in the order menus list them, sorted once per reload: sorting 2,000
/// employees' names for every page cost ~9 ms of a dashboard's time.
public struct MenuOrder: Sendable {
    public var locations: [Int64]
    public var touchpoints: [Int64]
    public var employees: [Int64]
    public var segments: [Int64]

    /// The ids of `items` by name.
    static func ids<E: Identifiable>(_ items: some Collection<E>, _ name: (E) -> String) -> [Int64] where E.ID == Identifier<E> {
        byName(items.map { ($0.id.rawValue, name($0)) }).map(\.0)
    }

    /// Ids with their names, by name (`sortKey`), equal names by id.
    static func byName(_ named: [(Int64, String)]) -> [(Int64, String)] {
        named.map { (item: $0, key: sortKey($0.1)) }
            .sorted { $0.key != $1.key ? $0.key.lexicographicallyPrecedes($1.key) : $0.item.0 < $1.item.0 }
            .map(\.item)
    }

    /// A name as menus order it, the way people expect (case aside, «ё» with «е», "Сотрудник 2" before
    /// "Сотрудник 10"), computed once per name and compared as bytes (UTF-8 keeps code point order):
    /// `localizedStandardCompare` in the sort itself cost ~5 µs per comparison — 110 ms a page for 2,000
    /// employees.
    static func sortKey(_ name: String) -> [UInt8] {
        var key = ""
        var digits = ""
        func flushDigits() {
            guard !digits.isEmpty else { return }
            key += String(repeating: "0", count: max(0, 12 - digits.count)) + digits
            digits = ""
        }
        for character in name.lowercased() {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            flushDigits()
            key.append(character == "ё" ? "е" : character)
        }
        flushDigits()
        return Array(key.utf8)
    }
}
