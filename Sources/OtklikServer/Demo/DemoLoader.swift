import Foundation
import OtklikCore
import OtklikStore

/// Writes the demo data set into an empty store, all in one transaction per kind, responses through the
/// same insert path as ingest (so the demo exercises the real code).
public enum DemoLoader {
    /// Loads the demo if the store has no surveys yet. Returns the number of responses loaded (0 if the
    /// store already had data).
    public static func loadIfEmpty(
        _ store: any Store, endingOn endDay: Int,
        progress: (Int, Int) -> Void = { _, _ in }
    ) async throws -> Int {
        guard try await store.all(Survey.self).isEmpty else { return 0 }
        let data = RepairChainDemo.generate(endingOn: endDay)
        try await store.saveOrganisation(data.organisation)
        // Parents before children: locations by id (the tree is numbered top-down), employees before
        // the touchpoints they own.
        for location in data.locations.sorted(by: { $0.id < $1.id }) { _ = try await store.save(location) }
        for segment in data.segments { _ = try await store.save(segment) }
        for employee in data.employees { _ = try await store.save(employee) }
        for touchpoint in data.touchpoints { _ = try await store.save(touchpoint) }
        for customer in data.customers { _ = try await store.save(customer) }
        for survey in data.surveys { _ = try await store.save(survey) }
        let indexed = IndexedQuestions(surveys: data.surveys)
        let chunk = 5_000
        var loaded = 0
        for start in stride(from: 0, to: data.responses.count, by: chunk) {
            let group = Array(data.responses[start..<min(start + chunk, data.responses.count)])
            for result in try await store.insert([group], indexed: indexed) {
                if case .failure(let error) = result { throw error }
            }
            loaded += group.count
            progress(loaded, data.responses.count)
        }
        try await DemoContactRequests.add(to: store, from: data)
        if let values = store as? any ValueStore {
            _ = try await values.importOrders(data.orders.map { ImportedOrder(order: $0, customerExternalId: nil) })
            // Costs are known per repair; diagnostics and paperwork cost about 300 ₽ an order on top.
            try await values.saveValueSettings(ValueSettings(currency: "RUB", costPerOrder: 300_00))
            for customer in data.referrers { try await values.setMark(.referrer, true, customer: customer) }
        }
        return loaded
    }
}
