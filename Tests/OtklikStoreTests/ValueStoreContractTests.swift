import Foundation
import OtklikCore
import OtklikSQLite
import OtklikStore
import Testing

/// What every `ValueStore` must do, run against each implementation (SQLite in memory and in a file; another
/// database joins the arguments when it exists).
@Suite("Value store contract")
struct ValueStoreContractTests {
    typealias Kind = StoreContractTests.Kind

    static func make(_ kind: Kind) throws -> (any Store & ValueStore, URL?) {
        let (store, directory) = try StoreContractTests.make(kind)
        return (store as! any Store & ValueStore, directory)
    }

    /// 2024-03-10 20:00 UTC: still the 10th in London, already the 11th in Vladivostok (UTC+10).
    static let evening = Date(timeIntervalSince1970: 1_710_100_800)
    static let utc = TimeZone(identifier: "UTC")!
    static let vladivostok = TimeZone(identifier: "Asia/Vladivostok")!

    static func order(
        _ id: String, _ customer: String?, amount: Int64 = 1_000, at seconds: TimeInterval = 1_710_000_000, cost: Int64? = nil,
        cancellation: Bool = false, lines: Int = 1, location: Int64? = nil, channel: Int64? = nil
    ) -> ImportedOrder {
        ImportedOrder(
            order: CustomerOrder(
                orderId: id, customerId: nil, placedAt: Date(timeIntervalSince1970: seconds), amount: amount, cost: cost,
                isCancellation: cancellation, lines: lines, locationId: location.map(Identifier.init),
                channelId: channel.map(Identifier.init)),
            customerExternalId: customer)
    }

    /// The store's customers by their business id.
    static func customerIds(_ store: any ValueStore) async throws -> [String: Customer.ID] {
        let customers = try await store.customers(after: nil, limit: 1_000)
        return Dictionary(uniqueKeysWithValues: customers.compactMap { customer in customer.externalId.map { ($0, customer.id) } })
    }

    @Test(arguments: Kind.allCases)
    func importFindsCustomersOnceAndReplacesOrders(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        let first = try await store.importOrders([
            Self.order("1", "A"), Self.order("2", "A"), Self.order("3", "B"), Self.order("4", nil),
            Self.order("C1", "B", amount: -300, cancellation: true),
        ])
        #expect(first == OrderImportSummary(ordersAdded: 5, ordersReplaced: 0, customersAdded: 2))
        let ids = try await Self.customerIds(store)
        #expect(ids.keys.sorted() == ["A", "B"])

        // Again: order 1 with a new amount, a new order of A, a new customer C.
        let second = try await store.importOrders([Self.order("1", "A", amount: 7_777), Self.order("5", "A"), Self.order("6", "C")])
        #expect(second == OrderImportSummary(ordersAdded: 2, ordersReplaced: 1, customersAdded: 1))
        let after = try await Self.customerIds(store)
        #expect(
            after.keys.sorted() == ["A", "B", "C"] && after["A"] == ids["A"] && after["B"] == ids["B"], "A and B are the same customers")
        let orders = try await store.allOrders()
        #expect(orders.map(\.orderId).sorted() == ["1", "2", "3", "4", "5", "6", "C1"])
        #expect(orders.first { $0.orderId == "1" }?.amount == 7_777, "replaced, not added")
        #expect(orders.first { $0.orderId == "4" }?.customerId == nil, "an order nobody is known for stays so")
        #expect(try await store.orders(of: after["A"]!).map(\.orderId).sorted() == ["1", "2", "5"])

        // The same file twice changes nothing but the count of replaced orders.
        let again = try await store.importOrders([Self.order("1", "A", amount: 7_777), Self.order("5", "A"), Self.order("6", "C")])
        #expect(again == OrderImportSummary(ordersAdded: 0, ordersReplaced: 3, customersAdded: 0))
        #expect(try await store.allOrders().sorted { $0.orderId < $1.orderId } == orders.sorted { $0.orderId < $1.orderId })
        // An order that names our own customer id directly keeps it.
        var direct = Self.order("7", nil)
        direct.order.customerId = after["B"]
        _ = try await store.importOrders([direct])
        #expect(try await store.orders(of: after["B"]!).map(\.orderId).sorted() == ["3", "7", "C1"])
        #expect(try await store.importOrders([]) == OrderImportSummary())
    }

    /// The counts say what is in the table afterwards, also when one import names an order twice (the second
    /// replaces the first) into a table that had no orders.
    @Test(arguments: Kind.allCases)
    func anOrderTwiceInOneImportIsAddedOnce(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        let summary = try await store.importOrders([Self.order("1", "A", amount: 10), Self.order("1", "A", amount: 20)])
        #expect(summary == OrderImportSummary(ordersAdded: 1, ordersReplaced: 1, customersAdded: 1))
        let orders = try await store.allOrders()
        #expect(orders.count == 1 && orders.first?.amount == 20, "the later one stays")
    }

    @Test(arguments: Kind.allCases)
    func anUnknownReferenceWritesNothing(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        let branch = try await store.save(Location(id: Identifier(0), name: "Баумана", kind: .city))
        let channel = try #require(try await store.all(Channel.self).first)
        _ = try await store.importOrders([Self.order("1", "A", location: branch.id.rawValue, channel: channel.id.rawValue)])
        let mark = try await store.valueMark()

        // Good orders first, a new customer among them, and one bad reference: all or nothing.
        await #expect(throws: StoreError.missingReference(field: "location_id", id: 999)) {
            _ = try await store.importOrders([
                Self.order("1", "A", amount: 5), Self.order("2", "Z"), Self.order("3", "A", location: 999),
            ])
        }
        await #expect(throws: StoreError.missingReference(field: "channel_id", id: 998)) {
            _ = try await store.importOrders([Self.order("4", "Y"), Self.order("5", "A", location: branch.id.rawValue, channel: 998)])
        }
        var stranger = Self.order("6", nil)
        stranger.order.customerId = Identifier(4_242)
        await #expect(throws: StoreError.missingReference(field: "customer_id", id: 4_242)) {
            _ = try await store.importOrders([Self.order("7", "X"), stranger])
        }
        let orders = try await store.allOrders()
        #expect(orders.map(\.orderId) == ["1"] && orders[0].amount == 1_000, "order 1 is as it was")
        #expect(orders[0].locationId == branch.id && orders[0].channelId == channel.id)
        #expect(try await Self.customerIds(store).keys.sorted() == ["A"], "no customer of a refused import")
        #expect(try await store.valueMark() == mark, "nothing changed")
    }

    @Test(arguments: Kind.allCases)
    func ordersRoundTripEveryField(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        let branch = try await store.save(Location(id: Identifier(0), name: "Казань", kind: .city))
        let channel = try #require(try await store.all(Channel.self).last)
        let written = [
            Self.order("489725", "17949", amount: 123_456, at: 1_259_752_020, cost: nil, lines: 12),
            Self.order("C496116", "17949", amount: -898_560, at: 1_264_763_041, cost: -500_000, cancellation: true, lines: 3),
            Self.order(
                "Чек-1", "ёлка", amount: 0, at: 1_700_000_001, cost: 0, lines: 1, location: branch.id.rawValue, channel: channel.id.rawValue
            ),
            Self.order("A506401", nil, amount: -5_359_436, at: 1_272_548_160, cost: 9_000_000_000_000, lines: 1),
        ]
        _ = try await store.importOrders(written)
        let ids = try await Self.customerIds(store)
        let expected = written.map { imported in
            var order = imported.order
            order.customerId = imported.customerExternalId.map { ids[$0]! }
            return order
        }
        let read = try await store.allOrders().sorted { $0.orderId < $1.orderId }
        #expect(read == expected.sorted { $0.orderId < $1.orderId })
        #expect(read.first { $0.orderId == "489725" }?.placedAt.timeIntervalSince1970 == 1_259_752_020, "to the second")
        // The analysis's columns hold the same orders, field by field (in no particular order).
        func rows(_ facts: OrderFacts) -> [String] {
            (0..<facts.count).map { i in
                "\(facts.customerIds[i]) \(facts.placedAt[i]) \(facts.amounts[i]) \(facts.costs[i]) \(facts.isCancellation[i]) \(facts.lines[i]) \(facts.locationIds[i])"
            }.sorted()
        }
        let facts = try await store.orderFacts()
        #expect(facts.count == expected.count && rows(facts) == rows(OrderFacts(expected)))
        // One customer's orders, newest first.
        let mine = try await store.orders(of: ids["17949"]!)
        #expect(mine.map(\.orderId) == ["C496116", "489725"])
        #expect(try await store.orders(of: Identifier(999)).isEmpty)
    }

    @Test(arguments: Kind.allCases)
    func customerSignalsFromMarksAnswersAndContacts(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        _ = try await store.importOrders([Self.order("A-1", "A"), Self.order("B-7", "B"), Self.order("N-1", nil)])
        let ids = try await Self.customerIds(store)
        let (a, b) = (ids["A"]!, ids["B"]!)
        _ = try await store.save(StoreContractTests.survey)

        func response(
            _ key: String, nps: Int?, customer: Customer.ID?, order: String?, at date: Date
        ) -> Response {
            var response = StoreContractTests.response(key, at: Int(date.timeIntervalSince1970))
            if let nps { response.answers["nps"] = .score(nps) } else { response.answers["nps"] = nil }
            response.context.customerId = customer
            response.context.orderId = order
            return response
        }
        let day = 86_400.0
        let inserted = try await store.insert(
            [
                [
                    // A: an answer naming them, one naming their order, and a skipped NPS (a contact, no score).
                    response("a1", nps: 3, customer: a, order: nil, at: Self.evening),
                    response("a2", nps: 8, customer: nil, order: "A-1", at: Self.evening.addingTimeInterval(2 * day)),
                    response("a3", nps: nil, customer: a, order: nil, at: Self.evening.addingTimeInterval(-5 * day)),
                    // B by their order; one naming B and A's order is B's only.
                    response("b1", nps: 10, customer: nil, order: "B-7", at: Self.evening.addingTimeInterval(day)),
                    response("b2", nps: 6, customer: b, order: "A-1", at: Self.evening.addingTimeInterval(3 * day)),
                    // Nobody's: an unknown order, and an order nobody is known for.
                    response("x1", nps: 0, customer: nil, order: "nope", at: Self.evening),
                    response("x2", nps: 0, customer: nil, order: "N-1", at: Self.evening),
                    // Will become a contact request's.
                    response("c1", nps: 9, customer: nil, order: nil, at: Self.evening.addingTimeInterval(10 * day)),
                ]
            ], indexed: StoreContractTests.indexed)
        let contactResponse = try inserted[0].get()[7].id
        let request = try await store.requestContact(
            Customer(id: Identifier(0), name: "Анна", phone: "+7 900 111-22-33", consentContact: true), contact: "+7 900 111-22-33",
            consent: ConsentProof(
                purpose: .contactAboutFeedback, text: "Согласна", version: "v1", locale: .ru,
                givenAt: Self.evening.addingTimeInterval(-20 * day), surveyId: Identifier(1), responseId: contactResponse))
        let contact = try #require(request.customerId)
        try await store.setMark(.referrer, true, customer: a)
        try await store.setMark(.thanked, true, customer: a)
        try await store.setMark(.image, true, customer: contact)

        let utc = try await store.customerSignals(timeZone: Self.utc)
        let bySignal = Dictionary(uniqueKeysWithValues: utc.map { ($0.customerId, $0) })
        #expect(utc.count == 3 && Set(bySignal.keys) == [a, b, contact])
        let evening = CivilDay.dayNumber(year: 2024, month: 3, day: 10)
        let signalA = try #require(bySignal[a])
        #expect(signalA.key == "A" && signalA.marks == [.referrer, .thanked])
        #expect(Set(signalA.npsAnswers) == [DatedScore(day: evening, score: 3), DatedScore(day: evening + 2, score: 8)])
        #expect(signalA.firstContactDay == evening - 5, "the skipped NPS still says they answered")
        let signalB = try #require(bySignal[b])
        #expect(signalB.key == "B" && signalB.marks.isEmpty && signalB.firstContactDay == evening + 1)
        #expect(Set(signalB.npsAnswers) == [DatedScore(day: evening + 1, score: 10), DatedScore(day: evening + 3, score: 6)])
        let signalContact = try #require(bySignal[contact])
        #expect(signalContact.key == "#\(contact.rawValue)", "no business id: ours")
        #expect(signalContact.marks == [.image] && signalContact.npsAnswers == [DatedScore(day: evening + 10, score: 9)])
        #expect(signalContact.firstContactDay == evening - 20, "asked to be contacted before the response's own date")

        // The same answers in Vladivostok are a day later: 20:00 UTC is 06:00 there the next morning.
        let east = try await store.customerSignals(timeZone: Self.vladivostok)
        let eastA = try #require(east.first { $0.customerId == a })
        #expect(Set(eastA.npsAnswers.map(\.day)) == [evening + 1, evening + 3] && eastA.firstContactDay == evening - 4)

        // The same rule labels responses by customer for the metrics (customer, value class, step).
        let stored = try inserted[0].get()
        let customerOf = Dictionary(uniqueKeysWithValues: try await store.responseCustomers().map { ($0.response, $0.customer) })
        func responses(of customer: Customer.ID) -> Set<UInt32> { Set(customerOf.filter { $0.value == customer }.keys) }
        func positions(_ list: [Int]) -> Set<UInt32> { Set(list.map { UInt32(stored[$0].id.rawValue) }) }
        #expect(responses(of: a) == positions([0, 1, 2]))
        #expect(responses(of: b) == positions([3, 4]), "b2 names B and A's order: B's only")
        #expect(responses(of: contact) == positions([7]))
        #expect(customerOf.count == 6, "responses naming neither a customer nor a known order have none")
    }

    @Test(arguments: Kind.allCases)
    func customersByIdsAndByPage(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        _ = try await store.importOrders((1...7).map { Self.order("o\($0)", "c\($0)") })
        var pages: [[Customer]] = []
        var cursor: Customer.ID?
        repeat {
            let page = try await store.customers(after: cursor, limit: 3)
            if !page.isEmpty { pages.append(page) }
            cursor = page.count == 3 ? page.last?.id : nil
        } while cursor != nil
        #expect(pages.map(\.count) == [3, 3, 1])
        let all = pages.flatMap { $0 }
        #expect(all.map(\.id) == all.map(\.id).sorted() && Set(all.compactMap(\.externalId)) == Set((1...7).map { "c\($0)" }))
        #expect(try await store.customers(after: all.last?.id, limit: 3).isEmpty)
        #expect(try await store.customers(after: nil, limit: 0).isEmpty)

        let wanted = [all[4].id, Identifier(999_999), all[1].id]
        #expect(Set(try await store.customers(ids: wanted)) == [all[4], all[1]], "those that exist")
        #expect(try await store.customers(ids: []).isEmpty)
        // More ids than one statement may carry: every real one still comes back once.
        let many = (10_000..<11_200).map { Customer.ID(Int64($0)) } + all.map(\.id)
        #expect(Set(try await store.customers(ids: many).map(\.id)) == Set(all.map(\.id)))
    }

    @Test(arguments: Kind.allCases)
    func marksGoOnAndOff(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        _ = try await store.importOrders([Self.order("1", "A")])
        let a = try #require(try await Self.customerIds(store)["A"])
        func marks() async throws -> Set<CustomerMark> {
            try await store.customerSignals(timeZone: Self.utc).first { $0.customerId == a }?.marks ?? []
        }
        try await store.setMark(.thanked, true, customer: a)
        try await store.setMark(.thanked, true, customer: a)
        try await store.setMark(.image, true, customer: a)
        #expect(try await marks() == [.thanked, .image])
        try await store.setMark(.thanked, false, customer: a)
        try await store.setMark(.referrer, false, customer: a)
        #expect(try await marks() == [.image])
        await #expect(throws: StoreError.notFound(entity: "customers", id: 999)) {
            try await store.setMark(.referrer, true, customer: Identifier(999))
        }
    }

    @Test(arguments: Kind.allCases)
    func settingsDefaultRoundTripAndRefusal(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        #expect(try await store.valueSettings() == ValueSettings())
        let chosen = ValueSettings(
            currency: "GBP", defaultMarginBasisPoints: 3_550, costPerOrder: 250, activityWindowMonths: 6, regularMinimumOrders: 4,
            advocateRule: .referrer)
        try await store.saveValueSettings(chosen)
        #expect(try await store.valueSettings() == chosen)
        var noMargin = chosen
        noMargin.defaultMarginBasisPoints = nil
        try await store.saveValueSettings(noMargin)
        #expect(try await store.valueSettings() == noMargin, "nil margin is kept as nil, not as 0")

        let invalid = ValueSettings(
            currency: "gb", defaultMarginBasisPoints: 10_001, costPerOrder: -1, activityWindowMonths: 0, regularMinimumOrders: 1)
        #expect(
            invalid.problems().map(\.field) == [
                "currency", "default_margin", "cost_per_order", "activity_window_months", "regular_minimum_orders",
            ])
        await #expect(throws: StoreError.invalid(invalid.problems())) { try await store.saveValueSettings(invalid) }
        #expect(try await store.valueSettings() == noMargin, "a refused save changes nothing")
    }

    @Test(arguments: Kind.allCases)
    func theMarkMovesOnEveryWriteAndNotOnReads(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        var seen = [try await store.valueMark()]
        func moved(_ what: Comment) async throws {
            let mark = try await store.valueMark()
            #expect(!seen.contains(mark), what)
            seen.append(mark)
        }
        func still(_ what: Comment) async throws {
            #expect(try await store.valueMark() == seen.last, what)
        }
        _ = try await store.importOrders([Self.order("1", "A")])
        try await moved("an import")
        _ = try await store.importOrders([Self.order("1", "A", amount: 2)])
        try await moved("an import that replaces")
        let a = try #require(try await Self.customerIds(store)["A"])
        _ = try await store.allOrders()
        _ = try await store.orders(of: a)
        _ = try await store.customerSignals(timeZone: Self.utc)
        _ = try await store.customers(ids: [a])
        _ = try await store.customers(after: nil, limit: 10)
        _ = try await store.valueSettings()
        try await still("reads")
        try await store.setMark(.referrer, true, customer: a)
        try await moved("a mark on")
        try await store.setMark(.referrer, false, customer: a)
        try await moved("a mark off")
        try await store.saveValueSettings(ValueSettings(currency: "EUR"))
        try await moved("settings")
        _ = try? await store.importOrders([Self.order("2", "B", location: 404)])
        _ = try? await store.saveValueSettings(ValueSettings(currency: "euro"))
        _ = try? await store.setMark(.image, true, customer: Identifier(404))
        try await still("refused writes")
    }
}
