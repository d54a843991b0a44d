import Foundation
import OtklikAnalytics
import OtklikCore
import OtklikStore

/// What the dashboard and the drill-down lists show: a period and filters on the context dimensions.
/// Read from the page's query string; written back into every link, so a drill-down keeps its filters.
public struct DashboardFilter: Hashable, Sendable {
    /// First and last day shown (day numbers in the organisation's time zone), both inclusive.
    public var from: Int?
    public var to: Int?
    public var survey: Int64?
    public var location: Int64?
    public var touchpoint: Int64?
    public var employee: Int64?
    public var segment: Int64?
    public var channel: Int64?
    /// The journey stage of the answers' touchpoints.
    public var stage: JourneyStage?
    /// Only answers with this tag.
    public var tag: String?
    /// Only answers of customers who are, now, of this value class, on this loyalty step, or this one
    /// customer (the labels of `ContextDimension.ofCustomers`; for those who may see customers' value).
    public var valueClass: ABCClass?
    public var loyaltyStep: LoyaltyStep?
    public var customer: Int64?
    /// Search in comments (responses list and the comments panel).
    public var search: String?
    /// Only answers with a comment.
    public var hasComment = false

    public init(
        from: Int? = nil, to: Int? = nil, survey: Int64? = nil, location: Int64? = nil, touchpoint: Int64? = nil,
        employee: Int64? = nil, segment: Int64? = nil, channel: Int64? = nil, search: String? = nil
    ) {
        self.from = from
        self.to = to
        self.survey = survey
        self.location = location
        self.touchpoint = touchpoint
        self.employee = employee
        self.segment = segment
        self.channel = channel
        self.search = search
    }

    /// Reads the filter from a query string; unreadable values are dropped (links are typed by people), and so
    /// are filters on customers' value for a reader who may not see it.
    public init(query: [String: String], seesCustomerValue: Bool) {
        func id(_ key: String) -> Int64? { query[key].flatMap(Int64.init).flatMap { $0 > 0 ? $0 : nil } }
        from = query["from"].flatMap { CivilDay.parse(Substring($0)) }
        to = query["to"].flatMap { CivilDay.parse(Substring($0)) }
        if let from, let to, from > to { (self.from, self.to) = (to, from) }
        survey = id("survey")
        location = id("location")
        touchpoint = id("touchpoint")
        employee = id("employee")
        segment = id("segment")
        channel = id("channel")
        stage = query["stage"].flatMap(JourneyStage.init(rawValue:))
        if seesCustomerValue {
            customer = id("customer")
            valueClass = query["value_class"].flatMap { ABCClass(rawValue: $0.uppercased()) }
            loyaltyStep = query["loyalty_step"].flatMap(LoyaltyStep.init(rawValue:))
        }
        tag = query["tag"].map { String($0.prefix(64)) }.flatMap { $0.isEmpty ? nil : $0 }
        search = query["q"].map { String($0.trimmingCharacters(in: .whitespaces).prefix(200)) }.flatMap { $0.isEmpty ? nil : $0 }
        hasComment = query["has_comment"] == "true"
    }

    /// Whether it filters by customers (who they are now).
    var seesCustomers: Bool { valueClass != nil || loyaltyStep != nil || customer != nil }

    /// The same filter with a period filled in: the last `days` days up to `today` when none is given.
    func withDefaultPeriod(today: Int, days: Int = 90) -> DashboardFilter {
        var copy = self
        if copy.to == nil { copy.to = today }
        if copy.from == nil { copy.from = copy.to! - (days - 1) }
        return copy
    }

    var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if let from { items.append(("from", CivilDay.isoDate(ofDay: from))) }
        if let to { items.append(("to", CivilDay.isoDate(ofDay: to))) }
        for (key, value) in dimensionValues { items.append((key.rawValue, String(value))) }
        if let stage { items.append(("stage", stage.rawValue)) }
        if let valueClass { items.append(("value_class", valueClass.rawValue)) }
        if let loyaltyStep { items.append(("loyalty_step", loyaltyStep.rawValue)) }
        if let tag { items.append(("tag", tag)) }
        if let search { items.append(("q", search)) }
        if hasComment { items.append(("has_comment", "true")) }
        return items
    }

    /// The dimension filters that are set, in a fixed order.
    var dimensionValues: [(ContextDimension, Int64)] {
        [
            (ContextDimension.survey, survey), (.location, location), (.touchpoint, touchpoint), (.employee, employee),
            (.segment, segment), (.channel, channel), (.customer, customer),
        ].compactMap { key, value in value.map { (key, $0) } }
    }

    func replacing(_ dimension: ContextDimension, with value: Int64?) -> DashboardFilter {
        var copy = self
        switch dimension {
        case .survey: copy.survey = value
        case .location: copy.location = value
        case .touchpoint: copy.touchpoint = value
        case .employee: copy.employee = value
        case .segment: copy.segment = value
        case .channel: copy.channel = value
        case .customer: copy.customer = value
        case .valueClass: copy.valueClass = value.flatMap(ABCClass.init(code:))
        case .loyaltyStep: copy.loyaltyStep = value.flatMap(LoyaltyStep.init(code:))
        case .stage, .tag: break
        }
        return copy
    }
}

extension DashboardFilter {
    /// The metric request this view stands for (NPS over its period and filters, its comment search), within
    /// `scope`; pages derive the tables they draw from it with `MetricRequest.with`.
    func metricRequest(scope: DataScope, snapshot: CatalogSnapshot) -> MetricRequest {
        let (start, end) = period(timeZone: snapshot.timeZone)
        let query = MetricQuery(
            metrics: [.nps], from: start, to: end, filters: filters(snapshot),
            hasComment: hasComment ? true : nil, tags: tag.map { [$0] })
        return MetricRequest(
            scope: scope, query: query, commentSearch: search, fromLabel: from.map(CivilDay.isoDate(ofDay:)),
            toLabel: to.map(CivilDay.isoDate(ofDay:)))
    }

    /// The responses this view stands for (its drill-down, its CSV, its latest comments), within `scope`:
    /// the filter, score bands, only those with a comment.
    func responseList(
        bands: [ScoreBand] = [], withComment: Bool = false, scope: DataScope, snapshot: CatalogSnapshot,
        limit: Int
    ) -> ResponseListRequest {
        let (start, end) = period(timeZone: snapshot.timeZone)
        var dimensions = filters(snapshot)
        let surveys = dimensions.removeValue(forKey: .survey)
        let filter = ResponseFilter(
            surveyIds: surveys, from: start.map { Date(timeIntervalSince1970: TimeInterval($0)) },
            to: end.map { Date(timeIntervalSince1970: TimeInterval($0)) }, dimensions: dimensions,
            hasComment: withComment || hasComment ? true : nil, tags: tag.map { [$0] }, scoreBands: bands,
            search: search)
        return ResponseListRequest(scope: scope, filter: filter, limit: limit)
    }

    /// The filters on context dimensions, a location covering the locations under it.
    private func filters(_ snapshot: CatalogSnapshot) -> [ContextDimension: Set<Int64>] {
        var filters: [ContextDimension: Set<Int64>] = [:]
        for (dimension, value) in dimensionValues {
            filters[dimension] = dimension == .location ? snapshot.subtree(of: Identifier(value)) : [value]
        }
        if let stage { filters[.stage] = [Int64(stage.code)] }
        if let valueClass { filters[.valueClass] = [valueClass.code] }
        if let loyaltyStep { filters[.loyaltyStep] = [loyaltyStep.code] }
        return filters
    }

    /// The period in Unix seconds: from the start of the first day to the start of the day after the last.
    private func period(timeZone: TimeZone) -> (from: Int64?, to: Int64?) {
        let converter = LocalDayConverter(timeZone: timeZone)
        return (from.map { converter.startOfDay($0) }, to.map { converter.startOfDay($0 + 1) })
    }
}
