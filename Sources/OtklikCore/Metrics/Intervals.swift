import Foundation

/// A 95% confidence interval, in the metric's own units.
public struct Interval: Hashable, Sendable, Codable {
    public var low: Double
    public var high: Double
    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }
}

/// An interval with the standard error it came from (the error is what two estimates are compared with).
public struct IntervalEstimate: Hashable, Sendable {
    public var interval: Interval
    public var standardError: Double
    /// The point the interval is built around (the adjusted estimate for nets and shares).
    public var centre: Double
}

/// The interval formulas. Every one is written out here once (docs/architecture.md, principle 1).
public enum Intervals {
    /// z for a two-sided 95% interval.
    public static let z = 1.959963984540054

    /// Adjusted-Wald interval for a net score such as NPS (docs/domain.md §1.1): add 3 to n and ¾ to each
    /// of the positive and the negative counts, then a normal interval on the difference of the two shares.
    /// Returns the interval in percentage points (−100…100), or nil when there are no answers.
    public static func adjustedWaldNet(positive: Int, negative: Int, n: Int) -> IntervalEstimate? {
        guard n > 0 else { return nil }
        let adjustedN = Double(n) + 3
        let p = (Double(positive) + 0.75) / adjustedN
        let d = (Double(negative) + 0.75) / adjustedN
        let center = p - d
        let variance = (p + d - center * center) / adjustedN
        let error = variance.squareRoot()
        let half = z * error
        return IntervalEstimate(
            interval: Interval(low: max(-1, center - half) * 100, high: min(1, center + half) * 100),
            standardError: error * 100, centre: center * 100)
    }

    /// Adjusted-Wald (Agresti–Coull) interval for a share, in percent (0…100); nil when n is 0.
    public static func adjustedWaldProportion(successes: Int, n: Int) -> IntervalEstimate? {
        guard n > 0 else { return nil }
        let adjustedN = Double(n) + z * z
        let p = (Double(successes) + z * z / 2) / adjustedN
        let error = (p * (1 - p) / adjustedN).squareRoot()
        let half = z * error
        return IntervalEstimate(
            interval: Interval(low: max(0, p - half) * 100, high: min(1, p + half) * 100),
            standardError: error * 100, centre: p * 100)
    }

    /// Student-t interval for a mean; nil with fewer than two answers (no spread can be estimated).
    public static func mean(_ mean: Double, sampleVariance: Double, n: Int) -> IntervalEstimate? {
        guard n >= 2 else { return nil }
        let error = (sampleVariance / Double(n)).squareRoot()
        let half = tCritical(degreesOfFreedom: n - 1) * error
        return IntervalEstimate(interval: Interval(low: mean - half, high: mean + half), standardError: error, centre: mean)
    }

    /// Two-sided 95% critical value of Student's t: exact table to 30 degrees of freedom, then the
    /// Cornish–Fisher expansion around z (error below 1e-4 from 30 up). The table and the powers of z are
    /// made once: every group of an answer with a mean asks for one (two `pow` calls and an array a group).
    public static func tCritical(degreesOfFreedom df: Int) -> Double {
        precondition(df >= 1)
        if df <= tTable.count { return tTable[df - 1] }
        let v = Double(df)
        let (z2, z5, z7) = zPowers
        return z + (z2 * z + z) / (4 * v) + (5 * z5 + 16 * z2 * z + 3 * z) / (96 * v * v)
            + (3 * z7 + 19 * z5 + 17 * z2 * z - 15 * z) / (384 * v * v * v)
    }

    private static let tTable: [Double] = [
        12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
        2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
        2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
    ]

    /// z², z⁵ and z⁷, exactly as `pow` gives them.
    private static let zPowers = (z * z, pow(z, 5), pow(z, 7))
}
