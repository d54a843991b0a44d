import Foundation
import Hummingbird
import OtklikCore
import OtklikStore

/// `/app/value…`: customer value for owners, analysts and managers (a manager sees the orders of their
/// locations and the customers who bought there; staff see no customers). Marks need `callCustomers`,
/// the settings `editReferenceData`.
struct ValueController {
    let pages: Pages
    let catalog: Catalog
    let value: ValueService
    let store: any Store

    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("/app/value") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.readCustomerValue)
            let analysis = try await value.analysis(scope: signedIn.user.scope)
            let context = try await valueContext(page, analysis, listing: overviewListing(analysis))
            let settings: HTML? =
                signedIn.user.role.allows(.editReferenceData)
                ? ValuePages.settingsForm(page, analysis.settings, problems: [], saved: page.currentQuery["saved"] != nil) : nil
            return page.respond(ValuePages.overview(context, settings: settings))
        }

        router.get("/app/value/segments") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.readCustomerValue)
            let analysis = try await value.analysis(scope: signedIn.user.scope)
            return page.respond(ValuePages.segments(try await valueContext(page, analysis, listing: [])))
        }

        router.get("/app/value/ladder") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.readCustomerValue)
            let analysis = try await value.analysis(scope: signedIn.user.scope)
            // The movements between two days: three months back to the analysis day unless asked.
            let to = page.currentQuery["to"].flatMap { CivilDay.parse(Substring($0)) }.map { $0 + 1 } ?? analysis.asOfDay
            let from = page.currentQuery["from"].flatMap { CivilDay.parse(Substring($0)) } ?? CivilDay.day(to, addingMonths: -3)
            let transitions = analysis.transitions(from: min(from, to), to: max(from, to))
            let listing =
                Array(analysis.firstBuyersNotBack.prefix(15) + analysis.regularsSlowingDown.prefix(15))
                + analysis.advocatesNeverThanked.prefix(20)
            let context = try await valueContext(page, analysis, listing: listing)
            return page.respond(ValuePages.ladder(context, transitions: transitions, canMark: signedIn.user.role.allows(.callCustomers)))
        }

        router.get("/app/value/retention") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.readCustomerValue)
            let (analysis, forecast) = try await value.forecast(scope: signedIn.user.scope)
            // Names only for the rows shown: the valuable at high risk and the likely lost, fifteen of each.
            let listing =
                analysis.customers.filter { $0.abc == .a && $0.churnRisk == .high }.prefix(15)
                + (forecast?.likelyLost(analysis).prefix(15) ?? [])
            return page.respond(ValuePages.retention(try await valueContext(page, analysis, listing: Array(listing)), forecast: forecast))
        }

        router.get("/app/value/customers") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.readCustomerValue)
            let analysis = try await value.analysis(scope: signedIn.user.scope)
            let filter = ValueCustomerFilter(query: page.currentQuery)
            let shown = analysis.customers.filter(filter.admits).dropFirst(filter.page * ValueCustomerFilter.pageSize)
                .prefix(ValueCustomerFilter.pageSize)
            return page.respond(ValuePages.customers(try await valueContext(page, analysis, listing: Array(shown)), filter: filter))
        }

        router.get("/app/value/customers/:id") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.readCustomerValue)
            let (analysis, forecast) = try await value.forecast(scope: signedIn.user.scope)
            guard let id = context.parameters.get("id", as: Int64.self),
                let position = analysis.customers.firstIndex(where: { $0.customerId.rawValue == id })
            else { throw HTTPError(.notFound, message: page.strings[.valueNoCustomer]) }
            let customer = analysis.customers[position]
            let snapshot = catalog.snapshot
            // A manager sees the orders of their locations only, as the analysis does.
            let allowed = signedIn.user.scope.allowed(.location, subtree: snapshot.subtree(of:))
            let orders = try await value.store.orders(of: customer.customerId).filter { order in
                allowed.map { set in order.locationId.map { set.contains($0.rawValue) } ?? false } ?? true
            }
            let answers = signedIn.user.role.seesPersonalData ? try await store.responses(customer: customer.customerId) : []
            return page.respond(
                ValuePages.customer(
                    try await valueContext(page, analysis, listing: [customer]), customer, orders: orders, answers: answers,
                    estimate: forecast?.customers[position], canMark: signedIn.user.role.allows(.callCustomers), timeZone: snapshot.timeZone
                ))
        }

        router.post("/app/value/customers/:id/marks") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.callCustomers)
            let form = try await FormData.read(request)
            try page.verify(form, request: request)
            let analysis = try await value.analysis(scope: signedIn.user.scope)
            guard let id = context.parameters.get("id", as: Int64.self),
                analysis.customers.contains(where: { $0.customerId.rawValue == id }),
                let mark = form["mark"].flatMap(CustomerMark.init(rawValue:))
            else { throw HTTPError(.notFound, message: page.strings[.valueNoCustomer]) }
            try await value.setMark(mark, form["on"] == "1", customer: Identifier(id))
            return page.redirect(to: form["back"] == "ladder" ? .valueLadder(from: nil, to: nil) : .valueCustomer(Identifier(id)))
        }

        router.post("/app/value/settings") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.editReferenceData)
            let form = try await FormData.read(request)
            try page.verify(form, request: request)
            switch ValuePages.settings(from: form, current: try await value.settings()) {
            case .success(let settings):
                try await value.saveSettings(settings)
                return page.redirect(toPath: "/app/value?saved=1#settings")
            case .failure(let failure):
                let analysis = try await value.analysis(scope: signedIn.user.scope)
                let context = try await valueContext(
                    page, analysis, listing: overviewListing(analysis))
                var shown = analysis.settings
                shown.currency = form["currency"] ?? shown.currency
                let settings = ValuePages.settingsForm(page, shown, problems: failure.problems, saved: false)
                return page.respond(ValuePages.overview(context, settings: settings), status: .unprocessableContent)
            }
        }

        router.get("/app/value/export/:file") { request, context in
            let page = pages.page(request, context)
            let signedIn = try page.require(.readCustomerValue)
            guard let file = context.parameters.get("file"), file.hasSuffix(".csv"),
                let table = ValueTable(rawValue: String(file.dropLast(4)))
            else { throw HTTPError(.notFound) }
            let analysis = try await value.analysis(scope: signedIn.user.scope)
            let filter = ValueCustomerFilter(query: page.currentQuery)
            let names = table == .customers ? try await displayNames(page, analysis.customers.filter(filter.admits)) : [:]
            let text = ValueCSV.text(ValueCSV.rows(table, analysis, filter: filter, names: names))
            var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]  // BOM: Excel reads UTF-8
            bytes += Array(text.utf8)
            return Response(
                status: .ok, headers: PageContext.csvHeaders(fileName: file), body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    /// The customers the overview lists: the morning list and the ten who lose the most.
    private func overviewListing(_ analysis: ValueAnalysis) -> [CustomerValue] {
        Array(analysis.valuableDetractors.prefix(20)) + analysis.customers.filter { $0.profitGroup == .unprofitable }.reversed().prefix(10)
    }

    private func valueContext(
        _ page: PageContext, _ analysis: ValueAnalysis, listing: some Sequence<CustomerValue>
    ) async throws
        -> ValuePages.Context
    {
        ValuePages.Context(page: page, analysis: analysis, names: try await displayNames(page, listing))
    }

    /// Names for those who may see personal data (a customer's own name, else their id in the business's systems).
    private func displayNames(_ page: PageContext, _ customers: some Sequence<CustomerValue>) async throws -> [Customer.ID: String] {
        guard page.user?.role.seesPersonalData == true else { return [:] }
        var names: [Customer.ID: String] = [:]
        for customer in try await value.store.customers(ids: customers.map(\.customerId)) {
            if let name = customer.name, !name.isEmpty { names[customer.id] = name }
        }
        return names
    }
}
