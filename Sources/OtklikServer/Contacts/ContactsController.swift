import Foundation
import Hummingbird
import OtklikCore
import OtklikStore

/// `/app/responses/{id}`: one response with everything about it (and its contact request);
/// `/app/contacts`: customers who asked to be contacted, as work from new to resolved;
/// `POST /app/contacts/{id}/status`: a status change, recorded with who and when.
/// All within the user's data scope: what lies outside it is a page not found.
struct ContactsController {
    let pages: Pages
    let catalog: Catalog
    let contactRequests: ContactRequestService
    let personalData: PersonalData
    let responses: ResponseService
    let store: any Store

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("/app/responses/{id}") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.readDashboard)
            let model = try await responseModel(context, signedIn)
            if let customer = model.customer {
                try await personalData.audit(PersonalData.actor(context), .viewed, "customer \(customer.id)")
            }
            return page.respond(ResponsePage.render(page, model, snapshot: catalog.snapshot))
        }

        router.get("/app/contacts") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.callCustomers)
            let snapshot = catalog.snapshot
            let status = page.currentQuery["status"].flatMap(ContactRequest.Status.init(rawValue:))
            let byScore = page.currentQuery["sort"] == "score"
            let requests = try await contactRequests.list(
                ContactRequestFilter(status: status, limit: 500), scope: signedIn.user.scope)
            let responses = try await store.responses(ids: requests.map(\.responseId), commentContaining: nil)
            let byID = Dictionary(responses.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            // Belt and braces: a response the scope does not admit is never shown, whatever the request says.
            var items = requests.compactMap { request -> ContactsPage.Item? in
                guard let response = byID[request.responseId], signedIn.user.scope.admits(response, snapshot: snapshot) else { return nil }
                return ContactsPage.Item(
                    request: request, response: response, score: ContactsPage.lowestScore(response, snapshot: snapshot))
            }
            // Open work first (new, then contacted, then resolved); within that, the newest or the lowest score.
            func rank(_ status: ContactRequest.Status) -> Int {
                switch status {
                case .new: 0
                case .contacted: 1
                case .resolved: 2
                }
            }
            items.sort { a, b in
                if rank(a.request.status) != rank(b.request.status) { return rank(a.request.status) < rank(b.request.status) }
                if byScore, a.score?.normalised != b.score?.normalised { return (a.score?.normalised ?? 2) < (b.score?.normalised ?? 2) }
                return (a.request.createdAt, a.request.id) > (b.request.createdAt, b.request.id)
            }
            if !items.isEmpty {
                try await personalData.audit(PersonalData.actor(context), .viewed, "contact requests")
            }
            return page.respond(ContactsPage.render(page, items: items, status: status, byScore: byScore, snapshot: snapshot))
        }

        router.post("/app/contacts/{id}/status") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.callCustomers)
            let form = try await FormData.read(request)
            try page.verify(form, request: request)
            let snapshot = catalog.snapshot
            guard let id = context.parameters.get("id").flatMap(Int64.init),
                let current = try await contactRequests.request(id: Identifier(id), scope: signedIn.user.scope)
            else { throw WebError.notFound }
            guard let status = form["status"].flatMap(ContactRequest.Status.init(rawValue:)) else {
                throw WebError.badRequest(.contactBadTransition)
            }
            // Back to the page the form was on: the list (with its filter) or the response.
            let back =
                form["back"] == "list"
                ? SiteURL.contacts(status: form["list_status"].flatMap(ContactRequest.Status.init(rawValue:))).path
                : SiteURL.response(current.responseId).path
            do {
                _ = try await contactRequests.move(
                    id: current.id, to: status, scope: signedIn.user.scope, by: signedIn.user.id, actor: signedIn.user.name,
                    note: form["note"].map { String($0.prefix(ContactRequest.maxNoteLength)) })
            } catch StoreError.invalid {
                // Someone else moved it first (or a stale page): say so, change nothing.
                let model = try await responseModel(current.responseId, signedIn)
                return page.respond(
                    ResponsePage.render(page, model, snapshot: snapshot, problem: .contactBadTransition),
                    status: .conflict)
            }
            return page.redirect(
                toPath: back + (back.contains("?") ? "&" : "?") + "changed=\(current.id.rawValue)#request-\(current.id.rawValue)")
        }
    }

    private func responseModel(_ context: AppRequestContext, _ signedIn: SignedIn) async throws -> ResponsePage.Model {
        guard let id = context.parameters.get("id").flatMap(Int64.init), id > 0 else { throw WebError.notFound }
        return try await responseModel(Identifier(id), signedIn)
    }

    /// Everything the response page shows, or a page not found when the response is outside the scope.
    private func responseModel(_ id: OtklikCore.Response.ID, _ signedIn: SignedIn) async throws -> ResponsePage.Model {
        let snapshot = catalog.snapshot
        let user = signedIn.user
        guard let response = try await responses.response(id: id, scope: user.scope) else { throw WebError.notFound }
        let request = try await contactRequests.request(about: response.id)
        var customer: Customer?
        var history: [OtklikCore.Response] = []
        if user.role.seesPersonalData, let customerId = response.context.customerId {
            customer = try await store.find(Customer.self, id: customerId.rawValue)
            history = try await store.responses(customer: customerId)
                .filter { $0.id != response.id && user.scope.admits($0, snapshot: snapshot) }
                .reversed()
        }
        return ResponsePage.Model(
            response: response, request: request, customer: customer, history: history,
            seesPersonalData: user.role.seesPersonalData, canChange: user.role.allows(.callCustomers))
    }
}
