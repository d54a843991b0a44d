import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

/// Every kind of bad input gets problem+json naming the field, never a 500, and stores nothing.
@Suite("Bad input through the API")
struct BadInputTests {
    static func expectProblem(
        _ result: (HTTPResponse.Status, String, Data), _ status: HTTPResponse.Status, code: String? = nil,
        field: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let (actual, contentType, data) = result
        let problem = object(data)
        #expect(actual == status, "\(problem)", sourceLocation: sourceLocation)
        #expect(contentType.hasPrefix("application/problem+json"), sourceLocation: sourceLocation)
        #expect(problem["status"] as? Int == Int(status.code), sourceLocation: sourceLocation)
        if let code { #expect(problem["code"] as? String == code, "\(problem)", sourceLocation: sourceLocation) }
        if let field {
            let fields = (problem["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(fields.contains(field), "\(fields)", sourceLocation: sourceLocation)
        }
    }

    @Test func aBatchWithOneBadItemStoresNothingAndNamesTheItem() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            var items: [[String: Any]] = (0..<10_000).map { ["answers": ["nps": $0 % 11], "idempotency_key": "k\($0)"] }
            items[7345] = ["answers": ["nps": 12]]
            let result = try await client.call(.post, "/api/v1/surveys/1/responses", token: app.ingester, json: items)
            Self.expectProblem(result, .unprocessableContent, code: "validation_failed", field: "7345/answers/nps")
            let errors = object(result.2)["errors"] as? [[String: Any]] ?? []
            #expect(errors.first?["index"] as? Int == 7345)
            #expect(app.services.index.count == 0)

            items[7345] = ["answers": ["nps": 10]]
            let (status, _, data) = try await client.call(.post, "/api/v1/surveys/1/responses", token: app.ingester, json: items)
            #expect(status == .created)
            #expect((object(data)["ids"] as? [Any])?.count == 10_000)
            #expect(app.services.index.count == 10_000)
        }
    }

    @Test func malformedWrongTypedAndOutOfRange() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let path = "/api/v1/surveys/1/responses"
            Self.expectProblem(
                try await client.call(.post, path, token: app.ingester, raw: Array(#"{"answers": {"nps": 9"#.utf8)),
                .badRequest, code: "malformed_json")
            Self.expectProblem(
                try await client.call(.post, path, token: app.ingester, json: ["answers": ["nps": 9], "touchpoint_id": "x"]),
                .badRequest, field: "touchpoint_id")
            Self.expectProblem(
                try await client.call(.post, path, token: app.ingester, json: ["answers": ["nps": 11]]),
                .unprocessableContent, field: "answers/nps")
            Self.expectProblem(
                try await client.call(.post, path, token: app.ingester, json: ["answers": ["nps": 5, "why": "x"]]),
                .unprocessableContent, code: "validation_failed", field: "answers/why")
            Self.expectProblem(
                try await client.call(.post, path, token: app.ingester, json: ["answers": ["csat": 4]]),
                .unprocessableContent, field: "answers/nps")  // required
            Self.expectProblem(
                try await client.call(.post, path, token: app.ingester, json: ["answers": ["nps": 5], "touchpoint_id": 99]),
                .unprocessableContent, field: "touchpoint_id")
            Self.expectProblem(
                try await client.call(.post, path, token: app.ingester, raw: [0x7B, 0xFF, 0xFE, 0x7D]),
                .badRequest, code: "invalid_utf8")
            Self.expectProblem(try await client.call(.post, path, token: app.ingester, raw: []), .badRequest, code: "empty_body")
            Self.expectProblem(try await client.call(.post, path, token: app.ingester, json: [Any]()), .badRequest, code: "empty_batch")
            Self.expectProblem(
                try await client.call(.post, "/api/v1/surveys/9/responses", token: app.ingester, json: ["answers": ["nps": 1]]),
                .notFound, code: "not_found")
            #expect(app.services.index.count == 0)
        }
    }

    @Test func ndjsonBatchesAndTheirBadLines() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let good = "{\"answers\":{\"nps\":9}}\n\n{\"answers\":{\"nps\":3},\"comment\":\"долго\"}\n"
            let (status, _, _) = try await client.call(
                .post, "/api/v1/surveys/1/responses", token: app.ingester,
                raw: Array(good.utf8), contentType: "application/x-ndjson")
            #expect(status == .created)
            let bad = "{\"answers\":{\"nps\":9}}\n{\"answers\":{\"nps\":\"x\"\n"
            Self.expectProblem(
                try await client.call(
                    .post, "/api/v1/surveys/1/responses", token: app.ingester,
                    raw: Array(bad.utf8), contentType: "application/x-ndjson"), .badRequest)
            #expect(app.services.index.count == 2)
        }
    }

    @Test func closedAndDraftSurveysRefuseAnswers() async throws {
        let app = try await TestApp.make()
        var closed = TestApp.survey
        closed.id = Identifier(2)
        closed.code = "closed"
        closed.status = .closed
        var draft = closed
        draft.id = Identifier(3)
        draft.code = "draft"
        draft.status = .draft
        _ = try await app.services.store.save(closed)
        _ = try await app.services.store.save(draft)
        try await app.services.live.referenceDataChanged()
        try await app.test { client in
            Self.expectProblem(
                try await client.call(.post, "/api/v1/surveys/2/responses", token: app.ingester, json: ["answers": ["nps": 9]]),
                .conflict, code: "survey_closed")
            Self.expectProblem(
                try await client.call(.post, "/api/v1/surveys/3/responses", token: app.ingester, json: ["answers": ["nps": 9]]),
                .conflict, code: "survey_draft")
        }
    }

    @Test func oversizedBodiesAreRefused() async throws {
        var config = ServerConfig(dataDirectory: nil)
        config.maxBodyBytes = 4_096
        let app = try await TestApp.make(config)
        try await app.test { client in
            let items = (0..<200).map { _ in ["answers": ["nps": 9], "comment": String(repeating: "ж", count: 20)] }
            Self.expectProblem(
                try await client.call(.post, "/api/v1/surveys/1/responses", token: app.ingester, json: items),
                .contentTooLarge, code: "body_too_large")
            #expect(app.services.index.count == 0)
        }
    }

    @Test func tokensAndScopes() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let post = ["answers": ["nps": 9]]
            Self.expectProblem(
                try await client.call(.post, "/api/v1/surveys/1/responses", token: nil, json: post), .unauthorized,
                code: "unauthenticated")
            Self.expectProblem(
                try await client.call(.post, "/api/v1/surveys/1/responses", token: "otk_nonsense", json: post),
                .unauthorized, code: "invalid_token")
            Self.expectProblem(try await client.call(.post, "/api/v1/surveys/1/responses", token: app.reader, json: post), .forbidden)
            Self.expectProblem(try await client.call(.get, "/api/v1/metrics", token: app.ingester), .forbidden)
            Self.expectProblem(try await client.call(.post, "/api/v1/surveys", token: app.reader, json: ["title": ["ru": "x"]]), .forbidden)
            let (status, _, _) = try await client.call(.get, "/api/v1/metrics", token: app.reader)
            #expect(status == .ok)
            // A revoked token stops working at once.
            let tokens = try await app.services.store.tokens()
            let reader = try #require(tokens.first { $0.name == "read" })
            try await app.services.tokens.revoke(id: reader.id)
            Self.expectProblem(try await client.call(.get, "/api/v1/metrics", token: app.reader), .unauthorized)
        }
    }

    @Test func concurrentRetriesWithOneKeyStoreOneResponse() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let statuses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, Int64?).self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        let (status, _, data) = try await client.call(
                            .post, "/api/v1/surveys/1/responses", token: app.ingester,
                            json: ["answers": ["nps": 10], "idempotency_key": "once"])
                        return (status, (object(data)["id"] as? NSNumber)?.int64Value ?? (object(data)["id"] as? Int).map(Int64.init))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.count { $0.0 == .created } == 1)
            #expect(statuses.count { $0.0 == .ok } == 49)
            #expect(Set(statuses.map(\.1)).count == 1)
            #expect(app.services.index.count == 1)
        }
    }

    @Test func metricParametersAreChecked() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            Self.expectProblem(try await client.call(.get, "/api/v1/metrics?by=colour", token: app.reader), .badRequest, field: "by")
            Self.expectProblem(try await client.call(.get, "/api/v1/metrics?metric=xyz", token: app.reader), .badRequest, field: "metric")
            Self.expectProblem(
                try await client.call(.get, "/api/v1/metrics?frm=2025-01-01", token: app.reader), .badRequest,
                code: "unknown_parameter", field: "frm")
            Self.expectProblem(
                try await client.call(.get, "/api/v1/metrics?from=2025-02-30", token: app.reader), .badRequest, field: "from")
            Self.expectProblem(
                try await client.call(.get, "/api/v1/metrics?from=2025-03-01&to=2025-02-01", token: app.reader),
                .badRequest, field: "to")
            Self.expectProblem(
                try await client.call(.get, "/api/v1/metrics?compare=previous", token: app.reader), .badRequest,
                field: "compare")
        }
    }
}
