import Foundation
import OtklikCore

/// Personas and customer journey maps, with every saved change. Its own protocol (not part of `Store`):
/// a deployment may keep maps elsewhere, and the feature's contract is tested on its own
/// (Tests/OtklikStoreTests/JourneyStoreContractTests.swift).
public protocol JourneyStore: Sendable {
    func personas() async throws -> [Persona]
    func persona(id: Persona.ID) async throws -> Persona?
    /// Adds a persona (id 0: a new id is given) or replaces the one with its id (`StoreError.notFound` if none).
    func savePersona(_ persona: Persona) async throws -> Persona
    /// Deletes a persona no map follows (`StoreError.inUse` otherwise).
    func deletePersona(id: Persona.ID) async throws

    /// Every map, by title.
    func journeyMaps() async throws -> [JourneyMap]
    func journeyMap(id: JourneyMap.ID) async throws -> JourneyMap?
    /// Stores a new map (a new id is given) as version 1 and records its creation.
    func createJourneyMap(_ map: JourneyMap, by userId: User.ID?, actor: String, at: Date) async throws -> JourneyMap
    /// Applies `edits` to the map as it is stored at this moment, in one transaction, as its next version
    /// with a history entry. Throws `JourneyEditProblem` when an edit is refused (a conflict: someone else
    /// changed the same thing first) and nothing is saved; `StoreError.notFound` for an unknown map.
    func editJourneyMap(
        id: JourneyMap.ID, _ edits: [JourneyEdit], by userId: User.ID?, actor: String, at: Date
    ) async throws -> JourneyMap
    /// Replaces the whole map with `map` (an imported export) when it is still at `expectedVersion`
    /// (`JourneyEditProblem` "conflict" otherwise), as its next version.
    func replaceJourneyMap(
        _ map: JourneyMap, expectedVersion: Int, by userId: User.ID?, actor: String, at: Date
    ) async throws -> JourneyMap
    /// Saved changes, newest first.
    func journeyHistory(id: JourneyMap.ID) async throws -> [JourneyChange]
    func deleteJourneyMap(id: JourneyMap.ID) async throws
    /// Adds a comment on a cell of the map (`StoreError.notFound` for an unknown map).
    func commentJourneyMap(id: JourneyMap.ID, _ comment: JourneyComment) async throws
    /// The map's comments, oldest first.
    func journeyComments(id: JourneyMap.ID) async throws -> [JourneyComment]
}
