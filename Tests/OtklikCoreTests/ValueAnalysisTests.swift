import Foundation
import PropertyBased
import Testing

@testable import OtklikCore

// MARK: - Money

@Suite("Money in minor units")
struct MoneyTests {
    @Test(
        arguments: [
            ("6.95", 695, 2), ("-53594.36", -5_359_436, 2), ("0,5", 5, 1), ("1 234,50", 123_450, 2), ("1\u{00A0}234", 1_234, 0),
            ("+3.", 3, 0), ("  -0.001", -1, 3), ("0.0", 0, 1), ("123456789012345678", 123_456_789_012_345_678, 0),
        ] as [(String, Int64, Int)])
    func readsDecimalsAsWritten(text: String, mantissa: Int64, scale: Int) throws {
        let value = try #require(Money.ExactDecimal(Substring(text)), "\(text)")
        #expect(value == Money.ExactDecimal(mantissa: mantissa, scale: scale), "\(text)")
    }

    /// 19 digits do not fit an Int64 mantissa for every value, so the reader stops at 18 rather than wrap.
    @Test(arguments: [
        "", " ", "-", ".", "1.2.3", "0,5,1", "12a", "1e5", "0x10", "--1", "1-", "1 234,5 0", "１２", "1234567890123456789",
        "0.000000000000000001",
    ])
    func refusesWhatIsNotADecimal(text: String) {
        #expect(Money.ExactDecimal(Substring(text)) == nil, "\(text)")
    }

    @Test(
        arguments: [
            (5, 3, 1, false), (-5, 3, -1, false), (4, 3, 0, false), (-4, 3, 0, false), (15, 3, 2, false), (-15, 3, -2, false),
            (-25, 3, -3, false), (14_999, 6, 1, false), (-14_999, 6, -1, false), (1, 3, 0, false), (695, 2, 695, true),
            (5, 1, 50, true), (12, 0, 1_200, true), (1_230, 3, 123, true), (-1_230, 3, -123, true), (0, 5, 0, true),
            (4_000_000_000_000_000_000, 21, 0, false), (5, 30, 0, false),
        ] as [(Int64, Int, Int64, Bool)])
    func minorUnitsRoundHalfAwayFromZero(mantissa: Int64, scale: Int, minor: Int64, exact: Bool) throws {
        let rounded = try #require(Money.ExactDecimal(mantissa: mantissa, scale: scale).minorUnits)
        #expect(rounded.value == minor && rounded.exact == exact, "\(mantissa)e-\(scale) → \(rounded)")
    }

    @Test func minorUnitsThatDoNotFitAreNil() {
        #expect(Money.ExactDecimal(mantissa: 999_999_999_999_999_999, scale: 0).minorUnits == nil)
        #expect(Money.ExactDecimal(mantissa: -100_000_000_000_000_000, scale: 0).minorUnits == nil)
    }

    /// 0.5 × 0.01 = 0.005 is half a penny and rounds to 1; at scale 21 the divisor 10^19 does not fit in an Int64
    /// — the only scale where a mantissa that fits can still reach half a minor unit.
    @Test func halfAPennyAtScale21RoundsAway() throws {
        let price = try #require(Money.ExactDecimal("0.01000000000"))
        let product = try #require(Money.ExactDecimal("0.5000000000")?.multiplied(by: price))
        #expect(product == Money.ExactDecimal(mantissa: 5_000_000_000_000_000_000, scale: 21))
        #expect(product.minorUnits?.value == 1)
        #expect(Money.ExactDecimal(mantissa: -9_000_000_000_000_000_000, scale: 21).minorUnits?.value == -1)
        #expect(Money.ExactDecimal(mantissa: 4_999_999_999_999_999_999, scale: 21).minorUnits?.value == 0)
        #expect(Money.ExactDecimal(mantissa: 9_000_000_000_000_000_000, scale: 22).minorUnits?.value == 0)
    }

    /// Quantity × price rounded to pence against integer arithmetic, and a line and its cancellation (the same
    /// line with the quantity negated) net to exactly zero: rounding half up towards +∞ would leave a penny.
    @Test func aPurchaseAndItsCancellationNetToZero() async {
        await propertyCheck(
            count: 500, input: Gen.int(in: 1...10_000), Gen.int(in: 0...9_999_999), Gen.int(in: 0...5)
        ) { quantity, priceMantissa, priceScale in
            let price = Money.ExactDecimal(mantissa: Int64(priceMantissa), scale: priceScale)
            let sale = Money.ExactDecimal(mantissa: Int64(quantity), scale: 0).multiplied(by: price)?.minorUnits
            let cancellation = Money.ExactDecimal(mantissa: -Int64(quantity), scale: 0).multiplied(by: price)?.minorUnits
            guard let sale, let cancellation else {
                Issue.record("\(quantity) × \(price) did not fit")
                return
            }
            #expect(sale.value + cancellation.value == 0, "\(quantity) × \(price)")
            // Pence = n × 100 / 10^scale, half away from zero, in plain integers (small enough not to overflow).
            let hundredfold = quantity * priceMantissa * 100
            var divisor = 1
            for _ in 0..<priceScale { divisor *= 10 }
            let pence = (2 * hundredfold + divisor) / (2 * divisor)
            #expect(sale.value == Int64(pence) && sale.exact == (hundredfold % divisor == 0), "\(quantity) × \(price)")
        }
    }

    @Test func scaledRoundsHalfAwayFromZero() {
        #expect(Money.scaled(5, by: 1, over: 2) == 3)
        #expect(Money.scaled(-5, by: 1, over: 2) == -3)
        #expect(Money.scaled(5, by: -1, over: 2) == -3)
        #expect(Money.scaled(3, by: 1, over: 2) == 2)
        #expect(Money.scaled(1, by: 1, over: 3) == 0)
        #expect(Money.scaled(2, by: 1, over: 3) == 1)
        #expect(Money.scaled(-2, by: 1, over: 3) == -1)
        #expect(Money.scaled(0, by: 7, over: 3) == 0)
        // A margin of 35% on £123.45: cost £80.2425 → £80.24.
        #expect(Money.scaled(12_345, by: 6_500, over: 10_000) == 8_024)
        // The product needs 128 bits; the result fits (computed with Python's Decimal).
        #expect(Money.scaled(Int64.max, by: 6_500, over: 10_000) == 5_995_191_823_955_604_275)
        #expect(Money.scaled(-Int64.max, by: 6_500, over: 10_000) == -5_995_191_823_955_604_275)
    }

    @Test func scaledMatchesIntegerArithmetic() async {
        await propertyCheck(
            count: 500, input: Gen.int(in: -10_000_000...10_000_000), Gen.int(in: -10_000...10_000), Gen.int(in: 1...10_000)
        ) { a, b, c in
            let product = a * b
            let magnitude = (2 * abs(product) + c) / (2 * c)
            #expect(Money.scaled(Int64(a), by: Int64(b), over: Int64(c)) == Int64(product < 0 ? -magnitude : magnitude), "\(a)×\(b)/\(c)")
        }
    }

    @Test(
        arguments: [
            (0, "0.00"), (5, "0.05"), (-7, "-0.07"), (100, "1.00"), (-100, "-1.00"), (123_450, "1234.50"),
            (-5_359_436, "-53594.36"), (Int64.max, "92233720368547758.07"), (Int64.min, "-92233720368547758.08"),
        ] as [(Int64, String)])
    func plainText(minor: Int64, text: String) {
        #expect(Money.plainText(minor) == text)
    }

    @Test func plainTextReadsBack() async {
        await propertyCheck(count: 300, input: Gen.int(in: -1_000_000_000_000...1_000_000_000_000)) { minor in
            let text = Money.plainText(Int64(minor))
            let back = Money.ExactDecimal(Substring(text))?.minorUnits
            #expect(back?.value == Int64(minor) && back?.exact == true, "\(text)")
        }
    }
}

// MARK: - Calendar months

@Suite("Calendar months of the activity window")
struct ValueMonthTests {
    func day(_ year: Int, _ month: Int, _ day: Int) -> Int { CivilDay.dayNumber(year: year, month: month, day: day) }

    @Test func monthEndsClampToShorterMonths() {
        #expect(CivilDay.day(day(2024, 3, 31), addingMonths: -1) == day(2024, 2, 29))
        #expect(CivilDay.day(day(2023, 3, 31), addingMonths: -1) == day(2023, 2, 28))
        #expect(CivilDay.day(day(2024, 2, 29), addingMonths: 12) == day(2025, 2, 28))
        #expect(CivilDay.day(day(2024, 2, 29), addingMonths: 48) == day(2028, 2, 29))
        #expect(CivilDay.day(day(2024, 2, 29), addingMonths: -12) == day(2023, 2, 28))
        #expect(CivilDay.day(day(2000, 2, 29), addingMonths: -12) == day(1999, 2, 28))
        #expect(CivilDay.day(day(2024, 5, 31), addingMonths: 1) == day(2024, 6, 30))
        #expect(CivilDay.day(day(2024, 1, 31), addingMonths: 0) == day(2024, 1, 31))
        #expect(CivilDay.day(day(1970, 1, 31), addingMonths: -1) == day(1969, 12, 31))
        #expect(CivilDay.day(day(1970, 1, 15), addingMonths: -13) == day(1968, 12, 15))
        #expect(CivilDay.day(day(1970, 7, 29), addingMonths: -29) == day(1968, 2, 29))
        // The CRR window of the Online Retail file's last month.
        #expect(CivilDay.day(day(2010, 12, 10), addingMonths: -12) == day(2009, 12, 10))
    }

    /// Against the clamp written out on Foundation's civil dates, around 1970 and 2000.
    @Test func addingMonthsMatchesANaiveClamp() async {
        await propertyCheck(
            count: 1_000, input: Gen.int(in: -800...800), Gen.int(in: 0...1), Gen.int(in: -30...30)
        ) { offset, era, months in
            let start = (era == 0 ? 0 : day(2000, 1, 1)) + offset
            let expected = NaiveCalendar.adding(months: months, to: start)
            #expect(CivilDay.day(start, addingMonths: months) == expected, "\(CivilDay.isoDate(ofDay: start)) + \(months) months")
        }
    }

    @Test func monthIndexFirstDayAndLabelRoundTrip() {
        #expect(CivilDay.monthIndex(ofDay: 0) == 1970 * 12)
        #expect(CivilDay.firstDay(ofMonthIndex: 1970 * 12 - 1) == -31)
        #expect(CivilDay.monthLabel(ofMonthIndex: 1970 * 12 - 1) == "1969-12")
        #expect(CivilDay.monthLabel(ofMonthIndex: 2000 * 12 + 1) == "2000-02")
        for start in [-800, day(2000, 1, 1) - 800] {
            for day in start...(start + 1_600) {
                let month = CivilDay.monthIndex(ofDay: day)
                let first = CivilDay.firstDay(ofMonthIndex: month)
                #expect(first <= day && day < CivilDay.firstDay(ofMonthIndex: month + 1), "\(CivilDay.isoDate(ofDay: day))")
                #expect(CivilDay.monthIndex(ofDay: first) == month)
                #expect(CivilDay.monthLabel(ofMonthIndex: month) == String(CivilDay.isoDate(ofDay: day).prefix(7)))
                #expect(NaiveCalendar.civil(first).day == 1 && NaiveCalendar.month(day) == month)
            }
        }
    }
}

// MARK: - The analysis against a brute-force reading of the spec

/// Foundation's Gregorian calendar in UTC on day numbers: the reference's calendar, independent of `CivilDay`.
enum NaiveCalendar {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func date(_ day: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(day) * 86_400) }
    static func day(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / 86_400).rounded(.down)) }
    static func dayNumber(_ year: Int, _ month: Int, _ day: Int) -> Int {
        Self.day(calendar.date(from: DateComponents(year: year, month: month, day: day))!)
    }
    static func civil(_ day: Int) -> (year: Int, month: Int, day: Int) {
        let parts = calendar.dateComponents([.year, .month, .day], from: date(day))
        return (parts.year!, parts.month!, parts.day!)
    }
    /// The month as `year × 12 + month − 1` (years after 0 only).
    static func month(_ day: Int) -> Int {
        let (year, month, _) = civil(day)
        return year * 12 + month - 1
    }
    static func firstDay(ofMonth index: Int) -> Int { dayNumber(index / 12, index % 12 + 1, 1) }
    /// The same day of the month `months` later, or the largest real date before it where the month is shorter.
    /// (Not `Calendar.date(byAdding: .month …)`: on Linux it takes 1970-07-29 − 29 months to 1968-02-28, as if
    /// 1968 had no 29 February.)
    static func adding(months: Int, to day: Int) -> Int {
        let (year, month, date) = civil(day)
        let target = year * 12 + month - 1 + months
        let (targetYear, targetMonth) = (target / 12, target % 12 + 1)
        var clamped = date
        while civil(dayNumber(targetYear, targetMonth, clamped)) != (targetYear, targetMonth, clamped) { clamped -= 1 }
        return dayNumber(targetYear, targetMonth, clamped)
    }
}

/// A random business: customers with orders over two years (cancellations, orders nobody is known for, costs
/// known or not, ties in profit), contacts who never bought, marks and NPS answers, and random settings.
struct RandomBusiness: CustomStringConvertible {
    var seed: UInt64
    var orders: [CustomerOrder]
    /// Each order's local day as generated: the reference never reads `placedAt` back.
    var days: [Int]
    var signals: [CustomerSignals]
    var settings: ValueSettings
    var timeZone: TimeZone
    var today: Int
    /// Two days to count transitions between.
    var transition: (from: Int, to: Int)

    var description: String {
        "seed \(seed): \(orders.count) orders, \(signals.count) signals, \(timeZone.identifier), margin "
            + "\(settings.defaultMarginBasisPoints.map(String.init) ?? "none"), cost per order \(settings.costPerOrder), window "
            + "\(settings.activityWindowMonths), regular \(settings.regularMinimumOrders), \(settings.advocateRule)"
    }

    init(seed: UInt64) {
        self.seed = seed
        var random = SplitMix(seed: seed)
        func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &random) < probability }
        func number(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

        timeZone = TimeZone(identifier: ["UTC", "Europe/London", "America/New_York", "Asia/Vladivostok"][number(0...3)])!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let firstDay = NaiveCalendar.dayNumber(2021, 1, 1) + number(0...400)
        let span = 730
        settings = ValueSettings(
            currency: "GBP", defaultMarginBasisPoints: chance(0.5) ? nil : number(0...10_000),
            costPerOrder: chance(0.4) ? 0 : Int64(number(0...2_000)), activityWindowMonths: number(1...24),
            regularMinimumOrders: number(2...6), advocateRule: ValueSettings.AdvocateRule.allCases[number(0...2)])
        today = firstDay + span + number(0...60)

        var orders: [CustomerOrder] = []
        var days: [Int] = []
        // Before 23:00 local, so a clock change never moves an order to another day.
        func addOrder(_ customer: Customer.ID?) {
            let day = firstDay + number(0...(span - 1))
            let (year, month, date) = NaiveCalendar.civil(day)
            let second = number(0...82_799)
            let placedAt = calendar.date(
                from: DateComponents(
                    year: year, month: month, day: date, hour: second / 3600, minute: second / 60 % 60, second: second % 60))!
            let cancelled = chance(0.15)
            // Round amounts now and then, so that profits and revenues tie.
            let amount = Int64(chance(0.3) ? 1_000 * number(0...3) : number(0...100_000))
            let cost: Int64? = chance(0.6) ? nil : Int64(number(0...Int(amount)))
            orders.append(
                CustomerOrder(
                    orderId: "O\(orders.count)", customerId: customer, placedAt: placedAt, amount: cancelled ? -amount : amount,
                    cost: cost.map { cancelled ? -$0 : $0 }, isCancellation: cancelled, lines: number(1...5)))
            days.append(day)
        }

        var signals: [CustomerSignals] = []
        var keys = Set<String>()
        func signal(_ id: Customer.ID) {
            // Business ids of different lengths: they order as text ("100" before "99"), as the spec says.
            var key = String(number(0...999_999))
            while keys.contains(key) { key = String(number(0...999_999)) }
            keys.insert(key)
            var marks = Set<CustomerMark>()
            for mark in CustomerMark.allCases where chance(0.3) { marks.insert(mark) }
            // Two answers on one day now and then: the higher score counts as the latest (days are all we keep).
            var answers: [DatedScore] = []
            for _ in 0..<number(0...3) {
                let day = chance(0.3) ? answers.last?.day ?? firstDay : firstDay - 60 + number(0...(span + 120))
                answers.append(DatedScore(day: day, score: number(0...10)))
            }
            let contact = answers.map(\.day).min() ?? (chance(0.3) ? firstDay + number(0...(span + 60)) : nil)
            signals.append(CustomerSignals(customerId: id, key: key, marks: marks, npsAnswers: answers, firstContactDay: contact))
        }
        for index in 0..<number(0...30) {
            let id = Customer.ID(Int64(index * 7 + number(1...7)))
            if chance(0.7) { signal(id) }
            for _ in 0..<(chance(0.15) ? 0 : number(1...8)) { addOrder(id) }
        }
        // Contacts who never bought, and orders nobody is known for.
        for index in 0..<number(0...5) { signal(Customer.ID(Int64(10_000 + index))) }
        for _ in 0..<number(0...6) { addOrder(nil) }
        // The order of orders must not matter.
        var positions = Array(orders.indices)
        positions.shuffle(using: &random)
        self.orders = positions.map { orders[$0] }
        self.days = positions.map { days[$0] }
        signals.shuffle(using: &random)
        self.signals = signals
        let from = firstDay - 30 + number(0...(span + 30))
        transition = (from, from + number(0...(span + 60)))
    }
}

/// The value analysis recomputed literally from the spec (docs/domain.md §4): loops, filters and counts over
/// the generated records, no prefix sums or binary searches, so that it can catch a mistake in either.
struct NaiveValue {
    struct Person {
        var id: Customer.ID
        var key: String
        var marks: Set<CustomerMark> = []
        var answers: [DatedScore] = []
        var firstContact: Int?
        var revenue: Int64 = 0
        var knownCost: Int64 = 0
        var revenueOfUnknownCost: Int64 = 0
        var orders = 0
        /// Days of orders (not cancellations), in no particular order.
        var days: [Int] = []
        var hasLines = false
        var cost: Int64 = 0
        var profit: Int64 { revenue - cost }
    }

    let settings: ValueSettings
    var people: [Customer.ID: Person] = [:]
    var asOf = 0
    var firstDataDay: Int?
    /// Customers with lines, by profit descending and key ascending.
    var ranked: [Customer.ID] = []
    var abc: [Customer.ID: ABCClass] = [:]
    var total: Int64 = 0
    var paretoCount = 0
    var paretoProfit: Int64 = 0
    var lines = 0
    var linesWithoutCustomer = 0
    var ordersWithoutCustomer = 0
    var amountWithoutCustomer: Int64 = 0

    init(_ business: RandomBusiness) {
        settings = business.settings
        for signal in business.signals {
            people[signal.customerId] = Person(
                id: signal.customerId, key: signal.key, marks: signal.marks, answers: signal.npsAnswers,
                firstContact: signal.firstContactDay)
        }
        for (order, day) in zip(business.orders, business.days) {
            lines += order.lines
            firstDataDay = min(firstDataDay ?? day, day)
            asOf = max(asOf, day + 1)
            guard let id = order.customerId else {
                linesWithoutCustomer += order.lines
                ordersWithoutCustomer += 1
                amountWithoutCustomer += order.amount
                continue
            }
            var person = people[id] ?? Person(id: id, key: "#\(id.rawValue)")
            person.hasLines = true
            person.revenue += order.amount
            if let cost = order.cost { person.knownCost += cost } else { person.revenueOfUnknownCost += order.amount }
            if !order.isCancellation {
                person.orders += 1
                person.days.append(day)
            }
            people[id] = person
        }
        if firstDataDay == nil { asOf = business.today }
        for id in people.keys {
            var person = people[id]!
            person.cost = person.knownCost + Int64(person.orders) * settings.costPerOrder
            if let margin = settings.defaultMarginBasisPoints {
                // revenue × (10000 − m) / 10000, half away from zero, in integers small enough not to overflow.
                let product = person.revenueOfUnknownCost * Int64(10_000 - margin)
                let magnitude = (2 * abs(product) + 10_000) / 20_000
                person.cost += product < 0 ? -magnitude : magnitude
            }
            people[id] = person
        }

        ranked = people.values.filter(\.hasLines).sorted { $0.profit != $1.profit ? $0.profit > $1.profit : $0.key < $1.key }.map(\.id)
        total = ranked.reduce(0) { $0 + people[$1]!.profit }
        var cumulative: Int64 = 0
        for id in ranked {
            let before = cumulative
            cumulative += people[id]!.profit
            abc[id] = before * 100 < 80 * total ? .a : before * 100 < 95 * total ? .b : .c
            if paretoCount == 0, total > 0, cumulative * 100 >= 80 * total {
                paretoCount = ranked.firstIndex(of: id)! + 1
                paretoProfit = cumulative
            }
        }
    }

    var buyers: [Person] { people.values.filter { $0.orders > 0 } }

    func recency(_ person: Person) -> Int { asOf - person.days.max()! }

    /// 1 + ⌊5 × (buyers strictly worse) / buyers⌋ for recency, frequency and monetary.
    func rfm(_ person: Person) -> RFMScore {
        let buyers = buyers
        let worseR = buyers.filter { recency($0) > recency(person) }.count
        let worseF = buyers.filter { $0.orders < person.orders }.count
        let worseM = buyers.filter { $0.revenue < person.revenue }.count
        return RFMScore(
            recency: 1 + 5 * worseR / buyers.count, frequency: 1 + 5 * worseF / buyers.count, monetary: 1 + 5 * worseM / buyers.count)
    }

    /// The spec's segment table, row by row of R.
    static func segment(r: Int, f: Int) -> RFMSegment {
        if r <= 2 { return f <= 2 ? .hibernating : f <= 4 ? .atRisk : .cannotLose }
        if r == 3 { return f <= 2 ? .aboutToSleep : f == 3 ? .needAttention : .loyal }
        if r == 4 { return f == 1 ? .promising : f <= 3 ? .potentialLoyalist : .loyal }
        return f == 1 ? .new : f <= 3 ? .potentialLoyalist : .champions
    }

    /// LoyaltyStep's rule read literally: nil when nobody knew of them yet on `day`.
    func step(_ person: Person, at day: Int) -> LoyaltyStep? {
        let bought = person.days.filter { $0 < day }
        if bought.isEmpty {
            if let contact = person.firstContact, contact < day { return .visitor }
            return person.days.isEmpty && person.firstContact == nil && day >= asOf ? .potential : nil
        }
        let windowStart = NaiveCalendar.adding(months: -settings.activityWindowMonths, to: day)
        let recent = bought.filter { $0 >= windowStart }.count
        if recent == 0 { return .lapsed }
        if recent < settings.regularMinimumOrders { return .firstPurchase }
        let latest = person.answers.filter { $0.day < day }.max { ($0.day, $0.score) < ($1.day, $1.score) }
        let promoter = (latest?.score ?? 0) >= 9
        let referrer = person.marks.contains(.referrer)
        switch settings.advocateRule {
        case .promoterOrReferrer: return promoter || referrer ? .advocate : .regular
        case .promoter: return promoter ? .advocate : .regular
        case .referrer: return referrer ? .advocate : .regular
        }
    }

    /// Customers with an order whose day is in [from, before).
    func active(from: Int, before: Int) -> Set<Customer.ID> {
        Set(buyers.filter { person in person.days.contains { $0 >= from && $0 < before } }.map(\.id))
    }
}

@Suite("Customer value against a brute-force reference")
struct ValueAnalysisPropertyTests {
    /// Each property over the same 120 random businesses.
    func forRandomBusinesses(_ check: (RandomBusiness, NaiveValue, ValueAnalysis) -> Void) async {
        await propertyCheck(count: 120, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            let business = RandomBusiness(seed: UInt64(seed))
            let analysis = ValueAnalysis(
                orders: business.orders, customers: business.signals, settings: business.settings, timeZone: business.timeZone,
                today: business.today)
            check(business, NaiveValue(business), analysis)
        }
    }

    @Test func totalsAndEveryCustomersMoney() async {
        await forRandomBusinesses { business, naive, analysis in
            #expect(analysis.asOfDay == naive.asOf, "\(business)")
            #expect(analysis.firstDataDay == naive.firstDataDay, "\(business)")
            let totals = analysis.totals
            let withLines = naive.people.values.filter(\.hasLines)
            #expect(totals.customers == withLines.count && totals.buyers == naive.buyers.count, "\(business)")
            #expect(totals.orders == withLines.reduce(0) { $0 + $1.orders }, "\(business)")
            #expect(totals.revenue == withLines.reduce(0) { $0 + $1.revenue }, "\(business)")
            #expect(totals.cost == withLines.reduce(0) { $0 + $1.cost }, "\(business)")
            #expect(totals.lines == naive.lines && totals.linesWithoutCustomer == naive.linesWithoutCustomer, "\(business)")
            #expect(totals.ordersWithoutCustomer == naive.ordersWithoutCustomer, "\(business)")
            #expect(totals.amountWithoutCustomer == naive.amountWithoutCustomer, "\(business)")

            #expect(analysis.customers.count == naive.people.count, "\(business)")
            let rest = naive.people.values.filter { !$0.hasLines }.sorted { $0.key < $1.key }.map(\.id)
            #expect(analysis.customers.map(\.customerId) == naive.ranked + rest, "by profit, then the rest by key: \(business)")
            for value in analysis.customers {
                guard let person = naive.people[value.customerId] else {
                    Issue.record("\(value.customerId) is nobody: \(business)")
                    continue
                }
                #expect(value.key == person.key, "\(business)")
                #expect(value.revenue == person.revenue && value.cost == person.cost && value.profit == person.profit, "\(business)")
                #expect(value.orders == person.orders, "\(value.key): \(business)")
                #expect(value.firstPurchaseDay == person.days.min() && value.lastPurchaseDay == person.days.max(), "\(business)")
                #expect(value.recencyDays == person.days.max().map { naive.asOf - $0 }, "\(business)")
                #expect(value.marks == person.marks, "\(business)")
                #expect(value.latestNPS == person.answers.max { ($0.day, $0.score) < ($1.day, $1.score) }, "\(business)")
            }
        }
    }

    @Test func paretoAndABCByTheIntegerRules() async {
        await forRandomBusinesses { business, naive, analysis in
            let pareto = analysis.pareto
            #expect(pareto.customers == naive.ranked.count && pareto.totalProfit == naive.total, "\(business)")
            #expect(pareto.topCustomers == naive.paretoCount && pareto.topProfit == naive.paretoProfit, "\(business)")
            if !naive.ranked.isEmpty {
                #expect(pareto.curve.count == 101 && pareto.curve.first?.customers == 0 && pareto.curve.first?.profit == 0, "\(business)")
                #expect(pareto.curve.last?.customers == naive.ranked.count && pareto.curve.last?.profit == naive.total, "\(business)")
            }
            for value in analysis.customers {
                let person = naive.people[value.customerId]!
                #expect(value.abc == naive.abc[value.customerId], "\(value.key): \(business)")
                #expect(value.rank == naive.ranked.firstIndex(of: value.customerId).map { $0 + 1 }, "\(business)")
                let group: ProfitGroup? =
                    person.hasLines
                    ? person.profit < 0 ? .unprofitable : naive.abc[value.customerId] == .a && person.profit > 0 ? .profitable : .middling
                    : nil
                #expect(value.profitGroup == group, "\(value.key): \(business)")
            }
        }
    }

    @Test func rfmByCountingWorseBuyers() async {
        await forRandomBusinesses { business, naive, analysis in
            for value in analysis.customers {
                let person = naive.people[value.customerId]!
                guard person.orders > 0 else {
                    #expect(value.rfm == nil, "\(value.key) bought nothing: \(business)")
                    continue
                }
                let expected = naive.rfm(person)
                #expect(value.rfm == expected, "\(value.key): \(business)")
                #expect(value.rfm?.segment == NaiveValue.segment(r: expected.recency, f: expected.frequency), "\(business)")
            }
        }
    }

    @Test func cohortsAndRetentionBySetMembership() async {
        await forRandomBusinesses { business, naive, analysis in
            let buyers = naive.buyers
            guard let firstDataDay = naive.firstDataDay else {
                #expect(analysis.cohorts.isEmpty && analysis.retention.isEmpty, "\(business)")
                return
            }
            let lastMonth = NaiveCalendar.month(naive.asOf - 1)
            let cohortMonths = Set(buyers.map { NaiveCalendar.month($0.days.min()!) }).sorted()
            #expect(analysis.cohorts.map(\.monthIndex) == cohortMonths, "\(business)")
            for cohort in analysis.cohorts {
                let members = buyers.filter { NaiveCalendar.month($0.days.min()!) == cohort.monthIndex }
                let active = (0...(lastMonth - cohort.monthIndex)).map { offset in
                    members.filter { member in member.days.contains { NaiveCalendar.month($0) == cohort.monthIndex + offset } }.count
                }
                #expect(cohort.size == members.count && cohort.active == active, "\(cohort.monthIndex): \(business)")
            }

            let firstMonth = NaiveCalendar.month(firstDataDay)
            let months = lastMonth > firstMonth ? Array((firstMonth + 1)...lastMonth) : []
            #expect(analysis.retention.map(\.monthIndex) == months, "\(business)")
            let window = business.settings.activityWindowMonths
            for period in analysis.retention {
                let start = NaiveCalendar.firstDay(ofMonth: period.monthIndex)
                let end = min(NaiveCalendar.firstDay(ofMonth: period.monthIndex + 1), naive.asOf)
                let atStart = naive.active(from: NaiveCalendar.adding(months: -window, to: start), before: start)
                let atEnd = naive.active(from: NaiveCalendar.adding(months: -window, to: end), before: end)
                let new = buyers.filter { $0.days.min()! >= start && $0.days.min()! < end }.count
                #expect(period.startDay == start && period.endDay == end, "\(business)")
                #expect(
                    period.atStart == atStart.count && period.atEnd == atEnd.count && period.new == new,
                    "\(CivilDay.monthLabel(ofMonthIndex: period.monthIndex)): \(business)")
                if !atStart.isEmpty {
                    let rate = Double(atEnd.count - new) / Double(atStart.count) * 100
                    #expect(period.retentionRate == rate && period.churnRate == 100 - rate, "\(business)")
                }
            }
        }
    }

    @Test func loyaltyStepsAndTransitions() async {
        await forRandomBusinesses { business, naive, analysis in
            for value in analysis.customers {
                let expected = naive.step(naive.people[value.customerId]!, at: naive.asOf) ?? .potential
                #expect(value.step == expected, "\(value.key): \(business)")
            }
            let (from, to) = business.transition
            for (fromDay, toDay) in [(from, to), (from, naive.asOf)] {
                let transitions = analysis.transitions(from: fromDay, to: toDay)
                var expected: [LoyaltyStep?: [LoyaltyStep: Int]] = [:]
                var known = 0
                for person in naive.people.values {
                    guard let later = naive.step(person, at: toDay) else { continue }
                    known += 1
                    expected[naive.step(person, at: fromDay), default: [:]][later, default: 0] += 1
                }
                let total = transitions.counts.values.reduce(0) { $0 + $1.values.reduce(0, +) }
                #expect(total == known, "everyone known on the later day, once: \(business)")
                #expect(transitions.counts == expected, "\(fromDay) → \(toDay): \(business)")
            }
        }
    }

    /// Every cell of the 5 × 5 grid, against the spec's table.
    @Test func segmentsCoverTheGrid() {
        for r in 1...5 {
            for f in 1...5 { #expect(RFMSegment(recency: r, frequency: f) == NaiveValue.segment(r: r, f: f), "R \(r) F \(f)") }
        }
    }
}

// MARK: - Lists to act on

@Suite("Customer value: lists to act on")
struct ValueListTests {
    /// Nine buyers and two contacts, laid out so that each list has exactly who it should (UTC, the last order
    /// on 2024-06-30, so the analysis looks from 2024-07-01; 12-month window, regular from 3 orders):
    ///
    /// | key  | orders (days before the last day) | revenue | NPS (days before: score) | marks             |
    /// |------|-----------------------------------|--------:|--------------------------|-------------------|
    /// | 1001 | 100, 50, 10                       |  60 000 | 60: 10, 20: 4            |                   |
    /// | 1002 | 90, 60, 30, 1                     |  50 000 | 80: 2, 40: 9             |                   |
    /// | 1003 | 60, 30, 5                         |  30 000 |                          | referrer, thanked |
    /// | 3001 | 130, 120, 110, 100                |   4 000 |                          |                   |
    /// | 2001 | 200                               |   3 000 |                          |                   |
    /// | 2002 | 0                                 |   2 000 |                          |                   |
    /// | 3002 | 20, 10, 0                         |   1 500 |                          | referrer          |
    /// | 2003 | 400                               |   1 000 |                          |                   |
    /// | 4001 | 3                                 |     100 | 2: 0                     |                   |
    ///
    /// Total 151 600: 80% is 121 280, so 1001, 1002 and 1003 (before them 0, 60 000, 110 000) are class A; 95% is
    /// 144 020, so 3001 (before 140 000) and 2001 (144 000) are B. First-to-second intervals 50, 30, 30, 10, 10:
    /// a one-time buyer is due back after 30 days.
    static let lastDay = CivilDay.dayNumber(year: 2024, month: 6, day: 30)

    static func analysis() -> ValueAnalysis {
        let plan: [(key: String, daysBefore: [Int], each: Int64, nps: [(Int, Int)], marks: Set<CustomerMark>)] = [
            ("1001", [100, 50, 10], 20_000, [(60, 10), (20, 4)], []),
            ("1002", [90, 60, 30, 1], 12_500, [(80, 2), (40, 9)], []),
            ("1003", [60, 30, 5], 10_000, [], [.referrer, .thanked]),
            ("3001", [130, 120, 110, 100], 1_000, [], []),
            ("2001", [200], 3_000, [], []),
            ("2002", [0], 2_000, [], []),
            ("3002", [20, 10, 0], 500, [], [.referrer]),
            ("2003", [400], 1_000, [], []),
            ("4001", [3], 100, [(2, 0)], []),
        ]
        var orders: [CustomerOrder] = []
        var signals: [CustomerSignals] = []
        for (index, customer) in plan.enumerated() {
            let id = Customer.ID(Int64(index + 1))
            for before in customer.daysBefore {
                let placedAt = Date(timeIntervalSince1970: TimeInterval((lastDay - before) * 86_400 + 43_200))
                orders.append(
                    CustomerOrder(orderId: "\(customer.key)-\(before)", customerId: id, placedAt: placedAt, amount: customer.each))
            }
            let answers = customer.nps.map { DatedScore(day: lastDay - $0.0, score: $0.1) }
            signals.append(
                CustomerSignals(
                    customerId: id, key: customer.key, marks: customer.marks, npsAnswers: answers, firstContactDay: answers.map(\.day).min()
                ))
        }
        // A contact who answered (a detractor, but not a customer of any class) and one we know nothing of.
        signals.append(
            CustomerSignals(
                customerId: Customer.ID(20), key: "5001", npsAnswers: [DatedScore(day: lastDay - 5, score: 3)], firstContactDay: lastDay - 5
            ))
        signals.append(CustomerSignals(customerId: Customer.ID(21), key: "5002"))
        return ValueAnalysis(
            orders: orders, customers: signals, settings: ValueSettings(currency: "GBP"), timeZone: TimeZone(identifier: "UTC")!,
            today: lastDay + 30)
    }

    @Test func theExampleIsWhatTheTableSays() throws {
        let analysis = Self.analysis()
        #expect(analysis.asOfDay == Self.lastDay + 1)
        #expect(analysis.usualSecondPurchaseDays == 30)
        let byKey = Dictionary(uniqueKeysWithValues: analysis.customers.map { ($0.key, $0) })
        #expect(analysis.customers.map(\.key) == ["1001", "1002", "1003", "3001", "2001", "2002", "3002", "2003", "4001", "5001", "5002"])
        #expect(analysis.customers.map { $0.abc?.rawValue ?? "-" } == ["A", "A", "A", "B", "B", "C", "C", "C", "C", "-", "-"])
        let steps: [String: LoyaltyStep] = [
            "1001": .regular, "1002": .advocate, "1003": .advocate, "3001": .regular, "2001": .firstPurchase, "2002": .firstPurchase,
            "3002": .advocate, "2003": .lapsed, "4001": .firstPurchase, "5001": .visitor, "5002": .potential,
        ]
        for (key, step) in steps { #expect(byKey[key]?.step == step, "\(key)") }
        #expect(byKey["1001"]?.latestNPS == DatedScore(day: Self.lastDay - 20, score: 4))
        #expect(byKey["3001"]?.meanIntervalDays == 10 && byKey["3001"]?.overdue == 10.1)
        #expect(byKey["2001"]?.overdue == 201.0 / 30)
    }

    @Test func valuableDetractorsAreClassAWhoseLatestAnswerIsSixOrLess() {
        // 1001 answered 10 and then 4; 1002 answered 2 and then 9; 4001 (class C) and 5001 (no orders) are detractors too.
        #expect(Self.analysis().valuableDetractors.map(\.key) == ["1001"])
    }

    @Test func advocatesNeverThanked() {
        // 1002 by their latest answer, 3002 by the referrer mark; 1003 is an advocate already thanked.
        #expect(Self.analysis().advocatesNeverThanked.map(\.key) == ["1002", "3002"])
    }

    @Test func firstBuyersNotBack() {
        // 2001 bought once 201 days ago (the usual second purchase comes after 30); 2002 and 4001 are not due yet,
        // and 2003's one order is outside the window: lapsed, not a first buyer.
        #expect(Self.analysis().firstBuyersNotBack.map(\.key) == ["2001"])
    }

    /// Exactly 80% and 95% before a customer put them in the next class: the rules compare with `<`.
    @Test func classBoundariesBelongToTheNextClass() {
        func classes(_ profits: [Int64]) -> (classes: String, top: Int, topProfit: Int64) {
            let orders = profits.enumerated().map { index, profit in
                CustomerOrder(
                    orderId: "\(index)", customerId: Customer.ID(Int64(index + 1)), placedAt: Date(timeIntervalSince1970: 1_700_000_000),
                    amount: profit, isCancellation: profit < 0)
            }
            let analysis = ValueAnalysis(
                orders: orders, customers: [], settings: ValueSettings(), timeZone: TimeZone(identifier: "UTC")!, today: 0)
            return (analysis.customers.map { $0.abc?.rawValue ?? "-" }.joined(), analysis.pareto.topCustomers, analysis.pareto.topProfit)
        }
        // 80 of 100 before the second, 95 before the third.
        #expect(classes([80, 15, 5]) == ("ABC", 1, 80))
        #expect(classes([79, 16, 5]) == ("AAC", 2, 95))
        #expect(classes([79, 15, 6]) == ("AAB", 2, 94))
        // A customer who only cancelled (−10) is class C and unprofitable; the rest share 110.
        let withRefund = classes([88, 22, -10])
        #expect(withRefund == ("ABC", 1, 88))
    }

    /// Two answers on one day (their times are not kept): the higher counts as the latest, both for the list of
    /// detractors and for the advocate rule, whatever order the store returns them in.
    @Test func twoAnswersOnOneDayCountTheSameEverywhere() {
        let orders = (0..<3).map {
            CustomerOrder(
                orderId: "o\($0)", customerId: Customer.ID(1),
                placedAt: Date(timeIntervalSince1970: TimeInterval((Self.lastDay - 10 + $0) * 86_400)),
                amount: 100)
        }
        for answers in [[9, 3], [3, 9]] {
            let signal = CustomerSignals(
                customerId: Customer.ID(1), key: "k", npsAnswers: answers.map { DatedScore(day: Self.lastDay - 9, score: $0) })
            let analysis = ValueAnalysis(
                orders: orders, customers: [signal], settings: ValueSettings(), timeZone: TimeZone(identifier: "UTC")!, today: 0)
            #expect(analysis.customers[0].latestNPS?.score == 9, "\(answers)")
            #expect(analysis.customers[0].step == .advocate, "\(answers)")
            #expect(analysis.valuableDetractors.isEmpty, "\(answers)")
        }
    }

    @Test func regularsSlowingDown() {
        // 3001 bought every 10 days and not for 101; the other regulars and advocates are within 1.5 × their rhythm.
        #expect(Self.analysis().regularsSlowingDown.map(\.key) == ["3001"])
    }
}
