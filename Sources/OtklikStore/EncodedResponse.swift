import Foundation
import OtklikCore

/// A response with its stored columns already computed: the answers and tags as JSON text and the five
/// indexed scores. Made by the caller, on the request's own task, so that the store's single writer only
/// binds values and steps the INSERT; with all requests funnelled through one writer, every microsecond
/// spent there is a microsecond no other request can use (batch ingest was bounded by it).
public struct EncodedResponse: Sendable {
    /// Immutable: the columns below were computed from it, and a changed response would no longer match them.
    public let response: Response
    /// The indexed scores in `MetricKind.allCases` order (`IndexRow.skipped` when absent): the score
    /// columns of the row and the analytics index's row come from this one computation.
    public let scores: InlineArray<5, UInt8>
    let answersJSON: String
    let tagsJSON: String?

    public init(_ response: Response, indexed: IndexedQuestions) {
        self.response = response
        scores = indexed.scores(of: response)
        answersJSON = AnswersCoding.encode(response.answers)
        tagsJSON = response.context.tags.isEmpty ? nil : AnswersCoding.encode(tags: response.context.tags)
    }

    /// The analytics index's row for this response once it is stored with `id`.
    public func indexRow(id: Response.ID, day: Int) -> IndexRow {
        IndexedQuestions.row(for: response, id: id, day: day, scores: scores)
    }
}

extension Store {
    /// Encodes and inserts (see `insert(_:)`): for callers that are not on the ingest hot path.
    public func insert(_ groups: [[Response]], indexed: IndexedQuestions) async throws
        -> [Result<[InsertedResponse], StoreError>]
    {
        try await insert(groups.map { $0.map { EncodedResponse($0, indexed: indexed) } })
    }
}
