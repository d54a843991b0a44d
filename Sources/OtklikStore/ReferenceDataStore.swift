import Foundation
import OtklikCore

/// The organisation and its reference data: locations, touchpoints, employees, segments, channels,
/// customers and surveys.
public protocol ReferenceDataStore: Sendable {
    func organisation() async throws -> Organisation
    func saveOrganisation(_ organisation: Organisation) async throws

    // Reference data. `save` inserts when the id is 0 (returning the stored value with its new id) and
    // replaces otherwise; `delete` refuses (StoreError.inUse) while responses refer to the entity.
    func all<E: StoredEntity>(_ type: E.Type) async throws -> [E]
    /// Every customer's segment (nil: none): what the catalog needs of customers, without their personal data —
    /// an import of thousands of customers makes the server read them again.
    func customerSegments() async throws -> [Customer.ID: Segment.ID?]
    func find<E: StoredEntity>(_ type: E.Type, id: Int64) async throws -> E?
    func save<E: StoredEntity>(_ entity: E) async throws -> E
    func delete<E: StoredEntity>(_ type: E.Type, id: Int64) async throws
}
