import Foundation
import PropertyBased
import Testing

@testable import OtklikCore

/// Foundation's calendars, the independent reference for the hand-written calendar arithmetic.
enum Reference {
    static let utc = TimeZone(identifier: "UTC")!

    static func calendar(_ identifier: Calendar.Identifier = .gregorian, zone: TimeZone = utc) -> Calendar {
        var calendar = Calendar(identifier: identifier)
        calendar.timeZone = zone
        return calendar
    }

    static let gregorianUTC = calendar()
    static let isoUTC = calendar(.iso8601)

    /// The UTC midnight starting a day number, computed without `CivilDay`.
    static func date(ofDay day: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(day) * 86_400) }

    /// Day number of a civil date, through Foundation.
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let date = gregorianUTC.date(from: DateComponents(year: year, month: month, day: day))!
        return Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// Civil date of a day number, through Foundation.
    static func civil(ofDay day: Int) -> (year: Int, month: Int, day: Int) {
        let c = gregorianUTC.dateComponents([.year, .month, .day], from: date(ofDay: day))
        return (c.year!, c.month!, c.day!)
    }

    static func unixSeconds(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, zone: TimeZone = utc) -> Int64 {
        let date = calendar(zone: zone).date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))!
        return Int64(date.timeIntervalSince1970)
    }
}

func pad(_ value: Int, _ width: Int = 2) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

@Suite("Civil calendar arithmetic")
struct CivilDayTests {
    @Test func knownDays() {
        #expect(CivilDay.dayNumber(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilDay.dayNumber(year: 1969, month: 12, day: 31) == -1)
        #expect(CivilDay.dayNumber(year: 2000, month: 3, day: 1) == 11_017)
        #expect(CivilDay.dayNumber(year: 2025, month: 3, day: 7) == 20_154)
        #expect(CivilDay.date(ofDay: 20_154) == (2025, 3, 7))
        #expect(CivilDay.date(ofDay: 0) == (1970, 1, 1))
        #expect(CivilDay.isoDate(ofDay: 20_154) == "2025-03-07")
        #expect(CivilDay.weekday(ofDay: 0) == 3)  // Thursday
        #expect(CivilDay.weekday(ofDay: 20_154) == 4)  // 2025-03-07 was a Friday
        #expect(CivilDay.weekday(ofDay: -1) == 2)
    }

    @Test func roundTripOnRandomDays() async {
        await propertyCheck(count: 1000, input: Gen.int(in: -100_000...100_000)) { day in
            let (y, m, d) = CivilDay.date(ofDay: day)
            #expect(CivilDay.dayNumber(year: y, month: m, day: d) == day)
            #expect(CivilDay.parse(Substring(CivilDay.isoDate(ofDay: day))) == day)
        }
    }

    @Test func agreesWithFoundationOnRandomDays() async {
        await propertyCheck(count: 1000, input: Gen.int(in: -100_000...100_000)) { day in
            let reference = Reference.civil(ofDay: day)
            #expect(CivilDay.date(ofDay: day) == reference, "day \(day)")
            #expect(CivilDay.dayNumber(year: reference.year, month: reference.month, day: reference.day) == day)
            #expect(Reference.dayNumber(year: reference.year, month: reference.month, day: reference.day) == day)
            // Foundation: 1 = Sunday … 7 = Saturday; CivilDay: 0 = Monday … 6 = Sunday.
            let weekday = Reference.gregorianUTC.component(.weekday, from: Reference.date(ofDay: day))
            #expect(CivilDay.weekday(ofDay: day) == (weekday + 5) % 7)
            #expect(
                CivilDay.isoDate(ofDay: day)
                    == "\(pad(reference.year, 4))-\(pad(reference.month))-\(pad(reference.day))")
        }
    }

    @Test func everyDayOfFourCenturiesIsConsecutive() {
        // 1900-01-01 … 2300-12-31: the day after each date is the next day number, across leap rules.
        var day = CivilDay.dayNumber(year: 1900, month: 1, day: 1)
        var (y, m, d) = (1900, 1, 1)
        func daysIn(_ y: Int, _ m: Int) -> Int {
            switch m {
            case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
            case 4, 6, 9, 11: return 30
            default: return 31
            }
        }
        while y <= 2300 {
            let civil = CivilDay.date(ofDay: day)
            if civil != (y, m, d) || CivilDay.dayNumber(year: y, month: m, day: d) != day {
                Issue.record("day \(day): expected \(y)-\(m)-\(d), got \(civil)")
                return
            }
            day += 1
            d += 1
            if d > daysIn(y, m) {
                d = 1
                m += 1
            }
            if m > 12 {
                m = 1
                y += 1
            }
        }
        #expect(CivilDay.dayNumber(year: 2000, month: 2, day: 29) + 1 == CivilDay.dayNumber(year: 2000, month: 3, day: 1))
        #expect(CivilDay.dayNumber(year: 2100, month: 2, day: 28) + 1 == CivilDay.dayNumber(year: 2100, month: 3, day: 1))
    }

    @Test func parse() {
        #expect(CivilDay.parse("2025-03-07") == 20_154)
        #expect(CivilDay.parse("2024-02-29") == CivilDay.dayNumber(year: 2024, month: 2, day: 29))
        #expect(CivilDay.parse("2000-02-29") != nil)
        for bad in [
            "2025-02-30", "2025-2-3", "abc", "2025-02-29", "2100-02-29", "2025-13-01", "2025-00-10",
            "2025-01-00", "2025-04-31", "2025-01-32", "2025-01", "2025-01-01-01", "", "2025/01/01",
            "20250101", "25-01-01", "2025-01-1", " 2025-01-01", "2025-01-01 ", "+202-01-01", "2025-+1-01",
            "2025-01-+1", "２０２５-01-01", "2025-01-0١", "2025_01-01",
        ] {
            #expect(CivilDay.parse(Substring(bad)) == nil, "\"\(bad)\" should be rejected")
        }
        // A substring of a longer text.
        let text = "from=2025-03-07&to=x"
        let start = text.index(text.startIndex, offsetBy: 5)
        #expect(CivilDay.parse(text[start..<text.index(start, offsetBy: 10)]) == 20_154)
    }
}

@Suite("Time buckets")
struct TimeBucketTests {
    static let first = CivilDay.dayNumber(year: 2000, month: 1, day: 1)
    static let last = CivilDay.dayNumber(year: 2035, month: 12, day: 31)

    /// Every day 2000…2035: the ISO week label against Foundation's ISO 8601 calendar.
    @Test func weekLabelsMatchFoundationISO8601() {
        var failures = 0
        for day in Self.first...Self.last {
            let start = TimeBucket.week.start(ofDay: day)
            let c = Reference.isoUTC.dateComponents([.yearForWeekOfYear, .weekOfYear], from: Reference.date(ofDay: day))
            let expected = "\(c.yearForWeekOfYear!)-W\(pad(c.weekOfYear!))"
            let label = TimeBucket.week.label(ofStart: start)
            if label != expected || CivilDay.weekday(ofDay: start) != 0 || !(start...start + 6).contains(day) {
                failures += 1
                if failures <= 5 {
                    Issue.record(
                        "\(CivilDay.isoDate(ofDay: day)): week \(label), start \(CivilDay.isoDate(ofDay: start)); expected \(expected)")
                }
            }
        }
        #expect(failures == 0)
        // Known edges.
        #expect(TimeBucket.week.label(ofStart: TimeBucket.week.start(ofDay: CivilDay.parse("2024-12-30")!)) == "2025-W01")
        #expect(TimeBucket.week.label(ofStart: TimeBucket.week.start(ofDay: CivilDay.parse("2021-01-03")!)) == "2020-W53")
        #expect(TimeBucket.week.label(ofStart: TimeBucket.week.start(ofDay: CivilDay.parse("2026-12-31")!)) == "2026-W53")
    }

    @Test func monthAndQuarterStarts() {
        for day in Self.first...Self.last {
            let (y, m, _) = CivilDay.date(ofDay: day)
            let monthStart = TimeBucket.month.start(ofDay: day)
            #expect(CivilDay.date(ofDay: monthStart) == (y, m, 1))
            let quarterMonth = [1, 1, 1, 4, 4, 4, 7, 7, 7, 10, 10, 10][m - 1]
            let quarterStart = TimeBucket.quarter.start(ofDay: day)
            #expect(CivilDay.date(ofDay: quarterStart) == (y, quarterMonth, 1))
            #expect(TimeBucket.day.start(ofDay: day) == day)
            for bucket in TimeBucket.allCases {
                let start = bucket.start(ofDay: day)
                let next = bucket.next(afterStart: start)
                if !(start <= day && day < next) || bucket.start(ofDay: next) != next || bucket.start(ofDay: next - 1) != start {
                    Issue.record("\(bucket) of \(CivilDay.isoDate(ofDay: day)): [\(start), \(next))")
                }
            }
            #expect(TimeBucket.month.label(ofStart: monthStart) == "\(y)-\(pad(m))")
            #expect(TimeBucket.quarter.label(ofStart: quarterStart) == "\(y)-Q\((m + 2) / 3)")
        }
    }

    @Test func walkingBucketsCoversEveryDayOnce() {
        let expectedCounts: [TimeBucket: Int] = [.day: Self.last - Self.first + 1, .month: 36 * 12, .quarter: 36 * 4]
        for bucket in TimeBucket.allCases {
            var start = bucket.start(ofDay: Self.first)
            var labels: [String] = []
            var covered = 0
            while start <= Self.last {
                let next = bucket.next(afterStart: start)
                #expect(next > start)
                covered += next - start
                labels.append(bucket.label(ofStart: start))
                start = next
            }
            #expect(labels == labels.sorted(), "\(bucket) labels sort in time order")
            #expect(Set(labels).count == labels.count)
            #expect(covered >= Self.last - Self.first + 1)
            if let expected = expectedCounts[bucket] { #expect(labels.count == expected, "\(bucket)") }
            // Month lengths against Foundation.
            if bucket == .month {
                var s = bucket.start(ofDay: Self.first)
                while s <= Self.last {
                    let length = Reference.gregorianUTC.range(of: .day, in: .month, for: Reference.date(ofDay: s))!.count
                    #expect(bucket.next(afterStart: s) - s == length)
                    s = bucket.next(afterStart: s)
                }
            }
        }
        #expect(TimeBucket.quarter.next(afterStart: CivilDay.parse("2025-10-01")!) == CivilDay.parse("2026-01-01")!)
        #expect(TimeBucket.month.next(afterStart: CivilDay.parse("2025-12-01")!) == CivilDay.parse("2026-01-01")!)
        #expect(TimeBucket.day.label(ofStart: CivilDay.parse("2025-03-07")!) == "2025-03-07")
    }
}

@Suite("Local days in a time zone")
struct LocalDayConverterTests {
    static let zones = ["Europe/Moscow", "America/New_York", "UTC"]
    static let from = Reference.unixSeconds(year: 2015, month: 1, day: 1)
    static let to = Reference.unixSeconds(year: 2031, month: 1, day: 1) - 1

    /// The day number Foundation's calendar in that zone gives an instant.
    static func referenceDay(_ seconds: Int64, _ calendar: Calendar) -> Int {
        let c = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return Reference.dayNumber(year: c.year!, month: c.month!, day: c.day!)
    }

    static func check(_ instants: [Int64], zone: String, order: String) {
        var converter = LocalDayConverter(identifier: zone)!
        let calendar = Reference.calendar(zone: TimeZone(identifier: zone)!)
        var failures = 0
        for seconds in instants {
            let day = converter.day(ofUnixSeconds: seconds)
            let expected = referenceDay(seconds, calendar)
            if day != expected {
                failures += 1
                if failures <= 5 {
                    Issue.record("\(zone) (\(order)): \(seconds) → day \(day), Foundation says \(expected)")
                }
            }
        }
        #expect(failures == 0, "\(zone), \(order)")
    }

    @Test(arguments: zones)
    func randomInstantsSortedAndUnsorted(zone: String) async {
        await propertyCheck(count: 20, input: Gen.int64(in: Self.from...Self.to).array(of: 200)) { instants in
            Self.check(instants, zone: zone, order: "unsorted")
            Self.check(instants.sorted(), zone: zone, order: "sorted")
            Self.check(instants.sorted(by: >), zone: zone, order: "descending")
        }
    }

    /// Every 5 minutes through the days around each DST change of New York, forwards and backwards.
    @Test(arguments: zones)
    func denseInstantsAroundTransitions(zone: String) {
        var instants: [Int64] = []
        for (y, m, d) in [(2024, 3, 10), (2024, 11, 3), (2015, 3, 8), (2030, 11, 3), (2025, 1, 1), (2024, 2, 29)] {
            let start = Reference.unixSeconds(year: y, month: m, day: d) - 2 * 86_400
            instants += stride(from: start, to: start + 4 * 86_400, by: 300)
        }
        Self.check(instants, zone: zone, order: "ascending")
        Self.check(instants.reversed(), zone: zone, order: "descending")
        // Jumping back and forth between the two sides of a change.
        Self.check(zip(instants, instants.reversed()).flatMap { [$0, $1] }, zone: zone, order: "interleaved")
        // Instants one second either side of every local midnight.
        let calendar = Reference.calendar(zone: TimeZone(identifier: zone)!)
        var edges: [Int64] = []
        for day in stride(from: CivilDay.parse("2015-01-01")!, through: CivilDay.parse("2030-12-31")!, by: 1) {
            let (y, m, d) = CivilDay.date(ofDay: day)
            guard day.isMultiple(of: 7) || m == 3 || m == 11 else { continue }
            let noon = calendar.date(from: DateComponents(year: y, month: m, day: d, hour: 12))!
            let midnight = Int64(calendar.startOfDay(for: noon).timeIntervalSince1970)
            edges += [midnight - 1, midnight]
        }
        Self.check(edges, zone: zone, order: "midnights")
    }

    @Test(arguments: zones)
    func startOfDayIsTheFirstSecond(zone: String) async {
        let timeZone = TimeZone(identifier: zone)!
        let calendar = Reference.calendar(zone: timeZone)
        let converter = LocalDayConverter(timeZone: timeZone)
        let first = CivilDay.parse("2015-01-01")!
        let last = CivilDay.parse("2030-12-31")!
        var days = Array(stride(from: first, through: last, by: 97))
        // The DST days of New York and their neighbours.
        for date in ["2024-03-10", "2024-11-03", "2025-03-09", "2025-11-02", "2014-10-26"] {
            let day = CivilDay.parse(Substring(date))!
            days += [day - 1, day, day + 1]
        }
        await propertyCheck(count: 200, input: Gen.int(in: first...last)) { days.append($0) }
        var dayConverter = converter
        for day in days {
            let start = converter.startOfDay(day)
            let (y, m, d) = CivilDay.date(ofDay: day)
            let noon = calendar.date(from: DateComponents(year: y, month: m, day: d, hour: 12))!
            #expect(start == Int64(calendar.startOfDay(for: noon).timeIntervalSince1970), "\(zone) \(y)-\(m)-\(d)")
            #expect(dayConverter.day(ofUnixSeconds: start) == day)
            #expect(dayConverter.day(ofUnixSeconds: start - 1) == day - 1)
        }
        // The length of the New York DST days.
        if zone == "America/New_York" {
            let spring = CivilDay.parse("2024-03-10")!
            let autumn = CivilDay.parse("2024-11-03")!
            #expect(converter.startOfDay(spring + 1) - converter.startOfDay(spring) == 23 * 3600)
            #expect(converter.startOfDay(autumn + 1) - converter.startOfDay(autumn) == 25 * 3600)
        }
        if zone == "Europe/Moscow" {
            #expect(converter.startOfDay(CivilDay.parse("2025-03-07")!) == Reference.unixSeconds(year: 2025, month: 3, day: 6, hour: 21))
        }
    }

    /// Where DST begins at midnight the day starts at 01:00 ("the first instant after the gap").
    @Test(
        arguments: [
            ("America/Sao_Paulo", "2018-11-04"), ("America/Santiago", "2022-09-11"),
            ("America/Havana", "2024-03-10"),
        ])
    func startOfDayAfterAMidnightGap(zone: String, date: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let calendar = Reference.calendar(zone: timeZone)
        let converter = LocalDayConverter(timeZone: timeZone)
        let day = try #require(CivilDay.parse(Substring(date)))
        let (y, m, d) = CivilDay.date(ofDay: day)
        let noon = try #require(calendar.date(from: DateComponents(year: y, month: m, day: d, hour: 12)))
        let expected = Int64(calendar.startOfDay(for: noon).timeIntervalSince1970)
        // Sanity: Foundation agrees there is a gap: the day starts at 01:00 local.
        #expect(calendar.component(.hour, from: Date(timeIntervalSince1970: TimeInterval(expected))) == 1)
        let start = converter.startOfDay(day)
        #expect(start == expected, "\(zone) \(date): startOfDay \(start), Foundation \(expected)")
        var dayConverter = converter
        #expect(dayConverter.day(ofUnixSeconds: start) == day)
        #expect(dayConverter.day(ofUnixSeconds: start - 1) == day - 1)
    }

    @Test func unknownZoneIsRejected() {
        #expect(LocalDayConverter(identifier: "Mars/Olympus_Mons") == nil)
        #expect(LocalDayConverter(identifier: "Europe/Moscow") != nil)
    }
}
