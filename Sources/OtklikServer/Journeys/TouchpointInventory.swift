import Foundation
import OtklikCore

/// `/app/touchpoints`: every touchpoint by journey stage × channel with its depth, owner, answers, NPS and the
/// emotion its scores suggest, for a period and within the reader's scope; then the stages and touchpoints that
/// hurt most (lowest NPS with enough answers). The full table is the dashboard's CSV of NPS by touchpoint.
enum TouchpointInventory {
    struct Row {
        var touchpoint: Touchpoint
        var nps: MetricSummary?
    }

    struct Model {
        var period: DashboardFilter
        var rows: [Row]
        var stages: [(stage: JourneyStage, nps: MetricSummary?)]
        var channels: [Channel]
        var owners: [Employee.ID: String]
        var minimumSample: Int
    }

    /// The model from NPS by touchpoint and by stage over the period, within `scope` (from the index alone:
    /// the period has no comment search).
    static func model(
        period: DashboardFilter, scope: DataScope, metrics: MetricsService, snapshot: CatalogSnapshot, minimumSample: Int
    ) throws -> Model {
        let request = DashboardFilter(from: period.from, to: period.to).metricRequest(scope: scope, snapshot: snapshot)
        let touchpoints = try metrics.report(resolved: request.with([.nps], by: [.touchpoint]))
        let stages = try metrics.report(resolved: request.with([.nps], by: [.stage]))
        return model(period: period, touchpoints: touchpoints, stages: stages, snapshot: snapshot, minimumSample: minimumSample)
    }

    private static func model(
        period: DashboardFilter, touchpoints: MetricReport, stages: MetricReport, snapshot: CatalogSnapshot, minimumSample: Int
    ) -> Model {
        var byTouchpoint: [Int64: MetricSummary] = [:]
        for group in touchpoints.groups {
            if let id = group.values.first, let summary = group.summaries.first { byTouchpoint[id] = summary }
        }
        var byStage: [String: MetricSummary] = [:]
        for group in stages.groups {
            if let stage = group.stage, let summary = group.summaries.first { byStage[stage] = summary }
        }
        return Model(
            period: period,
            rows: snapshot.touchpoints.values.sorted { $0.id < $1.id }.map { Row(touchpoint: $0, nps: byTouchpoint[$0.id.rawValue]) },
            stages: JourneyStage.allCases.map { ($0, byStage[$0.rawValue]) },
            channels: snapshot.channels.values.sorted { $0.id < $1.id },
            owners: snapshot.employees.mapValues(\.name), minimumSample: minimumSample)
    }

    static func render(_ page: PageContext, _ model: Model) -> HTML {
        let s = page.strings
        let used = model.channels.filter { channel in model.rows.contains { $0.touchpoint.channelId == channel.id } }
        let noChannel = model.rows.contains { $0.touchpoint.channelId == nil }
        let columns: [(id: Channel.ID?, title: String)] = used.map { ($0.id, s.text($0.name)) } + (noChannel ? [(nil, "—")] : [])
        let head = columns.map { "<th scope=\"col\">\($0.title)</th>" as HTML }.joined()
        let body = model.stages.map { stage, nps -> HTML in
            let cells = columns.map { column -> HTML in
                let here = model.rows.filter { $0.touchpoint.stage == stage && $0.touchpoint.channelId == column.id }
                return here.isEmpty ? "<td class=\"muted\">—</td>" : "<td><ul>\(here.map { item(page, model, $0) }.joined())</ul></td>"
            }.joined()
            return """
                <tr><th scope="row">\(s.stage(stage))<br><small>NPS \(MetricFormat.value(nps, s)) · n=\(nps?.n ?? 0)</small></th>\(cells)</tr>
                """
        }.joined()
        func hurting<T>(_ items: [T], _ summary: (T) -> MetricSummary?) -> [T] {
            items.filter { (summary($0)?.n ?? 0) >= model.minimumSample && summary($0)?.value != nil }
                .sorted { summary($0)!.value! < summary($1)!.value! }
        }
        let worstStages = hurting(model.stages, \.nps).prefix(3).map { stage, nps -> HTML in
            "<li><strong>\(s.stage(stage))</strong>: NPS \(MetricFormat.value(nps, s)) <small>n=\(nps?.n ?? 0)</small></li>"
        }.joined()
        let worstTouchpoints = hurting(model.rows, \.nps).prefix(10).map { row -> HTML in
            "<li><strong>\(row.touchpoint.name)</strong> (\(s.stage(row.touchpoint.stage))): NPS \(MetricFormat.value(row.nps, s)) <small>n=\(row.nps?.n ?? 0)</small></li>"
        }.joined()
        let csv = SiteURL.metricsCSV(DashboardFilter(from: model.period.from, to: model.period.to), metric: "nps", by: "touchpoint")
        return Layout.page(
            page, title: s[.inventoryTitle], tab: .journeys,
            body: """
                <section class="card"><p><a href="\(SiteURL.journeys)">← \(s[.journeysTitle])</a></p><h1>\(s[.inventoryTitle])</h1>
                <p class="lead">\(s[.inventoryLead])</p>
                \(JourneyPage.periodForm(page, action: .touchpointInventory(.init()), model.period))
                <p><a href="\(csv)">\(s[.inventoryCSV])</a></p></section>
                <section class="card"><h2>\(s[.inventoryHurts])</h2><div class="grid">
                <div><h3>\(s[.journeyStages])</h3>\(worstStages.isEmpty ? "<p class=\"muted\">\(s[.inventoryTooFew])</p>" as HTML : "<ol>\(worstStages)</ol>")</div>
                <div><h3>\(s[.laneTouchpoints])</h3>\(worstTouchpoints.isEmpty ? "<p class=\"muted\">\(s[.inventoryTooFew])</p>" as HTML : "<ol>\(worstTouchpoints)</ol>")</div>
                </div></section>
                <section class="card"><h2>\(s[.inventoryMatrix])</h2><div class="journey-grid scroll">
                <table class="journey inventory"><thead><tr><td></td>\(head)</tr></thead><tbody>\(body)</tbody></table></div></section>
                """)
    }

    private static func item(_ page: PageContext, _ model: Model, _ row: Row) -> HTML {
        let s = page.strings
        let touchpoint = row.touchpoint
        let emotion = StageMeasure.emotion(nps: row.nps, csat: nil, minimumSample: model.minimumSample)
        let depth: HTML = touchpoint.depth.map { "<span class=\"badge\">\(s.depth($0))</span>" } ?? .empty
        let owner = touchpoint.ownerId.flatMap { model.owners[$0] }
        let link = SiteURL.dashboard(DashboardFilter(from: model.period.from, to: model.period.to, touchpoint: touchpoint.id.rawValue))
        return """
            <li><a href="\(link)">\(touchpoint.name)</a> \(depth)<br><small>NPS <strong>\(MetricFormat.value(row.nps, s))</strong> · n=\(row.nps?.n ?? 0)\
            \(emotion.map { " · \(s[.emotionMeasured]): \(s.emotion($0))" } ?? "")\(owner.map { " · \($0)" } ?? "")</small></li>
            """
    }
}
