import Foundation
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

/// `compare=previous` with a time bucket compares each bucket with the bucket before it (this week with
/// last week), per group: checked against the plain weekly report of a wider period on random answers.
@Suite("Comparisons per time bucket")
struct BucketComparisonTests {
    @Test(arguments: [TimeBucket.week, .month])
    func eachBucketIsComparedWithTheOneBeforeIt(bucket: TimeBucket) async throws {
        let app = try await TestApp.make()
        let start = Date(timeIntervalSince1970: 1_764_547_200)  // 2025-12-01
        var random = SystemRandomNumberGenerator()
        let submissions = (0..<900).map { i in
            ResponseSubmission(
                answers: ["nps": .score(Int.random(in: 0...10, using: &random))],
                submittedAt: start.addingTimeInterval(Double.random(in: 0..<(150 * 86_400), using: &random)),
                touchpointId: Bool.random(using: &random) ? Identifier(1) : nil, idempotencyKey: "b\(i)")
        }
        _ = try await app.services.ingest.ingest(submissions, survey: Identifier(1)).get()
        let metrics = app.services.metrics
        let plain = try await metrics.report(
            ["by": "touchpoint,\(bucket.rawValue)", "from": "2025-12-01", "to": "2026-05-31"], scope: .everything)
        var expected: [[Int64]: MetricSummary] = [:]
        for group in plain.groups { expected[group.values + [Int64(group.bucketStart!)]] = group.summaries.first! }

        let compared = try await metrics.report(
            [
                "by": "touchpoint,\(bucket.rawValue)", "from": "2026-02-02", "to": "2026-04-26",
                "compare": "previous",
            ], scope: .everything)
        #expect(compared.groups.count > 4)
        for group in compared.groups {
            let previousStart = bucket.start(ofDay: group.bucketStart! - 1)
            let comparison = try #require(group.comparisons?.first)
            let want = expected[group.values + [Int64(previousStart)]]
            #expect(comparison.previous.n == (want?.n ?? 0), "\(group.values) \(CivilDay.isoDate(ofDay: group.bucketStart!))")
            #expect(comparison.previous.value == want?.value)
            #expect(comparison.current.n == group.summaries.first!.n)
        }
    }

    /// Each group is found in the previous period's table in one pass when the keys of both tables ascend, and
    /// through a dictionary when they do not (a relabelled dimension): the same rows as a search of every key.
    @Test func groupsAreFoundInTheEarlierTableWhetherOrNotTheyAscend() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let width = Int.random(in: 1...4, using: &random)
            func key(_ values: [Int64]) -> MetricsService.GroupKey {
                var key = MetricsService.GroupKey()
                for value in values { key.append(value) }
                return key
            }
            var all = Set<[Int64]>()
            for _ in 0..<Int.random(in: 0...60, using: &random) {
                all.insert((0..<width).map { _ in Int64.random(in: 0...4, using: &random) })
            }
            let sorted = all.sorted { $0.lexicographicallyPrecedes($1) }
            var earlier = sorted.filter { _ in Bool.random(using: &random) }.map(key)
            var current = sorted.filter { _ in Bool.random(using: &random) }.map(key)
            switch Int.random(in: 0...2, using: &random) {
            case 0: break
            case 1: earlier.shuffle(using: &random)
            default: current.shuffle(using: &random)
            }
            let expected = current.map { key in earlier.firstIndex(of: key).map(Int32.init) ?? -1 }
            #expect(MetricsService.rows(of: current, in: earlier) == expected)
        }
    }
}
