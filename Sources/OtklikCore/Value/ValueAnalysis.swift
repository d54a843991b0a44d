import Foundation

/// Customer value as of one day: each customer's money and rhythm, the Pareto curve and ABC classes, RFM, the
/// loyalty ladder then and over time, cohorts and retention. Built from orders in one pass and a few sorts
/// (milliseconds for thousands of customers); every figure's definition is in docs/domain.md §4.
public struct ValueAnalysis: Sendable {
    public let settings: ValueSettings
    /// The day the analysis looks from: the day after the latest order (a file of last year reads as of its
    /// end, a live business as of today).
    public let asOfDay: Int
    /// The day of the earliest order of any kind (with or without a customer); nil without orders.
    public let firstDataDay: Int?
    /// Every customer: those with orders by profit (best first, equal profits by key), then the rest by key.
    public private(set) var customers: [CustomerValue]
    public let totals: Totals
    public let pareto: Pareto
    public private(set) var cohorts: [Cohort]
    public private(set) var retention: [RetentionPeriod]
    /// The median days between a customer's first and second purchase: when a one-time buyer is due back.
    public let usualSecondPurchaseDays: Double?

    /// Each customer's purchase days, ascending (an order each, so a day may repeat), in `customers` order.
    let purchaseDays: [Int32]
    let purchaseOffsets: [Int]
    let firstContactDays: [Int?]
    let npsAnswers: [[DatedScore]]

    public struct Totals: Hashable, Sendable {
        /// Customers with at least one order or cancellation.
        public var customers = 0
        /// Customers with at least one order.
        public var buyers = 0
        public var orders = 0
        public var revenue: Int64 = 0
        public var cost: Int64 = 0
        public var profit: Int64 { revenue - cost }
        /// Lines of the imported files the orders were made of.
        public var lines = 0
        /// Orders and cancellations with no customer: counted here, never attributed.
        public var ordersWithoutCustomer = 0
        public var linesWithoutCustomer = 0
        public var amountWithoutCustomer: Int64 = 0
    }

    public struct Pareto: Hashable, Sendable {
        /// The fewest top customers who bring at least 80% of profit …
        public var topCustomers = 0
        /// … out of this many …
        public var customers = 0
        /// … and what they bring, out of `totalProfit`.
        public var topProfit: Int64 = 0
        public var totalProfit: Int64 = 0
        /// The cumulative curve at every 1% of customers (101 points from none to all).
        public var curve: [Point] = []

        public struct Point: Hashable, Sendable {
            public var customers: Int
            public var profit: Int64
        }

        public var customerShare: Double { customers > 0 ? Double(topCustomers) / Double(customers) : 0 }
        public var profitShare: Double { totalProfit != 0 ? Double(topProfit) / Double(totalProfit) : 0 }
    }

    /// The customers who first bought in one month, and how many of them bought again in each month after.
    public struct Cohort: Hashable, Sendable {
        public var monthIndex: Int
        public var size: Int
        /// `active[k]`: customers of the cohort with an order in the month `k` months after theirs.
        public var active: [Int]
    }

    /// CRR = (E − N) / S × 100 for one month: S customers at its start, E at its end, N new in it, a customer
    /// at a date being one with an order in the activity window before it.
    public struct RetentionPeriod: Hashable, Sendable {
        public var monthIndex: Int
        public var startDay: Int
        /// Exclusive; the analysis day for the current month.
        public var endDay: Int
        public var atStart: Int
        public var atEnd: Int
        public var new: Int
        public var retentionRate: Double? { atStart > 0 ? Double(atEnd - new) / Double(atStart) * 100 : nil }
        public var churnRate: Double? { retentionRate.map { 100 - $0 } }
    }

    public init(orders: [CustomerOrder], customers signals: [CustomerSignals], settings: ValueSettings, timeZone: TimeZone, today: Int) {
        self.init(orders: OrderFacts(orders), customers: signals, settings: settings, timeZone: timeZone, today: today)
    }

    public init(orders: OrderFacts, customers signals: [CustomerSignals], settings: ValueSettings, timeZone: TimeZone, today: Int) {
        self.settings = settings
        var converter = LocalDayConverter(timeZone: timeZone)
        var signals = signals
        // Each customer's slot by id: an array while ids are dense (a store's ids count up from 1), a dictionary
        // otherwise; a hash per order was a tenth of the analysis.
        let largestID = signals.map(\.customerId.rawValue).max() ?? 0
        let denseSlots = largestID < 4 * Int64(signals.count) + 1_024
        var slotByID = denseSlots ? [Int32](repeating: -1, count: Int(largestID) + 1) : []
        var slotOf: [Int64: Int] = [:]
        for (slot, signal) in signals.enumerated() {
            if denseSlots { slotByID[Int(signal.customerId.rawValue)] = Int32(slot) } else { slotOf[signal.customerId.rawValue] = slot }
        }
        func knownSlot(_ id: Int64) -> Int? {
            if denseSlots, id >= 0 && id < slotByID.count && slotByID[Int(id)] >= 0 { return Int(slotByID[Int(id)]) }
            // Customers the signals did not list (an order of a customer added since) are kept here.
            return slotOf[id]
        }

        var revenue = [Int64](repeating: 0, count: signals.count)
        var knownCost = [Int64](repeating: 0, count: signals.count)
        var revenueOfUnknownCost = [Int64](repeating: 0, count: signals.count)
        var orderCount = [Int](repeating: 0, count: signals.count)
        var hasLines = [Bool](repeating: false, count: signals.count)
        var purchases: [(slot: Int32, day: Int32)] = []
        purchases.reserveCapacity(orders.count)
        var totals = Totals()
        var latestDay = Int.min
        var firstDay = Int.max
        for i in 0..<orders.count {
            let day = converter.day(ofUnixSeconds: orders.placedAt[i])
            latestDay = max(latestDay, day)
            firstDay = min(firstDay, day)
            let (lines, amount, cost) = (Int(orders.lines[i]), orders.amounts[i], orders.costs[i])
            totals.lines += lines
            let customer = orders.customerIds[i]
            guard customer != 0 else {
                totals.linesWithoutCustomer += lines
                totals.ordersWithoutCustomer += 1
                totals.amountWithoutCustomer += amount
                continue
            }
            let slot: Int
            if let known = knownSlot(customer) {
                slot = known
            } else {
                slot = signals.count
                slotOf[customer] = slot
                signals.append(CustomerSignals(customerId: Identifier(customer), key: "#\(customer)"))
                revenue.append(0)
                knownCost.append(0)
                revenueOfUnknownCost.append(0)
                orderCount.append(0)
                hasLines.append(false)
            }
            hasLines[slot] = true
            revenue[slot] += amount
            if cost != OrderFacts.unknownCost { knownCost[slot] += cost } else { revenueOfUnknownCost[slot] += amount }
            if !orders.isCancellation[i] {
                orderCount[slot] += 1
                purchases.append((Int32(slot), Int32(day)))
            }
        }
        asOfDay = latestDay == Int.min ? today : latestDay + 1
        firstDataDay = firstDay == Int.max ? nil : firstDay
        let asOfDay = asOfDay

        // Purchase days by customer, ascending: placed by slot (a counting sort), then each customer's few sorted.
        var offsetsBySlot = [Int](repeating: 0, count: signals.count + 1)
        for purchase in purchases { offsetsBySlot[Int(purchase.slot) + 1] += 1 }
        for slot in 0..<signals.count { offsetsBySlot[slot + 1] += offsetsBySlot[slot] }
        var daysBySlot = [Int32](repeating: 0, count: purchases.count)
        var next = offsetsBySlot
        for purchase in purchases {
            daysBySlot[next[Int(purchase.slot)]] = purchase.day
            next[Int(purchase.slot)] += 1
        }
        for slot in 0..<signals.count where offsetsBySlot[slot + 1] - offsetsBySlot[slot] > 1 {
            daysBySlot[offsetsBySlot[slot]..<offsetsBySlot[slot + 1]].sort()
        }
        func days(_ slot: Int) -> ArraySlice<Int32> { daysBySlot[offsetsBySlot[slot]..<offsetsBySlot[slot + 1]] }

        // Usual days from a first to a second purchase (distinct days), for one-time buyers.
        var secondIntervals: [Int] = []
        for slot in signals.indices {
            let own = days(slot)
            if let first = own.first, let second = own.first(where: { $0 > first }) { secondIntervals.append(Int(second - first)) }
        }
        secondIntervals.sort()
        let usualSecond: Double? =
            secondIntervals.isEmpty
            ? nil
            : secondIntervals.count % 2 == 1
                ? Double(secondIntervals[secondIntervals.count / 2])
                : Double(secondIntervals[secondIntervals.count / 2 - 1] + secondIntervals[secondIntervals.count / 2]) / 2
        usualSecondPurchaseDays = usualSecond

        // Each customer's money and rhythm.
        var values: [CustomerValue] = signals.indices.map { slot in
            let signal = signals[slot]
            let own = days(slot)
            var cost = knownCost[slot] + Int64(orderCount[slot]) * settings.costPerOrder
            if let margin = settings.defaultMarginBasisPoints {
                cost += Money.scaled(revenueOfUnknownCost[slot], by: Int64(10_000 - margin), over: 10_000)
            }
            var value = CustomerValue(
                customerId: signal.customerId, key: signal.key, revenue: revenue[slot], cost: cost, orders: orderCount[slot],
                abc: nil, profitGroup: nil, rank: nil, rfm: nil, step: .potential,
                latestNPS: signal.npsAnswers.max { ($0.day, $0.score) < ($1.day, $1.score) }, marks: signal.marks)
            if let first = own.first, let last = own.last {
                value.firstPurchaseDay = Int(first)
                value.lastPurchaseDay = Int(last)
                value.recencyDays = asOfDay - Int(last)
                value.tenureDays = asOfDay - Int(first)
                // The intervals between distinct purchase days, walked twice in place (mean, then spread) instead
                // of gathered into arrays: two allocations per customer were a fifth of the analysis.
                func forEachInterval(_ body: (Double) -> Void) {
                    var previous = own.first!
                    for day in own where day != previous {
                        body(Double(day - previous))
                        previous = day
                    }
                }
                var (intervals, total) = (0, 0.0)
                forEachInterval { interval in (intervals, total) = (intervals + 1, total + interval) }
                if intervals > 0 {
                    let mean = total / Double(intervals)
                    value.meanIntervalDays = mean
                    if intervals >= 2 {
                        var squares = 0.0
                        forEachInterval { squares += ($0 - mean) * ($0 - mean) }
                        value.regularity = max(0, 1 - (squares / Double(intervals)).squareRoot() / mean)
                    }
                }
                let firstMonth = CivilDay.monthIndex(ofDay: Int(first))
                let months = CivilDay.monthIndex(ofDay: asOfDay - 1) - firstMonth + 1
                // Days ascend, so a month with a purchase is one where the month changes.
                var activeMonths = 0
                var lastMonth = Int.min
                for day in own {
                    let month = CivilDay.monthIndex(ofDay: Int(day))
                    if month != lastMonth { (activeMonths, lastMonth) = (activeMonths + 1, month) }
                }
                value.activeMonthsShare = Double(activeMonths) / Double(max(months, 1))
                let usual = value.meanIntervalDays ?? usualSecond
                if let usual, usual > 0 { value.overdue = Double(asOfDay - Int(last)) / usual }
            }
            return value
        }

        // Pareto and ABC over customers with orders or cancellations, by profit.
        var ranked = signals.indices.filter { hasLines[$0] }
        ranked.sort { values[$0].profit != values[$1].profit ? values[$0].profit > values[$1].profit : values[$0].key < values[$1].key }
        let totalProfit = ranked.reduce(Int64(0)) { $0 + values[$1].profit }
        var pareto = Pareto(customers: ranked.count, totalProfit: totalProfit)
        var cumulative: Int64 = 0
        for (position, slot) in ranked.enumerated() {
            let before = cumulative
            cumulative += values[slot].profit
            values[slot].rank = position + 1
            let abc: ABCClass =
                Self.isBelow(before, percent: 80, of: totalProfit) ? .a : Self.isBelow(before, percent: 95, of: totalProfit) ? .b : .c
            values[slot].abc = abc
            values[slot].profitGroup =
                values[slot].profit < 0 ? .unprofitable : (abc == .a && values[slot].profit > 0 ? .profitable : .middling)
            if pareto.topCustomers == 0, totalProfit > 0, !Self.isBelow(cumulative, percent: 80, of: totalProfit) {
                pareto.topCustomers = position + 1
                pareto.topProfit = cumulative
            }
        }
        if !ranked.isEmpty {
            var running: Int64 = 0
            var next = 0
            for percent in 0...100 {
                let count = (ranked.count * percent + 99) / 100
                while next < count {
                    running += values[ranked[next]].profit
                    next += 1
                }
                pareto.curve.append(Pareto.Point(customers: count, profit: running))
            }
        }
        self.pareto = pareto

        // RFM over buyers: a score by how many buyers do worse.
        let buyers = signals.indices.filter { orderCount[$0] > 0 }
        let recencies = buyers.map { values[$0].recencyDays! }.sorted()
        let frequencies = buyers.map { orderCount[$0] }.sorted()
        let monetaries = buyers.map { revenue[$0] }.sorted()
        for slot in buyers {
            let worseRecency = recencies.count - Self.upperBound(recencies, values[slot].recencyDays!)
            values[slot].rfm = RFMScore(
                recency: RFMScore.score(worseCount: worseRecency, of: buyers.count),
                frequency: RFMScore.score(worseCount: Self.lowerBound(frequencies, orderCount[slot]), of: buyers.count),
                monetary: RFMScore.score(worseCount: Self.lowerBound(monetaries, revenue[slot]), of: buyers.count))
        }

        totals.customers = ranked.count
        totals.buyers = buyers.count
        for slot in ranked {
            totals.orders += orderCount[slot]
            totals.revenue += values[slot].revenue
            totals.cost += values[slot].cost
        }
        self.totals = totals

        // The customers in their order for the pages, with what the step rule needs in the same order.
        let order = ranked + signals.indices.filter { !hasLines[$0] }.sorted { signals[$0].key < signals[$1].key }
        var orderedDays: [Int32] = []
        orderedDays.reserveCapacity(daysBySlot.count)
        var orderedOffsets = [0]
        for slot in order {
            orderedDays.append(contentsOf: days(slot))
            orderedOffsets.append(orderedDays.count)
        }
        purchaseDays = orderedDays
        purchaseOffsets = orderedOffsets
        firstContactDays = order.map { signals[$0].firstContactDay }
        npsAnswers = order.map { slot in
            let answers = signals[slot].npsAnswers
            return answers.count < 2 ? answers : answers.sorted { ($0.day, $0.score) < ($1.day, $1.score) }
        }
        customers = order.map { values[$0] }
        cohorts = []
        retention = []
        for position in customers.indices { customers[position].step = step(of: position, at: asOfDay) ?? .potential }
        cohorts = Self.cohorts(buyers: buyers.map { days($0) }, lastMonth: CivilDay.monthIndex(ofDay: asOfDay - 1))
        retention = retentionPeriods()
    }

    /// `value < percent% of total`, exactly.
    private static func isBelow(_ value: Int64, percent: Int64, of total: Int64) -> Bool {
        let left = value.multipliedFullWidth(by: 100)
        let right = total.multipliedFullWidth(by: percent)
        return (left.high, left.low) < (right.high, right.low)
    }

    /// Index of the first element ≥ `value` in ascending `sorted`.
    static func lowerBound<T: Comparable>(_ sorted: some RandomAccessCollection<T>, _ value: T) -> Int {
        var low = sorted.startIndex
        var count = sorted.count
        while count > 0 {
            let half = count / 2
            let middle = sorted.index(low, offsetBy: half)
            if sorted[middle] < value {
                low = sorted.index(after: middle)
                count -= half + 1
            } else {
                count = half
            }
        }
        return sorted.distance(from: sorted.startIndex, to: low)
    }

    /// Index of the first element > `value` in ascending `sorted`.
    static func upperBound<T: Comparable>(_ sorted: some RandomAccessCollection<T>, _ value: T) -> Int {
        var low = sorted.startIndex
        var count = sorted.count
        while count > 0 {
            let half = count / 2
            let middle = sorted.index(low, offsetBy: half)
            if !(value < sorted[middle]) {
                low = sorted.index(after: middle)
                count -= half + 1
            } else {
                count = half
            }
        }
        return sorted.distance(from: sorted.startIndex, to: low)
    }
}
