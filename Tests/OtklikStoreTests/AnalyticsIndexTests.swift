import Foundation
import OtklikAnalytics
import OtklikCore
import OtklikSQLite
import Testing

@testable import OtklikAnalytics
@testable import OtklikSQLite
@testable import OtklikStore

/// The analytics index must give exactly the counts that the raw responses give (docs/architecture.md,
/// principle 2): random responses go through the real SQLite store, the index is built from it, and
/// random queries are compared with a brute-force count over the raw values.
@Suite("Analytics index equals brute force")
struct AnalyticsIndexTests {
    static let surveys: [Survey] = [
        Survey(
            id: Identifier(1), title: LocalizedText(ru: "A"), status: .live,
            questions: [
                Question(id: "nps", kind: .nps, text: LocalizedText(ru: "NPS")),
                Question(id: "csat", kind: .csat, text: LocalizedText(ru: "CSAT")),
                Question(id: "ladder", kind: .ladder, text: LocalizedText(ru: "Ladder")),
            ], code: "a"),
        Survey(
            id: Identifier(2), title: LocalizedText(ru: "B"), status: .live,
            questions: [
                Question(id: "ces", kind: .ces, text: LocalizedText(ru: "CES")),
                Question(id: "q", kind: .nps, text: LocalizedText(ru: "NPS under another id")),
                Question(id: "stars", kind: .stars, text: LocalizedText(ru: "Stars")),
            ], code: "b"),
        Survey(
            id: Identifier(3), title: LocalizedText(ru: "C"), status: .live,
            questions: [
                Question(id: "nps", kind: .nps, text: LocalizedText(ru: "NPS")),
                Question(id: "nps2", kind: .nps, text: LocalizedText(ru: "second NPS, not indexed")),
            ], code: "c"),
    ]
    static let stages: [Touchpoint.ID: JourneyStage] = Dictionary(
        uniqueKeysWithValues: (1...9).map {
            (Touchpoint.ID(Int64($0)), JourneyStage.allCases[$0 % JourneyStage.allCases.count])
        })

    /// A small deterministic generator (tests must fail the same way twice).
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }
    }

    /// The tags random responses carry (a repeated tag must count once).
    static let tagPool = ["vip", "table:1", "table:2", "Ёлка", "promo"]

    static func randomTags(_ random: inout Random) -> [String] {
        random.chance(0.7) ? [] : (0..<random.int(1...3)).map { _ in tagPool[random.int(0...(tagPool.count - 1))] }
    }

    static func randomResponses(_ count: Int, seed: UInt64) -> [Response] {
        var random = Random(state: seed)
        let start = 1_700_000_000
        return (0..<count).map { i in
            let survey = random.int(1...3)
            var answers: [String: AnswerValue] = [:]
            func maybe(_ key: String, _ range: ClosedRange<Int>) {
                if !random.chance(0.2) { answers[key] = .score(random.int(range)) }
            }
            switch survey {
            case 1:
                maybe("nps", 0...10)
                maybe("csat", 1...5)
                maybe("ladder", 0...2)
            case 2:
                maybe("ces", 1...7)
                maybe("q", 0...10)
                maybe("stars", 1...5)
            default:
                maybe("nps", 0...10)
                maybe("nps2", 0...10)
            }
            func id<T>(_ upper: Int) -> Identifier<T>? { random.chance(0.15) ? nil : Identifier(Int64(random.int(1...upper))) }
            return Response(
                id: Identifier(0), surveyId: Identifier(Int64(survey)),
                submittedAt: Date(timeIntervalSince1970: TimeInterval(start + random.int(0...(2 * 365 * 86_400)))),
                answers: answers, comment: random.chance(0.3) ? "комментарий \(i)" : nil,
                context: ResponseContext(
                    touchpointId: id(9), locationId: id(4), employeeId: id(12), channelId: id(8),
                    segmentId: id(5), tags: randomTags(&random)),
                source: .api, idempotencyKey: "k\(i)")
        }
    }

    /// The brute-force answer: group keys and score counts straight from the raw responses.
    static func reference(
        _ responses: [Response], _ query: MetricQuery, timeZone: TimeZone, index: AnalyticsIndex
    ) -> Set<MetricGroup> {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return bruteForce(
            responses, query, seconds: { Int64($0.submittedAt.timeIntervalSince1970) },
            value: { response, dimension in
                let context = response.context
                switch dimension {
                case .survey: return response.surveyId.rawValue
                case .location: return context.locationId?.rawValue ?? 0
                case .touchpoint: return context.touchpointId?.rawValue ?? 0
                case .employee: return context.employeeId?.rawValue ?? 0
                case .segment: return context.segmentId?.rawValue ?? 0
                case .channel: return context.channelId?.rawValue ?? 0
                case .stage: return Int64(context.touchpointId.flatMap { stages[$0] }?.code ?? 0)
                case .tag: preconditionFailure("tags are read by `tags`")
                case .customer, .valueClass, .loyaltyStep: return customerValue(dimension, ofResponse: UInt32(response.id.rawValue))
                }
            },
            tags: { $0.context.tags }, tagCode: { tagCode($0, index) },
            score: { response, metric in
                let survey = surveys.first { $0.id == response.surveyId }!
                return survey.indexedQuestion(for: metric).flatMap { response.answers[$0.id]?.score }
            },
            hasComment: \.hasComment,
            day: { response in
                let parts = calendar.dateComponents([.year, .month, .day], from: response.submittedAt)
                return CivilDay.dayNumber(year: parts.year!, month: parts.month!, day: parts.day!)
            })
    }

    /// The same brute force over the index's input rows (their days already computed): fast enough for
    /// hundreds of thousands of rows, so that many queries can meet sealed blocks.
    static func reference(
        _ rows: [ResponseFacts], _ query: MetricQuery, tags: [UInt32: [String]] = [:], index: AnalyticsIndex
    ) -> Set<MetricGroup> {
        bruteForce(
            rows, query, seconds: { Int64($0.submittedAt) },
            value: { row, dimension in
                if dimension.isCustomerLabel { return customerValue(dimension, ofResponse: row.responseId) }
                guard dimension == .stage else { return Int64(row.value(of: dimension)) }
                return Int64(stages[Touchpoint.ID(Int64(row.touchpoint))]?.code ?? 0)
            },
            tags: { tags[$0.responseId] ?? [] }, tagCode: { tagCode($0, index) },
            score: { row, metric in row.score(metric) == ResponseFacts.skipped ? nil : Int(row.score(metric)) },
            hasComment: \.hasComment, day: { Int($0.day) })
    }

    /// Expects `query` asked with each share's classes (`MetricQuery.scoreClasses`: CSAT by its top two boxes)
    /// to give `reference`'s counts each moved to its class's lowest score, on an index that counts every
    /// query by class where it may (`countsByClassFrom` 0) — and to have counted by class unless the only
    /// metric's band needs its scores, the employees' runs keep theirs, or no metric has classes (means).
    static func expectByClass(_ query: MetricQuery, index: AnalyticsIndex, reference: Set<MetricGroup>) throws {
        precondition(index.countsByClassFrom == 0, "lower the index's countsByClassFrom")
        var byClass = query
        for metric in query.metrics {
            byClass.scoreClasses[metric] = MetricSummary.shareClasses(metric, csatScale: .fivePointTopTwoBox)
        }
        func merged(_ groups: Set<MetricGroup>) -> Set<MetricGroup> {
            Set(
                groups.map { group in
                    let scores = zip(group.metrics, group.scores).map { metric, counts in
                        guard let lowest = byClass.scoreClasses[metric] else { return counts }
                        var merged = ScoreCounts()
                        for score in 0..<ScoreCounts.binCount { merged.add(lowest[score], count: counts[score]) }
                        return merged
                    }
                    return MetricGroup(
                        dimensions: group.dimensions, values: group.values, bucketStart: group.bucketStart,
                        responses: group.responses, metrics: group.metrics, scores: scores)
                })
        }
        let plan = try index.lock.read { try ScanPlan(query: byClass, index: index) }
        let bandNeedsScores = query.metrics.count == 1 && query.scoreBands.contains { $0.metric == query.metrics[0] }
        let byRuns = query.groupBy == [.employee]
        #expect(plan.layout.byScore == (bandNeedsScores || byRuns || byClass.scoreClasses.isEmpty), "\(byClass)")
        #expect(merged(Set(try index.counts(byClass))) == merged(reference), "\(byClass)")
    }

    /// The index's code of a tag (how it names tag groups); -1 for a tag it never saw.
    static func tagCode(_ tag: String, _ index: AnalyticsIndex) -> Int64 {
        index.lock.read { index.tagCodes[tag].map(Int64.init) ?? -1 }
    }

    /// Filters and groups any rows, told how to read one, in the plainest way: one row at a time. A row
    /// grouped by tag counts once in the group of each of its distinct tags (those the filter accepts),
    /// in group 0 when it has none.
    static func bruteForce<Row>(
        _ rows: [Row], _ query: MetricQuery, seconds: (Row) -> Int64, value: (Row, ContextDimension) -> Int64,
        tags: (Row) -> [String], tagCode: (String) -> Int64, score: (Row, MetricKind) -> Int?,
        hasComment: (Row) -> Bool, day: (Row) -> Int
    ) -> Set<MetricGroup> {
        var groups: [[Int64]: (bucket: Int?, responses: Int, scores: [ScoreCounts])] = [:]
        for row in rows {
            if let from = query.from, seconds(row) < from { continue }
            if let to = query.to, seconds(row) >= to { continue }
            if query.filters.contains(where: { !$0.value.contains(value(row, $0.key)) }) { continue }
            if query.scoreBands.contains(where: { band in score(row, band.metric).map { !band.range.contains($0) } ?? true }) {
                continue
            }
            if let wanted = query.hasComment, hasComment(row) != wanted { continue }
            let rowTags = Set(tags(row))
            if let wanted = query.tags, rowTags.isDisjoint(with: wanted) { continue }
            var keys: [[Int64]] = [[]]
            for dimension in query.groupBy {
                if dimension == .tag {
                    let codes = rowTags.filter { query.tags?.contains($0) ?? true }.map(tagCode)
                    keys = keys.flatMap { key in (codes.isEmpty ? [0] : codes).map { key + [$0] } }
                } else {
                    keys = keys.map { $0 + [value(row, dimension)] }
                }
            }
            let bucket = query.bucket?.start(ofDay: day(row))
            for var key in keys {
                if let bucket { key.append(Int64(bucket)) }
                var entry = groups[key] ?? (bucket, 0, Array(repeating: ScoreCounts(), count: query.metrics.count))
                entry.responses += 1
                for (m, metric) in query.metrics.enumerated() {
                    if let s = score(row, metric) { entry.scores[m].add(s) }
                }
                groups[key] = entry
            }
        }
        return Set(
            groups.map { key, entry in
                MetricGroup(
                    dimensions: query.groupBy, values: Array(key.prefix(query.groupBy.count)),
                    bucketStart: entry.bucket, responses: entry.responses, metrics: query.metrics,
                    scores: entry.scores)
            })
    }

    /// The customers' dimensions of the tests, as the value analysis would label them: a response's customer
    /// follows from its id (one in five has none; ids far above 16 bits), the customer's class (some have
    /// none) and step from the customer.
    static func customerValue(_ dimension: ContextDimension, ofResponse id: UInt32) -> Int64 {
        let customer = Int64((UInt64(id) &* 2_654_435_761) % 40)
        guard customer % 5 != 0 else { return 0 }
        switch dimension {
        case .customer: return 100_000 + customer * 37
        case .valueClass: return customer % 4
        case .loyaltyStep: return customer % 6 + 1
        default: preconditionFailure("not a customers' dimension")
        }
    }

    /// `customerValue` as labels of responses 1…400,000 (every id the tests give).
    static let customerLabels: [ContextDimension: ResponseLabels] = Dictionary(
        uniqueKeysWithValues: ContextDimension.ofCustomers.map { dimension in
            let labelled = (1...UInt32(400_000)).compactMap { id -> (response: UInt32, value: Int64)? in
                let value = customerValue(dimension, ofResponse: id)
                return value == 0 ? nil : (id, value)
            }
            return (dimension, try! ResponseLabels(dimension, labels: labelled))
        })

    static func randomQuery(_ random: inout Random) -> MetricQuery {
        let metrics = MetricKind.allCases.filter { _ in random.chance(0.4) }
        let start: Int64 = 1_700_000_000
        var query = MetricQuery(metrics: metrics.isEmpty ? [.nps] : metrics)
        if random.chance(0.5) { query.from = start + Int64(random.int(0...(400 * 86_400))) }
        if random.chance(0.5) { query.to = (query.from ?? start) + Int64(random.int(1...(500 * 86_400))) }
        for dimension in ContextDimension.allCases where dimension != .tag && random.chance(0.15) {
            query.filters[dimension] = Set(
                (0..<random.int(1...4)).map { _ in
                    let value = Int64(random.int(0...(dimension == .stage ? 6 : 9)))
                    // Customers by id: mostly ones that answered, sometimes one who did not.
                    return dimension == .customer && value > 0 ? 100_000 + value * (random.chance(0.9) ? 37 : 38) : value
                })
        }
        query.labels = customerLabels
        query.groupBy = Array(ContextDimension.allCases.filter { _ in random.chance(0.2) }.prefix(2))
        if random.chance(0.5) { query.bucket = TimeBucket.allCases[random.int(0...3)] }
        // Score bands on up to three metrics at once (all of them must hold).
        for metric in MetricKind.allCases where random.chance(0.12) {
            let low = random.int(metric.scoreRange.lowerBound...metric.scoreRange.upperBound)
            query.scoreBands.append(.init(metric: metric, range: low...random.int(low...metric.scoreRange.upperBound)))
        }
        if random.chance(0.2) { query.hasComment = random.chance(0.5) }
        if random.chance(0.2) {
            // Any of one or two tags, maybe one no response has.
            query.tags = Set(
                (0..<random.int(1...2)).map { _ in random.chance(0.1) ? "нет такой" : tagPool[random.int(0...(tagPool.count - 1))] })
        }
        return query
    }

    @Test(
        "index built from a real SQLite store answers like the raw rows",
        arguments: ["Europe/Moscow", "America/New_York"])
    func indexFromStoreEqualsBruteForce(zone: String) async throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("otklik-index-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = SQLiteStore(try AppDatabase.open(directory: directory))
        for survey in Self.surveys { _ = try await store.save(survey) }
        for id in 1...9 {
            _ = try await store.save(Touchpoint(id: Identifier(Int64(id)), name: "T\(id)", stage: Self.stages[Identifier(Int64(id))]!))
        }
        for id in 1...4 { _ = try await store.save(Location(id: Identifier(Int64(id)), name: "L\(id)", kind: .branch)) }
        for id in 1...12 { _ = try await store.save(Employee(id: Identifier(Int64(id)), name: "E\(id)")) }
        for id in 1...5 { _ = try await store.save(Segment(id: Identifier(Int64(id)), name: "S\(id)")) }
        var responses = Self.randomResponses(6_000, seed: 42)
        let results = try await store.insert([responses], indexed: IndexedQuestions(surveys: Self.surveys))
        let inserted = try results[0].get()
        for i in responses.indices { responses[i].id = inserted[i].id }

        let index = AnalyticsIndex()
        try await store.forEachResponseFacts(timeZone: timeZone) { index.append(contentsOf: $0, tags: $1) }
        index.setStages(Self.stages)
        #expect(index.count == responses.count)

        var random = Random(state: 7)
        for _ in 0..<300 {
            let query = Self.randomQuery(&random)
            let expected = Self.reference(responses, query, timeZone: timeZone, index: index)
            let actual = Set(try index.counts(query))
            #expect(actual == expected, "\(query)")
            if actual != expected { break }
        }
    }

    @Test("the two-thread scan and the whole-block shortcut give the brute-force answer")
    func largeIndexEqualsBruteForce() throws {
        let timeZone = TimeZone(identifier: "UTC")!
        var responses = Self.randomResponses(400_000, seed: 99).sorted { $0.submittedAt < $1.submittedAt }
        let indexed = IndexedQuestions(surveys: Self.surveys)
        var days = LocalDayConverter(timeZone: timeZone)
        var rows: [ResponseFacts] = []
        for i in responses.indices {
            responses[i].id = Identifier(Int64(i + 1))
            rows.append(
                indexed.facts(of: responses[i], day: days.day(ofUnixSeconds: Int64(responses[i].submittedAt.timeIntervalSince1970))))
        }
        var tags: [UInt32: [String]] = [:]
        for response in responses where !response.context.tags.isEmpty {
            tags[UInt32(response.id.rawValue)] = response.context.tags
        }
        let index = AnalyticsIndex()
        index.append(
            contentsOf: rows,
            tags: rows.compactMap { row in tags[row.responseId].map { ResponseTags(responseId: row.responseId, tags: $0) } })
        index.setStages(Self.stages)
        index.countsByClassFrom = 0
        // The second core takes part in every shared scan (it may otherwise wake too late to), so that its
        // counts are merged into every answer below that is shared.
        index.secondCoreAlwaysHelps = true
        let queries = [
            MetricQuery(metrics: [.nps, .csat]),
            MetricQuery(metrics: [.nps], bucket: .quarter),
            MetricQuery(metrics: [.nps, .ces], from: 1_710_000_000, to: 1_740_000_000, bucket: .month),
            MetricQuery(metrics: [.csat], groupBy: [.employee]),
            MetricQuery(metrics: [.nps], groupBy: [.touchpoint], bucket: .week),
            MetricQuery(metrics: [.stars], filters: [.stage: [2, 3]], groupBy: [.segment]),
            // Sealed blocks' counts per touchpoint, by touchpoint and by stage.
            MetricQuery(metrics: [.ces, .nps], groupBy: [.touchpoint]),
            MetricQuery(metrics: [.csat], from: 1_710_000_000, groupBy: [.stage], bucket: .month),
            // Tags: a side column, several per response.
            MetricQuery(metrics: [.nps], groupBy: [.tag]),
            MetricQuery(metrics: [.nps, .csat], groupBy: [.employee, .tag], bucket: .quarter),
            MetricQuery(metrics: [.nps], groupBy: [.tag], tags: ["vip", "Ёлка"]),
            MetricQuery(metrics: [.ces], filters: [.employee: [3]], tags: ["table:2"]),
            // Two touchpoints' row lists (a fifth of a block) marked in a bitmap and counted from it.
            MetricQuery(metrics: [.nps, .csat], filters: [.touchpoint: [2, 5]], groupBy: [.segment], bucket: .month),
            MetricQuery(metrics: [.csat], filters: [.touchpoint: [2, 5]], groupBy: [.employee]),
            // Several values' row lists (under half of a block) as the candidates, narrowed by other filters.
            MetricQuery(metrics: [.nps], filters: [.segment: [1, 3], .channel: [2, 5, 8]], groupBy: [.employee]),
            MetricQuery(
                metrics: [.nps, .csat], filters: [.touchpoint: [1, 2, 3], .channel: [1, 2, 3, 4], .location: [1, 2]],
                groupBy: [.segment], bucket: .month),
            // Filters on a column without row lists, tested sixteen rows at a time as one to four ranges of
            // values (`ScanPlan.markRanges`), "not given" (0) among them; five ranges are tested row by row.
            MetricQuery(metrics: [.nps], filters: [.channel: [3]], groupBy: [.segment]),
            MetricQuery(metrics: [.csat], filters: [.channel: [0, 1, 2, 6, 7]], groupBy: [.survey], bucket: .month),
            MetricQuery(metrics: [.nps, .ces], filters: [.channel: [1, 4, 8]], groupBy: [.touchpoint, .segment]),
            MetricQuery(metrics: [.nps], filters: [.channel: [0, 2, 4, 6], .location: [1, 3]], groupBy: [.employee]),
            MetricQuery(metrics: [.nps], filters: [.channel: [0, 2, 4, 6, 8]], groupBy: [.segment]),
            MetricQuery(
                metrics: [.nps], from: 1_710_000_000, to: 1_730_000_000, filters: [.channel: [2, 3]], groupBy: [.survey],
                scoreBands: [.init(metric: .nps, range: 0...6)]),
            // Filters no row can pass (no block is read): a location nobody answered at, a tag never given.
            MetricQuery(metrics: [.nps], filters: [.location: [99]], groupBy: [.segment]),
            MetricQuery(metrics: [.csat], groupBy: [.employee], tags: ["нет такой"]),
            // Customers' dimensions: label columns filled per block.
            MetricQuery(metrics: [.nps], groupBy: [.loyaltyStep]),
            MetricQuery(metrics: [.nps, .csat], filters: [.valueClass: [1]], groupBy: [.employee], bucket: .month),
            MetricQuery(metrics: [.nps], filters: [.loyaltyStep: [2, 4], .valueClass: [0, 3]], groupBy: [.customer]),
            MetricQuery(metrics: [.ces], filters: [.customer: [100_037, 100_074]], groupBy: [.tag, .valueClass]),
            MetricQuery(metrics: [.nps], filters: [.employee: [3]], groupBy: [.valueClass, .loyaltyStep]),
            // Cells enough to be read back on two cores (`ScanPlan.readBackOnTwoCoresFrom`), each half's first
            // cell's indices divided out of its number mid-bucket; one with a band taken off the rows.
            MetricQuery(metrics: [.nps, .csat], groupBy: [.touchpoint, .employee], bucket: .day),
            MetricQuery(
                metrics: [.nps], groupBy: [.employee, .segment], bucket: .day, scoreBands: [.init(metric: .nps, range: 3...7)]),
        ].map { query in
            var query = query
            query.labels = Self.customerLabels
            return query
        }
        for query in queries {
            let reference = Self.reference(responses, query, timeZone: timeZone, index: index)
            #expect(Set(try index.counts(query)) == reference, "\(query)")
            try Self.expectByClass(query, index: index, reference: reference)
        }
        #expect(
            try queries.suffix(2).allSatisfy { query in
                let plan = try ScanPlan(query: query, index: index)
                return plan.cells * plan.stride >= ScanPlan.readBackOnTwoCoresFrom
            })
        // Sealed blocks (rows in employee order, runs and row lists) answer any query like the raw rows.
        var random = Random(state: 3)
        for _ in 0..<40 {
            var query = Self.randomQuery(&random)
            if random.chance(0.5) { query.groupBy = [.employee] }
            if random.chance(0.3) { query.filters[.employee] = [Int64(random.int(1...12))] }
            let reference = Self.reference(rows, query, tags: tags, index: index)
            #expect(Set(try index.counts(query)) == reference, "\(query)")
            try Self.expectByClass(query, index: index, reference: reference)
        }
        // Deleting responses takes them out of every answer, the block counts included.
        let removed = stride(from: 0, to: responses.count, by: 61).map { responses[$0] }
        for response in removed { #expect(index.remove(responseID: UInt32(response.id.rawValue))) }
        #expect(!index.remove(responseID: UInt32(removed[0].id.rawValue)))
        let kept = responses.enumerated().filter { $0.offset % 61 != 0 }.map(\.element)
        #expect(index.count == kept.count)
        for query in queries {
            #expect(Set(try index.counts(query)) == Self.reference(kept, query, timeZone: timeZone, index: index), "\(query)")
        }
        let keptRows = rows.enumerated().filter { $0.offset % 61 != 0 }.map(\.element)
        for _ in 0..<40 {
            var query = Self.randomQuery(&random)
            if random.chance(0.5) { query.filters[.touchpoint] = [Int64(random.int(1...9))] }
            let reference = Self.reference(keptRows, query, tags: tags, index: index)
            #expect(Set(try index.counts(query)) == reference, "\(query)")
            try Self.expectByClass(query, index: index, reference: reference)
        }
    }

    @Test("an index filled by the loader, its full blocks sealed on another core, answers like the rows")
    func loaderFillsLikeAppending() async throws {
        var days = LocalDayConverter(timeZone: TimeZone(identifier: "UTC")!)
        let indexed = IndexedQuestions(surveys: Self.surveys)
        var responses = Self.randomResponses(140_000, seed: 61)
        var rows: [ResponseFacts] = []
        var tags: [UInt32: [String]] = [:]
        for i in responses.indices {
            responses[i].id = Identifier(Int64(i + 1))
            rows.append(
                indexed.facts(of: responses[i], day: days.day(ofUnixSeconds: Int64(responses[i].submittedAt.timeIntervalSince1970))))
            if !responses[i].context.tags.isEmpty { tags[UInt32(i + 1)] = responses[i].context.tags }
        }
        func tagsOf(_ rows: ArraySlice<ResponseFacts>) -> [ResponseTags] {
            rows.compactMap { row in tags[row.responseId].map { ResponseTags(responseId: row.responseId, tags: $0) } }
        }
        // Batches of any size, many across a block's end; the last 5,000 rows come after loading, as live ones.
        let (appended, loaded) = (AnalyticsIndex(), AnalyticsIndex())
        let loader = loaded.loader()
        var random = Random(state: 62)
        var start = 0
        while start < 135_000 {
            let batch = rows[start..<min(135_000, start + random.int(1...40_000))]
            appended.append(contentsOf: Array(batch), tags: tagsOf(batch))
            loader.append(contentsOf: Array(batch), tags: tagsOf(batch))
            start = batch.endIndex
        }
        await loader.finish()
        for index in [appended, loaded] { index.setStages(Self.stages) }
        #expect(loaded.allRows() == appended.allRows())
        for (loading, count) in [(true, 135_000), (false, 140_000)] {
            if !loading {
                for row in rows[135_000...] {
                    for index in [appended, loaded] { index.append(row, tags: tags[row.responseId] ?? []) }
                }
            }
            let known = Array(rows.prefix(count))
            for _ in 0..<30 {
                let query = Self.randomQuery(&random)
                #expect(Set(try loaded.counts(query)) == Self.reference(known, query, tags: tags, index: loaded), "\(query)")
            }
        }
    }

    @Test("a filter's accepted values as ranges, for the test of sixteen rows at a time")
    func filterRanges() {
        func bits(_ values: [Int]) -> [UInt64] {
            var bits = [UInt64](repeating: 0, count: (Int(ContextDimension.maxID) + 1) / 64)
            for value in values { bits[value >> 6] |= 1 << UInt64(value & 63) }
            return bits
        }
        #expect(ScanPlan.ranges(of: bits([3]), upTo: 8) == [3...3])
        #expect(ScanPlan.ranges(of: bits([0, 1, 2, 6, 7]), upTo: 8) == [0...2, 6...7])
        #expect(ScanPlan.ranges(of: bits([0, 2, 4, 6]), upTo: 8) == [0...0, 2...2, 4...4, 6...6])
        #expect(ScanPlan.ranges(of: bits([0, 2, 4, 6, 8]), upTo: 8) == nil)
        // Values above the largest stored one never occur: they neither open a range nor end one.
        #expect(ScanPlan.ranges(of: bits([7, 8, 9, 12]), upTo: 8) == [7...8])
        #expect(ScanPlan.ranges(of: bits([20]), upTo: 8) == [])
        // Across words of the bitset, and up to the largest id there is.
        #expect(ScanPlan.ranges(of: bits(Array(60...200) + [65_535]), upTo: 65_535) == [60...200, 65_535...65_535])
        #expect(ScanPlan.ranges(of: bits(Array(1...65_535)), upTo: 65_535) == [1...65_535])
    }

    /// A response's scores have a slot per metric kind: a new kind raises `MetricScores.slots`.
    @Test("a sealed block whose ids have gaps keeps them whole")
    func sealedBlockWithGapsInItsIDs() throws {
        var random = Random(state: 11)
        var rows: [ResponseFacts] = []
        var tags: [UInt32: [String]] = [:]
        for i in 0..<(IndexChunk.capacity + 500) {
            let scores = MetricScores([.nps: random.int(0...10), .csat: random.int(1...5)])
            // Ids five apart: the block spans more ids than a label table holds, so labels are searched per row.
            let id = UInt32(5 * i + 1)
            let seconds = UInt32(1_700_000_000 + i * 60)
            let day = UInt16(19_676 + i / 1440)
            rows.append(
                ResponseFacts(
                    responseId: id, submittedAt: seconds, day: day, survey: UInt16(random.int(1...3)),
                    touchpoint: UInt16(random.int(0...9)), employee: UInt16(random.int(0...12)), segment: UInt16(random.int(0...5)),
                    scores: scores, hasComment: random.chance(0.4)))
            let rowTags = Self.randomTags(&random)
            if !rowTags.isEmpty { tags[id] = rowTags }
        }
        let index = AnalyticsIndex()
        index.append(
            contentsOf: rows,
            tags: rows.compactMap { row in tags[row.responseId].map { ResponseTags(responseId: row.responseId, tags: $0) } })
        index.setStages(Self.stages)
        #expect(Set(index.allRows()) == Set(rows))
        for _ in 0..<30 {
            let query = Self.randomQuery(&random)
            #expect(Set(try index.counts(query)) == Self.reference(rows, query, tags: tags, index: index), "\(query)")
        }
        let removed = rows[17]
        #expect(index.remove(responseID: removed.responseId))
        #expect(!index.remove(responseID: removed.responseId + 1))  // an id in a gap
        #expect(Set(index.allRows().filter { $0.survey != 0 }) == Set(rows).subtracting([removed]))
    }

    /// Two sealed blocks of rows and `more` in the block being filled, a minute apart, with random scores (NPS,
    /// CSAT, CES) and dimensions (ten touchpoints, `employees`, a comment on two in five), and the index of them.
    static func twoBlocks(employees: ClosedRange<Int>, seed: UInt64, more: Int = 300) -> (rows: [ResponseFacts], index: AnalyticsIndex) {
        var random = Random(state: seed)
        let rows = (0..<(2 * IndexChunk.capacity + more)).map { i in
            let scores = MetricScores([.nps: random.int(0...10), .csat: random.int(1...5), .ces: random.int(1...7)])
            return ResponseFacts(
                responseId: UInt32(i + 1), submittedAt: UInt32(1_700_000_000 + i * 60), day: UInt16(19_676 + i / 1440),
                survey: UInt16(random.int(1...3)), touchpoint: UInt16(random.int(0...9)), employee: UInt16(random.int(employees)),
                segment: UInt16(random.int(0...5)), scores: scores, hasComment: random.chance(0.4))
        }
        let index = AnalyticsIndex()
        index.append(contentsOf: rows)
        index.setStages(stages)
        return (rows, index)
    }

    @Test("a period's rows in the block being filled are one range found by a search, rows in time order or not")
    func periodOfTheBlockBeingFilledFoundBySearch() throws {
        // 40,000 rows being filled, a minute apart: 28 days from `filling`.
        var (rows, index) = Self.twoBlocks(employees: 0...40, seed: 37, more: 40_000)
        let filling = Int64(rows[2 * IndexChunk.capacity].submittedAt)
        #expect(index.chunks.map { $0.latestSoFar != nil } == [false, false, true] && index.chunks[2].lateBy == 0)
        var random = Random(state: 5)
        func randomQuery() -> MetricQuery {
            // Periods inside the block being filled (under half of it and over), across its first row or its
            // last, or between two rows (empty); half of them starting and ending on a row's time.
            let onRows: Int64 = random.chance(0.5) ? 60 : 1
            let from = filling + Int64(random.int(-1_000_000...2_400_000)) / onRows * onRows
            let length = random.chance(0.1) ? 30 : Int64(random.int(60...1_600_000)) / onRows * onRows
            // One in ten with no end, one in ten with no start.
            let ends = random.int(0...9)
            var query = MetricQuery(metrics: [.nps, .csat], from: ends == 0 ? nil : from, to: ends == 1 ? nil : from + length)
            if random.chance(0.4) { query.filters[.touchpoint] = Set((0..<random.int(1...4)).map { _ in Int64(random.int(0...9)) }) }
            if random.chance(0.3) { query.filters[.segment] = [Int64(random.int(0...5)), Int64(random.int(0...5))] }
            if random.chance(0.2) { query.filters[.employee] = Set((0..<random.int(1...12)).map { _ in Int64(random.int(0...40)) }) }
            if random.chance(0.3) { query.scoreBands = [.init(metric: .csat, range: 4...5)] }
            if random.chance(0.2) { query.scoreBands.append(.init(metric: .nps, range: 0...random.int(0...10))) }
            if random.chance(0.3) { query.hasComment = random.chance(0.5) }
            query.groupBy = [[], [.employee], [.segment], [.touchpoint, .employee]][random.int(0...3)]
            if random.chance(0.4) { query.bucket = [.day, .week][random.int(0...1)] }
            return query
        }
        func expectBruteForceAnswers(_ count: Int) throws {
            for _ in 0..<count {
                let query = randomQuery()
                #expect(Set(try index.counts(query)) == Self.reference(rows, query, tags: [:], index: index), "\(query)")
            }
        }
        try expectBruteForceAnswers(80)
        // Deleted rows keep their places in the range and are left out of it.
        let removed = stride(from: 2 * IndexChunk.capacity + 5, to: rows.count, by: 97).map { rows[$0] }
        for row in removed { #expect(index.remove(responseID: row.responseId)) }
        rows.removeAll { row in removed.contains { $0.responseId == row.responseId } }
        try expectBruteForceAnswers(40)
        // Rows that arrive out of time order, up to a quarter of an hour late, and one eleven hours late: the
        // range still holds every row of a period, whose times are then tested in it.
        let last = Int64(rows.last!.submittedAt)
        let late = (1...2_001).map { k in
            let time = k == 2_001 ? last - 40_000 : last + Int64(60 * k - random.int(0...900))
            return ResponseFacts(
                responseId: UInt32(2 * IndexChunk.capacity + 40_000 + k), submittedAt: UInt32(time),
                day: UInt16(19_676 + (time - 1_700_000_000) / 86_400), survey: UInt16(random.int(1...3)),
                touchpoint: UInt16(random.int(0...9)), employee: UInt16(random.int(0...40)), segment: UInt16(random.int(0...5)),
                scores: MetricScores([.nps: random.int(0...10), .csat: random.int(1...5)]), hasComment: random.chance(0.4))
        }
        for batch in [late.prefix(1_000), late.dropFirst(1_000)] {
            index.append(contentsOf: Array(batch))
            rows += batch
            #expect(index.chunks.count == 3 && index.chunks[2].lateBy > 0)
            try expectBruteForceAnswers(40)
        }
    }

    @Test("a filter on hundreds of employees takes their runs of a sealed block, found in one pass over the runs")
    func manyEmployeesByTheirRuns() throws {
        let (rows, index) = Self.twoBlocks(employees: 0...1_200, seed: 23)
        // Over the searched bound (`ScanPlan.searchedEmployees`), under half of a block, and over 512 values (no
        // list of values at all); grouped by employee, by segment, not grouped; beside other filters and a band.
        let few = Set((1...300).map { Int64($0 * 4) })  // the last employee, 1,200, among them
        let many = Set((100...700).map(Int64.init))
        let scattered = Set((0...1_200).filter { $0 % 3 != 1 }.map(Int64.init))
        let queries = [
            MetricQuery(metrics: [.nps], filters: [.employee: few], groupBy: [.employee]),
            MetricQuery(metrics: [.nps, .csat], filters: [.employee: many], groupBy: [.segment], bucket: .week),
            MetricQuery(metrics: [.csat], filters: [.employee: many, .survey: [2]]),
            MetricQuery(
                metrics: [.nps], from: 1_700_500_000, filters: [.employee: scattered, .touchpoint: [1, 2, 3]], groupBy: [.employee],
                scoreBands: [.init(metric: .csat, range: 4...5)]),
            MetricQuery(metrics: [.nps], filters: [.employee: few], groupBy: [.survey], hasComment: true),
        ]
        for query in queries {
            #expect(Set(try index.counts(query)) == Self.reference(rows, query, tags: [:], index: index), "\(query)")
        }
    }

    @Test("a sealed block's counts per employee run answer a grouping by employee: kinds no row answers, after a deletion")
    func runCountsAnswerGroupingsByEmployee() throws {
        // 1,201 employees: runs of ~36 rows, counted when sealed; employee 7 answers a third of the rows, and
        // its run of each block (~22,000 rows) is read row by row.
        var rows = Self.twoBlocks(employees: 0...1_200, seed: 47).rows.map { row in
            var row = row
            if row.responseId % 3 == 0 { row.employee = 7 }
            return row
        }
        let index = AnalyticsIndex()
        index.append(contentsOf: rows)
        index.setStages(Self.stages)
        index.countsByClassFrom = 0
        #expect(index.chunks.prefix(2).allSatisfy { $0.runCounts?.long.count == 1 } && index.chunks[2].runCounts == nil)
        // 5,001 employees' runs of ~13 rows: their counts would take 2.7 bytes a row, over the budget.
        #expect(Self.twoBlocks(employees: 0...5_000, seed: 47).index.chunks[0].runCounts == nil)
        // The first block lies in 2023's fourth quarter, the second straddles two: by quarter, only the first
        // is counted by runs. Ladder and stars: no row answers them.
        let queries = [
            MetricQuery(metrics: [.nps], groupBy: [.employee]),
            MetricQuery(metrics: MetricKind.allCases, groupBy: [.employee]),
            // A group's responses are its first kind's counts, skipped answers included.
            MetricQuery(metrics: [.stars, .nps], groupBy: [.employee]),
            MetricQuery(metrics: [.csat, .ces], groupBy: [.employee], bucket: .quarter),
            MetricQuery(metrics: [.nps], groupBy: [.employee], scoreBands: [.init(metric: .nps, range: 9...10)]),
            MetricQuery(metrics: [.ces], from: 1_700_000_000 + 60 * 70_000, groupBy: [.employee]),
            // Grouped by a dimension of one value (no location given) beside the employee: counted by runs too,
            // and by class where asked, each run's counts added to their classes (the ladder, which no row
            // answers, to its skipped count: the groups' responses); of a third of the rows too.
            MetricQuery(metrics: [.ladder, .nps, .csat], groupBy: [.location, .employee]),
            MetricQuery(metrics: [.nps], filters: [.survey: [2]], groupBy: [.employee, .location], bucket: .quarter),
        ]
        func expectAnswers() throws {
            for query in queries {
                let reference = Self.reference(rows, query, tags: [:], index: index)
                #expect(Set(try index.counts(query)) == reference, "\(query)")
                try Self.expectByClass(query, index: index, reference: reference)
            }
        }
        try expectAnswers()
        // A deletion in the first block: its runs are read row by row again.
        let deleted = rows.remove(at: 1_000)
        #expect(index.remove(responseID: deleted.responseId))
        #expect(index.chunks[0].runCounts == nil && index.chunks[1].runCounts != nil)
        try expectAnswers()
    }

    @Test("many values' listed rows stay in their bitmap when only bands and the comment are left to test")
    func listedRowsLeftInTheirBitmap() throws {
        let (rows, index) = Self.twoBlocks(employees: 0...40, seed: 31)
        // Three touchpoints of ten: more rows than are listed (an eighth of a block), fewer than half. One and
        // five touchpoints on either side of those bounds.
        let band = ScoreBand(metric: .csat, range: 4...5)
        var queries: [MetricQuery] = []
        for touchpoints: Set<Int64> in [[1, 4, 7], [3], [0, 2, 4, 6, 8]] {
            for groupBy: [ContextDimension] in [[.employee], [.segment], [], [.employee, .segment]] {
                queries.append(MetricQuery(metrics: [.nps], filters: [.touchpoint: touchpoints], groupBy: groupBy, scoreBands: [band]))
                queries.append(
                    MetricQuery(metrics: [.nps, .ces], filters: [.touchpoint: touchpoints], groupBy: groupBy, hasComment: false))
                queries.append(
                    MetricQuery(
                        metrics: [.csat], filters: [.touchpoint: touchpoints], groupBy: groupBy, bucket: .week,
                        scoreBands: [band, .init(metric: .nps, range: 0...6)], hasComment: true))
            }
        }
        for query in queries {
            #expect(Set(try index.counts(query)) == Self.reference(rows, query, tags: [:], index: index), "\(query)")
        }
    }

    @Test(
        "block counts per value and per day, for blocks that straddle time buckets (their other rows moved) and after deletions",
        arguments: [9, 300, 999])
    func blockCountsAcrossBucketBoundaries(largestTouchpoint: Int) throws {
        // A row every 20 s from 14 November 2023: a block spans about 15 days, so the first of December falls
        // inside a block (most of whose rows stay in one month), week boundaries inside every block. With ten
        // touchpoints every column is counted per day; with 300 the touchpoints and segments only per value
        // (their rows in other buckets moved); with a thousand the touchpoints' counts do not fit a block's
        // budget and the rows are read instead. The block being filled (30,000 rows, seven days) gets its rows
        // in batches of uneven sizes, so its counts are kept as rows arrive and made anew when a new day, an
        // earlier day or a new value comes.
        var random = Random(state: 21)
        let rows = (0..<(3 * IndexChunk.capacity + 30_000)).map { i in
            let seconds = 1_700_000_000 + i * 20
            return ResponseFacts(
                responseId: UInt32(i + 1), submittedAt: UInt32(seconds), day: UInt16(seconds / 86_400),
                survey: UInt16(random.int(1...3)), location: UInt16(random.int(0...2)),
                touchpoint: UInt16(random.int(0...largestTouchpoint)), employee: UInt16(random.int(0...12)),
                segment: UInt16(random.int(0...40)), channel: UInt16(random.int(0...4)),
                scores: MetricScores([.nps: random.int(0...10), .ces: random.int(1...7)]))
        }
        // The same rows with the times of each hundred reversed: days no longer ascend within a block's runs.
        var unordered = rows
        for start in stride(from: 0, to: rows.count, by: 100) {
            let end = min(start + 100, rows.count)
            for (i, j) in zip(start..<end, (start..<end).reversed()) {
                (unordered[i].submittedAt, unordered[i].day) = (rows[j].submittedAt, rows[j].day)
            }
        }
        func filled(_ rows: [ResponseFacts]) -> AnalyticsIndex {
            let index = AnalyticsIndex()
            var (start, batch) = (0, 0)
            while start < rows.count {
                let size = start < 3 * IndexChunk.capacity ? IndexChunk.capacity : [1, 13, 500, 4_099, 7_000][batch % 5]
                index.append(contentsOf: Array(rows[start..<min(start + size, rows.count)]))
                (start, batch) = (start + size, batch + 1)
            }
            #expect(index.chunks.last!.hasCounts && !index.chunks.last!.isSealed)
            return index
        }
        let reordered = filled(unordered)
        reordered.setStages(Self.stages)
        let day: Int64 = 86_400
        let periods: [(Int64, Int64)] = [
            (1_700_500_000, 1_703_000_000), (19_688 * day, 19_699 * day), (19_690 * day, 19_691 * day),
            (19_688 * day, 1_701_500_000),
            // In the block being filled (days 19,721–19,728): at midnights, and to the second.
            (19_723 * day, 19_726 * day), (1_704_100_000, 1_704_400_000),
        ]
        for bucket in [TimeBucket.week, .month] {
            for (from, to) in [(nil, nil), periods[1], periods[2], periods[4]] {
                let query = MetricQuery(metrics: [.nps, .ces], from: from, to: to, groupBy: [.touchpoint], bucket: bucket)
                #expect(Set(try reordered.counts(query)) == Self.reference(unordered, query, index: reordered), "\(query)")
            }
        }
        let index = filled(rows)
        index.setStages(Self.stages)
        index.countsByClassFrom = 0
        func check(_ rows: [ResponseFacts]) throws {
            for (i, (bucket, groupBy, metrics))
                in ([
                    (TimeBucket.month, [ContextDimension.touchpoint], [MetricKind.nps]), (.quarter, [.stage], [.ces, .nps]),
                    (.week, [.touchpoint], [.nps, .ces]), (.month, [.stage], [.nps]), (.week, [.touchpoint], [.ces, .csat, .nps]),
                    (.week, [.survey], [.nps]), (.month, [.segment], [.nps, .ces]), (.week, [.channel], [.ces]),
                    (.week, [.location], [.nps]), (nil, [.segment], [.nps]), (nil, [.survey], [.ces, .nps]),
                    (.day, [], [.nps]), (.week, [], [.nps, .ces]), (.month, [], [.ces]),
                ] as [(TimeBucket?, [ContextDimension], [MetricKind])]).enumerated()
            {
                let query = MetricQuery(metrics: metrics, groupBy: groupBy, bucket: bucket)
                let reference = Self.reference(rows, query, index: index)
                #expect(Set(try index.counts(query)) == reference, "\(query)")
                try Self.expectByClass(query, index: index, reference: reference)
                // Periods that cut blocks: to the second (those blocks' rows read), and one at midnights (the
                // days it takes counted, the rows of the others moved out), for one day or mixed.
                for (from, to) in [periods[0], periods[1 + i % 3], periods[4 + i % 2]] {
                    let period = MetricQuery(metrics: metrics, from: from, to: to, groupBy: groupBy, bucket: bucket)
                    let reference = Self.reference(rows, period, index: index)
                    #expect(Set(try index.counts(period)) == reference, "\(period)")
                    try Self.expectByClass(period, index: index, reference: reference)
                }
            }
            // Filtered on the one column read (its other values left out), and on another (the rows read).
            for (i, (bucket, groupBy, filters))
                in ([
                    (TimeBucket.week, [ContextDimension.touchpoint], [ContextDimension.touchpoint: Set<Int64>([1, 3, 5])]),
                    (.week, [], [.survey: [2]]), (nil, [], [.segment: [4, 7]]), (.month, [.segment], [.segment: Set(1...10)]),
                    (.quarter, [.stage], [.stage: [Int64(JourneyStage.use.code)]]), (.week, [.channel], [.channel: [0, 2]]),
                    (.week, [.segment], [.survey: [1, 2]]), (nil, [.survey], [.survey: [3], .channel: [1]]),
                ] as [(TimeBucket?, [ContextDimension], [ContextDimension: Set<Int64>])]).enumerated()
            {
                for (from, to) in [(nil, nil), periods[1 + i % 3], periods[4 + i % 2]] {
                    let query = MetricQuery(
                        metrics: [.nps, .ces], from: from, to: to, filters: filters, groupBy: groupBy, bucket: bucket)
                    let reference = Self.reference(rows, query, index: index)
                    #expect(Set(try index.counts(query)) == reference, "\(query)")
                    try Self.expectByClass(query, index: index, reference: reference)
                }
            }
            // Bands on the only metric counted, taken off the rows onto the counts read back (the block
            // counts then answer); beside another test of the rows or a second metric they stay on the rows.
            for (i, (metrics, filters, groupBy, bands))
                in ([
                    ([MetricKind.nps], [:], [ContextDimension.touchpoint], [ScoreBand(.nps, 3...7)]),
                    ([.nps], [.segment: [4, 7]], [.segment], [ScoreBand(.nps, 3...7), ScoreBand(.nps, 5...10)]),
                    ([.ces], [:], [], [ScoreBand(.ces, 6...7)]),
                    ([.nps, .ces], [:], [.segment], [ScoreBand(.nps, 9...10)]),
                    ([.nps], [.survey: [1], .channel: [0, 2]], [.channel], [ScoreBand(.nps, 0...6)]),
                    ([.nps], [:], [.survey], [ScoreBand(.nps, 0...6), ScoreBand(.ces, 1...3)]),
                ] as [([MetricKind], [ContextDimension: Set<Int64>], [ContextDimension], [ScoreBand])]).enumerated()
            {
                for (from, to) in [(nil, nil), periods[1 + i % 3], periods[4 + i % 2]] {
                    let query = MetricQuery(
                        metrics: metrics, from: from, to: to, filters: filters, groupBy: groupBy, bucket: .week,
                        scoreBands: bands)
                    let reference = Self.reference(rows, query, index: index)
                    #expect(Set(try index.counts(query)) == reference, "\(query)")
                    try Self.expectByClass(query, index: index, reference: reference)
                }
            }
        }
        try check(rows)
        // Deleted rows leave the counts (moving rows is then left to reading them).
        for row in stride(from: 5, to: rows.count, by: 7_001) { #expect(index.remove(responseID: rows[row].responseId)) }
        try check(rows.enumerated().filter { $0.offset % 7_001 != 5 || $0.offset < 5 }.map(\.element))
    }

    @Test("a sealed block keeps a dimension in 8 bits where its values fit, and answers alike either way")
    func narrowColumns() throws {
        // Four sealed blocks and a block being filled. Touchpoints: 0–255 in the first block (8 bits, 255 the
        // widest value that fits), 0–256 in the second (16 bits: one value past), 200–255 in the third and up to
        // 1,000 in the fourth; surveys, segments and channels fit everywhere. A row every 20 s: a block spans
        // about 15 days, so weeks and months cut through blocks (rows looked up by day).
        var random = Random(state: 8)
        let ranges: [ClosedRange<Int>] = [0...255, 0...256, 200...255, 0...1_000, 0...300]
        let rows = (0..<(4 * IndexChunk.capacity + 20_000)).map { i in
            let seconds = 1_700_000_000 + i * 20
            let touchpoints = ranges[i / IndexChunk.capacity]
            // The range's ends in every block, the rest at random.
            let touchpoint = i % IndexChunk.capacity == 0 ? touchpoints.upperBound : random.int(touchpoints)
            return ResponseFacts(
                responseId: UInt32(i + 1), submittedAt: UInt32(seconds), day: UInt16(seconds / 86_400),
                survey: UInt16(random.int(1...3)), location: UInt16(random.int(0...2)), touchpoint: UInt16(touchpoint),
                employee: UInt16(random.int(0...40)), segment: UInt16(random.int(0...40)), channel: UInt16(random.int(0...8)),
                scores: MetricScores([.nps: random.int(0...10), .csat: random.int(1...5)]), hasComment: random.chance(0.3))
        }
        let index = AnalyticsIndex()
        index.append(contentsOf: rows)
        let touchpoint = IndexChunk.touchpointColumn
        #expect(index.chunks.map { $0.dimensions[touchpoint].isNarrow } == [true, false, true, false, false])
        #expect(
            index.chunks.dropLast().allSatisfy { chunk in
                chunk.dimensions.indices.allSatisfy { $0 == touchpoint || chunk.dimensions[$0].isNarrow }
            }, "every other dimension fits in 8 bits in the sealed blocks")
        #expect(!index.chunks.last!.dimensions.contains { $0.isNarrow }, "the block being filled stays in 16 bits")
        let queries = [
            MetricQuery(metrics: [.nps], groupBy: [.touchpoint]),
            MetricQuery(metrics: [.nps, .csat], groupBy: [.touchpoint, .channel], bucket: .week),
            // The values either side of the 8-bit bound, as one range and as a bitset of more than four.
            MetricQuery(metrics: [.nps], filters: [.touchpoint: [255, 256]], groupBy: [.segment]),
            MetricQuery(metrics: [.csat], filters: [.touchpoint: [0, 2, 4, 6, 255, 256, 999]], groupBy: [.survey]),
            MetricQuery(metrics: [.nps], filters: [.channel: [1, 2, 3]], groupBy: [.touchpoint], bucket: .month),
            MetricQuery(metrics: [.nps], filters: [.channel: [0, 2, 4, 6, 8], .segment: [3]], groupBy: [.employee]),
            MetricQuery(
                metrics: [.nps], from: 1_700_500_000, to: 1_704_000_000, filters: [.location: [1]], groupBy: [.channel], bucket: .day),
            MetricQuery(metrics: [.nps], groupBy: [.employee, .touchpoint], hasComment: true),
            MetricQuery(metrics: [.csat], groupBy: [.segment], bucket: .week, scoreBands: [ScoreBand(.nps, 0...6)]),
        ]
        for query in queries {
            #expect(Set(try index.counts(query)) == Self.reference(rows, query, index: index), "\(query)")
        }
        // Deleting writes survey 0 into the 8-bit survey column.
        for row in stride(from: 3, to: rows.count, by: 997) { #expect(index.remove(responseID: rows[row].responseId)) }
        let kept = rows.enumerated().filter { $0.offset % 997 != 3 }.map(\.element)
        for query in queries {
            #expect(Set(try index.counts(query)) == Self.reference(kept, query, index: index), "\(query)")
        }
    }

    @Test func aScoreSlotPerMetricKind() {
        #expect(MetricScores.slots == MetricKind.allCases.count)
        var scores = MetricScores()
        for metric in MetricKind.allCases { scores[metric] = UInt8(metric.column) }
        #expect((0..<MetricScores.slots).map { scores[column: $0] } == (0..<MetricScores.slots).map(UInt8.init))
    }

    @Test("sealed blocks' columns are packed into the arena's slabs, 64-byte aligned and apart")
    func columnArena() {
        let arena = ColumnArena()
        #expect(arena.slabCount == 0, "an index that seals no block takes no slab")
        var taken: [(start: UInt, end: UInt)] = []
        for bytes in [1, 64, 65, 131_072, 1 << 20, 3 << 20, 7] + Array(repeating: 5 << 20, count: 12) {
            let start = UInt(bitPattern: arena.allocate(bytes))
            #expect(start % 64 == 0)
            taken.append((start, start + UInt(bytes)))
        }
        let sorted = taken.sorted { $0.start < $1.start }
        #expect(zip(sorted, sorted.dropFirst()).allSatisfy { $0.end <= $1.start }, "no two allocations overlap")
        #expect(arena.slabCount == 2, "64 MB hold the first 64 MB asked for; the rest take a second slab")
    }

    @Test func absurdGroupingIsRefused() {
        let index = AnalyticsIndex()
        index.append(contentsOf: [
            ResponseFacts(
                responseId: 1, submittedAt: 1_700_000_000, day: 19_675, survey: 1,
                location: 60_000, touchpoint: 60_000, employee: 60_000)
        ])
        #expect(throws: AnalyticsIndex.QueryError.self) {
            try index.counts(MetricQuery(metrics: [.nps], groupBy: [.location, .touchpoint]))
        }
    }
}

@Suite("Replacing the index")
struct IndexReplaceTests {
    @Test func rowsNewerThanTheRebuildAreCarriedOverWithNewDays() throws {
        let live = AnalyticsIndex()
        let rows = (1...10).map {
            ResponseFacts(
                responseId: UInt32($0), submittedAt: UInt32(1_700_000_000 + $0 * 3600), day: 1,
                survey: 1, touchpoint: UInt16($0), scores: MetricScores([.nps: 9]))
        }
        live.append(contentsOf: rows)
        let rebuilt = AnalyticsIndex()
        rebuilt.append(
            contentsOf: Array(rows.prefix(7)).map {
                var row = $0
                row.day = 2
                return row
            })
        live.replace(with: rebuilt) { _ in 3 }
        let after = live.allRows()
        #expect(after.map(\.responseId) == Array(1...10))
        #expect(after.prefix(7).allSatisfy { $0.day == 2 })
        #expect(after.suffix(3).allSatisfy { $0.day == 3 })
        #expect(try live.counts(MetricQuery(metrics: [.nps], groupBy: [.touchpoint])).count == 10)
    }

    /// Rebuilt again and again (a time zone change, a bulk import), the index must not keep the sealed blocks'
    /// old columns: the arena they live in goes with the last of them.
    @Test func theReplacedBlocksArenaIsFreed() throws {
        let rows = (1...(IndexChunk.capacity + 10)).map {
            ResponseFacts(
                responseId: UInt32($0), submittedAt: UInt32(1_700_000_000 + $0), day: 1, survey: 1,
                touchpoint: UInt16($0 % 7 + 1), scores: MetricScores([.nps: $0 % 11]))
        }
        let live = AnalyticsIndex()
        live.append(contentsOf: rows)
        weak var replaced = live.arena
        #expect(replaced?.slabCount == 1, "the sealed block's columns are in the arena")
        do {
            let rebuilt = AnalyticsIndex()
            rebuilt.append(contentsOf: rows)
            live.replace(with: rebuilt) { _ in 1 }
            #expect(live.arena === rebuilt.arena)
        }
        #expect(replaced == nil)
        let counts = try live.counts(MetricQuery(metrics: [.nps], groupBy: [.touchpoint]))
        #expect(counts.reduce(0) { $0 + $1.responses } == rows.count)
    }
}
