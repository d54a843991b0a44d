import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

/// The fast lane answers metrics questions on the event loop; it is only a shortcut to the route. A real
/// server with it and one without it, over the same answers and sent the same questions over real HTTP,
/// must answer every one of them byte for byte alike — large answers written in pieces included.
@Suite("Metrics fast lane")
struct MetricsFastLaneTests {
    enum Token: Sendable { case reader, ingester, admin, none, readerTwice }

    /// A question and whose token asks it.
    static let questions: [(path: String, token: Token)] = [
        ("/api/v1/metrics?metric=nps", .reader),  // the token's first use: the router checks it
        ("/api/v1/metrics?metric=nps", .reader),
        ("/api/v1/metrics", .reader),
        ("/api/v1/metrics?metric=nps,csat&by=touchpoint,month", .reader),
        ("/api/v1/metrics?metric=nps,csat&by=day&fields=value,interval,n,counts,histogram", .reader),  // > 64 KB
        ("/api/v1/metrics?metric=nps,csat&by=day&format=csv", .reader),
        ("/api/v1/metrics?metric=csat&by=week&nps=0..6&sort=value&order=desc&limit=5", .reader),
        ("/api/v1/metrics?metric=nps&by=touchpoint&previous=true&from=2026-06-01&to=2026-09-01", .reader),
        ("/api/v1/metrics?metric=nps&by=day&from=2026-06-01&to=2026-06-03", .reader),
        ("/api/v1/metrics?metric=nps&q=%D0%B4%D0%BE%D0%BB%D0%B3%D0%BE", .reader),  // a comment search: the store's
        ("/api/v1/metrics?metric=nps&value_class=A", .reader),  // customers' labels: the store's
        ("/api/v1/metrics?metric=bogus", .reader),
        ("/api/v1/metrics?metric=nps&metric=csat", .reader),  // repeated
        ("/api/v1/metrics?metric=nps&touchpoint=99", .reader),
        ("/api/v1/metrics?metric=nps&by=day,employee,touchpoint,segment", .reader),
        ("/api/v1/metrics?metric=nps&from=2026-13-01", .reader),
        ("/api/v1/metrics?metric=nps&nps=0..6&score_min=1", .reader),
        ("/api/v1/metrics/?metric=nps", .reader),
        ("/api/v1/metricsx?metric=nps", .reader),
        ("/api/v1/metrics?metric=nps", .ingester),  // no read scope (first use)
        ("/api/v1/metrics?metric=nps", .ingester),  // no read scope (cached)
        ("/api/v1/metrics?metric=nps", .admin),
        ("/api/v1/metrics?metric=nps", .admin),
        ("/api/v1/metrics?metric=nps", .none),
        ("/api/v1/metrics?metric=nps&by=touchpoint&location=1", .reader),
        ("/api/v1/metrics?metric=nps&by=touchpoint,week", .reader),
        ("/api/v1/metrics?metric=nps", .readerTwice),  // two Authorization fields: the router judges them
        ("/api/v1/metrics?metric=nps&from=+202-01-01", .reader),  // a signed year
    ]

    @Test func answersEveryQuestionAsTheRouterDoes() async throws {
        // Answers over 4 KB go chunked, in pieces, both ways (the size sent whole lowered for this test).
        let withLane = try await Self.answers(fastLane: true, wholeAnswerBytes: 4_096)
        let withoutLane = try await Self.answers(fastLane: false, wholeAnswerBytes: 4_096)
        #expect(withLane.answers.count == Self.questions.count)
        for (index, (lane, router)) in zip(withLane.answers, withoutLane.answers).enumerated() {
            #expect(lane == router, "\(Self.questions[index].path)")
        }
        for large in [4, 5] {  // the JSON and the CSV of many days
            #expect(withLane.answers[large].body.utf8.count > OutputBytes.pieceSize, "spans pieces")
            #expect(
                withLane.answers[large].headers.contains { $0.lowercased() == "transfer-encoding: chunked" },
                "\(withLane.answers[large].headers)")
        }
        #expect(withLane.answers.filter { $0.status == 200 }.count == 17)
        // Valid questions with a cached reading token, answered from the index: all but the token's first
        // use, the comment search and the customers' labels; everything else went to the router.
        #expect(withLane.laneQuestions == 12)
        #expect(withoutLane.laneQuestions == 0)
    }

    /// A token revoked while the lane holds it checked is refused at once, not after the recheck interval.
    @Test func aRevokedTokenIsRefusedAtOnce() async throws {
        var config = ServerConfig(port: 0, dataDirectory: nil)
        config.tokenRecheckInterval = .seconds(3600)
        let app = try await TestApp.make(config)
        let (token, secret) = try await app.services.tokens.create(name: "revoked soon", scopes: [.read])
        let statuses = try await buildApplication(services: app.services).test(.live) { client in
            var statuses: [Int] = []
            for revoke in [false, false, true] {
                if revoke { try await app.services.tokens.revoke(id: token.id) }
                statuses.append(
                    try await client.execute(
                        uri: "/api/v1/metrics?metric=nps", method: .get, headers: [.authorization: "Bearer \(secret)"]
                    ) { $0.status.code })
            }
            return statuses
        }
        #expect(statuses == [200, 200, 401])
        #expect(app.services.statistics.fastLaneQuestions == 1, "the second question was the lane's")
    }

    /// An answer of a few pieces that fits `ServerConfig.wholeAnswerBytes` goes whole, with its length, both
    /// ways: the same bytes as in pieces.
    @Test func answersWithinTheWholeAnswerSizeGoWithTheirLength() async throws {
        let inPieces = try await Self.answers(fastLane: true, wholeAnswerBytes: 4_096).answers
        for fastLane in [true, false] {
            let whole = try await Self.answers(fastLane: fastLane, wholeAnswerBytes: ServerConfig().wholeAnswerBytes).answers
            for large in [4, 5] {
                #expect(whole[large].body == inPieces[large].body)
                let headers = whole[large].headers.map { $0.lowercased() }
                #expect(headers.contains("content-length: \(whole[large].body.utf8.count)"), "\(headers)")
                #expect(!headers.contains { $0.hasPrefix("transfer-encoding") })
            }
        }
    }

    struct Answer: Equatable {
        var status: Int
        var headers: [String]
        var body: String
    }

    /// Asks every question of a live server (real sockets) over 2,400 answers spread over two years.
    static func answers(fastLane: Bool, wholeAnswerBytes: Int) async throws -> (answers: [Answer], laneQuestions: Int) {
        var config = ServerConfig(port: 0, dataDirectory: nil)
        config.wholeAnswerBytes = wholeAnswerBytes
        // The count of lane questions assumes the tokens stay cached for the whole test.
        config.tokenRecheckInterval = .seconds(3600)
        config.fastLane = fastLane
        let app = try await TestApp.make(config)
        // The same answers on both servers, spread by fixed strides.
        let start = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01
        let comments = ["долго ждал", "всё хорошо", nil, nil]
        let submissions = (0..<2_400).map { i in
            ResponseSubmission(
                answers: ["nps": .score(i * 7 % 11), "csat": .score(1 + i * 3 % 5)], comment: comments[i * 5 % 4],
                submittedAt: start.addingTimeInterval(Double(i * 50_411 % (700 * 86_400))),
                touchpointId: i % 3 == 0 ? nil : Identifier(1), idempotencyKey: "f\(i)")
        }
        for batch in stride(from: 0, to: submissions.count, by: 400) {
            _ = try await app.services.ingest.ingest(Array(submissions[batch..<batch + 400]), survey: Identifier(1)).get()
        }
        let answers = try await buildApplication(services: app.services).test(.live) { client in
            var answers: [Answer] = []
            for (path, token) in questions {
                var headers = HTTPFields()
                switch token {
                case .reader: headers[.authorization] = "Bearer \(app.reader)"
                case .ingester: headers[.authorization] = "Bearer \(app.ingester)"
                case .admin: headers[.authorization] = "Bearer \(app.admin)"
                case .none: break
                case .readerTwice:
                    headers.append(HTTPField(name: .authorization, value: "Bearer \(app.reader)"))
                    headers.append(HTTPField(name: .authorization, value: "Bearer \(app.reader)"))
                }
                answers.append(
                    try await client.execute(uri: path, method: .get, headers: headers) { response in
                        Answer(
                            status: response.status.code,
                            headers: response.headers.filter { $0.name != .date }.map { "\($0.name): \($0.value)" },
                            body: String(buffer: response.body))
                    })
            }
            return answers
        }
        return (answers, app.services.statistics.fastLaneQuestions)
    }
}
