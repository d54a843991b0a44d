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

/// Looking after the storage itself (`otklik check`, `otklik migrate`).
public protocol StoreMaintenance: Sendable {
    /// Where the data is, for messages ("/srv/otklik/otklik.sqlite").
    var location: String { get }
    /// The schema changes applied, oldest first.
    func appliedMigrations() throws -> [String]
    /// What the storage holds, in a few words for a person ("1,234 pages, 5.1 MB").
    func storageSummary() throws -> String
    /// Folds whatever the store keeps aside for recent writes back into its main file and lets go of it
    /// (SQLite: copies the write-ahead log in and truncates it), after a large import and at a clean
    /// shutdown, so that the next start does not read a stale log. Returns the bytes of storage afterwards.
    @discardableResult
    func compact() async throws -> Int64
}

/// A store that can tell when another process wrote to it (`otklik import`, `otklik user add` while the
/// server runs), so that the server's catalog and index catch up without a restart.
public protocol ExternalWriteWatching: Sendable {
    /// A mark that changes whenever another process commits to the store: compare two readings.
    func externalWriteMark() async throws -> Int64
    /// A mark that changes whenever responses are added, deleted or erased, by any process: when only
    /// `externalWriteMark` moved, another process wrote something else (a token, a user, a survey) and the
    /// analytics index needs no rebuild.
    func responsesMark() async throws -> Int64
}
