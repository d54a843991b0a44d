import Foundation
import OtklikCore
import OtklikStore
import Synchronization

/// The owner of orders and customer value: imports orders, keeps marks and settings, and answers every value
/// page, API call and report from one `ValueAnalysis` per scope, kept until orders, marks, settings or
/// responses change.
public struct ValueService: Sendable {
    let store: any ValueStore
    /// Moves when responses change (a new NPS answer can make a regular an advocate).
    let responsesMark: @Sendable () async throws -> Int64
    let catalog: Catalog
    let cache: ValueAnalysisCache

    /// What a value analysis was made from, to keep it for as long as that holds.
    struct Version: Hashable {
        var value: Int64
        var responses: Int64
        var timeZone: String
        var scope: DataScope
    }

    /// The analysis the scope may see: everything for owners and analysts; a manager's locations' orders (and
    /// so the customers who bought there); nothing for staff.
    public func analysis(scope: DataScope) async throws -> ValueAnalysis {
        try await analysisAndVersion(scope: scope).analysis
    }

    /// The headline figures of every customer's analysis as the API writes them (JSON), made once per analysis:
    /// the server makes it with the analysis when it starts and after every import, so that the first reader
    /// finds both ready.
    public func summaryJSON() async throws -> [UInt8] {
        try await madeOnce(\.summaryJSON, scope: .everything) { Array(try API.encoder.encode(ValueSummary($0))) }.made
    }

    /// The purchase forecast over the scope's customers (nil when nobody bought twice), fitted once per analysis.
    public func forecast(scope: DataScope) async throws -> (analysis: ValueAnalysis, forecast: PurchaseForecast?) {
        let (analysis, forecast) = try await madeOnce(\.forecast, scope: scope) { PurchaseForecast($0) }
        return (analysis, forecast)
    }

    /// The scope's analysis and something made from it, made once and kept with it (`ValueAnalysisCache.Entry`).
    private func madeOnce<T: Sendable>(
        _ part: WritableKeyPath<ValueAnalysisCache.Entry, T?> & Sendable, scope: DataScope, _ make: (ValueAnalysis) async throws -> T
    ) async throws -> (analysis: ValueAnalysis, made: T) {
        let (analysis, version) = try await analysisAndVersion(scope: scope)
        if let kept = cache.part(part, for: version) { return (analysis, kept) }
        let made = try await make(analysis)
        cache.keep(made, as: part, for: version)
        return (analysis, made)
    }

    private func analysisAndVersion(scope: DataScope) async throws -> (analysis: ValueAnalysis, version: Version) {
        let snapshot = catalog.snapshot
        let version = Version(
            value: try await store.valueMark(), responses: try await responsesMark(), timeZone: snapshot.timeZone.identifier, scope: scope)
        if let kept = cache.analysis(for: version) { return (kept, version) }
        // Readers who arrive while it is being made (the server makes it at start) wait for that one.
        let making = cache.making(version) { [self] in Task { try await make(scope: scope, snapshot: snapshot) } }
        do {
            let analysis = try await making.value
            cache.keep(analysis, for: version)
            return (analysis, version)
        } catch {
            cache.forget(version)  // the next reader tries again
            throw error
        }
    }

    private func make(scope: DataScope, snapshot: CatalogSnapshot) async throws -> ValueAnalysis {
        let settings = try await store.valueSettings()
        var orders = OrderFacts()
        var signals: [CustomerSignals] = []
        switch scope {
        case .everything:
            // Both at once: reading is most of an analysis's time after an import.
            async let everyOrder = store.orderFacts()
            signals = try await store.customerSignals(timeZone: snapshot.timeZone)
            orders = try await everyOrder
        case .locations:
            let allowed = scope.allowed(.location, subtree: snapshot.subtree(of:)) ?? []
            orders = try await store.orderFacts().at(locations: allowed)
            let buyers = Set(orders.customerIds)
            signals = try await store.customerSignals(timeZone: snapshot.timeZone).filter { buyers.contains($0.customerId.rawValue) }
        case .employee, .nothing:
            break
        }
        return ValueAnalysis(orders: orders, customers: signals, settings: settings, timeZone: snapshot.timeZone, today: snapshot.today)
    }

    /// The customers' dimensions of the metrics (`ContextDimension.ofCustomers`): every response that has a
    /// customer labelled by that customer, their value class and their loyalty step in the current analysis of
    /// every customer (a metric request applies its own scope to the responses). Made once per analysis. The
    /// customer dimension is missing when more customers answered than labels can tell apart.
    public func responseLabels() async throws -> [ContextDimension: ResponseLabels] {
        try await madeOnce(\.labels, scope: .everything) { try await labels(of: $0) }.made
    }

    private func labels(of analysis: ValueAnalysis) async throws -> [ContextDimension: ResponseLabels] {
        let customers = Dictionary(uniqueKeysWithValues: analysis.customers.map { ($0.customerId, $0) })
        var byCustomer: [(response: UInt32, value: Int64)] = []
        var byClass: [(response: UInt32, value: Int64)] = []
        var byStep: [(response: UInt32, value: Int64)] = []
        var names: [Int64: String] = [:]
        for (response, customerId) in try await store.responseCustomers() {
            guard let customer = customers[customerId] else { continue }
            byCustomer.append((response, customerId.rawValue))
            names[customerId.rawValue] = customer.key
            if let abc = customer.abc { byClass.append((response, abc.code)) }
            byStep.append((response, customer.step.code))
        }
        var labels: [ContextDimension: ResponseLabels] = [
            .valueClass: try ResponseLabels(.valueClass, labels: byClass),
            .loyaltyStep: try ResponseLabels(.loyaltyStep, labels: byStep),
        ]
        labels[.customer] = try? ResponseLabels(.customer, labels: byCustomer, names: names)
        return labels
    }

    public func settings() async throws -> ValueSettings { try await store.valueSettings() }

    public func saveSettings(_ settings: ValueSettings) async throws { try await store.saveValueSettings(settings) }

    public func setMark(_ mark: CustomerMark, _ on: Bool, customer: Customer.ID) async throws {
        try await store.setMark(mark, on, customer: customer)
    }

    /// Reads a sales file and, when it has no problems and this is not a dry run, stores its orders in one
    /// transaction (customers the file names are created); the catalog then knows the new customers.
    public func importOrders(
        _ file: OrderFileImport, dryRun: Bool, progress: (Int, Int) -> Void = { _, _ in }
    ) async throws
        -> OrderFileImport.Outcome
    {
        var (orders, outcome) = try file.read(progress: progress)
        guard outcome.problems.isEmpty, !dryRun else { return outcome }
        outcome.stored = try await store.importOrders(orders)
        if outcome.stored?.customersAdded ?? 0 > 0 { try await catalog.reload() }
        // The transaction's log is as large as what it wrote: fold it into the file now, as response imports do,
        // not at the next start.
        try await (store as? any StoreMaintenance)?.compact()
        return outcome
    }
}

/// The analyses in use, one per scope, each with what it was made from and its forecast once asked for.
final class ValueAnalysisCache: Sendable {
    struct Entry {
        var version: ValueService.Version
        var analysis: ValueAnalysis
        /// Nil until asked for; `.some(nil)` when there was nothing to fit.
        var forecast: PurchaseForecast??
        /// The responses' labels by customer (`ValueService.responseLabels`), once asked for.
        var labels: [ContextDimension: ResponseLabels]?
        /// `ValueService.summaryJSON`, once asked for.
        var summaryJSON: [UInt8]?
    }

    private let kept = Mutex<[DataScope: Entry]>([:])
    /// Analyses being made, by what they are made from.
    private let inFlight = Mutex<[ValueService.Version: Task<ValueAnalysis, any Error>]>([:])

    /// The analysis of `version` being made, or a new one started by `start`.
    func making(_ version: ValueService.Version, start: () -> Task<ValueAnalysis, any Error>) -> Task<ValueAnalysis, any Error> {
        inFlight.withLock { tasks in
            if let task = tasks[version] { return task }
            let task = start()
            tasks[version] = task
            return task
        }
    }

    func analysis(for version: ValueService.Version) -> ValueAnalysis? {
        kept.withLock { $0[version.scope].flatMap { $0.version == version ? $0.analysis : nil } }
    }

    func forget(_ version: ValueService.Version) {
        inFlight.withLock { _ = $0.removeValue(forKey: version) }
    }

    func keep(_ analysis: ValueAnalysis, for version: ValueService.Version) {
        forget(version)
        kept.withLock { kept in
            // Managers' scopes come and go; a handful is plenty.
            if kept.count > 32 { kept.removeAll() }
            kept[version.scope] = Entry(version: version, analysis: analysis)
        }
    }

    /// Something made from the analysis of `version` (`Entry`'s optional parts), when it was made.
    func part<T: Sendable>(_ part: KeyPath<Entry, T?> & Sendable, for version: ValueService.Version) -> T? {
        kept.withLock { $0[version.scope].flatMap { $0.version == version ? $0[keyPath: part] : nil } }
    }

    /// Keeps something made from the analysis of `version`, while that is the scope's analysis.
    func keep<T: Sendable>(_ made: T, as part: WritableKeyPath<Entry, T?> & Sendable, for version: ValueService.Version) {
        kept.withLock { kept in
            if kept[version.scope]?.version == version { kept[version.scope]![keyPath: part] = made }
        }
    }
}
