import Foundation
import Hummingbird
import OtklikCore
import OtklikStore

/// `/s/{code}`: the survey a customer opens from a QR code or a link. Context fixed in the link
/// (location, touchpoint, employee, table) goes with the answers. Works without JavaScript; a double
/// submit is recognised by the form's signed one-time key; a honeypot field and a per-IP limit keep
/// scripts out.
struct PublicSurveyController {
    let services: Services

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("/s/{code}") { request, context in
            let (page, survey) = try lookUp(request, context)
            let snapshot = services.catalog.snapshot
            guard survey.status == .live else {
                return page.respond(
                    SurveyPageViews.closed(page, survey: survey, organisationName: snapshot.organisation.name),
                    status: survey.status == .closed ? .gone : .notFound)
            }
            let model = SurveyPageViews.Model(
                survey: survey, organisationName: snapshot.organisation.name,
                action: .survey(code: survey.code, context: SurveyLinkContext(query: page.currentQuery)),
                formKey: services.formSigner.freshKey(), answers: [:], comment: "", problems: [],
                step: survey.asksOnePerScreen && !survey.questions.isEmpty ? 0 : nil, preview: false)
            return page.respond(SurveyPageViews.form(page, model))
        }

        router.post("/s/{code}") { request, context in
            let (page, survey) = try lookUp(request, context)
            let snapshot = services.catalog.snapshot
            guard services.surveyRateLimiter.allow(context.remoteIP ?? "unknown") else { throw WebError.tooManyRequests }
            let form = try await FormData.read(request)
            guard let key = form.raw("k").flatMap(services.formSigner.verify) else {
                return page.respond(
                    SurveyPageViews.message(
                        page, organisationName: snapshot.organisation.name,
                        title: page.strings[.errorCSRFTitle], text: page.strings[.formExpiredText]),
                    status: .badRequest)
            }
            guard survey.status == .live else {
                return page.respond(
                    SurveyPageViews.closed(page, survey: survey, organisationName: snapshot.organisation.name),
                    status: .gone)
            }
            // A bot filled the field people cannot see: thank it and keep nothing.
            if form["website"] != nil { return page.redirect(to: .surveyThanks(code: survey.code)) }

            let model = SurveyPageViews.Model(
                survey: survey, organisationName: snapshot.organisation.name,
                action: .survey(code: survey.code, context: SurveyLinkContext(query: page.currentQuery)),
                formKey: form.raw("k") ?? "", answers: [:], comment: "", problems: [], step: nil, preview: false)
            var shown: SurveyPageViews.Model
            switch SurveyForm.advance(form, model) {
            case .show(let next, let status):
                // A screen answered and the next one shown: how far this form got (the drop-off per question).
                // Best effort: a customer's survey never fails because this could not be written.
                if let posted = form["step"].flatMap(Int.init), let step = next.step, step > posted,
                    survey.questions.indices.contains(posted)
                {
                    try? await services.store.recordProgress(
                        formKey: key, survey: survey.id, reached: survey.questions[posted].id,
                        answers: next.answers, at: Date())
                }
                return page.respond(SurveyPageViews.form(page, next), status: status)
            case .submit(let complete): shown = complete
            }
            let submission = SurveyForm.submission(
                answers: shown.answers, comment: shown.comment,
                context: SurveyLinkContext(query: page.currentQuery), key: key,
                snapshot: snapshot)
            switch try await services.ingest.ingest([submission], survey: survey.id, source: .web) {
            case .success(let inserted):
                try? await services.store.completeProgress(formKey: key, survey: survey.id, at: Date())
                let signed = services.formSigner.sign(String(inserted[0].id.rawValue))
                return page.redirect(toPath: SiteURL.surveyThanks(code: survey.code).path + "?r=" + SiteURL.encode(signed))
            case .failure(.invalid(let items)):
                let problems = items.flatMap(\.failure.problems)
                if problems.contains(where: { $0.code == "survey_closed" }) {
                    return page.respond(
                        SurveyPageViews.closed(page, survey: survey, organisationName: snapshot.organisation.name), status: .gone)
                }
                shown.showing(problems)
                return page.respond(SurveyPageViews.form(page, shown), status: .unprocessableContent)
            case .failure(.store(let error)):
                throw error
            }
        }

        router.get("/s/{code}/thanks") { request, context in
            let (page, survey) = try lookUp(request, context)
            return try await thanks(
                page, survey, signed: page.currentQuery["r"],
                problems: [], saved: false)
        }

        router.post("/s/{code}/contact") { request, context in
            let (page, survey) = try lookUp(request, context)
            guard services.surveyRateLimiter.allow(context.remoteIP ?? "unknown") else { throw WebError.tooManyRequests }
            let form = try await FormData.read(request)
            guard let signed = form.raw("r"), let id = services.formSigner.verify(signed).flatMap(Int64.init),
                let response = try await services.store.response(id: Identifier(id)), response.surveyId == survey.id
            else { throw WebError.notFound }
            var problems: [FieldProblem] = []
            if form["consent"] != "yes" { problems.append(FieldProblem(field: "consent", code: "consent_required", message: "")) }
            let contact = form["contact"] ?? ""
            if contact.isEmpty || contact.count > 200 {
                problems.append(FieldProblem(field: "contact", code: "contact_required", message: ""))
            }
            guard problems.isEmpty else {
                return try await thanks(page, survey, signed: signed, problems: problems, saved: false, status: .unprocessableContent)
            }
            let isEmail = ContactRequest.kind(of: contact) == .email
            let name = form["name"].map { String($0.prefix(ContactRequest.maxNameLength)) }.flatMap { $0.isEmpty ? nil : $0 }
            let customer = Customer(
                id: Identifier(0), name: name,
                email: isEmail ? contact : nil, phone: isEmail ? nil : contact, consentContact: true)
            // The proof of consent: the very text beside the box, in the language the page was in.
            let consent = ConsentProof(
                purpose: .contactAboutFeedback, text: page.strings[ConsentNotice.contactText],
                version: ConsentNotice.version, locale: page.locale, givenAt: Date(),
                surveyId: survey.id, responseId: response.id)
            do {
                _ = try await services.responses.requestContact(customer, contact: contact, consent: consent)
            } catch StoreError.duplicate {
                // Sent twice: the first one is kept.
            }
            return page.redirect(toPath: SiteURL.surveyThanks(code: survey.code).path + "?r=" + SiteURL.encode(signed) + "&contact=1")
        }
    }

    /// `/privacy`: the organisation's privacy notice, linked from every public survey page.
    func addPrivacyRoute(to router: RouterGroup<AppRequestContext>) {
        router.get("/privacy") { request, context in
            let snapshot = services.catalog.snapshot
            let page = PageContext(request: request, context: context, catalog: snapshot, anonymousForms: false)
            return page.respond(SurveyPageViews.privacy(page, organisationName: snapshot.organisation.name))
        }
    }

    private func thanks(
        _ page: PageContext, _ survey: Survey, signed: String?, problems: [FieldProblem], saved: Bool,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let snapshot = services.catalog.snapshot
        var response: OtklikCore.Response?
        if let signed, let id = services.formSigner.verify(signed).flatMap(Int64.init) {
            response = try await services.store.response(id: Identifier(id))
        }
        let contactSaved = saved || page.currentQuery["contact"] != nil || response?.context.customerId != nil
        let offer = response.map { FollowUpRule.asksForFollowUp($0, survey: survey) } == true
        let maturity = survey.template == MaturityDiagnosis.templateID ? response.flatMap { MaturityDiagnosis.result($0.answers) } : nil
        return page.respond(
            SurveyPageViews.thanks(
                page, survey: survey, organisationName: snapshot.organisation.name,
                offerContact: offer && maturity == nil ? SiteURL.surveyContact(code: survey.code) : nil, signedResponse: signed ?? "",
                contactProblems: problems, contactSaved: contactSaved && offer,
                extra: maturity.map { SurveyPageViews.maturity(page, $0) } ?? .empty), status: status)
    }

    private func lookUp(_ request: Request, _ context: AppRequestContext) throws -> (PageContext, Survey) {
        let snapshot = services.catalog.snapshot
        let page = PageContext(request: request, context: context, catalog: snapshot, anonymousForms: false)
        guard let code = context.parameters.get("code"),
            let survey = snapshot.survey(code: code), survey.status != .draft
        else { throw WebError.notFound }
        return (page, survey)
    }
}

/// Turning a posted survey form into a submission.
enum SurveyForm {
    enum Step {
        /// Show this screen (the next or previous question, or the same one with its problem).
        case show(SurveyPageViews.Model, HTTPResponse.Status)
        /// Every screen is done: submit these answers.
        case submit(SurveyPageViews.Model)
    }

    /// One posted screen: reads the answers so far and moves between screens (one question per screen)
    /// until the last one is sent. The public page and the builder's preview share it.
    static func advance(_ form: FormData, _ model: SurveyPageViews.Model) -> Step {
        var model = model
        let survey = model.survey
        model.answers = answers(from: form, survey: survey)
        model.comment = form["comment"] ?? ""
        // Answers to questions the logic now hides (an earlier score changed on the way back) are not kept.
        let shownAnswers = { (answers: [String: AnswerValue]) in
            answers.filter { id, _ in survey.question(id).map { survey.isShown($0, given: answers) } ?? true }
        }
        guard survey.asksOnePerScreen, let step = form["step"].flatMap(Int.init), survey.questions.indices.contains(step) else {
            model.answers = shownAnswers(model.answers)
            return .submit(model)
        }
        let go = form["go"] ?? "next"
        if go == "back" {
            model.step = survey.previousShown(before: step, given: model.answers) ?? 0
            return .show(model, .ok)
        }
        let question = survey.questions[step]
        model.step = step
        if question.required && model.answers[question.id] == nil {
            model.problems = [FieldProblem(field: "answers/\(question.id)", code: "required", message: "required")]
            return .show(model, .unprocessableContent)
        }
        // The next question is the next one the answers so far show (a follow-up only after a low score),
        // even from a screen that offered to send: this answer may have opened the follow-up.
        if let next = survey.nextShown(after: step, given: model.answers) {
            model.step = next
            return .show(model, .ok)
        }
        model.answers = shownAnswers(model.answers)
        return .submit(model)
    }

    /// Answers by question id; unanswered questions are absent (skipped), and values that no form of ours
    /// could send are dropped so that validation reports the question as unanswered.
    static func answers(from form: FormData, survey: Survey) -> [String: AnswerValue] {
        var answers: [String: AnswerValue] = [:]
        for question in survey.questions {
            let field = "q_" + question.id
            switch question.kind {
            case .nps, .csat, .ces, .ladder, .stars:
                if let value = form[field].flatMap(Int.init) { answers[question.id] = .score(value) }
            case .singleChoice:
                if let value = form[field] { answers[question.id] = .text(value) }
            case .multipleChoice:
                let values = form.all(field).filter { !$0.isEmpty }
                if !values.isEmpty { answers[question.id] = .choices(values) }
            case .text:
                if let value = form[field] { answers[question.id] = .text(String(value.prefix(4000))) }
            }
        }
        return answers
    }

    /// The submission, with the link's context. Ids in the link that no longer exist are left out, and so
    /// is an employee who has moved to another branch since: a QR code printed last year must still take
    /// answers. The table becomes a tag a tag's rules accept.
    static func submission(
        answers: [String: AnswerValue], comment: String, context: SurveyLinkContext, key: String,
        snapshot: CatalogSnapshot
    ) -> ResponseSubmission {
        let touchpoint = context.touchpointId.flatMap { snapshot.touchpoints[$0] }
        let location = context.locationId.flatMap { snapshot.locations[$0] != nil ? $0 : nil } ?? touchpoint?.locationId
        let employee = context.employeeId.flatMap { id in
            snapshot.employees[id] != nil && (location.map { snapshot.employee(id, canServeAt: $0) } ?? true) ? id : nil
        }
        var table = ""
        for character in context.table ?? "" where character != "\u{0}" {
            guard table.utf8.count + character.utf8.count <= 58 else { break }  // a tag has at most 64 bytes
            table.append(character == "|" || character == "," ? "/" : character)  // tag separators (ingest)
        }
        return ResponseSubmission(
            answers: answers, comment: comment.isEmpty ? nil : String(comment.prefix(4000)),
            touchpointId: touchpoint?.id, locationId: location, employeeId: employee,
            channelId: touchpoint?.channelId, tags: table.isEmpty ? nil : ["table:\(table)"],
            source: context.source ?? .web, idempotencyKey: "web-" + key)
    }
}
