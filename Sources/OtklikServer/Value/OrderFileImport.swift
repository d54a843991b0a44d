import Foundation
import OtklikCore

/// Reads a file of sales lines (a till's export, an online shop's order lines, Online Retail II) into orders:
/// lines of one order id summed, amounts exact in minor units, cancellations kept apart (they net out against
/// sales and are not orders). One pass in bounded memory for the lines (the orders are kept: a file of any
/// length has far fewer orders than lines); every bad row is listed with its line, column and reason, and then
/// nothing is imported.
public struct OrderFileImport {
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
    let cancellationPrefix: String?
    let timeZone: TimeZone
    let locations: [Location]
    let channels: [Channel]

    /// - Parameter mapping: "field=Column" overrides of the preset's columns.
    public init(
        _ source: ImportSource, preset: Preset, mapping: [String], timeZone: TimeZone, locations: [Location], channels: [Channel]
    ) throws {
        var columns = preset.columns
        for item in mapping {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let field = Field(rawValue: parts[0]), !parts[1].isEmpty else {
                throw Failure(
                    description: "--map \(item): FIELD=COLUMN, FIELD one of \(Field.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            columns[field] = parts[1]
        }
        self.source = source
        self.columns = columns
        self.cancellationPrefix = preset.cancellationPrefix
        self.timeZone = timeZone
        self.locations = locations
        self.channels = channels
    }

    /// Reads the whole file: the orders, and what it held. `progress` gets bytes read and the file's size.
    public func read(progress: (Int, Int) -> Void = { _, _ in }) throws -> (orders: [ImportedOrder], outcome: Outcome) {
        var outcome = Outcome()
        var orders: [ImportedOrder] = []
        var orderIndex: [String: Int] = [:]
        var customers = Set<String>()
        var header: [Field: Int]?
        var delimiter: UInt8?
        var times = CivilTimeReader(timeZone: timeZone)
        func reject(_ line: Int, _ field: Field?, _ reason: String) {
            outcome.rejected += 1
            if outcome.problems.count < 100 {
                outcome.problems.append(Problem(line: line, column: field.map { columns[$0] ?? $0.rawValue }, reason: reason))
            }
        }
        try source.forEachSegment(quotes: true) { bytes, firstLine, bytesRead in
            let reader = RFC4180Reader(utf8: bytes, delimiter: delimiter, firstLine: firstLine)
            delimiter = reader.delimiter
            do {
                try reader.forEachRecord { record in
                    guard let positions = header else {
                        header = try self.positions(of: record.fields)
                        return
                    }
                    if record.fields.count == 1 && record.fields[0].isEmpty { return }
                    outcome.lines += 1
                    func text(_ field: Field) -> Substring? {
                        guard let position = positions[field], position < record.fields.count else { return nil }
                        let value = record.fields[position].trimmingCharacters(in: .whitespaces)
                        return value.isEmpty ? nil : Substring(value)
                    }
                    guard let orderId = text(.orderId) else { return reject(record.line, .orderId, "no order id") }
                    guard let placedText = text(.placedAt) else { return reject(record.line, .placedAt, "no date") }
                    guard let placedAt = times.instant(placedText) else {
                        return reject(record.line, .placedAt, "not a date and time: \(placedText) (e.g. 2024-03-07 14:05)")
                    }
                    var amount: Int64
                    if let amountText = text(.amount) {
                        guard let value = Money.ExactDecimal(amountText), let minor = value.minorUnits else {
                            return reject(record.line, .amount, "not an amount: \(amountText)")
                        }
                        amount = minor.value
                        if !minor.exact { outcome.roundedLines += 1 }
                    } else {
                        guard let quantityText = text(.quantity) else {
                            return reject(record.line, .amount, "neither an amount nor a quantity")
                        }
                        guard let quantity = Money.ExactDecimal(quantityText) else {
                            return reject(record.line, .quantity, "not a number: \(quantityText)")
                        }
                        guard let priceText = text(.price) else { return reject(record.line, .price, "no price") }
                        guard let price = Money.ExactDecimal(priceText) else {
                            return reject(record.line, .price, "not a price: \(priceText)")
                        }
                        guard let minor = quantity.multiplied(by: price)?.minorUnits else {
                            return reject(record.line, .price, "too large")
                        }
                        amount = minor.value
                        if !minor.exact { outcome.roundedLines += 1 }
                    }
                    var cost: Int64?
                    if let costText = text(.cost) {
                        guard let value = Money.ExactDecimal(costText)?.minorUnits else {
                            return reject(record.line, .cost, "not an amount: \(costText)")
                        }
                        cost = value.value
                    } else if let marginText = text(.margin) {
                        let number = marginText.hasSuffix("%") ? marginText.dropLast() : marginText
                        guard let margin = Money.ExactDecimal(number), margin.mantissa >= 0,
                            let percent = margin.multiplied(by: .init(mantissa: 100, scale: 0))?.minorUnits, percent.value <= 10_000 * 100
                        else { return reject(record.line, .margin, "not a percentage from 0 to 100: \(marginText)") }
                        // `percent.value` is the margin in hundredths of a per cent.
                        cost = Money.scaled(amount, by: 10_000 * 100 - percent.value, over: 10_000 * 100)
                    }
                    var cancelled = false
                    if let prefix = cancellationPrefix, orderId.hasPrefix(prefix) { cancelled = true }
                    if let flag = text(.cancelled) {
                        switch flag.lowercased() {
                        case "1", "true", "yes", "y", "да", "д": cancelled = true
                        case "0", "false", "no", "n", "нет", "н": break
                        default: return reject(record.line, .cancelled, "yes or no, not \(flag)")
                        }
                    }
                    var locationId: Location.ID?
                    if let name = text(.location) {
                        guard let location = Self.find(name, in: self.locations, id: \.id.rawValue, names: { [$0.name] }) else {
                            return reject(record.line, .location, "no such location: \(name)")
                        }
                        locationId = location.id
                    }
                    var channelId: Channel.ID?
                    if let name = text(.channel) {
                        guard
                            let channel = Self.find(
                                name, in: self.channels, id: \.id.rawValue, names: { [$0.code, $0.name.ru, $0.name.en] })
                        else { return reject(record.line, .channel, "no such channel: \(name)") }
                        channelId = channel.id
                    }
                    let customer = text(.customerId).map(String.init)
                    if let customer {
                        customers.insert(customer)
                    } else {
                        outcome.linesWithoutCustomer += 1
                        outcome.amountWithoutCustomer += amount
                    }
                    let key = String(orderId)
                    if let index = orderIndex[key] {
                        var existing = orders[index]
                        guard existing.customerExternalId == customer else {
                            return reject(record.line, .customerId, "order \(key) names another customer on an earlier line")
                        }
                        existing.order.amount += amount
                        existing.order.cost = cost.map { $0 + (existing.order.cost ?? 0) } ?? existing.order.cost
                        existing.order.lines += 1
                        existing.order.placedAt = min(existing.order.placedAt, placedAt)
                        existing.order.isCancellation = existing.order.isCancellation || cancelled
                        existing.order.locationId = existing.order.locationId ?? locationId
                        existing.order.channelId = existing.order.channelId ?? channelId
                        orders[index] = existing
                    } else {
                        orderIndex[key] = orders.count
                        orders.append(
                            ImportedOrder(
                                order: CustomerOrder(
                                    orderId: key, customerId: nil, placedAt: placedAt, amount: amount, cost: cost,
                                    isCancellation: cancelled,
                                    lines: 1, locationId: locationId, channelId: channelId),
                                customerExternalId: customer))
                    }
                }
            } catch let failure as RFC4180Reader.Failure {
                throw Failure(description: failure.description)
            }
            progress(bytesRead, source.size)
        }
        if header == nil { throw Failure(description: "the file is empty: no header line") }
        outcome.orders = orders.count { !$0.order.isCancellation }
        outcome.cancellations = orders.count - outcome.orders
        outcome.customers = customers.count
        return (orders, outcome)
    }

    /// Where each field's column is; a missing required column is a failure naming what is there.
    private func positions(of names: [String]) throws -> [Field: Int] {
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
        if positions[.amount] == nil {
            try require(.quantity)
            try require(.price)
        }
        return positions
    }

    private static func find<T>(_ text: Substring, in items: [T], id: KeyPath<T, Int64>, names: (T) -> [String]) -> T? {
        if let number = Int64(text), let item = items.first(where: { $0[keyPath: id] == number }) { return item }
        let wanted = text.lowercased()
        return items.first { names($0).contains { $0.lowercased() == wanted } }
    }
}

/// Reads the date-times of sales files: "2024-03-07 14:05[:09]", "2024-03-07T14:05:09[Z|+03:00]", "2024-03-07",
/// "07.03.2024[ 14:05[:09]]". Without an offset, the time is the organisation's local time.
struct CivilTimeReader {
    private var converter: LocalDayConverter
    /// Local midnight of the last days seen, and whether the zone's offset changes within that day.
    private var midnights: [Int: (start: Int64, offsetChanges: Bool)] = [:]

    init(timeZone: TimeZone) { converter = LocalDayConverter(timeZone: timeZone) }

    mutating func instant(_ text: Substring) -> Date? {
        let parts = text.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "T" })
        guard let datePart = parts.first else { return nil }
        let day: Int?
        if datePart.contains(".") {
            let pieces = datePart.split(separator: ".", omittingEmptySubsequences: false)
            guard pieces.count == 3, let d = Int(pieces[0]), let m = Int(pieces[1]), let y = Int(pieces[2]), pieces[2].count == 4 else {
                return nil
            }
            day = CivilDay.parse(Substring("\(y)-\(CivilDay.twoDigits(m))-\(CivilDay.twoDigits(d))"))
        } else {
            day = CivilDay.parse(datePart)
        }
        guard let day else { return nil }
        var seconds = 0
        var offset: Int?
        if parts.count == 2 {
            var clock = parts[1]
            if clock.hasSuffix("Z") {
                offset = 0
                clock = clock.dropLast()
            } else if let sign = clock.lastIndex(where: { $0 == "+" || $0 == "-" }) {
                let zone = clock[clock.index(after: sign)...].split(separator: ":")
                guard zone.count <= 2, let hours = Int(zone[0].prefix(2)) else { return nil }
                let minutes = zone.count == 2 ? Int(zone[1]) : (zone[0].count == 4 ? Int(zone[0].suffix(2)) : 0)
                guard let minutes, hours < 24, minutes < 60 else { return nil }
                offset = (hours * 3600 + minutes * 60) * (clock[sign] == "-" ? -1 : 1)
                clock = clock[..<sign]
            }
            let fields = clock.split(separator: ":", omittingEmptySubsequences: false)
            guard (2...3).contains(fields.count), let h = Int(fields[0]), let m = Int(fields[1]), h < 24, m < 60 else { return nil }
            let s = fields.count == 3 ? Double(fields[2]) : 0
            guard let s, s >= 0, s < 61 else { return nil }
            seconds = h * 3600 + m * 60 + Int(s)
        }
        if let offset { return Date(timeIntervalSince1970: TimeInterval(Int64(day) * 86_400 + Int64(seconds - offset))) }
        let midnight =
            midnights[day]
            ?? {
                let start = converter.startOfDay(day)
                let next = converter.startOfDay(day + 1)
                let value = (start, next - start != 86_400)
                if midnights.count > 4096 { midnights.removeAll(keepingCapacity: true) }
                midnights[day] = value
                return value
            }()
        var instant = midnight.start + Int64(seconds)
        if midnight.offsetChanges {
            // A day with a clock change: the wall-clock time is offset by what the zone says at that moment.
            let zone = converter.timeZone
            let startDate = Date(timeIntervalSince1970: TimeInterval(midnight.start))
            instant += Int64(
                zone.secondsFromGMT(for: startDate) - zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))))
        }
        return Date(timeIntervalSince1970: TimeInterval(instant))
    }
}
