import Foundation
import Hummingbird
import OtklikCore
import OtklikStore

/// `GET /api/v1/value/summary` (the headline figures as whole numbers: Pareto, ABC, RFM, steps, cohorts, CRR),
/// `GET /api/v1/value/customers` (each customer's value, by profit, a page at a time, filtered like the page),
/// `GET /api/v1/value/customers/{id}` (one customer with their orders and forecast), `GET /api/v1/value/forecast`
/// (the BG/NBD model and its held-out check) and `GET /api/v1/value/transitions?from&to`. Money in minor units.
struct ValueAPI {
    let value: ValueService

    struct CustomerItem: Encodable {
        var id: Int64
        var key: String
        var rank: Int?
        var abc: String?
        var profitGroup: String?
        var revenue: Int64
        var cost: Int64
        var profit: Int64
        var orders: Int
        var firstPurchase: String?
        var lastPurchase: String?
        var recencyDays: Int?
        var rfm: [Int]?
        var rfmSegment: String?
        var loyaltyStep: String
        var churnRisk: String?
        var latestNps: Int?
        var marks: [String]

        init(_ c: CustomerValue) {
            id = c.customerId.rawValue
            key = c.key
            rank = c.rank
            abc = c.abc?.rawValue
            profitGroup = c.profitGroup?.rawValue
            (revenue, cost, profit, orders) = (c.revenue, c.cost, c.profit, c.orders)
            firstPurchase = c.firstPurchaseDay.map(CivilDay.isoDate(ofDay:))
            lastPurchase = c.lastPurchaseDay.map(CivilDay.isoDate(ofDay:))
            recencyDays = c.recencyDays
            rfm = c.rfm.map { [$0.recency, $0.frequency, $0.monetary] }
            rfmSegment = c.rfm?.segment.rawValue
            loyaltyStep = c.step.rawValue
            churnRisk = c.churnRisk?.rawValue
            latestNps = c.latestNPS?.score
            marks = c.marks.map(\.rawValue).sorted()
        }
    }

    struct Page: Encodable {
        var items: [CustomerItem]
        var total: Int
        var offset: Int
        var limit: Int
    }

    struct Detail: Encodable {
        var customer: CustomerItem
        var probabilityAlive: Double?
        /// Within `horizonDays`.
        var expectedPurchases: Double?
        var horizonDays: Int
        var orders: [Order]

        struct Order: Encodable {
            var orderId: String
            var placedAt: Date
            var amount: Int64
            var cost: Int64?
            var cancellation: Bool
            var lines: Int
        }
    }

    struct Forecast: Encodable {
        var model: BGNBD?
        var horizonDays: Int
        var expectedPurchases: Double?
        var meanProbabilityAlive: Double?
        var holdout: Holdout?

        struct Holdout: Encodable {
            var from: String
            var days: Int
            var customers: Int
            var actual: Int
            var predicted: Double
            var naive: Double
            var modelMeanAbsoluteError: Double
            var naiveMeanAbsoluteError: Double
        }
    }

    struct Transitions: Encodable {
        var from: String
        var to: String
        var counts: [String: [String: Int]]
        var climbed: Int
        var fell: Int
        var left: Int
    }

    static let listParameters: Set<String> = ["offset", "limit", "abc", "group", "step", "segment", "risk"]

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/api/v1/value/summary") { request, context in
            try context.require(.read)
            try API.refuseUnknown(try API.parameters(request), known: [])
            return API.json(bytes: try await value.summaryJSON())
        }

        router.get("/api/v1/value/customers") { request, context in
            try context.require(.read)
            let parameters = try API.parameters(request)
            try API.refuseUnknown(parameters, known: Self.listParameters)
            let offset = try API.integer(parameters, "offset", default: 0, in: 0...Int(Int32.max))
            let limit = try API.integer(parameters, "limit", default: 100, in: 1...1000)
            var filter = ValueCustomerFilter()
            filter.abc = try API.choice(parameters, "abc")
            filter.group = try API.choice(parameters, "group")
            filter.step = try API.choice(parameters, "step")
            filter.segment = try API.choice(parameters, "segment")
            filter.risk = try API.choice(parameters, "risk")
            let matching = try await value.analysis(scope: .everything).customers.filter(filter.admits)
            return try API.json(
                Page(
                    items: matching.dropFirst(offset).prefix(limit).map(CustomerItem.init), total: matching.count, offset: offset,
                    limit: limit))
        }

        router.get("/api/v1/value/customers/:id") { request, context in
            try context.require(.read)
            try API.refuseUnknown(try API.parameters(request), known: [])
            let id = try API.id(context)
            let (analysis, forecast) = try await value.forecast(scope: .everything)
            guard let position = analysis.customers.firstIndex(where: { $0.customerId.rawValue == id }) else {
                throw Problem.notFound("customer \(id) has no orders and is not known to the value analysis")
            }
            let estimate = forecast?.customers[position]
            let orders = try await value.store.orders(of: Identifier(id)).map {
                Detail.Order(
                    orderId: $0.orderId, placedAt: $0.placedAt, amount: $0.amount, cost: $0.cost, cancellation: $0.isCancellation,
                    lines: $0.lines)
            }
            return try API.json(
                Detail(
                    customer: CustomerItem(analysis.customers[position]), probabilityAlive: estimate?.probabilityAlive,
                    expectedPurchases: estimate?.expectedPurchases, horizonDays: forecast?.horizonDays ?? 90, orders: orders))
        }

        router.get("/api/v1/value/forecast") { request, context in
            try context.require(.read)
            try API.refuseUnknown(try API.parameters(request), known: [])
            let (_, forecast) = try await value.forecast(scope: .everything)
            let estimates = forecast?.customers.compactMap { $0 } ?? []
            return try API.json(
                Forecast(
                    model: forecast?.model, horizonDays: forecast?.horizonDays ?? 90,
                    expectedPurchases: forecast.map { _ in estimates.reduce(0) { $0 + $1.expectedPurchases } },
                    meanProbabilityAlive: estimates.isEmpty
                        ? nil : estimates.reduce(0) { $0 + $1.probabilityAlive } / Double(estimates.count),
                    holdout: forecast?.holdout.map {
                        Forecast.Holdout(
                            from: CivilDay.isoDate(ofDay: $0.calibrationEndDay), days: $0.days, customers: $0.customers, actual: $0.actual,
                            predicted: $0.predicted, naive: $0.naive, modelMeanAbsoluteError: $0.modelError,
                            naiveMeanAbsoluteError: $0.naiveError)
                    }))
        }

        router.get("/api/v1/value/transitions") { request, context in
            try context.require(.read)
            let parameters = try API.parameters(request)
            try API.refuseUnknown(parameters, known: ["from", "to"])
            let analysis = try await value.analysis(scope: .everything)
            func day(_ key: String) throws -> Int? {
                guard let text = parameters[key] else { return nil }
                guard let day = CivilDay.parse(Substring(text)) else { throw Problem.badRequest("a date such as 2026-12-31", field: key) }
                return day
            }
            // `to` is the last day included: the steps are read at the start of the next.
            let to = try day("to").map { $0 + 1 } ?? analysis.asOfDay
            let from = try day("from") ?? CivilDay.day(to, addingMonths: -3)
            guard from < to else { throw Problem.badRequest("from must be before to", field: "from") }
            let transitions = analysis.transitions(from: from, to: to)
            var counts: [String: [String: Int]] = [:]
            for (from, row) in transitions.counts {
                counts[from?.rawValue ?? "not_yet_known"] = Dictionary(uniqueKeysWithValues: row.map { ($0.key.rawValue, $0.value) })
            }
            return try API.json(
                Transitions(
                    from: CivilDay.isoDate(ofDay: from), to: CivilDay.isoDate(ofDay: to - 1), counts: counts, climbed: transitions.climbed,
                    fell: transitions.fell, left: transitions.left))
        }
    }
}
