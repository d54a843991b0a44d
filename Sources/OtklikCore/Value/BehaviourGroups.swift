import Foundation

/// Buyers grouped by how they buy rather than by fixed cut-offs: k-means on four standardised traits — how often
/// (orders, on a log scale), how much at a time (average order, log), how recently, how steadily (the share of
/// months with a purchase) — each group's centre then said in words ("often, big orders, lately"). Deterministic:
/// k-means++ from a fixed seed, so the same data gives the same groups.
public struct BehaviourGroups: Sendable {
    public struct Group: Hashable, Sendable {
        /// The centre's traits that stand out (more than half a standard deviation from the average buyer).
        public var traits: [Trait]
        public var customers: [Customer.ID]
        /// The centre in the traits' own units: orders, average order (minor units), days since the last purchase,
        /// share of months with a purchase.
        public var orders: Double
        public var averageOrder: Double
        public var recencyDays: Double
        public var activeMonthsShare: Double
    }

    public enum Trait: String, Hashable, Sendable, CaseIterable {
        case frequent, rare, bigOrders = "big_orders", smallOrders = "small_orders", recent, longAgo = "long_ago", steady, occasional
    }

    /// Largest first.
    public let groups: [Group]

    /// Nil with fewer buyers than twice `k`.
    public init?(_ analysis: ValueAnalysis, k: Int = 4) {
        let buyers = analysis.customers.filter { $0.orders > 0 && $0.recencyDays != nil }
        guard buyers.count >= 2 * k, k >= 2 else { return nil }
        let raw: [[Double]] = buyers.map { customer in
            [
                log(Double(customer.orders)), log(max(1, Double(customer.averageOrderValue ?? 0) / 100)), Double(customer.recencyDays ?? 0),
                customer.activeMonthsShare ?? 0,
            ]
        }
        let dimensions = 4
        var mean = [Double](repeating: 0, count: dimensions)
        var spread = [Double](repeating: 0, count: dimensions)
        for row in raw { for d in 0..<dimensions { mean[d] += row[d] / Double(raw.count) } }
        for row in raw { for d in 0..<dimensions { spread[d] += (row[d] - mean[d]) * (row[d] - mean[d]) / Double(raw.count) } }
        spread = spread.map { $0 > 0 ? $0.squareRoot() : 1 }
        let points = raw.map { row in (0..<dimensions).map { (row[$0] - mean[$0]) / spread[$0] } }
        let assignment = Self.kMeans(points, k: k)
        var groups: [Group] = []
        for cluster in 0..<k {
            let members = assignment.indices.filter { assignment[$0] == cluster }
            guard !members.isEmpty else { continue }
            var centre = [Double](repeating: 0, count: dimensions)
            for member in members { for d in 0..<dimensions { centre[d] += points[member][d] / Double(members.count) } }
            var traits: [Trait] = []
            func say(_ value: Double, _ high: Trait, _ low: Trait) {
                if value > 0.5 { traits.append(high) } else if value < -0.5 { traits.append(low) }
            }
            say(centre[0], .frequent, .rare)
            say(centre[1], .bigOrders, .smallOrders)
            say(-centre[2], .recent, .longAgo)
            say(centre[3], .steady, .occasional)
            func average(_ value: (CustomerValue) -> Double) -> Double {
                members.reduce(0) { $0 + value(buyers[$1]) } / Double(members.count)
            }
            groups.append(
                Group(
                    traits: traits, customers: members.map { buyers[$0].customerId }, orders: average { Double($0.orders) },
                    averageOrder: average { Double($0.averageOrderValue ?? 0) }, recencyDays: average { Double($0.recencyDays ?? 0) },
                    activeMonthsShare: average { $0.activeMonthsShare ?? 0 }))
        }
        self.groups = groups.sorted { $0.customers.count > $1.customers.count }
    }

    /// Lloyd's algorithm from a k-means++ start (a fixed seed); the cluster of each point.
    static func kMeans(_ points: [[Double]], k: Int, iterations: Int = 100) -> [Int] {
        var random: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Double {
            // SplitMix64: a fixed, portable sequence.
            random &+= 0x9E37_79B9_7F4A_7C15
            var z = random
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) * 0x1.0p-53
        }
        func distance(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
        var centres = [points[Int(next() * Double(points.count)) % points.count]]
        while centres.count < k {
            let weights = points.map { point in centres.map { distance(point, $0) }.min()! }
            let total = weights.reduce(0, +)
            guard total > 0 else { break }
            var target = next() * total
            var chosen = points.count - 1
            for (index, weight) in weights.enumerated() {
                target -= weight
                if target <= 0 {
                    chosen = index
                    break
                }
            }
            centres.append(points[chosen])
        }
        var assignment = [Int](repeating: 0, count: points.count)
        for _ in 0..<iterations {
            var changed = false
            for (index, point) in points.enumerated() {
                let nearest = centres.indices.min { distance(point, centres[$0]) < distance(point, centres[$1]) }!
                if nearest != assignment[index] {
                    assignment[index] = nearest
                    changed = true
                }
            }
            for cluster in centres.indices {
                let members = points.indices.filter { assignment[$0] == cluster }
                guard !members.isEmpty else { continue }
                centres[cluster] = (0..<points[0].count).map { d in members.reduce(0) { $0 + points[$1][d] } / Double(members.count) }
            }
            if !changed { break }
        }
        return assignment
    }
}
