import Foundation
import Hummingbird
import OtklikCore
import OtklikStore

/// An RFC 9457 problem document: every API error is one of these, with a machine code and, for input
/// errors, the fields at fault. Never a stack trace; a client mistake is never a 500.
public struct Problem: HTTPResponseError, Codable, Sendable {
    public var status: HTTPResponse.Status { .init(code: statusCode) }
    /// A stable machine code ("validation_failed", "not_found" …), also used as the type URI's last part.
    public var code: String
    public var title: String
    public var detail: String?
    public var statusCode: Int
    public var errors: [ItemProblem]?
    /// Seconds for the `Retry-After` header (a 503 the client should retry as it was); not in the body.
    public var retryAfter: Int?

    /// One field's problem; `index` is the item of a batch it belongs to.
    public struct ItemProblem: Codable, Sendable, Hashable {
        public var index: Int?
        public var field: String
        public var code: String
        public var message: String
    }

    public init(
        _ status: HTTPResponse.Status, code: String, title: String, detail: String? = nil,
        errors: [ItemProblem]? = nil, retryAfter: Int? = nil
    ) {
        self.statusCode = status.code
        self.code = code
        self.title = title
        self.detail = detail
        self.errors = errors
        self.retryAfter = retryAfter
    }

    public static func validation(_ problems: [FieldProblem], index: Int? = nil, detail: String? = nil) -> Problem {
        Problem(
            .unprocessableContent, code: "validation_failed", title: "The input is not valid",
            detail: detail ?? problems.first.map { "\($0.field): \($0.message)" },
            errors: problems.map { ItemProblem(index: index, field: $0.field, code: $0.code, message: $0.message) })
    }

    /// A request parameter at fault (400): its field, code and message, as the parsers report them.
    public static func invalid(_ problem: FieldProblem, title: String) -> Problem {
        Problem(
            .badRequest, code: problem.code, title: title, detail: "\(problem.field): \(problem.message)",
            errors: [.init(index: nil, field: problem.field, code: problem.code, message: problem.message)])
    }

    public static func badRequest(_ detail: String, field: String? = nil, code: String = "bad_request") -> Problem {
        Problem(
            .badRequest, code: code, title: "The request is malformed", detail: detail,
            errors: field.map { [ItemProblem(index: nil, field: $0, code: code, message: detail)] })
    }

    public static func notFound(_ what: String) -> Problem {
        Problem(.notFound, code: "not_found", title: "Not found", detail: what)
    }

    /// The store had no room for the write (a full disk): nothing was stored. Not the client's mistake
    /// and not a bug, so neither 4xx nor 500: the same request, with the same idempotency keys, succeeds
    /// once space is freed.
    public static let storageFull = Problem(
        .serviceUnavailable, code: "storage_full", title: "The server's storage is full",
        detail: "nothing was stored; retry later with the same idempotency_key", retryAfter: 30)

    private enum CodingKeys: String, CodingKey {
        case type, title, status, detail, code, errors
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(String.self, forKey: .code)
        title = try container.decode(String.self, forKey: .title)
        detail = try container.decodeIfPresent(String.self, forKey: .detail)
        statusCode = try container.decode(Int.self, forKey: .status)
        errors = try container.decodeIfPresent([ItemProblem].self, forKey: .errors)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("https://otklik.dev/problems/\(code)", forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(statusCode, forKey: .status)
        try container.encodeIfPresent(detail, forKey: .detail)
        try container.encode(code, forKey: .code)
        try container.encodeIfPresent(errors, forKey: .errors)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: headers, body: .init(byteBuffer: encoded()))
    }

    /// Content-Type, and Retry-After when there is one (the fast lane adds its own framing headers).
    var headers: HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = Self.contentType
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return headers
    }

    static let contentType = "application/problem+json"

    /// The problem+json body.
    func encoded() -> ByteBuffer {
        // Strings, numbers and arrays of them: encoding cannot fail.
        ByteBuffer(bytes: (try? JSONCoding.makeEncoder().encode(self)) ?? Data())
    }

    /// The problem for a store error.
    public init(_ error: StoreError) {
        switch error {
        case .notFound(let entity, let id):
            self = .notFound("\(entity) \(id) does not exist")
        case .missingReference(let field, let id):
            self = .validation([FieldProblem(field: field, code: "unknown_reference", message: "\(id) does not exist")])
        case .inUse(let entity, let id):
            self = Problem(
                .conflict, code: "in_use", title: "Still in use",
                detail: "\(entity) \(id) is referred to by responses or other records")
        case .duplicate(let field, let value):
            self = Problem(
                .conflict, code: "duplicate", title: "Already exists",
                detail: "\(field) \(value) is taken".replacingOccurrences(of: "  ", with: " "),
                errors: [ItemProblem(index: nil, field: field, code: "duplicate", message: "already taken")])
        case .invalid(let problems):
            self = .validation(problems)
        }
    }
}
