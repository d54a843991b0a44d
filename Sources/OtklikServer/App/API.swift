import Foundation
import Hummingbird
import NIOCore
import OtklikCore

/// Small helpers every API handler uses: bodies with limits, JSON in and out, query parameters.
enum API {
    static let decoder = JSONCoding.makeDecoder()
    static let encoder = JSONCoding.makeEncoder()

    /// The request body, refused with 413 past `limit` bytes and with 400 when it is not UTF-8.
    static func body(_ request: Request, limit: Int) async throws -> ByteBuffer {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw Problem(
                .contentTooLarge, code: "body_too_large", title: "The body is too large",
                detail: "at most \(limit) bytes; split the batch")
        }
        guard isValidUTF8(buffer) else {
            throw Problem.badRequest("the body is not valid UTF-8", code: "invalid_utf8")
        }
        return buffer
    }

    static func isValidUTF8(_ buffer: ByteBuffer) -> Bool {
        buffer.readableBytesView.withContiguousStorageIfAvailable({ String(validating: $0, as: UTF8.self) != nil })
            ?? (String(validating: Array(buffer.readableBytesView), as: UTF8.self) != nil)
    }

    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        try refuseDuplicateKeys(buffer.readableBytesView)
        do {
            return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw problem(error)
        }
    }

    /// Refuses JSON with a key twice in one object (`{"comment":"a","comment":"b"}`): decoders keep one of
    /// the values silently. `index` is the item of an NDJSON batch the bytes are; in a JSON array the
    /// path's first part is the item.
    static func refuseDuplicateKeys(_ bytes: ByteBufferView, index: Int? = nil) throws {
        guard let path = bytes.withUnsafeBytes(JSONByteReader.firstDuplicateKey) else { return }
        let field = index.map { "\($0)/\(path)" } ?? path
        let isArray = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 } == UInt8(ascii: "[")
        let item = index ?? (isArray ? path.split(separator: "/").first.flatMap { Int($0) } : nil)
        let message = "the key appears twice in one object"
        throw Problem(
            .badRequest, code: "duplicate_key", title: "The request body could not be read", detail: "\(field): \(message)",
            errors: [.init(index: item, field: field, code: "duplicate_key", message: message)])
    }

    /// A decoding error as a problem naming the field ("answers/nps: expected an integer").
    static func problem(_ error: DecodingError, index: Int? = nil) -> Problem {
        let (path, message): ([CodingKey], String)
        switch error {
        case .typeMismatch(let type, let context):
            (path, message) = (context.codingPath, "wrong type: expected \(describe(type)). \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            (path, message) = (context.codingPath, "missing value: expected \(describe(type))")
        case .keyNotFound(let key, let context):
            (path, message) = (context.codingPath + [key], "required field is missing")
        case .dataCorrupted(let context):
            (path, message) = (
                context.codingPath, context.underlyingError.map { "malformed JSON: \($0.localizedDescription)" } ?? context.debugDescription
            )
        @unknown default:
            (path, message) = ([], "malformed JSON")
        }
        let field = path.map { $0.intValue.map(String.init) ?? snakeCase($0.stringValue) }.joined(separator: "/")
        let code = path.isEmpty ? "malformed_json" : "invalid_field"
        return Problem(
            .badRequest, code: code, title: "The request body could not be read",
            detail: field.isEmpty ? message : "\(field): \(message)",
            errors: [.init(index: index, field: field, code: code, message: message)])
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type: return "an integer"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Double.Type: return "a number"
        default: return String(describing: type)
        }
    }

    static func snakeCase(_ key: String) -> String {
        var out = ""
        for character in key {
            if character.isUppercase {
                out += "_" + character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        json(bytes: try encoder.encode(value), status: status)
    }

    /// JSON encoded already (an answer kept as its bytes).
    static func json(bytes: some Sequence<UInt8>, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A result written into the body piece by piece as it is produced (`ChunkedResult`): a large answer is
    /// never held whole, and the first bytes leave before the last are written. An answer written before it
    /// reaches `wholeUpTo` bytes goes with its length instead (no chunked encoding for a client to undo).
    static func streamed(_ result: some ChunkedResult, headers: HTTPFields, wholeUpTo: Int) -> Response {
        var rest = result
        var output = OutputBytes()
        guard rest.write(into: &output, untilItHolds: wholeUpTo) else {
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: output.byteBuffer()))
        }
        let first = output.byteBuffer()
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { [rest] writer in
                try await writer.write(first)
                try await rest.pieces { try await writer.write($0.byteBuffer()) }
                try await writer.finish(nil)
            })
    }

    /// Query parameters as a dictionary; a repeated parameter is refused rather than silently dropped.
    /// An empty value (`?location=`, what a form's untouched field sends) is the parameter left out: every
    /// parameter is optional, and "absent" is the one meaning an empty value can have.
    static func parameters(_ request: Request) throws -> [String: String] {
        try parameters(query: Substring(request.uri.query ?? ""))
    }

    /// The same from a URL's query, the part after `?` (the fast lane reads the request's target itself).
    static func parameters(query: Substring) throws(Problem) -> [String: String] {
        var result: [String: String] = [:]
        for (name, value) in FormData(encoded: query).pairs where !value.isEmpty {
            if result[name] != nil {
                throw Problem.badRequest("give \(name) once (use commas for several values)", field: name)
            }
            result[name] = value
        }
        return result
    }

    /// Refuses a parameter the route does not know (a typo must not silently widen an answer).
    static func refuseUnknown(_ parameters: [String: String], known: Set<String>) throws {
        if let unknown = parameters.keys.sorted().first(where: { !known.contains($0) }) {
            throw Problem.badRequest(
                known.isEmpty ? "this endpoint takes no parameters" : "unknown parameter; known: \(known.sorted().joined(separator: ", "))",
                field: unknown)
        }
    }

    /// A whole-number parameter within `range`, or `fallback` when absent.
    static func integer(_ parameters: [String: String], _ key: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = parameters[key] else { return fallback }
        guard let number = Int(text), range.contains(number) else {
            throw Problem.badRequest("a whole number from \(range.lowerBound) to \(range.upperBound)", field: key)
        }
        return number
    }

    /// One of a closed set of values, or nil when absent.
    static func choice<T: RawRepresentable<String> & CaseIterable>(_ parameters: [String: String], _ key: String) throws -> T? {
        guard let text = parameters[key] else { return nil }
        guard let value = T(rawValue: text) else {
            throw Problem.badRequest("one of \(T.allCases.map(\.rawValue).joined(separator: ", "))", field: key)
        }
        return value
    }

    static func id(_ context: AppRequestContext, _ name: String = "id") throws -> Int64 {
        guard let text = context.parameters.get(name), let id = Int64(text), id > 0 else {
            throw Problem.badRequest("\(name) must be a positive integer", field: name)
        }
        return id
    }
}
