import PropertyBased
import Testing

@testable import OtklikCore

@Suite("Comparing two groups or periods")
struct MetricComparisonTests {
    static func summary(
        _ kind: MetricKind, _ scores: [Int], csatScale: CSATScale = .fivePointTopTwoBox
    )
        -> MetricSummary
    {
        MetricSummary(kind, counts: ScoreCounts(scores: scores), csatScale: csatScale)
    }

    static func repeated(_ score: Int, _ count: Int) -> [Int] { Array(repeating: score, count: count) }

    @Test func identicalGroupsAreNotSignificant() async {
        await propertyCheck(count: 200, input: rawAnswers(0...10, count: 0...300), Gen<MetricKind>.case) { raw, kind in
            let scale = kind.scoreRange
            let scores = raw.answered.map { scale.lowerBound + $0 % scale.count }
            let group = Self.summary(kind, scores)
            let comparison = MetricComparison(current: group, previous: Self.summary(kind, scores))
            #expect(!comparison.significant, "\(kind) of \(scores) against itself")
            // `difference` is nil only when a side has no value; one answer has a value (a mean) but no
            // standard error.
            if group.value != nil {
                #expect(comparison.difference == 0)
            } else {
                #expect(comparison.difference == nil)
            }
        }
    }

    /// The case the property check above once drew: a mean of one answer has a value but no standard error.
    @Test func oneAnswerAgainstItselfDiffersByZero() {
        let one = Self.summary(.stars, [4])
        #expect(one.standardError == nil)
        let comparison = MetricComparison(current: one, previous: one)
        #expect(comparison.difference == 0)
        #expect(!comparison.significant)
    }

    @Test func thousandPromotersAgainstThousandDetractorsIsSignificant() {
        let promoters = Self.summary(.nps, Self.repeated(10, 1000))
        let detractors = Self.summary(.nps, Self.repeated(0, 1000))
        let comparison = MetricComparison(current: promoters, previous: detractors)
        #expect(comparison.significant)
        #expect(comparison.difference == 200)
        let reverse = MetricComparison(current: detractors, previous: promoters)
        #expect(reverse.significant)
        #expect(reverse.difference == -200)
    }

    /// The documented promise of `MetricSummary.standardError`: "a small sample is not declared
    /// significantly different". Two answers against two answers cannot show anything at 95% (Fisher's
    /// exact test gives p = 0.33 even for 2 promoters against 2 detractors).
    @Test
    func twoAnswersAgainstTwoAnswersIsNotSignificant() {
        let cases: [([Int], [Int])] = [
            ([10, 10], [0, 0]), ([10, 0], [0, 0]), ([10, 9], [8, 7]), ([9, 7], [6, 8]), ([10, 8], [8, 8]),
        ]
        for (current, previous) in cases {
            let comparison = MetricComparison(current: Self.summary(.nps, current), previous: Self.summary(.nps, previous))
            #expect(!comparison.significant, "\(current) vs \(previous): difference \(comparison.difference ?? .nan)")
        }
    }

    /// The milder small-sample cases that do pass today, kept live while the test above is disabled.
    @Test func smallMildDifferencesAreNotSignificant() {
        let cases: [(MetricKind, [Int], [Int])] = [
            (.nps, [10, 8], [8, 8]), (.nps, [9, 8], [8, 8]), (.ces, [7, 3], [2, 3]), (.csat, [5, 2], [1, 2]),
            (.stars, [5, 4], [3, 4]), (.ladder, [2, 1], [1, 1]),
        ]
        for (kind, current, previous) in cases {
            let comparison = MetricComparison(current: Self.summary(kind, current), previous: Self.summary(kind, previous))
            #expect(comparison.difference != nil)
            #expect(!comparison.significant, "\(kind) \(current) vs \(previous)")
        }
    }

    @Test func differenceIsCurrentMinusPrevious() async {
        await propertyCheck(
            count: 200, input: rawAnswers(0...10, count: 2...100, skipRate: 0),
            rawAnswers(0...10, count: 2...100, skipRate: 0), Gen<MetricKind>.case
        ) { a, b, kind in
            let scale = kind.scoreRange
            let current = Self.summary(kind, a.answered.map { scale.lowerBound + $0 % scale.count })
            let previous = Self.summary(kind, b.answered.map { scale.lowerBound + $0 % scale.count })
            let comparison = MetricComparison(current: current, previous: previous)
            guard let cv = current.value, let pv = previous.value,
                let ce = current.standardError, let pe = previous.standardError
            else {
                #expect(comparison.difference == nil && !comparison.significant)
                return
            }
            #expect(comparison.difference == cv - pv)
            let swapped = MetricComparison(current: previous, previous: current)
            #expect(swapped.difference == pv - cv)
            #expect(swapped.significant == comparison.significant)
            // The z test, re-derived: on the interval centres (the adjusted estimates for nets and
            // shares), so that it agrees with the intervals; without any spread, a difference is certain.
            let combined = (ce * ce + pe * pe).squareRoot()
            let centres = (current.estimateCentre!, previous.estimateCentre!)
            let expected = combined > 0 ? abs(centres.0 - centres.1) > referenceZ * combined : centres.0 != centres.1
            #expect(comparison.significant == expected)
        }
        let up = MetricComparison(current: Self.summary(.stars, [5, 5, 4]), previous: Self.summary(.stars, [1, 2, 2]))
        #expect(up.difference! > 0)
        #expect(abs(up.difference! - (14.0 / 3 - 5.0 / 3)) < 1e-12)
    }

    @Test func noAnswersOnEitherSideGiveNoDifference() {
        let some = Self.summary(.nps, [10, 9, 0])
        let none = Self.summary(.nps, [])
        for comparison in [MetricComparison(current: some, previous: none), MetricComparison(current: none, previous: some)] {
            #expect(comparison.difference == nil)
            #expect(!comparison.significant)
        }
    }

    @Test func largeRealisticShiftIsSignificant() {
        // NPS 50 → 20 over 400 answers each.
        let current = Self.summary(.nps, Self.repeated(10, 240) + Self.repeated(8, 120) + Self.repeated(3, 40))
        let previous = Self.summary(.nps, Self.repeated(10, 160) + Self.repeated(8, 160) + Self.repeated(3, 80))
        let comparison = MetricComparison(current: current, previous: previous)
        #expect(current.value == 50 && previous.value == 20)
        #expect(comparison.difference == 30)
        #expect(comparison.significant)
    }

    /// A mean metric where neither group has any spread: 1000 five-star answers against 1000 one-star answers.
    @Test
    func meansWithoutSpreadAreStillCompared() {
        let comparison = MetricComparison(
            current: Self.summary(.stars, Self.repeated(5, 1000)),
            previous: Self.summary(.stars, Self.repeated(1, 1000)))
        #expect(comparison.difference == 4)
        #expect(comparison.significant)
    }
}
