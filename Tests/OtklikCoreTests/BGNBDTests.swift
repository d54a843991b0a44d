import Foundation
import Testing

@testable import OtklikCore

@Suite struct BGNBDTests {
    // MARK: - The paper's data

    /// CDNOW's 2,357 customers (weeks), as `lifetimes` ships them; scripts/test fetches the file and names it.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["OTKLIK_CDNOW_SUMMARY"] != nil))
    func cdnowReproducesThePaper() throws {
        let customers = try cdnowSummary(at: ProcessInfo.processInfo.environment["OTKLIK_CDNOW_SUMMARY"]!)
        #expect(customers.count == 2357)
        let model = try BGNBD.fit(customers)

        // Fader, Hardie & Lee (2005), table 1, to the three decimals published.
        #expect(abs(model.r - 0.243) < 5e-4, "\(model)")
        #expect(abs(model.alpha - 4.414) < 5e-4, "\(model)")
        #expect(abs(model.a - 0.793) < 5e-4, "\(model)")
        #expect(abs(model.b - 2.426) < 5e-4, "\(model)")
        // The paper's −9582.4; lifetimes 0.11.3 (scipy's BFGS) finds the same maximum to 8 digits.
        #expect(abs(model.logLikelihood(customers) - -9582.425_56) < 1e-4)
        let lifetimes = BGNBD(r: 0.242_592_93, alpha: 4.413_532_27, a: 0.792_885_97, b: 2.425_752_38)
        #expect(abs(model.r / lifetimes.r - 1) < 1e-5 && abs(model.alpha / lifetimes.alpha - 1) < 1e-5)
        #expect(abs(model.a / lifetimes.a - 1) < 1e-5 && abs(model.b / lifetimes.b - 1) < 1e-5)

        // Hardie's spreadsheet, as lifetimes' tests quote it: the paper's customer (2 repeat purchases, the last
        // in week 30.43 of 38.86) buys 1.226 times in the next 39 weeks, and a new customer 0.0078, 0.0532, …
        // times in the weeks listed.
        #expect(abs(model.expectedPurchases(in: 39, frequency: 2, recency: 30.43, age: 38.86) - 1.226) < 5e-4)
        let newCustomer: [(weeks: Double, purchases: Double)] = [
            (0.1429, 0.0078), (1, 0.0532), (3, 0.1506), (31.8571, 1.0405), (32, 1.0437), (78, 1.8576),
        ]
        for (weeks, purchases) in newCustomer {
            #expect(abs(model.expectedPurchasesOfNewCustomer(in: weeks) - purchases) < 5e-4, "\(weeks) weeks")
        }

        // lifetimes 0.11.3 with its own fit: P(alive), and the purchases expected in 39 weeks and in 1.
        let predictions: [(x: Double, recency: Double, age: Double, alive: Double, in39: Double, in1: Double)] = [
            (0, 0, 38.86, 1, 0.194_780_857_9, 0.005_586_351_3),
            (1, 1.71, 38.86, 0.212_227_388_1, 0.203_250_624_3, 0.006_064_650_6),
            (2, 30.43, 38.86, 0.726_609_136_8, 1.225_910_424_2, 0.037_443_193_3),
            (5, 10, 38.86, 0.024_814_995_4, 0.094_477_259_6, 0.002_985_643_4),
            (29, 38.43, 38.86, 0.966_279_083_7, 19.678_074_166_2, 0.647_430_964_3),
        ]
        for p in predictions {
            let history = PurchaseHistory(frequency: p.x, recency: p.recency, age: p.age)
            #expect(abs(model.probabilityAlive(history) / p.alive - 1) < 1e-5, "\(history)")
            #expect(abs(model.expectedPurchases(in: 39, history) / p.in39 - 1) < 1e-5, "\(history)")
            #expect(abs(model.expectedPurchases(in: 1, history) / p.in1 - 1) < 1e-5, "\(history)")
        }
    }

    // MARK: - Simulated customers

    /// 4,000 customers of known parameters, in days as the product counts them: the fit finds the parameters
    /// within four standard deviations of the estimates (measured over 20 samples like this one: 2.7% for r,
    /// 4.2% for α, 7% for a, 11% for b, 1.8% for a new customer's purchases in a year).
    @Test func recoversSimulatedParameters() throws {
        let truth = BGNBD(r: 0.5, alpha: 20, a: 0.8, b: 3)
        var random = SplitMix64(seed: 2005)
        let customers = (0..<4000).map { _ in
            let age = Double(Int.random(in: 364...728, using: &random))
            let history = random.customer(of: truth, age: age, horizon: 0).history
            return PurchaseHistory(frequency: history.frequency, recency: history.recency.rounded(.down), age: age)
        }
        let model = try BGNBD.fit(customers)
        #expect(abs(model.r / truth.r - 1) < 4 * 0.027, "\(model)")
        #expect(abs(model.alpha / truth.alpha - 1) < 4 * 0.042, "\(model)")
        #expect(abs(model.a / truth.a - 1) < 4 * 0.07, "\(model)")
        #expect(abs(model.b / truth.b - 1) < 4 * 0.11, "\(model)")
        let year = truth.expectedPurchasesOfNewCustomer(in: 365)
        #expect(abs(model.expectedPurchasesOfNewCustomer(in: 365) / year - 1) < 4 * 0.018, "\(model)")

        // A maximum: above the truth, and above every nearby point.
        let best = model.logLikelihood(customers)
        #expect(best >= truth.logLikelihood(customers))
        for factor in [0.99, 1.01] {
            for nearby in [
                BGNBD(r: model.r * factor, alpha: model.alpha, a: model.a, b: model.b),
                BGNBD(r: model.r, alpha: model.alpha * factor, a: model.a, b: model.b),
                BGNBD(r: model.r, alpha: model.alpha, a: model.a * factor, b: model.b),
                BGNBD(r: model.r, alpha: model.alpha, a: model.a, b: model.b * factor),
            ] {
                #expect(nearby.logLikelihood(customers) < best, "\(nearby)")
            }
        }
    }

    /// Weeks or days: the same customers give the same model, α in the unit's scale.
    @Test func fitDoesNotDependOnTheTimeUnit() throws {
        var random = SplitMix64(seed: 7)
        let truth = BGNBD(r: 0.3, alpha: 30, a: 0.7, b: 2.5)
        let days = (0..<1500).map { _ in
            random.customer(of: truth, age: Double(Int.random(in: 200...400, using: &random)), horizon: 0).history
        }
        let weeks = days.map { PurchaseHistory(frequency: $0.frequency, recency: $0.recency / 7, age: $0.age / 7) }
        let inDays = try BGNBD.fit(days)
        let inWeeks = try BGNBD.fit(weeks)
        #expect(abs(inWeeks.r / inDays.r - 1) < 1e-5)
        #expect(abs(inWeeks.alpha * 7 / inDays.alpha - 1) < 1e-5)
        #expect(abs(inWeeks.a / inDays.a - 1) < 1e-5)
        #expect(abs(inWeeks.b / inDays.b - 1) < 1e-5)
        let history = days[0]
        #expect(abs(inDays.probabilityAlive(history) - inWeeks.probabilityAlive(weeks[0])) < 1e-5)
    }

    /// P(alive) and eq. 10 against what simulated customers then did: averaged over the customers with the
    /// same number of repeat purchases, the predictions must match the share still active at the end of
    /// observation and the purchases made in the 39 weeks after (the mean of a conditional expectation is the
    /// expectation), within four standard errors.
    @Test func predictionsMatchWhatSimulatedCustomersDid() {
        let model = BGNBD(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)
        var random = SplitMix64(seed: 1)
        var buckets: [Int: (alive: [Double], aliveResidual: [Double], future: [Double])] = [:]
        for _ in 0..<60_000 {
            let simulated = random.customer(of: model, age: Double.random(in: 27...39, using: &random), horizon: 39)
            let history = simulated.history
            let bucket = min(Int(history.frequency), 6)
            let alive = model.probabilityAlive(history)
            let expected = model.expectedPurchases(in: 39, history)
            buckets[bucket, default: ([], [], [])].alive.append(alive)
            buckets[bucket, default: ([], [], [])].aliveResidual.append((simulated.isActive ? 1 : 0) - alive)
            buckets[bucket, default: ([], [], [])].future.append(Double(simulated.futurePurchases) - expected)
        }
        #expect(buckets.keys.sorted() == Array(0...6))
        for (bucket, values) in buckets.sorted(by: { $0.key < $1.key }) {
            let (meanAlive, aliveError) = meanAndStandardError(values.aliveResidual)
            #expect(abs(meanAlive) < 4 * aliveError + 1e-12, "frequency \(bucket): \(meanAlive) ± \(aliveError)")
            let (meanFuture, futureError) = meanAndStandardError(values.future)
            #expect(abs(meanFuture) < 4 * futureError, "frequency \(bucket): \(meanFuture) ± \(futureError)")
            if bucket == 0 { #expect(values.alive.allSatisfy { $0 == 1 }) }
        }
    }

    /// Eq. 7 against its definition, E over p ~ beta(a, b) and λ ~ gamma(r, α) of (1 − e^(−λpt)) / p, the λ
    /// integral done in closed form and the p one by the midpoint rule (no hypergeometric function involved);
    /// for a < 1 (the usual fit, Euler's transformation), a = 1 (where the formula is 0/0) and a > 2 + r (the
    /// series as written).
    @Test(arguments: [
        BGNBD(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426), BGNBD(r: 0.243, alpha: 4.414, a: 1, b: 2.426),
        BGNBD(r: 0.5, alpha: 10, a: 3, b: 5), BGNBD(r: 2, alpha: 3, a: 0.3, b: 2.5),
    ])
    func newCustomerPurchasesMatchTheIntegral(model: BGNBD) {
        for t in [0.5, 39, 520] {
            let closed = model.expectedPurchasesOfNewCustomer(in: t)
            let integral = newCustomerPurchasesByQuadrature(model, t)
            #expect(abs(closed / integral - 1) < 1e-6, "\(model) t \(t): \(closed) vs \(integral)")
        }
    }

    /// Values from mpmath at 40 digits, where the formulas need care: a = 1, a + b = 1 (0/0 for a new
    /// customer), a > 2 + r, a horizon of 22,000 α (z = 0.999 96), 100 repeat purchases, t → 0.
    @Test func predictionsMatchHighPrecisionValues() {
        let paper = BGNBD(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)
        let cases: [(model: BGNBD, t: Double, x: Double, recency: Double, age: Double, expected: Double)] = [
            (paper, 39, 2, 30.43, 38.86, 1.226_028_174_767_14),
            (paper, 100_000, 0, 0, 0, 29.607_861_654_555),
            (paper, 3000, 100, 290, 300, 255.382_161_086_232),
            (paper, 0.01, 3, 5, 6, 0.002_493_470_684_180_29),
            (BGNBD(r: 0.243, alpha: 4.414, a: 1, b: 2.426), 39, 2, 30.43, 38.86, 1.102_136_786_039_96),
            (BGNBD(r: 0.243, alpha: 4.414, a: 1, b: 2.426), 39, 0, 0, 0, 1.084_279_010_591_52),
            (BGNBD(r: 0.5, alpha: 10, a: 3, b: 5), 39, 0, 0, 0, 1.014_297_682_232_06),
            (BGNBD(r: 0.5, alpha: 10, a: 3, b: 5), 39, 0, 0, 38.86, 0.329_297_803_696_936),
            (BGNBD(r: 0.8, alpha: 4, a: 0.5, b: 0.5), 39, 0, 0, 0, 2.545_552_925_785_4),
        ]
        for c in cases {
            let value = c.model.expectedPurchases(in: c.t, frequency: c.x, recency: c.recency, age: c.age)
            #expect(abs(value / c.expected - 1) < 1e-10, "\(c)")
        }
        #expect(abs(paper.probabilityAlive(frequency: 2, recency: 30.43, age: 38.86) - 0.726_578_570_080_673) < 1e-13)
        #expect(abs(paper.probabilityAlive(frequency: 100, recency: 290, age: 300) - 0.818_018_098_378_029) < 1e-13)
        #expect(paper.probabilityAlive(frequency: 0, recency: 0, age: 300) == 1)
        #expect(paper.expectedPurchases(in: 0, frequency: 2, recency: 30.43, age: 38.86) == 0)
    }

    @Test func hypergeometricSeriesMatchesClosedForms() {
        for z in [0.001, 0.3, 0.9, 0.999] {
            // ₂F₁(1, 1; 2; z) = −ln(1 − z) / z; ₂F₁(a, b; b; z) = (1 − z)^−a (c − a − b < 0: Euler's side).
            #expect(abs(BGNBD.hypergeometric2F1(1, 1, 2, z) / (-log1p(-z) / z) - 1) < 1e-13, "\(z)")
            #expect(abs(BGNBD.hypergeometric2F1(2.5, 0.7, 0.7, z) / pow(1 - z, -2.5) - 1) < 1e-12, "\(z)")
            // ₂F₁(½, ½; 3/2; z²) = arcsin(z) / z.
            #expect(abs(BGNBD.hypergeometric2F1(0.5, 0.5, 1.5, z * z) / (asin(z) / z) - 1) < 1e-13, "\(z)")
        }
        // mpmath: ₂F₁(r + x, b + x; a + b + x − 1; z) of the paper's parameters and x = 2.
        #expect(abs(BGNBD.hypergeometric2F1(2.243, 4.426, 4.219, 0.5) / 5.161_693_901_383_613 - 1) < 1e-13)
        #expect(abs(BGNBD.hypergeometric2F1(2.243, 4.426, 4.219, 0.9) / 248.868_902_206_231_6 - 1) < 1e-12)
        #expect(abs(BGNBD.hypergeometric2F1(0.243, 2.426, 2.219, 0.999) / 11.096_504_288_680_494 - 1) < 1e-12)
        #expect(BGNBD.hypergeometric2F1(1, 1, 2, 0) == 1)
    }

    // MARK: - Likelihood and refusals

    @Test func groupedLikelihoodIsTheSumOverCustomers() {
        let model = BGNBD(r: 0.4, alpha: 12, a: 0.9, b: 2)
        var random = SplitMix64(seed: 3)
        var customers = (0..<500).map { _ in
            random.customer(of: model, age: Double(Int.random(in: 30...90, using: &random)), horizon: 0).history
        }
        customers += customers.prefix(100)
        let sum = customers.reduce(0) { $0 + model.logLikelihood([$1]) }
        #expect(abs(GroupedHistories(customers).logLikelihood(model) / sum - 1) < 1e-12)
        #expect(abs(model.logLikelihood(customers) / sum - 1) < 1e-12)
        // A customer without a repeat purchase: ln(α / (α + T))^r, with no drop-out term.
        let once = PurchaseHistory(frequency: 0, recency: 0, age: 40)
        #expect(abs(model.logLikelihood([once]) - model.r * log(model.alpha / (model.alpha + 40))) < 1e-12)
    }

    @Test func refusesWhatItCannotFit() {
        #expect(throws: BGNBD.FitError.noCustomers) { try BGNBD.fit([]) }
        let once = PurchaseHistory(frequency: 0, recency: 0, age: 10)
        #expect(throws: BGNBD.FitError.noRepeatPurchases) { try BGNBD.fit([once, once]) }
        for bad in [
            PurchaseHistory(frequency: 1.5, recency: 2, age: 10), PurchaseHistory(frequency: -1, recency: 0, age: 10),
            PurchaseHistory(frequency: 2, recency: 12, age: 10), PurchaseHistory(frequency: 0, recency: 3, age: 10),
            PurchaseHistory(frequency: 1, recency: 2, age: .infinity),
        ] {
            #expect(throws: BGNBD.FitError.invalidHistory(index: 1, bad)) { try BGNBD.fit([once, bad]) }
        }
        // NaN is equal to nothing, the error holding it included.
        let error = #expect(throws: BGNBD.FitError.self) {
            try BGNBD.fit([once, PurchaseHistory(frequency: .nan, recency: 3, age: 10)])
        }
        guard case .invalidHistory(index: 1, _)? = error else {
            Issue.record("\(String(describing: error))")
            return
        }
    }

    @Test func roundTripsThroughJSON() throws {
        let model = BGNBD(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)
        #expect(try JSONDecoder().decode(BGNBD.self, from: JSONEncoder().encode(model)) == model)
    }
}

// MARK: - Helpers

/// The summary CSV of lifetimes (ID,frequency,recency,T), read by its header.
private func cdnowSummary(at path: String) throws -> [PurchaseHistory] {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)
    let header = lines[0].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    let columns = ["frequency", "recency", "T"].map { name in header.firstIndex(of: name)! }
    return lines.dropFirst().map { line in
        let cells = line.split(separator: ",", omittingEmptySubsequences: false)
        let values = columns.map { Double(cells[$0].trimmingCharacters(in: .whitespaces))! }
        return PurchaseHistory(frequency: values[0], recency: values[1], age: values[2])
    }
}

private func meanAndStandardError(_ values: [Double]) -> (mean: Double, standardError: Double) {
    let n = Double(values.count)
    let mean = values.reduce(0, +) / n
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    return (mean, (variance / n).squareRoot())
}

/// E[X(t)] = ∫ (1 − (α / (α + pt))^r) / p · beta(p; a, b) dp with p = u^(2/a), which turns p^(a−1) dp into
/// (2/a) u du and leaves nothing singular at 0; b ≥ 1 keeps the other end smooth.
private func newCustomerPurchasesByQuadrature(_ model: BGNBD, _ t: Double) -> Double {
    let (r, alpha, a, b) = (model.r, model.alpha, model.a, model.b)
    let logBeta = lgamma(a).0 + lgamma(b).0 - lgamma(a + b).0
    let steps = 20_000
    var sum = 0.0
    for step in 0..<steps {
        let u = (Double(step) + 0.5) / Double(steps)
        let p = pow(u, 2 / a)
        let given = -expm1(-r * log1p(p * t / alpha)) / p
        sum += u * given * pow(1 - p, b - 1)
    }
    return sum / Double(steps) * (2 / a) / exp(logBeta)
}

/// SplitMix64 (Steele, Lea & Flood 2014): a seeded generator, so the simulated customers are the same on every
/// machine and every run.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1), never 0, so its logarithm is finite.
    mutating func unit() -> Double { (Double(next() >> 11) + 0.5) * 0x1.0p-53 }

    mutating func normal() -> Double { (-2 * log(unit())).squareRoot() * cos(2 * .pi * unit()) }

    /// Gamma(shape, 1) by Marsaglia & Tsang (2000), boosted for shape < 1 by U^(1/shape).
    mutating func gamma(_ shape: Double) -> Double {
        if shape < 1 { return gamma(shape + 1) * pow(unit(), 1 / shape) }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            if log(unit()) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }

    mutating func beta(_ a: Double, _ b: Double) -> Double {
        let x = gamma(a)
        return x / (x + gamma(b))
    }

    /// One customer of the model, watched for `age` after their first purchase and then `horizon` more: their
    /// history, whether they were still active at its end, and their purchases in the horizon after it.
    mutating func customer(
        of model: BGNBD, age: Double, horizon: Double
    ) -> (history: PurchaseHistory, isActive: Bool, futurePurchases: Int) {
        let rate = gamma(model.r) / model.alpha
        let dropOut = beta(model.a, model.b)
        var time = 0.0
        var frequency = 0.0
        var recency = 0.0
        var future = 0
        while true {
            time += -log(unit()) / rate
            if time > age + horizon { break }
            if time <= age {
                frequency += 1
                recency = time
            } else {
                future += 1
            }
            // Nobody drops out after the first purchase, only after each repeat one.
            if unit() < dropOut {
                return (PurchaseHistory(frequency: frequency, recency: recency, age: age), time > age, future)
            }
        }
        return (PurchaseHistory(frequency: frequency, recency: recency, age: age), true, future)
    }
}
