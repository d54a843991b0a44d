import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

/// What the API takes and what it gives away: names by one rule, no key twice, empty query parameters as
/// absent, allowed values named, and never a token's secret hash.
@Suite("API input rules")
struct APIInputRulesTests {
    @Test func tokenAnswersNeverCarryTheSecretHash() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let (created, _, createdBody) = try await client.call(
                .post, "/api/v1/tokens", token: app.admin,
                json: ["name": "POS", "scopes": ["ingest"]])
            #expect(created == .created)
            let (listed, _, listBody) = try await client.call(.get, "/api/v1/tokens", token: app.admin)
            #expect(listed == .ok)
            for body in [createdBody, listBody] {
                let text = String(decoding: body, as: UTF8.self)
                #expect(!text.contains("secret_hash") && !text.contains("secretHash"), "\(text)")
            }
            let tokens = try #require(try JSONSerialization.jsonObject(with: listBody) as? [[String: Any]])
            #expect(tokens.count == 4 && tokens.allSatisfy { $0["prefix"] is String && $0["scopes"] is [String] })
        }
    }

    /// `"csat": null` is a question left unanswered (a form library's empty field), single and in a batch;
    /// a required question sent as null is still missing.
    @Test func aNullAnswerIsASkippedQuestion() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let path = "/api/v1/surveys/1/responses"
            let (single, _, body) = try await client.call(
                .post, path, token: app.ingester,
                raw: Array(#"{"answers":{"nps":9,"csat":null},"idempotency_key":"null-1"}"#.utf8))
            #expect(single == .created, "\(String(decoding: body, as: UTF8.self))")
            let (batch, _, _) = try await client.call(
                .post, path, token: app.ingester,
                raw: Array(#"[{"answers":{"nps":7,"csat":null}},{"answers":{"nps":8}}]"#.utf8))
            #expect(batch == .created)
            let (required, _, problem) = try await client.call(
                .post, path, token: app.ingester,
                raw: Array(#"{"answers":{"nps":null,"csat":4}}"#.utf8))
            #expect(required == .unprocessableContent)
            #expect(String(decoding: problem, as: UTF8.self).contains("nps"), "the required question is named")
        }
        let stored = try await app.services.store.responses(ResponseFilter(), after: nil, limit: 10)
        let first = try #require(stored.first { $0.idempotencyKey == "null-1" })
        #expect(first.answers["nps"] == .score(9) && first.answers["csat"] == nil)
    }

    @Test func anUnknownSourceNamesTheFieldAndTheAllowedValues() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            for source in ["", "fax"] {
                let result = try await client.call(
                    .post, "/api/v1/surveys/1/responses", token: app.ingester,
                    json: ["answers": ["nps": 9], "source": source])
                BadInputTests.expectProblem(result, .badRequest, field: "source")
                let detail = object(result.2)["detail"] as? String ?? ""
                #expect(detail.contains("\"\(source)\" is not one of api, web, qr, email, phone, import, demo"), "\(detail)")
                #expect(!detail.contains("Cannot initialize"), "\(detail)")
            }
        }
    }

    @Test(
        arguments: [
            ("segments", ["name": ""], "name"), ("segments", ["name": "   "], "name"), ("locations", ["name": "\t"], "name"),
            ("touchpoints", ["name": "Приёмка\u{7}"], "name"), ("employees", ["name": "Иван\u{202E}вонаП"], "name"),
            ("locations", ["name": "Тверская\u{0085}2"], "name"), ("segments", ["name": String(repeating: "я", count: 201)], "name"),
        ] as [(String, [String: String], String)])
    func namesFollowOneRule(collection: String, body: [String: String], field: String) async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            BadInputTests.expectProblem(
                try await client.call(.post, "/api/v1/\(collection)", token: app.admin, json: body),
                .unprocessableContent, code: "validation_failed", field: field)
        }
    }

    @Test func localizedNamesAndOrganisationAndTokenNamesFollowTheRuleToo() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            BadInputTests.expectProblem(
                try await client.call(.post, "/api/v1/channels", token: app.admin, json: ["code": "kiosk", "name": ["ru": " "]]),
                .unprocessableContent, field: "name")
            BadInputTests.expectProblem(
                try await client.call(
                    .post, "/api/v1/channels", token: app.admin,
                    json: ["code": "kiosk", "name": ["ru": "Киоск", "en": "Kiosk\u{1B}[31m"]]),
                .unprocessableContent, field: "name/en")
            BadInputTests.expectProblem(
                try await client.call(
                    .put, "/api/v1/surveys/1", token: app.admin,
                    json: ["title": ["ru": "\u{2066}Опрос"], "questions": [["id": "nps", "kind": "nps", "text": ["ru": "?"]]]]),
                .unprocessableContent, field: "title/ru")
            BadInputTests.expectProblem(
                try await client.call(
                    .put, "/api/v1/organisation", token: app.admin,
                    json: ["name": "Техно\u{0}Пульс", "default_locale": "ru", "time_zone": "Europe/Moscow"]),
                .unprocessableContent, field: "name")
            BadInputTests.expectProblem(
                try await client.call(.post, "/api/v1/tokens", token: app.admin, json: ["name": "\n", "scopes": ["read"]]),
                .unprocessableContent, field: "name")
            // A good name is stored trimmed.
            let (status, _, body) = try await client.call(.post, "/api/v1/segments", token: app.admin, json: ["name": "  VIP  "])
            #expect(status == .created && object(body)["name"] as? String == "VIP")
        }
    }

    /// Both ingest decoders (the fast one refuses and hands over) and every other JSON body.
    @Test func aKeyTwiceInOneObjectIsRefusedAndNamed() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let ingest = "/api/v1/surveys/1/responses"
            let cases: [(String, String, String, String, String, Int?)] = [
                (ingest, "POST", #"{"answers":{"nps":9},"comment":"a","comment":"b"}"#, "application/json", "comment", nil),
                (ingest, "POST", #"{"answers":{"nps":9,"nps":3}}"#, "application/json", "answers/nps", nil),
                (ingest, "POST", #"{"answers":{"nps":9},"comment":"a","\u0063omment":"b"}"#, "application/json", "comment", nil),
                (ingest, "POST", #"{"answers":{"nps":9},"extra":{"x":1,"x":2}}"#, "application/json", "extra/x", nil),
                (ingest, "POST", #"[{"answers":{"nps":9}},{"answers":{"nps":9},"tags":[],"tags":["a"]}]"#, "application/json", "1/tags", 1),
                (
                    ingest, "POST", "{\"answers\":{\"nps\":9}}\n{\"answers\":{\"nps\":1},\"location_id\":1,\"location_id\":2}\n",
                    "application/x-ndjson", "1/location_id", 1
                ),
                ("/api/v1/segments", "POST", #"{"name":"a","name":"b"}"#, "application/json", "name", nil),
                (
                    "/api/v1/organisation", "PUT", #"{"name":"a","default_locale":"ru","time_zone":"UTC","time_zone":"Europe/Moscow"}"#,
                    "application/json", "time_zone", nil
                ),
                ("/api/v1/tokens", "POST", #"{"name":"a","scopes":["read"],"scopes":["admin"]}"#, "application/json", "scopes", nil),
            ]
            for (path, method, body, contentType, field, index) in cases {
                let token = path == ingest ? app.ingester : app.admin
                let result = try await client.call(
                    HTTPRequest.Method(rawValue: method)!, path, token: token, raw: Array(body.utf8),
                    contentType: contentType)
                BadInputTests.expectProblem(result, .badRequest, code: "duplicate_key", field: field)
                let errors = object(result.2)["errors"] as? [[String: Any]] ?? []
                #expect(errors.first?["index"] as? Int == index, "\(body)")
            }
            #expect(app.services.index.count == 0)
        }
    }

    @Test func anEmptyQueryParameterIsTheParameterLeftOut() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            _ = try await client.call(.post, "/api/v1/surveys/1/responses", token: app.ingester, json: ["answers": ["nps": 9]])
            let empty = [
                "metric", "by", "from", "to", "location", "survey", "has_comment", "score_min", "limit", "min_n", "sort", "order",
                "compare", "convention",
            ]
            let (metrics, _, report) = try await client.call(
                .get, "/api/v1/metrics?" + empty.map { "\($0)=" }.joined(separator: "&"),
                token: app.reader)
            #expect(metrics == .ok, "\(String(decoding: report, as: UTF8.self))")
            #expect(object(report)["responses"] as? Int == 1)
            for path in [
                "/api/v1/responses?limit=&cursor=&q=&metric=&order=&employee=", "/api/v1/export/responses.csv?from=&to=&q=",
                "/api/v1/export/responses.ndjson?touchpoint=&score_max=",
            ] {
                let (status, _, body) = try await client.call(.get, path, token: app.reader)
                #expect(status == .ok, "\(path): \(String(decoding: body, as: UTF8.self))")
            }
        }
    }

    @Test func optionalFieldsMayBeNullAndCreateNeedsNoId() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let bodies: [(String, [String: Any])] = [
                ("locations", ["name": "Тверская", "parent_id": NSNull(), "address": NSNull()]),
                ("touchpoints", ["name": "Выдача", "channel_id": NSNull(), "owner_id": NSNull(), "location_id": NSNull()]),
                ("employees", ["name": "Андрей", "position": NSNull(), "location_id": NSNull()]),
                ("customers", ["name": NSNull(), "email": NSNull(), "segment_id": NSNull()]),
            ]
            for (collection, body) in bodies {
                let (status, _, answer) = try await client.call(.post, "/api/v1/\(collection)", token: app.admin, json: body)
                #expect(status == .created, "\(collection): \(String(decoding: answer, as: UTF8.self))")
            }
            let (status, _, _) = try await client.call(
                .post, "/api/v1/surveys/1/responses", token: app.ingester,
                json: [
                    "answers": ["nps": 9], "comment": NSNull(), "location_id": NSNull(),
                    "tags": NSNull(), "source": NSNull(), "submitted_at": NSNull(),
                ])
            #expect(status == .created)
        }
    }
}
