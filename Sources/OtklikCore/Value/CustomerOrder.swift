import Foundation

/// One order (or one cancellation) of a customer, as the value analysis sees it: a file's lines of the same
/// order id summed. Cancellations are separate records with a negative amount — they net out against sales and
/// are never counted as orders.
public struct CustomerOrder: Hashable, Sendable, Codable {
    /// The business's own order (invoice) number; unique. Responses name it to say which order they are about.
    public var orderId: String
    /// Nil for an order nobody is known for (counted and reported, never attributed).
    public var customerId: Customer.ID?
    /// When it was placed: the earliest of its lines.
    public var placedAt: Date
    /// Net amount in minor units.
    public var amount: Int64
    /// What it cost the business, in minor units, when the file said (a cost column, or margins per product);
    /// nil: the organisation's default margin applies.
    public var cost: Int64?
    public var isCancellation: Bool
    /// Lines of the file it was made of.
    public var lines: Int
    public var locationId: Location.ID?
    public var channelId: Channel.ID?

    public init(
        orderId: String, customerId: Customer.ID?, placedAt: Date, amount: Int64, cost: Int64? = nil,
        isCancellation: Bool = false, lines: Int = 1, locationId: Location.ID? = nil, channelId: Channel.ID? = nil
    ) {
        self.orderId = orderId
        self.customerId = customerId
        self.placedAt = placedAt
        self.amount = amount
        self.cost = cost
        self.isCancellation = isCancellation
        self.lines = lines
        self.locationId = locationId
        self.channelId = channelId
    }
}

/// An order as an import hands it to the store: its customer named by the business's own id, which the store
/// resolves (creating a customer the first time an id is seen).
public struct ImportedOrder: Hashable, Sendable {
    public var order: CustomerOrder
    public var customerExternalId: String?

    public init(order: CustomerOrder, customerExternalId: String?) {
        self.order = order
        self.customerExternalId = customerExternalId
    }
}

/// What an import of orders did.
public struct OrderImportSummary: Hashable, Sendable, Codable {
    public var ordersAdded = 0
    /// Orders already stored under the same order id, replaced by the file's version.
    public var ordersReplaced = 0
    public var customersAdded = 0

    public init(ordersAdded: Int = 0, ordersReplaced: Int = 0, customersAdded: Int = 0) {
        self.ordersAdded = ordersAdded
        self.ordersReplaced = ordersReplaced
        self.customersAdded = customersAdded
    }
}

/// Every order of a business as the value analysis reads them: one array per field, and no order numbers or
/// channels (the analysis needs neither). Reading 29k orders into records — a string and a dozen fields each,
/// copied as they were gathered — took longer than computing everything from them.
public struct OrderFacts: Sendable, Hashable {
    /// The customer of each order; 0 for an order nobody is known for.
    public private(set) var customerIds: [Int64] = []
    /// Unix seconds, rounded down.
    public private(set) var placedAt: [Int64] = []
    /// Net amounts in minor units.
    public private(set) var amounts: [Int64] = []
    /// Known costs in minor units; `unknownCost` where the organisation's default margin applies.
    public private(set) var costs: [Int64] = []
    public private(set) var isCancellation: [Bool] = []
    public private(set) var lines: [Int32] = []
    /// 0 for an order with no location.
    public private(set) var locationIds: [Int64] = []

    public static let unknownCost = Int64.min

    public var count: Int { amounts.count }

    public init() {}

    /// From its columns, all of one length.
    public init(
        customerIds: [Int64], placedAt: [Int64], amounts: [Int64], costs: [Int64], isCancellation: [Bool], lines: [Int32],
        locationIds: [Int64]
    ) {
        let n = amounts.count
        precondition(
            [customerIds.count, placedAt.count, costs.count, isCancellation.count, lines.count, locationIds.count].allSatisfy { $0 == n },
            "columns of one length")
        (self.customerIds, self.placedAt, self.amounts, self.costs) = (customerIds, placedAt, amounts, costs)
        (self.isCancellation, self.lines, self.locationIds) = (isCancellation, lines, locationIds)
    }

    public init(_ orders: some Sequence<CustomerOrder>) {
        for order in orders {
            append(
                customerId: order.customerId?.rawValue ?? 0, placedAt: Int64(order.placedAt.timeIntervalSince1970.rounded(.down)),
                amount: order.amount, cost: order.cost, isCancellation: order.isCancellation, lines: order.lines,
                locationId: order.locationId?.rawValue ?? 0)
        }
    }

    public mutating func append(
        customerId: Int64, placedAt: Int64, amount: Int64, cost: Int64?, isCancellation: Bool, lines: Int, locationId: Int64
    ) {
        customerIds.append(customerId)
        self.placedAt.append(placedAt)
        amounts.append(amount)
        costs.append(cost ?? Self.unknownCost)
        self.isCancellation.append(isCancellation)
        self.lines.append(Int32(clamping: lines))
        locationIds.append(locationId)
    }

    /// The orders at these locations (a manager's).
    public func at(locations: Set<Int64>) -> OrderFacts {
        let kept = (0..<count).filter { locations.contains(locationIds[$0]) }
        func pick<T>(_ column: [T]) -> [T] { kept.map { column[$0] } }
        return OrderFacts(
            customerIds: pick(customerIds), placedAt: pick(placedAt), amounts: pick(amounts), costs: pick(costs),
            isCancellation: pick(isCancellation), lines: pick(lines), locationIds: pick(locationIds))
    }
}
