import Foundation
import Hummingbird
import OtklikAnalytics
import OtklikCore
import OtklikStore

/// The survey builder: the list, a new survey from a template, the editor (texts in both languages,
/// order, required, CSAT convention, options), a phone-sized preview, publish and close.
struct SurveysController {
    let pages: Pages
    let catalog: Catalog
    let metrics: MetricsService
    let referenceData: ReferenceDataService

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("/app/surveys") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.editSurveys)
            var counts: [Int64: Int] = [:]
            let bySurvey = MetricRequest(scope: signedIn.user.scope, query: MetricQuery(metrics: [.nps], groupBy: [.survey]))
            if let report = try? metrics.report(resolved: bySurvey) {
                for group in report.groups { if let id = group.values.first { counts[id] = group.responses } }
            }
            let surveys = catalog.snapshot.surveys.values.sorted { $0.id < $1.id }
            return page.respond(SurveyBuilderPages.list(page, surveys: surveys, counts: counts))
        }

        router.get("/app/surveys/new") { request, context in
            let page = pages.page(request, context)
            _ = try page.require(.editSurveys)
            return page.respond(SurveyBuilderPages.new(page))
        }
        router.post("/app/surveys/new") { request, context in
            let page = pages.page(request, context)
            _ = try page.require(.editSurveys)
            let form = try await FormData.read(request)
            try page.verify(form, request: request)
            var survey: Survey
            if let id = form["template"], let template = SurveyTemplate.find(id) {
                survey = template.makeSurvey(code: ReferenceDataService.randomCode())
            } else {
                survey = Survey(
                    id: Identifier(0), title: LocalizedText(ru: "Новый опрос", en: "New survey"),
                    questions: [SurveyEditorForm.newQuestion(.nps, existing: [])], code: ReferenceDataService.randomCode())
            }
            survey = try await referenceData.save(survey)
            return page.redirect(to: .surveyEditor(survey.id))
        }

        router.get("/app/surveys/{id}") { request, context in
            let page = pages.page(request, context)
            _ = try page.require(.editSurveys)
            let survey = try pages.survey(context)
            return page.respond(SurveyBuilderPages.editor(page, survey: survey, problems: [], saved: page.currentQuery["saved"] != nil))
        }
        router.post("/app/surveys/{id}") { request, context in
            let page = pages.page(request, context)
            _ = try page.require(.editSurveys)
            let original = try pages.survey(context)
            let form = try await FormData.read(request)
            try page.verify(form, request: request)
            let survey = SurveyEditorForm.apply(form, to: original, action: SurveyEditorForm.action(form))
            do {
                _ = try await referenceData.save(survey)
            } catch StoreError.invalid(let problems) {
                return page.respond(
                    SurveyBuilderPages.editor(page, survey: survey, problems: problems, saved: false), status: .unprocessableContent)
            }
            return page.redirect(toPath: SiteURL.surveyEditor(survey.id).path + "?saved=1")
        }

        router.get("/app/surveys/{id}/preview") { request, context in
            let page = pages.page(request, context)
            _ = try page.require(.editSurveys)
            return page.respond(SurveyBuilderPages.preview(page, survey: try pages.survey(context)))
        }
        router.get("/app/surveys/{id}/preview/frame") { request, context in
            let page = pages.page(request, context)
            _ = try page.require(.editSurveys)
            let survey = try pages.survey(context)
            return page.respond(SurveyPageViews.form(page, previewModel(survey)))
        }
        router.post("/app/surveys/{id}/preview/frame") { request, context in
            let page = pages.page(request, context)
            _ = try page.require(.editSurveys)
            let survey = try pages.survey(context)
            let form = try await FormData.read(request)
            switch SurveyForm.advance(form, previewModel(survey)) {
            case .show(let model, let status): return page.respond(SurveyPageViews.form(page, model), status: status)
            case .submit(var model):
                // Checked exactly as a real answer would be, and thrown away.
                let submission = ResponseSubmission(answers: model.answers, comment: model.comment.isEmpty ? nil : model.comment)
                var snapshot = catalog.snapshot
                snapshot.surveys[survey.id]?.status = .live
                if case .failure(let failure) = snapshot.prepare(submission, pathSurvey: survey.id, now: Date()) {
                    model.showing(failure.problems)
                    return page.respond(SurveyPageViews.form(page, model), status: .unprocessableContent)
                }
                return page.respond(
                    SurveyPageViews.message(
                        page, organisationName: page.organisationName,
                        title: page.strings[.thanksTitle], text: page.strings[.surveyPreview]))
            }
        }
    }

    private func previewModel(_ survey: Survey) -> SurveyPageViews.Model {
        SurveyPageViews.Model(
            survey: survey, organisationName: catalog.snapshot.organisation.name,
            action: .surveyPreviewFrame(survey.id), formKey: "", answers: [:], comment: "", problems: [],
            step: survey.asksOnePerScreen && !survey.questions.isEmpty ? 0 : nil, preview: true)
    }

}
