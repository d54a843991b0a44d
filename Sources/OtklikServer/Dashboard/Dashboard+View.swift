import OtklikCore

/// The dashboard page, rendered only from its model. Every number links to the responses behind it;
/// every chart has a data table beside it and a CSV of that table.
enum DashboardView {
    static func render(_ page: PageContext, _ model: DashboardModel, snapshot: CatalogSnapshot) -> HTML {
        let s = page.strings
        return Layout.page(
            page, title: s[.dashboardTitle], tab: .dashboard,
            body: """
                \(ContactRequestsTile.render(page))
                \(FilterBar.render(page, model.filter, model.options, action: .dashboard()))
                \(FilterBar.scopeNote(page))
                <section class="tiles" aria-label="\(s[.dashboardTitle])">\(model.tiles.map { tile(page, $0, model.filter) })</section>
                \(model.responses == 0 ? "<p class=\"card\">\(s[.noData])</p>" as HTML : changes(page, model))
                <section class="card">\(trend(page, model))</section>
                <section class="card">\(heatmap(page, model))</section>
                <section class="card">\(ladder(page, model))</section>
                <section class="card">\(histogram(page, model))</section>
                <section class="card">\(pain(page, model))</section>
                \(model.byCustomers.isEmpty ? HTML.empty : "<section class=\"card\">\(customers(page, model))</section>")
                <section class="card">\(comments(page, model, snapshot: snapshot))</section>
                """)
    }

    // MARK: Tiles

    private static func tile(_ page: PageContext, _ tile: DashboardModel.Tile, _ filter: DashboardFilter) -> HTML {
        let s = page.strings
        let name: TextKey = tile.metric == .nps ? .metricNPS : tile.metric == .csat ? .metricCSAT : .metricCES
        let survey: HTML = tile.survey.map { " · \(s.text($0.title))" } ?? .empty
        guard let comparison = tile.comparison else {
            let reason = tile.unavailable.map { $0.code == "mixed_scales" ? s[.mixedScales] : s.problem($0) } ?? s[.noData]
            return "<article class=\"tile\"><h2>\(s[name])\(survey)</h2><p class=\"value\">—</p><p class=\"n\">\(reason)</p></article>"
        }
        let current = comparison.current
        let hint: TextKey =
            switch current.convention {
            case "nps": .tileNPSHint
            case "mean", "weights": .tileCSATMeanHint
            case "agree_5_7": .tileCESHint
            default: .tileCSATHint
            }
        var change: HTML = .empty
        if let text = MetricFormat.change(comparison, s), let difference = comparison.difference {
            // A change that rounds to zero on the page is shown as no change.
            let visible = text.contains { "123456789".contains($0) }
            let direction = !visible ? "flat" : difference > 0 ? "up" : "down"
            let arrow = !visible ? "■" : difference > 0 ? "▲" : "▼"
            // A significant move takes its direction's colour: a drop is red, whatever the word says.
            let badge: HTML =
                comparison.significant
                ? "<span class=\"badge sig \(direction)\">\(s[.significant])</span>" : "<span class=\"badge\">\(s[.notSignificant])</span>"
            change = "<p class=\"change \(direction)\">\(arrow) \(text) \(s[.vsPrevious]) \(badge)</p>"
        }
        return """
            <article class="tile"><h2>\(s[name])\(survey) <small>\(s[hint])</small></h2>
            <a class="value" href="\(SiteURL.responses(tile.survey.map { filter.replacing(.survey, with: $0.id.rawValue) } ?? filter))">\(MetricFormat.value(current, s))</a>
            <p class="interval">\(s[.interval]) \(MetricFormat.interval(current, s))</p>
            <p class="n">\(s.count(current.n, .answer))\(current.lowSample ? " · " as HTML : .empty)\(current.lowSample ? "<span class=\"badge\">\(s[.lowSample])</span>" as HTML : .empty)</p>
            \(change)</article>
            """
    }

    // MARK: What changed

    /// The significant moves against the previous period, largest first, each a link to its responses:
    /// the story a reader would otherwise have to find in the heat map.
    private static func changes(_ page: PageContext, _ model: DashboardModel) -> HTML {
        let s = page.strings
        let items = model.changes.map { change -> HTML in
            let up = change.difference > 0
            let kind: TextKey =
                switch change.dimension {
                case .location: .filterLocation
                case .employee: .filterEmployee
                default: .filterTouchpoint
                }
            let filter = model.filter.replacing(change.dimension, with: change.id)
            let comparison = change.comparison
            return """
                <li class="\(up ? "rise" : "fall")"><span class="arrow" aria-hidden="true">\(up ? "▲" : "▼")</span>
                <a href="\(SiteURL.responses(filter))">\(change.name)</a> <small>\(s[kind])</small>
                <span class="move">NPS \(MetricFormat.value(comparison.previous, s)) → <strong>\(MetricFormat.value(comparison.current, s))</strong>
                <b>\(MetricFormat.change(comparison, s) ?? "")</b> · <small>\(s.count(comparison.current.n, .answer))</small></span></li>
                """
        }
        return """
            <section class="card changes" aria-labelledby="changes-title"><h2 id="changes-title">\(s[.changesTitle])</h2>
            <p class="lead">\(s[.changesLead])</p>
            \(items.isEmpty ? "<p>\(s[.changesNone])</p>" as HTML : "<ul>\(items.joined())</ul>" as HTML)</section>
            """
    }

    // MARK: Charts, each with its table

    private static func weekRange(_ start: Int) -> (from: Int, to: Int) { (start, start + 6) }

    private static func trend(_ page: PageContext, _ model: DashboardModel) -> HTML {
        let s = page.strings
        let points = model.trend.map { week, summary in
            var filter = model.filter
            (filter.from, filter.to) = (max(week, model.filter.from ?? week), min(week + 6, model.filter.to ?? week + 6))
            return Charts.TrendPoint(
                label: s.shortDate(day: week), value: summary.value, low: summary.interval?.low, high: summary.interval?.high,
                link: SiteURL.responses(filter).path, lowSample: summary.lowSample,
                valueText: MetricFormat.value(summary, s) + " " + MetricFormat.interval(summary, s) + ", n = \(summary.n)")
        }
        // The axis fits the data (NPS rarely spans −100…100): whole tens around the intervals, a tick every 10 or 20.
        let lows = model.trend.compactMap { $0.summary.interval?.low ?? $0.summary.value }
        let highs = model.trend.compactMap { $0.summary.interval?.high ?? $0.summary.value }
        let bottom = max(-100, ((lows.min() ?? -10) / 10).rounded(.down) * 10 - 10)
        let top = min(100, ((highs.max() ?? 10) / 10).rounded(.up) * 10 + 10)
        let step = top - bottom > 80 ? 20.0 : 10.0
        let ticks = stride(from: (bottom / step).rounded(.up) * step, through: top, by: step)
            .map { (value: $0, label: s.decimal($0, digits: 0, signed: true)) }
        let rows = model.trend.map { week, summary -> HTML in
            "<tr><td>\(s.date(day: week))</td><td class=\"num\">\(MetricFormat.value(summary, s))</td><td class=\"num\">\(MetricFormat.interval(summary, s))</td><td class=\"num\">\(summary.n)</td></tr>"
        }
        return """
            <h2>\(s[.trendTitle])</h2>
            \(Charts.trend(id: "trend", title: s[.trendTitle], description: s[.trendDescription], points: points,
                           yDomain: bottom...top, yTicks: ticks))
            <p class="chart-note">\(s[.trendDescription])</p>
            \(table(page, caption: s[.trendTitle], header: [s[.columnWeek], s[.metricNPS], s[.interval], s[.columnN]], rows: rows,
                    csv: .metricsCSV(model.filter, metric: "nps", by: "week")))
            """
    }

    /// Rows a long list draws (a heat map of 200 touchpoints is read by nobody): the most painful first,
    /// with a note and the full table as CSV.
    static let rowsDrawn = 12
    static let rowsListed = 25
    /// Weeks the heat map draws: a quarter (a year of weeks is 53 columns nobody reads on a phone).
    static let weeksDrawn = 13

    /// "Showing the touchpoints with the most detractors: 12 of 200 · the full table (CSV)", or nothing.
    private static func shownNote(
        _ page: PageContext, _ what: TextKey = .rowsShownByPain, shown: Int, of total: Int, csv: SiteURL
    ) -> HTML {
        guard total > shown else { return .empty }
        let s = page.strings
        return
            "<p class=\"chart-note\">\(s[what]) \(s.integer(shown)) \(s[.rowsOutOf]) \(s.integer(total)) · <a href=\"\(csv)\" download>\(s[.fullTableCSV])</a></p>"
    }

    private static func heatmap(_ page: PageContext, _ model: DashboardModel) -> HTML {
        let s = page.strings
        var map = model.heatmap
        let total = map.touchpoints.count
        let weeks = map.weeks.count
        map.touchpoints = Array(map.touchpoints.prefix(rowsDrawn))
        map.weeks = Array(map.weeks.suffix(weeksDrawn))
        let csv = SiteURL.metricsCSV(model.filter, metric: "nps", by: "touchpoint,week")
        let rows = map.touchpoints.map { touchpoint in
            (
                label: touchpoint.name,
                link: Optional(SiteURL.responses(model.filter.replacing(.touchpoint, with: touchpoint.id.rawValue)).path)
            )
        }
        let cells: [[Charts.HeatCell?]] = map.touchpoints.map { touchpoint in
            map.weeks.map { week in
                guard let summary = map.cells[touchpoint.id]?[week], let value = summary.value else { return nil }
                var filter = model.filter.replacing(.touchpoint, with: touchpoint.id.rawValue)
                (filter.from, filter.to) = (max(week, model.filter.from ?? week), min(week + 6, model.filter.to ?? week + 6))
                return Charts.HeatCell(
                    value: value, text: MetricFormat.value(summary, s),
                    tooltip:
                        "\(touchpoint.name), \(s.date(day: week)): NPS \(MetricFormat.value(summary, s)) \(MetricFormat.interval(summary, s)), n = \(summary.n)",
                    link: SiteURL.responses(filter).path, lowSample: summary.lowSample)
            }
        }
        let tableRows = map.touchpoints.map { touchpoint -> HTML in
            let values = map.weeks.map { week -> HTML in
                "<td class=\"num\">\(MetricFormat.value(map.cells[touchpoint.id]?[week], s))</td>"
            }
            return "<tr><th scope=\"row\">\(touchpoint.name)</th>\(values)</tr>"
        }
        return """
            <h2>\(s[.heatmapTitle])</h2>
            \(Charts.heatmap(id: "heatmap", title: s[.heatmapTitle], description: s[.heatmapDescription], rows: rows,
                             columns: map.weeks.map { s.shortDate(day: $0) }, cells: cells))
            <p class="chart-note">\(s[.heatmapDescription])</p>\(shownNote(page, shown: map.touchpoints.count, of: total, csv: csv))\(shownNote(page, .weeksShownLatest, shown: map.weeks.count, of: weeks, csv: csv))
            \(table(page, caption: s[.heatmapTitle], header: [s[.filterTouchpoint]] + map.weeks.map { s.date(day: $0) }, rows: tableRows,
                    csv: csv))
            """
    }

    private static func ladder(_ page: PageContext, _ model: DashboardModel) -> HTML {
        let s = page.strings
        guard let ladder = model.ladder, ladder.n > 0 else {
            return "<h2>\(s[.metricLadder])</h2><p>\(s[.noData])</p>"
        }
        let parts: [(key: String, text: TextKey, tone: Charts.Tone, score: Int)] = [
            ("disappointed", .ladderDisappointedShort, .bad, 0), ("expected", .ladderExpectedShort, .neutral, 1),
            ("wow", .ladderWowShort, .good, 2),
        ]
        let shares = ladder.shares
        let segments = parts.map { part in
            let share = shares[part.key]?.percent ?? 0
            return (
                label: "\(s[part.text]) \(s.decimal(share, digits: 0))%", share: share / 100, tone: part.tone,
                link: Optional(SiteURL.responses(model.filter, bands: [ScoreBand(.ladder, part.score...part.score)]).path)
            )
        }
        let rows = parts.map { part -> HTML in
            let share = shares[part.key]
            return
                "<tr><td>\(s[part.text])</td><td class=\"num\">\(s.decimal(share?.percent ?? 0, digits: 1))%</td><td class=\"num\">\(share.map { "[\(s.decimal($0.interval.low, digits: 1)); \(s.decimal($0.interval.high, digits: 1))]" } ?? "")</td><td class=\"num\">\(ladder.counts[part.key] ?? 0)</td></tr>"
        }
        return """
            <h2>\(s[.metricLadder])</h2>
            \(Charts.stackedBar(id: "ladder", title: s[.metricLadder], description: s[.ladderDescription], segments: segments))
            \(table(page, caption: s[.metricLadder], header: [s[.metricLadder], "%", s[.interval], s[.columnN]], rows: rows,
                    csv: .metricsCSV(model.filter, metric: "ladder", by: "")))
            """
    }

    private static func histogram(_ page: PageContext, _ model: DashboardModel) -> HTML {
        let s = page.strings
        guard let nps = model.npsTotal, nps.n > 0 else { return "<h2>\(s[.histogramTitle])</h2><p>\(s[.noData])</p>" }
        let counts = nps.histogram
        let bars = counts.enumerated().map { score, count in
            (
                label: String(score), count: count, tone: MetricFormat.tone(MetricKind.nps.band(of: score)?.mood),
                link: Optional(SiteURL.responses(model.filter, bands: [ScoreBand(.nps, score...score)]).path), countText: s.integer(count)
            )
        }
        let rows = counts.enumerated().map { score, count -> HTML in
            "<tr><td>\(score)</td><td class=\"num\">\(count)</td></tr>"
        }
        return """
            <h2>\(s[.histogramTitle])</h2>
            \(Charts.histogram(id: "histogram", title: s[.histogramTitle], description: s[.histogramDescription], bars: bars))
            \(table(page, caption: s[.histogramTitle], header: [s[.columnScore], s[.columnN]], rows: rows,
                    csv: .metricsCSV(model.filter, metric: "nps", by: "")))
            """
    }

    private static func pain(_ page: PageContext, _ model: DashboardModel) -> HTML {
        let s = page.strings
        let top = model.pain.prefix(10)
        let bars = top.map { row in
            (
                label: row.name, value: Double(row.detractors), valueText: s.integer(row.detractors),
                link: Optional(
                    SiteURL.responses(
                        model.filter.replacing(.touchpoint, with: row.touchpoint.rawValue),
                        bands: [ScoreBand(.nps, MetricKind.Band.npsDetractors.range)]
                    ).path
                )
            )
        }
        let csv = SiteURL.metricsCSV(model.filter, metric: "nps", by: "touchpoint")
        let rows = model.pain.prefix(rowsListed).map { row -> HTML in
            let filter = model.filter.replacing(.touchpoint, with: row.touchpoint.rawValue)
            return """
                <tr><th scope="row"><a href="\(SiteURL.dashboard(filter))">\(row.name)</a></th>
                <td class="num"><a href="\(SiteURL.responses(filter, bands: [ScoreBand(.nps, MetricKind.Band.npsDetractors.range)]))">\(s.integer(row.detractors))</a></td>
                <td class="num"><a href="\(SiteURL.responses(filter))">\(MetricFormat.value(row.summary, s))</a>\(row.summary.lowSample ? " <span class=\"badge\">\(s[.lowSample])</span>" as HTML : .empty)</td>
                <td class="num">\(MetricFormat.interval(row.summary, s))</td><td class="num">\(s.integer(row.summary.n))</td></tr>
                """
        }
        return """
            <h2>\(s[.painTitle])</h2><p class="lead">\(s[.painDescription])</p>
            \(Charts.rankedBars(id: "pain", title: s[.painTitle], description: s[.painDescription], rows: Array(bars)))
            \(table(page, caption: s[.painTitle], header: [s[.filterTouchpoint], s[.columnDetractors], s[.metricNPS], s[.interval], s[.columnN]],
                    rows: Array(rows), csv: csv, open: true))\(shownNote(page, shown: rows.count, of: model.pain.count, csv: csv))
            """
    }

    /// NPS by the customers' loyalty step (up the ladder, then lapsed) and value class: each row opens the
    /// dashboard for those customers, its number their answers.
    private static func customers(_ page: PageContext, _ model: DashboardModel) -> HTML {
        let s = page.strings
        func table(_ dimension: ContextDimension, name: (Int64) -> String, header: String) -> HTML {
            let rows = model.byCustomers.filter { $0.dimension == dimension }.sorted { $0.value < $1.value }.map { row -> HTML in
                let filter = model.filter.replacing(dimension, with: row.value)
                return """
                    <tr><th scope="row"><a href="\(SiteURL.dashboard(filter))">\(name(row.value))</a></th>
                    <td class="num"><a href="\(SiteURL.responses(filter))">\(MetricFormat.value(row.summary, s))</a>\(row.summary.lowSample ? " <span class=\"badge\">\(s[.lowSample])</span>" as HTML : .empty)</td>
                    <td class="num">\(MetricFormat.interval(row.summary, s))</td><td class="num">\(s.integer(row.summary.n))</td></tr>
                    """
            }
            return Self.table(
                page, caption: "\(s[.customersTitle]): \(header)", header: [header, s[.metricNPS], s[.interval], s[.columnN]], rows: rows,
                csv: .metricsCSV(model.filter, metric: "nps", by: dimension.rawValue), open: true)
        }
        return """
            <h2>\(s[.customersTitle])</h2><p class="lead">\(s[.customersLead])</p>
            <div class="grid"><div>\(table(.loyaltyStep, name: { LoyaltyStep(code: $0).map(s.step) ?? "—" }, header: s[.customersStep]))</div>
            <div>\(table(.valueClass, name: { "\(s[.valueClass]) \(ABCClass(code: $0)?.rawValue ?? "—")" }, header: s[.valueClass]))</div></div>
            """
    }

    private static func comments(_ page: PageContext, _ model: DashboardModel, snapshot: CatalogSnapshot) -> HTML {
        let s = page.strings
        var listFilter = model.filter
        listFilter.search = nil
        let search: HTML = """
            <form method="get" action="\(SiteURL.dashboard())" class="filters" role="search">
            \(FilterBar.hiddenFields(listFilter))
            <div class="field"><label for="q">\(s[.filterSearch])</label><input type="search" id="q" name="q" value="\(model.filter.search ?? "")"></div>
            <button type="submit" class="secondary">\(s[.filterApply])</button></form>
            """
        let items = model.comments.map { ResponseViews.item(page, $0, snapshot: snapshot) }
        return """
            <h2>\(s[.commentsTitle])</h2>\(search)
            \(items.isEmpty ? "<p>\(s[.noComments])</p>" as HTML : items.joined())
            <p class="actions"><a href="\(SiteURL.responses(model.filter))">\(s[.allResponses]) →</a></p>
            """
    }

    /// A data table in a disclosure (open for tables that are the main content), with its CSV.
    static func table(_ page: PageContext, caption: String, header: [String], rows: [HTML], csv: SiteURL, open: Bool = false) -> HTML {
        let s = page.strings
        let head = header.enumerated().map { index, title -> HTML in
            "<th scope=\"col\"\(index > 0 ? " class=\"num\"" as HTML : .empty)>\(title)</th>"
        }
        return """
            <details\(open ? " open" as HTML : .empty)><summary>\(s[.tableData])</summary>
            <div class="table-wrap"><table><caption class="visually-hidden">\(caption)</caption><thead><tr>\(head)</tr></thead><tbody>\(rows)</tbody></table></div>
            </details><p class="actions"><a href="\(csv)" download>\(s[.exportCSV])</a></p>
            """
    }
}
