import Foundation
import GRDB
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikSQLite

/// The SQLite store's snapshot of the orders' facts (`OrderFactsSnapshot`): read instead of every order while it
/// covers them all, and never once anything changed them another way.
@Suite("Order facts snapshot")
struct OrderFactsSnapshotTests {
    /// The orders' facts read row by row, sorted (a snapshot and the table may list them in different orders).
    static func table(_ store: SQLiteStore) async throws -> [String] {
        rows(try await store.writer.read { db in try SQLiteStore.orderFacts(db) })
    }

    static func rows(_ facts: OrderFacts) -> [String] {
        (0..<facts.count).map { i in
            "\(facts.customerIds[i]) \(facts.placedAt[i]) \(facts.amounts[i]) \(facts.costs[i]) \(facts.isCancellation[i]) \(facts.lines[i]) \(facts.locationIds[i])"
        }.sorted()
    }

    static func snapshotExists(_ store: SQLiteStore) async throws -> Bool {
        try await store.writer.read { db in try OrderFactsSnapshot.read(db) != nil }
    }

    @Test func theSnapshotFollowsImportsAndIsDroppedByAnyOtherChange() async throws {
        let store = SQLiteStore(try AppDatabase.inMemory())
        let branch = try await store.save(Location(id: Identifier(0), name: "Тверская", kind: .branch))
        _ = try await store.importOrders([
            ValueStoreContractTests.order("1", "A", amount: 1_000, at: 1_710_000_000, cost: 400, lines: 3, location: branch.id.rawValue),
            ValueStoreContractTests.order("2", "B", amount: -250, at: 1_710_086_400, cancellation: true, lines: 1),
            ValueStoreContractTests.order("3", nil, amount: 99, at: 1_710_000_000.5, lines: 2),
        ])
        #expect(try await Self.snapshotExists(store), "an import writes it")
        let facts = try await store.orderFacts()
        #expect(facts.count == 3)
        #expect(try await Self.rows(facts) == Self.table(store))

        // A second import replaces an order and adds one: the snapshot is written again and says the same as the table.
        _ = try await store.importOrders([
            ValueStoreContractTests.order("1", "A", amount: 2_000, at: 1_710_000_000, lines: 1),
            ValueStoreContractTests.order("4", "C", amount: 5, at: 1_710_000_000, lines: 1),
        ])
        #expect(try await Self.snapshotExists(store))
        #expect(try await Self.rows(store.orderFacts()) == Self.table(store))

        // A removed location sets the orders' location to none (ON DELETE SET NULL): the snapshot goes.
        _ = try await store.importOrders([
            ValueStoreContractTests.order("5", "A", amount: 7, at: 1_710_000_000, lines: 1, location: branch.id.rawValue)
        ])
        try await store.delete(Location.self, id: branch.id.rawValue)
        #expect(try await !Self.snapshotExists(store))
        let afterRemoval = try await store.orderFacts()
        #expect(try await Self.rows(afterRemoval) == Self.table(store))
        #expect(!afterRemoval.locationIds.contains(branch.id.rawValue))

        // An order written by any other path: the snapshot no longer covers the largest rowid, and is not used.
        _ = try await store.importOrders([ValueStoreContractTests.order("6", "A", amount: 1, at: 1_710_000_000, lines: 1)])
        try await store.writer.write { db in
            try db.execute(
                sql: "INSERT INTO orders (order_id, placed_at, amount, cancellation, lines) VALUES ('by-hand', 1710000000, 42, 0, 1)")
        }
        #expect(try await !Self.snapshotExists(store))
        let withHandWritten = try await store.orderFacts()
        #expect(withHandWritten.amounts.contains(42))
        #expect(try await Self.rows(withHandWritten) == Self.table(store))
    }
}
