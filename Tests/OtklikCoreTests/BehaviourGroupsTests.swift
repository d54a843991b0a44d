import Foundation
import OtklikCore
import Testing

/// k-means groups of buyers: clearly different habits come apart, each group said in words, the same every time.
@Suite struct BehaviourGroupsTests {
    static let london = TimeZone(identifier: "Europe/London")!
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    /// 20 customers who bought small every fortnight for a year, 20 who bought big once, a year ago.
    static func analysis() -> (ValueAnalysis, frequent: Set<Customer.ID>, rare: Set<Customer.ID>) {
        var orders: [CustomerOrder] = []
        var frequent = Set<Customer.ID>()
        var rare = Set<Customer.ID>()
        for index in 1...40 {
            let customer = Customer.ID(Int64(index))
            if index <= 20 {
                frequent.insert(customer)
                for order in 0..<26 {
                    orders.append(
                        CustomerOrder(
                            orderId: "F\(index)-\(order)", customerId: customer,
                            placedAt: start.addingTimeInterval(Double(order * 14 + index % 3) * 86_400), amount: 500_00 + Int64(index) * 100
                        ))
                }
            } else {
                rare.insert(customer)
                orders.append(
                    CustomerOrder(
                        orderId: "R\(index)", customerId: customer, placedAt: start.addingTimeInterval(Double(index % 5) * 86_400),
                        amount: 90_000_00 + Int64(index) * 1_000))
            }
        }
        let signals = (1...40).map { CustomerSignals(customerId: Customer.ID(Int64($0)), key: String(format: "C%02d", $0)) }
        return (ValueAnalysis(orders: orders, customers: signals, settings: ValueSettings(), timeZone: london, today: 0), frequent, rare)
    }

    @Test func differentHabitsComeApartAndAreSaidInWords() throws {
        let (analysis, frequent, rare) = Self.analysis()
        let groups = try #require(BehaviourGroups(analysis, k: 2))
        #expect(groups.groups.count == 2)
        let byMembers = Dictionary(uniqueKeysWithValues: groups.groups.map { (Set($0.customers), $0) })
        let often = try #require(byMembers[frequent], "the frequent buyers are one group")
        let once = try #require(byMembers[rare], "the one-time big buyers are the other")
        #expect(often.traits.contains(.frequent) && often.traits.contains(.smallOrders) && often.traits.contains(.recent))
        #expect(once.traits.contains(.rare) && once.traits.contains(.bigOrders) && once.traits.contains(.longAgo))
        #expect(often.orders == 26 && once.orders == 1)
    }

    @Test func theSameDataGivesTheSameGroups() throws {
        let (analysis, _, _) = Self.analysis()
        let first = try #require(BehaviourGroups(analysis, k: 3))
        let second = try #require(BehaviourGroups(analysis, k: 3))
        #expect(first.groups == second.groups)
        #expect(first.groups.reduce(0) { $0 + $1.customers.count } == 40, "every buyer in one group")
    }

    @Test func tooFewBuyersMakeNoGroups() {
        let (analysis, _, _) = Self.analysis()
        #expect(BehaviourGroups(analysis, k: 25) == nil)
    }
}
