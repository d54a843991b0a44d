import Foundation
import OtklikCore

/// Responses as the API's JSON — what `JSONCoding.makeEncoder()` makes of a `Response`: snake_case keys in
/// sorted order (answers by their question ids' bytes), absent fields left out, ids as numbers, the time as RFC
/// 3339 in UTC — written straight into bytes. Through `JSONEncoder`, a page of 500 responses took ~30 ms, two
/// thirds of it in the encoder; the NDJSON export encoded each response the same way.
enum ResponseJSON {
    /// `{"items":[…],"next_cursor":…}`: a page of `GET /api/v1/responses` (no cursor on the last page).
    static func page(_ items: [Response], nextCursor: Int64?) -> OutputBytes {
        var out = OutputBytes(capacity: 512 * items.count + 64)
        out.raw("{\"items\":[")
        for (i, response) in items.enumerated() {
            if i > 0 { out.byte(UInt8(ascii: ",")) }
            write(response, into: &out)
        }
        out.byte(UInt8(ascii: "]"))
        if let nextCursor {
            out.raw(",\"next_cursor\":")
            out.integer(Int(nextCursor))
        }
        out.byte(UInt8(ascii: "}"))
        return out
    }

    /// One response's object.
    static func write(_ response: Response, into out: inout OutputBytes) {
        out.raw("{\"answers\":{")
        let keys = response.answers.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for (i, key) in keys.enumerated() {
            if i > 0 { out.byte(UInt8(ascii: ",")) }
            out.key(key)
            switch response.answers[key]! {
            case .score(let score): out.integer(score)
            case .text(let text): out.json(text)
            case .choices(let choices): strings(choices, into: &out)
            }
        }
        out.byte(UInt8(ascii: "}"))
        if let comment = response.comment {
            out.raw(",\"comment\":")
            out.json(comment)
        }
        out.raw(",\"context\":{")
        let context = response.context
        var first = true
        func field(_ name: StaticString, _ write: (inout OutputBytes) -> Void) {
            if !first { out.byte(UInt8(ascii: ",")) }
            first = false
            out.raw(name)
            write(&out)
        }
        func id<T>(_ name: StaticString, _ id: Identifier<T>?) {
            if let id { field(name) { $0.integer(Int(id.rawValue)) } }
        }
        id("\"channel_id\":", context.channelId)
        id("\"customer_id\":", context.customerId)
        id("\"employee_id\":", context.employeeId)
        id("\"location_id\":", context.locationId)
        if let order = context.orderId { field("\"order_id\":") { $0.json(order) } }
        id("\"segment_id\":", context.segmentId)
        field("\"tags\":") { strings(context.tags, into: &$0) }
        id("\"touchpoint_id\":", context.touchpointId)
        out.raw("},\"id\":")
        out.integer(Int(response.id.rawValue))
        if let key = response.idempotencyKey {
            out.raw(",\"idempotency_key\":")
            out.json(key)
        }
        out.raw(",\"source\":")
        out.json(response.source.rawValue)
        out.raw(",\"submitted_at\":")
        time(response.submittedAt, into: &out)
        out.raw(",\"survey_id\":")
        out.integer(Int(response.surveyId.rawValue))
        out.byte(UInt8(ascii: "}"))
    }

    private static func strings(_ list: [String], into out: inout OutputBytes) {
        out.byte(UInt8(ascii: "["))
        for (i, text) in list.enumerated() {
            if i > 0 { out.byte(UInt8(ascii: ",")) }
            out.json(text)
        }
        out.byte(UInt8(ascii: "]"))
    }

    /// `"2025-03-07T11:30:00Z"`, as `JSONCoding.formatDate` writes it: a whole second of the years 1583–9999
    /// (every stored time) without Foundation's formatter, any other through it (which counts days before the
    /// Gregorian reform of October 1582 by the Julian calendar).
    static func time(_ date: Date, into out: inout OutputBytes) {
        let seconds = date.timeIntervalSince1970
        guard seconds == seconds.rounded(.down), abs(seconds) < 253_402_300_800 else {
            out.json(JSONCoding.formatDate(date))
            return
        }
        let whole = Int(seconds)
        let (days, second) = (whole.floorDivided(by: 86_400), whole.floorModulo(86_400))
        let (year, month, day) = CivilDay.date(ofDay: days)
        guard year >= 1583 else {
            out.json(JSONCoding.formatDate(date))
            return
        }
        out.withRoom(22) { raw in
            raw.byte(UInt8(ascii: "\""))
            digits(year, 4, &raw)
            raw.byte(UInt8(ascii: "-"))
            digits(month, 2, &raw)
            raw.byte(UInt8(ascii: "-"))
            digits(day, 2, &raw)
            raw.byte(UInt8(ascii: "T"))
            digits(second / 3600, 2, &raw)
            raw.byte(UInt8(ascii: ":"))
            digits(second / 60 % 60, 2, &raw)
            raw.byte(UInt8(ascii: ":"))
            digits(second % 60, 2, &raw)
            raw.raw("Z\"")
        }
    }

    /// `value` (≥ 0) in `count` digits, zeros in front.
    private static func digits(_ value: Int, _ count: Int, _ raw: inout RawBytes) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        while divisor > 0 {
            raw.byte(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }
}

extension Int {
    fileprivate func floorDivided(by divisor: Int) -> Int { (self - floorModulo(divisor)) / divisor }
    fileprivate func floorModulo(_ divisor: Int) -> Int { (self % divisor + divisor) % divisor }
}
