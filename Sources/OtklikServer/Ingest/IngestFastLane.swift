import HTTPTypes
import NIOCore
import OtklikCore

/// The fast lane's ingest (`FastLane`): which posts it takes, and their answers — the route's own steps.
extension FastLane {
    /// The survey of a post this lane may take, judged by its head alone; nil: the router's.
    func claimIngest(_ head: HTTPRequest, path: String) -> Survey.ID? {
        guard let survey = Self.ingestSurvey(inPath: path), services.catalog.snapshot.surveys[survey] != nil,
            token(head, allowing: .ingest) != nil
        else { return nil }
        if let length = head.headerFields[.contentLength] {
            guard let bytes = Int(length), bytes <= services.config.maxBodyBytes else { return nil }
        }
        return survey
    }

    /// The responses of a whole post, checked exactly as the route checks them; nil: the router's.
    func admitIngest(_ head: HTTPRequest, _ survey: Survey.ID, _ body: ByteBuffer) -> ([OtklikCore.Response], Bool)? {
        guard API.isValidUTF8(body),
            let (submissions, isBatch) = IngestController.fastDecode(body, contentType: head.headerFields[.contentType] ?? ""),
            let responses = try? IngestController.validate(submissions, isBatch: isBatch, survey: survey, services: services)
        else { return nil }
        return (responses, isBatch)
    }

    /// `/api/v1/surveys/{id}/responses` → id (a positive integer, as `API.id` requires); no query string.
    static func ingestSurvey(inPath path: String) -> Survey.ID? {
        let prefix = "/api/v1/surveys/"
        let suffix = "/responses"
        guard path.hasPrefix(prefix), path.hasSuffix(suffix), path.utf8.count > prefix.utf8.count + suffix.utf8.count
        else { return nil }
        let digits = path.utf8.dropFirst(prefix.utf8.count).dropLast(suffix.utf8.count)
        guard digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let id = Int64(Substring(digits)), id > 0
        else { return nil }
        return Survey.ID(id)
    }

    /// The answer the route gives once the committer called back.
    func ingestAnswer(_ outcome: Result<GroupCommitter.Outcome, any Error>, isBatch: Bool) -> (HTTPResponse.Status, ByteBuffer, HTTPFields)
    {
        switch outcome {
        case .success(.success(let inserted)):
            let (status, body) = IngestController.answer(inserted, isBatch: isBatch)
            return (status, body, [.contentType: IngestController.answerContentType])
        case .success(.failure(let error)):
            let problem = Problem(error)
            return (problem.status, problem.encoded(), problem.headers)
        case .failure(let error):
            let problem: Problem
            if services.store.isOutOfSpace(error) {
                logger.warning("storage full", metadata: ["error": "\(error)"])
                problem = .storageFull
            } else {
                logger.error("ingest commit failed", metadata: ["error": "\(error)"])
                problem = Problem(
                    .internalServerError, code: "internal", title: "Internal error",
                    detail: "the responses were not stored; the error was logged")
            }
            return (problem.status, problem.encoded(), problem.headers)
        }
    }
}
