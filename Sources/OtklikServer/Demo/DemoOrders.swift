import Foundation
import OtklikCore

/// ТехноПульс's customers and repairs over eighteen months, so that every value page tells a story: most
/// private customers come once or twice, small businesses and corporate clients keep coming (and bring most of
/// the profit), a few valuable clients are unhappy (the owner's morning list), some regulars recommend the chain
/// (advocates), some customers have drifted away. The after-repair survey answers name these orders.
enum DemoOrders {
    static let customerCount = 5_000
    /// Orders start a year before the answers do: retention, cohorts and the ladder's window have a history.
    static let historyDays = 548

    struct Plan {
        var customers: [Customer]
        var orders: [CustomerOrder]
        /// Orders (their positions in `orders`, not cancellations) placed on each day.
        var ordersByDay: [Int: [Int]]
        /// How each customer tends to feel, added to the mood of their answers.
        var mood: [Customer.ID: Double]
        var referrers: [Customer.ID]
    }

    /// Per segment: (order count weights for 1, 2, 3 … orders, mean days between orders, median amount in ₽).
    private static let habits: [Int64: (counts: [Double], interval: Double, amount: Double)] = [
        1: ([0.6, 0.3, 0.1], 150, 4_500),  // private clients: once or twice
        2: ([0.05, 0.15, 0.2, 0.2, 0.15, 0.1, 0.1, 0.05], 60, 9_000),  // small business: office computers
        3: ([0.45, 0.35, 0.2], 110, 7_000),  // gamers: upgrades
        4: ([0, 0.05, 0.1, 0.15, 0.15, 0.15, 0.1, 0.1, 0.1, 0.05, 0.05], 45, 25_000),  // corporate
        5: ([0.85, 0.15], 200, 2_500),  // students
    ]

    static func make(firstAnswerDay: Int, endDay: Int, customers: [Customer]) -> Plan {
        var random = SeededRandom(seed: 77)
        let firstDay = endDay - historyDays + 1
        var orders: [CustomerOrder] = []
        var mood: [Customer.ID: Double] = [:]
        var referrers: [Customer.ID] = []
        var number = 1_000
        for customer in customers {
            mood[customer.id] = random.normal() * 0.25
            // One in twenty-five is a contact who never bought (a subscriber, a caller who went elsewhere).
            if random.chance(0.04) { continue }
            let segment = customer.segmentId?.rawValue ?? 1
            let habit = habits[segment] ?? habits[1]!
            let count = 1 + random.weighted(habit.counts)
            let branch = RepairChainDemo.branches[random.weighted([0.32, 0.28, 0.2, 0.2])]
            var day = firstDay + Int(random.next() % UInt64(historyDays))
            for _ in 0..<count where day <= endDay {
                number += 1
                let amount = max(500, (habit.amount * exp(random.normal() * 0.55) / 10).rounded() * 10)
                let placed = TimeInterval(Int64(day) * 86_400 + Int64(7 + random.next() % 10) * 3600 + Int64(random.next() % 3600))
                let year = CivilDay.date(ofDay: day).year
                let order = CustomerOrder(
                    orderId: String(format: "TP-%d-%06d", year, number), customerId: customer.id,
                    placedAt: Date(timeIntervalSince1970: placed),
                    amount: Int64(amount) * 100, cost: Int64(amount * (0.45 + random.unit() * 0.3)) * 100,
                    lines: 1 + Int(random.next() % 3),
                    locationId: Identifier(branch))
                orders.append(order)
                // Now and then a repair is refunded a few days later: it nets out and is not an order.
                if random.chance(0.03) {
                    var refund = order
                    refund.orderId += "-R"
                    refund.amount = -order.amount
                    refund.cost = -(order.cost ?? 0)
                    refund.isCancellation = true
                    refund.placedAt = order.placedAt.addingTimeInterval(TimeInterval(86_400 * (2 + random.next() % 5)))
                    if refund.placedAt.timeIntervalSince1970 < TimeInterval((endDay + 1) * 86_400) { orders.append(refund) }
                }
                day += max(3, Int(-log(max(random.unit(), 1e-9)) * habit.interval))
            }
        }
        // The stories: a few big clients had a bad time lately; some loyal businesses recommend the chain.
        var spend: [Customer.ID: Int64] = [:]
        for order in orders { spend[order.customerId!, default: 0] += order.amount }
        let biggest = spend.sorted { $0.value > $1.value }.map(\.key)
        for (rank, customer) in biggest.prefix(300).enumerated() {
            if rank % 23 == 5 { mood[customer] = -1.3 }
            if rank % 7 == 2 { mood[customer] = 0.7 }
            if rank % 11 == 3 { referrers.append(customer) }
        }
        var byDay: [Int: [Int]] = [:]
        for (position, order) in orders.enumerated() where !order.isCancellation {
            byDay[Int(order.placedAt.timeIntervalSince1970) / 86_400, default: []].append(position)
        }
        _ = firstAnswerDay
        return Plan(customers: customers, orders: orders, ordersByDay: byDay, mood: mood, referrers: referrers)
    }

    /// The order an after-repair answer given on `day` is about: one collected that day or up to three days
    /// before, or nil when there is none.
    static func order(answeredOn day: Int, in plan: Plan, _ random: inout SeededRandom) -> CustomerOrder? {
        for back in 0...3 {
            if let candidates = plan.ordersByDay[day - back], !candidates.isEmpty {
                return plan.orders[candidates[Int(random.next() % UInt64(candidates.count))]]
            }
        }
        return nil
    }
}
