import Foundation
import OtklikAnalytics
import OtklikCore
import OtklikStore

/// Keeps what the server holds in memory — the catalog of reference data and the analytics index — in step
/// with the store. Only the owners of data call it (`ReferenceDataService`, `ResponseService`, the ingest
/// path, the watcher of other processes' writes); a controller never refreshes a cache.
struct LiveData: Sendable {
    let store: any Store
    let catalog: Catalog
    let index: AnalyticsIndex

    /// Fills an empty index from the store.
    @discardableResult
    static func load(_ index: AnalyticsIndex, from store: any Store, catalog: CatalogSnapshot) async throws -> FactsReading {
        let loader = index.loader()
        let reading: FactsReading
        do {
            reading = try await store.forEachResponseFacts(timeZone: catalog.timeZone) { facts, tags in
                loader.append(contentsOf: facts, tags: tags)
            }
        } catch {
            await loader.finish()
            throw error
        }
        await loader.finish()
        index.setStages(catalog.touchpoints.mapValues(\.stage))
        return reading
    }

    /// Reference data changed: the catalog is read again and the index learns the touchpoints' stages.
    func referenceDataChanged() async throws {
        try await catalog.reload()
        index.setStages(catalog.snapshot.touchpoints.mapValues(\.stage))
    }

    /// Responses changed in a way the index cannot follow row by row (a time zone re-buckets every day, an
    /// erasure removes comments, a bulk import or another process wrote): the index is built again from the
    /// store and replaces the live one, keeping the rows committed meanwhile.
    func rebuildIndex() async throws {
        let fresh = AnalyticsIndex()
        let snapshot = catalog.snapshot
        try await Self.load(fresh, from: store, catalog: snapshot)
        var days = LocalDayConverter(timeZone: snapshot.timeZone)
        index.replace(with: fresh) { UInt16(clamping: days.day(ofUnixSeconds: Int64($0))) }
    }

    /// A customer was stored with a response (a consented contact, a call): validation knows them from now on.
    func customerStored(_ customer: Customer) {
        catalog.customerAdded(customer)
    }
}
