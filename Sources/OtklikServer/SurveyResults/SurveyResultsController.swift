import Foundation
import Hummingbird
import OtklikCore

/// `/app/surveys/{id}/results`: every question of one survey summarised, for the period chosen and within
/// the viewer's scope (a manager sees their branches' answers).
struct SurveyResultsController {
    let services: Services

    /// The newest answers summarised on one page; beyond this the page says it read only these.
    static let limit = 20_000

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("/app/surveys/{id}/results") { request, context in
            let page = services.page(request, context)
            let signedIn = try page.require(.readDashboard)
            let survey = try services.survey(context)
            var filter = DashboardFilter(query: page.currentQuery)
            filter.survey = survey.id.rawValue
            let search = page.currentQuery["text"]
            var list = filter.responseList(
                scope: signedIn.user.scope, snapshot: services.catalog.snapshot,
                limit: ResponseListRequest.maxLimit)
            var responses: [OtklikCore.Response] = []
            while responses.count < Self.limit {
                let batch = try await services.responses.list(list)
                responses += batch
                guard batch.count == list.limit, let last = batch.last else { break }
                list.cursor = last.id
            }
            var results = SurveyResults.summarise(
                survey, responses: Array(responses.prefix(Self.limit)), textSearch: search,
                truncated: responses.count >= Self.limit)
            if signedIn.user.scope == .everything { results.dropOff = try await services.store.dropOff(survey: survey.id) }
            return page.respond(SurveyResultsPage.render(page, results, filter: filter, search: search))
        }
    }
}
