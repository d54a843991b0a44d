import Foundation

/// A response as a client sends it (JSON API, CSV/NDJSON import, a survey page), before it is checked
/// against its survey and given an id. `IngestService` turns it into a `Response` or a list of problems.
public struct ResponseSubmission: Hashable, Sendable, Codable {
    /// Taken from the URL when posting to `/surveys/{id}/responses`; required in imports.
    public var surveyId: Survey.ID?
    public var answers: [String: AnswerValue]
    public var comment: String?
    /// When the customer answered; the time of receipt when absent.
    public var submittedAt: Date?
    public var touchpointId: Touchpoint.ID?
    public var locationId: Location.ID?
    public var employeeId: Employee.ID?
    public var channelId: Channel.ID?
    /// A channel by its code ("website"), as an alternative to `channelId`.
    public var channel: String?
    public var customerId: Customer.ID?
    public var segmentId: Segment.ID?
    public var orderId: String?
    public var tags: [String]?
    public var source: Response.Source?
    /// The client's key: a retry with the same key returns the first response instead of a new one.
    public var idempotencyKey: String?

    public init(
        surveyId: Survey.ID? = nil, answers: [String: AnswerValue], comment: String? = nil,
        submittedAt: Date? = nil, touchpointId: Touchpoint.ID? = nil, locationId: Location.ID? = nil,
        employeeId: Employee.ID? = nil, channelId: Channel.ID? = nil, channel: String? = nil,
        customerId: Customer.ID? = nil, segmentId: Segment.ID? = nil, orderId: String? = nil,
        tags: [String]? = nil, source: Response.Source? = nil, idempotencyKey: String? = nil
    ) {
        self.surveyId = surveyId
        self.answers = answers
        self.comment = comment
        self.submittedAt = submittedAt
        self.touchpointId = touchpointId
        self.locationId = locationId
        self.employeeId = employeeId
        self.channelId = channelId
        self.channel = channel
        self.customerId = customerId
        self.segmentId = segmentId
        self.orderId = orderId
        self.tags = tags
        self.source = source
        self.idempotencyKey = idempotencyKey
    }

    private enum CodingKeys: String, CodingKey {
        case surveyId, answers, comment, submittedAt, touchpointId, locationId, employeeId, channelId, channel, customerId,
            segmentId, orderId, tags, source, idempotencyKey
    }

    /// As synthesised, except that an answer of `null` is a question left unanswered, the same as a missing
    /// key (what form libraries send for an empty field): `{"nps": null}` is skipped, not refused.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            surveyId: try c.decodeIfPresent(Survey.ID.self, forKey: .surveyId),
            answers: try c.decode([String: AnswerValue?].self, forKey: .answers).compactMapValues { $0 },
            comment: try c.decodeIfPresent(String.self, forKey: .comment),
            submittedAt: try c.decodeIfPresent(Date.self, forKey: .submittedAt),
            touchpointId: try c.decodeIfPresent(Touchpoint.ID.self, forKey: .touchpointId),
            locationId: try c.decodeIfPresent(Location.ID.self, forKey: .locationId),
            employeeId: try c.decodeIfPresent(Employee.ID.self, forKey: .employeeId),
            channelId: try c.decodeIfPresent(Channel.ID.self, forKey: .channelId),
            channel: try c.decodeIfPresent(String.self, forKey: .channel),
            customerId: try c.decodeIfPresent(Customer.ID.self, forKey: .customerId),
            segmentId: try c.decodeIfPresent(Segment.ID.self, forKey: .segmentId),
            orderId: try c.decodeIfPresent(String.self, forKey: .orderId),
            tags: try c.decodeIfPresent([String].self, forKey: .tags),
            source: try c.decodeIfPresent(Response.Source.self, forKey: .source),
            idempotencyKey: try c.decodeIfPresent(String.self, forKey: .idempotencyKey))
    }

    /// Longest accepted idempotency key, order id and tag, in bytes.
    public static let maxKeyBytes = 200
}
