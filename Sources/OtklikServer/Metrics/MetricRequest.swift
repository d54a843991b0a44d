import Foundation
import OtklikAnalytics
import OtklikCore
import OtklikStore

/// A metric question: what to count (`MetricQuery`), whose data (`scope`, required: no request reads
/// everything by forgetting to say whose it is), and how to present the answer. Pages build it directly;
/// the API and the CLI parse it from query parameters once, at their edge
/// (`metric=nps&by=touchpoint,week&from=2025-01-01&to=2025-03-31&touchpoint=3` …), with one parser, so
/// `otklik report` and `GET /api/v1/metrics` always agree.
public struct MetricRequest: Sendable, Hashable {
    /// The part of the data the asker may see: a web user's role; `.everything` for API tokens and the CLI.
    public var scope: DataScope
    public var query: MetricQuery
    /// A search in comments (`q`): only the responses whose comment contains it are counted. The index holds
    /// no text, so `MetricsService` asks the store for the matching responses first.
    public var commentSearch: String?
    /// Human form of the period, echoed back.
    public var fromLabel: String?
    public var toLabel: String?
    /// Add, per group, the same metric over the previous period of equal length.
    public var comparePrevious: Bool
    /// CSAT convention override ("top2box", "mean").
    public var csatConvention: CSATScale.Convention?
    public var sort: Sort
    public var descending: Bool
    public var limit: Int?
    /// Drop groups with fewer answers (of the first metric) than this.
    public var minimumN: Int
    /// What the API writes per group and metric (`fields=value,interval,n`, the default).
    public var fields: [MetricField]
    /// How the API writes the answer: compact JSON (`MetricReportJSON`) or the app's CSV table.
    public var format: Format
    /// The answer is only written (`format`, `fields`), never drawn from its figures: set by `parse`, for
    /// the API and the CLI. Pages read whole summaries (a histogram, a mean) whatever the fields say.
    public var writtenOnly: Bool

    public enum Sort: String, Sendable, Hashable, CaseIterable { case key, value, n, mean }
    public enum Format: String, Sendable, Hashable, CaseIterable { case json, csv }

    public var metrics: [MetricKind] { query.metrics }

    public init(
        scope: DataScope, query: MetricQuery, commentSearch: String? = nil, fromLabel: String? = nil,
        toLabel: String? = nil, comparePrevious: Bool = false, csatConvention: CSATScale.Convention? = nil,
        sort: Sort = .key, descending: Bool = false, limit: Int? = nil, minimumN: Int = 0,
        fields: [MetricField] = MetricField.defaults, format: Format = .json, writtenOnly: Bool = false
    ) {
        self.scope = scope
        self.query = query
        self.commentSearch = commentSearch.flatMap { $0.isEmpty ? nil : $0 }
        self.fromLabel = fromLabel
        self.toLabel = toLabel
        self.comparePrevious = comparePrevious
        self.csatConvention = csatConvention
        self.sort = sort
        self.descending = descending
        self.limit = limit
        self.minimumN = minimumN
        self.fields = fields
        self.format = format
        self.writtenOnly = writtenOnly
    }

    /// Nothing of the answer needs more than each net's or share's counts: it is written with headline fields
    /// alone (the CSV table's are those), or their previous period's, and sorted by anything but a mean. The
    /// index may then count score classes, not scores (`MetricQuery.scoreClasses`), in both periods.
    var needsOnlyShares: Bool {
        writtenOnly && sort != .mean && fields.allSatisfy { MetricField.headline.contains($0) || $0 == .previous }
    }

    /// The same request asking other metrics, grouped another way, or compared with the period before.
    public func with(
        _ metrics: [MetricKind], by groupBy: [ContextDimension] = [], bucket: TimeBucket? = nil,
        comparePrevious: Bool = false
    ) -> MetricRequest {
        var copy = self
        copy.query.metrics = metrics
        copy.query.groupBy = groupBy
        copy.query.bucket = bucket
        copy.comparePrevious = comparePrevious
        return copy
    }

    /// The same request over the period of equal length just before this one (nil without both ends).
    public var previousPeriod: MetricRequest? {
        guard let from = query.from, let to = query.to else { return nil }
        var earlier = self
        (earlier.query.from, earlier.query.to) = (from - (to - from), from)
        (earlier.fromLabel, earlier.toLabel) = (nil, nil)
        earlier.comparePrevious = false
        return earlier
    }

    /// Every parameter the parser knows; anything else is refused (a typo must not silently widen a query).
    public static let parameters: Set<String> = Set(
        [
            "metric", "from", "to", "by", "has_comment", "q", "compare", "convention", "sort",
            "order", "limit", "min_n", "fields", "format",
        ] + ContextDimension.allCases.map(\.rawValue) + MetricKind.allCases.map(\.rawValue) + retiredBandParameters)

    /// Parses a request against the catalog: its time zone (bare dates are local days, `to` inclusive), its
    /// location tree (a city covers its branches) and its channel codes (`channel=phone`, as ingest names them).
    /// - Parameter now: the moment relative periods count back from (`from=-90d`).
    public static func parse(
        _ parameters: [String: String], scope: DataScope, catalog: CatalogSnapshot,
        now: Date = Date()
    ) -> Result<MetricRequest, FieldProblem> {
        parse(
            parameters, scope: scope, timeZone: catalog.timeZone, locationSubtree: catalog.subtree(of:),
            channelCode: { catalog.channelByCode[$0]?.rawValue }, now: now)
    }

    static func parse(
        _ parameters: [String: String], scope: DataScope, timeZone: TimeZone,
        locationSubtree: (Location.ID) -> Set<Int64>, channelCode: (String) -> Int64? = { _ in nil },
        now: Date = Date()
    ) -> Result<MetricRequest, FieldProblem> {
        func fail(_ field: String, _ message: String, code: String = "invalid") -> Result<MetricRequest, FieldProblem> {
            .failure(FieldProblem(field: field, code: code, message: message))
        }
        // Sorted only when one is unknown (to name the same one every time): this runs on every question.
        let isUnknown = { (name: String) in !Self.parameters.contains(name) }
        if parameters.keys.contains(where: isUnknown), let unknown = parameters.keys.sorted().first(where: isUnknown) {
            return fail(
                unknown, "unknown parameter; known: \(Self.parameters.sorted().joined(separator: ", "))",
                code: "unknown_parameter")
        }
        // Metrics
        var metrics: [MetricKind] = []
        for name in (parameters["metric"] ?? "nps").split(separator: ",") {
            guard let metric = MetricKind(rawValue: String(name)) else {
                return fail("metric", "\"\(name)\" is not one of \(MetricKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !metrics.contains(metric) { metrics.append(metric) }
        }
        guard !metrics.isEmpty else { return fail("metric", "name at least one metric") }

        // Period
        var converter = LocalDayConverter(timeZone: timeZone)
        func instant(_ field: String, endOfDay: Bool) -> Result<Int64?, FieldProblem> {
            guard let text = parameters[field], !text.isEmpty else { return .success(nil) }
            if let day = CivilDay.parse(Substring(text))
                ?? relativeDay(
                    text, today: converter.day(ofUnixSeconds: Int64(now.timeIntervalSince1970.rounded(.down))), isStart: !endOfDay)
            {
                return .success(converter.startOfDay(endOfDay ? day + 1 : day))
            }
            if let date = JSONCoding.parseDate(text), text.contains("T") {
                return .success(Int64(date.timeIntervalSince1970.rounded(.up)))
            }
            return .failure(
                FieldProblem(
                    field: field, code: "invalid",
                    message: "expected a date (2025-03-31), an RFC 3339 time, today, or (from) -90d / -12w"))
        }
        let from: Int64?
        let to: Int64?
        switch instant("from", endOfDay: false) {
        case .success(let v): from = v
        case .failure(let p): return .failure(p)
        }
        switch instant("to", endOfDay: true) {
        case .success(let v): to = v
        case .failure(let p): return .failure(p)
        }
        if let from, let to, from >= to { return fail("to", "the period ends before it starts") }

        // Grouping
        var groupBy: [ContextDimension] = []
        var bucket: TimeBucket?
        for name in (parameters["by"] ?? "").split(separator: ",").map(String.init) {
            if let dimension = ContextDimension(rawValue: name) {
                if !groupBy.contains(dimension) { groupBy.append(dimension) }
            } else if let timeBucket = TimeBucket(rawValue: name) {
                guard bucket == nil else { return fail("by", "group by one time bucket at most") }
                bucket = timeBucket
            } else {
                let known = ContextDimension.allCases.map(\.rawValue) + TimeBucket.allCases.map(\.rawValue)
                return fail("by", "\"\(name)\" is not one of \(known.joined(separator: ", "))")
            }
        }
        guard groupBy.count <= 3 else { return fail("by", "group by three dimensions at most") }

        // Filters: comma-separated ids; 0 means "not given"; stages, value classes and loyalty steps by name
        // (customers by who they are now, which `MetricsService` finds out when it answers).
        var filters: [ContextDimension: Set<Int64>] = [:]
        var tags: Set<String>?
        for dimension in ContextDimension.allCases {
            guard let text = parameters[dimension.rawValue] else { continue }
            if dimension == .tag {
                // Tags by their text, any of them (a tag holds no comma: ingest refuses one).
                tags = Set(text.split(separator: ",").map(String.init))
                guard !(tags?.isEmpty ?? true) else { return fail("tag", "name at least one tag: tag=vip,table:12") }
                continue
            }
            // Plain ids (the usual case, up to thousands of them: `employee=1,2,…,500`) read from the bytes;
            // splitting the characters was half of such a question's time in-process. Anything else — codes,
            // a location (its branches), a sign, a typo — goes the long way below, which words the problem.
            if !dimension.isNamedByCode && dimension != .location, let ids = Self.plainIDs(text) {
                filters[dimension] = ids
                continue
            }
            var values = Set<Int64>()
            for part in text.split(separator: ",") {
                if dimension.isNamedByCode {
                    guard let value = dimension.value(ofCode: String(part)) else {
                        return fail(dimension.rawValue, "\"\(part)\" is not one of \(dimension.codes.joined(separator: ", "))")
                    }
                    values.insert(value)
                } else if dimension == .channel, Int64(part) == nil {
                    guard let id = channelCode(String(part)) else {
                        return fail("channel", "\"\(part)\" is neither a channel id nor a channel code")
                    }
                    values.insert(id)
                } else if let id = Int64(part), id >= 0 {
                    if dimension == .location && id > 0 {
                        values.formUnion(locationSubtree(Identifier(id)))
                    } else {
                        values.insert(id)
                    }
                } else {
                    return fail(dimension.rawValue, "\"\(part)\" is not an id")
                }
            }
            filters[dimension] = values
        }

        // Score bands name their metric (`nps=0..6&csat=4..5`: all of them).
        var bands: [ScoreBand] = []
        switch scoreBands(parameters) {
        case .success(let parsed): bands = parsed
        case .failure(let problem): return .failure(problem)
        }
        var hasComment: Bool?
        if let text = parameters["has_comment"] {
            guard let value = Bool(text) else { return fail("has_comment", "true or false") }
            hasComment = value
        }

        var convention: CSATScale.Convention?
        if let text = parameters["convention"] {
            guard let value = CSATScale.Convention(rawValue: text), value != .weights else {
                return fail("convention", "top2box or mean")
            }
            convention = value
        }
        var fields = parameters["fields"] == nil ? MetricField.defaults : []
        for name in (parameters["fields"] ?? "").split(separator: ",") {
            guard let field = MetricField(rawValue: String(name)) else {
                return fail("fields", "\"\(name)\" is not one of \(MetricField.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !fields.contains(field) { fields.append(field) }
        }
        guard !fields.isEmpty else { return fail("fields", "name at least one field") }
        guard let format = Format(rawValue: parameters["format"] ?? "json") else {
            return fail("format", "json or csv")
        }
        let compare = parameters["compare"] ?? (fields.contains(.previous) ? "previous" : nil)
        guard compare == nil || compare == "previous" else { return fail("compare", "the only comparison is \"previous\"") }
        if compare == "previous" && !fields.contains(.previous) { fields.append(.previous) }
        if compare != nil {
            // The parameter the client wrote: `compare`, or `fields` with `previous` in it.
            let asked = parameters["compare"] != nil ? "compare" : "fields"
            guard from != nil, to != nil else { return fail(asked, "a comparison needs both from and to") }
        }
        guard let sort = Sort(rawValue: parameters["sort"] ?? "key") else {
            return fail("sort", "one of \(Sort.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let order = parameters["order"] ?? (sort == .key ? "asc" : "desc")
        guard order == "asc" || order == "desc" else { return fail("order", "asc or desc") }
        var limit: Int?
        if let text = parameters["limit"] {
            guard let value = Int(text), value > 0 else { return fail("limit", "a positive integer") }
            limit = value
        }
        guard let minimumN = Int(parameters["min_n"] ?? "0"), minimumN >= 0 else {
            return fail("min_n", "a non-negative integer")
        }
        let query = MetricQuery(
            metrics: metrics, from: from, to: to, filters: filters, groupBy: groupBy,
            bucket: bucket, scoreBands: bands, hasComment: hasComment, tags: tags)
        let search = parameters["q"]?.trimmingCharacters(in: .whitespaces)
        return .success(
            MetricRequest(
                scope: scope, query: query, commentSearch: search, fromLabel: parameters["from"],
                toLabel: parameters["to"], comparePrevious: compare != nil,
                csatConvention: convention, sort: sort, descending: order == "desc",
                limit: limit, minimumN: minimumN, fields: fields, format: format, writtenOnly: true))
    }
}

/// What the API writes for each metric of each group: columns `<metric>.<name>` of a compact answer.
public enum MetricField: String, Sendable, Hashable, CaseIterable {
    /// The headline value (`nps.value`).
    case value
    /// Its 95% interval (`nps.low`, `nps.high`), the bounds to two decimals.
    case interval
    /// Answers counted (`nps.n`).
    case n
    /// The mean score and its interval where the metric has one (`csat.mean`, `csat.mean_low`, `csat.mean_high`;
    /// the bounds to two decimals).
    case mean
    /// The named counts behind the value (`nps.promoters`, `nps.passives`, `nps.detractors`; CSAT by score).
    case counts
    /// Answers per score over the metric's scale, lowest first (`nps.histogram`: an array).
    case histogram
    /// The previous period (`nps.previous`, `nps.previous_n`, `nps.change`, `nps.significant`); implies `compare=previous`.
    case previous
    /// Fewer answers than the minimum sample (`nps.low_sample`).
    case lowSample = "low_sample"

    /// What a net's or a share's counts and n give: the headline and what qualifies it.
    static let headline: Set<MetricField> = [.value, .interval, .n, .lowSample]

    public static let defaults: [MetricField] = [.value, .interval, .n]
}

extension MetricRequest {
    /// The parameters a score band was written with before bands named their metric: refused with a
    /// problem that says how to write it now (they silently applied to the first metric only).
    static let retiredBandParameters = ["score_min", "score_max"]

    /// The score bands of a query (`nps=0..6`, `csat=4..5`, `ces=..3`, `nps=9`): what the metrics API, the
    /// response lists and exports, and the CLI accept.
    static func scoreBands(_ parameters: [String: String]) -> Result<[ScoreBand], FieldProblem> {
        if let retired = retiredBandParameters.first(where: { parameters[$0] != nil }) {
            return .failure(
                FieldProblem(
                    field: retired, code: "band_names_its_metric",
                    message:
                        "a score band names its metric: write nps=0..6 (or csat=4..5, ces=..3, nps=9; several at once mean all of them)"))
        }
        var bands: [ScoreBand] = []
        for metric in MetricKind.allCases {
            guard let text = parameters[metric.rawValue] else { continue }
            guard let band = ScoreBand(metric, parameter: text) else {
                let scale = metric.scoreRange
                return .failure(
                    FieldProblem(
                        field: metric.rawValue, code: "invalid",
                        message:
                            "\"\(text)\" is not a band of \(metric.rawValue) scores: low..high within \(scale.lowerBound)..\(scale.upperBound) (\(metric.rawValue)=\(scale.lowerBound)..\(scale.lowerBound + 1), or one score)"
                    ))
            }
            bands.append(band)
        }
        return .success(bands)
    }

    /// Comma-separated ids of decimal digits only (`1,2,17`; empty items skipped, as `split` does), or nil
    /// when anything else is in the text or an id has more than 18 digits (the long path reads those, and
    /// refuses one past 64 bits).
    static func plainIDs(_ text: String) -> Set<Int64>? {
        var ids = Set<Int64>(minimumCapacity: text.utf8.count / 2 + 1)
        var id: Int64 = 0
        var digits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ",") {
                if digits > 0 { ids.insert(id) }
                (id, digits) = (0, 0)
            } else if byte &- UInt8(ascii: "0") < 10, digits < 18 {
                id = id &* 10 &+ Int64(byte &- UInt8(ascii: "0"))
                digits += 1
            } else {
                return nil
            }
        }
        if digits > 0 { ids.insert(id) }
        return ids
    }

    /// A period's end named relative to today (the organisation's local day): `today` for either end, and
    /// for the start `-90d` / `-12w` — the last 90 days or 12 weeks, today being the last of them (the same
    /// days as the dashboard's "90 days").
    static func relativeDay(_ text: String, today: Int, isStart: Bool) -> Int? {
        if text == "today" { return today }
        guard isStart, text.hasPrefix("-"), let unit = text.last, let count = Int(text.dropFirst().dropLast()),
            (1...3660).contains(count)
        else { return nil }
        switch unit {
        case "d": return today - count + 1
        case "w": return today - 7 * count + 1
        default: return nil
        }
    }
}
