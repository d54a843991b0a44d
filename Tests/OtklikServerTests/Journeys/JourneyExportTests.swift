import Foundation
import Hummingbird
import HummingbirdTesting
import OtklikCore
import OtklikStore
import Testing

@testable import OtklikServer

/// A map's exports: the JSON document reads back into the same map (through the API too, with its version
/// guarding against overwriting a newer map), Markdown and Mermaid are compared with golden files.
@Suite("Journey map exports")
struct JourneyExportTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// The repair-centre template with something in every part: an evidence cell, a custom lane, a target,
    /// an action with an owner and a date, a validation, and text that needs escaping in both formats.
    static func sample() throws -> (JourneyMap, Persona) {
        let persona = JourneyTemplate.repairCentre.persona
        var map = JourneyTemplate.repairCentre.map(
            id: Identifier(7), personaId: Identifier(3), touchpoints: [Touchpoint(id: Identifier(2), name: "Приёмка", stage: .purchase)])
        map = try map.applying([
            .addLane(title: "Документы"),
            .setCell(stage: "purchase", lane: "custom-7", cell: .init("Квитанция | акт\nвторой строкой"), expected: nil),
            .setCell(stage: "search", lane: "thoughts", cell: .init("«Цены: от 500 ₽; #1 в поиске»", basis: .evidence), expected: nil),
            .setTargetNPS(stage: "use", 45),
            .addAction(
                stage: "use", JourneyMap.CompanyAction(id: "", text: "SMS при сдвиге срока", ownerId: Identifier(2), due: "2027-01-31")),
            .addValidation(
                JourneyMap.Validation(customer: "И. П.", day: "2026-11-30", agreement: ["use": true, "choice": false], note: "Узнал себя")),
            .setStatus(.validated),
        ])
        (map.version, map.updatedAt) = (4, Date(timeIntervalSince1970: 1_764_500_000))
        return (map, persona)
    }

    @Test func theDocumentReadsBackIntoTheSameMap() throws {
        let (map, persona) = try Self.sample()
        let data = try JourneyDocument(persona: persona, map: map).encoded()
        let back = try JourneyDocument.decode(data)
        #expect(back.map == map && back.persona == persona)
        #expect(back.map.stage("use")?.targetNPS == 45, "snake_case keys read back (target_nps)")
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"target_nps\" : 45") && text.contains("\"format\" : \"otklik.journey-map\""))
        // Not a map export, or an invalid map: refused with the field at fault.
        #expect(throws: FieldProblem.self) { try JourneyDocument.decode(Data("{\"format\":\"csv\"}".utf8)) }
        var broken = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        var inner = broken["map"] as! [String: Any]
        var stages = inner["stages"] as! [[String: Any]]
        stages[1]["emotion"] = 7
        inner["stages"] = stages
        broken["map"] = inner
        do {
            _ = try JourneyDocument.decode(try JSONSerialization.data(withJSONObject: broken))
            Issue.record("an emotion of 7 was read")
        } catch let error as FieldProblem {
            #expect(error.field == "map/stages/1/emotion" && error.code == "out_of_range")
        }
    }

    @Test func markdownAndMermaidMatchTheirGoldenFiles() throws {
        let (map, persona) = try Self.sample()
        let names = JourneyExport.Names(
            touchpoint: { $0 == Identifier(2) ? "Приёмка" : "?" }, user: { $0 == Identifier(2) ? "Наталья Павлова" : "?" })
        for (file, text) in [
            ("journey.md", JourneyExport.markdown(map, persona, strings: Strings(.ru), names: names)),
            ("journey.mmd", JourneyExport.mermaid(map, persona)),
        ] {
            let url = Self.golden.appendingPathComponent(file)
            if ProcessInfo.processInfo.environment["OTKLIK_UPDATE_GOLDEN"] != nil {
                try text.write(to: url, atomically: true, encoding: .utf8)
            }
            #expect(text == (try String(contentsOf: url, encoding: .utf8)), "\(file) differs: OTKLIK_UPDATE_GOLDEN=1 rewrites it")
        }
        let mermaid = JourneyExport.mermaid(map, persona)
        // Every task line is "text: score: actor" with exactly two colons.
        for line in mermaid.split(separator: "\n") where line.hasPrefix("      ") {
            #expect(line.filter { $0 == ":" }.count == 2, "\(line)")
        }
    }

    @Test func theAPIExportsImportsAndRefusesAStaleReplacement() async throws {
        let app = try await TestApp.make()
        let (map, persona) = try Self.sample()
        _ = try await app.services.store.save(Touchpoint(id: Identifier(0), name: "Приёмка", stage: .purchase))
        _ = try await app.services.store.save(Touchpoint(id: Identifier(0), name: "Выдача", stage: .use))
        try await app.services.live.referenceDataChanged()
        let body = try JourneyDocument(persona: persona, map: map).encoded()
        try await app.test { client in
            let created = try await client.call(.post, "/api/v1/journeys", token: app.admin, raw: Array(body))
            #expect(created.0 == .created, "\(String(decoding: created.2, as: UTF8.self))")
            let document = try JourneyDocument.decode(created.2)
            #expect(document.map.version == 1 && document.map.stages == map.stages && document.map.lanes == map.lanes)
            let id = document.map.id
            // Read: the map with its data and blind spots; exports by format.
            let detail = object(try await client.call(.get, "/api/v1/journeys/\(id)?from=2020-01-01&to=2030-12-31", token: app.reader).2)
            #expect((detail["blind_spots"] as? [[String: Any]])?.contains { $0["kind"] as? String == "noTouchpoint" } == true)
            #expect((detail["map"] as? [String: Any])?["title"] as? String == map.title)
            for (format, type) in [
                ("markdown", "text/markdown"), ("mermaid", "text/vnd.mermaid"), ("svg", "image/svg+xml"), ("json", "application/json"),
            ] {
                let (status, contentType, bytes) = try await client.call(.get, "/api/v1/journeys/\(id)?format=\(format)", token: app.reader)
                #expect(status == .ok && !bytes.isEmpty && contentType.hasPrefix(type), "\(format): \(status) \(contentType)")
            }
            let badFormat = try await client.call(.get, "/api/v1/journeys/\(id)?format=pdf", token: app.reader)
            #expect(badFormat.0 == .badRequest)
            // Replace: from version 1 it succeeds once; the same document again is stale (409) and changes nothing.
            var changed = document
            changed.map.title = "Новое название"
            let replaced = try await client.call(.put, "/api/v1/journeys/\(id)", token: app.admin, raw: Array(try changed.encoded()))
            #expect(replaced.0 == .ok)
            let stale = try await client.call(.put, "/api/v1/journeys/\(id)", token: app.admin, raw: Array(try document.encoded()))
            #expect(stale.0 == .conflict)
            #expect(try await app.services.journeyStore.journeyMap(id: id)?.title == "Новое название")
            // Unknown touchpoints and a read token are refused.
            var unknown = document
            unknown.map.stages[0].touchpointIds = [Identifier(999)]
            let refused = try await client.call(.post, "/api/v1/journeys", token: app.admin, raw: Array(try unknown.encoded()))
            #expect(
                refused.0 == .unprocessableContent && String(decoding: refused.2, as: UTF8.self).contains("map/stages/0/touchpoint_ids"))
            #expect(try await client.call(.post, "/api/v1/journeys", token: app.reader, raw: Array(body)).0 == .forbidden)
        }
    }
}
