import Foundation
import OtklikCore
import Testing

@testable import OtklikServer

/// A hand-checked slice of Online Retail II (Tests/Fixtures/online-retail-slice.csv): every line, in file
/// order, of nine customers chosen for an edge each, and 20 lines with no Customer ID — 286 lines in all.
///
/// The expected figures below were computed by a separate, hand-like Python script (csv, decimal.Decimal with
/// ROUND_HALF_UP — ties away from zero, also for negatives — and datetime), each rule of the value spec written
/// out literally, independent of the Swift code and of bench/value_reference.py's DuckDB (which agrees). No
/// margin and no cost per order: profit is revenue. What each customer is there for:
///
/// - 12989: 18 orders over 10 months with partial cancellations; first order 2009-12-10.
/// - 14103: one line (TEST001) at price 0: one order, revenue 0.
/// - 15302: one order on 2009-12-09 and a cancellation on 2009-12-17: leaves the 12-month window at the end
///   of 2010-12 (end 2010-12-10, window from 2009-12-10).
/// - 16663: one order on 2009-12-10 exactly: still inside [2009-12-10, 2010-12-10) — the start is inclusive.
/// - 17350: a PADS line at £0.001 × 1 (0.1 p rounds to 0, the file's only rounded line); 3 orders.
/// - 17485: only cancellations (C489610, 6 lines): no orders, revenue −£29.55; in Pareto and ABC, not in RFM
///   or cohorts.
/// - 17949: 74 orders in all 13 months; C496116 cancels order 496115 (£8,985.60) exactly.
/// - 17983: one order, 531756, whose 24 lines span 13:23 and 13:24: the order's time is the earliest line's.
/// - 18227: order 518982 (£295.00) cancelled a week later by C519683: revenue 0, one order, the last purchase
///   day is the order's, not the cancellation's.
///
/// The latest line is a no-customer line on 2010-12-09, so the analysis looks from 2010-12-10; the first line is
/// on 2009-12-01. The no-customer lines sum to −£53,367.81, mostly the "Adjust bad debt" line A506401.
@Suite("Customer value: the hand-checked Online Retail slice")
struct ValueSliceTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fixtures/online-retail-slice.csv").standardized.path
    static let london = TimeZone(identifier: "Europe/London")!

    static func day(_ text: String) -> Int { CivilDay.parse(Substring(text))! }

    struct Expected {
        var lines: Int
        var revenue: Int64
        var orders: Int
        var first: String?
        var last: String?
        var recency: Int?
        /// R, F, M.
        var rfm: [Int]?
        var segment: RFMSegment?
        var abc: ABCClass
        var group: ProfitGroup
    }

    /// Per customer, from the hand computation (recency = 2010-12-10 − last purchase day; R/F/M over the 8
    /// buyers by the number of buyers strictly worse).
    static let expected: [String: Expected] = [
        "12989": Expected(
            lines: 37, revenue: 599_229, orders: 18, first: "2009-12-10", last: "2010-10-11", recency: 60,
            rfm: [3, 4, 4], segment: .loyal, abc: .b, group: .middling),
        "14103": Expected(
            lines: 1, revenue: 0, orders: 1, first: "2010-02-12", last: "2010-02-12", recency: 301,
            rfm: [2, 1, 1], segment: .hibernating, abc: .c, group: .middling),
        "15302": Expected(
            lines: 16, revenue: 29_105, orders: 1, first: "2009-12-09", last: "2009-12-09", recency: 366,
            rfm: [1, 1, 3], segment: .hibernating, abc: .c, group: .middling),
        "16663": Expected(
            lines: 1, revenue: 16_500, orders: 1, first: "2009-12-10", last: "2009-12-10", recency: 365,
            rfm: [1, 1, 2], segment: .hibernating, abc: .c, group: .middling),
        "17350": Expected(
            lines: 75, revenue: 61_997, orders: 3, first: "2010-02-01", last: "2010-11-10", recency: 30,
            rfm: [4, 4, 4], segment: .loyal, abc: .c, group: .middling),
        "17485": Expected(
            lines: 6, revenue: -2_955, orders: 0, first: nil, last: nil, recency: nil, rfm: nil, segment: nil, abc: .c,
            group: .unprofitable),
        "17949": Expected(
            lines: 104, revenue: 4_614_475, orders: 74, first: "2009-12-02", last: "2010-12-03", recency: 7,
            rfm: [5, 5, 5], segment: .champions, abc: .a, group: .profitable),
        "17983": Expected(
            lines: 24, revenue: 17_171, orders: 1, first: "2010-11-09", last: "2010-11-09", recency: 31,
            rfm: [4, 1, 2], segment: .promising, abc: .c, group: .middling),
        "18227": Expected(
            lines: 2, revenue: 0, orders: 1, first: "2010-08-12", last: "2010-08-12", recency: 120,
            rfm: [2, 1, 1], segment: .hibernating, abc: .c, group: .middling),
    ]

    /// The file read as the CLI reads it, and the orders given customer ids of our own (1… by business id).
    static func read() throws -> (orders: [CustomerOrder], outcome: OrderFileImport.Outcome, ids: [String: Customer.ID]) {
        let reader = try OrderFileImport(
            try ImportSource(.file(path: file), encoding: .auto), preset: .onlineRetail, mapping: [], timeZone: london, locations: [],
            channels: [])
        let (imported, outcome) = try reader.read()
        let externals = Set(imported.compactMap(\.customerExternalId)).sorted()
        let ids = Dictionary(uniqueKeysWithValues: externals.enumerated().map { ($1, Customer.ID(Int64($0 + 1))) })
        let orders = imported.map { line in
            var order = line.order
            order.customerId = line.customerExternalId.map { ids[$0]! }
            return order
        }
        return (orders, outcome, ids)
    }

    static func analysis() throws -> (ValueAnalysis, [CustomerOrder], [String: Customer.ID]) {
        let (orders, _, ids) = try read()
        // Signals name each customer by their business id: equal profits (14103 and 18227, both 0) order by it.
        let signals = ids.map { CustomerSignals(customerId: $1, key: $0) }
        let analysis = ValueAnalysis(
            orders: orders, customers: signals, settings: ValueSettings(currency: "GBP"), timeZone: london, today: day("2025-01-01"))
        return (analysis, orders, ids)
    }

    @Test func theFileReadsAsTheHandCountSays() throws {
        let (orders, outcome, ids) = try Self.read()
        #expect(outcome.problems.isEmpty && outcome.rejected == 0, "\(outcome.problems)")
        #expect(outcome.lines == 286 && outcome.customers == 9 && ids.count == 9)
        // 129 invoices: 108 without and 21 with the "C" of a cancellation.
        #expect(outcome.orders == 108 && outcome.cancellations == 21 && orders.count == 129)
        #expect(outcome.linesWithoutCustomer == 20 && outcome.amountWithoutCustomer == -5_336_781)
        #expect(outcome.roundedLines == 1, "17350's PADS line at £0.001")
        #expect(orders.reduce(0) { $0 + $1.lines } == 286)
        let byId = Dictionary(uniqueKeysWithValues: orders.map { ($0.orderId, $0) })
        // 531756's lines say 13:23 and 13:24 (GMT in November): the order is placed at the earliest.
        #expect(byId["531756"]?.placedAt == Date(timeIntervalSince1970: 1_289_308_980) && byId["531756"]?.lines == 24)
        // 518982 at 16:45 in August is 15:45 UTC (British Summer Time).
        #expect(byId["518982"]?.placedAt == Date(timeIntervalSince1970: 1_281_627_900) && byId["518982"]?.amount == 29_500)
        #expect(byId["C519683"]?.amount == -29_500 && byId["C519683"]?.isCancellation == true)
        #expect(byId["C489610"]?.customerId == ids["17485"] && byId["C489610"]?.lines == 6)
        // A506401 ("Adjust bad debt", no customer) is a sale line with a negative price, not a cancellation.
        #expect(byId["A506401"]?.amount == -5_359_436 && byId["A506401"]?.isCancellation == false && byId["A506401"]?.customerId == nil)
        // C496350 starts with C, so it is a cancellation, though its quantity is positive.
        #expect(byId["C496350"]?.amount == 37_357 && byId["C496350"]?.isCancellation == true)
    }

    @Test func everyCustomerAsComputedByHand() throws {
        let (analysis, _, ids) = try Self.analysis()
        #expect(analysis.asOfDay == Self.day("2010-12-10") && analysis.firstDataDay == Self.day("2009-12-01"))
        for (external, expected) in Self.expected {
            let value = try #require(analysis.customers.first { $0.customerId == ids[external] }, "\(external)")
            #expect(value.key == external)
            #expect(value.revenue == expected.revenue && value.cost == 0 && value.profit == expected.revenue, "\(external)")
            #expect(value.orders == expected.orders, "\(external)")
            #expect(
                value.firstPurchaseDay == expected.first.map(Self.day) && value.lastPurchaseDay == expected.last.map(Self.day),
                "\(external)")
            #expect(value.recencyDays == expected.recency, "\(external)")
            #expect(value.rfm.map { [$0.recency, $0.frequency, $0.monetary] } == expected.rfm, "\(external)")
            #expect(value.rfm?.segment == expected.segment, "\(external)")
            #expect(value.abc == expected.abc && value.profitGroup == expected.group, "\(external)")
        }
        // Profit descending, the two zeros by business id as text.
        #expect(analysis.customers.map(\.key) == ["17949", "12989", "17350", "15302", "17983", "16663", "14103", "18227", "17485"])
        #expect(analysis.customers.map { $0.rank ?? 0 } == Array(1...9))
        let totals = analysis.totals
        #expect(totals.customers == 9 && totals.buyers == 8 && totals.orders == 100)
        #expect(totals.revenue == 5_335_522 && totals.profit == 5_335_522 && totals.cost == 0)
        #expect(totals.lines == 286 && totals.linesWithoutCustomer == 20 && totals.amountWithoutCustomer == -5_336_781)
        #expect(totals.ordersWithoutCustomer == 11, "8 invoices and 3 cancellations without a customer")
        #expect(Self.expected.values.reduce(0) { $0 + $1.lines } + 20 == 286)
    }

    @Test func paretoCohortsAndRetention() throws {
        let (analysis, _, _) = try Self.analysis()
        // 17949 alone brings 4,614,475 of 5,335,522 (86.5% ≥ 80%).
        #expect(analysis.pareto.topCustomers == 1 && analysis.pareto.customers == 9)
        #expect(analysis.pareto.topProfit == 4_614_475 && analysis.pareto.totalProfit == 5_335_522)

        let cohorts = analysis.cohorts.map { (CivilDay.monthLabel(ofMonthIndex: $0.monthIndex), $0.size, $0.active) }
        let expectedCohorts: [(String, Int, [Int])] = [
            ("2009-12", 4, [4, 2, 2, 2, 2, 1, 2, 2, 1, 2, 2, 1, 1]),  // 12989, 15302, 16663, 17949
            ("2010-02", 2, [2, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]),  // 14103, 17350
            ("2010-08", 1, [1, 0, 0, 0, 0]),  // 18227
            ("2010-11", 1, [1, 0]),  // 17983
        ]
        #expect(cohorts.count == expectedCohorts.count)
        for (actual, expected) in zip(cohorts, expectedCohorts) {
            #expect(actual.0 == expected.0 && actual.1 == expected.1 && actual.2 == expected.2, "\(actual) ≠ \(expected)")
        }

        // S, E, N of each month (customers with an order in the 12 months before its start and its end, and new
        // in it): 100% until 2010-12, when 15302 (last order 2009-12-09) leaves and 16663 (2009-12-10) stays.
        let expectedCRR: [(String, Int, Int, Int)] = [
            ("2010-01", 4, 4, 0), ("2010-02", 4, 6, 2), ("2010-03", 6, 6, 0), ("2010-04", 6, 6, 0), ("2010-05", 6, 6, 0),
            ("2010-06", 6, 6, 0), ("2010-07", 6, 6, 0), ("2010-08", 6, 7, 1), ("2010-09", 7, 7, 0), ("2010-10", 7, 7, 0),
            ("2010-11", 7, 8, 1), ("2010-12", 8, 7, 0),
        ]
        let crr = analysis.retention.map { (CivilDay.monthLabel(ofMonthIndex: $0.monthIndex), $0.atStart, $0.atEnd, $0.new) }
        #expect(crr.count == expectedCRR.count)
        for (actual, expected) in zip(crr, expectedCRR) { #expect(actual == expected) }
        #expect(analysis.retention.dropLast().allSatisfy { $0.retentionRate == 100 })
        let december = try #require(analysis.retention.last)
        #expect(december.startDay == Self.day("2010-12-01") && december.endDay == Self.day("2010-12-10"), "ends at the analysis day")
        #expect(december.retentionRate == 87.5 && december.churnRate == 12.5)
    }

    /// Segments are read two at a time and merged in file order: however the file is cut (down to one line per
    /// segment), the orders and the outcome are the same.
    @Test(arguments: [40, 64, 300, 1_000, 5_000])
    func segmentSizeChangesNothing(bytes: Int) throws {
        func read(_ segmentSize: Int) throws -> (orders: [ImportedOrder], outcome: OrderFileImport.Outcome) {
            try OrderFileImport(
                try ImportSource(.file(path: Self.file), encoding: .auto, segmentSize: segmentSize), preset: .onlineRetail, mapping: [],
                timeZone: Self.london, locations: [], channels: []
            ).read()
        }
        let whole = try read(8 << 20)
        let pieces = try read(bytes)
        #expect(pieces.orders == whole.orders)
        #expect(pieces.outcome == whole.outcome)
    }

    /// An order whose lines name two customers is refused with the later line's number — also when the two
    /// lines fall in different segments, where the merge reports line 0.
    @Test func aConflictAcrossSegmentsNamesItsLine() throws {
        let text =
            "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"
            + "489434,85048,BALL,12,2009-12-01 07:45:00,6.95,13085,United Kingdom\n\n\n\n"
            + "489434,85049,BALL,1,2009-12-01 07:45:00,1.00,99999,United Kingdom\n"
        for segmentSize in [1 << 20, 64] {
            let reader = try OrderFileImport(
                try ImportSource(.bytes(Array(text.utf8)), encoding: .auto, segmentSize: segmentSize), preset: .onlineRetail, mapping: [],
                timeZone: Self.london, locations: [], channels: [])
            let problems = try reader.read().outcome.problems
            #expect(problems.map(\.reason) == ["order 489434 names customer 99999, an earlier line 13085"], "\(segmentSize)")
            #expect(problems.map(\.line) == [6], "\(segmentSize)")
        }
    }

    /// The summary the CLI prints and the reference script's keys agree on, for the slice.
    @Test func summaryMatchesTheReferenceKeys() throws {
        let (analysis, _, _) = try Self.analysis()
        let summary = ValueSummary(analysis)
        #expect(summary.customers == 9 && summary.lines == 286 && summary.asOf == "2010-12-10")
        #expect(summary.abc == ["A": 1, "B": 1, "C": 7])
        #expect(summary.subgroups == ["profitable": 1, "middling": 7, "unprofitable": 1])
        #expect(summary.rfmCustomers == 8)
        #expect(summary.rfmScores == ["R": [2, 2, 1, 2, 1], "F": [5, 0, 0, 2, 1], "M": [2, 2, 1, 2, 1]])
        #expect(summary.rfmSegments.filter { $0.value > 0 } == ["champions": 1, "loyal": 2, "promising": 1, "hibernating": 4])
        #expect(summary.rfmSegments.count == RFMSegment.allCases.count)
    }
}
