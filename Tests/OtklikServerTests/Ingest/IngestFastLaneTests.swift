import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

/// The fast lane is only a shortcut: a real server with it and one without it, sent the same requests
/// over real HTTP, must answer every one of them byte for byte alike and store the same rows.
@Suite("Ingest fast lane")
struct IngestFastLaneTests {
    /// One request of the script; `token` picks the app's token of that scope.
    struct Step: Sendable {
        enum Token: Sendable { case ingester, reader, none }
        var path = "/api/v1/surveys/1/responses"
        var token = Token.ingester
        var body: [UInt8]
        var contentType = "application/json"
        var extraHeaders: [(HTTPField.Name, String)] = []

        init(
            _ json: String, path: String = "/api/v1/surveys/1/responses", token: Token = .ingester,
            contentType: String = "application/json", extraHeaders: [(HTTPField.Name, String)] = []
        ) {
            body = Array(json.utf8)
            self.path = path
            self.token = token
            self.contentType = contentType
            self.extraHeaders = extraHeaders
        }

        init(raw: [UInt8]) { body = raw }
    }

    static let steps: [Step] = [
        Step(#"{"answers":{"nps":9},"idempotency_key":"a"}"#),  // the token's first use: the router checks it
        Step(#"{"answers":{"nps":7,"csat":4},"comment":"Быстро, спасибо","touchpoint_id":1}"#),
        Step(#"{"answers":{"nps":9},"idempotency_key":"a"}"#),  // a retry: 200, the same id
        Step(#"[{"answers":{"nps":1}},{"answers":{"nps":10},"idempotency_key":"b"},{"answers":{"nps":5}}]"#),
        Step(#"[{"answers":{"nps":1}},{"answers":{"nps":10},"idempotency_key":"a"}]"#),  // half retried
        Step(#"[{"answers":{"nps":1}},{"answers":{"nps":11}},{"answers":{"nps":12}}]"#),  // bad items 1, 2
        Step(#"{"answers":{"nps":"ten"}}"#),  // wrong type: JSONDecoder explains
        Step(#"{"answers":{"nps":9}"#),  // malformed
        Step(#"{"answers":{"nps":9},"survey_id":2}"#),  // disagrees with the URL
        Step(#"{"answers":{"nps":9},"touchpoint_id":77}"#),  // unknown reference
        Step(#"{"answers":{"nps":9}}"#, path: "/api/v1/surveys/99/responses"),  // unknown survey
        Step(#"{"answers":{"nps":9}}"#, path: "/api/v1/surveys/2/responses"),  // closed survey
        Step(#"{"answers":{"nps":9}}"#, path: "/api/v1/surveys/01/responses"),  // the same survey, spelt oddly
        Step(#"{"answers":{"nps":9}}"#, path: "/api/v1/surveys/1/responses?source=x"),  // a query string
        Step(#"{"answers":{"nps":9}}"#, token: .reader),  // no ingest scope (first use)
        Step(#"{"answers":{"nps":9}}"#, token: .reader),  // no ingest scope (cached)
        Step(#"{"answers":{"nps":9}}"#, token: .none),
        Step("[]"),
        Step("   "),
        Step(raw: Array(#"{"answers":{"nps":9},"comment":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)),  // not UTF-8
        Step("{\"answers\":{\"nps\":3}}\n{\"answers\":{\"nps\":4}}\n", contentType: "application/x-ndjson"),
        Step("[" + Array(repeating: #"{"answers":{"nps":8}}"#, count: 6).joined(separator: ",") + "]"),  // > 5 items
        Step(#"{"answers":{"nps":8},"comment":""# + String(repeating: "я", count: 3000) + #""}"#),  // > 4 KB body
        Step(#"{"answers":{"nps":6},"idempotency_key":"last"}"#),
    ]

    @Test func answersEveryRequestAsTheRouterDoes() async throws {
        let withLane = try await Self.answers(fastLane: true)
        let withoutLane = try await Self.answers(fastLane: false)
        #expect(withLane.answers.count == Self.steps.count)
        for (index, (lane, router)) in zip(withLane.answers, withoutLane.answers).enumerated() {
            #expect(lane == router, "step \(index)")
        }
        #expect(withLane.stored == withoutLane.stored)
        #expect(withLane.stored.count == 11, "1 + 1 + 3 + 1 (the rest retried) + 1 + 1 + 2 (NDJSON) + 1")
        // The lane took the valid JSON posts after the token's first use (which the router checked);
        // everything else went to the router.
        #expect(withLane.laneRequests == 6)
        #expect(withoutLane.laneRequests == 0)
        #expect(withLane.indexed == withLane.stored.count)
    }

    struct Answer: Equatable {
        var status: Int
        var contentType: String
        var body: String
    }

    /// Runs the script against a live server (real sockets); returns its answers and the stored rows.
    static func answers(fastLane: Bool) async throws -> (answers: [Answer], stored: [String], indexed: Int, laneRequests: Int) {
        var config = ServerConfig(port: 0, dataDirectory: nil, maxBodyBytes: 4096, maxBatchItems: 5)
        // The count of lane requests below assumes the token stays cached for the whole test.
        config.tokenRecheckInterval = .seconds(3600)
        config.fastLane = fastLane
        let app = try await TestApp.make(config)
        let closed = Survey(
            id: Identifier(2), title: LocalizedText(ru: "Закрыт"), status: .closed,
            questions: [Question(id: "nps", kind: .nps, text: LocalizedText(ru: "NPS"))], code: "closed")
        _ = try await app.services.store.save(closed)
        try await app.services.live.referenceDataChanged()

        let answers = try await buildApplication(services: app.services).test(.live) { client in
            var answers: [Answer] = []
            for step in steps {
                var headers = HTTPFields()
                headers[.contentType] = step.contentType
                switch step.token {
                case .ingester: headers[.authorization] = "Bearer \(app.ingester)"
                case .reader: headers[.authorization] = "Bearer \(app.reader)"
                case .none: break
                }
                for (name, value) in step.extraHeaders { headers[name] = value }
                let answer = try await client.execute(
                    uri: step.path, method: .post, headers: headers,
                    body: ByteBuffer(bytes: step.body)
                ) { response in
                    Answer(
                        status: response.status.code, contentType: response.headers[.contentType] ?? "",
                        body: String(buffer: response.body))
                }
                answers.append(answer)
            }
            return answers
        }
        var filter = ResponseFilter()
        filter.ascending = true
        let stored = try await app.services.store.responses(filter, after: nil, limit: 100).map {
            "\($0.id.rawValue) \($0.surveyId.rawValue) \($0.answers.sorted { $0.key < $1.key }) \($0.comment ?? "-") "
                + "\($0.context.touchpointId?.rawValue ?? 0) \($0.idempotencyKey ?? "-")"
        }
        return (answers, stored, app.services.index.allRows().count, app.services.statistics.fastLaneRequests)
    }

    @Test func readsTheSurveyFromTheIngestPathOnly() {
        #expect(FastLane.ingestSurvey(inPath: "/api/v1/surveys/12/responses") == Identifier(12))
        #expect(FastLane.ingestSurvey(inPath: "/api/v1/surveys/007/responses") == Identifier(7))
        for path in [
            "/api/v1/surveys/0/responses", "/api/v1/surveys//responses", "/api/v1/surveys/-1/responses",
            "/api/v1/surveys/1/responses/", "/api/v1/surveys/1/responses?x=1", "/api/v1/surveys/1x/responses",
            "/api/v1/surveys/99999999999999999999/responses", "/api/v1/surveys/responses",
        ] {
            #expect(FastLane.ingestSurvey(inPath: path) == nil, "\(path)")
        }
    }

    @Test func formatsTheDateHeaderAsFoundationDoes() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        var generator = SystemRandomNumberGenerator()
        for second in [Int64(0), 951_782_400, 1_764_633_599, 4_102_444_800]
            + (0..<200).map({ _ in Int64.random(in: 0...4_102_444_800, using: &generator) })
        {
            #expect(HTTPDate.text(ofUnixSeconds: second) == formatter.string(from: Date(timeIntervalSince1970: TimeInterval(second))))
        }
    }
}
