import Foundation
import OtklikCore

/// Responses: written in groups (each all-or-nothing) or in one bulk transaction, idempotent by key,
/// listed by filter, streamed as facts to build the analytics index.
public protocol ResponseStore: Sendable {
    /// Inserts groups of responses in ONE transaction (group commit); each group is all-or-nothing on its
    /// own (a savepoint), so one client's failure does not fail the others. A response whose
    /// idempotency key is already stored for its survey is not inserted again: its stored id is returned
    /// with `replayed = true`. Returns one result per group, in order. The score columns are the
    /// `EncodedResponse`'s: the caller chose which questions feed which metric.
    func insert(_ groups: [[EncodedResponse]]) async throws -> [Result<[InsertedResponse], StoreError>]
    /// Inserts everything `produce` emits, in ONE transaction: all of it is stored, or none (an import
    /// killed halfway leaves nothing behind). `produce` runs inside the transaction and calls `emit` with
    /// chunks, so a large import never holds all its responses at once. A response that refers to no entity
    /// (survey, touchpoint, …) fails it (`StoreError.invalid`, code `unknown_reference`). Returns (inserted,
    /// replayed).
    func insertAll(
        _ produce: @Sendable (_ emit: ([Response]) throws -> Void) throws -> Void
    ) async throws
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
    /// Streams the facts of every stored response in id order, in batches (to build the analytics index at
    /// start), each with its day in `timeZone`, and the tags of the batch's tagged responses (in id order).
    /// Never the whole table at once.
    @discardableResult
    func forEachResponseFacts(
        timeZone: TimeZone, _ body: @Sendable ([ResponseFacts], [ResponseTags]) throws -> Void
    ) async throws
        -> FactsReading
}

/// A store that can commit on the caller's own thread, blocking it until COMMIT (SQLite does): the group
/// committer's dedicated writer thread uses it to skip two thread wake-ups per transaction (a hop to the
/// database's queue and back). Optional: for a store without it the committer awaits `insert(_:)`.
public protocol BlockingResponseWriter: Sendable {
    /// `insert(_:)` on the calling thread. Never from a task: it would hold one of the few cooperative threads.
    func insertBlocking(_ groups: [[EncodedResponse]]) throws -> [Result<[InsertedResponse], StoreError>]
}

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
    /// Only responses with at least one of these tags (an empty set matches nothing). Never `dimensions[.tag]`:
    /// tags are named by their text.
    public var tags: Set<String>?
    /// Only responses whose score lies in every band (one band per metric at most).
    public var scoreBands: [ScoreBand]
    /// Case-insensitive text search in comments.
    public var search: String?
    /// Newest first (default) or oldest first.
    public var ascending: Bool
    /// The labels of the customers' dimensions `dimensions` filters by (`ContextDimension.ofCustomers`): each
    /// must be here.
    public var labels: [ContextDimension: ResponseLabels] = [:]

    public init(
        surveyIds: Set<Int64>? = nil, from: Date? = nil, to: Date? = nil,
        dimensions: [ContextDimension: Set<Int64>] = [:], hasComment: Bool? = nil, tags: Set<String>? = nil,
        scoreBands: [ScoreBand] = [], search: String? = nil, ascending: Bool = false
    ) {
        self.tags = tags
        self.scoreBands = scoreBands
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
