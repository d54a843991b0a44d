import Foundation
import OtklikCore

/// Reads a file of sales lines (a till's export, an online shop's order lines, Online Retail II) into orders:
/// lines of one order id summed, amounts exact in minor units, cancellations kept apart (they net out against
/// sales and are not orders). One pass in bounded memory for the lines (the orders are kept: a file of any
/// length has far fewer orders than lines); every bad row is listed with its line, column and reason, and then
/// nothing is imported.
public struct OrderFileImport: Sendable {
    /// What a line may say, and the column it comes from.
    public enum Field: String, CaseIterable, Sendable {
        case orderId = "order_id"
        case customerId = "customer_id"
        case placedAt = "placed_at"
        /// The line's total; or `quantity` × `price`.
        case amount, quantity, price
        /// The line's total cost; or `margin`, a percentage of its amount.
        case cost, margin
        /// "1", "true", "yes", "да" for a cancellation or return line.
        case cancelled
        /// A location's id or name; a channel's id, code or name.
        case location, channel

        /// A place in an array of one entry per field (a dictionary lookup per field and line was 11% of an import).
        var slot: Int {
            switch self {
            case .orderId: 0
            case .customerId: 1
            case .placedAt: 2
            case .amount: 3
            case .quantity: 4
            case .price: 5
            case .cost: 6
            case .margin: 7
            case .cancelled: 8
            case .location: 9
            case .channel: 10
            }
        }
    }

    /// Column names of a well-known export.
    public enum Preset: String, CaseIterable, Sendable {
        /// UCI Online Retail II: Invoice, StockCode, Description, Quantity, InvoiceDate, Price, Customer ID,
        /// Country; an invoice starting with "C" is a cancellation.
        case onlineRetail = "online-retail"
        /// Columns named as the fields (order_id, customer_id, placed_at, amount …).
        case standard

        var columns: [Field: String] {
            switch self {
            case .onlineRetail:
                [.orderId: "Invoice", .customerId: "Customer ID", .placedAt: "InvoiceDate", .quantity: "Quantity", .price: "Price"]
            case .standard: Dictionary(uniqueKeysWithValues: Field.allCases.map { ($0, $0.rawValue) })
            }
        }

        var cancellationPrefix: String? { self == .onlineRetail ? "C" : nil }
    }

    public struct Problem: Hashable, Sendable, Codable, CustomStringConvertible {
        public var line: Int
        public var column: String?
        public var reason: String
        public var description: String { "line \(line)\(column.map { ", column \($0)" } ?? ""): \(reason)" }
    }

    /// The file is not a sales file at all (a column missing, broken quoting): nothing can be read.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// What the file held.
    public struct Outcome: Hashable, Sendable, Codable {
        public var lines = 0
        public var orders = 0
        public var cancellations = 0
        /// Customers the file names.
        public var customers = 0
        /// Lines naming no customer: counted and reported, never attributed.
        public var linesWithoutCustomer = 0
        public var amountWithoutCustomer: Int64 = 0
        /// Lines whose amount had fractions of a minor unit (rounded half away from zero).
        public var roundedLines = 0
        /// The first 100 problems; `rejected` counts them all.
        public var problems: [Problem] = []
        public var rejected = 0
        /// What the store did; nil when nothing was written (problems, or a dry run).
        public var stored: OrderImportSummary?
    }

    let source: ImportSource
    let columns: [Field: String]
    /// Fields named with --map: their columns must be in the file, optional or not.
    let mapped: Set<Field>
    let cancellationPrefix: String?
    let timeZone: TimeZone
    let locations: [Location]
    let channels: [Channel]

    /// - Parameter mapping: "field=Column" overrides of the preset's columns.
    public init(
        _ source: ImportSource, preset: Preset, mapping: [String], timeZone: TimeZone, locations: [Location], channels: [Channel]
    ) throws {
        var columns = preset.columns
        var mapped = Set<Field>()
        for item in mapping {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let field = Field(rawValue: parts[0]), !parts[1].isEmpty else {
                throw Failure(
                    description: "--map \(item): FIELD=COLUMN, FIELD one of \(Field.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            columns[field] = parts[1]
            mapped.insert(field)
        }
        self.source = source
        self.columns = columns
        self.mapped = mapped
        self.cancellationPrefix = preset.cancellationPrefix
        self.timeZone = timeZone
        self.locations = locations
        self.channels = channels
    }

    /// Reads the whole file: the orders, and what it held. `progress` gets bytes read and the file's size.
    /// Segments are read two at a time, one per core, and merged in file order.
    public func read(progress: (Int, Int) -> Void = { _, _ in }) throws -> (orders: [ImportedOrder], outcome: Outcome) {
        var total = Batch()
        var header: (positions: [Int?], delimiter: UInt8, width: Int)?
        var pending: [(bytes: [UInt8], firstLine: Int, isFirst: Bool)] = []
        func parsePending() throws {
            guard let header else { return }
            let parts = pending.map { SegmentParse(bytes: $0.bytes, firstLine: $0.firstLine, skipsHeader: $0.isFirst) }
            DispatchQueue.concurrentPerform(iterations: parts.count) {
                parts[$0].run(self, positions: header.positions, delimiter: header.delimiter, width: header.width)
            }
            for part in parts {
                if let failure = part.failure { throw failure }
                total.merge(part.batch, columns: columns)
            }
            pending.removeAll()
        }
        try source.forEachSegment(quotes: true) { bytes, firstLine, bytesRead in
            if header == nil {
                let reader = RFC4180Reader(utf8: bytes, firstLine: firstLine)
                var names: [String]?
                do {
                    try reader.forEachRecord { record in
                        names = record.fields
                        throw SegmentParse.Stop()
                    }
                } catch is SegmentParse.Stop {
                } catch let failure as RFC4180Reader.Failure {
                    throw Failure(description: failure.description)
                }
                guard let names else { return }
                header = (try positions(of: names), reader.delimiter, names.count)
                pending.append((bytes, firstLine, true))
            } else {
                pending.append((bytes, firstLine, false))
            }
            if pending.count == 2 { try parsePending() }
            progress(bytesRead, source.size)
        }
        if header == nil { throw Failure(description: "the file is empty: no header line") }
        try parsePending()
        var outcome = total.outcome
        outcome.orders = total.orders.count { !$0.order.isCancellation }
        outcome.cancellations = total.orders.count - outcome.orders
        outcome.customers = total.customers.count
        return (total.orders, outcome)
    }

    /// Reads one line into `batch`, or says what is wrong with it.
    func read(_ record: RFC4180Reader.Record, positions: [Int?], width: Int, times: inout DateReader, into batch: inout Batch) {
        func reject(_ field: Field?, _ reason: String) {
            batch.outcome.rejected += 1
            if batch.outcome.problems.count < 100 {
                batch.outcome.problems.append(Problem(line: record.line, column: field.map { columns[$0] ?? $0.rawValue }, reason: reason))
            }
        }
        func text(_ field: Field) -> Substring? {
            guard let position = positions[field.slot], position < record.fields.count else { return nil }
            let value = Self.trimmingSpaces(record.fields[position])
            return value.isEmpty ? nil : value
        }
        if record.fields.count == 1 && record.fields[0].isEmpty { return }
        batch.outcome.lines += 1
        // A line cut short would lose its last columns (the customer, say) without a word.
        guard record.fields.count >= width else { return reject(nil, "\(record.fields.count) fields where the header has \(width)") }
        guard let orderId = text(.orderId) else { return reject(.orderId, "no order id") }
        guard let placedText = text(.placedAt) else { return reject(.placedAt, "no date") }
        guard let placedAt = times.read(placedText) else {
            return reject(.placedAt, "not a date and time: \(placedText) (e.g. 2024-03-07 14:05)")
        }
        var amount: Int64
        if let amountText = text(.amount) {
            guard let value = Money.ExactDecimal(amountText), let minor = value.minorUnits else {
                return reject(.amount, "not an amount: \(amountText)")
            }
            amount = minor.value
            if !minor.exact { batch.outcome.roundedLines += 1 }
        } else {
            guard let quantityText = text(.quantity) else { return reject(.amount, "neither an amount nor a quantity") }
            guard let quantity = Money.ExactDecimal(quantityText) else { return reject(.quantity, "not a number: \(quantityText)") }
            guard let priceText = text(.price) else { return reject(.price, "no price") }
            guard let price = Money.ExactDecimal(priceText) else { return reject(.price, "not a price: \(priceText)") }
            guard let minor = quantity.multiplied(by: price)?.minorUnits else { return reject(.price, "too large") }
            amount = minor.value
            if !minor.exact { batch.outcome.roundedLines += 1 }
        }
        var cost: Int64?
        if let costText = text(.cost) {
            guard let value = Money.ExactDecimal(costText)?.minorUnits else { return reject(.cost, "not an amount: \(costText)") }
            cost = value.value
        } else if let marginText = text(.margin) {
            let number = marginText.hasSuffix("%") ? marginText.dropLast() : marginText
            // In hundredths of a per cent: 35.5% is 3550.
            guard let margin = Money.ExactDecimal(number)?.minorUnits, margin.exact, (0...10_000).contains(margin.value) else {
                return reject(.margin, "not a percentage from 0 to 100: \(marginText)")
            }
            cost = Money.scaled(amount, by: 10_000 - margin.value, over: 10_000)
        }
        var cancelled = false
        if let prefix = cancellationPrefix, orderId.hasPrefix(prefix) { cancelled = true }
        if let flag = text(.cancelled) {
            switch flag.lowercased() {
            case "1", "true", "yes", "y", "да", "д": cancelled = true
            case "0", "false", "no", "n", "нет", "н": break
            default: return reject(.cancelled, "yes or no, not \(flag)")
            }
        }
        var locationId: Location.ID?
        if let name = text(.location) {
            guard let location = Self.find(name, in: locations, id: \.id.rawValue, names: { [$0.name] }) else {
                return reject(.location, "no such location: \(name)")
            }
            locationId = location.id
        }
        var channelId: Channel.ID?
        if let name = text(.channel) {
            guard let channel = Self.find(name, in: channels, id: \.id.rawValue, names: { [$0.code, $0.name.ru, $0.name.en] }) else {
                return reject(.channel, "no such channel: \(name)")
            }
            channelId = channel.id
        }
        let customer = text(.customerId).map(String.init)
        let line = ImportedOrder(
            order: CustomerOrder(
                orderId: String(orderId), customerId: nil, placedAt: placedAt, amount: amount, cost: cost, isCancellation: cancelled,
                lines: 1, locationId: locationId, channelId: channelId),
            customerExternalId: customer)
        if let conflict = batch.add(line, at: record.line) { reject(.customerId, conflict) }
    }

    /// Where each field's column is; a missing required column is a failure naming what is there.
    private func positions(of names: [String]) throws -> [Int?] {
        let normalised = names.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var positions: [Field: Int] = [:]
        for (field, column) in columns {
            if let position = normalised.firstIndex(of: column.lowercased()) { positions[field] = position }
        }
        func require(_ field: Field) throws {
            guard positions[field] != nil else {
                throw Failure(
                    description:
                        "no column \"\(columns[field] ?? field.rawValue)\" for \(field.rawValue) (the file has: \(names.joined(separator: ", "))); "
                        + "name it with --map \(field.rawValue)=COLUMN")
            }
        }
        try require(.orderId)
        try require(.placedAt)
        for field in mapped.sorted(by: { $0.slot < $1.slot }) { try require(field) }
        if positions[.amount] == nil {
            try require(.quantity)
            try require(.price)
        }
        var slots = [Int?](repeating: nil, count: Field.allCases.count)
        for (field, position) in positions { slots[field.slot] = position }
        return slots
    }

    /// The field without spaces and tabs around it (Foundation's `trimmingCharacters` took 40% of an import).
    static func trimmingSpaces(_ text: String) -> Substring {
        let utf8 = text.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 { start = utf8.index(after: start) }
        while end > start, utf8[utf8.index(before: end)] == 0x20 || utf8[utf8.index(before: end)] == 0x09 { end = utf8.index(before: end) }
        return text[start..<end]
    }

    private static func find<T>(_ text: Substring, in items: [T], id: KeyPath<T, Int64>, names: (T) -> [String]) -> T? {
        if let number = Int64(text), let item = items.first(where: { $0[keyPath: id] == number }) { return item }
        let wanted = text.lowercased()
        return items.first { names($0).contains { $0.lowercased() == wanted } }
    }
}

/// The orders of a part of a file, keyed by order id; parts merge in file order.
struct Batch {
    var orders: [ImportedOrder] = []
    /// The line each order starts on in the file.
    var firstLines: [Int] = []
    var index: [String: Int] = [:]
    var customers = Set<String>()
    var outcome = OrderFileImport.Outcome()

    /// Adds a line (or a part's order) to its order; a reason when it names another customer than the order's.
    mutating func add(_ line: ImportedOrder, at lineNumber: Int) -> String? {
        let key = line.order.orderId
        if let position = index[key] {
            var order = orders[position]
            guard order.customerExternalId == line.customerExternalId else {
                return
                    "order \(key) names customer \(line.customerExternalId ?? "none"), an earlier line \(order.customerExternalId ?? "none")"
            }
            order.order.amount += line.order.amount
            order.order.cost = line.order.cost.map { $0 + (order.order.cost ?? 0) } ?? order.order.cost
            order.order.lines += line.order.lines
            order.order.placedAt = min(order.order.placedAt, line.order.placedAt)
            order.order.isCancellation = order.order.isCancellation || line.order.isCancellation
            order.order.locationId = order.order.locationId ?? line.order.locationId
            order.order.channelId = order.order.channelId ?? line.order.channelId
            orders[position] = order
        } else {
            index[key] = orders.count
            orders.append(line)
            firstLines.append(lineNumber)
        }
        if let customer = line.customerExternalId {
            customers.insert(customer)
        } else {
            outcome.linesWithoutCustomer += line.order.lines
            outcome.amountWithoutCustomer += line.order.amount
        }
        return nil
    }

    /// Appends the part after this one: its orders join the ones with the same ids, its problems follow.
    mutating func merge(_ next: Batch, columns: [OrderFileImport.Field: String]) {
        outcome.lines += next.outcome.lines
        outcome.roundedLines += next.outcome.roundedLines
        outcome.rejected += next.outcome.rejected
        outcome.problems += next.outcome.problems.prefix(max(0, 100 - outcome.problems.count))
        for (order, line) in zip(next.orders, next.firstLines) {
            guard let conflict = add(order, at: line) else { continue }
            outcome.rejected += 1
            if outcome.problems.count < 100 {
                outcome.problems.append(
                    .init(line: line, column: columns[.customerId] ?? OrderFileImport.Field.customerId.rawValue, reason: conflict))
            }
        }
        // Problems in file order, whichever part found them.
        outcome.problems.sort { $0.line < $1.line }
    }
}

/// One segment read on a core of its own.
final class SegmentParse: @unchecked Sendable {
    struct Stop: Error {}

    let bytes: [UInt8]
    let firstLine: Int
    let skipsHeader: Bool
    // Written by `run` on one thread, read after `concurrentPerform` returns.
    var batch = Batch()
    var failure: Error?

    init(bytes: [UInt8], firstLine: Int, skipsHeader: Bool) {
        self.bytes = bytes
        self.firstLine = firstLine
        self.skipsHeader = skipsHeader
    }

    func run(_ file: OrderFileImport, positions: [Int?], delimiter: UInt8, width: Int) {
        var times = DateReader(timeZone: file.timeZone)
        var skipping = skipsHeader
        do {
            let keeping = Set(positions.compactMap { $0 })
            try RFC4180Reader(utf8: bytes, delimiter: delimiter, firstLine: firstLine, keeping: keeping).forEachRecord { record in
                if skipping {
                    skipping = false
                    return
                }
                file.read(record, positions: positions, width: width, times: &times, into: &batch)
            }
        } catch let failure as RFC4180Reader.Failure {
            self.failure = OrderFileImport.Failure(description: failure.description)
        } catch {
            self.failure = error
        }
    }
}
