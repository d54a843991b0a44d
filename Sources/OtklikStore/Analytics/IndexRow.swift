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
    private var questionIDs: [Survey.ID: [MetricKind: String]] = [:]

    public init(surveys: [Survey]) {
        for survey in surveys { register(survey) }
    }

    public mutating func register(_ survey: Survey) {
        var map: [MetricKind: String] = [:]
        for metric in MetricKind.allCases {
            if let question = survey.indexedQuestion(for: metric) { map[metric] = question.id }
        }
        questionIDs[survey.id] = map
    }

    public func questionID(survey: Survey.ID, metric: MetricKind) -> String? { questionIDs[survey]?[metric] }

    /// The index row of a stored response. Ids above `ContextDimension.maxID` never reach here: the store refuses them.
    public func row(for response: Response, day: Int) -> IndexRow {
        func code<T>(_ id: Identifier<T>?) -> UInt16 { UInt16(clamping: id?.rawValue ?? 0) }
        func score(_ metric: MetricKind) -> UInt8 {
            guard let id = questionID(survey: response.surveyId, metric: metric),
                  let value = response.answers[id]?.score, (0...10).contains(value)
            else { return IndexRow.skipped }
            return UInt8(value)
        }
        let context = response.context
        return IndexRow(
            responseId: UInt32(clamping: response.id.rawValue),
            submittedAt: UInt32(clamping: Int64(response.submittedAt.timeIntervalSince1970.rounded(.down))),
            day: UInt16(clamping: day), survey: code(response.surveyId), location: code(context.locationId),
            touchpoint: code(context.touchpointId), employee: code(context.employeeId),
            segment: code(context.segmentId), channel: code(context.channelId),
            nps: score(.nps), csat: score(.csat), ces: score(.ces), ladder: score(.ladder), stars: score(.stars),
            hasComment: response.hasComment)
    }
}
