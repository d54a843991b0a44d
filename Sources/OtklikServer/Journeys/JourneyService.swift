import Foundation
import OtklikCore
import OtklikStore

/// Journey maps for the pages, the API and the CLI: who may change which map, and each stage's measured
/// side — the period's answers at the stage's touchpoints, counted by the analytics index within the
/// reader's scope, and the words of their comments.
public struct JourneyService: Sendable {
    public let store: any JourneyStore
    let metrics: MetricsService
    let responses: ResponseService
    let catalog: Catalog
    let minimumSample: Int

    /// Owners and analysts change every map; a manager the maps about one of their locations (or a location
    /// under one of them); staff read.
    public static func canEdit(_ map: JourneyMap, _ user: User, snapshot: CatalogSnapshot) -> Bool {
        switch user.role {
        case .owner, .analyst: return true
        case .staff: return false
        case .manager:
            let theirs = user.locationIds.reduce(into: Set<Int64>()) { $0.formUnion(snapshot.subtree(of: $1)) }
            return map.locationIds.contains { theirs.contains($0.rawValue) }
        }
    }

    /// The map's persona (a placeholder named "—" should it be gone).
    func persona(of map: JourneyMap) async throws -> Persona {
        try await store.persona(id: map.personaId) ?? Persona(id: map.personaId, name: "—")
    }

    /// An exported document as a new map with a new persona (the API's POST, `otklik journey import`).
    public func importAsNew(_ document: JourneyDocument, actor: String) async throws -> JourneyDocument {
        try check(document)
        var persona = document.persona
        persona.id = Identifier(0)
        persona = try await store.savePersona(persona)
        var map = document.map
        (map.id, map.personaId) = (Identifier(0), persona.id)
        return JourneyDocument(persona: persona, map: try await store.createJourneyMap(map, by: nil, actor: actor, at: Date()))
    }

    /// An exported document in place of the map `id` and its persona, if the map is still at the document's
    /// version (`JourneyEditProblem` "conflict" otherwise: nothing changes); nil for an unknown map.
    public func replace(_ id: JourneyMap.ID, with document: JourneyDocument, actor: String) async throws -> JourneyDocument? {
        guard let stored = try await store.journeyMap(id: id) else { return nil }
        try check(document)
        var map = document.map
        map.id = stored.id
        let replaced = try await store.replaceJourneyMap(map, expectedVersion: document.map.version, by: nil, actor: actor, at: Date())
        var persona = document.persona
        persona.id = stored.personaId
        return JourneyDocument(persona: try await store.savePersona(persona), map: replaced)
    }

    /// What a document names must exist here: its stages' touchpoints and its persona's segment (checked
    /// before anything is written, so a refused document changes nothing).
    private func check(_ document: JourneyDocument) throws(FieldProblem) {
        let snapshot = catalog.snapshot
        for (i, stage) in document.map.stages.enumerated() {
            if let unknown = stage.touchpointIds.first(where: { snapshot.touchpoints[$0] == nil }) {
                throw FieldProblem(field: "map/stages/\(i)/touchpoint_ids", code: "unknown_reference", message: "no touchpoint \(unknown)")
            }
        }
        if let segment = document.persona.segmentId, snapshot.segments[segment] == nil {
            throw FieldProblem(field: "persona/segment_id", code: "unknown_reference", message: "no segment \(segment)")
        }
    }

    /// The latest comments a stage's words are counted from: enough for the frequent words to be stable, few
    /// enough to read quickly.
    static let commentsPerStage = 200

    /// Stage id → what customers said at its touchpoints in the period of `filter` (its dimensions other than
    /// the period are ignored: the stage's touchpoints are the filter), seen within `scope`.
    func measures(_ map: JourneyMap, period filter: DashboardFilter, scope: DataScope) async throws -> [String: StageMeasure] {
        let snapshot = catalog.snapshot
        let stages = map.stages.filter { !$0.touchpointIds.isEmpty }
        guard !stages.isEmpty else { return [:] }
        let period = DashboardFilter(from: filter.from, to: filter.to)
        let (answers, counts) = touchpointCounts(period.metricRequest(scope: scope, snapshot: snapshot))
        // Each stage's latest comments, read side by side.
        let comments = try await withThrowingTaskGroup(of: (String, [String]).self) { group in
            for stage in stages {
                var list = period.responseList(withComment: true, scope: scope, snapshot: snapshot, limit: Self.commentsPerStage)
                list.filter.dimensions[.touchpoint] = Set(stage.touchpointIds.map(\.rawValue))
                group.addTask { [responses] in (stage.id, try await responses.list(list).compactMap(\.comment)) }
            }
            return try await group.reduce(into: [String: [String]]()) { $0[$1.0] = $1.1 }
        }
        var measures: [String: StageMeasure] = [:]
        for stage in stages {
            let ids = stage.touchpointIds.map(\.rawValue)
            func summary(_ metric: MetricKind) -> MetricSummary? {
                let sum = ids.reduce(into: ScoreCounts()) { $0 += counts[metric]?[$1] ?? ScoreCounts() }
                return sum.n == 0 ? nil : MetricSummary(metric, counts: sum, minimumSample: minimumSample)
            }
            measures[stage.id] = StageMeasure(
                responses: ids.reduce(0) { $0 + (answers[$1] ?? 0) }, nps: summary(.nps), csat: summary(.csat), ces: summary(.ces),
                answersByTouchpoint: Dictionary(stage.touchpointIds.map { ($0, answers[$0.rawValue] ?? 0) }, uniquingKeysWith: max),
                words: CommentWords.top(comments[stage.id] ?? []))
        }
        return measures
    }

    /// Answers and score counts per touchpoint in the request's period, for every touchpoint: grouped by
    /// touchpoint alone and not filtered by the map's list, the index answers mostly from each block's own
    /// counts instead of reading rows. The three metrics in one pass; when the surveys score CSAT on
    /// different scales it is left out rather than mixed.
    private func touchpointCounts(_ request: MetricRequest) -> (answers: [Int64: Int], scores: [MetricKind: [Int64: ScoreCounts]]) {
        for kinds in [[MetricKind.nps, .csat, .ces], [.nps, .ces]] {
            guard let report = try? metrics.report(resolved: request.with(kinds, by: [.touchpoint])) else { continue }
            var answers: [Int64: Int] = [:]
            var scores: [MetricKind: [Int64: ScoreCounts]] = [:]
            for group in report.groups {
                guard let touchpoint = group.values.first else { continue }
                answers[touchpoint] = group.responses
                for (kind, summary) in zip(kinds, group.summaries) { scores[kind, default: [:]][touchpoint] = summary.scores }
            }
            return (answers, scores)
        }
        return ([:], [:])
    }
}
