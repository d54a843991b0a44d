import Foundation

/// One customer's answers to one survey.
public struct Response: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<Response>

    public var id: ID
    public var surveyId: Survey.ID
    public var submittedAt: Date
    /// Answers by question id. A question that is absent was skipped.
    public var answers: [String: AnswerValue]
    public var comment: String?
    public var context: ResponseContext
    public var source: Source
    /// The client's key for this submission: a retry with the same key never creates a second response.
    public var idempotencyKey: String?

    public enum Source: String, Hashable, Sendable, Codable, CaseIterable {
        case api, web, qr, email, phone, `import`, demo
    }

    public init(
        id: ID, surveyId: Survey.ID, submittedAt: Date, answers: [String: AnswerValue], comment: String? = nil,
        context: ResponseContext = ResponseContext(), source: Source = .api, idempotencyKey: String? = nil
    ) {
        self.id = id
        self.surveyId = surveyId
        self.submittedAt = submittedAt
        self.answers = answers
        self.comment = comment
        self.context = context
        self.source = source
        self.idempotencyKey = idempotencyKey
    }

    public var hasComment: Bool { !(comment ?? "").isEmpty }
}

/// Where and with whom the experience happened.
public struct ResponseContext: Hashable, Sendable, Codable {
    public var touchpointId: Touchpoint.ID?
    public var locationId: Location.ID?
    public var employeeId: Employee.ID?
    public var channelId: Channel.ID?
    public var customerId: Customer.ID?
    /// The customer's segment when they answered (kept on the response, so that moving a customer to
    /// another segment does not rewrite history).
    public var segmentId: Segment.ID?
    public var orderId: String?
    public var tags: [String]

    public init(
        touchpointId: Touchpoint.ID? = nil, locationId: Location.ID? = nil, employeeId: Employee.ID? = nil,
        channelId: Channel.ID? = nil, customerId: Customer.ID? = nil, segmentId: Segment.ID? = nil,
        orderId: String? = nil, tags: [String] = []
    ) {
        self.touchpointId = touchpointId
        self.locationId = locationId
        self.employeeId = employeeId
        self.channelId = channelId
        self.customerId = customerId
        self.segmentId = segmentId
        self.orderId = orderId
        self.tags = tags
    }
}

/// An answer to one question. In JSON: a number (a score), a string (a choice or free text) or an array
/// of strings (a multiple choice).
public enum AnswerValue: Hashable, Sendable, Codable {
    case score(Int)
    case text(String)
    case choices([String])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .score(number)
        } else if let string = try? container.decode(String.self) {
            self = .text(string)
        } else if let strings = try? container.decode([String].self) {
            self = .choices(strings)
        } else {
            throw DecodingError.typeMismatch(
                AnswerValue.self,
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "an answer is an integer score, a string, or an array of strings"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .score(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        case .choices(let value): try container.encode(value)
        }
    }

    public var score: Int? {
        if case .score(let value) = self { return value }
        return nil
    }
}
