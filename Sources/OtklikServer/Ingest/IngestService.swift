import Foundation
import OtklikCore
import OtklikStore

/// Receives responses from every channel (API, imports, survey pages): validates them against the
/// catalog, then commits through the group committer. All-or-nothing per call.
public struct IngestService: Sendable {
    let catalog: Catalog
    let committer: GroupCommitter

    public enum Failure: Error, Sendable {
        /// These items of the call are invalid (index, problems), at most `maxReportedItems`; nothing was stored.
        case invalid([(index: Int, failure: ValidationFailure)])
        case store(StoreError)
    }

    /// A batch with many bad items reports this many of them.
    public static let maxReportedItems = 100

    /// Validates every submission first; stores all of them or none. Returns the stored ids in order.
    public func ingest(
        _ submissions: [ResponseSubmission], survey: Survey.ID?, source: Response.Source = .api,
        now: Date = Date()
    ) async throws -> Result<[InsertedResponse], Failure> {
        switch prepare(submissions, survey: survey, source: source, now: now) {
        case .failure(let failure): return .failure(failure)
        case .success(let responses):
            switch try await committer.commit(responses) {
            case .success(let inserted): return .success(inserted)
            case .failure(let error): return .failure(.store(error))
            }
        }
    }

    /// The validating half of `ingest`: every submission as a response ready to commit, or the bad items.
    func prepare(
        _ submissions: [ResponseSubmission], survey: Survey.ID?, source: Response.Source = .api,
        now: Date = Date()
    ) -> Result<[Response], Failure> {
        let snapshot = catalog.snapshot
        var responses: [Response] = []
        responses.reserveCapacity(submissions.count)
        var invalid: [(index: Int, failure: ValidationFailure)] = []
        items: for (index, submission) in submissions.enumerated() {
            switch snapshot.prepare(submission, pathSurvey: survey, now: now, defaultSource: source) {
            case .success(let response): responses.append(response)
            case .failure(let failure):
                invalid.append((index, failure))
                if invalid.count == Self.maxReportedItems { break items }
            }
        }
        return invalid.isEmpty ? .success(responses) : .failure(.invalid(invalid))
    }
}
