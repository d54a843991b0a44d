import Foundation
import OtklikCore

/// `/app/contacts`: customers who asked to be contacted, newest first (or lowest score first), each with
/// the response's scores and comment, the contact, the consent, and the buttons that move it along.
enum ContactsPage {
    struct Item {
        var request: ContactRequest
        var response: Response
        var score: Score?
    }

    /// The response's lowest score, as the question's kind and on a 0…1 scale for sorting.
    struct Score {
        var metric: MetricKind
        var value: Int
        var normalised: Double
    }

    static func lowestScore(_ response: Response, snapshot: CatalogSnapshot) -> Score? {
        let questions = snapshot.surveys[response.surveyId]?.questions ?? []
        return questions.compactMap { question -> Score? in
            guard let metric = question.kind.metric, let range = question.scoreRange,
                let value = response.answers[question.id]?.score, range.upperBound > range.lowerBound
            else { return nil }
            let normalised = Double(value - range.lowerBound) / Double(range.upperBound - range.lowerBound)
            return Score(metric: metric, value: value, normalised: normalised)
        }.min { $0.normalised < $1.normalised }
    }

    static func render(
        _ page: PageContext, items: [Item], status: ContactRequest.Status?, byScore: Bool,
        snapshot: CatalogSnapshot
    ) -> HTML {
        let s = page.strings
        let sort = byScore ? "score" : nil
        let statusLinks = ([nil] + ContactRequest.Status.allCases.map(Optional.some)).map { option -> HTML in
            let title = option.map { statusName(s, $0) } ?? s[.contactsAll]
            return option == status
                ? "<a aria-current=\"page\" href=\"\(SiteURL.contacts(status: option, sort: sort))\">\(title)</a>"
                : "<a href=\"\(SiteURL.contacts(status: option, sort: sort))\">\(title)</a>"
        }.joined()
        let sortLinks: HTML = """
            \(byScore ? "<a href=\"\(SiteURL.contacts(status: status))\">\(s[.contactsSortNewest])</a>" as HTML : "<a aria-current=\"page\" href=\"\(SiteURL.contacts(status: status))\">\(s[.contactsSortNewest])</a>")
            \(byScore ? "<a aria-current=\"page\" href=\"\(SiteURL.contacts(status: status, sort: "score"))\">\(s[.contactsSortScore])</a>" as HTML : "<a href=\"\(SiteURL.contacts(status: status, sort: "score"))\">\(s[.contactsSortScore])</a>")
            """
        let changed =
            page.currentQuery["changed"] != nil
            ? "<p class=\"notice\" role=\"status\">\(page.strings[.contactChanged])</p>" as HTML : .empty
        return Layout.page(
            page, title: s[.contactsTitle], tab: .contacts,
            body: """
                \(FilterBar.scopeNote(page))
                <section class="card"><h1>\(s[.contactsTitle])</h1><p class="lead">\(s[.contactsLead])</p>\(changed)
                <nav class="segmented" aria-label="\(s[.contactsStatusFilter])"><span>\(s[.contactsStatusFilter])</span><div>\(statusLinks)</div></nav>
                <nav class="segmented" aria-label="\(s[.contactsSort])"><span>\(s[.contactsSort])</span><div>\(sortLinks)</div></nav></section>
                \(items.isEmpty ? "<section class=\"card\"><p>\(s[.contactsEmpty])</p></section>" as HTML
                : "<ol class=\"requests\">\(items.map { item(page, $0, listStatus: status, snapshot: snapshot) })</ol>")
                """)
    }

    static func item(_ page: PageContext, _ item: Item, listStatus: ContactRequest.Status?, snapshot: CatalogSnapshot) -> HTML {
        let s = page.strings
        let request = item.request
        let response = item.response
        let survey = snapshot.surveys[response.surveyId]
        let score = ResponseViews.scoreBadges(page, response, survey: survey)
        let place = [
            response.context.locationId.flatMap { snapshot.locations[$0]?.name },
            response.context.touchpointId.flatMap { snapshot.touchpoints[$0]?.name },
            response.context.employeeId.flatMap { snapshot.employees[$0]?.name },
        ].compactMap { $0 }.joined(separator: " · ")
        return """
            <li class="card request \(request.status.rawValue)" id="request-\(request.id.rawValue)">
            <p class="request-head">\(statusBadge(s, request.status)) \(score)
            <time datetime="\(JSONCoding.formatDate(request.createdAt))">\(s.dateTime(request.createdAt, timeZone: page.timeZone))</time></p>
            \(contact(page, request))
            \(response.comment.map { "<blockquote>\($0)</blockquote>" as HTML })
            <p class="meta">\(survey.map { s.text($0.title) } ?? "")\(place.isEmpty ? "" : " · ")\(place)</p>
            <p class="meta">\(s[.detailConsents]): \(s[.consentPurposeContact]) · \(s[.consentVersion]) \(request.consent.version) · \(s.dateTime(request.consent.givenAt, timeZone: page.timeZone))</p>
            <div class="request-actions"><a href="\(SiteURL.response(response.id))">\(s[.detailOpen]) →</a>
            \(statusForm(page, request, back: "list", listStatus: listStatus, note: false))</div></li>
            """
    }

    /// The customer's name and contact, as links that call or write.
    static func contact(_ page: PageContext, _ request: ContactRequest) -> HTML {
        let s = page.strings
        if request.erasedAt != nil { return "<p class=\"meta\">\(s[.contactErased])</p>" }
        guard let contact = request.contact else { return .empty }
        let link: HTML =
            request.contactKind == .email
            ? "<a href=\"mailto:\(contact)\" title=\"\(s[.contactWrite])\">\(contact)</a>"
            : "<a href=\"tel:\(contact.filter { $0.isNumber || $0 == "+" })\" title=\"\(s[.contactCall])\">\(contact)</a>"
        return "<p class=\"who\"><strong>\(request.name ?? "—")</strong> · \(link)</p>"
    }

    /// The buttons that move a request to each status it may go to next, with an optional note.
    static func statusForm(
        _ page: PageContext, _ request: ContactRequest, back: String, listStatus: ContactRequest.Status? = nil,
        note: Bool
    ) -> HTML {
        let s = page.strings
        guard page.user?.role.allows(.callCustomers) == true else { return .empty }
        let buttons = request.status.next.map { next -> HTML in
            let label: TextKey =
                switch (request.status, next) {
                case (.resolved, _): .contactReopen
                case (_, .contacted): .contactMarkContacted
                case (_, .resolved): .contactMarkResolved
                case (_, .new): .contactReopen
                }
            // The step forward is the main button; reopening is not.
            let main = next == request.status.next.first && request.status != .resolved
            return
                "<button type=\"submit\" name=\"status\" value=\"\(next.rawValue)\" class=\"\(main ? "primary" : "secondary")\">\(s[label])</button>"
        }.joined()
        let noteField: HTML =
            note
            ? """
            <div class="field"><label for="note-\(request.id.rawValue)">\(s[.contactNote])</label><textarea id="note-\(request.id.rawValue)" name="note" maxlength="\(ContactRequest.maxNoteLength)" rows="2"></textarea></div>
            """ : .empty
        return """
            <form method="post" action="\(SiteURL.contactStatus(request.id))" class="status-form">\(Layout.csrfField(page))
            <input type="hidden" name="back" value="\(back)">\(listStatus.map { "<input type=\"hidden\" name=\"list_status\" value=\"\($0.rawValue)\">" as HTML })
            \(noteField)<div class="status-buttons">\(buttons)</div></form>
            """
    }

    static func statusName(_ s: Strings, _ status: ContactRequest.Status) -> String {
        switch status {
        case .new: return s[.contactStatusNew]
        case .contacted: return s[.contactStatusContacted]
        case .resolved: return s[.contactStatusResolved]
        }
    }

    static func statusBadge(_ s: Strings, _ status: ContactRequest.Status) -> HTML {
        "<span class=\"status status-\(status.rawValue)\">\(statusName(s, status))</span>"
    }

    /// The count beside «Связаться» in the navigation.
    static func badge(_ page: PageContext) -> HTML {
        guard let open = page.openContactRequests, open > 0 else { return .empty }
        return
            " <span class=\"count\" aria-label=\"\(page.strings[.contactsOpenCount]): \(open)\">\(open > 99 ? "99+" : String(open))</span>"
    }

    /// The flag on a response that asks to be contacted (lists, the response page).
    static func flag(_ page: PageContext, _ status: ContactRequest.Status?) -> HTML {
        guard let status else { return .empty }
        return
            "<span class=\"flag status-\(status.rawValue)\">☎ \(page.strings[.contactsFlag]) · \(statusName(page.strings, status))</span>"
    }
}

extension Stylesheet {
    /// Contact requests and the response page.
    static let contacts = """
        .count{display:inline-block;min-width:1.3rem;margin-left:.3rem;padding:0 .35rem;border-radius:999px;background:#c62828;color:#fff;font-size:.78rem;font-weight:700;text-align:center;line-height:1.3rem}
        .requests{list-style:none;margin:0;padding:0}
        .segmented{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem .8rem;margin:.6rem 0 0}
        .segmented>span{color:#4a5563;font-size:.9rem;min-width:5.5rem}
        .segmented div{display:flex;flex-wrap:wrap;gap:.4rem}
        .segmented a{display:inline-block;padding:.35rem .8rem;border:1px solid #8a94a0;border-radius:999px;text-decoration:none;color:#1f2933;background:#fff;font-size:.92rem}
        .segmented a[aria-current]{background:#1f6f5c;border-color:#1f6f5c;color:#fff;font-weight:600}
        .request{border-left:4px solid #c62828}.request.contacted{border-left-color:#a86b00}.request.resolved{border-left-color:#2e7d4f}
        .request-head{display:flex;flex-wrap:wrap;gap:.4rem .6rem;align-items:center;margin:0 0 .4rem}
        .request-head time{color:#4a5563;font-size:.9rem}
        .request .who{font-size:1.05rem;margin:.3rem 0;overflow-wrap:anywhere}
        .request blockquote,.response-comment{margin:.5rem 0;padding:.4rem .8rem;background:#f8f9fa;border-radius:6px;overflow-wrap:anywhere}
        .request .meta{color:#4a5563;font-size:.85rem;margin:.25rem 0}
        .request-actions{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:center;justify-content:space-between;margin-top:.6rem}
        .status-buttons{display:flex;flex-wrap:wrap;gap:.5rem}
        .status-form .field{margin-bottom:.5rem}
        .status,.flag{display:inline-block;font-size:.8rem;font-weight:700;padding:.1rem .5rem;border-radius:4px}
        .status-new{background:#fdecea;color:#8e1c14}.status-contacted{background:#fff4e0;color:#6b4a00}.status-resolved{background:#e6f4ea;color:#1e5c3c}
        .flag{font-weight:600}
        .contact-banner{margin:0 0 1rem}
        .contact-banner a{display:block;padding:.7rem 1rem;border-radius:10px;background:#fdecea;color:#8e1c14;text-decoration:none;border-left:4px solid #c62828}
        .answers{list-style:none;padding:0;margin:0}.answers li{padding:.45rem 0;border-bottom:1px solid #e3e6ea}
        .answers .q{display:block;color:#4a5563;font-size:.9rem}
        .facts dd{overflow-wrap:anywhere}
        .history{list-style:none;padding:0;margin:0}.history li{padding:.3rem 0;border-bottom:1px solid #e3e6ea;font-size:.92rem}
        .consent-text{font-style:italic}
        @media(max-width:40rem){main .facts{grid-template-columns:1fr;gap:0}main .facts dt{margin-top:.5rem;font-size:.9rem}.request-actions{flex-direction:column;align-items:stretch}.status-buttons button{flex:1}}
        """
}
