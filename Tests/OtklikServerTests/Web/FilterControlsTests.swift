import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import PropertyBased
import Testing

@testable import OtklikServer

/// Filters the API had and the pages lacked: a has-comment control, score bands with one end or from the
/// band menu, channels by code and periods relative to today.
struct FilterControlsTests {
    private func seeded() async throws -> WebTestApp {
        let app = try await WebTestApp.make()
        try await app.answer(nps: 2, touchpoint: 1, location: 3, employee: 1, comment: "Критик с комментарием")
        try await app.answer(nps: 5, touchpoint: 1, location: 3, employee: 1)
        try await app.answer(nps: 10, touchpoint: 1, location: 3, employee: 1, comment: "Промоутер с комментарием")
        return app
    }

    @Test func theDrillDownHonoursHasCommentAndOneEndedBands() async throws {
        let app = try await seeded()
        try await app.test { client in
            let session = app.sessions[.owner]
            let upToSix = try await client.page(.get, "/app/responses?nps=..6", session: session)
            #expect(upToSix.body.contains("NPS 2") && upToSix.body.contains("NPS 5") && !upToSix.body.contains("NPS 10"))
            let commented = try await client.page(.get, "/app/responses?has_comment=true", session: session)
            #expect(commented.body.contains("NPS 2") && commented.body.contains("NPS 10") && !commented.body.contains("NPS 5"))
            #expect(commented.body.contains("name=\"has_comment\" value=\"true\" checked"), "the control shows the filter")
            let menu = try await client.page(.get, "/app/responses?band=nps:9-10", session: session)
            #expect(menu.body.contains("NPS 10") && !menu.body.contains("NPS 2"))
            #expect(menu.body.contains("<option value=\"nps:9-10\" selected>"))
            let csv = try await client.page(.get, "/app/responses.csv?has_comment=true&nps=9..", session: session)
            #expect(csv.body.contains("Промоутер с комментарием") && !csv.body.contains("Критик"))
        }
    }

    @Test func menusSortNamesAsPeopleDo() {
        let names = ["Сотрудник 10", "сотрудник 2", "Ёлка", "Елена", "Анна", "Ярослав", "Zoe", "alex", "Точка 9", "Точка 100"]
        let sorted = names.sorted { MenuOrder.sortKey($0).lexicographicallyPrecedes(MenuOrder.sortKey($1)) }
        #expect(sorted == ["alex", "Zoe", "Анна", "Елена", "Ёлка", "сотрудник 2", "Сотрудник 10", "Точка 9", "Точка 100", "Ярослав"])
    }

    @Test func oneEndedBandsRunToTheEndOfTheScale() {
        #expect(ScoreBand.bands(query: ["nps": "..6"]) == [ScoreBand(.nps, 0...6)])
        #expect(ScoreBand.bands(query: ["ces": "5.."]) == [ScoreBand(.ces, 5...7)])
        #expect(ScoreBand.bands(query: ["nps": "9"]) == [ScoreBand(.nps, 9...9)])
        #expect(ScoreBand.bands(query: ["metric": "nps"]).isEmpty)
        #expect(ScoreBand.bands(query: ["nps": "0..11"]).isEmpty)
        #expect(ScoreBand.bands(query: ["nps": "7..3"]).isEmpty)
        #expect(ScoreBand.bands(query: ["band": "ladder:2-2"]) == [ScoreBand(.ladder, 2...2)])
        #expect(ScoreBand.bands(query: ["band": "nps:9-12"]).isEmpty)
        // Several at once, the menu winning over a link's band of its metric.
        #expect(ScoreBand.bands(query: ["nps": "0..6", "csat": "4..5"]) == [ScoreBand(.nps, 0...6), ScoreBand(.csat, 4...5)])
        #expect(ScoreBand.bands(query: ["nps": "0..6", "band": "nps:9-10"]) == [ScoreBand(.nps, 9...10)])
    }

    @Test func everyNamedBandOfTheMetricTableIsInTheMenuWithWords() {
        #expect(ScoreBand.presets.count == ScoreBand.named.count)
        for (band, name) in ScoreBand.named { #expect(TextKey.band(name) != nil, "\(band.code) \(name) has no words") }
    }

    @Test func periodsRelativeToTodayAndChannelsByCode() throws {
        let zone = TimeZone(identifier: "Europe/Moscow")!
        let now = Date(timeIntervalSince1970: 1_767_600_000 + 12 * 3600)  // 2026-01-05, 15:00 in Moscow
        func parse(_ parameters: [String: String]) throws -> MetricRequest {
            try MetricRequest.parse(
                parameters, scope: .everything, timeZone: zone, locationSubtree: { [$0.rawValue] },
                channelCode: { $0 == "phone" ? 3 : nil }, now: now
            ).get()
        }
        let relative = try parse(["from": "-7d", "to": "today"])
        let absolute = try parse(["from": "2025-12-30", "to": "2026-01-05"])
        #expect(relative.query.from == absolute.query.from && relative.query.to == absolute.query.to)
        #expect(try parse(["from": "-2w"]).query.from == parse(["from": "2025-12-23"]).query.from)
        #expect(try parse(["channel": "phone"]).query.filters[.channel] == [3])
        #expect(try parse(["channel": "phone,4"]).query.filters[.channel] == [3, 4])
        guard
            case .failure(let problem) = MetricRequest.parse(
                ["channel": "fax"], scope: .everything, timeZone: zone, locationSubtree: { [$0.rawValue] })
        else {
            Issue.record("an unknown code is refused")
            return
        }
        #expect(problem.field == "channel")
        guard
            case .failure(let late) = MetricRequest.parse(
                ["to": "-7d"], scope: .everything, timeZone: zone, locationSubtree: { [$0.rawValue] })
        else {
            Issue.record("a relative end is refused")
            return
        }
        #expect(late.field == "to")
    }

    /// Id lists are read from their bytes when they are plain digits and commas, the long way otherwise: both
    /// give what reading each comma-separated part as a whole number gives, and refuse what it refuses.
    @Test func idListsReadFromBytesMatchTheirPartsReadOneByOne() async {
        let alphabet = Array("0123456789,,,+- a9")
        await propertyCheck(count: 2_000, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SeededRandom(seed: UInt64(seed))
            var text = String((0..<Int(random.next() % 30)).map { _ in random.pick(alphabet) })
            if random.next() % 8 == 0 { text += ",1234567890123456789" + (random.next() % 2 == 0 ? "0" : "") }
            var expected: Set<Int64>? = []
            for part in text.split(separator: ",") {
                guard let id = Int64(part), id >= 0 else {
                    expected = nil
                    break
                }
                expected?.insert(id)
            }
            for dimension in [ContextDimension.employee, .channel] {
                let parsed = MetricRequest.parse(
                    [dimension.rawValue: text], scope: .everything, timeZone: .gmt, locationSubtree: { [$0.rawValue] })
                switch parsed {
                case .success(let request):
                    #expect(expected != nil && request.query.filters[dimension] == expected, "\(text.debugDescription)")
                case .failure(let problem):
                    #expect(expected == nil && problem.field == dimension.rawValue, "\(text.debugDescription)")
                }
            }
            if let fast = MetricRequest.plainIDs(text) { #expect(fast == expected, "\(text.debugDescription)") }
        }
    }
}
