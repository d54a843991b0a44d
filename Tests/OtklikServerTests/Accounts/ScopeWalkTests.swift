import Foundation
import OtklikAnalytics
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

/// Every read path of the services, walked with every kind of scope over random answers: each returns
/// exactly the responses the scope admits (`DataScope.admits`, the brute-force reference) — nothing outside
/// it, nothing inside it missing. The routes' side of the same promise: RoutePolicyTests.
@Suite("Data scope on every read path")
struct ScopeWalkTests {
    /// (location, employee) pairs an answer may carry in WebTestApp's organisation: Тверская (3) with Андрей
    /// (1), Бауманская (4) with Максим (2), the city of Moscow (2) with either, and nothing at all.
    static let places: [(Int64?, Int64?)] = [(3, 1), (3, nil), (4, 2), (4, nil), (2, 1), (2, 2), (2, nil), (nil, nil)]

    static let scopes: [DataScope] = [
        .everything, .locations([Identifier(3)]), .locations([Identifier(2)]), .locations([Identifier(3), Identifier(4)]),
        .employee(Identifier(1)), .employee(Identifier(2)), .nothing,
    ]

    @Test(arguments: [11, 29])
    func everyReadPathReturnsExactlyWhatTheScopeAdmits(seed: UInt64) async throws {
        let app = try await WebTestApp.make()
        var random = SeededRandom(seed: seed)
        var submissions: [ResponseSubmission] = []
        for number in 0..<80 {
            let (location, employee) = random.pick(Self.places)
            submissions.append(
                ResponseSubmission(
                    answers: ["nps": .score(Int(random.next() % 11))], comment: "ответ-\(number)",
                    touchpointId: Identifier(random.pick([1, 2])), locationId: location.map(Identifier.init),
                    employeeId: employee.map(Identifier.init)))
        }
        guard case .success = try await app.services.ingest.ingest(submissions, survey: Identifier(1)) else {
            Issue.record("the answers were refused")
            return
        }
        let services = app.services
        let snapshot = services.catalog.snapshot
        let everything = try await services.responses.list(ResponseListRequest(scope: .everything, filter: ResponseFilter(), limit: 1000))
        #expect(everything.count == 80)
        for response in everything {
            _ = try await services.store.requestContact(
                Customer(id: Identifier(0), name: "Клиент", phone: "+7 900 000-00-00", consentContact: true),
                contact: "+7 900 000-00-00",
                consent: ConsentProof(
                    purpose: .contactAboutFeedback, text: "Согласен", version: "test", locale: .ru,
                    givenAt: Date(), surveyId: response.surveyId, responseId: response.id))
        }

        for scope in Self.scopes {
            let admitted = everything.filter { scope.admits($0, snapshot: snapshot) }
            let expected = Set(admitted.map(\.id))
            let atBaumanskaya = Set(admitted.filter { $0.context.locationId == Identifier(4) }.map(\.id))

            // Metrics: the total, every grouping, a filter asking outside the scope, a comment search.
            let total = MetricRequest(scope: scope, query: MetricQuery(metrics: [.nps]))
            #expect(try services.metrics.report(resolved: total).total["nps"]?.n == expected.count, "\(scope) total")
            for dimension in ContextDimension.allCases {
                // Through `report`, which finds the customers' labels a grouping by customer, class or step needs.
                let grouped = try await services.metrics.report(total.with([.nps], by: [dimension]))
                #expect(grouped.groups.map(\.responses).reduce(0, +) == expected.count, "\(scope) by \(dimension)")
            }
            var outside = total
            outside.query.filters[.location] = [4]
            #expect(try services.metrics.report(resolved: outside).total["nps"]?.n == atBaumanskaya.count, "\(scope) location=4")
            var searched = total
            searched.commentSearch = "ответ"
            #expect(try await services.metrics.report(searched).total["nps"]?.n == expected.count, "\(scope) q")

            // Lists: all of them, filtered to another branch, with a comment search, and one by id.
            let list = ResponseListRequest(scope: scope, filter: ResponseFilter(), limit: 1000)
            #expect(Set(try await services.responses.list(list).map(\.id)) == expected, "\(scope) list")
            var toBaumanskaya = list
            toBaumanskaya.filter.dimensions[.location] = [4]
            #expect(Set(try await services.responses.list(toBaumanskaya).map(\.id)) == atBaumanskaya, "\(scope) list location=4")
            var search = list
            search.filter.search = "ответ"
            #expect(Set(try await services.responses.list(search).map(\.id)) == expected, "\(scope) list q")
            for response in everything {
                let one = try await services.responses.response(id: response.id, scope: scope)
                #expect((one != nil) == expected.contains(response.id), "\(scope) response \(response.id)")
            }

            // The export pages through the same list.
            let export = ResponseExport(responses: services.responses, catalog: snapshot, format: .ndjson, keys: services.responseKeys)
            #expect(try await export.run(list) { _ in } == expected.count, "\(scope) export")

            // Contact requests, one per answer.
            let requests = try await services.contactRequests.list(ContactRequestFilter(limit: 1000), scope: scope)
            #expect(Set(requests.map(\.responseId)) == expected, "\(scope) contact requests")
            #expect(try await services.contactRequests.openCount(scope: scope) == expected.count, "\(scope) open count")
            for request in try await services.contactRequests.list(ContactRequestFilter(limit: 1000), scope: .everything) {
                let one = try await services.contactRequests.request(id: request.id, scope: scope)
                #expect((one != nil) == expected.contains(request.responseId), "\(scope) contact request \(request.id)")
            }
        }
    }
}
