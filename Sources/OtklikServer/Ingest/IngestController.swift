import Foundation
import Hummingbird
import NIOCore
import OtklikCore
import OtklikStore

/// `POST /api/v1/surveys/{id}/responses`: one response (a JSON object), or a batch (a JSON array, or
/// NDJSON with `Content-Type: application/x-ndjson`). A batch is all-or-nothing; a bad item is named by
/// its index. 201 once committed; 200 when every response was already stored (a retried request).
struct IngestController {
    let services: Services

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/api/v1/surveys/:id/responses") { request, context in
            try await post(request, context)
        }
    }

    private func post(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try context.require(.ingest)
        let survey = Survey.ID(try API.id(context))
        guard services.catalog.snapshot.surveys[survey] != nil else {
            throw Problem.notFound("survey \(survey) does not exist")
        }
        let body = try await API.body(request, limit: services.config.maxBodyBytes)
        let (submissions, isBatch) = try Self.decode(body, contentType: request.headers[.contentType] ?? "")
        let responses = try Self.validate(submissions, isBatch: isBatch, survey: survey, services: services)
        switch try await services.ingest.committer.commit(responses) {
        case .success(let inserted):
            let (status, body) = Self.answer(inserted, isBatch: isBatch)
            var headers = HTTPFields()
            headers[.contentType] = Self.answerContentType
            return Response(status: status, headers: headers, body: .init(byteBuffer: body))
        case .failure(let error):
            throw Problem(error)
        }
    }

    /// The decoded submissions as responses ready to commit, or the problem (size, or every bad item).
    /// Shared by this route and the fast lane, which hands any request this refuses to the route.
    static func validate(
        _ submissions: [ResponseSubmission], isBatch: Bool, survey: Survey.ID,
        services: Services
    ) throws -> [OtklikCore.Response] {
        guard !submissions.isEmpty else { throw Problem.badRequest("the batch is empty", code: "empty_batch") }
        guard submissions.count <= services.config.maxBatchItems else {
            throw Problem(
                .contentTooLarge, code: "batch_too_large", title: "The batch is too large",
                detail: "at most \(services.config.maxBatchItems) responses per request")
        }
        switch services.ingest.prepare(submissions, survey: survey) {
        case .success(let responses):
            return responses
        case .failure(.invalid(let items)):
            let problems = items.flatMap { item in
                item.failure.problems.map {
                    Problem.ItemProblem(
                        index: isBatch ? item.index : nil,
                        field: isBatch ? "\(item.index)/\($0.field)" : $0.field,
                        code: $0.code, message: $0.message)
                }
            }
            var problem = Problem.validation([])
            problem.errors = problems
            if let first = problems.first {
                problem.detail =
                    isBatch
                    ? "item \(first.index ?? 0) is invalid (\(first.field): \(first.message)); nothing was stored"
                    : "\(first.field): \(first.message)"
            }
            if problems.contains(where: { $0.code == "survey_closed" || $0.code == "survey_draft" }) {
                problem.statusCode = 409
                problem.code = problems.contains { $0.code == "survey_closed" } ? "survey_closed" : "survey_draft"
                problem.title = "The survey does not accept answers"
            }
            throw problem
        case .failure(.store(let error)):
            throw Problem(error)
        }
    }

    static let answerContentType = "application/json; charset=utf-8"

    /// The answer to a committed request: 201 with the ids, or 200 when every response was already stored
    /// (a retry). Written by hand: this is the hot path, and a batch answer lists thousands of ids.
    static func answer(_ inserted: [InsertedResponse], isBatch: Bool) -> (HTTPResponse.Status, ByteBuffer) {
        let status: HTTPResponse.Status = inserted.allSatisfy(\.replayed) ? .ok : .created
        guard isBatch else {
            return (status, ByteBuffer(string: "{\"id\":\(inserted[0].id.rawValue),\"replayed\":\(inserted[0].replayed)}"))
        }
        var json = "{\"ids\":[" + inserted.map { String($0.id.rawValue) }.joined(separator: ",")
        json += "],\"inserted\":\(inserted.count { !$0.replayed }),\"replayed\":\(inserted.count { $0.replayed })}"
        return (status, ByteBuffer(string: json))
    }

    /// JSON object → one; JSON array or NDJSON → a batch.
    static func decode(_ body: ByteBuffer, contentType: String) throws -> ([ResponseSubmission], Bool) {
        if let decoded = fastDecode(body, contentType: contentType) { return decoded }
        let bytes = body.readableBytesView
        if isNDJSON(contentType) {
            var items: [ResponseSubmission] = []
            var index = 0
            for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                let trimmed = line.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
                if trimmed.isEmpty || trimmed.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                try API.refuseDuplicateKeys(trimmed, index: index)
                do {
                    items.append(try API.decoder.decode(ResponseSubmission.self, from: Data(trimmed)))
                } catch let error as DecodingError {
                    throw API.problem(error, index: index)
                }
                index += 1
            }
            return (items, true)
        }
        guard let first = firstByte(bytes) else {
            throw Problem.badRequest("the body is empty", code: "empty_body")
        }
        if first == UInt8(ascii: "[") {
            try API.refuseDuplicateKeys(bytes)
            do {
                return (try API.decoder.decode([ResponseSubmission].self, from: Data(bytes)), true)
            } catch let error as DecodingError {
                throw API.problem(error, index: Self.itemIndex(error))
            }
        }
        return ([try API.decode(ResponseSubmission.self, from: body)], false)
    }

    /// A JSON object or array that the hand-written decoder reads (the usual case), or nil: NDJSON, or
    /// anything it leaves to JSONDecoder, which explains what is wrong. The fast lane takes only these.
    static func fastDecode(_ body: ByteBuffer, contentType: String) -> ([ResponseSubmission], Bool)? {
        let bytes = body.readableBytesView
        guard !isNDJSON(contentType), let first = firstByte(bytes) else { return nil }
        if first == UInt8(ascii: "[") {
            return bytes.withUnsafeBytes(FastSubmissionDecoder.decodeArray).map { ($0, true) }
        }
        return bytes.withUnsafeBytes(FastSubmissionDecoder.decodeObject).map { ([$0], false) }
    }

    private static func isNDJSON(_ contentType: String) -> Bool {
        contentType.hasPrefix("application/x-ndjson") || contentType.hasPrefix("application/ndjson")
    }

    private static func firstByte(_ bytes: ByteBufferView) -> UInt8? {
        bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
    }

    private static func itemIndex(_ error: DecodingError) -> Int? {
        let path: [CodingKey]
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        case .keyNotFound(_, let context): path = context.codingPath
        @unknown default: path = []
        }
        return path.first?.intValue
    }

}
