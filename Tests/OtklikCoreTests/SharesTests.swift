import Testing

@testable import OtklikCore

@Suite("Shares of named counts")
struct SharesTests {
    @Test func ladderSharesAddUpAndCarryIntervals() {
        let summary = MetricSummary(.ladder, counts: ScoreCounts(bins: [3, 5, 2]))
        let shares = summary.shares
        #expect(shares["disappointed"]?.percent == 30)
        #expect(shares["expected"]?.percent == 50)
        #expect(shares["wow"]?.percent == 20)
        #expect(abs(shares.values.reduce(0) { $0 + $1.percent } - 100) < 1e-9)
        for share in shares.values {
            #expect(share.interval.low <= share.percent && share.percent <= share.interval.high)
            #expect(share.interval.low >= 0 && share.interval.high <= 100)
        }
        // The interval is the Agresti–Coull one of the share.
        #expect(shares["wow"]?.interval == Intervals.adjustedWaldProportion(successes: 2, n: 10)?.interval)
    }

    @Test func noAnswersNoShares() {
        #expect(MetricSummary(.nps, counts: ScoreCounts()).shares.isEmpty)
        #expect(MetricSummary(.nps, counts: ScoreCounts(scores: [10, 10, 0])).shares["promoters"]?.percent == 200.0 / 3)
    }
}
