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
