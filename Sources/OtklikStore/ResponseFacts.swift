import Foundation
import OtklikCore

/// A response's numbers, with no strings: its id, when, the ids of its context and its score per metric.
/// What the analytics index holds of every response (27 bytes and a bit), and what a store streams to build it at
/// start (`ResponseStore.forEachResponseFacts`): a plain value any backend can produce.
public struct ResponseFacts: Sendable, Hashable {
    /// Marks a skipped (or absent) question in a score column.
    public static let skipped: UInt8 = 11

    public var responseId: UInt32
    /// Unix seconds.
    public var submittedAt: UInt32
    /// Day number in the organisation's time zone (`CivilDay`).
    public var day: UInt16
    public var survey: UInt16
    public var location: UInt16
    public var touchpoint: UInt16
    public var employee: UInt16
    public var segment: UInt16
    public var channel: UInt16
    /// The score of each metric; `skipped` when not answered.
    public var scores: MetricScores
    public var hasComment: Bool

    public init(
        responseId: UInt32, submittedAt: UInt32, day: UInt16, survey: UInt16, location: UInt16 = 0,
        touchpoint: UInt16 = 0, employee: UInt16 = 0, segment: UInt16 = 0, channel: UInt16 = 0,
        scores: MetricScores = MetricScores(), hasComment: Bool = false
    ) {
        self.responseId = responseId
        self.submittedAt = submittedAt
        self.day = day
        self.survey = survey
        self.location = location
        self.touchpoint = touchpoint
        self.employee = employee
        self.segment = segment
        self.channel = channel
        self.scores = scores
        self.hasComment = hasComment
    }

    public func value(of dimension: ContextDimension) -> UInt16 {
        switch dimension {
        case .survey: return survey
        case .location: return location
        case .touchpoint: return touchpoint
        case .employee: return employee
        case .segment: return segment
        case .channel: return channel
        case .stage: preconditionFailure("stage is derived from the touchpoint")
        case .tag: preconditionFailure("tags are a side column (ResponseTags)")
        case .customer, .valueClass, .loyaltyStep: preconditionFailure("customers' dimensions are labels (ResponseLabels)")
        }
    }

    public func score(_ metric: MetricKind) -> UInt8 { scores[metric] }
}

/// Where the facts `ResponseStore.forEachResponseFacts` streamed came from.
public struct FactsReading: Sendable, Equatable {
    /// From a snapshot the store kept of them at an earlier reading (a store may keep none).
    public var fromSnapshot = 0
    /// From the responses themselves.
    public var fromTable = 0
    /// A snapshot of every fact streamed was kept for the next reading.
    public var snapshotWritten = false

    public init(fromSnapshot: Int = 0, fromTable: Int = 0, snapshotWritten: Bool = false) {
        (self.fromSnapshot, self.fromTable, self.snapshotWritten) = (fromSnapshot, fromTable, snapshotWritten)
    }
}

extension FactsReading: CustomStringConvertible {
    /// How a start reports it (the server's banner, `otklik bench`).
    public var description: String { "\(fromSnapshot) from the snapshot of their facts, \(fromTable) from the table" }
}

/// The tags of one response, beside its facts: the index's tag column (`ContextDimension.tag`), several
/// values per response. Only tagged responses have one, so an organisation that never tags pays nothing.
public struct ResponseTags: Sendable, Hashable {
    public var responseId: UInt32
    public var tags: [String]

    public init(responseId: UInt32, tags: [String]) {
        self.responseId = responseId
        self.tags = tags
    }
}

/// One score (0…10, or `ResponseFacts.skipped`) per metric kind, stored inline: a response's indexed scores.
public struct MetricScores: Sendable, Hashable {
    /// Slots: one per `MetricKind` (AnalyticsIndexTests checks the count; a new metric kind raises it).
    public static let slots = 5
    private var storage = InlineArray<5, UInt8>(repeating: ResponseFacts.skipped)

    /// Every metric skipped.
    public init() {}

    /// The given scores; every other metric skipped.
    public init(_ scores: [MetricKind: Int]) {
        for (metric, score) in scores { self[metric] = UInt8(clamping: score) }
    }

    public subscript(metric: MetricKind) -> UInt8 {
        get { storage[metric.column] }
        set { storage[metric.column] = newValue }
    }

    /// By `MetricKind.column`: for the hot loops over every metric (per response written, stored, indexed),
    /// which `MetricKind.allCases` — an array made at each use — would slow.
    public subscript(column column: Int) -> UInt8 {
        get { storage[column] }
        set { storage[column] = newValue }
    }

    public static func == (lhs: MetricScores, rhs: MetricScores) -> Bool {
        (0..<slots).allSatisfy { lhs.storage[$0] == rhs.storage[$0] }
    }

    public func hash(into hasher: inout Hasher) {
        for column in 0..<Self.slots { hasher.combine(storage[column]) }
    }
}

/// Which question of each survey feeds which score column. Built from the surveys; the index never looks
/// at question ids itself.
public struct IndexedQuestions: Sendable {
    /// Per survey: the question id feeding each metric, by `MetricKind.column` (nil: none). An array, not a
    /// dictionary: this is looked up once per metric for every response written or indexed.
    private var questionIDs: [Survey.ID: [String?]] = [:]

    public init(surveys: [Survey]) {
        for survey in surveys { register(survey) }
    }

    public mutating func register(_ survey: Survey) {
        var ids = [String?](repeating: nil, count: MetricScores.slots)
        for metric in MetricKind.allCases { ids[metric.column] = survey.indexedQuestion(for: metric)?.id }
        questionIDs[survey.id] = ids
    }

    public func questionID(survey: Survey.ID, metric: MetricKind) -> String? {
        questionIDs[survey]?[metric.column]
    }

    /// The indexed scores of a response (`ResponseFacts.skipped` when absent). Inline storage: this runs for
    /// every response written (once, in `EncodedResponse`).
    public func scores(of response: Response) -> MetricScores {
        var scores = MetricScores()
        guard let ids = questionIDs[response.surveyId] else { return scores }
        // By column, not over `MetricKind.allCases` (an array made at every call): this runs for every response.
        for column in 0..<MetricScores.slots {
            if let id = ids[column], let value = response.answers[id]?.score, (0...10).contains(value) {
                scores[column: column] = UInt8(value)
            }
        }
        return scores
    }

    /// The facts of a stored response. Ids above `ContextDimension.maxID` never reach here: the store refuses them.
    public func facts(of response: Response, day: Int) -> ResponseFacts {
        Self.facts(of: response, id: response.id, day: day, scores: scores(of: response))
    }

    static func facts(of response: Response, id: Response.ID, day: Int, scores: MetricScores) -> ResponseFacts {
        func code<T>(_ id: Identifier<T>?) -> UInt16 { UInt16(clamping: id?.rawValue ?? 0) }
        let context = response.context
        return ResponseFacts(
            responseId: UInt32(clamping: id.rawValue),
            submittedAt: UInt32(clamping: Int64(response.submittedAt.timeIntervalSince1970.rounded(.down))),
            day: UInt16(clamping: day), survey: code(response.surveyId), location: code(context.locationId),
            touchpoint: code(context.touchpointId), employee: code(context.employeeId),
            segment: code(context.segmentId), channel: code(context.channelId),
            scores: scores, hasComment: response.hasComment)
    }
}
