import Foundation
import OtklikCore

/// Customers' orders and what the value analysis needs of them. A protocol of its own (not part of `Store`): a
/// deployment may keep orders elsewhere, and the contract is tested on its own
/// (Tests/OtklikStoreTests/ValueStoreContractTests.swift).
public protocol ValueStore: Sendable {
    /// Writes `orders` in one transaction, all or nothing: each customer is found by the business's own id and
    /// created the first time it is seen; an order already stored under the same order id is replaced (a file
    /// imported twice changes nothing). `StoreError.missingReference` for an unknown location or channel.
    func importOrders(_ orders: [ImportedOrder]) async throws -> OrderImportSummary
    /// Every order and cancellation, in no particular order.
    func allOrders() async throws -> [CustomerOrder]
    /// The same orders as the analysis reads them (columns, no order numbers), in no particular order: what every
    /// analysis after an import reads, so it must be fast.
    func orderFacts() async throws -> OrderFacts
    /// One customer's orders, newest first.
    func orders(of customer: Customer.ID) async throws -> [CustomerOrder]
    /// Every customer with their marks, their NPS answers (their own responses, and responses naming one of
    /// their orders) and the first day they answered or asked to be contacted, days in `timeZone`.
    func customerSignals(timeZone: TimeZone) async throws -> [CustomerSignals]
    /// Every response that has a customer, with that customer: the one it names, or else the buyer of the
    /// order it names (the metrics' customers' dimensions label responses by these), in no particular order.
    func responseCustomers() async throws -> [(response: UInt32, customer: Customer.ID)]
    /// Customers by id, those that exist, in no particular order.
    func customers(ids: [Customer.ID]) async throws -> [Customer]
    /// A page of customers by id (from `after`, exclusive), at most `limit`.
    func customers(after: Customer.ID?, limit: Int) async throws -> [Customer]
    /// Puts a mark on a customer or takes it off (`StoreError.notFound` for an unknown customer).
    func setMark(_ mark: CustomerMark, _ on: Bool, customer: Customer.ID) async throws
    func valueSettings() async throws -> ValueSettings
    func saveValueSettings(_ settings: ValueSettings) async throws
    /// A number that moves with every change of orders, marks or settings (analyses are kept until it moves).
    func valueMark() async throws -> Int64
}
