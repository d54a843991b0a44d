import Foundation
import OtklikCore

/// Everything Otklik keeps, as one contract split by concern; several implementations (SQLite now,
/// PostgreSQL later), all held to the same contract suite (Tests/OtklikStoreTests/StoreContractTests.swift;
/// docs/architecture.md, "The store"). Everything in it is a domain value: no table, no SQL, no driver type.
public typealias Store = ReferenceDataStore & ResponseStore & ContactRequestStore & TokenStore & AccountStore
    & PersonalDataStore & SurveyProgressStore & SecretStore & StoreFaults

/// Server secrets made once and kept.
public protocol SecretStore: Sendable {
    /// A named server secret of `bytes` random bytes, made on first use and kept from then on.
    func secret(named name: String, bytes: Int) async throws -> [UInt8]
}

/// How a store's errors read.
public protocol StoreFaults: Sendable {
    /// True when `error`, thrown by this store, means its storage has no room left (a full disk): nothing
    /// was written, and the same write can succeed once space is freed. The API answers 503, not 500.
    func isOutOfSpace(_ error: any Error) -> Bool
}

/// Reference data kept with an integer id: locations, touchpoints, employees …
public protocol StoredEntity: Codable, Sendable, Identifiable where ID == Identifier<Self> {
    /// The plural name the entity goes by in errors and in the API's paths ("locations").
    static var entityName: String { get }
    var id: ID { get set }
}

extension Location: StoredEntity { public static let entityName = "locations" }
extension Touchpoint: StoredEntity { public static let entityName = "touchpoints" }
extension Employee: StoredEntity { public static let entityName = "employees" }
extension Segment: StoredEntity { public static let entityName = "segments" }
extension Channel: StoredEntity { public static let entityName = "channels" }
extension Customer: StoredEntity { public static let entityName = "customers" }
extension Survey: StoredEntity { public static let entityName = "surveys" }

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

/// Looking after the storage itself (`otklik check`, `otklik migrate`).
public protocol StoreMaintenance: Sendable {
    /// Where the data is, for messages ("/srv/otklik/otklik.sqlite").
    var location: String { get }
    /// The schema changes applied, oldest first.
    func appliedMigrations() throws -> [String]
    /// What the storage holds, in a few words for a person ("1,234 pages, 5.1 MB").
    func storageSummary() throws -> String
}
