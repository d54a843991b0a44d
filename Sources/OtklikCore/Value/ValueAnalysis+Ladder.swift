/// The loyalty ladder at any date, its movements, cohorts and retention, and the lists to act on.
extension ValueAnalysis {
    /// The customer at `position` in `customers` on `day` (looking at what happened before it); nil when we did not
    /// know them yet. A contact who has neither bought nor answered is counted from the analysis day only.
    func step(of position: Int, at day: Int) -> LoyaltyStep? {
        let days = purchaseDays[purchaseOffsets[position]..<purchaseOffsets[position + 1]]
        let before = Self.lowerBound(days, Int32(day))
        if before == 0 {
            if let contact = firstContactDays[position], contact < day { return .visitor }
            return days.isEmpty && firstContactDays[position] == nil && day >= asOfDay ? .potential : nil
        }
        let windowStart = CivilDay.day(day, addingMonths: -settings.activityWindowMonths)
        let inWindow = before - Self.lowerBound(days, Int32(windowStart))
        if inWindow == 0 { return .lapsed }
        if inWindow < settings.regularMinimumOrders { return .firstPurchase }
        let promoter = npsAnswers[position].last { $0.day < day }.map { $0.score >= 9 } ?? false
        let referrer = customers[position].marks.contains(.referrer)
        let advocate: Bool
        switch settings.advocateRule {
        case .promoterOrReferrer: advocate = promoter || referrer
        case .promoter: advocate = promoter
        case .referrer: advocate = referrer
        }
        return advocate ? .advocate : .regular
    }

    /// Customers on each step at the end of every month from the first purchase to the analysis day.
    public func stepsByMonth() -> [(monthIndex: Int, counts: [LoyaltyStep: Int])] {
        guard let first = firstDataDay else { return [] }
        let firstMonth = CivilDay.monthIndex(ofDay: first)
        let lastMonth = CivilDay.monthIndex(ofDay: asOfDay - 1)
        return (firstMonth...max(firstMonth, lastMonth)).map { month in
            let end = min(CivilDay.firstDay(ofMonthIndex: month + 1), asOfDay)
            var counts: [LoyaltyStep: Int] = [:]
            for position in customers.indices {
                if let step = step(of: position, at: end) { counts[step, default: 0] += 1 }
            }
            return (month, counts)
        }
    }

    /// Who moved where between two days: `counts[from][to]`, `from` nil for customers not yet known on the first.
    public struct Transitions: Hashable, Sendable {
        public var fromDay: Int
        public var toDay: Int
        public var counts: [LoyaltyStep?: [LoyaltyStep: Int]]

        public func count(from: LoyaltyStep?, to: LoyaltyStep) -> Int { counts[from]?[to] ?? 0 }
        /// Moved up the ladder (a lapsed customer who buys again climbs too).
        public var climbed: Int { total { from, to in from.map { to != .lapsed && (to > $0 || $0 == .lapsed) } ?? false } }
        /// Moved down without leaving.
        public var fell: Int { total { from, to in from.map { to < $0 && $0 != .lapsed } ?? false } }
        /// Bought before and no longer within the activity window.
        public var left: Int { total { from, to in to == .lapsed && from != .lapsed && from != nil } }

        private func total(_ where: (LoyaltyStep?, LoyaltyStep) -> Bool) -> Int {
            counts.reduce(0) { sum, row in sum + row.value.reduce(0) { $0 + (`where`(row.key, $1.key) ? $1.value : 0) } }
        }
    }

    public func transitions(from fromDay: Int, to toDay: Int) -> Transitions {
        var counts: [LoyaltyStep?: [LoyaltyStep: Int]] = [:]
        for position in customers.indices {
            guard let to = step(of: position, at: toDay) else { continue }
            counts[step(of: position, at: fromDay), default: [:]][to, default: 0] += 1
        }
        return Transitions(fromDay: fromDay, toDay: toDay, counts: counts)
    }

    static func cohorts(buyers: [ArraySlice<Int32>], lastMonth: Int) -> [Cohort] {
        let firstMonths = buyers.compactMap { $0.first.map { CivilDay.monthIndex(ofDay: Int($0)) } }
        guard let earliest = firstMonths.min() else { return [] }
        // One cohort per month from the earliest, counted in place; months nobody started in are dropped.
        var cohorts = (earliest...max(lastMonth, earliest)).map {
            Cohort(monthIndex: $0, size: 0, active: Array(repeating: 0, count: max(lastMonth - $0 + 1, 0)))
        }
        for days in buyers {
            guard let first = days.first else { continue }
            let cohortMonth = CivilDay.monthIndex(ofDay: Int(first))
            let k = cohortMonth - earliest
            cohorts[k].size += 1
            var lastCounted = -1
            for day in days {
                let offset = CivilDay.monthIndex(ofDay: Int(day)) - cohortMonth
                if offset != lastCounted, offset < cohorts[k].active.count {
                    cohorts[k].active[offset] += 1
                    lastCounted = offset
                }
            }
        }
        return cohorts.filter { $0.size > 0 }
    }

    func retentionPeriods() -> [RetentionPeriod] {
        guard let first = firstDataDay else { return [] }
        let firstMonth = CivilDay.monthIndex(ofDay: first)
        let lastMonth = CivilDay.monthIndex(ofDay: asOfDay - 1)
        guard lastMonth > firstMonth else { return [] }
        let window = settings.activityWindowMonths
        var periods = (firstMonth + 1...lastMonth).map { month in
            let start = CivilDay.firstDay(ofMonthIndex: month)
            let end = min(CivilDay.firstDay(ofMonthIndex: month + 1), asOfDay)
            return RetentionPeriod(monthIndex: month, startDay: start, endDay: end, atStart: 0, atEnd: 0, new: 0)
        }
        // Each bound as purchase days, ascending from month to month.
        let starts = periods.map { Int32($0.startDay) }
        let ends = periods.map { Int32($0.endDay) }
        let startsFrom = periods.map { Int32(CivilDay.day($0.startDay, addingMonths: -window)) }
        let endsFrom = periods.map { Int32(CivilDay.day($0.endDay, addingMonths: -window)) }
        for position in customers.indices {
            let days = purchaseDays[purchaseOffsets[position]..<purchaseOffsets[position + 1]]
            guard let firstDay = days.first else { continue }
            // How many of the customer's days fall before each bound, by cursors that only move forward (the
            // bounds ascend): a customer is active at a date when a purchase lies in the window before it.
            var cursors = (startFrom: days.startIndex, start: days.startIndex, endFrom: days.startIndex, end: days.startIndex)
            func advance(_ cursor: inout Int, below bound: Int32) {
                while cursor < days.endIndex && days[cursor] < bound { cursor += 1 }
            }
            for k in periods.indices {
                advance(&cursors.startFrom, below: startsFrom[k])
                advance(&cursors.start, below: starts[k])
                advance(&cursors.endFrom, below: endsFrom[k])
                advance(&cursors.end, below: ends[k])
                if cursors.startFrom < cursors.start { periods[k].atStart += 1 }
                if cursors.endFrom < cursors.end { periods[k].atEnd += 1 }
                if firstDay >= starts[k] && firstDay < ends[k] { periods[k].new += 1 }
            }
        }
        return periods
    }

    // MARK: Lists to act on

    /// The first thing an owner should see each morning: class A customers whose latest NPS answer is a
    /// detractor's (0–6), the newest answers first (equal days: the more valuable first).
    public var valuableDetractors: [CustomerValue] {
        customers.enumerated().filter { $0.element.abc == .a && ($0.element.latestNPS?.score ?? 10) <= 6 }
            .sorted { ($0.element.latestNPS!.day, -$0.offset) > ($1.element.latestNPS!.day, -$1.offset) }.map(\.element)
    }

    /// One-time buyers past the usual first-to-second interval, still within the activity window.
    public var firstBuyersNotBack: [CustomerValue] {
        customers.filter { $0.step == .firstPurchase && $0.orders == 1 && ($0.overdue ?? 0) >= 1 }
    }

    /// Regulars and advocates half again past their own rhythm.
    public var regularsSlowingDown: [CustomerValue] {
        customers.filter { ($0.step == .regular || $0.step == .advocate) && ($0.overdue ?? 0) >= 1.5 }
    }

    public var advocatesNeverThanked: [CustomerValue] {
        customers.filter { $0.step == .advocate && !$0.marks.contains(.thanked) }
    }
}
