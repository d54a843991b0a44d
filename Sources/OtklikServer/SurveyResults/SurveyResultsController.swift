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
            guard let list = services.responseList(filter, band: nil, scope: signedIn.user.scope, limit: ResponseListRequest.maxLimit)
            else { throw WebError.badRequest(.errorBadFilterText) }
            var responses: [OtklikCore.Response] = []
            var cursor: OtklikCore.Response.ID?
            while responses.count < Self.limit {
                let batch = try await services.responseReader.responses(list.filter, after: cursor, limit: list.limit)
                responses += batch
                guard batch.count == list.limit, let last = batch.last else { break }
                cursor = last.id
            }
            var results = SurveyResults.summarise(survey, responses: Array(responses.prefix(Self.limit)), textSearch: search,
                                                  truncated: responses.count >= Self.limit)
            if signedIn.user.scope == .everything { results.dropOff = try await services.store.dropOff(survey: survey.id) }
            return page.respond(SurveyResultsPage.render(page, results, filter: filter, search: search))
        }
    }
}
