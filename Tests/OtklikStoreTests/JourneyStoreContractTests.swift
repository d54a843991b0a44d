import Foundation
import OtklikCore
import OtklikSQLite
import OtklikStore
import Testing

/// What every `JourneyStore` must do, run against each implementation (SQLite in memory and in a file; a
/// PostgreSQL store joins the arguments when it exists).
@Suite("Journey store contract")
struct JourneyStoreContractTests {
    typealias Kind = StoreContractTests.Kind

    static func make(_ kind: Kind) throws -> (any JourneyStore, URL?) {
        let (store, directory) = try StoreContractTests.make(kind)
        return (store as! any JourneyStore, directory)
    }

    static let at = Date(timeIntervalSince1970: 1_760_000_000)

    static func newMap(_ store: any JourneyStore) async throws -> JourneyMap {
        let persona = try await store.savePersona(JourneyTemplate.repairCentre.persona)
        let map = JourneyTemplate.repairCentre.map(id: Identifier(0), personaId: persona.id, touchpoints: [])
        return try await store.createJourneyMap(map, by: Identifier(1), actor: "Анна", at: at)
    }

    @Test(arguments: Kind.allCases)
    func personasAndMapsRoundTrip(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        let map = try await Self.newMap(store)
        #expect(map.id.rawValue > 0 && map.version == 1 && map.updatedAt == Self.at)
        #expect(try await store.journeyMap(id: map.id) == map)
        #expect(try await store.journeyMaps() == [map])
        var persona = try #require(try await store.persona(id: map.personaId))
        #expect(persona.quote == JourneyTemplate.repairCentre.persona.quote)
        persona.quote = "«Когда?»"
        #expect(try await store.savePersona(persona) == persona)
        #expect(try await store.personas() == [persona])
        // A persona a map follows stays; an unknown one is not found.
        await #expect(throws: StoreError.inUse(entity: "personas", id: persona.id.rawValue)) {
            try await store.deletePersona(id: persona.id)
        }
        await #expect(throws: StoreError.notFound(entity: "personas", id: 999)) {
            _ = try await store.savePersona(Persona(id: Identifier(999), name: "x"))
        }
        await #expect(throws: StoreError.missingReference(field: "segment_id", id: 5)) {
            _ = try await store.savePersona(Persona(id: Identifier(0), name: "x", segmentId: Identifier(5)))
        }
        await #expect(throws: StoreError.missingReference(field: "persona_id", id: 77)) {
            _ = try await store.createJourneyMap(
                JourneyMap(id: Identifier(0), title: "t", personaId: Identifier(77)), by: nil, actor: "a", at: Self.at)
        }
        try await store.deleteJourneyMap(id: map.id)
        #expect(try await store.journeyMap(id: map.id) == nil)
        try await store.deletePersona(id: persona.id)
        #expect(try await store.personas().isEmpty)
    }

    @Test(arguments: Kind.allCases)
    func editsMakeVersionsWithHistory(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        let map = try await Self.newMap(store)
        let edited = try await store.editJourneyMap(
            id: map.id,
            [
                .setCell(
                    stage: "search", lane: "thoughts", cell: .init("«Где отзывы?»", basis: .evidence),
                    expected: map.stage("search")?.cells["thoughts"]),
                .setEmotion(stage: "search", emotion: -2, desired: 1, expected: nil),
                .splitStage(stage: "purchase", newName: "Ожидание ремонта"),
            ], by: Identifier(2), actor: "Борис", at: Self.at.addingTimeInterval(60))
        #expect(edited.version == 2)
        #expect(edited.stage("search")?.cells["thoughts"] == .init("«Где отзывы?»", basis: .evidence))
        #expect(edited.stage("search")?.emotion == -2)
        #expect(edited.stages.map(\.name)[4] == "Ожидание ремонта")
        #expect(try await store.journeyMap(id: map.id) == edited)
        let history = try await store.journeyHistory(id: map.id)
        #expect(history.map(\.version) == [2, 1])
        #expect(history[0].actor == "Борис" && history[0].userId == Identifier(2))
        #expect(history[0].what.map(\.kind) == ["cell", "emotion", "stage_split"])
        #expect(history[1].what.map(\.kind) == ["created"])
        // Comments sit beside the cells, oldest first, and change no version.
        let later = Self.at.addingTimeInterval(120)
        try await store.commentJourneyMap(
            id: map.id,
            JourneyComment(stage: "search", lane: "thoughts", text: " Откуда это? ", at: Self.at, userId: Identifier(2), actor: "Борис"))
        try await store.commentJourneyMap(
            id: map.id, JourneyComment(stage: "search", lane: "thoughts", text: "Из интервью", at: later, userId: nil, actor: "Анна"))
        let comments = try await store.journeyComments(id: map.id)
        #expect(comments.map(\.text) == ["Откуда это?", "Из интервью"] && comments[0].userId == Identifier(2) && comments[1].at == later)
        #expect(try await store.journeyMap(id: map.id)?.version == 2)
        await #expect(throws: StoreError.self) {
            try await store.commentJourneyMap(
                id: map.id, JourneyComment(stage: "search", lane: "thoughts", text: "  ", at: Self.at, userId: nil, actor: "a"))
        }
        await #expect(throws: StoreError.notFound(entity: "journey_maps", id: 404)) {
            try await store.commentJourneyMap(
                id: Identifier(404), JourneyComment(stage: "s", lane: "l", text: "x", at: Self.at, userId: nil, actor: "a"))
        }
    }

    /// Two people open the map; one saves a cell, then the other saves a different cell (kept: both changes
    /// are in the map) and then the same cell (refused: nothing overwritten, nothing saved).
    @Test(arguments: Kind.allCases)
    func twoEditorsNeverOverwriteEachOther(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        let opened = try await Self.newMap(store)
        let seen = opened.stage("choice")?.cells["barriers"]
        _ = try await store.editJourneyMap(
            id: opened.id, [.setCell(stage: "choice", lane: "barriers", cell: .init("Первый"), expected: seen)], by: nil, actor: "A",
            at: Self.at)
        let second = try await store.editJourneyMap(
            id: opened.id, [.setCell(stage: "use", lane: "goals", cell: .init("Второй"), expected: opened.stage("use")?.cells["goals"])],
            by: nil, actor: "B", at: Self.at)
        #expect(second.stage("choice")?.cells["barriers"]?.text == "Первый")
        #expect(second.stage("use")?.cells["goals"]?.text == "Второй")
        await #expect(throws: JourneyEditProblem.self) {
            _ = try await store.editJourneyMap(
                id: opened.id,
                [
                    .setTitle("Не сохранится"),
                    .setCell(stage: "choice", lane: "barriers", cell: .init("Затёр бы"), expected: seen),
                ], by: nil, actor: "B", at: Self.at)
        }
        let stored = try #require(try await store.journeyMap(id: opened.id))
        #expect(stored.version == 3 && stored.title == opened.title && stored.stage("choice")?.cells["barriers"]?.text == "Первый")
        // Many writers at once, each on its own cell: every one of them is kept.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<12 {
                group.addTask {
                    _ = try await store.editJourneyMap(
                        id: opened.id, [.addLane(title: "Полоса \(n)")], by: nil, actor: "writer \(n)", at: Self.at)
                }
            }
            try await group.waitForAll()
        }
        let final = try #require(try await store.journeyMap(id: opened.id))
        #expect(final.version == 15 && final.lanes.count == JourneyMap.standardLanes.count + 12)
        // A whole-map replacement names the version it was made from.
        await #expect(throws: JourneyEditProblem.self) {
            _ = try await store.replaceJourneyMap(final, expectedVersion: 3, by: nil, actor: "C", at: Self.at)
        }
        #expect(try await store.replaceJourneyMap(final, expectedVersion: 15, by: nil, actor: "C", at: Self.at).version == 16)
    }

    @Test(arguments: Kind.allCases)
    func invalidMapsAreRefusedWithTheirField(kind: Kind) async throws {
        let (store, directory) = try Self.make(kind)
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        let map = try await Self.newMap(store)
        do {
            _ = try await store.editJourneyMap(
                id: map.id, [.setEmotion(stage: "use", emotion: 3, desired: nil, expected: nil)], by: nil, actor: "a", at: Self.at)
            Issue.record("an emotion of 3 was saved")
        } catch let problem as JourneyEditProblem {
            #expect(problem.problem.field == "stages/4/emotion" && problem.problem.code == "out_of_range")
        }
        await #expect(throws: StoreError.notFound(entity: "journey_maps", id: 404)) {
            _ = try await store.editJourneyMap(id: Identifier(404), [.setTitle("x")], by: nil, actor: "a", at: Self.at)
        }
        #expect(try await store.journeyMap(id: map.id)?.version == 1)
    }
}
