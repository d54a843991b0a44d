import Foundation
import PropertyBased
import Testing

@testable import OtklikCore

// MARK: - The brute-force reference
//
// Everything below is computed from the raw list of answers the naive way (filter, count, divide), without
// `ScoreCounts` or `Intervals`, so that it can catch a mistake in either.

/// The two-sided 95% normal quantile, found by bisection on erfc rather than copied from the source.
let referenceZ: Double = {
    // Φ(z) = erfc(−z/√2)/2; find z with Φ(z) = 0.975.
    var low = 1.0
    var high = 3.0
    for _ in 0..<200 {
        let mid = (low + high) / 2
        if erfc(-mid / 2.0.squareRoot()) / 2 < 0.975 { low = mid } else { high = mid }
    }
    return (low + high) / 2
}()

/// A raw list of answers as a survey collects them: nil is a skipped question.
struct RawAnswers: CustomStringConvertible {
    var raw: [Int?]
    var answered: [Int] { raw.compactMap { $0 } }
    /// The denominator: answers given; skips excluded.
    var n: Int { raw.count - raw.filter { $0 == nil }.count }

    func count(_ predicate: (Int) -> Bool) -> Int { answered.filter(predicate).count }

    /// Share of answers satisfying `predicate`, in percent.
    func percent(_ predicate: (Int) -> Bool) -> Double? {
        n == 0 ? nil : 100 * Double(count(predicate)) / Double(n)
    }

    func mean(_ weight: (Int) -> Double = { Double($0) }) -> Double? {
        guard n > 0 else { return nil }
        var sum = 0.0
        for score in answered { sum += weight(score) }
        return sum / Double(n)
    }

    func sampleVariance(_ weight: (Int) -> Double = { Double($0) }) -> Double? {
        guard n > 1, let mean = mean(weight) else { return nil }
        var squares = 0.0
        for score in answered { squares += (weight(score) - mean) * (weight(score) - mean) }
        return squares / Double(n - 1)
    }

    /// The t interval of the mean and its standard error.
    func meanInterval(_ weight: (Int) -> Double = { Double($0) }) -> (low: Double, high: Double, se: Double)? {
        guard let mean = mean(weight), let variance = sampleVariance(weight) else { return nil }
        let se = (variance / Double(n)).squareRoot()
        let half = Intervals.tCritical(degreesOfFreedom: n - 1) * se
        return (mean - half, mean + half, se)
    }

    /// Adjusted-Wald interval of a net score, in points: n' = n + 3, ¾ added to each side.
    func netInterval(positive: (Int) -> Bool, negative: (Int) -> Bool) -> (low: Double, high: Double, se: Double)? {
        guard n > 0 else { return nil }
        let nPrime = Double(n) + 3
        let p = (Double(count(positive)) + 0.75) / nPrime
        let d = (Double(count(negative)) + 0.75) / nPrime
        let se = ((p + d - (p - d) * (p - d)) / nPrime).squareRoot()
        let half = referenceZ * se
        return (max(-100, 100 * (p - d - half)), min(100, 100 * (p - d + half)), 100 * se)
    }

    /// Agresti–Coull interval of a share, in percent: n' = n + z², z²/2 successes added.
    func proportionInterval(_ success: (Int) -> Bool) -> (low: Double, high: Double, se: Double)? {
        guard n > 0 else { return nil }
        let z2 = referenceZ * referenceZ
        let nPrime = Double(n) + z2
        let p = (Double(count(success)) + z2 / 2) / nPrime
        let se = (p * (1 - p) / nPrime).squareRoot()
        let half = referenceZ * se
        return (max(0, 100 * (p - half)), min(100, 100 * (p + half)), 100 * se)
    }

    var counts: ScoreCounts { ScoreCounts(scores: answered) }

    var description: String { raw.map { $0.map(String.init) ?? "–" }.joined(separator: " ") }
}

/// Random answers on a scale, roughly one in four skipped.
func rawAnswers(
    _ scale: ClosedRange<Int>, count: ClosedRange<Int> = 0...150, skipRate: Float = 0.25
)
    -> Generator<RawAnswers, some SendableSequenceType>
{
    Gen.int(in: scale).optional(valueRate: 1 - skipRate).array(of: count).map { RawAnswers(raw: $0) }
}

let tolerance = 1e-9

/// Both nil, or both present and within `tolerance`.
func close(_ actual: Double?, _ expected: Double?, _ tol: Double = tolerance) -> Bool {
    switch (actual, expected) {
    case (nil, nil): return true
    case (let a?, let b?): return abs(a - b) <= tol
    default: return false
    }
}

func expectInterval(
    _ actual: Interval?, _ expected: (low: Double, high: Double, se: Double)?,
    standardError: Double?, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(close(actual?.low, expected?.low), "\(what) low", sourceLocation: sourceLocation)
    #expect(close(actual?.high, expected?.high), "\(what) high", sourceLocation: sourceLocation)
    #expect(close(standardError, expected?.se), "\(what) standard error", sourceLocation: sourceLocation)
}

func expectHistogram(
    _ summary: MetricSummary, _ raw: RawAnswers, scale: ClosedRange<Int>,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(summary.histogramStart == scale.lowerBound, sourceLocation: sourceLocation)
    #expect(summary.histogram == scale.map { score in raw.count { $0 == score } }, sourceLocation: sourceLocation)
}

// MARK: - Each metric against the reference

@Suite("Metric math against a brute-force reference")
struct MetricsPropertyTests {
    @Test func referenceZIsTheNormalQuantile() {
        #expect(abs(referenceZ - 1.959963984540054) < 1e-12)
        #expect(abs(Intervals.z - referenceZ) < 1e-12)
    }

    @Test func nps() async {
        await propertyCheck(count: 200, input: rawAnswers(0...10)) { raw in
            let summary = MetricSummary(.nps, counts: raw.counts)
            #expect(summary.n == raw.n)
            #expect(summary.convention == "nps")
            let expected =
                raw.n == 0
                ? nil
                : 100 * Double(raw.count { $0 >= 9 } - raw.count { $0 <= 6 }) / Double(raw.n)
            #expect(close(summary.value, expected), "NPS of \(raw)")
            expectInterval(
                summary.interval, raw.netInterval(positive: { $0 >= 9 }, negative: { $0 <= 6 }),
                standardError: summary.standardError, "NPS adjusted Wald")
            #expect(
                summary.counts == [
                    "promoters": raw.count { $0 >= 9 }, "passives": raw.count { (7...8).contains($0) },
                    "detractors": raw.count { $0 <= 6 },
                ])
            #expect(summary.mean == nil && summary.meanInterval == nil)
            expectHistogram(summary, raw, scale: 0...10)
        }
    }

    @Test func ladderNetDelight() async {
        await propertyCheck(count: 200, input: rawAnswers(0...2)) { raw in
            let summary = MetricSummary(.ladder, counts: raw.counts)
            #expect(summary.n == raw.n)
            #expect(summary.convention == "net_delight")
            let wow = raw.percent { $0 == 2 }
            let disappointed = raw.percent { $0 == 0 }
            #expect(close(summary.value, wow.flatMap { w in disappointed.map { w - $0 } }), "ladder of \(raw)")
            expectInterval(
                summary.interval, raw.netInterval(positive: { $0 == 2 }, negative: { $0 == 0 }),
                standardError: summary.standardError, "ladder adjusted Wald")
            #expect(
                summary.counts == [
                    "disappointed": raw.count { $0 == 0 }, "expected": raw.count { $0 == 1 },
                    "wow": raw.count { $0 == 2 },
                ])
            expectHistogram(summary, raw, scale: 0...2)
        }
    }

    @Test func cesAgreementAndMean() async {
        await propertyCheck(count: 200, input: rawAnswers(1...7)) { raw in
            let summary = MetricSummary(.ces, counts: raw.counts)
            #expect(summary.n == raw.n)
            #expect(summary.convention == "agree_5_7")
            #expect(close(summary.value, raw.percent { $0 >= 5 }), "CES of \(raw)")
            expectInterval(
                summary.interval, raw.proportionInterval { $0 >= 5 },
                standardError: summary.standardError, "CES Agresti–Coull")
            #expect(close(summary.mean, raw.mean()), "CES mean of \(raw)")
            let t = raw.meanInterval()
            #expect(close(summary.meanInterval?.low, t?.low) && close(summary.meanInterval?.high, t?.high))
            #expect(
                summary.counts == [
                    "agree": raw.count { $0 >= 5 }, "neutral": raw.count { $0 == 4 },
                    "disagree": raw.count { $0 <= 3 },
                ])
            expectHistogram(summary, raw, scale: 1...7)
        }
    }

    @Test func starsMean() async {
        await propertyCheck(count: 200, input: rawAnswers(1...5)) { raw in
            let summary = MetricSummary(.stars, counts: raw.counts)
            #expect(summary.n == raw.n)
            #expect(summary.convention == "mean")
            #expect(close(summary.value, raw.mean()), "stars of \(raw)")
            #expect(close(summary.mean, raw.mean()))
            expectInterval(summary.interval, raw.meanInterval(), standardError: summary.standardError, "stars t")
            #expect(summary.meanInterval == summary.interval)
            #expect(summary.counts == ["four_or_five": raw.count { $0 >= 4 }, "one_to_three": raw.count { $0 <= 3 }])
            expectHistogram(summary, raw, scale: 1...5)
        }
    }

    @Test func csatTopTwoBox() async {
        await propertyCheck(count: 200, input: rawAnswers(1...5)) { raw in
            let summary = MetricSummary(.csat, counts: raw.counts, csatScale: .fivePointTopTwoBox)
            #expect(summary.n == raw.n)
            #expect(summary.convention == "top2box")
            #expect(close(summary.value, raw.percent { $0 >= 4 }), "CSAT top-2-box of \(raw)")
            expectInterval(
                summary.interval, raw.proportionInterval { $0 >= 4 },
                standardError: summary.standardError, "CSAT Agresti–Coull")
            #expect(close(summary.mean, raw.mean()))
            let t = raw.meanInterval()
            #expect(close(summary.meanInterval?.low, t?.low) && close(summary.meanInterval?.high, t?.high))
            #expect(summary.counts == Dictionary(uniqueKeysWithValues: (1...5).map { s in (String(s), raw.count { $0 == s }) }))
            expectHistogram(summary, raw, scale: 1...5)
        }
    }

    @Test func csatMean() async {
        await propertyCheck(count: 200, input: rawAnswers(1...5)) { raw in
            let summary = MetricSummary(.csat, counts: raw.counts, csatScale: .fivePointMean)
            #expect(summary.convention == "mean")
            #expect(close(summary.value, raw.mean()), "CSAT mean of \(raw)")
            expectInterval(summary.interval, raw.meanInterval(), standardError: summary.standardError, "CSAT mean t")
        }
    }

    @Test func csatThreeOptionWeights() async {
        let weights: [Double] = [2, 3, 5]
        #expect(CSATScale.threeOptionWeighted.weights == weights)
        await propertyCheck(count: 200, input: rawAnswers(1...3)) { raw in
            let summary = MetricSummary(.csat, counts: raw.counts, csatScale: .threeOptionWeighted)
            #expect(summary.convention == "weights")
            #expect(close(summary.value, raw.mean { weights[$0 - 1] }), "weighted CSAT of \(raw)")
            expectInterval(
                summary.interval, raw.meanInterval { weights[$0 - 1] },
                standardError: summary.standardError, "weighted CSAT t")
            // The plain mean of the points is reported beside the weighted value.
            #expect(close(summary.mean, raw.mean()))
            expectHistogram(summary, raw, scale: 1...3)
        }
    }

    /// Any scale from 3 to 10 points, any convention, any weights.
    @Test func csatAnyScale() async {
        await propertyCheck(
            count: 200, input: Gen.int(in: 3...10), Gen<CSATScale.Convention>.case,
            Gen.double(in: -10...10).array(of: 10), rawAnswers(1...10)
        ) { points, convention, allWeights, unscaled in
            let weights = Array(allWeights.prefix(points))
            let scale = CSATScale(
                points: points, convention: convention,
                weights: convention == .weights ? weights : nil)
            #expect(scale.problem == nil)
            let raw = RawAnswers(raw: unscaled.raw.map { $0.map { ($0 - 1) % points + 1 } })
            let summary = MetricSummary(.csat, counts: raw.counts, csatScale: scale)
            #expect(summary.n == raw.n)
            switch convention {
            case .topTwoBox:
                #expect(close(summary.value, raw.percent { $0 >= points - 1 }), "top-2-box, \(points) points: \(raw)")
                expectInterval(
                    summary.interval, raw.proportionInterval { $0 >= points - 1 },
                    standardError: summary.standardError, "top-2-box")
            case .mean:
                #expect(close(summary.value, raw.mean()), "mean, \(points) points: \(raw)")
                expectInterval(summary.interval, raw.meanInterval(), standardError: summary.standardError, "mean")
            case .weights:
                #expect(close(summary.value, raw.mean { weights[$0 - 1] }), "weights \(weights): \(raw)")
                expectInterval(
                    summary.interval, raw.meanInterval { weights[$0 - 1] },
                    standardError: summary.standardError, "weights")
            }
            expectHistogram(summary, raw, scale: 1...points)
        }
    }

    /// A skipped question counts in no denominator: adding skips changes nothing.
    @Test func skipsAreNotAnswers() {
        let withSkips = RawAnswers(raw: [10, nil, 0, nil, nil, 9, 7])
        #expect(withSkips.n == 4)
        let summary = MetricSummary(.nps, counts: withSkips.counts)
        #expect(summary.n == 4)
        #expect(summary.value == 25)  // 2 promoters, 1 detractor, 1 passive of 4 answers
        #expect(summary.counts == ["promoters": 2, "passives": 1, "detractors": 1])
    }

    /// Hand-checked values, so that the reference itself is anchored.
    @Test func knownValues() throws {
        let nps = MetricSummary(.nps, counts: ScoreCounts(scores: [10, 10, 9, 8, 7, 6, 0, 3, 10, 10]))
        #expect(nps.value == 20)  // 5 promoters − 3 detractors of 10
        let interval = try #require(nps.interval)
        // n' = 13, p' = 5.75/13, d' = 3.75/13
        let p = 5.75 / 13
        let d = 3.75 / 13
        let half = 1.959963984540054 * ((p + d - (p - d) * (p - d)) / 13).squareRoot()
        #expect(abs(interval.low - 100 * (p - d - half)) < 1e-9)
        #expect(abs(interval.high - 100 * (p - d + half)) < 1e-9)
        #expect(abs(interval.low - (-30.3260)) < 1e-3 && abs(interval.high - 61.0952) < 1e-3)

        let weighted = MetricSummary(.csat, counts: ScoreCounts(scores: [1, 2, 3, 3]), csatScale: .threeOptionWeighted)
        #expect(weighted.value == (2 + 3 + 5 + 5) / 4.0)

        let stars = MetricSummary(.stars, counts: ScoreCounts(scores: [5, 4, 3]))
        let t = try #require(stars.interval)
        // mean 4, s² = 1, se = 1/√3, t(2) = 4.3027
        #expect(abs(t.low - (4 - 4.3027 / 3.0.squareRoot())) < 1e-9)
        #expect(abs(t.high - (4 + 4.3027 / 3.0.squareRoot())) < 1e-9)
    }
}

// MARK: - Merging, intervals, sample size

@Suite("Mergeable counts and interval invariants")
struct MetricInvariantTests {
    @Test func countsOfASplitListMergeToTheWhole() async {
        await propertyCheck(
            count: 200, input: rawAnswers(0...10, count: 0...200), Gen.int(in: 0...200),
            Gen.int(in: 0...200)
        ) { raw, cutA, cutB in
            let all = raw.answered
            let first = min(cutA, cutB, all.count)
            let second = min(max(cutA, cutB), all.count)
            let a = ScoreCounts(scores: all[..<first])
            let b = ScoreCounts(scores: all[first..<second])
            let c = ScoreCounts(scores: all[second...])
            let whole = ScoreCounts(scores: all)
            #expect(a + b + c == whole)
            #expect(c + a + b == whole)
            var accumulated = ScoreCounts()
            accumulated += b
            accumulated += c
            accumulated += a
            #expect(accumulated == whole)
            #expect(whole.n == raw.n)
            for score in 0...10 { #expect(whole[score] == raw.count { $0 == score }) }
            #expect(whole.count(in: 9...10) == raw.count { $0 >= 9 })
            // Every metric of the merged counts is the metric of the whole list.
            for kind in MetricKind.allCases {
                #expect(MetricSummary(kind, counts: a + b + c) == MetricSummary(kind, counts: whole))
            }
        }
    }

    @Test func scoreCountsFromBins() {
        let counts = ScoreCounts(bins: [1, 0, 2])
        #expect(counts.bins.count == ScoreCounts.binCount)
        #expect(counts.n == 3 && counts[2] == 2 && counts[10] == 0)
        #expect(counts == ScoreCounts(scores: [0, 2, 2]))
        var added = ScoreCounts()
        added.add(7, count: 4)
        #expect(added.n == 4 && added[7] == 4)
        #expect(added.count(in: -5...20) == 4)  // out-of-scale bounds are clamped
    }

    @Test func intervalsContainTheValue() async {
        await propertyCheck(count: 300, input: rawAnswers(0...10, count: 1...120, skipRate: 0.1)) { raw in
            guard raw.n >= 1 else { return }
            // NPS: the adjusted centre differs from the raw value, so only the shape of the interval is checked,
            // and that the adjusted centre is inside it.
            for (kind, positive, negative) in [(MetricKind.nps, 9...10, 0...6), (.ladder, 2...2, 0...0)] {
                let scores = kind == .ladder ? raw.answered.map { $0 % 3 } : raw.answered
                let summary = MetricSummary(kind, counts: ScoreCounts(scores: scores))
                guard let interval = summary.interval else {
                    Issue.record("\(kind) has no interval for n = \(raw.n)")
                    continue
                }
                #expect(interval.low <= interval.high)
                #expect(interval.low >= -100 && interval.high <= 100)
                let n = Double(scores.count) + 3
                let centre =
                    100
                    * (Double(scores.filter { positive.contains($0) }.count)
                        - Double(scores.filter { negative.contains($0) }.count)) / n
                #expect(interval.low <= centre && centre <= interval.high)
                #expect(summary.standardError! > 0)
            }
            // Shares: the Agresti–Coull interval always contains the observed share.
            let ces = MetricSummary(.ces, counts: ScoreCounts(scores: raw.answered.map { $0 % 7 + 1 }))
            let csat = MetricSummary(.csat, counts: ScoreCounts(scores: raw.answered.map { $0 % 5 + 1 }))
            for share in [ces, csat] {
                let value = try #require(share.value)
                let interval = try #require(share.interval)
                #expect(interval.low >= 0 && interval.high <= 100)
                #expect(interval.low <= value && value <= interval.high, "\(share.metric) \(value) in \(interval)")
            }
            // Means: the t interval is centred on the mean, for n ≥ 2.
            let stars = MetricSummary(.stars, counts: ScoreCounts(scores: raw.answered.map { $0 % 5 + 1 }))
            if raw.n >= 2 {
                let value = try #require(stars.value)
                let interval = try #require(stars.interval)
                #expect(interval.low <= value && value <= interval.high)
                #expect(abs((interval.low + interval.high) / 2 - value) < 1e-9)
            } else {
                #expect(stars.value != nil && stars.interval == nil && stars.standardError == nil)
            }
        }
    }

    @Test(arguments: MetricKind.allCases)
    func lowSampleFlagAtTheThreshold(kind: MetricKind) {
        let score = kind.scoreRange.lowerBound
        let at29 = MetricSummary(kind, counts: ScoreCounts(scores: Array(repeating: score, count: 29)))
        let at30 = MetricSummary(kind, counts: ScoreCounts(scores: Array(repeating: score, count: 30)))
        #expect(MetricSummary.defaultMinimumSample == 30)
        #expect(at29.lowSample)
        #expect(!at30.lowSample)
        // Skips do not count towards the sample: 30 raw answers with one skipped is 29.
        let skipped = RawAnswers(raw: Array(repeating: score, count: 29) + [nil])
        #expect(MetricSummary(kind, counts: skipped.counts).lowSample)
        // A custom minimum.
        let five = ScoreCounts(scores: Array(repeating: score, count: 5))
        #expect(!MetricSummary(kind, counts: five, minimumSample: 5).lowSample)
        #expect(MetricSummary(kind, counts: five, minimumSample: 6).lowSample)
    }

    /// Two histograms with the same headline key have the same headline figures: a report writes the figures
    /// of a key once and copies them to every group with that key. Each random histogram is paired with
    /// another made by moving answers between scores that count alike (two detractor scores, 7 and 8 …), and
    /// with one that differs in what counts (its key must differ).
    @Test func histogramsWithOneHeadlineKeyHaveOneHeadline() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...40).array(of: 11), Gen.int(in: 0...3)) { bins, pick in
            let (kind, scale) = [
                (MetricKind.nps, CSATScale.fivePointTopTwoBox), (.ces, .fivePointTopTwoBox), (.ladder, .fivePointTopTwoBox),
                (.csat, .fivePointTopTwoBox),
            ][pick]
            let range = kind == .csat ? 1...scale.points : kind.scoreRange
            var counts = ScoreCounts()
            for score in range { counts[score] = bins[score] }
            // Scores that count alike: within one band of the metric (a net's negative, middle and positive
            // scores; a share's counted and uncounted ones).
            let alike: [ClosedRange<Int>] =
                switch kind {
                case .nps: [0...6, 7...8, 9...10]
                case .ces: [1...4, 5...7]
                case .csat: [1...3, 4...5]
                default: []
                }
            var moved = counts
            for band in alike where band.count > 1 && moved[band.lowerBound] > 0 {
                moved[band.lowerBound] -= 1
                moved[band.upperBound] += 1
            }
            let key = MetricSummary.shares(kind, counts: counts, csatScale: scale)?.key
            #expect(key != nil)
            #expect(MetricSummary.shares(kind, counts: moved, csatScale: scale)?.key == key)
            let (a, b) = (MetricSummary(kind, counts: counts, csatScale: scale), MetricSummary(kind, counts: moved, csatScale: scale))
            #expect(a.value == b.value && a.interval == b.interval && a.n == b.n && a.lowSample == b.lowSample)
            // One more answer at the best score changes the figures, and the key; so does one more at a score
            // that counts neither way (a passive, an "expected"; for a share, the lowest score): n grows.
            for score in [range.upperBound, kind == .nps ? 7 : kind == .ladder ? 1 : range.lowerBound] {
                var more = counts
                more[score] += 1
                #expect(MetricSummary.shares(kind, counts: more, csatScale: scale)?.key != key)
            }
        }
        // Means depend on the whole histogram: no shares, no key.
        let some = ScoreCounts(scores: [1, 2, 5])
        #expect(MetricSummary.shares(.stars, counts: some, csatScale: .fivePointTopTwoBox) == nil)
        #expect(MetricSummary.shares(.csat, counts: some, csatScale: .fivePointMean) == nil)
        #expect(MetricSummary.shares(.csat, counts: some, csatScale: .threeOptionWeighted) == nil)
    }

    /// The figures a writer of many groups takes from the counts alone (`MetricSummary.shares`,
    /// `MetricSummary.meanEstimate`) are the summary's, for every metric and CSAT scale, on random histograms
    /// (empty ones and single answers included).
    @Test func figuresFromTheCountsAreTheSummarys() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...6).array(of: 11), Gen.int(in: 0..<Self.allScales.count)) { bins, pick in
            let (kind, scale) = Self.allScales[pick]
            let range = kind == .csat ? 1...scale.points : kind.scoreRange
            var counts = ScoreCounts()
            for score in range where bins[score] > 3 { counts[score] = bins[score] - 3 }
            let summary = MetricSummary(kind, counts: counts, csatScale: scale)
            let (mean, interval) = MetricSummary.meanEstimate(kind, counts: counts, csatScale: scale)
            #expect(mean == summary.meanEstimate.mean && interval == summary.meanEstimate.interval)
            guard let shares = MetricSummary.shares(kind, counts: counts, csatScale: scale) else {
                #expect(summary.convention == "mean" || summary.convention == "weights")
                return
            }
            #expect(shares.n == summary.n && shares.value == summary.value && shares.estimate?.interval == summary.interval)
        }
    }

    /// Counts moved each to its class's lowest score (`MetricSummary.shareClasses`, what an index counting many
    /// groups keeps) give the same shares and headline as the counts by score, over all eleven scores (a score
    /// off the scale counts in n); a mean has no classes.
    @Test func countsByShareClassGiveTheSameShares() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...6).array(of: 11), Gen.int(in: 0..<Self.allScales.count)) { bins, pick in
            let (kind, scale) = Self.allScales[pick]
            let counts = ScoreCounts(bins: bins.map { max($0 - 2, 0) })
            guard let lowest = MetricSummary.shareClasses(kind, csatScale: scale) else {
                #expect(MetricSummary.shares(kind, counts: counts, csatScale: scale) == nil)
                return
            }
            var byClass = ScoreCounts()
            for score in 0..<ScoreCounts.binCount { byClass.add(lowest[score], count: counts[score]) }
            let (shares, classShares) = (
                MetricSummary.shares(kind, counts: counts, csatScale: scale)!,
                MetricSummary.shares(kind, counts: byClass, csatScale: scale)!
            )
            #expect(classShares.key == shares.key && classShares.value == shares.value && classShares.n == shares.n)
            let (summary, classSummary) = (
                MetricSummary(kind, counts: counts, csatScale: scale), MetricSummary(kind, counts: byClass, csatScale: scale)
            )
            #expect(classSummary.interval == summary.interval && classSummary.lowSample == summary.lowSample)
            // Each class is named by its lowest score.
            #expect(lowest.enumerated().allSatisfy { score, first in first <= score && lowest[first] == first })
        }
        // NPS: detractors, passives, promoters.
        #expect(MetricSummary.shareClasses(.nps, csatScale: .fivePointTopTwoBox) == [0, 0, 0, 0, 0, 0, 0, 7, 7, 9, 9])
    }

    static let allScales: [(MetricKind, CSATScale)] =
        MetricKind.allCases.filter { $0 != .csat }.map { ($0, CSATScale.fivePointTopTwoBox) }
        + [(.csat, .fivePointTopTwoBox), (.csat, .fivePointMean), (.csat, .threeOptionWeighted)]

    @Test func noAnswersGiveNoValue() {
        for (kind, scale) in Self.allScales {
            let summary = MetricSummary(kind, counts: ScoreCounts(), csatScale: scale)
            #expect(summary.n == 0)
            #expect(summary.value == nil, "\(kind)")
            #expect(summary.interval == nil, "\(kind)")
            #expect(summary.standardError == nil, "\(kind)")
            #expect(summary.mean == nil && summary.meanInterval == nil, "\(kind)")
            #expect(summary.lowSample)
            #expect(summary.histogram.allSatisfy { $0 == 0 })
            #expect(summary.counts.values.allSatisfy { $0 == 0 })
            // Intervals agree directly.
            #expect(Intervals.adjustedWaldNet(positive: 0, negative: 0, n: 0) == nil)
            #expect(Intervals.adjustedWaldProportion(successes: 0, n: 0) == nil)
            #expect(Intervals.mean(0, sampleVariance: 0, n: 1) == nil)
        }
    }

    @Test func oneAnswer() {
        let nps = MetricSummary(.nps, counts: ScoreCounts(scores: [10]))
        #expect(nps.value == 100)
        // n' = 4, p' = 1.75/4, d' = 0.75/4: centre 25, half-width 1.96 × 37.5; the raw 100 lies above the interval.
        let interval = nps.interval
        #expect(close(interval?.low, 25 - referenceZ * 37.5) && close(interval?.high, 25 + referenceZ * 37.5))
        let stars = MetricSummary(.stars, counts: ScoreCounts(scores: [4]))
        #expect(stars.value == 4 && stars.interval == nil)
        let ces = MetricSummary(.ces, counts: ScoreCounts(scores: [2]))
        #expect(ces.value == 0 && ces.mean == 2 && ces.interval != nil && ces.meanInterval == nil)
    }
}

// MARK: - Student's t

@Suite("Student t critical values")
struct TCriticalTests {
    @Test(arguments: [
        (1, 12.706), (2, 4.303), (5, 2.571), (10, 2.228), (20, 2.086), (29, 2.045), (30, 2.042), (31, 2.040),
        (40, 2.021), (60, 2.000), (100, 1.984), (120, 1.980), (1000, 1.962), (1_000_000, 1.960),
    ])
    func knownValue(df: Int, expected: Double) {
        #expect(
            abs(Intervals.tCritical(degreesOfFreedom: df) - expected) < 1e-3,
            "t(\(df)) = \(Intervals.tCritical(degreesOfFreedom: df))")
    }

    @Test func decreasesTowardsZ() {
        var previous = Double.infinity
        for df in 1...2000 {
            let t = Intervals.tCritical(degreesOfFreedom: df)
            #expect(t < previous, "t(\(df)) = \(t) is not below t(\(df - 1)) = \(previous)")
            #expect(t > Intervals.z)
            previous = t
        }
        #expect(abs(Intervals.tCritical(degreesOfFreedom: Int(1e9)) - referenceZ) < 1e-6)
    }
}
