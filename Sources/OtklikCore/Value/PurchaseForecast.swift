/// Who is still a customer and how much they will buy: the BG/NBD model fitted on the customers' purchase days
/// (repeat purchases counted on distinct days, time in weeks), with the check a reader needs before trusting
/// it — the same model fitted without the last weeks, asked to forecast them, against the naive forecast (each
/// customer keeps their own past rate).
public struct PurchaseForecast: Sendable {
    /// Fitted on every purchase up to the analysis day.
    public let model: BGNBD
    public let horizonDays: Int
    /// Per customer of the analysis, in its order: the probability they are still a customer, and their expected
    /// purchases within the horizon; nil for those without purchases.
    public let customers: [Estimate?]
    public let holdout: Holdout?

    public struct Estimate: Hashable, Sendable {
        public var probabilityAlive: Double
        public var expectedPurchases: Double
    }

    /// Class A customers the model thinks have probably gone (P(alive) < ½), most valuable first.
    public func likelyLost(_ analysis: ValueAnalysis) -> [CustomerValue] {
        zip(analysis.customers, customers).filter { customer, estimate in customer.abc == .a && (estimate?.probabilityAlive ?? 1) < 0.5 }
            .map(\.0)
    }

    /// The last `days` before the analysis day held out: fitted on what came before, compared with what happened.
    public struct Holdout: Hashable, Sendable {
        public var calibrationEndDay: Int
        public var days: Int
        public var customers: Int
        /// Purchases (distinct days) the customers made in the held-out weeks.
        public var actual: Int
        public var predicted: Double
        public var naive: Double
        /// Mean absolute error per customer.
        public var modelError: Double
        public var naiveError: Double
    }

    /// Nil when there is too little to fit (no repeat purchases at all).
    public init?(_ analysis: ValueAnalysis, horizonDays: Int = 90) {
        let histories = Self.histories(analysis, before: analysis.asOfDay)
        guard let fitted = try? BGNBD.fit(histories.compactMap { $0 }) else { return nil }
        model = fitted
        self.horizonDays = horizonDays
        let weeks = Double(horizonDays) / 7
        customers = histories.map { history in
            history.map {
                Estimate(probabilityAlive: fitted.probabilityAlive($0), expectedPurchases: fitted.expectedPurchases(in: weeks, $0))
            }
        }
        holdout = Self.holdout(analysis)
    }

    /// The held-out check over the last quarter (or the last third of a shorter history).
    private static func holdout(_ analysis: ValueAnalysis) -> Holdout? {
        guard let first = analysis.firstDataDay else { return nil }
        let days = min(91, (analysis.asOfDay - first) / 3)
        guard days >= 7 else { return nil }
        let cut = analysis.asOfDay - days
        let calibration = histories(analysis, before: cut)
        guard let model = try? BGNBD.fit(calibration.compactMap { $0 }) else { return nil }
        var result = Holdout(
            calibrationEndDay: cut, days: days, customers: 0, actual: 0, predicted: 0, naive: 0, modelError: 0, naiveError: 0)
        for (position, history) in calibration.enumerated() {
            guard let history else { continue }
            let purchaseDays = analysis.purchaseDays[analysis.purchaseOffsets[position]..<analysis.purchaseOffsets[position + 1]]
            var actual = 0
            var last: Int32 = -1
            for day in purchaseDays where day >= cut && day != last {
                actual += 1
                last = day
            }
            let predicted = model.expectedPurchases(in: Double(days) / 7, history)
            let naive = history.age > 0 ? history.frequency / history.age * Double(days) / 7 : 0
            result.customers += 1
            result.actual += actual
            result.predicted += predicted
            result.naive += naive
            result.modelError += abs(predicted - Double(actual))
            result.naiveError += abs(naive - Double(actual))
        }
        guard result.customers > 0 else { return nil }
        result.modelError /= Double(result.customers)
        result.naiveError /= Double(result.customers)
        return result
    }

    /// Each customer's history of purchases before `end` in weeks, in the analysis's order; nil for those who
    /// had not bought by then.
    static func histories(_ analysis: ValueAnalysis, before end: Int) -> [PurchaseHistory?] {
        analysis.customers.indices.map { position in
            let days = analysis.purchaseDays[analysis.purchaseOffsets[position]..<analysis.purchaseOffsets[position + 1]]
            guard let first = days.first, first < end else { return nil }
            var repeats = 0
            var last = first
            for day in days where day < end && day != last {
                repeats += 1
                last = day
            }
            return PurchaseHistory(frequency: Double(repeats), recency: Double(last - first) / 7, age: Double(Int32(end) - first) / 7)
        }
    }
}
