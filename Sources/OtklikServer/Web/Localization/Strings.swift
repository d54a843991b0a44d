import Foundation
import OtklikCore

/// The product's words in one language. Every text a page shows comes from here (docs/architecture.md,
/// principle 7): `strings[.signIn]`, `strings.count(5, .response)` → «5 ответов», numbers and dates in the
/// language's own format. Each text is a `TextKey` constant holding both languages side by side (Texts+*.swift, one
/// file per feature): a text missing in either language does not compile, and a translator sees both.
public struct Strings: Sendable {
    public let locale: LocalizedText.Locale

    public init(_ locale: LocalizedText.Locale) { self.locale = locale }

    public subscript(_ key: TextKey) -> String {
        switch locale {
        case .ru: return key.ru
        case .en: return key.en
        }
    }

    /// A field problem in this language: known codes have a text of their own; others keep the
    /// (English) message of the rule that found them.
    public func problem(_ problem: FieldProblem) -> String {
        if let key = TextKey.problems[problem.code] { return self[key] }
        return problem.message
    }

    public func role(_ role: Role) -> String {
        switch role {
        case .owner: return self[.roleOwner]
        case .analyst: return self[.roleAnalyst]
        case .manager: return self[.roleManager]
        case .staff: return self[.roleStaff]
        }
    }

    /// Product text stored in both languages (survey titles, questions).
    public func text(_ text: LocalizedText) -> String { text.text(for: locale) }

    /// "1 ответ", "3 ответа", "5 ответов" / "1 response", "5 responses".
    public func count(_ n: Int, _ noun: CountNoun) -> String {
        "\(integer(n)) \(form(n, noun))"
    }

    /// The word alone, in the form that goes with `n`.
    public func form(_ n: Int, _ noun: CountNoun) -> String {
        let forms = locale == .ru ? noun.russian : noun.english
        switch locale {
        case .ru:
            let (tens, units) = (abs(n) % 100, abs(n) % 10)
            if units == 1 && tens != 11 { return forms.0 }
            if (2...4).contains(units) && !(12...14).contains(tens) { return forms.1 }
            return forms.2
        case .en:
            return abs(n) == 1 ? forms.0 : forms.2
        }
    }

    /// 12 345 (ru, with a narrow no-break space) / 12,345 (en).
    public func integer(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { out += locale == .ru ? "\u{202F}" : "," }
            out.append(character)
        }
        return (n < 0 ? "−" : "") + out
    }

    /// A number with `digits` decimals: 42,5 (ru) / 42.5 (en); a true minus sign; "+" when `signed`.
    public func decimal(_ x: Double, digits: Int = 1, signed: Bool = false) -> String {
        guard x.isFinite else { return "—" }
        let scale = pow(10, Double(digits))
        let rounded = (abs(x) * scale).rounded() / scale
        let whole = Int(rounded)
        var text = integer(whole)
        if digits > 0 {
            let fraction = Int(((rounded - Double(whole)) * scale).rounded())
            let padded = String(fraction)
            text += (locale == .ru ? "," : ".") + String(repeating: "0", count: max(0, digits - padded.count)) + padded
        }
        let isZero = rounded == 0
        if x < 0 && !isZero { return "−" + text }
        return (signed && !isZero ? "+" : "") + text
    }

    /// «2 дек. 2026» / "2 Dec 2026", from a day number (`CivilDay`).
    public func date(day dayNumber: Int) -> String {
        "\(shortDate(day: dayNumber)) \(CivilDay.date(ofDay: dayNumber).year)"
    }

    /// «2 дек.» / "2 Dec": chart axes, where the year is clear from the period.
    public func shortDate(day dayNumber: Int) -> String {
        let day = CivilDay.date(ofDay: dayNumber)
        let months =
            locale == .ru
            ? ["янв.", "февр.", "марта", "апр.", "мая", "июня", "июля", "авг.", "сент.", "окт.", "нояб.", "дек."]
            : ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(day.day) \(months[day.month - 1])"
    }

    /// «2 дек. 2026, 14:05» in the organisation's time zone.
    public func dateTime(_ date: Date, timeZone: TimeZone) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let local = seconds + Int64(timeZone.secondsFromGMT(for: date))
        let day = CivilDay.day(ofSeconds: local)
        let minuteOfDay = Int(local - Int64(day) * 86_400) / 60
        let (hour, minute) = (minuteOfDay / 60, minuteOfDay % 60)
        return "\(self.date(day: day)), \(hour):\(minute < 10 ? "0" : "")\(minute)"
    }

    /// The language to answer in: `?lang=` first, then the cookie, then the signed-in user's own language,
    /// then the browser's Accept-Language, then the organisation's default.
    public static func negotiate(
        query: String?, cookie: String?, preferred: LocalizedText.Locale? = nil,
        acceptLanguage: String?, fallback: LocalizedText.Locale
    ) -> LocalizedText.Locale {
        for explicit in [query, cookie] {
            if let explicit, let locale = LocalizedText.Locale(rawValue: explicit) { return locale }
        }
        if let preferred { return preferred }
        guard let acceptLanguage else { return fallback }
        // "en-GB,en;q=0.9,ru;q=0.8": the highest-weighted language we speak.
        var best: (LocalizedText.Locale, Double)?
        for part in acceptLanguage.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased() else { continue }
            let language = String(tag.split(separator: "-").first ?? "")
            let weight = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if let locale = LocalizedText.Locale(rawValue: language), weight > (best?.1 ?? 0) { best = (locale, weight) }
        }
        return best?.0 ?? fallback
    }
}

/// One text of the product in both languages.
public struct TextKey: Sendable {
    public let ru: String
    public let en: String
    init(_ ru: String, _ en: String) {
        self.ru = ru
        self.en = en
    }
}

/// Nouns that are counted on pages, with their forms: (one, few, many) in Russian, (one, -, other) in English.
public enum CountNoun: Sendable {
    case response, answer, comment, day, week, touchpoint, attempt, minute, filter, hour

    var russian: (String, String, String) {
        switch self {
        case .response: return ("ответ", "ответа", "ответов")
        case .answer: return ("оценка", "оценки", "оценок")
        case .comment: return ("комментарий", "комментария", "комментариев")
        case .day: return ("день", "дня", "дней")
        case .week: return ("неделя", "недели", "недель")
        case .touchpoint: return ("точка контакта", "точки контакта", "точек контакта")
        case .attempt: return ("попытка", "попытки", "попыток")
        case .minute: return ("минута", "минуты", "минут")
        case .filter: return ("фильтр", "фильтра", "фильтров")
        case .hour: return ("час", "часа", "часов")
        }
    }

    var english: (String, String, String) {
        switch self {
        case .response: return ("response", "responses", "responses")
        case .answer: return ("rating", "ratings", "ratings")
        case .comment: return ("comment", "comments", "comments")
        case .day: return ("day", "days", "days")
        case .week: return ("week", "weeks", "weeks")
        case .touchpoint: return ("touchpoint", "touchpoints", "touchpoints")
        case .attempt: return ("attempt", "attempts", "attempts")
        case .minute: return ("minute", "minutes", "minutes")
        case .filter: return ("filter", "filters", "filters")
        case .hour: return ("hour", "hours", "hours")
        }
    }
}
