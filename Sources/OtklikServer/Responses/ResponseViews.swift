import OtklikCore

/// One response as people read it: scores with NPS colours, the comment, where and with whom, when.
/// Shared by the dashboard's comment list and the responses page.
enum ResponseViews {
    /// - Parameter contact: the status of the customer's request to be contacted about it, if they asked.
    static func item(
        _ page: PageContext, _ response: Response, snapshot: CatalogSnapshot,
        contact: ContactRequest.Status? = nil
    ) -> HTML {
        let s = page.strings
        let survey = snapshot.surveys[response.surveyId]
        let nps = survey?.indexedQuestion(for: .nps).flatMap { response.answers[$0.id]?.score }
        let tone = nps.map(MetricFormat.npsTone) ?? ""
        let scores = scoreBadges(page, response, survey: survey)
        let context = [
            response.context.touchpointId.flatMap { snapshot.touchpoints[$0]?.name },
            response.context.locationId.flatMap { snapshot.locations[$0]?.name },
            response.context.employeeId.flatMap { snapshot.employees[$0]?.name },
            response.context.orderId,
        ].compactMap { $0 }.joined(separator: " · ")
        return """
            <article class="comment \(tone)">\(contact.map { "<p>\(ContactsPage.flag(page, $0))</p>" as HTML })<p class="meta">\(scores)<time datetime="\(JSONCoding.formatDate(response.submittedAt))">\(s.dateTime(response.submittedAt, timeZone: page.timeZone))</time> · \(survey.map { s.text($0.title) } ?? "")</p>
            \(response.comment.map { "<p>\($0)</p>" as HTML })
            <p class="meta">\(context)\(context.isEmpty ? "" : " · ")<a href="\(SiteURL.response(response.id))">\(s[.detailOpen])</a></p></article>
            """
    }

    /// Every score of the response as a badge, in the survey's order, in words where the scale has them,
    /// coloured by `MetricFormat.tone`.
    static func scoreBadges(_ page: PageContext, _ response: Response, survey: Survey?) -> HTML {
        let s = page.strings
        return (survey?.questions ?? []).compactMap { question -> HTML? in
            guard question.kind.metric != nil, let score = response.answers[question.id]?.score else { return nil }
            return
                "<span class=\"score \(MetricFormat.tone(question, score: score))\" title=\"\(s.text(question.text))\">\(MetricFormat.answer(question, score: score, s))</span> "
        }.joined()
    }
}
