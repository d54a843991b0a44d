import Foundation
import Hummingbird
import OtklikCore
import OtklikStore

/// `GET /api/v1/journeys` (every map, without its stages), `GET /api/v1/journeys/{id}` (the map, its persona,
/// each stage's data for `from`…`to` and the blind spots; `format=json|markdown|mermaid|svg` for an export),
/// `POST /api/v1/journeys` (an exported document becomes a new map) and `PUT /api/v1/journeys/{id}` (the
/// document replaces the map, if the map is still at the document's version: otherwise 409).
struct JourneysAPI {
    let journeys: JourneyService
    let exporter: JourneyExporter

    struct Summary: Encodable {
        var id: Int64
        var title: String
        var personaId: Int64
        var status: JourneyMap.Status
        var version: Int
        var stages: Int
        var updatedAt: Date
    }

    struct StageData: Encodable {
        var responses: Int
        var nps: Double?
        var csat: Double?
        var ces: Double?
        var proposedEmotion: Int?
        var words: [String: Int]
    }

    struct Detail: Encodable {
        var persona: Persona
        var map: JourneyMap
        var from: String?
        var to: String?
        var data: [String: StageData]
        var blindSpots: [Spot]

        struct Spot: Encodable {
            var kind: String
            var stage: String
            var subject: String?
        }
    }

    static let parameters: Set<String> = ["from", "to", "format"]
    static let bodyLimit = 2 << 20

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/api/v1/journeys") { request, context in
            try context.require(.read)
            let items = try await journeys.store.journeyMaps().map {
                Summary(
                    id: $0.id.rawValue, title: $0.title, personaId: $0.personaId.rawValue, status: $0.status, version: $0.version,
                    stages: $0.stages.count, updatedAt: $0.updatedAt)
            }
            return try API.json(["items": items])
        }

        router.get("/api/v1/journeys/:id") { request, context in
            try context.require(.read)
            let parameters = try API.parameters(request)
            try API.refuseUnknown(parameters, known: Self.parameters)
            let map = try await map(context)
            if let text = parameters["format"] {
                guard let format = JourneyExportFormat(rawValue: text) else {
                    throw Problem.badRequest("json, markdown, mermaid or svg", field: "format")
                }
                let strings = Strings(journeys.catalog.snapshot.organisation.defaultLocale)
                let body = try await exporter.export(map, format: format, strings: strings, scope: .everything)
                var headers = HTTPFields()
                headers[.contentType] = format.contentType
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
            }
            var period = DashboardFilter()
            for key in ["from", "to"] {
                guard let text = parameters[key] else { continue }
                guard let day = CivilDay.parse(Substring(text)) else { throw Problem.badRequest("a date such as 2026-12-31", field: key) }
                if key == "from" { period.from = day } else { period.to = day }
            }
            period = period.withDefaultPeriod(today: journeys.catalog.snapshot.today)
            let measures = try await journeys.measures(map, period: period, scope: .everything)
            let data = measures.mapValues { measure in
                StageData(
                    responses: measure.responses, nps: measure.nps?.value, csat: measure.csat?.value, ces: measure.ces?.value,
                    proposedEmotion: measure.proposedEmotion(minimumSample: journeys.minimumSample),
                    words: Dictionary(measure.words.map { ($0.word, $0.count) }, uniquingKeysWith: +))
            }
            let persona = try await journeys.persona(of: map)
            let spots = map.blindSpots(measures).map { Detail.Spot(kind: $0.kind.rawValue, stage: $0.stage, subject: $0.subject) }
            return try API.json(
                Detail(
                    persona: persona, map: map, from: period.from.map(CivilDay.isoDate(ofDay:)),
                    to: period.to.map(CivilDay.isoDate(ofDay:)),
                    data: data, blindSpots: spots))
        }

        router.post("/api/v1/journeys") { request, context in
            try context.require(.admin)
            let created = try await refusing {
                try await journeys.importAsNew(try await document(request), actor: PersonalData.actor(context))
            }
            return try API.json(created, status: .created)
        }

        router.put("/api/v1/journeys/:id") { request, context in
            try context.require(.admin)
            let id = try await map(context).id  // an unknown map is a 404 before its body is read
            let document = try await document(request)
            guard let replaced = try await refusing({ try await journeys.replace(id, with: document, actor: PersonalData.actor(context)) })
            else { throw Problem.notFound("journey map \(id) does not exist") }
            return try API.json(replaced)
        }
    }

    /// What the journey service refuses, as the API's problems: a reference to nothing (422), a map changed
    /// since the document's version (409).
    private func refusing<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let problem as FieldProblem {
            throw Problem.validation([problem])
        } catch let problem as JourneyEditProblem {
            throw Problem(
                .conflict, code: "conflict", title: "The map changed since this version", detail: problem.problem.message,
                errors: [.init(index: nil, field: "map/version", code: "conflict", message: problem.problem.message)])
        }
    }

    private func map(_ context: AppRequestContext) async throws -> JourneyMap {
        let id = try API.id(context)
        guard let map = try await journeys.store.journeyMap(id: Identifier(id)) else {
            throw Problem.notFound("journey map \(id) does not exist")
        }
        return map
    }

    private func document(_ request: Request) async throws -> JourneyDocument {
        let body = try await API.body(request, limit: Self.bodyLimit)
        try API.refuseDuplicateKeys(body.readableBytesView)
        do {
            return try JourneyDocument.decode(Data(body.readableBytesView))
        } catch {
            throw Problem.validation([error])
        }
    }
}
