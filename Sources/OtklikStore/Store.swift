import Foundation
import OtklikCore

/// Everything Otklik keeps. One contract, several implementations (SQLite now; PostgreSQL later), all
/// checked by the same contract tests (docs/architecture.md, principle 6).
public protocol Store: Sendable {
    // Organisation
    func organisation() async throws -> Organisation
    func saveOrganisation(_ organisation: Organisation) async throws

    // Reference data. `save` inserts when the id is 0 (returning the stored value with its new id) and
    // replaces otherwise; `delete` refuses (StoreError.inUse) while responses refer to the entity.
    func all<E: StoredEntity>(_ type: E.Type) async throws -> [E]
    func find<E: StoredEntity>(_ type: E.Type, id: Int64) async throws -> E?
    func save<E: StoredEntity>(_ entity: E) async throws -> E
    func delete<E: StoredEntity>(_ type: E.Type, id: Int64) async throws

    // Responses
    /// Inserts groups of responses in ONE transaction (group commit); each group is all-or-nothing on its
    /// own (a savepoint), so one client's failure does not fail the others. A response whose
    /// idempotency key is already stored for its survey is not inserted again: its stored id is returned
    /// with `replayed = true`. Returns one result per group, in order. The score columns are the
    /// `EncodedResponse`'s: the caller chose which questions feed which metric.
    func insert(_ groups: [[EncodedResponse]]) async throws -> [Result<[InsertedResponse], StoreError>]
    /// `insert(_:)` on the calling thread, blocking it until COMMIT: for the group committer's own writer
    /// thread, which would otherwise hop to the database's queue and back (two thread wake-ups) for every
    /// transaction. Never from a task: it would hold one of the few cooperative threads.
    func insertBlocking(_ groups: [[EncodedResponse]]) throws -> [Result<[InsertedResponse], StoreError>]
    /// Inserts everything `produce` emits, in ONE transaction: all of it is stored, or none (an import
    /// killed halfway leaves nothing behind). `produce` runs inside the transaction and calls `emit` with
    /// chunks, so a large import never holds all its responses at once. Returns (inserted, replayed).
    func insertAll(_ produce: @Sendable (_ emit: ([Response]) throws -> Void) throws -> Void) async throws
        -> (inserted: Int, replayed: Int)
    func response(id: Response.ID) async throws -> Response?
    /// Filters by SQL: the reference for `AnalyticsIndex.responseIDs` + `responses(ids:)`, and the way to
    /// list responses without an index.
    func responses(_ filter: ResponseFilter, after cursor: Response.ID?, limit: Int) async throws -> [Response]
    /// The stored responses among `ids`, in the order given (ids of deleted responses are left out); with
    /// `commentContaining`, only those whose comment contains the text, case-insensitively in any script.
    func responses(ids: [Response.ID], commentContaining: String?) async throws -> [Response]
    /// Ids of every response whose comment contains `text` (case-insensitive): a comment search as a
    /// metric filter (the analytics index holds no text).
    func responseIDs(commentContaining text: String) async throws -> Set<UInt32>
    func deleteResponse(id: Response.ID) async throws -> Bool
    /// Stores a customer who agreed to be contacted about their response and links the response to them,
    /// in one transaction. A response that already has a customer keeps it (`StoreError.duplicate`).
    func saveContact(_ customer: Customer, forResponse id: Response.ID) async throws -> Customer
    /// Streams every stored response's index row in id order, in batches (for building the index at start).
    func forEachIndexRow(timeZone: TimeZone, _ body: @Sendable ([IndexRow]) throws -> Void) async throws

    // Contact requests
    /// Stores a customer who asked to be contacted about their response (`consent.responseId`), the proof
    /// of their consent and the request itself (status `new`), and links the response to the customer, in
    /// one transaction. A response that already has a customer keeps it (`StoreError.duplicate`).
    func requestContact(_ customer: Customer, contact: String, consent: ConsentProof) async throws -> ContactRequest
    /// Requests the filter selects, newest first, without their history.
    func contactRequests(_ filter: ContactRequestFilter) async throws -> [ContactRequest]
    func countContactRequests(_ filter: ContactRequestFilter) async throws -> Int
    /// One request with its history of status changes.
    func contactRequest(id: ContactRequest.ID) async throws -> ContactRequest?
    /// The request about a response, with its history.
    func contactRequest(response: Response.ID) async throws -> ContactRequest?
    /// Moves a request to `status` and records who and when; a move `ContactRequest.Status.canMove` does
    /// not allow is `StoreError.invalid` (code `invalid_transition`), an unknown id `StoreError.notFound`.
    func changeContactRequest(id: ContactRequest.ID, to status: ContactRequest.Status, by userId: User.ID?,
                              actor: String, note: String?, at: Date) async throws -> ContactRequest

    // API tokens
    func saveToken(_ token: APIToken) async throws -> APIToken
    func token(hash: String) async throws -> APIToken?
    func tokens() async throws -> [APIToken]
    func revokeToken(id: APIToken.ID) async throws

    // Web accounts and sessions
    /// Inserts when the id is 0 and replaces otherwise; a taken e-mail is `StoreError.duplicate`.
    func saveUser(_ user: User) async throws -> User
    func user(id: User.ID) async throws -> User?
    func user(email: String) async throws -> User?
    func users() async throws -> [User]
    /// Deletes the user and their sessions.
    func deleteUser(id: User.ID) async throws
    func saveSession(_ session: WebSession) async throws
    /// The unexpired session with this token hash, with its user.
    func session(tokenHash: String, now: Date) async throws -> (WebSession, User)?
    func deleteSession(tokenHash: String) async throws
    /// Ends every session of the user but `keeping` (after a password change).
    func deleteSessions(userId: User.ID, keeping: String?) async throws

    // Personal data
    /// Erases a customer on their request: their name, contacts and external id, from their responses
    /// the comment, the order id and the answers to `freeTextQuestions` (what they wrote), and from their
    /// contact requests the name, the contact and the notes of status changes. Scores, choices, context,
    /// the requests' statuses and the proof of consent (no personal data in it) stay, so metrics do not change. Returns the number of responses changed, or nil when
    /// there is no such customer. One transaction.
    func eraseCustomer(id: Customer.ID, freeTextQuestions: [Survey.ID: Set<String>]) async throws -> Int?
    /// Every response linked to the customer, oldest first (their data, on their request).
    func responses(customer: Customer.ID) async throws -> [Response]
    func appendAudit(_ entry: AuditEntry) async throws
    /// The newest entries first.
    func auditEntries(limit: Int) async throws -> [AuditEntry]

    // Survey progress (one question per screen)
    /// Records how far a form got: the question last answered and the answers so far. Idempotent per key
    /// (the latest screen wins); a completed form stays complete.
    func recordProgress(formKey: String, survey: Survey.ID, reached: String, answers: [String: AnswerValue], at: Date) async throws
    func completeProgress(formKey: String, survey: Survey.ID, at: Date) async throws
    /// Forms of the survey: how many were started and, for those left unfinished, how many stopped after
    /// each question (by question id).
    func dropOff(survey: Survey.ID) async throws -> SurveyDropOff

    /// A named server secret of `bytes` random bytes, made on first use and kept from then on.
    func secret(named name: String, bytes: Int) async throws -> [UInt8]

    // Faults
    /// True when `error`, thrown by this store, means its storage has no room left (a full disk): nothing
    /// was written, and the same write can succeed once space is freed. The API answers 503, not 500.
    func isOutOfSpace(_ error: any Error) -> Bool
}

/// An entity kept in a table of its own with an integer id: locations, touchpoints, employees …
public protocol StoredEntity: Codable, Sendable, Identifiable where ID == Identifier<Self> {
    static var tableName: String { get }
    var id: ID { get set }
}

extension Location: StoredEntity { public static let tableName = "locations" }
extension Touchpoint: StoredEntity { public static let tableName = "touchpoints" }
extension Employee: StoredEntity { public static let tableName = "employees" }
extension Segment: StoredEntity { public static let tableName = "segments" }
extension Channel: StoredEntity { public static let tableName = "channels" }
extension Customer: StoredEntity { public static let tableName = "customers" }
extension Survey: StoredEntity { public static let tableName = "surveys" }

public struct InsertedResponse: Sendable, Hashable {
    public var id: Response.ID
    /// True when the idempotency key was already stored: nothing new was written.
    public var replayed: Bool
    public init(id: Response.ID, replayed: Bool) {
        self.id = id
        self.replayed = replayed
    }
}

/// Which responses to list (drill-down, export). Metric queries never come here: they use the index.
public struct ResponseFilter: Sendable, Hashable {
    public var surveyIds: Set<Int64>?
    public var from: Date?
    public var to: Date?
    public var dimensions: [ContextDimension: Set<Int64>]
    public var hasComment: Bool?
    /// Only responses whose score for the metric lies in the range.
    public var scoreBand: ScoreBand?
    /// Case-insensitive text search in comments.
    public var search: String?
    /// Newest first (default) or oldest first.
    public var ascending: Bool

    public init(surveyIds: Set<Int64>? = nil, from: Date? = nil, to: Date? = nil,
                dimensions: [ContextDimension: Set<Int64>] = [:], hasComment: Bool? = nil,
                scoreBand: ScoreBand? = nil, search: String? = nil, ascending: Bool = false) {
        self.scoreBand = scoreBand
        self.surveyIds = surveyIds
        self.from = from
        self.to = to
        self.dimensions = dimensions
        self.hasComment = hasComment
        self.search = search
        self.ascending = ascending
    }

    /// The period in whole Unix seconds, as both the SQL list and the index compare it: `from` (inclusive)
    /// rounds down, `to` (exclusive) rounds up.
    public var fromSeconds: Int64? { from.map { Int64($0.timeIntervalSince1970.rounded(.down)) } }
    public var toSeconds: Int64? { to.map { Int64($0.timeIntervalSince1970.rounded(.up)) } }
}

public struct APIToken: Sendable, Hashable, Codable, Identifiable {
    public typealias ID = Identifier<APIToken>
    public enum Scope: String, Sendable, Hashable, Codable, CaseIterable {
        /// Post responses.
        case ingest
        /// Read metrics, responses and reference data.
        case read
        /// Everything, including surveys, reference data and tokens.
        case admin
    }

    public var id: ID
    public var name: String
    public var scopes: Set<Scope>
    /// SHA-256 of the secret, hex. The secret itself is shown once and never stored.
    public var secretHash: String
    /// The first characters of the secret, to recognise a token in lists.
    public var prefix: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: ID, name: String, scopes: Set<Scope>, secretHash: String, prefix: String, createdAt: Date,
                revokedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.scopes = scopes
        self.secretHash = secretHash
        self.prefix = prefix
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    public func allows(_ scope: Scope) -> Bool {
        revokedAt == nil && (scopes.contains(.admin) || scopes.contains(scope))
    }
}

public enum StoreError: Error, Sendable, Hashable {
    case notFound(entity: String, id: Int64)
    /// A reference to an entity that does not exist (field, id).
    case missingReference(field: String, id: Int64)
    /// The entity is still referred to and cannot be deleted.
    case inUse(entity: String, id: Int64)
    /// A unique value is taken (field, value).
    case duplicate(field: String, value: String)
    case invalid([FieldProblem])
}

/// Where customers leave a survey answered one question per screen.
public struct SurveyDropOff: Sendable, Hashable {
    /// Forms with at least one screen answered, finished or not.
    public var started: Int
    public var completed: Int
    /// Unfinished forms by the last question answered.
    public var leftAfter: [String: Int]

    public init(started: Int, completed: Int, leftAfter: [String: Int]) {
        self.started = started
        self.completed = completed
        self.leftAfter = leftAfter
    }
}
