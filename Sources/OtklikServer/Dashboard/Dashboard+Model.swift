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
    /// NPS of the period's answers by their customers' loyalty step and value class as they are now (for
    /// those who may see customers' value, once customers have orders); empty otherwise.
    var byCustomers: [CustomerGroup] = []
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

    struct CustomerGroup: Sendable {
        /// `.loyaltyStep` or `.valueClass`.
        var dimension: ContextDimension
        /// The step's or class's code.
        var value: Int64
        var summary: MetricSummary
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

        // Few scans, each answering several panels (at 10M responses a scan of a year costs milliseconds):
        // 1. the period's NPS, CES and ladder in all (a scan that adds whole blocks' counts when nothing
        //    filters) — totals and tiles;
        // 2. the period's NPS by touchpoint and week — trend, heat map, pain;
        // 3. the previous period of the same length by touchpoint — the tiles' and touchpoints' changes;
        // 4. NPS by location and employee, compared with the previous period — their changes;
        // 5. CSAT on its own (two scans), as its surveys may score it on different scales.
        let sample = metrics.minimumSample
        func summary(_ metric: MetricKind, _ counts: ScoreCounts) -> MetricSummary {
            MetricSummary(metric, counts: counts, minimumSample: sample)
        }
        let totals = report(base.with([.nps, .ces, .ladder]))
        let current = report(base.with([.nps], by: [.touchpoint], bucket: .week))
        let previous = base.previousPeriod.flatMap { report($0.with([.nps, .ces], by: [.touchpoint])) }

        var tiles: [Tile] = []
        for metric in [MetricKind.nps, .csat, .ces] {
            if metric != .csat {
                // No response in the period: no number (as a report without groups says).
                guard let now = totals?.total[metric.rawValue], totals?.responses ?? 0 > 0 else {
                    tiles.append(Tile(metric: metric))
                    continue
                }
                let before = previous?.total[metric.rawValue] ?? summary(metric, ScoreCounts())
                tiles.append(Tile(metric: metric, comparison: MetricComparison(current: now, previous: before)))
                continue
            }
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

        // NPS by week, by touchpoint, and by both, from the one scan.
        var byWeek: [Int: ScoreCounts] = [:]
        var byTouchpoint: [Int64: ScoreCounts] = [:]
        var heatmap = Heatmap(touchpoints: [], weeks: [], cells: [:])
        for group in current?.groups ?? [] {
            guard let week = group.bucketStart, let touchpoint = group.values.first, let nps = group.summaries.first else { continue }
            byWeek[week, default: ScoreCounts()] += nps.scores
            guard touchpoint != 0 else { continue }
            byTouchpoint[touchpoint, default: ScoreCounts()] += nps.scores
            heatmap.cells[Touchpoint.ID(touchpoint), default: [:]][week] = nps
        }
        let trend = byWeek.keys.sorted().map { (weekStart: $0, summary: summary(.nps, byWeek[$0]!)) }
        heatmap.weeks = trend.map(\.weekStart)

        var pain: [(Touchpoint.ID, String, MetricSummary, Int)] = byTouchpoint.map { value, counts in
            let id = Touchpoint.ID(value)
            let nps = summary(.nps, counts)
            return (id, snapshot.touchpoints[id]?.name ?? "#\(value)", nps, nps.counts["detractors"] ?? 0)
        }
        pain.sort { $0.3 != $1.3 ? $0.3 > $1.3 : $0.1 < $1.1 }
        heatmap.touchpoints = pain.map { ($0.0, $0.1) }

        // What changed: touchpoints from scans 1 and 2; locations and employees from scan 3.
        var before: [ContextDimension: [Int64: ScoreCounts]] = [.touchpoint: [:], .location: [:], .employee: [:]]
        var after: [ContextDimension: [Int64: ScoreCounts]] = [.touchpoint: byTouchpoint, .location: [:], .employee: [:]]
        for group in previous?.groups ?? [] {
            guard let touchpoint = group.values.first, touchpoint != 0, let nps = group.summaries.first else { continue }
            before[.touchpoint]![touchpoint] = nps.scores
        }
        for group in report(base.with([.nps], by: [.location, .employee], comparePrevious: true))?.groups ?? [] {
            guard let comparison = group.comparisons?.first else { continue }
            for (dimension, value) in zip([ContextDimension.location, .employee], group.values) where value != 0 {
                after[dimension]![value, default: ScoreCounts()] += comparison.current.scores
                before[dimension]![value, default: ScoreCounts()] += comparison.previous.scores
            }
        }
        var changes: [Change] = []
        for dimension in [ContextDimension.touchpoint, .location, .employee] {
            for (value, counts) in after[dimension]! {
                let comparison = MetricComparison(
                    current: summary(.nps, counts), previous: summary(.nps, before[dimension]![value] ?? ScoreCounts()))
                guard comparison.significant, comparison.difference != nil else { continue }
                changes.append(
                    Change(
                        dimension: dimension, id: value, name: snapshot.name(of: dimension, value, locale: strings.locale) ?? "#\(value)",
                        comparison: comparison))
            }
        }
        changes.sort { abs($0.difference) != abs($1.difference) ? abs($0.difference) > abs($1.difference) : $0.name < $1.name }

        let comments = try await responses.list(
            filter.responseList(withComment: true, scope: scope, snapshot: snapshot, limit: 8))

        // 6. NPS by who the customers are now, over labels the value analysis keeps: one scan by step × class,
        //    each answer in one cell, added up per step and per class.
        var byCustomers: [CustomerGroup] = []
        let customerDimensions = [ContextDimension.loyaltyStep, .valueClass]
        if user.role.allows(.readCustomerValue), let labels = try? await metrics.labels(for: customerDimensions),
            labels.values.contains(where: { !$0.responseIDs.isEmpty })
        {
            var labelled = base
            labelled.query.labels.merge(labels) { kept, _ in kept }
            var counts: [ContextDimension: [Int64: ScoreCounts]] = [:]
            for group in report(labelled.with([.nps], by: customerDimensions))?.groups ?? [] {
                guard let nps = group.summaries.first else { continue }
                for (dimension, value) in zip(customerDimensions, group.values) where value != 0 {
                    counts[dimension, default: [:]][value, default: ScoreCounts()] += nps.scores
                }
            }
            for dimension in customerDimensions {
                for (value, scores) in counts[dimension] ?? [:] {
                    byCustomers.append(CustomerGroup(dimension: dimension, value: value, summary: summary(.nps, scores)))
                }
            }
        }

        return DashboardModel(
            filter: filter,
            options: FilterOptions(
                snapshot, scope: scope, strings: strings, tags: metrics.index.tags,
                customerValue: !byCustomers.isEmpty || filter.seesCustomers, customerKey: try await responses.customerKey(filter.customer)),
            tiles: tiles,
            changes: Array(changes.prefix(changesShown)), trend: trend,
            heatmap: heatmap, ladder: totals?.total["ladder"], npsTotal: totals?.total["nps"],
            pain: pain.map { (touchpoint: $0.0, name: $0.1, summary: $0.2, detractors: $0.3) },
            comments: comments, byCustomers: byCustomers, responses: totals?.responses ?? 0, minimumSample: sample)
    }
}
