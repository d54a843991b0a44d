import Foundation

/// Calendar arithmetic on day numbers (days since 1970-01-01 in the organisation's time zone), without
/// Foundation's Calendar: the analytics index buckets millions of rows and needs this to be cheap.
/// Algorithms from Howard Hinnant, "chrono-compatible low-level date algorithms".
public enum CivilDay {
    /// The day number of a civil date (proleptic Gregorian).
    public static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The day number of a count of seconds since 1970-01-01 00:00 (UTC, or local time with its offset added):
    /// rounded down, so that the second before midnight of day 0 is in day −1.
    public static func day(ofSeconds seconds: Int64) -> Int {
        Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }

    /// The civil date of a day number.
    public static func date(ofDay dayNumber: Int) -> (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    public static func weekday(ofDay day: Int) -> Int { ((day + 3) % 7 + 7) % 7 }

    /// "2025-03-07"
    public static func isoDate(ofDay day: Int) -> String {
        let (y, m, d) = date(ofDay: day)
        return "\(y)-\(twoDigits(m))-\(twoDigits(d))"
    }

    /// Parses "YYYY-MM-DD"; nil if it is not a real date.
    public static func parse(_ text: Substring) -> Int? {
        // Read as bytes: splitting the characters and three `Int` parses cost a microsecond a date, on every
        // API question with a period.
        let bytes = text.utf8
        guard bytes.count == 10 else { return nil }
        var fields = (0, 0, 0)
        for (position, byte) in bytes.enumerated() {
            if position == 4 || position == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let digit = Int(byte &- UInt8(ascii: "0"))
            switch position {
            case ..<4: fields.0 = fields.0 * 10 + digit
            case ..<7: fields.1 = fields.1 * 10 + digit
            default: fields.2 = fields.2 * 10 + digit
            }
        }
        let (y, m, d) = fields
        guard (1...12).contains(m), (1...31).contains(d) else { return nil }
        let number = dayNumber(year: y, month: m, day: d)
        return date(ofDay: number) == (y, m, d) ? number : nil
    }

    public static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Months since year 0 (`year × 12 + month − 1`): months compare and subtract as integers.
    public static func monthIndex(ofDay day: Int) -> Int {
        let (y, m, _) = date(ofDay: day)
        return y * 12 + m - 1
    }

    /// The first day of a month given by its `monthIndex`.
    public static func firstDay(ofMonthIndex index: Int) -> Int {
        dayNumber(year: index.floorDivided(by: 12), month: index - index.floorDivided(by: 12) * 12 + 1, day: 1)
    }

    /// "2025-03"
    public static func monthLabel(ofMonthIndex index: Int) -> String {
        "\(index.floorDivided(by: 12))-\(twoDigits(index - index.floorDivided(by: 12) * 12 + 1))"
    }

    /// The same day of the month `months` later (earlier when negative); the 31st becomes the month's last
    /// day where the month is shorter (31 March − 1 month = 28 or 29 February).
    public static func day(_ day: Int, addingMonths months: Int) -> Int {
        let (y, m, d) = date(ofDay: day)
        let target = y * 12 + m - 1 + months
        let first = firstDay(ofMonthIndex: target)
        let length = firstDay(ofMonthIndex: target + 1) - first
        return first + min(d, length) - 1
    }
}

extension Int {
    /// Division rounding towards minus infinity (months before year 0 stay in the right year).
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

/// A time bucket to group answers by, in the organisation's time zone.
public enum TimeBucket: String, Hashable, Sendable, Codable, CaseIterable {
    case day
    /// ISO 8601 week: Monday to Sunday, labelled by the ISO week-year ("2025-W01").
    case week
    case month
    case quarter

    /// The first day of the bucket containing `day`.
    public func start(ofDay day: Int) -> Int {
        switch self {
        case .day: return day
        case .week: return day - CivilDay.weekday(ofDay: day)
        case .month:
            let (y, m, _) = CivilDay.date(ofDay: day)
            return CivilDay.dayNumber(year: y, month: m, day: 1)
        case .quarter:
            let (y, m, _) = CivilDay.date(ofDay: day)
            return CivilDay.dayNumber(year: y, month: (m - 1) / 3 * 3 + 1, day: 1)
        }
    }

    /// The first day of the bucket after the one starting at `start`.
    public func next(afterStart start: Int) -> Int {
        switch self {
        case .day: return start + 1
        case .week: return start + 7
        case .month:
            let (y, m, _) = CivilDay.date(ofDay: start)
            return m == 12 ? CivilDay.dayNumber(year: y + 1, month: 1, day: 1) : CivilDay.dayNumber(year: y, month: m + 1, day: 1)
        case .quarter:
            let (y, m, _) = CivilDay.date(ofDay: start)
            return m >= 10 ? CivilDay.dayNumber(year: y + 1, month: 1, day: 1) : CivilDay.dayNumber(year: y, month: m + 3, day: 1)
        }
    }

    /// A sortable label: "2025-03-07", "2025-W10", "2025-03", "2025-Q1".
    public func label(ofStart start: Int) -> String {
        let (y, m, _) = CivilDay.date(ofDay: start)
        switch self {
        case .day: return CivilDay.isoDate(ofDay: start)
        case .week:
            // The ISO week-year is the year of the week's Thursday.
            let thursday = start + 3
            let year = CivilDay.date(ofDay: thursday).year
            let week = (thursday - CivilDay.dayNumber(year: year, month: 1, day: 1)) / 7 + 1
            return "\(year)-W\(CivilDay.twoDigits(week))"
        case .month: return "\(y)-\(CivilDay.twoDigits(m))"
        case .quarter: return "\(y)-Q\((m - 1) / 3 + 1)"
        }
    }
}

/// Converts instants to day numbers in one time zone. Keeps the current UTC-offset period, so converting
/// millions of mostly ordered timestamps asks the time-zone database only at offset changes.
public struct LocalDayConverter: Sendable {
    public let timeZone: TimeZone
    private var periodStart: Int64 = .max
    private var periodEnd: Int64 = .min
    private var offset: Int64 = 0

    public init(timeZone: TimeZone) { self.timeZone = timeZone }

    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.init(timeZone: zone)
    }

    /// The local day number of a Unix time in seconds.
    public mutating func day(ofUnixSeconds seconds: Int64) -> Int {
        if seconds < periodStart || seconds >= periodEnd { refreshPeriod(around: seconds) }
        return CivilDay.day(ofSeconds: seconds + offset)
    }

    /// The Unix time at which a local day begins (00:00 local; at a DST gap, the first instant after it).
    public func startOfDay(_ day: Int) -> Int64 {
        let guess = Int64(day) * 86_400
        let firstOffset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(guess))))
        let candidate = guess - firstOffset
        let secondOffset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(candidate))))
        let start = guess - secondOffset
        let localStart = start + Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(start))))
        if localStart < guess,
            let transition = timeZone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: TimeInterval(start)))
        {
            // Local midnight falls in a gap (clocks jump from 23:59:59 to 01:00): the day starts at the jump.
            return Int64(transition.timeIntervalSince1970)
        }
        return start
    }

    private mutating func refreshPeriod(around seconds: Int64) {
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        offset = Int64(timeZone.secondsFromGMT(for: date))
        // The period runs from the previous hour boundary to the next transition (or a day ahead, at most).
        periodStart = seconds - ((seconds % 3600) + 3600) % 3600
        let horizon = periodStart + 86_400
        if let transition = timeZone.nextDaylightSavingTimeTransition(after: date) {
            periodEnd = min(horizon, Int64(transition.timeIntervalSince1970))
        } else {
            periodEnd = horizon
        }
    }
}
