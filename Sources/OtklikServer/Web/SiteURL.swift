import Foundation
import OtklikCore

/// Every page of the web app, as a typed value: links are built from cases, never from strings, so a
/// renamed route breaks the build rather than the site (the Swift Package Index's `SiteURL`).
public enum SiteURL: Hashable, Sendable {
    // Public
    case survey(code: String, context: SurveyLinkContext = .init())
    case surveyThanks(code: String)
    case surveyContact(code: String)
    case surveyQR(code: String, context: SurveyLinkContext, format: QRFormat)
    case stylesheet
    case journeyScript
    case privacy
    // Accounts
    case setup
    case login(next: String? = nil)
    case logout
    case account
    // The app
    case dashboard(DashboardFilter = .init())
    case responses(DashboardFilter, bands: [ScoreBand] = [])
    case responsesCSV(DashboardFilter, bands: [ScoreBand] = [])
    case metricsCSV(DashboardFilter, metric: String, by: String)
    case surveys
    case newSurvey
    case surveyEditor(Survey.ID)
    case surveyPreview(Survey.ID)
    case surveyPreviewFrame(Survey.ID)
    case surveyLinks(Survey.ID)
    case surveyResults(Survey.ID)
    case surveyCard(Survey.ID, context: SurveyLinkContext)
    case call(Survey.ID)
    case response(Response.ID)
    case contacts(status: ContactRequest.Status? = nil, sort: String? = nil)
    case contactStatus(ContactRequest.ID)
    case journeys
    case touchpointInventory(DashboardFilter)
    case journey(JourneyMap.ID, period: DashboardFilter = .init())
    case journeyCell(JourneyMap.ID, stage: String, lane: String)
    case journeyStages(JourneyMap.ID)
    case journeyEdit(JourneyMap.ID)
    case journeyPersona(JourneyMap.ID)
    case journeyComment(JourneyMap.ID)
    case journeyExport(JourneyMap.ID, format: JourneyExportFormat)
    case value(ValueSection)
    /// The loyalty ladder with the steps' movements between two days.
    case valueLadder(from: Int?, to: Int?)
    case valueCustomers(ValueCustomerFilter)
    case valueCustomer(Customer.ID)
    case valueCustomerMarks(Customer.ID)
    case valueSettings
    case valueCSV(ValueTable, filter: ValueCustomerFilter = .init())
    case settings(SettingsSection)
    case settingsItem(SettingsSection, id: Int64)

    public enum QRFormat: String, Sendable { case svg, png }

    public enum SettingsSection: String, Hashable, Sendable, CaseIterable {
        case organisation, locations, touchpoints, employees, users, tokens
    }

    /// The path with its query, percent-encoded.
    public var path: String {
        switch self {
        case .survey(let code, let context): return "/s/\(segment(code))" + query(context.queryItems)
        case .surveyThanks(let code): return "/s/\(segment(code))/thanks"
        case .surveyContact(let code): return "/s/\(segment(code))/contact"
        case .surveyQR(let code, let context, let format):
            return "/s/\(segment(code))/qr.\(format.rawValue)" + query(context.queryItems)
        case .stylesheet: return "/static/otklik.css"
        case .journeyScript: return "/static/journey.js"
        case .privacy: return "/privacy"
        case .setup: return "/setup"
        case .login(let next): return "/login" + query(next.map { [("next", $0)] } ?? [])
        case .logout: return "/logout"
        case .account: return "/app/account"
        case .dashboard(let filter): return "/app" + query(filter.queryItems)
        case .responses(let filter, let bands):
            return "/app/responses" + query(filter.queryItems + bands.map(\.queryItem))
        case .responsesCSV(let filter, let bands):
            return "/app/responses.csv" + query(filter.queryItems + bands.map(\.queryItem))
        case .metricsCSV(let filter, let metric, let by):
            return "/app/metrics.csv" + query(filter.queryItems + [("metric", metric), ("by", by)])
        case .surveys: return "/app/surveys"
        case .newSurvey: return "/app/surveys/new"
        case .surveyEditor(let id): return "/app/surveys/\(id.rawValue)"
        case .surveyPreview(let id): return "/app/surveys/\(id.rawValue)/preview"
        case .surveyPreviewFrame(let id): return "/app/surveys/\(id.rawValue)/preview/frame"
        case .surveyLinks(let id): return "/app/surveys/\(id.rawValue)/links"
        case .surveyResults(let id): return "/app/surveys/\(id.rawValue)/results"
        case .surveyCard(let id, let context): return "/app/surveys/\(id.rawValue)/card" + query(context.queryItems)
        case .call(let id): return "/app/calls/\(id.rawValue)"
        case .response(let id): return "/app/responses/\(id.rawValue)"
        case .contacts(let status, let sort):
            return "/app/contacts" + query((status.map { [("status", $0.rawValue)] } ?? []) + (sort.map { [("sort", $0)] } ?? []))
        case .contactStatus(let id): return "/app/contacts/\(id.rawValue)/status"
        case .journeys: return "/app/journeys"
        case .touchpointInventory(let period): return "/app/touchpoints" + query(period.queryItems)
        case .journey(let id, let period): return "/app/journeys/\(id.rawValue)" + query(period.queryItems)
        case .journeyCell(let id, let stage, let lane):
            return "/app/journeys/\(id.rawValue)/cell" + query([("stage", stage), ("lane", lane)])
        case .journeyStages(let id): return "/app/journeys/\(id.rawValue)/stages"
        case .journeyEdit(let id): return "/app/journeys/\(id.rawValue)/edit"
        case .journeyPersona(let id): return "/app/journeys/\(id.rawValue)/persona"
        case .journeyComment(let id): return "/app/journeys/\(id.rawValue)/comments"
        case .journeyExport(let id, let format): return "/app/journeys/\(id.rawValue)/export/\(format.rawValue)"
        case .value(let section): return section == .overview ? "/app/value" : "/app/value/\(section.rawValue)"
        case .valueLadder(let from, let to):
            return "/app/value/ladder"
                + query(
                    (from.map { [("from", CivilDay.isoDate(ofDay: $0))] } ?? []) + (to.map { [("to", CivilDay.isoDate(ofDay: $0))] } ?? []))
        case .valueCustomers(let filter): return "/app/value/customers" + query(filter.queryItems)
        case .valueCustomer(let id): return "/app/value/customers/\(id.rawValue)"
        case .valueCustomerMarks(let id): return "/app/value/customers/\(id.rawValue)/marks"
        case .valueSettings: return "/app/value/settings"
        case .valueCSV(let table, let filter): return "/app/value/export/\(table.rawValue).csv" + query(filter.queryItems)
        case .settings(let section): return "/app/settings/\(section.rawValue)"
        case .settingsItem(let section, let id): return "/app/settings/\(section.rawValue)/\(id)"
        }
    }

    private func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? text
    }

    private func query(_ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return "" }
        return "?" + items.map { "\(SiteURL.encode($0.0))=\(SiteURL.encode($0.1))" }.joined(separator: "&")
    }

    /// Percent-encodes a query key or value: each UTF-8 byte of anything but the unreserved characters as %XX,
    /// as `addingPercentEncoding(withAllowedCharacters:)` does — which, through CoreFoundation, was an eighth of
    /// the dashboard's time (its heat map links every cell).
    static func encode(_ text: String) -> String {
        func isUnreserved(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                true
            default: false
            }
        }
        guard !text.utf8.allSatisfy(isUnreserved) else { return text }
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Context fixed in a survey link (and its QR code): where the customer is when they scan it.
public struct SurveyLinkContext: Hashable, Sendable {
    public var locationId: Location.ID?
    public var touchpointId: Touchpoint.ID?
    public var employeeId: Employee.ID?
    /// A table, a desk, a till: free text kept as the tag `table:<value>`.
    public var table: String?
    /// How the link reached the customer (`via=qr`, `via=email`); a plain link is `.web`.
    public var source: Response.Source?

    public init(
        locationId: Location.ID? = nil, touchpointId: Touchpoint.ID? = nil, employeeId: Employee.ID? = nil,
        table: String? = nil, source: Response.Source? = nil
    ) {
        self.locationId = locationId
        self.touchpointId = touchpointId
        self.employeeId = employeeId
        self.table = table
        self.source = source
    }

    var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if let locationId { items.append(("l", String(locationId.rawValue))) }
        if let touchpointId { items.append(("t", String(touchpointId.rawValue))) }
        if let employeeId { items.append(("e", String(employeeId.rawValue))) }
        if let table, !table.isEmpty { items.append(("table", table)) }
        if let source { items.append(("via", source.rawValue)) }
        return items
    }

    /// Reads `l`, `t`, `e`, `table` from a query; anything unreadable is left out (a link printed on a
    /// receipt must still open the survey).
    init(query: [String: String]) {
        func id<E>(_ key: String) -> Identifier<E>? {
            query[key].flatMap(Int64.init).flatMap { $0 > 0 ? Identifier($0) : nil }
        }
        locationId = id("l")
        touchpointId = id("t")
        employeeId = id("e")
        table = query["table"].map { String($0.prefix(40)) }.flatMap { $0.isEmpty ? nil : $0 }
        source = query["via"].flatMap(Response.Source.init(rawValue:)).flatMap { [.qr, .email, .web].contains($0) ? $0 : nil }
    }
}

/// A score band in a page's links: the drill-down to the answers behind a number.
extension ScoreBand {
    /// From a page's query, as the API writes them: `nps=0..6&csat=4..5` (links; several at once mean all of
    /// them), and `band=nps:0-6` (the band menu, which wins over a link's band of the same metric).
    static func bands(query: [String: String]) -> [ScoreBand] {
        let menu = query["band"].flatMap(ScoreBand.init(code:))
        return MetricKind.allCases.compactMap { metric in
            if let menu, menu.metric == metric { return menu }
            return query[metric.rawValue].flatMap { ScoreBand(metric, parameter: $0) }
        }
    }

    /// The bands the responses page offers in its menu: the metric table's named bands, with their words.
    static var presets: [(band: ScoreBand, name: TextKey)] {
        named.compactMap { band, name in TextKey.band(name).map { (band, $0) } }
    }

    var queryItem: (String, String) { (metric.rawValue, parameter) }
}

extension SurveyLinkContext {
    /// The same context, reached another way (a QR code adds `via=qr`).
    func with(source: Response.Source) -> SurveyLinkContext {
        var copy = self
        copy.source = source
        return copy
    }
}
