import Foundation
import OtklikCore

/// `/app/responses/{id}`: one answer with everything known about it — the survey, the time in the
/// organisation's zone, every answer beside its question, the comment, the context, the contact request
/// with its history and proof of consent, and (for roles that see personal data) the customer and
/// their other responses.
enum ResponsePage {
    struct Model {
        var response: Response
        var request: ContactRequest?
        /// Only for roles that see personal data.
        var customer: Customer?
        /// The customer's other responses within the viewer's scope, newest first.
        var history: [Response]
        var seesPersonalData: Bool
        var canChange: Bool
    }

    static func render(_ page: PageContext, _ model: Model, snapshot: CatalogSnapshot, problem: TextKey? = nil) -> HTML {
        let s = page.strings
        let response = model.response
        let survey = snapshot.surveys[response.surveyId]
        let title = "\(s[.detailTitle]) #\(response.id.rawValue)"
        let changed: HTML = page.currentQuery["changed"] != nil ? "<p class=\"notice\" role=\"status\">\(s[.contactChanged])</p>" : .empty
        let error: HTML = problem.map { "<p class=\"error\" role=\"alert\">\(s[$0])</p>" } ?? .empty
        return Layout.page(
            page, title: title, tab: .responses,
            body: """
                <p><a href="\(SiteURL.responses(.init()))">\(s[.detailBack])</a></p>
                <section class="card"><h1>\(title)</h1>
                <p class="request-head">\(ContactsPage.flag(page, model.request?.status))</p>
                <dl class="facts">
                <dt>\(s[.filterSurvey])</dt><dd>\(survey.map { s.text($0.title) } ?? "—")</dd>
                <dt>\(s[.detailSubmitted])</dt><dd><time datetime="\(JSONCoding.formatDate(response.submittedAt))">\(s.dateTime(response.submittedAt, timeZone: page.timeZone))</time> (\(page.timeZone.identifier))</dd>
                </dl></section>
                \(changed)\(error)
                \(model.request.map { requestSection(page, $0, model: model) })
                <div class="grid">
                <section class="card"><h2>\(s[.detailAnswers])</h2>\(answers(page, response, survey: survey))
                \(response.comment.map { "<h2>\(s[.detailComment])</h2><p class=\"response-comment\">\($0)</p>" as HTML })</section>
                <section class="card"><h2>\(s[.detailContext])</h2>\(context(page, response, snapshot: snapshot))</section>
                </div>
                \(model.seesPersonalData ? customerSection(page, model, snapshot: snapshot) : .empty)
                """)
    }

    private static func answers(_ page: PageContext, _ response: Response, survey: Survey?) -> HTML {
        let s = page.strings
        guard let survey else { return .empty }
        let items = survey.questions.map { question -> HTML in
            let value: HTML
            switch response.answers[question.id] {
            case nil: value = "<em>\(s[.detailSkipped])</em>"
            case .score(let score):
                // NPS in its groups' colours; the bottom third of any other scale in red.
                let tone = MetricFormat.tone(question, score: score)
                let range = question.scoreRange.map { " / \($0.upperBound)" } ?? ""
                let ladder: String? =
                    question.kind == .ladder
                    ? [s[.ladderDisappointed], s[.ladderAsExpected], s[.ladderWow]][safe: score] : nil
                value = "<span class=\"score \(tone)\">\(score)</span>\(question.kind == .ladder ? "" : range)\(ladder.map { " — " + $0 })"
            case .text(let text):
                value = "\(question.options?.first { $0.id == text }.map { s.text($0.text) } ?? text)"
            case .choices(let ids):
                value = "\(ids.map { id in question.options?.first { $0.id == id }.map { s.text($0.text) } ?? id }.joined(separator: ", "))"
            }
            return "<li><span class=\"q\">\(s.text(question.text))</span>\(value)</li>"
        }
        return "<ul class=\"answers\">\(items)</ul>"
    }

    private static func context(_ page: PageContext, _ response: Response, snapshot: CatalogSnapshot) -> HTML {
        let s = page.strings
        let c = response.context
        let rows: [(TextKey, String?)] = [
            (.filterLocation, c.locationId.flatMap { snapshot.locations[$0]?.name }),
            (.filterTouchpoint, c.touchpointId.flatMap { snapshot.touchpoints[$0]?.name }),
            (.filterEmployee, c.employeeId.flatMap { snapshot.employees[$0]?.name }),
            (.filterChannel, c.channelId.flatMap { snapshot.channels[$0].map { s.text($0.name) } }),
            (.filterSegment, c.segmentId.flatMap { snapshot.segments[$0]?.name }),
            (.detailOrder, c.orderId),
            (.detailTags, c.tags.isEmpty ? nil : c.tags.joined(separator: ", ")),
            (.detailSource, response.source.rawValue),
        ]
        return "<dl class=\"facts\">\(rows.map { "<dt>\(s[$0.0])</dt><dd>\($0.1 ?? "—")</dd>" as HTML })</dl>"
    }

    private static func requestSection(_ page: PageContext, _ request: ContactRequest, model: Model) -> HTML {
        let s = page.strings
        let history = request.history.map { event -> HTML in
            let who = event.from == nil ? s[.contactByCustomer] : event.actor
            return """
                <li><time datetime="\(JSONCoding.formatDate(event.at))">\(s.dateTime(event.at, timeZone: page.timeZone))</time> — \(event.from.map { ContactsPage.statusName(s, $0) + " → " } ?? "")<strong>\(ContactsPage.statusName(s, event.to))</strong> · \(who)\(event.note.map { "<br><span class=\"meta\">\($0)</span>" as HTML })</li>
                """
        }
        let consent = request.consent
        let proof: HTML =
            model.seesPersonalData
            ? """
            <h3>\(s[.consentProof])</h3><dl class="facts">
            <dt>\(s[.consentPurpose])</dt><dd>\(s[.consentPurposeContact])</dd>
            <dt>\(s[.consentText])</dt><dd class="consent-text">«\(consent.text)»</dd>
            <dt>\(s[.consentVersion])</dt><dd>\(consent.version)</dd>
            <dt>\(s[.consentLanguage])</dt><dd>\(consent.locale == .ru ? "Русский" : "English")</dd>
            <dt>\(s[.consentGiven])</dt><dd><time datetime="\(JSONCoding.formatDate(consent.givenAt))">\(s.dateTime(consent.givenAt, timeZone: page.timeZone))</time></dd>
            <dt>\(s[.consentWhere])</dt><dd>#\(consent.surveyId.rawValue) / #\(consent.responseId.rawValue)</dd></dl>
            """ : .empty
        return """
            <section class="card request \(request.status.rawValue)" id="request-\(request.id.rawValue)" aria-labelledby="request-title">
            <h2 id="request-title">\(s[.contactRequestTitle]) \(ContactsPage.statusBadge(s, request.status))</h2>
            \(model.seesPersonalData ? ContactsPage.contact(page, request) : "<p class=\"meta\">\(s[.contactHidden])</p>" as HTML)
            <p class="meta">\(s[.contactWhen]): \(s.dateTime(request.createdAt, timeZone: page.timeZone))</p>
            \(model.canChange ? ContactsPage.statusForm(page, request, back: "response", note: true) : .empty)
            <h3>\(s[.contactHistory])</h3><ol class="history">\(history)</ol>
            \(proof)</section>
            """
    }

    private static func customerSection(_ page: PageContext, _ model: Model, snapshot: CatalogSnapshot) -> HTML {
        let s = page.strings
        guard let customer = model.customer else {
            return "<section class=\"card\"><h2>\(s[.detailCustomer])</h2><p>\(s[.detailNoCustomer])</p></section>"
        }
        let contact = [customer.phone, customer.email].compactMap { $0 }.joined(separator: ", ")
        let others = model.history.map { other -> HTML in
            "<li><a href=\"\(SiteURL.response(other.id))\">#\(other.id.rawValue)</a> \(ResponseViews.item(page, other, snapshot: snapshot))</li>"
        }
        return """
            <section class="card"><h2>\(s[.detailCustomer])</h2><dl class="facts">
            <dt>\(s[.detailCustomerName])</dt><dd>\(customer.name ?? "—")</dd>
            <dt>\(s[.detailCustomerContact])</dt><dd>\(contact.isEmpty ? "—" : contact)</dd>
            <dt>\(s[.detailConsents])</dt><dd>\(s[.detailConsentContact]): \(customer.consentContact ? s[.detailYes] : s[.detailNo]); \(s[.detailConsentMarketing]): \(customer.consentMarketing ? s[.detailYes] : s[.detailNo])</dd>
            </dl>
            <h3>\(s[.detailHistory])</h3>
            \(others.isEmpty ? "<p>\(s[.detailNoHistory])</p>" as HTML : "<ul class=\"history\">\(others)</ul>")</section>
            """
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
