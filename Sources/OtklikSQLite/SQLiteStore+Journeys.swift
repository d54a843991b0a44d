import Foundation
import GRDB
import OtklikCore
import OtklikStore

extension SQLiteStore: JourneyStore {
    public func personas() async throws -> [Persona] {
        try await writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM personas ORDER BY name, id").map(Self.persona(from:)) }
    }

    public func persona(id: Persona.ID) async throws -> Persona? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM personas WHERE id = ?", arguments: [id.rawValue]).map(Self.persona(from:))
        }
    }

    public func savePersona(_ persona: Persona) async throws -> Persona {
        let problems = persona.problems()
        if !problems.isEmpty { throw StoreError.invalid(problems) }
        return try await writer.write { db in
            if let segment = persona.segmentId,
                !(try Self.exists(db, "segments", segment.rawValue))
            {
                throw StoreError.missingReference(field: "segment_id", id: segment.rawValue)
            }
            var persona = persona
            let values: [(any DatabaseValueConvertible)?] = [
                persona.name, persona.segmentId?.rawValue, persona.portrait, persona.needs, persona.behaviour, persona.quote,
            ]
            if persona.id.rawValue == 0 {
                try db.execute(
                    sql: "INSERT INTO personas (name, segment_id, portrait, needs, behaviour, quote) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: StatementArguments(values))
                persona.id = Identifier(db.lastInsertedRowID)
            } else {
                try db.execute(
                    sql: "UPDATE personas SET name = ?, segment_id = ?, portrait = ?, needs = ?, behaviour = ?, quote = ? WHERE id = ?",
                    arguments: StatementArguments(values + [persona.id.rawValue]))
                guard db.changesCount == 1 else { throw StoreError.notFound(entity: "personas", id: persona.id.rawValue) }
            }
            return persona
        }
    }

    public func deletePersona(id: Persona.ID) async throws {
        try await writer.write { db in
            if try Self.exists(db, "journey_maps", id.rawValue, column: "persona_id") {
                throw StoreError.inUse(entity: "personas", id: id.rawValue)
            }
            try db.execute(sql: "DELETE FROM personas WHERE id = ?", arguments: [id.rawValue])
            guard db.changesCount == 1 else { throw StoreError.notFound(entity: "personas", id: id.rawValue) }
        }
    }

    public func journeyMaps() async throws -> [JourneyMap] {
        try await writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM journey_maps ORDER BY title, id").map(Self.journeyMap(from:))
        }
    }

    public func journeyMap(id: JourneyMap.ID) async throws -> JourneyMap? {
        try await writer.read { db in try Self.journeyMap(db, id: id.rawValue) }
    }

    public func createJourneyMap(_ map: JourneyMap, by userId: User.ID?, actor: String, at: Date) async throws -> JourneyMap {
        if let problem = map.problems().first { throw StoreError.invalid([problem]) }
        return try await writer.write { db in
            guard
                try Self.exists(db, "personas", map.personaId.rawValue)
            else { throw StoreError.missingReference(field: "persona_id", id: map.personaId.rawValue) }
            var map = map
            (map.version, map.updatedAt) = (1, at)
            try db.execute(
                sql: "INSERT INTO journey_maps (persona_id, title, status, version, document, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    map.personaId.rawValue, map.title, map.status.rawValue, map.version, try Self.document(map), at.timeIntervalSince1970,
                ])
            map.id = Identifier(db.lastInsertedRowID)
            try Self.recordChange(db, map, [JourneyChange.What(kind: "created")], userId: userId, actor: actor, at: at)
            return map
        }
    }

    public func editJourneyMap(
        id: JourneyMap.ID, _ edits: [JourneyEdit], by userId: User.ID?, actor: String, at: Date
    ) async throws -> JourneyMap {
        try await writer.write { db in
            guard let stored = try Self.journeyMap(db, id: id.rawValue) else {
                throw StoreError.notFound(entity: "journey_maps", id: id.rawValue)
            }
            return try Self.saveVersion(
                db, try stored.applying(edits), after: stored, edits.map(\.summary), userId: userId, actor: actor, at: at)
        }
    }

    public func replaceJourneyMap(
        _ map: JourneyMap, expectedVersion: Int, by userId: User.ID?, actor: String, at: Date
    ) async throws -> JourneyMap {
        if let problem = map.problems().first { throw StoreError.invalid([problem]) }
        return try await writer.write { db in
            guard let stored = try Self.journeyMap(db, id: map.id.rawValue) else {
                throw StoreError.notFound(entity: "journey_maps", id: map.id.rawValue)
            }
            guard stored.version == expectedVersion else {
                throw JourneyEditProblem.conflict(
                    "version", "the map was changed since version \(expectedVersion) (it is at \(stored.version) now)")
            }
            var map = map
            map.personaId = stored.personaId
            return try Self.saveVersion(
                db, map, after: stored, [JourneyChange.What(kind: "replaced")], userId: userId, actor: actor, at: at)
        }
    }

    public func journeyHistory(id: JourneyMap.ID) async throws -> [JourneyChange] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM journey_changes WHERE map_id = ? ORDER BY version DESC", arguments: [id.rawValue])
                .map { row in
                    JourneyChange(
                        version: row["version"], at: Date(timeIntervalSince1970: row["at"]),
                        userId: (row["user_id"] as Int64?).map(Identifier.init), actor: row["actor"],
                        what: try JSONDecoder().decode([JourneyChange.What].self, from: Data((row["what"] as String).utf8)))
                }
        }
    }

    public func deleteJourneyMap(id: JourneyMap.ID) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM journey_maps WHERE id = ?", arguments: [id.rawValue])
            guard db.changesCount == 1 else { throw StoreError.notFound(entity: "journey_maps", id: id.rawValue) }
        }
    }

    public func commentJourneyMap(id: JourneyMap.ID, _ comment: JourneyComment) async throws {
        let text = comment.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= JourneyComment.maxLength else {
            throw StoreError.invalid([
                FieldProblem(
                    field: "text", code: text.isEmpty ? "required" : "too_long", message: "1–\(JourneyComment.maxLength) characters")
            ])
        }
        try await writer.write { db in
            guard try Self.exists(db, "journey_maps", id.rawValue)
            else { throw StoreError.notFound(entity: "journey_maps", id: id.rawValue) }
            try db.execute(
                sql: "INSERT INTO journey_comments (map_id, stage, lane, text, at, user_id, actor) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    id.rawValue, comment.stage, comment.lane, text, comment.at.timeIntervalSince1970, comment.userId?.rawValue,
                    comment.actor,
                ])
        }
    }

    public func journeyComments(id: JourneyMap.ID) async throws -> [JourneyComment] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM journey_comments WHERE map_id = ? ORDER BY id", arguments: [id.rawValue]).map { row in
                JourneyComment(
                    stage: row["stage"], lane: row["lane"], text: row["text"], at: Date(timeIntervalSince1970: row["at"]),
                    userId: (row["user_id"] as Int64?).map(Identifier.init), actor: row["actor"])
            }
        }
    }

    // MARK: Rows

    /// Whether `table` has a row whose `column` is `value`.
    static func exists(_ db: Database, _ table: String, _ value: Int64, column: String = "id") throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE \(column) = ?)", arguments: [value]) == true
    }

    /// What of a map is kept as one JSON document.
    private struct Document: Codable {
        var locationIds: [Location.ID]
        var lanes: [JourneyMap.Lane]
        var stages: [JourneyMap.Stage]
        var validations: [JourneyMap.Validation]
    }

    private static func document(_ map: JourneyMap) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let document = Document(locationIds: map.locationIds, lanes: map.lanes, stages: map.stages, validations: map.validations)
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    private static func saveVersion(
        _ db: Database, _ map: JourneyMap, after stored: JourneyMap, _ what: [JourneyChange.What], userId: User.ID?,
        actor: String, at: Date
    ) throws -> JourneyMap {
        var map = map
        (map.id, map.version, map.updatedAt) = (stored.id, stored.version + 1, at)
        try db.execute(
            sql: "UPDATE journey_maps SET title = ?, status = ?, version = ?, document = ?, updated_at = ? WHERE id = ? AND version = ?",
            arguments: [
                map.title, map.status.rawValue, map.version, try document(map), at.timeIntervalSince1970, map.id.rawValue, stored.version,
            ])
        try recordChange(db, map, what, userId: userId, actor: actor, at: at)
        return map
    }

    private static func recordChange(
        _ db: Database, _ map: JourneyMap, _ what: [JourneyChange.What], userId: User.ID?, actor: String, at: Date
    ) throws {
        try db.execute(
            sql: "INSERT INTO journey_changes (map_id, version, at, user_id, actor, what) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                map.id.rawValue, map.version, at.timeIntervalSince1970, userId?.rawValue, actor,
                String(decoding: try JSONEncoder().encode(what), as: UTF8.self),
            ])
    }

    private static func journeyMap(_ db: Database, id: Int64) throws -> JourneyMap? {
        try Row.fetchOne(db, sql: "SELECT * FROM journey_maps WHERE id = ?", arguments: [id]).map(journeyMap(from:))
    }

    private static func journeyMap(from row: Row) throws -> JourneyMap {
        let document = try JSONDecoder().decode(Document.self, from: Data((row["document"] as String).utf8))
        return JourneyMap(
            id: Identifier(row["id"]), title: row["title"], personaId: Identifier(row["persona_id"]),
            status: JourneyMap.Status(rawValue: row["status"]) ?? .draft, locationIds: document.locationIds, lanes: document.lanes,
            stages: document.stages, validations: document.validations, version: row["version"],
            updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }

    private static func persona(from row: Row) -> Persona {
        Persona(
            id: Identifier(row["id"]), name: row["name"], segmentId: (row["segment_id"] as Int64?).map(Identifier.init),
            portrait: row["portrait"], needs: row["needs"], behaviour: row["behaviour"], quote: row["quote"])
    }
}
