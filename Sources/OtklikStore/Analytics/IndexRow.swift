import Foundation
import OtklikCore

/// One response as the analytics index holds it: 28 bytes of integers, no strings.
public struct IndexRow: Sendable, Hashable {
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
    /// Scores by `MetricKind` (in `MetricKind.allCases` order); `skipped` when not answered.
    public var nps: UInt8
    public var csat: UInt8
    public var ces: UInt8
    public var ladder: UInt8
    public var stars: UInt8
    public var hasComment: Bool

    public init(responseId: UInt32, submittedAt: UInt32, day: UInt16, survey: UInt16, location: UInt16 = 0,
                touchpoint: UInt16 = 0, employee: UInt16 = 0, segment: UInt16 = 0, channel: UInt16 = 0,
                nps: UInt8 = skipped, csat: UInt8 = skipped, ces: UInt8 = skipped, ladder: UInt8 = skipped,
                stars: UInt8 = skipped, hasComment: Bool = false) {
        self.responseId = responseId
        self.submittedAt = submittedAt
        self.day = day
        self.survey = survey
        self.location = location
        self.touchpoint = touchpoint
        self.employee = employee
        self.segment = segment
        self.channel = channel
        self.nps = nps
        self.csat = csat
        self.ces = ces
        self.ladder = ladder
        self.stars = stars
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
        }
    }

    public func score(_ metric: MetricKind) -> UInt8 {
        switch metric {
        case .nps: return nps
        case .csat: return csat
        case .ces: return ces
        case .ladder: return ladder
        case .stars: return stars
        }
    }
}

/// Which question of each survey feeds which score column. Built from the surveys; the index never looks
/// at question ids itself.
public struct IndexedQuestions: Sendable {
    /// Per survey: the question id feeding each metric, in `MetricKind.allCases` order (nil: none). An array,
    /// not a dictionary: this is looked up five times for every response written or indexed.
    private var questionIDs: [Survey.ID: [String?]] = [:]

    public init(surveys: [Survey]) {
        for survey in surveys { register(survey) }
    }

    public mutating func register(_ survey: Survey) {
        questionIDs[survey.id] = MetricKind.allCases.map { survey.indexedQuestion(for: $0)?.id }
    }

    public func questionID(survey: Survey.ID, metric: MetricKind) -> String? {
        questionIDs[survey]?[MetricKind.allCases.firstIndex(of: metric)!]
    }

    /// The five indexed scores of a response, in `MetricKind.allCases` order (`IndexRow.skipped` when absent).
    /// Inline storage: this runs for every response written (once, in `EncodedResponse`).
    public func scores(of response: Response) -> InlineArray<5, UInt8> {
        var scores = InlineArray<5, UInt8>(repeating: IndexRow.skipped)
        guard let ids = questionIDs[response.surveyId] else { return scores }
        for (m, id) in ids.enumerated() {
            if let id, let value = response.answers[id]?.score, (0...10).contains(value) { scores[m] = UInt8(value) }
        }
        return scores
    }

    /// The index row of a stored response. Ids above `ContextDimension.maxID` never reach here: the store refuses them.
    public func row(for response: Response, day: Int) -> IndexRow {
        Self.row(for: response, id: response.id, day: day, scores: scores(of: response))
    }

    static func row(for response: Response, id: Response.ID, day: Int, scores: InlineArray<5, UInt8>) -> IndexRow {
        func code<T>(_ id: Identifier<T>?) -> UInt16 { UInt16(clamping: id?.rawValue ?? 0) }
        let context = response.context
        return IndexRow(
            responseId: UInt32(clamping: id.rawValue),
            submittedAt: UInt32(clamping: Int64(response.submittedAt.timeIntervalSince1970.rounded(.down))),
            day: UInt16(clamping: day), survey: code(response.surveyId), location: code(context.locationId),
            touchpoint: code(context.touchpointId), employee: code(context.employeeId),
            segment: code(context.segmentId), channel: code(context.channelId),
            nps: scores[0], csat: scores[1], ces: scores[2], ladder: scores[3], stars: scores[4],
            hasComment: response.hasComment)
    }
}
