import Foundation

/// A customer's request to be contacted about their response: work for the manager of the location,
/// tracked from `new` to `resolved`, with every status change recorded (who, when). Cases with a deadline
/// (SLA) are meant to grow from here: the request is its own record, not a flag on the response.
public struct ContactRequest: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Identifier<ContactRequest>

    public var id: ID
    public var responseId: Response.ID
    public var surveyId: Survey.ID
    /// The customer stored with the request (the response links to them too).
    public var customerId: Customer.ID?
    /// Copied from the response (a response's context never changes): what scopes the request to a
    /// manager's locations or a staff member's own answers.
    public var locationId: Location.ID?
    public var employeeId: Employee.ID?
    public var status: Status
    public var createdAt: Date
    /// When the status last changed (the creation time until then).
    public var updatedAt: Date
    /// The name and contact exactly as the customer gave them; nil after erasure on request.
    public var name: String?
    public var contact: String?
    public var contactKind: ContactKind
    /// What the customer agreed to, in the words they were shown.
    public var consent: ConsentProof
    /// Set when the customer's personal data was erased on their request: the request stays, anonymous.
    public var erasedAt: Date?
    /// Status changes, oldest first (filled when one request is read with its history).
    public var history: [Event]

    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        /// Nobody has reached the customer yet.
        case new
        /// Someone spoke to (or wrote to) the customer.
        case contacted
        /// The matter is closed.
        case resolved

        /// The statuses a request may move to from this one: forward (a matter can be resolved without a
        /// call when the customer got in touch themselves), and back to `contacted` to reopen a resolved one.
        public var next: [Status] {
            switch self {
            case .new: return [.contacted, .resolved]
            case .contacted: return [.resolved]
            case .resolved: return [.contacted]
            }
        }

        public func canMove(to status: Status) -> Bool { next.contains(status) }
    }

    public enum ContactKind: String, Hashable, Sendable, Codable {
        case email, phone
    }

    /// One status change: from what to what, who made it, when.
    public struct Event: Hashable, Sendable, Codable {
        public var from: Status?
        public var to: Status
        public var at: Date
        /// The account that made the change; nil for the customer's own request (the first event).
        public var userId: User.ID?
        /// The account's name when the change was made (kept if the account is deleted later).
        public var actor: String
        public var note: String?

        public init(from: Status?, to: Status, at: Date, userId: User.ID?, actor: String, note: String? = nil) {
            self.from = from
            self.to = to
            self.at = at
            self.userId = userId
            self.actor = actor
            self.note = note
        }
    }

    public init(
        id: ID, responseId: Response.ID, surveyId: Survey.ID, customerId: Customer.ID? = nil,
        locationId: Location.ID? = nil, employeeId: Employee.ID? = nil, status: Status = .new, createdAt: Date,
        updatedAt: Date? = nil, name: String?, contact: String?, contactKind: ContactKind, consent: ConsentProof,
        erasedAt: Date? = nil, history: [Event] = []
    ) {
        self.id = id
        self.responseId = responseId
        self.surveyId = surveyId
        self.customerId = customerId
        self.locationId = locationId
        self.employeeId = employeeId
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.name = name
        self.contact = contact
        self.contactKind = contactKind
        self.consent = consent
        self.erasedAt = erasedAt
        self.history = history
    }

    /// Whether `contact` reads as an e-mail address (otherwise it is taken as a phone number).
    public static func kind(of contact: String) -> ContactKind { contact.contains("@") ? .email : .phone }

    /// Longest name and contact kept, in characters.
    public static let maxNameLength = 200
    public static let maxContactLength = 200
    public static let maxNoteLength = 1000
}

/// Proof of a customer's consent (152-FZ, art. 9): what they agreed to, the exact text and its version as
/// shown, in which language, when, and on which survey and response.
public struct ConsentProof: Hashable, Sendable, Codable {
    public var purpose: Purpose
    /// The consent text exactly as the customer saw it next to the box they ticked.
    public var text: String
    /// The version of the consent text (and of the privacy notice it links to).
    public var version: String
    public var locale: LocalizedText.Locale
    public var givenAt: Date
    public var surveyId: Survey.ID
    public var responseId: Response.ID

    public enum Purpose: String, Hashable, Sendable, Codable {
        /// To be contacted about this feedback.
        case contactAboutFeedback = "contact_about_feedback"
    }

    public init(
        purpose: Purpose, text: String, version: String, locale: LocalizedText.Locale, givenAt: Date,
        surveyId: Survey.ID, responseId: Response.ID
    ) {
        self.purpose = purpose
        self.text = text
        self.version = version
        self.locale = locale
        self.givenAt = givenAt
        self.surveyId = surveyId
        self.responseId = responseId
    }
}

/// Which contact requests to list.
public struct ContactRequestFilter: Hashable, Sendable {
    public var status: ContactRequest.Status?
    /// Only requests at these locations (already expanded to everything under a manager's locations).
    public var locationIds: Set<Int64>?
    /// Only requests naming this employee.
    public var employeeId: Employee.ID?
    /// Only the requests about these responses.
    public var responseIds: [Response.ID]?
    /// Only this customer's requests (their data, on their request).
    public var customerId: Customer.ID?
    /// Only requests after this one in the list's order (paging, newest first).
    public var before: ContactRequest.ID?
    public var limit: Int

    public init(
        status: ContactRequest.Status? = nil, locationIds: Set<Int64>? = nil, employeeId: Employee.ID? = nil,
        responseIds: [Response.ID]? = nil, customerId: Customer.ID? = nil, before: ContactRequest.ID? = nil,
        limit: Int = 200
    ) {
        self.customerId = customerId
        self.before = before
        self.status = status
        self.locationIds = locationIds
        self.employeeId = employeeId
        self.responseIds = responseIds
        self.limit = limit
    }
}
