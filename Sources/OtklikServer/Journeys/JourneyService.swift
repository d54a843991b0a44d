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

    /// Stage id → what customers said at its touchpoints in the period of `filter` (its dimensions other than
    /// the period are ignored: the stage's touchpoints are the filter), seen within `scope`.
    func measures(_ map: JourneyMap, period filter: DashboardFilter, scope: DataScope) async throws -> [String: StageMeasure] {
        let snapshot = catalog.snapshot
        let touchpoints = Set(map.stages.flatMap(\.touchpointIds).map(\.rawValue))
        guard !touchpoints.isEmpty else { return [:] }
        let period = DashboardFilter(from: filter.from, to: filter.to)
        var request = period.metricRequest(scope: scope, snapshot: snapshot)
        request.query.filters[.touchpoint] = touchpoints
        // Per touchpoint: answers and score counts of each metric (CSAT in its own request: surveys may
        // score it on different scales, and then it is left out rather than mixed).
        var answers: [Int64: Int] = [:]
        var counts: [MetricKind: [Int64: ScoreCounts]] = [:]
        for metric in [MetricKind.nps, .csat, .ces] {
            guard let report = try? metrics.report(resolved: request.with([metric], by: [.touchpoint])) else { continue }
            for group in report.groups {
                guard let touchpoint = group.values.first, let summary = group.summaries.first else { continue }
                counts[metric, default: [:]][touchpoint] = summary.scores
                answers[touchpoint] = max(answers[touchpoint] ?? 0, group.responses)
            }
        }
        var measures: [String: StageMeasure] = [:]
        for stage in map.stages where !stage.touchpointIds.isEmpty {
            let ids = stage.touchpointIds.map(\.rawValue)
            func summary(_ metric: MetricKind) -> MetricSummary? {
                let sum = ids.reduce(into: ScoreCounts()) { $0 += counts[metric]?[$1] ?? ScoreCounts() }
                return sum.n == 0 ? nil : MetricSummary(metric, counts: sum, minimumSample: minimumSample)
            }
            var comments = period.responseList(withComment: true, scope: scope, snapshot: snapshot, limit: 500)
            comments.filter.dimensions[.touchpoint] = Set(ids)
            let texts = try await responses.list(comments).compactMap(\.comment)
            measures[stage.id] = StageMeasure(
                responses: ids.reduce(0) { $0 + (answers[$1] ?? 0) }, nps: summary(.nps), csat: summary(.csat), ces: summary(.ces),
                answersByTouchpoint: Dictionary(stage.touchpointIds.map { ($0, answers[$0.rawValue] ?? 0) }, uniquingKeysWith: max),
                words: CommentWords.top(texts))
        }
        return measures
    }
}
