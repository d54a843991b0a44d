import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import OtklikServer

/// The served OpenAPI document stays true: it validates, every documented operation exists and answers
/// with a documented status, and the main answers match their schemas.
@Suite("OpenAPI document")
struct OpenAPIContractTests {
    static func document() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
    }

    @Test func documentIsValidOpenAPI31() throws {
        let document = try Self.document()
        #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import json,sys; from openapi_spec_validator import validate; validate(json.load(sys.stdin)); print('ok')",
        ]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(OpenAPIDocument.json.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "openapi-spec-validator: \(said)")
    }

    @Test func everyDocumentedOperationExistsAndAnswersAsDocumented() async throws {
        let app = try await TestApp.make()
        // Deletes go last (on things nothing refers to).
        try await app.test { client in
            let paths = try #require(try Self.document()["paths"] as? [String: [String: Any]])
            var operations = 0
            for (path, methods) in paths.sorted(by: { $0.key < $1.key }) {
                for (method, operation) in methods.sorted(by: {
                    ($0.key == "delete" ? 1 : 0, $0.key) < ($1.key == "delete" ? 1 : 0, $1.key)
                }) {
                    let documented = Set(((operation as? [String: Any])?["responses"] as? [String: Any] ?? [:]).keys)
                    // Token 3 is the ingest token: revoking it keeps the admin token working.
                    let uri = path.replacingOccurrences(of: "{id}", with: path.hasPrefix("/api/v1/tokens") ? "3" : "1")
                    let body: Any? =
                        switch (method, path) {
                        case ("post", "/api/v1/surveys/{id}/responses"): ["answers": ["nps": 9]]
                        case ("post", "/api/v1/tokens"): ["name": "t", "scopes": ["read"]]
                        case ("put", "/api/v1/organisation"):
                            ["name": "ТехноПульс", "default_locale": "ru", "time_zone": "Asia/Yekaterinburg"]
                        case ("post", "/api/v1/surveys"), ("put", "/api/v1/surveys/{id}"):
                            ["title": ["ru": "Опрос"], "status": "live", "questions": [["id": "nps", "kind": "nps", "text": ["ru": "?"]]]]
                        case ("post", "/api/v1/channels"), ("put", "/api/v1/channels/{id}"):
                            ["code": "kiosk-\(operations)", "name": ["ru": "Киоск"]]
                        case ("post", _), ("put", _): ["name": "Имя"]
                        default: nil
                        }
                    let (status, _, data) = try await client.call(
                        HTTPRequest.Method(rawValue: method.uppercased())!, uri, token: app.admin, json: body)
                    let problem = object(data)
                    #expect(
                        !(status == .notFound && (problem["detail"] as? String)?.hasPrefix("no such route") == true),
                        "\(method) \(path) is documented but not routed")
                    #expect(status != .methodNotAllowed, "\(method) \(path)")
                    #expect(
                        documented.contains(String(status.code)),
                        "\(method) \(path) answered \(status.code), documented \(documented.sorted())")
                    operations += 1
                }
            }
            #expect(operations >= 40)
        }
    }

    /// A path id that is not a positive integer gets a documented answer (a 400 problem), for every
    /// operation that has one.
    @Test func malformedPathIdsAnswerAsDocumented() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let paths = try #require(try Self.document()["paths"] as? [String: [String: Any]])
            var checked = 0
            for (path, methods) in paths.sorted(by: { $0.key < $1.key }) where path.contains("{id}") {
                for (method, operation) in methods {
                    let documented = Set(((operation as? [String: Any])?["responses"] as? [String: Any] ?? [:]).keys)
                    for id in ["abc", "0", "-1", "1.5", "99999999999999999999"] {
                        let (status, contentType, _) = try await client.call(
                            HTTPRequest.Method(rawValue: method.uppercased())!, path.replacingOccurrences(of: "{id}", with: id),
                            token: app.admin, json: method == "get" || method == "delete" ? nil : [:] as [String: Any])
                        #expect(
                            documented.contains(String(status.code)),
                            "\(method) \(path) with id \(id): \(status.code), documented \(documented.sorted())")
                        #expect(contentType.hasPrefix("application/problem+json"), "\(method) \(path) with id \(id)")
                    }
                    checked += 1
                }
            }
            #expect(checked >= 20)
        }
    }

    /// Bodies that create or replace never require the id (the path or the store gives it), and an
    /// optional reference may be sent as null.
    @Test func requestBodiesRequireNoIdAndAllowNullWhereTheServerDoes() throws {
        let document = try Self.document()
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var bodies = 0
        for (path, methods) in paths {
            for (method, operation) in methods {
                guard let content = ((operation as? [String: Any])?["requestBody"] as? [String: Any])?["content"] as? [String: Any],
                    let schema = (content["application/json"] as? [String: Any])?["schema"] as? [String: Any],
                    let ref = schema["$ref"] as? String
                else { continue }
                let target = try #require(schemas[String(ref.split(separator: "/").last!)])
                #expect(!((target["required"] as? [String]) ?? []).contains("id"), "\(method) \(path) requires an id")
                bodies += 1
            }
        }
        #expect(bodies >= 15)
        let location = try #require(schemas["LocationInput"]?["properties"] as? [String: Any])
        #expect(
            ((location["parent_id"] as? [String: Any])?["anyOf"] as? [[String: Any]])?.contains { $0["type"] as? String == "null" } == true)
    }

    @Test func answersMatchTheirSchemas() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let schemas = try #require((try Self.document()["components"] as? [String: Any])?["schemas"] as? [String: Any])
            _ = try await client.call(
                .post, "/api/v1/surveys/1/responses", token: app.admin,
                json: [
                    ["answers": ["nps": 9, "csat": 5], "comment": "Быстро", "touchpoint_id": 1],
                    ["answers": ["nps": 3]],
                ])
            let checks: [(String, String)] = [
                ("/api/v1/metrics?metric=nps,csat&by=touchpoint,week&compare=previous&from=2020-01-01&to=2030-01-01", "MetricReport"),
                ("/api/v1/metrics?by=week", "MetricReport"),
                ("/api/v1/surveys/1", "Survey"),
                ("/api/v1/touchpoints/1", "Touchpoint"),
                ("/api/v1/metrics?by=nonsense", "Problem"),
            ]
            for (uri, schema) in checks {
                let (_, _, data) = try await client.call(.get, uri, token: app.admin)
                let errors = SchemaCheck(schemas: schemas).errors(data, against: ["$ref": "#/components/schemas/\(schema)"], at: uri)
                #expect(errors.isEmpty, "\(errors.prefix(5))")
            }
            let (_, _, page) = try await client.call(.get, "/api/v1/responses", token: app.admin)
            let pageSchema: [String: Any] = [
                "type": "object", "required": ["items"],
                "properties": [
                    "items": ["type": "array", "items": ["$ref": "#/components/schemas/Response"]],
                    "next_cursor": ["type": "integer"],
                ],
            ]
            let errors = SchemaCheck(schemas: schemas).errors(page, against: pageSchema, at: "page")
            #expect(errors.isEmpty, "\(errors)")
            #expect((object(page)["items"] as? [Any])?.count == 2)
        }
    }
}

/// A JSON value that keeps booleans and numbers apart (JSONSerialization on Linux does not).
enum JSONValue: Decodable {
    case null, bool(Bool), integer(Int64), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}

/// Enough of JSON Schema for our document: $ref, type, required, properties, additionalProperties, items,
/// enum, anyOf (and the type null).
struct SchemaCheck {
    let schemas: [String: Any]

    func errors(_ data: Data, against schema: [String: Any], at path: String) -> [String] {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: data) else { return ["\(path): not JSON"] }
        return errors(value, against: schema, at: path)
    }

    func errors(_ value: JSONValue, against schema: [String: Any], at path: String) -> [String] {
        if let ref = schema["$ref"] as? String, let target = schemas[String(ref.split(separator: "/").last!)] as? [String: Any] {
            return errors(value, against: target, at: path)
        }
        if let options = schema["anyOf"] as? [[String: Any]] {
            return options.contains { errors(value, against: $0, at: path).isEmpty } ? [] : ["\(path): matches no anyOf option"]
        }
        if let allowed = schema["enum"] as? [String] {
            guard case .string(let text) = value, allowed.contains(text) else { return ["\(path): \(value) not in \(allowed)"] }
            return []
        }
        var found: [String] = []
        switch (schema["type"] as? String, value) {
        case ("object", .object(let object)):
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { found.append("\(path).\(key): missing") }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, member) in object {
                if let property = properties[key] as? [String: Any] {
                    found += errors(member, against: property, at: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    found += errors(member, against: additional, at: "\(path).\(key)")
                } else if !properties.isEmpty {
                    found.append("\(path).\(key): not in the schema")
                }
            }
        case ("array", .array(let array)):
            if let items = schema["items"] as? [String: Any] {
                for (i, item) in array.enumerated() { found += errors(item, against: items, at: "\(path)[\(i)]") }
            }
        case ("integer", .integer), ("number", .integer), ("number", .number), ("string", .string), ("boolean", .bool), ("null", .null),
            (nil, _):
            break
        case (let type?, _):
            found.append("\(path): not \(type)")
        }
        return found
    }
}
