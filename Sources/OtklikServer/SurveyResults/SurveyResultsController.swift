import Foundation
import Hummingbird
import OtklikCore
import OtklikStore

/// `/app/surveys/{id}/results`: every question of one survey summarised, for the period chosen and within
/// the viewer's scope (a manager sees their branches' answers).
struct SurveyResultsController {
    let pages: Pages
    let catalog: Catalog
    let responses: ResponseService
    let store: any Store

    /// The newest answers summarised on one page; beyond this the page says it read only these.
    static let limit = 20_000

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("/app/surveys/{id}/results") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.readDashboard)
            let survey = try pages.survey(context)
            var filter = page.filter
            filter.survey = survey.id.rawValue
            let search = page.currentQuery["text"]
            var list = filter.responseList(
                scope: signedIn.user.scope, snapshot: catalog.snapshot,
                limit: ResponseListRequest.maxLimit)
            var answers: [OtklikCore.Response] = []
            while answers.count < Self.limit {
                let batch = try await responses.list(list)
                answers += batch
                guard batch.count == list.limit, let last = batch.last else { break }
                list.cursor = last.id
            }
            var results = SurveyResults.summarise(
                survey, responses: Array(answers.prefix(Self.limit)), textSearch: search,
                truncated: answers.count >= Self.limit)
            if signedIn.user.scope == .everything { results.dropOff = try await store.dropOff(survey: survey.id) }
            return page.respond(SurveyResultsPage.render(page, results, filter: filter, search: search))
        }
    }
}
