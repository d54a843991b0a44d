import Foundation
import OtklikCore
import OtklikStore

/// Everything the dashboard shows, gathered from the metrics service (the analytics index — no
/// database scan) and, for the latest comments, one indexed query. No HTML here: `Dashboard+View` renders it.
struct DashboardModel: Sendable {
    var filter: DashboardFilter
    var options: FilterOptions
    /// NPS, CSAT, CES over the period, each compared with the previous period of the same length.
    var tiles: [Tile]
    /// What changed: the touchpoints, locations and employees whose NPS moved significantly against the
    /// previous period of the same length, largest move first.
    var changes: [Change]
    /// NPS per ISO week of the period.
    var trend: [(weekStart: Int, summary: MetricSummary)]
    /// NPS per touchpoint and week.
    var heatmap: Heatmap
    var ladder: MetricSummary?
    var npsTotal: MetricSummary?
    /// Touchpoints by pain: detractors (share × volume), most first.
    var pain: [(touchpoint: Touchpoint.ID, name: String, summary: MetricSummary, detractors: Int)]
    var comments: [Response]
    var responses: Int
    var minimumSample: Int

    struct Tile: Sendable {
        var metric: MetricKind
        var comparison: MetricComparison?
        /// Why the tile has no number.
        var unavailable: FieldProblem?
        /// The one survey the tile is about, when the surveys in scope score it differently (CSAT on a
        /// five-point scale in one, three options in another cannot be averaged).
        var survey: Survey?
    }

    struct Change: Sendable {
        var dimension: ContextDimension
        var id: Int64
        var name: String
        var comparison: MetricComparison
        /// The signed move (current − previous), present for every change listed.
        var difference: Double { comparison.difference ?? 0 }
    }

    /// How many moves the panel lists: a summary to act on, not another table.
    static let changesShown = 8

    struct Heatmap: Sendable {
        var touchpoints: [(id: Touchpoint.ID, name: String)]
        var weeks: [Int]
        var cells: [Touchpoint.ID: [Int: MetricSummary]]
    }

    static func build(
        filter requested: DashboardFilter, user: User, metrics: MetricsService, responses: ResponseService, strings: Strings,
        today: Int
    ) async throws -> DashboardModel {
        let snapshot = metrics.catalog.snapshot
        let scope = user.scope
        let filter = requested.withDefaultPeriod(today: today)
        // The comment search narrows every number on the page, not only the comments panel: resolved once.
        let base = try await metrics.resolvingSearch(filter.metricRequest(scope: scope, snapshot: snapshot))

        func report(_ request: MetricRequest) -> MetricReport? {
            try? metrics.report(resolved: request)
        }

        var tiles: [Tile] = []
        for metric in [MetricKind.nps, .csat, .ces] {
            let request = base.with([metric], comparePrevious: true)
            do {
                let report = try metrics.report(resolved: request)
                tiles.append(Tile(metric: metric, comparison: report.groups.first?.comparisons?.first))
            } catch {
                guard case .invalid(let problem) = error else { continue }
                // Mixed scales: show the survey with the most answers of this metric, and say which.
                let candidates = snapshot.surveys.values.filter { $0.indexedQuestion(for: metric) != nil }.compactMap { survey in
                    var single = request
                    single.query.filters[.survey] = [survey.id.rawValue]
                    return report(single).map { (survey, $0) }
                }
                if problem.code == "mixed_scales",
                    let (survey, single) = candidates.max(by: {
                        ($0.1.groups.first?.summaries.first?.n ?? 0) < ($1.1.groups.first?.summaries.first?.n ?? 0)
                    })
                {
                    tiles.append(Tile(metric: metric, comparison: single.groups.first?.comparisons?.first, survey: survey))
                } else {
                    tiles.append(Tile(metric: metric, unavailable: problem))
                }
            }
        }

        let trendReport = report(base.with([.nps], bucket: .week))
        let trend: [(weekStart: Int, summary: MetricSummary)] =
            trendReport?.groups.compactMap { group in
                group.bucketStart.map { (weekStart: $0, summary: group.summaries.first!) }
            } ?? []

        var heatmap = Heatmap(touchpoints: [], weeks: trend.map(\.weekStart), cells: [:])
        if let cells = report(base.with([.nps], by: [.touchpoint], bucket: .week)) {
            for group in cells.groups {
                guard let week = group.bucketStart, let value = group.values.first, value != 0 else { continue }
                heatmap.cells[Touchpoint.ID(value), default: [:]][week] = group.summaries.first!
            }
        }

        let byTouchpoint = report(base.with([.nps], by: [.touchpoint]))?.groups ?? []
        var pain: [(Touchpoint.ID, String, MetricSummary, Int)] = byTouchpoint.compactMap { group in
            guard let value = group.values.first, value != 0, let summary = group.summaries.first else { return nil }
            let id = Touchpoint.ID(value)
            return (id, snapshot.touchpoints[id]?.name ?? "#\(value)", summary, summary.counts["detractors"] ?? 0)
        }
        pain.sort { $0.3 != $1.3 ? $0.3 > $1.3 : $0.1 < $1.1 }
        heatmap.touchpoints = pain.map { ($0.0, $0.1) }

        var changes: [Change] = []
        for dimension in [ContextDimension.touchpoint, .location, .employee] {
            for group in report(base.with([.nps], by: [dimension], comparePrevious: true))?.groups ?? [] {
                guard let value = group.values.first, value != 0, let comparison = group.comparisons?.first,
                    comparison.significant, comparison.difference != nil
                else { continue }
                changes.append(
                    Change(
                        dimension: dimension, id: value, name: snapshot.name(of: dimension, value, locale: strings.locale) ?? "#\(value)",
                        comparison: comparison))
            }
        }
        changes.sort { abs($0.difference) > abs($1.difference) }

        let totals = report(base.with([.nps, .ladder]))
        let comments = try await responses.list(
            filter.responseList(withComment: true, scope: scope, snapshot: snapshot, limit: 8))

        return DashboardModel(
            filter: filter, options: FilterOptions(snapshot, scope: scope, strings: strings), tiles: tiles,
            changes: Array(changes.prefix(changesShown)), trend: trend,
            heatmap: heatmap, ladder: totals?.total["ladder"], npsTotal: totals?.total["nps"],
            pain: pain.map { (touchpoint: $0.0, name: $0.1, summary: $0.2, detractors: $0.3) },
            comments: comments, responses: totals?.responses ?? 0, minimumSample: metrics.minimumSample)
    }
}
