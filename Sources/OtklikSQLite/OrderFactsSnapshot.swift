import Foundation
import GRDB
import OtklikCore

/// Every order's facts (`OrderFacts`) in one blob of the `order_facts` table, written by each import of orders in
/// its own transaction: the analysis that follows an import reads one row instead of every order (Online Retail's
/// 29k orders: 1.3 MB copied, not 29k rows decoded). Triggers drop it when an order changes any other way, and
/// it names the largest order rowid it covers, so an order added by any other path makes it stale too; a stale or
/// missing snapshot is simply not used.
///
/// Layout, little-endian: "OF1", the number of orders n (8 bytes), the largest rowid (8 bytes), then the columns
/// one after another — customer ids, times, amounts, costs (8 bytes each), lines (4 bytes), locations (8 bytes),
/// cancellation flags (1 byte).
enum OrderFactsSnapshot {
    private static let magic: [UInt8] = Array("OF1".utf8)
    private static let header = 3 + 8 + 8
    private static let bytesPerOrder = 5 * 8 + 4 + 1

    static func write(_ facts: OrderFacts, _ db: Database) throws {
        let largestRowID = try Int64.fetchOne(db, sql: "SELECT coalesce(max(rowid), 0) FROM orders") ?? 0
        var blob = magic
        blob.reserveCapacity(header + facts.count * bytesPerOrder)
        func append<T: FixedWidthInteger>(_ values: [T]) {
            for value in values { blob.appendLittleEndian(value) }
        }
        append([Int64(facts.count), largestRowID])
        append(facts.customerIds)
        append(facts.placedAt)
        append(facts.amounts)
        append(facts.costs)
        append(facts.lines)
        append(facts.locationIds)
        blob.append(contentsOf: facts.isCancellation.map { $0 ? 1 : 0 })
        try db.execute(sql: "INSERT OR REPLACE INTO order_facts (id, facts) VALUES (1, ?)", arguments: [Data(blob)])
    }

    /// The snapshot, when there is one and it covers every order; nil otherwise.
    static func read(_ db: Database) throws -> OrderFacts? {
        guard let data = try Data.fetchOne(db, sql: "SELECT facts FROM order_facts WHERE id = 1") else { return nil }
        return try data.withUnsafeBytes { raw -> OrderFacts? in
            guard raw.count >= header, Array(raw.prefix(3)) == magic else { return nil }
            var offset = 3
            func column<T: FixedWidthInteger>(_: T.Type, _ n: Int) -> [T] {
                let values = (0..<n).map {
                    T(littleEndian: raw.loadUnaligned(fromByteOffset: offset + $0 * MemoryLayout<T>.size, as: T.self))
                }
                offset += n * MemoryLayout<T>.size
                return values
            }
            let counts = column(Int64.self, 2)
            let n = Int(counts[0])
            guard n >= 0, raw.count == header + n * bytesPerOrder,
                counts[1] == (try Int64.fetchOne(db, sql: "SELECT coalesce(max(rowid), 0) FROM orders") ?? 0)
            else { return nil }
            let (customers, times, amounts, costs) = (
                column(Int64.self, n), column(Int64.self, n), column(Int64.self, n), column(Int64.self, n)
            )
            let (lines, locations) = (column(Int32.self, n), column(Int64.self, n))
            let cancellations = column(UInt8.self, n).map { $0 != 0 }
            return OrderFacts(
                customerIds: customers, placedAt: times, amounts: amounts, costs: costs, isCancellation: cancellations, lines: lines,
                locationIds: locations)
        }
    }
}
