import Foundation
import OtklikAnalytics
import OtklikCore
import OtklikSQLite
import Testing

@testable import OtklikAnalytics
@testable import OtklikSQLite
@testable import OtklikStore

/// Response lists come from the analytics index (ids) and the store (rows). They must be exactly the
/// lists that SQL gives for the same filter (`Store.responses(_:after:limit:)`, the reference): random
/// responses in a real SQLite file, more than one index block, some deleted, random filters, paged
/// through with cursors in both orders.
@Suite("Response lists from the index equal SQL")
struct ResponseListTests {
    typealias Random = AnalyticsIndexTests.Random

    static func randomFilter(_ random: inout Random) -> ResponseFilter {
        let start = 1_700_000_000
        var filter = ResponseFilter(ascending: random.chance(0.3))
        if random.chance(0.3) { filter.surveyIds = Set((0..<random.int(0...2)).map { _ in Int64(random.int(1...3)) }) }
        if random.chance(0.4) {
            // Fractions of a second: `from` rounds down and `to` rounds up, in both implementations.
            filter.from = Date(timeIntervalSince1970: TimeInterval(start + random.int(0...(600 * 86_400))) + 0.25)
        }
        if random.chance(0.4) {
            let base = filter.from.map { Int($0.timeIntervalSince1970) } ?? start
            filter.to = Date(timeIntervalSince1970: TimeInterval(base + random.int(1...(300 * 86_400))) + 0.75)
        }
        for dimension in ContextDimension.allCases where dimension != .tag && random.chance(0.12) {
            filter.dimensions[dimension] = Set(
                (0..<random.int(1...3)).map { _ in
                    let value = Int64(random.int(0...(dimension == .stage ? 6 : 9)))
                    return dimension == .customer && value > 0 ? 100_000 + value * 37 : value
                })
        }
        // Customers' dimensions: the index reads label columns, SQL lists the labelled responses.
        filter.labels = AnalyticsIndexTests.customerLabels
        if random.chance(0.2) { filter.hasComment = random.chance(0.5) }
        if random.chance(0.15) { filter.tags = [AnalyticsIndexTests.tagPool[random.int(0...4)], "vip"] }
        for metric in MetricKind.allCases where random.chance(0.1) {
            let low = random.int(metric.scoreRange.lowerBound...metric.scoreRange.upperBound)
            filter.scoreBands.append(.init(metric: metric, range: low...random.int(low...metric.scoreRange.upperBound)))
        }
        if random.chance(0.15) {
            // "комментарий 12" is in "комментарий 12", "комментарий 120" …; upper case must find lower.
            filter.search = random.chance(0.5) ? "комментарий \(random.int(1...99))" : "КОММЕНТАРИЙ 7"
        }
        return filter
    }

    @Test func indexedListsEqualSQLPageByPage() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("otklik-list-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = SQLiteStore(try AppDatabase.open(directory: directory))
        for survey in AnalyticsIndexTests.surveys { _ = try await store.save(survey) }
        for (id, stage) in AnalyticsIndexTests.stages {
            _ = try await store.save(Touchpoint(id: id, name: "T\(id.rawValue)", stage: stage))
        }
        for id in 1...4 { _ = try await store.save(Location(id: Identifier(Int64(id)), name: "L\(id)", kind: .branch)) }
        for id in 1...12 { _ = try await store.save(Employee(id: Identifier(Int64(id)), name: "E\(id)")) }
        for id in 1...5 { _ = try await store.save(Segment(id: Identifier(Int64(id)), name: "S\(id)")) }
        // Two index blocks and a bit; times in random order, as an import of old answers gives them.
        let responses = AnalyticsIndexTests.randomResponses(IndexChunk.capacity + 9_000, seed: 5)
        _ = try await store.insert([responses], indexed: IndexedQuestions(surveys: AnalyticsIndexTests.surveys))
        for id in stride(from: 3, to: responses.count, by: 97) {
            #expect(try await store.deleteResponse(id: Identifier(Int64(id))))
        }
        let index = AnalyticsIndex()
        try await store.forEachResponseFacts(timeZone: TimeZone(identifier: "Europe/Moscow")!) { index.append(contentsOf: $0, tags: $1) }
        for id in stride(from: 3, to: responses.count, by: 97) { index.remove(responseID: UInt32(id)) }
        index.setStages(AnalyticsIndexTests.stages)
        let reader = ResponseReader(store: store, index: index)

        var random = Random(state: 11)
        var nonEmpty = 0
        for _ in 0..<120 {
            let filter = Self.randomFilter(&random)
            let limit = [1, 7, 50, 400][random.int(0...3)]
            var cursor: Response.ID? = random.chance(0.2) ? Identifier(Int64(random.int(1...responses.count))) : nil
            for _ in 0..<3 {
                let expected = try await store.responses(filter, after: cursor, limit: limit)
                let actual = try await reader.responses(filter, after: cursor, limit: limit)
                #expect(actual.map(\.id) == expected.map(\.id), "\(filter), after \(cursor?.rawValue ?? 0), limit \(limit)")
                #expect(actual == expected)
                if actual != expected { return }
                guard expected.count == limit, let last = expected.last else { break }
                nonEmpty += 1
                cursor = last.id
            }
        }
        // The random filters must have exercised full pages, not only empty answers.
        #expect(nonEmpty > 40)
    }

    @Test func withoutAnIndexTheReaderFiltersBySQL() async throws {
        let store = SQLiteStore(try AppDatabase.inMemory())
        _ = try await store.save(AnalyticsIndexTests.surveys[0])
        let responses = AnalyticsIndexTests.randomResponses(200, seed: 3).map {
            var response = $0
            (response.surveyId, response.context) = (Identifier(1), ResponseContext())
            return response
        }
        _ = try #require(try await store.insert([responses], indexed: IndexedQuestions(surveys: AnalyticsIndexTests.surveys)).first?.get())
        let filter = ResponseFilter(hasComment: true)
        let expected = try await store.responses(filter, after: nil, limit: 20)
        #expect(expected.count == 20)
        #expect(try await ResponseReader(store: store, index: nil).responses(filter, after: nil, limit: 20) == expected)
    }
}
