import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore

@testable import OtklikServer

/// An application over a fresh in-memory store, with tokens of every scope and one live survey.
struct TestApp {
    let services: Services
    let admin: String
    let reader: String
    let ingester: String

    static let survey = Survey(
        id: Identifier(1), title: LocalizedText(ru: "После ремонта", en: "After the repair"), status: .live,
        questions: [
            Question(id: "nps", kind: .nps, text: LocalizedText(ru: "NPS"), required: true),
            Question(id: "csat", kind: .csat, text: LocalizedText(ru: "CSAT")),
        ],
        code: "after-repair")

    static func make(_ config: ServerConfig = ServerConfig(dataDirectory: nil)) async throws -> TestApp {
        let services = try await Services.open(config)
        _ = try await services.store.save(survey)
        _ = try await services.store.save(Touchpoint(id: Identifier(1), name: "Приёмка", stage: .purchase))
        try await services.live.referenceDataChanged()
        return TestApp(
            services: services,
            admin: try await services.tokens.create(name: "admin", scopes: [.admin]).secret,
            reader: try await services.tokens.create(name: "read", scopes: [.read]).secret,
            ingester: try await services.tokens.create(name: "ingest", scopes: [.ingest]).secret)
    }

    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await buildApplication(services: services).test(.router, body)
    }
}

extension TestClientProtocol {
    /// A request with a token and a JSON (or raw) body; returns status, content type and the body.
    func call(
        _ method: HTTPRequest.Method, _ path: String, token: String?, json: Any? = nil, raw: [UInt8]? = nil,
        contentType: String = "application/json"
    ) async throws -> (HTTPResponse.Status, String, Data) {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        headers[.contentType] = contentType
        var body: ByteBuffer?
        if let json { body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)) }
        if let raw { body = ByteBuffer(bytes: raw) }
        return try await execute(uri: path, method: method, headers: headers, body: body) { response in
            (response.status, response.headers[.contentType] ?? "", Data(buffer: response.body))
        }
    }
}

extension MetricsService {
    /// A report parsed from API parameters, as `GET /api/v1/metrics` answers it (for `scope`).
    func report(_ parameters: [String: String], scope: DataScope) async throws -> MetricReport {
        try await report(request(parameters, scope: scope))
    }
}

func object(_ data: Data) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
}
