import Foundation
import Hummingbird
import OtklikCore
import OtklikStore

/// `/app/calls/{survey}`: the operator's page for the call to the client after the service. The operator
/// asks the survey's questions and fills in the answers during the call, with the order, the employee who
/// served the client and the touchpoint; the answers are stored as a phone response.
struct CallsController {
    let pages: Pages
    let catalog: Catalog
    let formSigner: FormSigner
    let ingest: IngestService
    let referenceData: ReferenceDataService

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("/app/calls/{id}") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.callCustomers)
            let survey = try pages.survey(context)
            return page.respond(
                CallPage.render(
                    page, model(survey, signedIn, page.strings, form: FormData(pairs: []), problems: []),
                    saved: page.currentQuery["saved"] != nil))
        }
        router.post("/app/calls/{id}") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.callCustomers)
            let survey = try pages.survey(context)
            let form = try await FormData.read(request)
            try page.verify(form, request: request)
            let snapshot = catalog.snapshot
            func id<E>(_ name: String, in table: [Identifier<E>: some Any]) -> Identifier<E>? {
                form[name].flatMap(Int64.init).map(Identifier<E>.init).flatMap { table[$0] == nil ? nil : $0 }
            }
            let location: Location.ID? = id("location", in: snapshot.locations)
            // A manager may only record calls for their own locations.
            if let allowed = signedIn.user.scope.allowed(.location, snapshot: snapshot),
                !(location.map { allowed.contains($0.rawValue) } ?? false)
            {
                return page.respond(
                    CallPage.render(
                        page,
                        model(
                            survey, signedIn, page.strings, form: form,
                            problems: [
                                FieldProblem(field: "location", code: "required", message: "")
                            ]), saved: false), status: .unprocessableContent)
            }
            var submission = ResponseSubmission(
                answers: SurveyForm.answers(from: form, survey: survey), comment: form["comment"],
                touchpointId: id("touchpoint", in: snapshot.touchpoints), locationId: location,
                employeeId: id("employee", in: snapshot.employees), channel: "phone",
                orderId: form["order_id"].map { String($0.prefix(ResponseSubmission.maxKeyBytes)) }, source: .phone,
                idempotencyKey: form["k"].flatMap(formSigner.verify).map { "call-" + $0 })
            // Check the answers before the client is stored, so a refused form leaves no customer behind.
            if case .failure(let failure) = snapshot.prepare(submission, pathSurvey: survey.id, now: Date()) {
                return page.respond(
                    CallPage.render(
                        page,
                        model(
                            survey, signedIn, page.strings, form: form,
                            problems: failure.problems.map(CallPage.formField)),
                        saved: false), status: .unprocessableContent)
            }
            if form["customer_name"] != nil || form["customer_phone"] != nil {
                // The form's key names the client too: a double submit finds the first one taken and stores
                // no second client (the response itself is then replayed by its idempotency key).
                do {
                    let customer = try await referenceData.saveCustomer(
                        Customer(
                            id: Identifier(0), externalId: submission.idempotencyKey,
                            name: form["customer_name"].map { String($0.prefix(200)) },
                            phone: form["customer_phone"].map { String($0.prefix(50)) }))
                    submission.customerId = customer.id
                } catch StoreError.duplicate {}
            }
            switch try await ingest.ingest([submission], survey: survey.id, source: .phone) {
            case .success: return page.redirect(toPath: SiteURL.call(survey.id).path + "?saved=1")
            case .failure(.invalid(let items)):
                return page.respond(
                    CallPage.render(
                        page, model(survey, signedIn, page.strings, form: form, problems: items.flatMap(\.failure.problems)),
                        saved: false), status: .unprocessableContent)
            case .failure(.store(let error)): throw error
            }
        }
    }

    private func model(
        _ survey: Survey, _ signedIn: SignedIn, _ strings: Strings, form: FormData, problems: [FieldProblem]
    ) -> CallPage.Model {
        let snapshot = catalog.snapshot
        return CallPage.Model(
            survey: survey, form: form, answers: SurveyForm.answers(from: form, survey: survey), problems: problems,
            formKey: formSigner.freshKey(),
            options: FilterOptions(snapshot, scope: signedIn.user.scope, strings: strings))
    }

}

enum CallPage {
    struct Model {
        var survey: Survey
        var form: FormData
        var answers: [String: AnswerValue]
        var problems: [FieldProblem]
        var formKey: String
        var options: FilterOptions
    }

    /// A problem with a submission field ("employee_id") as one with the form's field ("employee").
    static func formField(_ problem: FieldProblem) -> FieldProblem {
        var problem = problem
        if ["location_id", "touchpoint_id", "employee_id"].contains(problem.field) { problem.field.removeLast(3) }
        return problem
    }

    static func render(_ page: PageContext, _ model: Model, saved: Bool) -> HTML {
        let s = page.strings
        func select(_ name: String, _ label: TextKey, _ items: [(Int64, String)]) -> HTML {
            Layout.select(
                id: "c-\(name)", name: name, label: s[label], options: items.map { (String($0.0), $0.1) },
                selected: model.form[name], none: s[.none], problems: model.problems, strings: s)
        }
        return Layout.page(
            page, title: s[.callTitle], tab: .surveys,
            body: """
                <form method="post" action="\(SiteURL.call(model.survey.id))" class="call" novalidate>\(Layout.csrfField(page))
                <input type="hidden" name="k" value="\(model.formKey)">
                <section class="card"><h1>\(s[.callTitle]): \(s.text(model.survey.title))</h1><p class="lead">\(s[.callLead])</p>
                \(saved ? "<p class=\"notice\" role=\"status\">\(s[.callSaved])</p>" as HTML : .empty)
                <div class="grid">
                \(FormField.input(page, "customer_name", s[.callCustomerName], value: model.form["customer_name"], problems: []))
                \(FormField.input(page, "customer_phone", s[.callCustomerPhone], type: "tel", value: model.form["customer_phone"], problems: []))
                \(FormField.input(page, "order_id", s[.callOrder], value: model.form["order_id"], problems: []))
                \(select("location", .filterLocation, model.options.locations))
                \(select("touchpoint", .filterTouchpoint, model.options.touchpoints))
                \(select("employee", .filterEmployee, model.options.employees))
                </div></section>
                <section class="card">\(model.survey.questions.map { SurveyPageViews.question(page, $0, answer: model.answers[$0.id], problems: model.problems) })
                <div class="field"><label for="comment">\(s[.callNotes])</label><textarea id="comment" name="comment">\(model.form["comment"] ?? "")</textarea></div>
                <button type="submit" class="primary">\(s[.callSave])</button></section></form>
                """)
    }
}
