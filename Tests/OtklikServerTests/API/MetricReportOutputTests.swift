import Foundation
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikAnalytics
@testable import OtklikServer

/// The compact metrics answer and its CSV, written without `JSONEncoder`: read back by a JSON parser, they
/// must say exactly what the report says, for every field, with awkward names and random answers.
@Suite("Compact metric answers")
struct MetricReportOutputTests {
    @Test func stringsAndNumbersReadBackExactly() throws {
        var random = SystemRandomNumberGenerator()
        let alphabet: [Character] = [
            "a", "Я", "\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1F}", "\u{2028}", "\u{2029}", "é", "😀", "/", " ",
        ]
        for _ in 0..<300 {
            let text = String((0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            let number = [
                Double.random(in: -1e6...1e6, using: &random), Double(Int.random(in: -1000...1000, using: &random)),
                Double.random(in: -1...1, using: &random) * 1e-7, 1e300 * Double.random(in: 0...1, using: &random),
            ].randomElement(using: &random)!
            var out = OutputBytes()
            out.raw("[")
            out.json(text)
            out.raw(",")
            out.json(number)
            out.raw(",")
            out.integer(Int.random(in: Int.min...Int.max, using: &random))
            out.raw("]")
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(out.bytes)) as? [Any])
            #expect(parsed[0] as? String == text)
            // Exactly the same Double (Foundation's JSON parser itself rounds in the last digit, so the
            // number's text is read by Double's own parser).
            var alone = OutputBytes()
            alone.json(number)
            #expect(Double(String(decoding: alone.bytes, as: UTF8.self)) == number, "\(number)")
            // The shortest such text (Swift's own), whichever way the standard library hands it over.
            if number != number.rounded(.towardZero) {
                #expect(String(decoding: alone.bytes, as: UTF8.self) == number.description)
            }
            #expect(abs(((parsed[1] as? NSNumber)?.doubleValue ?? .nan) - number) <= 1e-12 * max(1, abs(number)))
        }
    }

    /// Whole numbers at every length, both sides of each power of ten (the writer prints two digits at a
    /// time, so odd and even lengths take different last steps), and two-decimal bounds around them.
    @Test func integersOfEveryLength() {
        var values: [Int] = [0, Int.max, Int.min, Int.min + 1]
        var power = 1
        for _ in 0..<18 {
            power *= 10
            values += [power - 1, power, power + 1, -(power - 1), -power]
        }
        for value in values {
            var out = OutputBytes()
            out.integer(value)
            #expect(String(decoding: out.bytes, as: UTF8.self) == String(value))
        }
        for (value, text) in [
            (0.0, "0"), (9.999, "10"), (10.5, "10.5"), (-99.994, "-99.99"), (100.01, "100.01"), (-0.004, "0"), (1234567.891, "1234567.89"),
        ] {
            var out = OutputBytes()
            out.json(rounded: value)
            #expect(String(decoding: out.bytes, as: UTF8.self) == text, "\(value)")
        }
    }

    /// `ShortestDecimal` against the standard library's `description` (the reference: shortest, then closest)
    /// on every kind of number in its range: any bit pattern, the ratios metrics are made of, powers of two
    /// (whose lower neighbour is half as far), short decimals and the range's ends.
    @Test func shortestDecimalIsTheStandardLibrarysText() {
        var random = SystemRandomNumberGenerator()
        let (lowest, highest) = (0.001.bitPattern, 1e15.bitPattern)
        var numbers: [Double] = [0.001, 1e15.nextDown, 0.1, 0.3, 2.0 / 3, 99.99995, 0.001.nextUp, 123_456.789]
        for _ in 0..<40_000 {
            numbers.append(Double(bitPattern: UInt64.random(in: lowest..<highest, using: &random)))
            let n = Int.random(in: 1...5_000, using: &random)
            let (positive, negative) = (Int.random(in: 0...n, using: &random), Int.random(in: 0...n, using: &random))
            numbers.append(100 * Double(positive - negative) / Double(n))
            numbers.append(Double(Int.random(in: 1...99_999, using: &random)) / [10, 100, 1_000, 8, 3, 7].randomElement(using: &random)!)
            numbers.append(Double(sign: .plus, exponent: Int.random(in: -10...49, using: &random), significand: 1))
        }
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 32)
        defer { buffer.deallocate() }
        var (checked, mismatches): (Int, [String]) = (0, [])
        for number in numbers {
            let count = ShortestDecimal.write(abs(number), into: buffer)
            guard abs(number) >= 0.001, abs(number) < 1e15, number != number.rounded(.towardZero) else {
                #expect(count == nil, "\(number) is left to the standard library")
                continue
            }
            let text = count.map { String(decoding: UnsafeBufferPointer(start: buffer, count: $0), as: UTF8.self) }
            if text != abs(number).description { mismatches.append("\(number): \(text ?? "nil")") }
            checked += 1
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
        #expect(checked > 100_000)
    }

    /// A time bucket's label as the JSON writer stores it (printed once, copied per group) is the bucket's
    /// own label, quoted, for every kind of bucket, days far apart and repeated.
    @Test func bucketLabelsAsTheBucketsName() throws {
        var random = SystemRandomNumberGenerator()
        for bucket in TimeBucket.allCases {
            let starts = (0..<200).map { _ in bucket.start(ofDay: Int.random(in: 0...40_000, using: &random)) }
            let labels = BucketLabelJSON(bucket, starts: starts)
            for start in starts.shuffled(using: &random) {
                var out = OutputBytes()
                out.withRoom(16) { $0.short(labels.label(of: start)) }
                #expect(String(decoding: out.bytes, as: UTF8.self) == "\"\(bucket.label(ofStart: start))\"")
            }
        }
    }

    @Test func fourDecimalsAsTheTablesShowThem() {
        for (value, text) in [
            (42.0, "42.0000"), (-3.5, "-3.5000"), (0.00004, "0.0000"), (0.00005, "0.0001"), (-0.25, "-0.2500"), (99.99995, "100.0000"),
        ] {
            var out = OutputBytes()
            out.fixed4(value)
            #expect(String(decoding: out.bytes, as: UTF8.self) == text)
        }
    }

    /// Interval bounds to two decimals: the number rounded (half away from zero), no trailing zeros, no "-0".
    @Test func boundsToTwoDecimals() {
        for (value, text) in [
            (51.0325479706802, "51.03"), (-2.2520601658021446, "-2.25"), (20.0, "20"), (-100.0, "-100"), (0.004, "0"),
            (-0.004, "0"), (-0.005, "-0.01"), (7.1, "7.1"), (4.996, "5"), (0.05, "0.05"), (-12.3456, "-12.35"),
            (1e300, "1e+300"),
        ] as [(Double, String)] {
            var out = OutputBytes()
            out.json(rounded: value)
            #expect(String(decoding: out.bytes, as: UTF8.self) == text, "\(value)")
        }
        var none = OutputBytes()
        none.json(rounded: nil)
        none.json(rounded: .nan)
        #expect(String(decoding: none.bytes, as: UTF8.self) == "nullnull")
        // Against the standard library's rounding, on the ratios intervals are made of.
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let value = 100 * Double(Int.random(in: -5_000...5_000, using: &random)) / Double(Int.random(in: 1...5_000, using: &random))
            var out = OutputBytes()
            out.json(rounded: value)
            let parsed = Double(String(decoding: out.bytes, as: UTF8.self))!
            #expect(parsed == (value * 100).rounded() / 100 + 0, "\(value)")
        }
    }

    /// Many small groups share their counts, and their cells are written once per distinct headline and then
    /// copied (`CellMemo`): the bytes are the same as each group's written on its own, in order and in halves.
    /// And headline cells written straight from the counts are those written from each group's whole summary.
    @Test func cellsFromTheCountsOrTheMemoAreTheSummariesCells() async throws {
        let app = try await Self.appWithRandomAnswers(3_000, days: 90)
        for fields in ["value,interval,n,low_sample", "n,value"] {
            let report = try await app.services.metrics.report(
                [
                    "metric": "nps,csat", "by": "touchpoint,day", "from": "2025-12-01", "to": "2026-02-28",
                    "fields": fields,
                ], scope: .everything)
            #expect(report.groups.count > 600)
            let plain = MetricReportJSON(report, halvesFrom: .max, memoFrom: .max, fromCounts: false).allBytes()
            let sameFromCounts = MetricReportJSON(report, halvesFrom: .max, memoFrom: .max).allBytes() == plain
            #expect(sameFromCounts, "\(fields): the headline cells written from the counts differ")
            let json = MetricReportJSON(report, halvesFrom: .max, memoFrom: 1)
            let memo = try #require(json.memo)
            // Compared as one flag: a failure would print three hundred kilobytes of bytes.
            let sameInOrder = json.allBytes() == plain
            #expect(sameInOrder, "\(fields): the groups written with the memo differ")
            // Most groups' cells came from the memo (~4 answers a group: a few dozen distinct headlines a metric).
            #expect(memo.hits > report.groups.count)
            let sameInHalves = MetricReportJSON(report, halvesFrom: 2, memoFrom: 1).allBytes() == plain
            #expect(sameInHalves, "\(fields): the halves written with their memos differ")
        }
        // Days of ~33 answers: some at the minimum sample, some either side of it; means too (none for NPS).
        for fields in ["low_sample,n,interval,value", "mean,n", "n,mean,low_sample,value"] {
            let byDay = try await app.services.metrics.report(["metric": "csat,nps", "by": "day", "fields": fields], scope: .everything)
            let sizes = Set(byDay.groups.map { $0.summaries[0].n })
            #expect(
                sizes.contains { $0 < MetricSummary.defaultMinimumSample } && sizes.contains { $0 >= MetricSummary.defaultMinimumSample })
            let sameFromCounts =
                MetricReportJSON(byDay, halvesFrom: .max).allBytes()
                == MetricReportJSON(byDay, halvesFrom: .max, fromCounts: false).allBytes()
            #expect(sameFromCounts, "by day, \(fields): the cells written from the counts differ")
        }
    }

    /// A comparison with the previous period written straight from both periods' counts is the one written
    /// from each group's whole comparison, in order and in halves; groups new in this period have an empty
    /// previous.
    @Test func previousPeriodCellsFromTheCountsAreTheComparisonsCells() async throws {
        let app = try await Self.appWithRandomAnswers(3_000, days: 90)
        var emptyBefore = Set<Bool>()
        for parameters in [
            ["metric": "nps,csat", "by": "touchpoint,segment", "from": "2026-01-15", "to": "2026-02-28"],
            ["metric": "ces,nps", "by": "touchpoint,week", "from": "2026-01-05", "to": "2026-02-22"],
        ] {
            for fields in ["value,interval,n,previous", "previous,n,low_sample", "mean,previous"] {
                let asked = parameters.merging(["fields": fields]) { $1 }
                let report = try await app.services.metrics.report(asked, scope: .everything)
                let comparisons = report.groups.compactMap(\.comparisons).flatMap { $0 }
                #expect(comparisons.count == report.groups.count * report.metrics.count, "\(asked)")
                for comparison in comparisons { emptyBefore.insert(comparison.previous.n == 0) }
                let plain = MetricReportJSON(report, halvesFrom: .max, fromCounts: false).allBytes()
                let same = MetricReportJSON(report, halvesFrom: .max).allBytes() == plain
                #expect(same, "\(asked): the cells written from the counts differ")
                let sameInHalves = MetricReportJSON(report, halvesFrom: 2).allBytes() == plain
                #expect(sameInHalves, "\(asked): the halves differ")
            }
        }
        #expect(emptyBefore == [true, false])
    }

    /// The first few groups in any order (picked without sorting every group) are the first few of the whole
    /// sorted answer: ties (groups of a few answers tie often) in key order, groups without a value last.
    @Test func theFirstFewAreTheFirstOfTheWholeOrder() async throws {
        let app = try await Self.appWithRandomAnswers(3_000, days: 90)
        for metric in ["nps", "csat", "ces"] {
            for sort in ["value", "n", "mean"] {
                for order in ["asc", "desc"] {
                    let asked = ["metric": metric, "by": "touchpoint,day", "sort": sort, "order": order]
                    let whole = try await app.services.metrics.report(asked, scope: .everything).groups
                    #expect(whole.count > 600)
                    for limit in [1, 5, 10, 64, 200] {
                        let first = try await app.services.metrics.report(asked.merging(["limit": "\(limit)"]) { $1 }, scope: .everything)
                        let same = first.groups.map(\.values) == whole.prefix(limit).map(\.values)
                        #expect(same, "\(asked) limit \(limit)")
                    }
                }
            }
        }
    }

    /// An API answer that needs only nets and shares has its groups counted by score class (NPS's detractors,
    /// passives and promoters; CSAT's top two boxes and the rest): its JSON and CSV are byte for byte those
    /// of the same answer counted by score. A mean, a histogram or a sort by mean keeps the counts by score.
    @Test func answersCountedByClassWriteWhatCountsByScoreWrite() async throws {
        let app = try await Self.appWithRandomAnswers(2_000, days: 60)
        // Every grouping counts by class where its answer allows, however few its cells.
        app.services.metrics.index.countsByClassFrom = 0
        let asked: [([String: String], byClass: Bool)] = [
            (["metric": "nps,csat", "by": "touchpoint,week"], true),
            (["metric": "csat", "by": "touchpoint", "fields": "value,low_sample", "sort": "value", "min_n": "200"], true),
            (["metric": "nps", "by": "day", "format": "csv", "from": "2025-12-01", "to": "2026-01-15"], true),
            (["metric": "nps,csat", "by": "touchpoint", "fields": "value,mean"], false),
            (["metric": "nps", "by": "touchpoint", "fields": "histogram"], false),
            (["metric": "nps", "by": "touchpoint", "sort": "mean"], false),
            (["metric": "csat", "by": "touchpoint", "convention": "mean"], false),
            (
                ["metric": "nps,csat", "by": "touchpoint,week", "from": "2026-01-05", "to": "2026-01-25", "fields": "value,n,previous"],
                true
            ),
            (["metric": "nps", "by": "touchpoint", "from": "2026-01-01", "to": "2026-01-20", "compare": "previous"], true),
            (["metric": "csat", "by": "touchpoint", "from": "2026-01-01", "to": "2026-01-20", "fields": "mean,previous"], false),
        ]
        for (parameters, byClass) in asked {
            let request = try app.services.metrics.request(parameters, scope: .everything)
            var byScore = request
            byScore.writtenOnly = false
            let (answer, scoresAnswer) = (
                try app.services.metrics.report(resolved: request), try app.services.metrics.report(resolved: byScore)
            )
            // Counted by class, no passive is counted at 8 (its class's count is at 7), nor CSAT's 2 or 3; in the
            // previous period's table too.
            for counts in [answer.storage.counts] + (answer.storage.previous.map { [$0.counts] } ?? []) {
                let atNamelessScores = zip(counts.scores.indices, counts.scores).reduce(0) { sum, element in
                    sum + (counts.metrics[element.0 % counts.metrics.count] == .nps ? element.1[8] : element.1[2] + element.1[3])
                }
                #expect((atNamelessScores == 0) == byClass, "\(parameters)")
            }
            let (bytes, scoresBytes) =
                request.format == .csv
                ? (MetricReportCSV(answer).allBytes(), MetricReportCSV(scoresAnswer).allBytes())
                : (MetricReportJSON(answer).allBytes(), MetricReportJSON(scoresAnswer).allBytes())
            #expect(!answer.groups.isEmpty)
            let same = bytes == scoresBytes
            #expect(same, "\(parameters): the answer counted by class differs")
        }
    }

    /// A test app with touchpoints 1–8 and `count` random NPS and CSAT answers at them over `days` from
    /// 2025-12-01.
    private static func appWithRandomAnswers(_ count: Int, days: Int) async throws -> TestApp {
        let app = try await TestApp.make()
        try await addTouchpoints(Array(2...8), to: app)
        var random = SystemRandomNumberGenerator()
        let start = Date(timeIntervalSince1970: 1_764_547_200)  // 2025-12-01
        let submissions = (0..<count).map { i in
            ResponseSubmission(
                answers: ["nps": .score(Int.random(in: 0...10, using: &random)), "csat": .score(Int.random(in: 1...5, using: &random))],
                submittedAt: start.addingTimeInterval(Double.random(in: 0..<(Double(days) * 86_400), using: &random)),
                touchpointId: Identifier(Int64.random(in: 1...8, using: &random)), idempotencyKey: "m\(i)")
        }
        _ = try await app.services.ingest.ingest(submissions, survey: Identifier(1)).get()
        return app
    }

    /// Touchpoints named "№<id>" beside the test app's own, known to the catalog from then on.
    private static func addTouchpoints(_ ids: [Int], to app: TestApp) async throws {
        for id in ids {
            _ = try await app.services.store.save(Touchpoint(id: Identifier(Int64(id)), name: "№\(id)", stage: .use))
        }
        try await app.services.live.referenceDataChanged()
    }

    @Test func theCompactAnswerSaysWhatTheReportSays() async throws {
        let app = try await TestApp.make()
        let awkward = "Выдача \"№2\"\n\u{2028}, =1+1"
        _ = try await app.services.store.save(Touchpoint(id: Identifier(2), name: awkward, stage: .use))
        // Ids on both sides of a 64-bit word of the names' bitmap, and far up.
        try await Self.addTouchpoints([63, 64, 1000], to: app)
        var random = SystemRandomNumberGenerator()
        let start = Date(timeIntervalSince1970: 1_764_547_200)  // 2025-12-01
        let submissions = (0..<700).map { i in
            ResponseSubmission(
                answers: ["nps": .score(Int.random(in: 0...10, using: &random))]
                    .merging(Bool.random(using: &random) ? ["csat": .score(Int.random(in: 1...5, using: &random))] : [:]) { a, _ in a },
                submittedAt: start.addingTimeInterval(Double.random(in: 0..<(120 * 86_400), using: &random)),
                touchpointId: ([nil, 1, 2, 63, 64, 1000] as [Int64?]).randomElement(using: &random)!.map { Identifier($0) },
                idempotencyKey: "c\(i)")
        }
        _ = try await app.services.ingest.ingest(submissions, survey: Identifier(1)).get()
        let query =
            "metric=nps,csat&by=touchpoint,month&from=2026-01-01&to=2026-03-31&fields=value,interval,n,mean,counts,histogram,previous,low_sample"
        let parameters = Dictionary(
            uniqueKeysWithValues: query.split(separator: "&").map { $0.split(separator: "=", maxSplits: 1).map(String.init) }.map {
                ($0[0], $0[1])
            })
        let report = try await app.services.metrics.report(parameters, scope: .everything)
        // The names are written from the entries the catalog made at its reload: the same bytes as escaping
        // each name as it is written; an id the catalog does not know has none (it is named "#id").
        let table = try #require(app.services.catalog.snapshot.nameEntries?.table(.touchpoint))
        var fromEntries = OutputBytes()
        var escaped = OutputBytes()
        table.withEntries { entries in
            #expect(entries.write(2, into: &fromEntries))
            #expect(!entries.write(999, into: &fromEntries) && !entries.write(70_000, into: &fromEntries))
        }
        NameEntries.write(id: 2, name: awkward, into: &escaped)
        #expect(fromEntries.bytes == escaped.bytes)
        // Written in two halves at once (as a large answer is), the bytes are the same as written in order.
        let inOrder = MetricReportJSON(report, halvesFrom: .max).allBytes()
        #expect(MetricReportJSON(report, halvesFrom: 2).allBytes() == inOrder)
        #expect(MetricReportJSON(report, halvesFrom: report.groups.count - 1).allBytes() == inOrder)
        try await app.test { client in
            let (status, type, data) = try await client.call(.get, "/api/v1/metrics?" + query, token: app.reader)
            #expect(status == .ok && type.hasPrefix("application/json"))
            let answer = object(data)
            let columns = try #require(answer["columns"] as? [String])
            let groups = try #require(answer["groups"] as? [[Any]])
            #expect(groups.count == report.groups.count && groups.count >= 6)
            let touchpointNames = try #require((answer["names"] as? [String: [String: String]])?["touchpoint"])
            #expect(touchpointNames["2"] == awkward && touchpointNames["1000"] == "№1000" && touchpointNames["64"] == "№64")
            // Named once each: exactly the touchpoints the groups mention.
            #expect(Set(touchpointNames.keys) == Set(groups.map { "\($0[0] as! Int)" }))
            for (row, group) in zip(groups, report.groups) {
                let cell = Dictionary(uniqueKeysWithValues: zip(columns, row))
                #expect(cell["touchpoint"] as? Int == Int(group.values.first!))
                #expect(cell["month"] as? String == group.period)
                for (metric, summary) in zip(report.metrics, group.summaries) {
                    // Foundation's JSON parser may round in the last digit: the text itself is exact (test above).
                    func number(_ field: String) -> Double? {
                        (cell["\(metric.rawValue).\(field)"] as? NSNumber).map { value in
                            let d = value.doubleValue
                            return d.rounded() == d ? d : (d * 1e9).rounded() / 1e9
                        }
                    }
                    func close(_ value: Double?) -> Double? { value.map { $0.rounded() == $0 ? $0 : ($0 * 1e9).rounded() / 1e9 } }
                    #expect(number("value") == close(summary.value))
                    // Interval bounds are given to two decimals.
                    func hundredths(_ value: Double?) -> Double? { close(value.map { ($0 * 100).rounded() / 100 }) }
                    #expect(
                        number("low") == hundredths(summary.interval?.low) && number("high") == hundredths(summary.interval?.high))
                    #expect(number("n") == Double(summary.n))
                    #expect(number("mean") == close(summary.mean))
                    #expect(cell["\(metric.rawValue).histogram"] as? [Int] == summary.histogram)
                    for (name, count) in summary.namedCounts { #expect(number(name) == Double(count)) }
                    let comparison = try #require(
                        group.comparisons?[group.comparisons!.startIndex + report.metrics.firstIndex(of: metric)!])
                    #expect(number("previous") == close(comparison.previous.value))
                    #expect(number("change") == close(comparison.difference))
                    #expect(cell["\(metric.rawValue).significant"] as? Bool == comparison.significant)
                    #expect(cell["\(metric.rawValue).low_sample"] as? Bool == summary.lowSample)
                }
            }
            let total = try #require((answer["total"] as? [String: [String: Any]])?["nps"])
            #expect((total["n"] as? Int) == report.total["nps"]?.n && total["previous"] == nil)

            // The same question as CSV: the app's table, the awkward name quoted and neutralised.
            let (_, csvType, csv) = try await client.call(.get, "/api/v1/metrics?" + query + "&format=csv", token: app.reader)
            #expect(csvType.hasPrefix("text/csv"))
            let text = String(decoding: csv, as: UTF8.self)
            #expect(text.hasPrefix("\u{FEFF}touchpoint,month,metric,value,interval_low,interval_high,n,low_sample\r\n"))
            #expect(text.contains("\"Выдача \"\"№2\"\"\n\u{2028}, =1+1\",2026-01,nps,"))
            #expect(text.components(separatedBy: "\r\n").count - 2 == report.groups.count * 2)
            // Line by line, the groups in order: each one's name and month as the table gives them (made once per
            // answer by the writer), then each metric's figures.
            var expected = ""
            for group in report.groups {
                for summary in group.summaries {
                    var figures = OutputBytes()
                    figures.fixed4(summary.value)
                    figures.raw(",")
                    figures.fixed4(summary.interval?.low)
                    figures.raw(",")
                    figures.fixed4(summary.interval?.high)
                    expected +=
                        CSVField.cell(group.labels["touchpoint"]!) + "," + group.period! + "," + summary.metric.rawValue + ","
                        + String(decoding: figures.bytes, as: UTF8.self) + ",\(summary.n),\(summary.lowSample)\r\n"
                }
            }
            #expect(text == "\u{FEFF}touchpoint,month,metric,value,interval_low,interval_high,n,low_sample\r\n" + expected)
        }
    }

    /// An answer larger than one piece (64 KB) is streamed in pieces that make one valid document.
    @Test func aLargeAnswerArrivesWholeInPieces() async throws {
        var config = ServerConfig(dataDirectory: nil)
        config.wholeAnswerBytes = OutputBytes.pieceSize
        let app = try await TestApp.make(config)
        let start = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01
        let submissions = (0..<20_000).map { i in
            ResponseSubmission(
                answers: ["nps": .score(i % 11)], submittedAt: start.addingTimeInterval(Double(i) * 3_900),
                idempotencyKey: "large\(i)")
        }
        _ = try await app.services.ingest.ingest(submissions, survey: Identifier(1)).get()
        let report = try await app.services.metrics.report(
            ["by": "day", "fields": "value,interval,n,histogram,counts"], scope: .everything)
        try await app.test { client in
            let (status, _, data) = try await client.call(
                .get, "/api/v1/metrics?by=day&fields=value,interval,n,histogram,counts", token: app.reader)
            #expect(status == .ok)
            #expect(data.count > OutputBytes.pieceSize, "\(data.count) bytes: more than one piece")
            let groups = try #require(object(data)["groups"] as? [[Any]])
            #expect(groups.count == report.groups.count && groups.count > 300)
            #expect(groups.last?.first as? String == report.groups.last?.period)
        }
    }

    @Test func fieldsAndFormatAreChecked() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            for (query, field) in [
                ("fields=value,colour", "fields"), ("format=xml", "format"), ("fields=previous", "fields"), ("compare=previous", "compare"),
            ] {
                let (status, _, data) = try await client.call(.get, "/api/v1/metrics?" + query, token: app.reader)
                #expect(status == .badRequest, "\(query)")
                #expect(((object(data)["errors"] as? [[String: Any]])?.first?["field"] as? String) == field, "\(query)")
            }
        }
    }
}
