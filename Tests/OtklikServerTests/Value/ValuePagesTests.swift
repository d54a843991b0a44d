import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

/// Customer value through the web app and the API as each role uses it: three customers with orders at two
/// branches, the most valuable one unhappy lately.
@Suite("Customer value pages and API")
struct ValuePagesTests {
    /// C1: three big orders at Тверская (the manager's branch), latest NPS 2; C2: one order at Бауманская;
    /// C3: an order at Бауманская refunded in full, so with the cost per order they cost more than they bring.
    static func app() async throws -> WebTestApp {
        let app = try await WebTestApp.make()
        let store = app.services.valueStore
        let day: TimeInterval = 86_400
        let start = Date().addingTimeInterval(-90 * day)
        func order(
            _ id: String, _ customer: String, _ days: Double, _ rubles: Int64, location: Int64, cancellation: Bool = false
        ) -> ImportedOrder {
            ImportedOrder(
                order: CustomerOrder(
                    orderId: id, customerId: nil, placedAt: start.addingTimeInterval(days * day), amount: rubles * 100,
                    isCancellation: cancellation, locationId: Identifier(location)),
                customerExternalId: customer)
        }
        _ = try await store.importOrders([
            order("A-1", "C1", 0, 50_000, location: 3), order("A-2", "C1", 30, 40_000, location: 3),
            order("A-3", "C1", 60, 45_000, location: 3),
            order("B-1", "C2", 10, 5_000, location: 4),
            order("D-1", "C3", 20, 3_000, location: 4), order("D-1-R", "C3", 25, -3_000, location: 4, cancellation: true),
        ])
        try await store.saveValueSettings(ValueSettings(currency: "RUB", costPerOrder: 100_00))
        try await app.services.catalog.reload()
        let big = try #require(try await store.customers(after: nil, limit: 10).first { $0.externalId == "C1" })
        let submission = ResponseSubmission(
            answers: ["nps": .score(2)], comment: "Третий раз срывают сроки", touchpointId: Identifier(1), locationId: Identifier(3),
            employeeId: Identifier(1), customerId: big.id)
        guard case .success = try await app.services.ingest.ingest([submission], survey: Identifier(1)) else { throw CancellationError() }
        return app
    }

    static func id(_ app: WebTestApp, _ external: String) async throws -> Int64 {
        try #require(try await app.services.valueStore.customers(after: nil, limit: 10).first { $0.externalId == external }).id.rawValue
    }

    @Test func theOwnerSeesWhoMattersAndWhoIsUnhappy() async throws {
        let app = try await Self.app()
        let big = try await Self.id(app, "C1")
        try await app.test { client in
            let page = try await client.page(.get, "/app/value", session: app.sessions[.owner]!)
            #expect(page.status == .ok)
            // Profit: C1 135,000 − 3 × 100 = 134,700; C2 4,900; C3 0 − 100 (the refund is not an order). C1 alone is
            // one of three customers with 134,700 / 139,500 = 96.6% of profit.
            #expect(page.body.contains("33% клиентов приносят 97% прибыли"))
            let morning = try #require(page.body.range(of: "id=\"morning\"").map { page.body[$0.upperBound...] })
            #expect(morning.prefix(3000).contains("/app/value/customers/\(big)\""), "the valuable detractor is on the morning list")
            #expect(page.body.contains("Стоят больше, чем приносят"))
            let csv = try await client.page(.get, "/app/value/export/pareto.csv", session: app.sessions[.owner]!)
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.body.split(separator: "\r\n").count == 102, "a header and 101 points")
            let customers = try await client.page(
                .get, "/app/value/export/customers.csv?group=unprofitable", session: app.sessions[.owner]!)
            let rows = customers.body.split(separator: "\r\n")
            #expect(rows.count == 2 && rows[1].hasPrefix("C3,") && rows[1].contains(",-100.00,"), "\(rows)")
            for path in [
                "/app/value/segments", "/app/value/ladder", "/app/value/retention", "/app/value/customers", "/app/value/customers/\(big)",
            ] {
                let other = try await client.page(.get, path, session: app.sessions[.owner]!)
                #expect(other.status == .ok, "\(path)")
            }
        }
    }

    @Test func aManagerSeesTheirBranchsCustomersAndStaffNone() async throws {
        let app = try await Self.app()
        let (big, small) = (try await Self.id(app, "C1"), try await Self.id(app, "C2"))
        try await app.test { client in
            let list = try await client.page(.get, "/app/value/customers", session: app.sessions[.manager]!)
            #expect(list.status == .ok)
            #expect(list.body.contains("/app/value/customers/\(big)\"") && !list.body.contains("/app/value/customers/\(small)\""))
            let other = try await client.page(.get, "/app/value/customers/\(small)", session: app.sessions[.manager]!)
            #expect(other.status == .notFound)
            let api = try await client.page(.get, "/app/value/export/customers.csv", session: app.sessions[.manager]!)
            #expect(api.body.contains("C1,") && !api.body.contains("C2,"))
            for path in ["/app/value", "/app/value/customers", "/app/value/export/customers.csv"] {
                let refused = try await client.page(.get, path, session: app.sessions[.staff]!)
                #expect(refused.status == .forbidden, "\(path)")
            }
            let navigation = try await client.page(.get, "/app", session: app.sessions[.staff]!)
            #expect(!navigation.body.contains("/app/value\""), "staff get no link to customer value")
        }
    }

    @Test func marksNeedTheFormsTokenAndSettingsSayWhatIsWrong() async throws {
        let app = try await Self.app()
        let big = try await Self.id(app, "C1")
        let owner = app.sessions[.owner]!
        try await app.test { client in
            let forged = try await client.page(
                .post, "/app/value/customers/\(big)/marks", session: owner, form: [("mark", "thanked"), ("on", "1")])
            #expect(forged.status == .forbidden)
            let marked = try await client.page(
                .post, "/app/value/customers/\(big)/marks", session: owner, form: [("_csrf", owner.csrf), ("mark", "thanked"), ("on", "1")])
            #expect(marked.status == .seeOther)
            let signals = try await app.services.valueStore.customerSignals(timeZone: TimeZone(identifier: "Europe/Moscow")!)
            #expect(signals.first { $0.customerId.rawValue == big }?.marks == [.thanked])

            let wrong = try await client.page(
                .post, "/app/value/settings", session: owner,
                form: [
                    ("_csrf", owner.csrf), ("currency", "RUB"), ("default_margin", "много"), ("cost_per_order", "100"),
                    ("activity_window_months", "12"), ("regular_minimum_orders", "3"), ("advocate_rule", "promoter"),
                ])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.body.contains("id=\"default_margin-error\""), "the message sits next to the field")
            #expect(try await app.services.valueStore.valueSettings().costPerOrder == 100_00, "nothing saved")
            let right = try await client.page(
                .post, "/app/value/settings", session: owner,
                form: [
                    ("_csrf", owner.csrf), ("currency", "rub"), ("default_margin", "35,5"), ("cost_per_order", "50.00"),
                    ("activity_window_months", "6"), ("regular_minimum_orders", "2"), ("advocate_rule", "promoter"),
                ])
            #expect(right.status == .seeOther)
            #expect(
                try await app.services.valueStore.valueSettings()
                    == ValueSettings(
                        currency: "RUB", defaultMarginBasisPoints: 3550, costPerOrder: 50_00, activityWindowMonths: 6,
                        regularMinimumOrders: 2,
                        advocateRule: .promoter))
            let manager = try await client.page(
                .post, "/app/value/settings", session: app.sessions[.manager]!, form: [("_csrf", app.sessions[.manager]!.csrf)])
            #expect(manager.status == .forbidden, "a manager cannot change how value is counted")
        }
    }

    @Test func theAPIPagesCustomersAndRefusesBadParameters() async throws {
        let app = try await Self.app()
        let (_, reader) = try await app.services.tokens.create(name: "reader", scopes: [.read])
        try await app.test { client in
            func get(_ path: String) async throws -> (HTTPResponse.Status, [String: Any]) {
                var headers = HTTPFields()
                headers[.authorization] = "Bearer \(reader)"
                return try await client.execute(uri: path, method: .get, headers: headers) { response in
                    (response.status, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:])
                }
            }
            let (status, summary) = try await get("/api/v1/value/summary")
            #expect(status == .ok)
            #expect(
                summary["customers"] as? Int == 3 && summary["revenue"] as? Int == 140_000_00 && summary["profit"] as? Int == 139_500_00)
            #expect((summary["pareto"] as? [String: Any])?["top_customers"] as? Int == 1)
            let (_, page) = try await get("/api/v1/value/customers?limit=1&offset=1")
            #expect(page["total"] as? Int == 3 && (page["items"] as? [[String: Any]])?.first?["key"] as? String == "C2")
            let (refused, problem) = try await get("/api/v1/value/customers?limit=0")
            #expect(refused == .badRequest && (problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "limit")
            let (unknown, _) = try await get("/api/v1/value/customers/999")
            #expect(unknown == .notFound)
            let (transitions, body) = try await get("/api/v1/value/transitions?from=2020-01-01")
            #expect(transitions == .ok && body["climbed"] != nil)
            // Metrics of customers by who they are now: C1 (class A, a regular) gave the only answer.
            func answers(_ query: String) async throws -> Int? {
                let (status, report) = try await get("/api/v1/metrics?metric=nps&" + query)
                #expect(status == .ok, "\(query)")
                return ((report["total"] as? [String: Any])?["nps"] as? [String: Any])?["n"] as? Int ?? 0
            }
            #expect(try await answers("value_class=A") == 1)
            #expect(try await answers("value_class=B,C") == 0)
            #expect(try await answers("loyalty_step=regular") == 1)
            #expect(try await answers("loyalty_step=advocate,first_purchase") == 0)
            #expect(try await answers("customer=\(try await Self.id(app, "C1"))&value_class=A") == 1)
            #expect(try await answers("customer=\(try await Self.id(app, "C2"))") == 0)
            let (wrongClass, classProblem) = try await get("/api/v1/metrics?metric=nps&value_class=D")
            #expect(wrongClass == .badRequest && (classProblem["errors"] as? [[String: Any]])?.first?["field"] as? String == "value_class")

            // Grouped by who the customers are: classes and steps by their codes, customers by id with their own ids as names.
            func groups(_ by: String) async throws -> (groups: [[Any]], names: [String: Any]) {
                let (status, report) = try await get("/api/v1/metrics?metric=nps&by=" + by)
                #expect(status == .ok, "\(by)")
                return (report["groups"] as? [[Any]] ?? [], report["names"] as? [String: Any] ?? [:])
            }
            let byClass = try await groups("value_class,loyalty_step")
            #expect(byClass.groups.count == 1 && byClass.groups[0][0] as? String == "A" && byClass.groups[0][1] as? String == "regular")
            #expect(byClass.groups[0][5] as? Int == 1, "value_class, loyalty_step, nps.value, .low, .high, .n")
            let big = try await Self.id(app, "C1")
            let byCustomer = try await groups("customer")
            #expect(byCustomer.groups.count == 1 && byCustomer.groups[0][0] as? Int == Int(big))
            #expect((byCustomer.names["customer"] as? [String: Any])?["\(big)"] as? String == "C1")
            let (csvStatus, csv) = try await client.execute(
                uri: "/api/v1/metrics?metric=nps&by=loyalty_step&format=csv", method: .get,
                headers: [.authorization: "Bearer \(reader)"]
            ) { ($0.status, String(buffer: $0.body)) }
            #expect(csvStatus == .ok && csv.contains("\r\nregular,nps,-100.0000,"), "\(csv)")

            // Computed, never frozen: C2 buys a great deal and alone brings 97% of profit; C1 (the next 2.6%, past
            // 95%) drops to class C, and the same answer moves with them.
            _ = try await app.services.valueStore.importOrders([
                ImportedOrder(
                    order: CustomerOrder(
                        orderId: "B-2", customerId: nil, placedAt: Date().addingTimeInterval(-86_400), amount: 5_000_000_00,
                        isCancellation: false, locationId: Identifier(4)),
                    customerExternalId: "C2")
            ])
            let after = try await groups("value_class")
            #expect(after.groups.count == 1 && after.groups[0][0] as? String == "C", "\(after.groups)")
            #expect(try await answers("value_class=A") == 0)
        }
    }

    @Test func theDashboardFiltersAndGroupsByCustomers() async throws {
        let app = try await Self.app()
        try await app.test { client in
            let owner = try await client.page(.get, "/app", session: app.sessions[.owner]!)
            #expect(owner.status == .ok)
            #expect(owner.body.contains("name=\"loyalty_step\"") && owner.body.contains("name=\"value_class\""))
            #expect(owner.body.contains("NPS по клиентам"))
            #expect(owner.body.contains("loyalty_step=regular\""), "a step's row opens the dashboard for its customers")
            let regulars = try await client.page(.get, "/app?value_class=A&loyalty_step=regular", session: app.sessions[.owner]!)
            #expect(regulars.status == .ok && regulars.body.contains("Третий раз срывают сроки"))
            let lapsed = try await client.page(.get, "/app?loyalty_step=lapsed", session: app.sessions[.owner]!)
            #expect(lapsed.status == .ok && !lapsed.body.contains("Третий раз срывают сроки"))
            let list = try await client.page(.get, "/app/responses?value_class=B", session: app.sessions[.owner]!)
            #expect(list.status == .ok && !list.body.contains("Третий раз срывают сроки"))
            let listA = try await client.page(.get, "/app/responses?value_class=A", session: app.sessions[.owner]!)
            #expect(listA.body.contains("Третий раз срывают сроки"))
            #expect(listA.body.contains("name=\"value_class\""), "a drill-down keeps its customers' filters in the form")
            // One customer, from their card: named by the business's own id, with a way to remove the filter.
            let one = try await client.page(.get, "/app?customer=\(try await Self.id(app, "C1"))", session: app.sessions[.owner]!)
            #expect(one.body.contains("Клиент C1") && one.body.contains("Третий раз срывают сроки"))
            let other = try await client.page(
                .get, "/app/responses?customer=\(try await Self.id(app, "C2"))", session: app.sessions[.owner]!)
            #expect(other.body.contains("Клиент C2") && !other.body.contains("Третий раз срывают сроки"))
            // Staff may not see customers' value: no such filters, and one in a link is ignored.
            let staff = try await client.page(.get, "/app?value_class=B", session: app.sessions[.staff]!)
            #expect(staff.status == .ok && !staff.body.contains("name=\"value_class\"") && !staff.body.contains("NPS по клиентам"))
        }
    }
}
