import Foundation
import OtklikAnalytics
import OtklikCore
import OtklikSQLite
import OtklikStore

/// Everything the application works with, built once from the config and handed to the router, the CLI
/// and the tests. No globals.
public struct Services: Sendable {
    public let config: ServerConfig
    public let store: any Store
    public let index: AnalyticsIndex
    public let catalog: Catalog
    public let ingest: IngestService
    public let metrics: MetricsService
    public let tokens: TokenService
    public let accounts: AccountService
    /// Personas and journey maps: a store of their own (the SQLite store keeps them in the same file).
    public let journeyStore: any JourneyStore
    /// Orders, customer marks and value settings: a store of their own (the SQLite store keeps them in the same file).
    public let valueStore: any ValueStore
    let valueAnalyses: ValueAnalysisCache
    /// Signs the public survey forms' keys and thank-you links.
    public let formSigner: FormSigner
    /// The keys exports give responses stored without one (so an export imports back without duplicates).
    public let responseKeys: ResponseKeys
    /// Survey submissions per IP address.
    public let surveyRateLimiter: RateLimiter
    public let statistics: ServerStatistics
    /// How long building the analytics index from the store took at start, in seconds.
    public let indexLoadSeconds: Double
    /// Where the index's facts came from at start: the snapshot of them the store keeps, the table, or both.
    public let indexReading: FactsReading
    /// False for commands that never ask for metrics: the index stays empty, lists filter in the store.
    public let indexLoaded: Bool
    /// The store's marks read before the catalog and the index were loaded (`ExternalWriteWatching`): the watcher
    /// of other processes' writes starts from them, so one that committed while they were read is caught up with.
    let marksBeforeLoad: ExternalWriteWatcher.Marks?

    /// Keeps the catalog and the index in step with the store; for the owners of data only.
    var live: LiveData { LiveData(store: store, catalog: catalog, index: index) }

    /// Reading and deleting responses, within a scope (API, pages, exports).
    public var responses: ResponseService {
        ResponseService(store: store, index: indexLoaded ? index : nil, live: live, customers: metrics.customers)
    }

    /// What every page controller needs: page contexts and the survey a route names.
    var pages: Pages { Pages(catalog: catalog, publicURL: config.publicURL) }

    /// Contact requests: lists, counts and status changes, within a scope.
    public var contactRequests: ContactRequestService { ContactRequestService(store: store, catalog: catalog) }

    /// Journey maps with each stage's measured data.
    public var journeys: JourneyService {
        JourneyService(
            store: journeyStore, metrics: metrics, responses: responses, catalog: catalog, minimumSample: config.minimumSample)
    }

    /// A map exported as `format`, in the organisation's language, its data seen by the whole company (the CLI).
    public func journeyExport(_ map: JourneyMap, format: JourneyExportFormat) async throws -> [UInt8] {
        try await JourneyExporter(journeys: journeys, catalog: catalog, store: store).export(
            map, format: format, strings: Strings(catalog.snapshot.organisation.defaultLocale), scope: .everything)
    }

    /// Orders and customer value: imports, the analysis per scope, marks and settings.
    public var value: ValueService { Self.value(store: store, valueStore: valueStore, catalog: catalog, cache: valueAnalyses) }

    private static func value(store: any Store, valueStore: any ValueStore, catalog: Catalog, cache: ValueAnalysisCache) -> ValueService {
        let watching = store as? any ExternalWriteWatching
        return ValueService(
            store: valueStore,
            // A store that cannot tell when responses change gets a fresh analysis every time.
            responsesMark: { try await watching?.responsesMark() ?? Int64(DispatchTime.now().uptimeNanoseconds) },
            catalog: catalog, cache: cache)
    }

    /// Organisation, locations, touchpoints, employees, segments, channels, customers and surveys.
    public var referenceData: ReferenceDataService { ReferenceDataService(store: store, live: live) }

    /// Opens the store named by the config (migrating it), loads the catalog and builds the index.
    public static func open(_ config: ServerConfig) async throws -> Services {
        try await open(config, store: StoreFactory.open(config))
    }

    /// - Parameter loadIndex: false for commands that never ask for metrics (import, export, tokens).
    public static func open(_ config: ServerConfig, store: any Store, loadIndex: Bool = true) async throws -> Services {
        guard let journeyStore = store as? any JourneyStore else {
            throw FieldProblem(field: "OTKLIK_DATABASE_URL", code: "unsupported_database", message: "this store keeps no journey maps")
        }
        guard let valueStore = store as? any ValueStore else {
            throw FieldProblem(field: "OTKLIK_DATABASE_URL", code: "unsupported_database", message: "this store keeps no orders")
        }
        let marks = loadIndex ? try await ExternalWriteWatcher.Marks(of: store) : nil
        let catalog = try await Catalog.load(from: store)
        let index = AnalyticsIndex()
        let started = ContinuousClock.now
        let reading = loadIndex ? try await LiveData.load(index, from: store, catalog: catalog.snapshot) : FactsReading()
        let elapsed = ContinuousClock.now - started
        let statistics = ServerStatistics()
        let committer = GroupCommitter(store: store, index: index, catalog: catalog, statistics: statistics)
        let valueAnalyses = ValueAnalysisCache()
        let value = Self.value(store: store, valueStore: valueStore, catalog: catalog, cache: valueAnalyses)
        var metrics = MetricsService(index: index, catalog: catalog, store: store, minimumSample: config.minimumSample)
        metrics.customers = CustomerLabelling { try await value.responseLabels() }
        return Services(
            config: config, store: store, index: index, catalog: catalog,
            ingest: IngestService(catalog: catalog, committer: committer),
            metrics: metrics,
            tokens: TokenService(store: store, freshness: config.tokenRecheckInterval),
            accounts: AccountService(store: store, passwordCost: config.passwordCost),
            journeyStore: journeyStore,
            valueStore: valueStore, valueAnalyses: valueAnalyses,
            formSigner: FormSigner(secret: try await store.secret(named: "form-signing", bytes: 32)),
            responseKeys: ResponseKeys(databaseID: ResponseKeys.databaseID(from: try await store.secret(named: "database-id", bytes: 8))),
            surveyRateLimiter: RateLimiter(burst: config.surveySubmissionsPerMinute, perMinute: config.surveySubmissionsPerMinute),
            statistics: statistics,
            indexLoadSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
            indexReading: reading,
            indexLoaded: loadIndex, marksBeforeLoad: marks)
    }
}
