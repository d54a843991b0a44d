import Foundation

/// One customer's purchases as the BG/NBD model reads them, in one time unit of the caller's choice (weeks,
/// days) that must be the same for every customer of a fit and for every forecast made with it.
public struct PurchaseHistory: Hashable, Sendable, Codable {
    /// Repeat purchases (x): the purchases after the first. A whole number.
    public var frequency: Double
    /// Time from the first purchase to the last (t_x); 0 when there was no repeat purchase.
    public var recency: Double
    /// Time from the first purchase to the end of observation (T).
    public var age: Double

    public init(frequency: Double, recency: Double, age: Double) {
        self.frequency = frequency
        self.recency = recency
        self.age = age
    }
}

/// The BG/NBD purchase model (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): while active,
/// a customer buys at a Poisson rate λ, gamma(r, α) across customers; after each repeat purchase they drop out
/// for good with probability p, beta(a, b) across customers. Fitted by maximum likelihood on purchase
/// histories, it says how likely a customer still is to be active and how many purchases to expect of them.
public struct BGNBD: Hashable, Sendable, Codable {
    /// Shape of the gamma distribution of purchase rates.
    public var r: Double
    /// Rate of the gamma distribution of purchase rates, in the histories' time unit (mean λ is r / α).
    public var alpha: Double
    /// Beta parameters of the drop-out probability (mean p is a / (a + b)).
    public var a: Double
    public var b: Double

    public init(r: Double, alpha: Double, a: Double, b: Double) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
    }

    /// Why a fit was refused.
    public enum FitError: Error, Hashable, Sendable, CustomStringConvertible {
        case noCustomers
        /// The history at this index is not one the model can read (see `description`).
        case invalidHistory(index: Int, PurchaseHistory)
        /// Nobody bought twice: the likelihood grows without bound as the purchase rate goes to zero.
        case noRepeatPurchases
        /// The search ended without settling on a maximum (not seen on real data; a bug report if it is).
        case didNotConverge

        public var description: String {
            switch self {
            case .noCustomers: "no purchase histories to fit"
            case .invalidHistory(let index, let history):
                "history \(index) (frequency \(history.frequency), recency \(history.recency), age \(history.age))"
                    + " needs a whole frequency ≥ 0, 0 ≤ recency ≤ age, and recency 0 when frequency is 0"
            case .noRepeatPurchases: "no customer made a repeat purchase: the model cannot be fitted"
            case .didNotConverge: "the likelihood search did not converge"
            }
        }
    }
}

// MARK: - Fitting

extension BGNBD {
    /// The maximum-likelihood model for these histories.
    ///
    /// Nelder–Mead on the logarithms of the parameters (which keeps them positive and makes the steps relative),
    /// from a start scaled to the data's time unit, then once more from the optimum to make sure the simplex had
    /// not collapsed early. Identical histories are counted once, so a fit costs milliseconds for thousands of
    /// customers. A parameter that ends near e^±30 is one the data do not pin down.
    public static func fit(_ customers: [PurchaseHistory]) throws(FitError) -> BGNBD {
        if customers.isEmpty { throw .noCustomers }
        for (index, history) in customers.enumerated() where !history.isValid {
            throw .invalidHistory(index: index, history)
        }
        let data = GroupedHistories(customers)
        if data.frequencies.isEmpty { throw .noRepeatPurchases }

        // With a = b = 1 (uniform drop-out) and r = 1, α makes the mean rate the observed one: the start, and so
        // the whole search, is then the same in any time unit up to a shift of log α.
        let totalAge = customers.reduce(0) { $0 + $1.age }
        let totalFrequency = customers.reduce(0) { $0 + $1.frequency }
        let bound = 30.0
        let logScale = min(max(log(totalAge / totalFrequency), 1 - bound), bound - 1)
        let start = SIMD4<Double>(0, logScale, 0, 0)
        func objective(_ point: SIMD4<Double>) -> Double {
            guard point.max() <= bound, point.min() >= -bound else { return .infinity }
            let value = -data.logLikelihood(BGNBD(logParameters: point))
            return value.isFinite ? value : .infinity
        }
        let first = nelderMead(objective, start: start, step: 1)
        let polished = nelderMead(objective, start: first.point, step: 0.1)
        guard first.converged, polished.converged, polished.value.isFinite else { throw .didNotConverge }
        return BGNBD(logParameters: polished.point)
    }

    private init(logParameters point: SIMD4<Double>) {
        self.init(r: exp(point[0]), alpha: exp(point[1]), a: exp(point[2]), b: exp(point[3]))
    }

    /// The log-likelihood of these histories under the model (eq. 6 of the paper, summed).
    public func logLikelihood(_ customers: [PurchaseHistory]) -> Double {
        customers.reduce(0) { $0 + logLikelihood(of: $1) }
    }

    /// One history's log-likelihood, ln A₁ + ln A₂ + ln(A₃ + δ(x > 0) A₄) in the paper's terms, with the last sum
    /// taken in logs: A₃ and A₄ are each far below the smallest double for a frequent buyer.
    func logLikelihood(of history: PurchaseHistory) -> Double {
        let x = history.frequency
        let logA1 = logGamma(r + x) - logGamma(r) + r * log(alpha)
        let logA2 = logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x)
        let logA3 = -(r + x) * log(alpha + history.age)
        guard x > 0 else { return logA1 + logA2 + logA3 }
        let logA4 = log(a) - log(b + x - 1) - (r + x) * log(alpha + history.recency)
        return logA1 + logA2 + logSumExp(logA3, logA4)
    }
}

extension PurchaseHistory {
    var isValid: Bool {
        guard frequency.isFinite, recency.isFinite, age.isFinite else { return false }
        guard frequency >= 0, frequency == frequency.rounded(), recency >= 0, recency <= age else { return false }
        return frequency > 0 || recency == 0
    }
}

/// The histories of a fit, each distinct one once with its count, and each distinct age, recency and frequency
/// once: a likelihood evaluation then takes one logarithm per distinct time, one exponential per distinct repeat
/// buyer's history, and the gamma functions once per distinct frequency.
struct GroupedHistories {
    var ages: [Double] = []
    var recencies: [Double] = []
    /// Distinct repeat frequencies (x > 0).
    var frequencies: [Double] = []
    /// Customers without a repeat purchase, by age: `onceCounts[i]` of age `ages[i]`.
    var onceCounts: [Double] = []
    var repeats: [Group] = []

    struct Group {
        var frequency: Int32
        var recency: Int32
        var age: Int32
        var count: Double
    }

    init(_ customers: [PurchaseHistory]) {
        ages = Array(Set(customers.map(\.age))).sorted()
        recencies = Array(Set(customers.lazy.filter { $0.frequency > 0 }.map(\.recency))).sorted()
        frequencies = Array(Set(customers.lazy.filter { $0.frequency > 0 }.map(\.frequency))).sorted()
        let ageIndex = Dictionary(uniqueKeysWithValues: ages.enumerated().map { ($1, Int32($0)) })
        let recencyIndex = Dictionary(uniqueKeysWithValues: recencies.enumerated().map { ($1, Int32($0)) })
        let frequencyIndex = Dictionary(uniqueKeysWithValues: frequencies.enumerated().map { ($1, Int32($0)) })
        onceCounts = Array(repeating: 0, count: ages.count)
        var counts: [SIMD3<Int32>: Double] = [:]
        for history in customers {
            let age = ageIndex[history.age]!
            if history.frequency == 0 {
                onceCounts[Int(age)] += 1
            } else {
                counts[SIMD3(frequencyIndex[history.frequency]!, recencyIndex[history.recency]!, age), default: 0] += 1
            }
        }
        // Sorted, since a dictionary's order changes from run to run and the sum's rounding with it.
        repeats = counts.map { Group(frequency: $0.key.x, recency: $0.key.y, age: $0.key.z, count: $0.value) }
            .sorted { ($0.frequency, $0.age, $0.recency) < ($1.frequency, $1.age, $1.recency) }
    }

    /// The same sum as `BGNBD.logLikelihood(_:)`, term for term.
    func logLikelihood(_ model: BGNBD) -> Double {
        let (r, alpha, a, b) = (model.r, model.alpha, model.a, model.b)
        let logAlpha = log(alpha)
        let logAlphaPlusAge = ages.map { log(alpha + $0) }
        let logAlphaPlusRecency = recencies.map { log(alpha + $0) }
        let common = -logGamma(r) + r * logAlpha + logGamma(a + b) - logGamma(b)
        let logA1A2 = frequencies.map { x in
            common + logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x)
        }
        let logDropOut = frequencies.map { x in log(a) - log(b + x - 1) }

        var sum = 0.0
        for (index, count) in onceCounts.enumerated() where count > 0 {
            sum += count * r * (logAlpha - logAlphaPlusAge[index])
        }
        // ln(e^A₃ + e^A₄) = high + ln(1 + e^(low − high)). A logarithm costs two exponentials here and is most of
        // an evaluation, so the factors 1 + e^(low − high), each in (1, 2], are multiplied 512 at a time (at most
        // 2⁵¹², no overflow) and their product's logarithm taken once.
        var product = 1.0
        var factors = 0
        for group in repeats {
            let k = Int(group.frequency)
            let exponent = r + frequencies[k]
            let logA3 = -exponent * logAlphaPlusAge[Int(group.age)]
            let logA4 = logDropOut[k] - exponent * logAlphaPlusRecency[Int(group.recency)]
            let (high, low) = logA3 >= logA4 ? (logA3, logA4) : (logA4, logA3)
            sum += group.count * (logA1A2[k] + high)
            let factor = 1 + exp(low - high)
            if group.count == 1 {
                product *= factor
                factors += 1
                if factors == 512 {
                    sum += log(product)
                    (product, factors) = (1, 0)
                }
            } else {
                sum += group.count * log(factor)
            }
        }
        return sum + log(product)
    }
}

// MARK: - Predictions

extension BGNBD {
    /// The probability that a customer with this history is still active at its end (Fader, Hardie & Lee, "Computing
    /// P(alive) using the BG/NBD model", 2008). 1 without a repeat purchase: nobody drops out before one.
    public func probabilityAlive(frequency x: Double, recency: Double, age: Double) -> Double {
        guard x > 0 else { return 1 }
        // 1 / (1 + e^logOdds) rather than the ratio of powers, which overflows for a frequent buyer long gone.
        let logOdds = log(a) - log(b + x - 1) + (r + x) * log((alpha + age) / (alpha + recency))
        return 1 / (1 + exp(logOdds))
    }

    public func probabilityAlive(_ history: PurchaseHistory) -> Double {
        probabilityAlive(frequency: history.frequency, recency: history.recency, age: history.age)
    }

    /// The expected number of purchases in the next `t` time units of a customer with this history (eq. 10).
    public func expectedPurchases(in t: Double, frequency x: Double, recency: Double, age: Double) -> Double {
        let alive = probabilityAlive(frequency: x, recency: recency, age: age)
        return alive * expectedPurchasesIfActive(in: t, frequency: x, age: age)
    }

    public func expectedPurchases(in t: Double, _ history: PurchaseHistory) -> Double {
        expectedPurchases(in: t, frequency: history.frequency, recency: history.recency, age: history.age)
    }

    /// The expected number of repeat purchases in the first `t` time units after a first purchase (eq. 7): eq. 10
    /// for a customer who has only just bought.
    public func expectedPurchasesOfNewCustomer(in t: Double) -> Double {
        expectedPurchasesIfActive(in: t, frequency: 0, age: 0)
    }

    /// Eq. 10's numerator: the expected purchases in (T, T + t] of a customer known to be active at T after x
    /// repeat purchases,
    ///
    ///     c / (a − 1) · [1 − (1 − z)^(r+x) ₂F₁(r + x, b + x; c; z)],  c = a + b + x − 1,  z = t / (α + T + t).
    ///
    /// As written it is 0/0 at a = 1, near which fits often land, it loses digits as t → 0 (the bracket is
    /// 1 − (1 − O(t))), and when a < 1 + r + x its series' terms grow before they shrink, its sum overflowing
    /// for a frequent buyer as z nears 1. Euler's transformation turns the bracket into 1 − (1 − z)^ε ₂F₁(A, ε;
    /// c; z) with ε = a − 1, A = a + b − 1 − r, and ₂F₁(A, ε; c; z) = 1 + (ε / c) H with
    /// H = Σₙ≥₁ (A)ₙ (1 + ε)ₙ₋₁ / ((c + 1)ₙ₋₁ n!) zⁿ, so the whole is c (1 − (1 − z)^ε) / ε − (1 − z)^ε H: no
    /// division by a − 1, nor by c (0 for a new customer when a + b = 1), no cancellation at small t, and a sum
    /// near 1. Only when a > 2 + r + x do H's terms grow; there the formula as written is well-conditioned, a − 1
    /// being over 1, and its series' first term is split off the same way.
    private func expectedPurchasesIfActive(in t: Double, frequency x: Double, age: Double) -> Double {
        guard t > 0 else { return 0 }
        let z = t / (alpha + age + t)
        let logOneMinusZ = -log1p(t / (alpha + age))
        let c = a + b + x - 1
        let epsilon = a - 1
        if a > 2 + r + x {
            let p = r + x
            let tail = Self.hypergeometricTail(p, b + x, c, z: z, first: p * (b + x) / c * z)
            return c / epsilon * (-expm1(p * logOneMinusZ) - exp(p * logOneMinusZ) * tail)
        }
        let shape = a + b - 1 - r
        let tail = Self.hypergeometricTail(shape, epsilon, c, z: z, first: shape * z)
        let growth = epsilon == 0 ? -logOneMinusZ : -expm1(epsilon * logOneMinusZ) / epsilon
        return c * growth - exp(epsilon * logOneMinusZ) * tail
    }
}

// MARK: - Numerics

extension BGNBD {
    /// The Gaussian hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1, NaN where the series would need more
    /// than a million terms (z within about 3·10⁻⁵ of 1). Its terms behave like zⁿ n^(a+b−c−1): when c − a − b < 0
    /// they grow before they shrink and the sum grows like (1 − z)^(c−a−b), so it is then taken through Euler's
    /// transformation ₂F₁(a, b; c; z) = (1 − z)^(c−a−b) ₂F₁(c − a, c − b; c; z), whose terms shrink.
    static func hypergeometric2F1(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
        guard z > 0 else { return z == 0 ? 1 : .nan }
        if c - a - b < 0 { return pow(1 - z, c - a - b) * hypergeometric2F1(c - a, c - b, c, z) }
        return 1 + hypergeometricTail(a, b, c, z: z, first: a * b / c * z)
    }

    /// The sum of a series from its term `first` at n = 1 on, each next term the last times the hypergeometric
    /// ratio (a + n)(b + n) z / ((c + n)(n + 1)): ₂F₁(a, b; c; z) − 1 when `first` is a b z / c. NaN if it has not
    /// converged in a million terms. Convergence is geometric, like zⁿ: slow only as z nears 1, some 3,000 terms
    /// at z = 0.99 and 28,000 at 0.999, which for eq. 10 are horizons of 99 and 999 times α + T.
    static func hypergeometricTail(_ a: Double, _ b: Double, _ c: Double, z: Double, first: Double) -> Double {
        // Until n is past the parameters a factor of the terms may still change sign or nearly vanish, and the
        // ratio may still rise; from there it tends to z monotonically, so the rest of the series is at most a
        // geometric one of ratio max(|ratio|, z).
        let settled = max(1, -a, -b, -c) + 2
        var term = first
        var sum = first
        var n = 1.0
        while n < 1_000_000 {
            let ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * z
            term *= ratio
            sum += term
            if term == 0 { return sum }
            let bound = max(abs(ratio), z)
            if n >= settled, bound < 1, abs(term) * bound / (1 - bound) <= 1e-16 * abs(sum) { return sum }
            n += 1
        }
        return .nan
    }
}

/// ln(eᵘ + eᵛ) without overflow or underflow.
private func logSumExp(_ u: Double, _ v: Double) -> Double {
    let (high, low) = u >= v ? (u, v) : (v, u)
    return high + log1p(exp(low - high))
}

/// ln Γ(x) through lgamma_r: plain lgamma writes the global `signgam`, a data race when fits run concurrently.
private func logGamma(_ x: Double) -> Double { lgamma(x).0 }

/// Minimises `f` by the Nelder–Mead simplex method with the usual coefficients (reflect 1, expand 2, contract ½,
/// shrink ½), from a simplex of `start` and `start` moved by `step` along each axis. Done when the simplex is
/// within 10⁻⁷ of its best point in every coordinate (relative, on log-parameters) and its values within 10⁻¹¹
/// of the best relatively: both, since one can hold while the other is still far off on a flat or steep ridge.
private func nelderMead(
    _ f: (SIMD4<Double>) -> Double, start: SIMD4<Double>, step: Double, maxEvaluations: Int = 20_000
) -> (point: SIMD4<Double>, value: Double, converged: Bool) {
    var points = [start]
    for axis in 0..<4 {
        var point = start
        point[axis] += step
        points.append(point)
    }
    var values = points.map(f)
    var evaluations = points.count
    while evaluations < maxEvaluations {
        let order = values.indices.sorted { values[$0] < values[$1] }
        points = order.map { points[$0] }
        values = order.map { values[$0] }
        let (best, worst) = (values[0], values[4])
        let spread = points.dropFirst().reduce(0.0) { spread, point in
            let offset = point - points[0]
            return max(spread, offset.max(), -offset.min())
        }
        if spread <= 1e-7, worst - best <= 1e-11 * abs(best) { return (points[0], best, true) }

        let centroid = (points[0] + points[1] + points[2] + points[3]) / 4
        let reflected = centroid + (centroid - points[4])
        let reflectedValue = f(reflected)
        evaluations += 1
        if reflectedValue < best {
            let expanded = centroid + 2 * (centroid - points[4])
            let expandedValue = f(expanded)
            evaluations += 1
            (points[4], values[4]) =
                expandedValue < reflectedValue ? (expanded, expandedValue) : (reflected, reflectedValue)
            continue
        }
        if reflectedValue < values[3] {
            (points[4], values[4]) = (reflected, reflectedValue)
            continue
        }
        // Contract towards the better of the reflected and the worst point.
        let outside = reflectedValue < worst
        let contracted = centroid + 0.5 * ((outside ? reflected : points[4]) - centroid)
        let contractedValue = f(contracted)
        evaluations += 1
        if contractedValue < min(reflectedValue, worst) {
            (points[4], values[4]) = (contracted, contractedValue)
            continue
        }
        for index in 1...4 {
            points[index] = points[0] + 0.5 * (points[index] - points[0])
            values[index] = f(points[index])
        }
        evaluations += 4
    }
    let bestIndex = values.indices.min { values[$0] < values[$1] }!
    return (points[bestIndex], values[bestIndex], false)
}
