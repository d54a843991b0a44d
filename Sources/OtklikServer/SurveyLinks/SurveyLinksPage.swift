import Foundation
import OtklikCore

/// The links page (choose where the link will hang, get the link, its QR codes and a card to print) and
/// the A6 card itself.
enum SurveyLinksPage {
    static func render(
        _ page: PageContext, survey: Survey, context: SurveyLinkContext, absolute: String,
        options: FilterOptions
    ) -> HTML {
        let s = page.strings
        func select(_ name: String, _ label: TextKey, _ items: [(Int64, String)], _ selected: Int64?) -> HTML {
            Layout.select(
                id: "l-\(name)", name: name, label: s[label], options: items.map { (String($0.0), $0.1) },
                selected: selected.map(String.init), none: s[.none], strings: s)
        }
        let qrContext = context.with(source: .qr)
        return Layout.page(
            page, title: s[.linksTitle], tab: .surveys,
            body: """
                <section class="card"><h1>\(s[.linksTitle]): \(s.text(survey.title))</h1><p class="lead">\(s[.linksLead])</p>
                <form method="get" action="\(SiteURL.surveyLinks(survey.id))" class="filters">
                \(select("l", .filterLocation, options.locations, context.locationId?.rawValue))
                \(select("t", .filterTouchpoint, options.touchpoints, context.touchpointId?.rawValue))
                \(select("e", .filterEmployee, options.employees, context.employeeId?.rawValue))
                <div class="field"><label for="l-table">\(s[.linksTable])</label><input type="text" id="l-table" name="table" value="\(context.table ?? "")" maxlength="40"></div>
                <button type="submit" class="primary">\(s[.linksMake])</button></form></section>
                <section class="card"><h2>\(s[.linksLink])</h2>
                <p><a href="\(absolute)"><code>\(absolute.removingPercentEncoding ?? absolute)</code></a></p>
                \(survey.status == .live ? .empty : "<p class=\"error\">\(s[.linksNotLive])</p>" as HTML)
                <div class="qr"><img src="\(SiteURL.surveyQR(code: survey.code, context: qrContext, format: .svg))" alt="\(s[.linksQRAlt]) \(absolute)" width="240" height="240"></div>
                <p class="actions"><a href="\(SiteURL.surveyQR(code: survey.code, context: qrContext, format: .svg))" download="qr-\(survey.code).svg">\(s[.linksDownloadSVG])</a>
                <a href="\(SiteURL.surveyQR(code: survey.code, context: qrContext, format: .png))" download="qr-\(survey.code).png">\(s[.linksDownloadPNG])</a>
                <a href="\(SiteURL.surveyCard(survey.id, context: context))">\(s[.linksCard])</a></p></section>
                """)
    }

    /// An A6 card (105 × 148 mm): the business's name, a short call to action, the QR code and the link.
    static func card(_ page: PageContext, survey: Survey, link: String, qrSVG: HTML) -> HTML {
        let s = page.strings
        return """
            <!doctype html><html lang="\(page.locale.rawValue)"><head><meta charset="utf-8"><title>\(s[.linksCard]) · \(page.organisationName)</title>
            <style>
            @page{size:A6;margin:0}
            body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1d2b3a;background:#e9ecef}
            .card{width:105mm;height:148mm;margin:8mm auto;background:#fff;box-sizing:border-box;padding:9mm 8mm;display:flex;flex-direction:column;align-items:center;text-align:center;justify-content:space-between}
            .org{font-size:15pt;font-weight:700;letter-spacing:.02em}
            h1{font-size:17pt;margin:3mm 0 0;line-height:1.2}
            p{margin:2mm 0;font-size:10.5pt;color:#374151}
            .qr svg{width:62mm;height:62mm}
            .link{font-size:8pt;word-break:break-all;color:#4a5563}
            @media print{body{background:#fff}.card{margin:0}.noprint{display:none}}
            .noprint{text-align:center;font-size:10pt;margin:4mm}
            </style></head><body>
            <p class="noprint">\(s[.cardPrintHint])</p>
            <main class="card"><div><div class="org">\(page.organisationName)</div><h1>\(s[.cardCallToAction])</h1><p>\(s[.cardSubline])</p></div>
            <div class="qr">\(qrSVG)</div>
            <div><p>\(s.text(survey.title))</p><p class="link">\(link.removingPercentEncoding ?? link)</p></div></main>
            </body></html>
            """
    }
}
