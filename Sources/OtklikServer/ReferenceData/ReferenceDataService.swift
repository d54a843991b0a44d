import Foundation
import OtklikCore
import OtklikStore

/// The one owner of reference data — the organisation, locations, touchpoints, employees, segments,
/// channels, customers and surveys: checks every change by `ReferenceDataRules` (so the API and the
/// settings pages refuse the same things with the same codes), writes it through the store, and keeps the
/// catalog and the analytics index current (a new time zone re-buckets every response).
/// Refusals are `StoreError.invalid` with the fields at fault, like the store's own.
public struct ReferenceDataService: Sendable {
    let store: any Store
    let live: LiveData

    /// The rules over the reference data as stored now.
    var rules: ReferenceDataRules {
        let snapshot = live.catalog.snapshot
        return ReferenceDataRules(
            locations: snapshot.locations, employees: Set(snapshot.employees.keys),
            channels: Set(snapshot.channels.keys), segments: Set(snapshot.segments.keys))
    }

    public func saveOrganisation(_ organisation: Organisation) async throws -> Organisation {
        var organisation = organisation
        let problems = rules.check(&organisation)
        guard problems.isEmpty else { throw StoreError.invalid(problems) }
        let zoneChanged = organisation.timeZone != live.catalog.snapshot.organisation.timeZone
        try await store.saveOrganisation(organisation)
        try await live.referenceDataChanged()
        if zoneChanged { try await live.rebuildIndex() }
        return organisation
    }

    /// Inserts (id 0) or replaces one entity; a survey without a code gets one.
    public func save<E: StoredEntity>(_ entity: E) async throws -> E {
        try await save([entity])[0]
    }

    /// Checks every entity first, then stores them all and refreshes the catalog once (an import that
    /// creates two thousand employees reloads it once, not two thousand times).
    public func save<E: StoredEntity>(_ entities: [E]) async throws -> [E] {
        guard !entities.isEmpty else { return [] }
        let rules = self.rules
        var checked: [E] = []
        for var entity in entities {
            if var survey = entity as? Survey, survey.code.isEmpty {
                survey.code = Self.randomCode()
                entity = survey as! E
            }
            let problems = rules.check(&entity)
            guard problems.isEmpty else { throw StoreError.invalid(problems) }
            checked.append(entity)
        }
        var saved: [E] = []
        for entity in checked { saved.append(try await store.save(entity)) }
        try await live.referenceDataChanged()
        return saved
    }

    /// Stores one new customer (a caller, a consented contact) without re-reading the catalog: customers are
    /// many, and a call centre stores one per call.
    public func saveCustomer(_ customer: Customer) async throws -> Customer {
        var customer = customer
        let problems = rules.check(&customer)
        guard problems.isEmpty else { throw StoreError.invalid(problems) }
        let saved = try await store.save(customer)
        live.customerStored(saved)
        return saved
    }

    /// Deletes one entity; refused (`StoreError.inUse`) while responses or other records refer to it.
    public func delete<E: StoredEntity>(_ type: E.Type, id: Int64) async throws {
        try await store.delete(type, id: id)
        try await live.referenceDataChanged()
    }

    /// A short random code for a survey's public link.
    public static func randomCode() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        return String((0..<8).map { _ in alphabet.randomElement()! })
    }
}
