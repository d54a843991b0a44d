import Foundation
import GRDB
import GRDBSQLite
import OtklikCore
import OtklikStore

extension SQLiteStore: ValueStore {
    public func importOrders(_ orders: [ImportedOrder]) async throws -> OrderImportSummary {
        try await writer.write { db in
            var summary = OrderImportSummary()
            var customerIds: [String: Int64] = [:]
            let findCustomer = try db.makeStatement(sql: "SELECT id FROM customers WHERE external_id = ?")
            let addCustomer = try db.makeStatement(sql: "INSERT INTO customers (external_id) VALUES (?)")
            let exists = try db.makeStatement(sql: "SELECT 1 FROM orders WHERE order_id = ?")
            let write = try db.makeStatement(
                sql: """
                    INSERT OR REPLACE INTO orders
                        (order_id, customer_id, placed_at, amount, cost, cancellation, lines, location_id, channel_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            // Into an empty table only an order given twice in this import is replaced: no lookup per order.
            let hadOrders = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM orders)") ?? false
            var written = Set<String>()
            for imported in orders {
                var customer = imported.order.customerId?.rawValue
                if customer == nil, let external = imported.customerExternalId {
                    if let known = customerIds[external] {
                        customer = known
                    } else if let found = try Int64.fetchOne(findCustomer, arguments: [external]) {
                        customer = found
                    } else {
                        try addCustomer.execute(arguments: [external])
                        customer = db.lastInsertedRowID
                        summary.customersAdded += 1
                    }
                    customerIds[external] = customer
                }
                let order = imported.order
                let storedBefore = hadOrders ? try Bool.fetchOne(exists, arguments: [order.orderId]) == true : false
                if !written.insert(order.orderId).inserted || storedBefore {
                    summary.ordersReplaced += 1
                } else {
                    summary.ordersAdded += 1
                }
                do {
                    try write.execute(arguments: [
                        order.orderId, customer, order.placedAt.timeIntervalSince1970, order.amount, order.cost,
                        order.isCancellation, order.lines, order.locationId?.rawValue, order.channelId?.rawValue,
                    ])
                } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
                    throw try Self.missingOrderReference(db, order, customer: customer)
                }
            }
            if !orders.isEmpty {
                try Self.markValueChanged(db)
                try OrderFactsSnapshot.write(try Self.orderFacts(db), db)
            }
            return summary
        }
    }

    /// Which reference of a refused order does not exist.
    private static func missingOrderReference(_ db: Database, _ order: CustomerOrder, customer: Int64?) throws -> StoreError {
        if let customer, !(try exists(db, "customers", customer)) { return .missingReference(field: "customer_id", id: customer) }
        if let location = order.locationId, !(try exists(db, "locations", location.rawValue)) {
            return .missingReference(field: "location_id", id: location.rawValue)
        }
        return .missingReference(field: "channel_id", id: order.channelId?.rawValue ?? 0)
    }

    public func allOrders() async throws -> [CustomerOrder] {
        try await writer.read { db in
            var orders: [CustomerOrder] = []
            try Row.fetchCursor(db, sql: "SELECT \(Self.orderColumns) FROM orders").forEach { orders.append(Self.order(from: $0)) }
            return orders
        }
    }

    public func orderFacts() async throws -> OrderFacts {
        // The snapshot the last import wrote, when nothing changed the orders since (one blob instead of every
        // row); otherwise the orders themselves, in the same read.
        try await writer.read { db in try OrderFactsSnapshot.read(db) ?? Self.orderFacts(db) }
    }

    /// Every order's facts, straight through the C API into columns: GRDB's rows (a type check and a value box
    /// per column) and a record per order took 15 ms for Online Retail's 29k.
    static func orderFacts(_ db: Database) throws -> OrderFacts {
        let statement = try db.makeStatement(
            sql: "SELECT customer_id, placed_at, amount, cost, cancellation, lines, location_id FROM orders")
        let handle = statement.sqliteStatement
        func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
        var facts = OrderFacts()
        while true {
            let result = sqlite3_step(handle)
            if result == SQLITE_DONE { break }
            guard result == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: result), message: "reading orders")
            }
            // NULL reads as 0 through the C API: no customer, no location. A cost checks for NULL itself.
            facts.append(
                customerId: int(0), placedAt: Int64(sqlite3_column_double(handle, 1).rounded(.down)), amount: int(2),
                cost: sqlite3_column_type(handle, 3) == SQLITE_NULL ? nil : int(3), isCancellation: int(4) != 0,
                lines: Int(int(5)), locationId: int(6))
        }
        return facts
    }

    public func orders(of customer: Customer.ID) async throws -> [CustomerOrder] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Self.orderColumns) FROM orders WHERE customer_id = ? ORDER BY placed_at DESC, order_id DESC",
                arguments: [customer.rawValue]
            ).map(Self.order(from:))
        }
    }

    /// Read by position: looking every column up by name per row was a third of the first analysis's time.
    private static let orderColumns = "order_id, customer_id, placed_at, amount, cost, cancellation, lines, location_id, channel_id"

    private static func order(from row: Row) -> CustomerOrder {
        CustomerOrder(
            orderId: row[0], customerId: (row[1] as Int64?).map(Identifier.init), placedAt: Date(timeIntervalSince1970: row[2]),
            amount: row[3], cost: row[4], isCancellation: row[5], lines: row[6], locationId: (row[7] as Int64?).map(Identifier.init),
            channelId: (row[8] as Int64?).map(Identifier.init))
    }

    public func customerSignals(timeZone: TimeZone) async throws -> [CustomerSignals] {
        try await writer.read { db in
            var converter = LocalDayConverter(timeZone: timeZone)
            var signals: [CustomerSignals] = []
            var slotOf: [Int64: Int] = [:]
            try Row.fetchCursor(db, sql: "SELECT id, external_id FROM customers ORDER BY id").forEach { row in
                let id: Int64 = row[0]
                slotOf[id] = signals.count
                signals.append(CustomerSignals(customerId: Identifier(id), key: (row[1] as String?) ?? "#\(id)"))
            }
            try Row.fetchCursor(db, sql: "SELECT customer_id, mark FROM customer_marks").forEach { row in
                if let slot = slotOf[row["customer_id"]], let mark = CustomerMark(rawValue: row["mark"]) {
                    signals[slot].marks.insert(mark)
                }
            }
            // A response is a customer's when it names them, or names one of their orders.
            let answers = """
                SELECT customer_id AS customer, submitted_at, nps FROM responses WHERE customer_id IS NOT NULL
                UNION ALL
                SELECT o.customer_id, r.submitted_at, r.nps FROM responses r JOIN orders o ON o.order_id = r.order_id
                WHERE r.customer_id IS NULL AND r.order_id IS NOT NULL AND o.customer_id IS NOT NULL
                """
            try Row.fetchCursor(db, sql: answers).forEach { row in
                guard let customer = row[0] as Int64?, let slot = slotOf[customer] else { return }
                let day = converter.day(ofUnixSeconds: row[1])
                signals[slot].firstContactDay = min(signals[slot].firstContactDay ?? day, day)
                if let nps = row[2] as Int? { signals[slot].npsAnswers.append(DatedScore(day: day, score: nps)) }
            }
            try Row.fetchCursor(db, sql: "SELECT customer_id, created_at FROM contact_requests WHERE customer_id IS NOT NULL").forEach {
                row in
                guard let slot = slotOf[row["customer_id"]] else { return }
                let day = converter.day(ofUnixSeconds: row["created_at"])
                signals[slot].firstContactDay = min(signals[slot].firstContactDay ?? day, day)
            }
            return signals
        }
    }

    public func responseCustomers() async throws -> [(response: UInt32, customer: Customer.ID)] {
        try await writer.read { db in
            let sql = """
                SELECT id, customer_id FROM responses WHERE customer_id IS NOT NULL
                UNION ALL
                SELECT r.id, o.customer_id FROM responses r JOIN orders o ON o.order_id = r.order_id
                WHERE r.customer_id IS NULL AND r.order_id IS NOT NULL AND o.customer_id IS NOT NULL
                """
            var pairs: [(response: UInt32, customer: Customer.ID)] = []
            let rows = try Row.fetchCursor(db, sql: sql)
            while let row = try rows.next() {
                pairs.append((UInt32(clamping: row[0] as Int64), Identifier(row[1] as Int64)))
            }
            return pairs
        }
    }

    public func customers(ids: [Customer.ID]) async throws -> [Customer] {
        try await writer.read { db in
            var found: [Customer] = []
            // In pieces: SQLite allows so many parameters per statement.
            for start in stride(from: 0, to: ids.count, by: 500) {
                let piece = ids[start..<min(start + 500, ids.count)].map(\.rawValue)
                found += try Row.fetchAll(
                    db, sql: "SELECT \(Self.customerColumns) FROM customers WHERE id IN (\(piece.map { _ in "?" }.joined(separator: ",")))",
                    arguments: StatementArguments(piece)
                ).map(Self.customer(from:))
            }
            return found
        }
    }

    public func customers(after: Customer.ID?, limit: Int) async throws -> [Customer] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Self.customerColumns) FROM customers WHERE id > ? ORDER BY id LIMIT ?",
                arguments: [after?.rawValue ?? 0, max(0, limit)]
            ).map(Self.customer(from:))
        }
    }

    /// By position, like orders: the Codable decoder converted every column name from snake case per row.
    private static let customerColumns = "id, external_id, name, email, phone, consent_contact, consent_marketing, segment_id"

    private static func customer(from row: Row) -> Customer {
        Customer(
            id: Identifier(row[0]), externalId: row[1], name: row[2], email: row[3], phone: row[4], consentContact: row[5],
            consentMarketing: row[6], segmentId: (row[7] as Int64?).map(Identifier.init))
    }

    public func setMark(_ mark: CustomerMark, _ on: Bool, customer: Customer.ID) async throws {
        try await writer.write { db in
            guard try Self.exists(db, "customers", customer.rawValue) else {
                throw StoreError.notFound(entity: "customers", id: customer.rawValue)
            }
            try db.execute(
                sql: on
                    ? "INSERT OR IGNORE INTO customer_marks (customer_id, mark) VALUES (?, ?)"
                    : "DELETE FROM customer_marks WHERE customer_id = ? AND mark = ?",
                arguments: [customer.rawValue, mark.rawValue])
            if db.changesCount > 0 { try Self.markValueChanged(db) }
        }
    }

    public func valueSettings() async throws -> ValueSettings {
        try await writer.read { db in
            guard let document = try String.fetchOne(db, sql: "SELECT document FROM value_settings WHERE id = 1") else {
                return ValueSettings()
            }
            return try JSONDecoder().decode(ValueSettings.self, from: Data(document.utf8))
        }
    }

    public func saveValueSettings(_ settings: ValueSettings) async throws {
        let problems = settings.problems()
        if !problems.isEmpty { throw StoreError.invalid(problems) }
        let document = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        try await writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO value_settings (id, document) VALUES (1, ?)", arguments: [document])
            try Self.markValueChanged(db)
        }
    }

    public func valueMark() async throws -> Int64 {
        try await writer.read { db in try Int64.fetchOne(db, sql: "SELECT value FROM store_marks WHERE id = 1") ?? 0 }
    }

    static func markValueChanged(_ db: Database) throws {
        try db.execute(sql: "UPDATE store_marks SET value = value + 1 WHERE id = 1")
    }
}
