import Foundation
import OtklikCore

/// A response with its derived values already computed: the answers and tags as JSON text and the indexed
/// scores. Made by the caller, on the request's own task, so that a store's writer only binds values; with
/// all requests funnelled through one writer (SQLite's), every microsecond spent there is a microsecond no
/// other request can use (batch ingest was bounded by it).
public struct EncodedResponse: Sendable {
    /// Immutable: the columns below were computed from it, and a changed response would no longer match them.
    public let response: Response
    /// The indexed scores (`ResponseFacts.skipped` when absent): the stored score columns and the analytics
    /// index's facts come from this one computation.
    public let scores: MetricScores
    /// The answers and the tags as compact JSON text (`AnswersCoding`): what a TEXT column (SQLite) or a
    /// json/jsonb column (PostgreSQL) takes as it is. The answers are empty text when the score columns hold
    /// them (`AnswersCoding.encode(_:scores:)`).
    public let answersJSON: String
    public let tagsJSON: String?

    public init(_ response: Response, indexed: IndexedQuestions) {
        self.response = response
        scores = indexed.scores(of: response)
        answersJSON = AnswersCoding.encode(response.answers, scores: scores)
        tagsJSON = response.context.tags.isEmpty ? nil : AnswersCoding.encode(tags: response.context.tags)
    }

    /// The facts the analytics index keeps of this response once it is stored with `id`.
    public func facts(id: Response.ID, day: Int) -> ResponseFacts {
        IndexedQuestions.facts(of: response, id: id, day: day, scores: scores)
    }
}

extension ResponseStore {
    /// Encodes and inserts (see `insert(_:)`): for callers that are not on the ingest hot path.
    public func insert(
        _ groups: [[Response]], indexed: IndexedQuestions
    ) async throws
        -> [Result<[InsertedResponse], StoreError>]
    {
        try await insert(groups.map { $0.map { EncodedResponse($0, indexed: indexed) } })
    }
}
