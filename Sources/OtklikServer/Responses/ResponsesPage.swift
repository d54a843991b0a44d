import OtklikCore

/// `/app/responses`: the answers behind a number, newest first, fifty a page, with the same filters as
/// the dashboard plus score bands (`nps=0..6`, all of them at once; the menu picks one), and the CSV of
/// everything selected.
enum ResponsesPage {
    static func render(
        _ page: PageContext, filter: DashboardFilter, bands selected: [ScoreBand], responses: [Response],
        nextCursor: Response.ID?, options: FilterOptions, snapshot: CatalogSnapshot,
        contacts: [Response.ID: ContactRequest.Status] = [:]
    ) -> HTML {
        let s = page.strings
        var bands = ScoreBand.presets.map { (value: $0.band.code, title: "\(MetricFormat.name($0.band.metric, s)): \(s[$0.name])") }
        for band in selected where !bands.contains(where: { $0.value == band.code }) {
            bands.append((band.code, "\(MetricFormat.name(band.metric, s)) \(band.range.lowerBound)–\(band.range.upperBound)"))
        }
        let bandFields = Layout.select(
            id: "f-band", name: "band", label: s[.filterBand], options: bands, selected: selected.first?.code,
            none: s[.all], strings: s)
        let search: HTML = """
            <div class="field"><label for="f-q">\(s[.filterSearch])</label><input type="search" id="f-q" name="q" value="\(filter.search ?? "")"></div>\(bandFields)
            """
        let bandNote: HTML =
            selected.isEmpty
            ? .empty
            : "<p class=\"notice\">\(s[.responsesBand]): \(selected.map { "\(MetricFormat.name($0.metric, s)) \($0.range.lowerBound)–\($0.range.upperBound)" }.joined(separator: ", ")) · <a href=\"\(SiteURL.responses(filter))\">\(s[.filterReset])</a></p>"
        var next: HTML = .empty
        if let nextCursor {
            next =
                "<a href=\"\(SiteURL.responses(filter, bands: selected).path + (filter.queryItems.isEmpty && selected.isEmpty ? "?" : "&") + "cursor=\(nextCursor.rawValue)")\">\(s[.nextPage]) →</a>"
        }
        let first: HTML =
            page.currentQuery["cursor"] != nil
            ? "<a href=\"\(SiteURL.responses(filter, bands: selected))\">← \(s[.firstPage])</a>" : "<span></span>"
        return Layout.page(
            page, title: s[.responsesTitle], tab: .responses,
            body: """
                \(FilterBar.render(page, filter, options, action: .responses(filter, bands: selected), extra: search))
                \(FilterBar.scopeNote(page))
                <section class="card"><h1>\(s[.responsesTitle])</h1>\(bandNote)
                <p class="actions"><a href="\(SiteURL.responsesCSV(filter, bands: selected))" download>\(s[.exportCSV])</a></p>
                \(responses.isEmpty ? "<p>\(s[.noResponses])</p>" as HTML : responses.map { ResponseViews.item(page, $0, snapshot: snapshot, contact: contacts[$0.id]) }.joined())
                <nav class="pager">\(first)\(next)</nav></section>
                """)
    }
}
