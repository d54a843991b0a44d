import Foundation
import OtklikCore

/// The file a map travels in: its persona and the map, whole. `otklik journey export` and the API write it,
/// `otklik journey import` reads it back into the same map (or a new one) without losing anything.
public struct JourneyDocument: Codable, Sendable, Equatable {
    public static let formatName = "otklik.journey-map"

    public var format: String
    public var formatVersion: Int
    public var persona: Persona
    public var map: JourneyMap

    public init(persona: Persona, map: JourneyMap) {
        (format, formatVersion, self.persona, self.map) = (Self.formatName, 1, persona, map)
    }

    public func encoded() throws -> Data { try JSONCoding.makeEncoder(pretty: true).encode(self) }

    /// Reads a document, refusing another kind of file or an invalid map with the field at fault.
    public static func decode(_ data: Data) throws(FieldProblem) -> JourneyDocument {
        let document: JourneyDocument
        do {
            document = try JSONCoding.makeDecoder().decode(JourneyDocument.self, from: data)
        } catch let error as DecodingError {
            // The same reading of the error as the API's: the field at fault and what was wrong with it.
            let problem = API.problem(error).errors?.first
            throw FieldProblem(
                field: problem?.field ?? "", code: problem?.code ?? "malformed_json", message: problem?.message ?? "malformed JSON")
        } catch {
            throw FieldProblem(field: "", code: "malformed_json", message: "\(error)")
        }
        guard document.format == formatName, document.formatVersion == 1 else {
            throw FieldProblem(field: "format", code: "unsupported", message: "expected format \"\(formatName)\" version 1")
        }
        if let problem = document.persona.problems().first {
            throw FieldProblem(field: "persona/" + problem.field, code: problem.code, message: problem.message)
        }
        if let problem = document.map.problems().first {
            throw FieldProblem(field: "map/" + problem.field, code: problem.code, message: problem.message)
        }
        return document
    }
}

/// The map as text for people and other tools: Markdown (a table of stages × lanes) and a Mermaid `journey`
/// diagram. Names of touchpoints and owners come in from the caller.
enum JourneyExport {
    struct Names {
        var touchpoint: (Touchpoint.ID) -> String
        var user: (User.ID) -> String
    }

    static func markdown(_ map: JourneyMap, _ persona: Persona, strings s: Strings, names: Names) -> String {
        func cell(_ text: String) -> String {
            text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r\n", with: "<br>")
                .replacingOccurrences(of: "\n", with: "<br>")
        }
        func row(_ title: String, _ values: [String]) -> String { "| \(cell(title)) | " + values.map(cell).joined(separator: " | ") + " |" }
        var lines = ["# \(map.title)", ""]
        lines.append("**\(s[.journeyPersonaName]):** \(persona.name) · \(s.status(map.status)) · \(s[.historyVersion]) \(map.version)")
        lines.append("")
        for (key, text) in [
            (TextKey.personaPortrait, persona.portrait), (.personaNeeds, persona.needs), (.personaBehaviour, persona.behaviour),
        ]
        where !text.isEmpty {
            lines.append("- **\(s[key]):** \(text)")
        }
        if !persona.quote.isEmpty { lines += ["", "> \(persona.quote)"] }
        lines += ["", row("", map.stages.map(\.name)), "|---|" + String(repeating: "---|", count: map.stages.count)]
        for lane in map.lanes {
            lines.append(
                row(
                    s.lane(lane),
                    map.stages.map { stage in
                        guard let cell = stage.cells[lane.id] else { return "" }
                        return cell.basis == .evidence ? "\(cell.text) _(\(s.basis(.evidence)))_" : cell.text
                    }))
        }
        lines.append(row(s[.laneEmotion], map.stages.map { "\(s.emotion($0.emotion)) / \(s.emotion($0.desiredEmotion))" }))
        lines.append(row(s[.laneTouchpoints], map.stages.map { $0.touchpointIds.map(names.touchpoint).joined(separator: ", ") }))
        lines.append(
            row(
                s[.laneActions],
                map.stages.map { stage in
                    stage.actions.map { action in
                        let owner = action.ownerId.map(names.user) ?? s[.actionNoOwner]
                        return (action.done ? "✓ " : "") + "\(action.text) (\(owner)\(action.due.map { ", \($0)" } ?? ""))"
                    }.joined(separator: "\n")
                }))
        if !map.validations.isEmpty {
            lines += ["", "## \(s[.validationTitle])", ""]
            for validation in map.validations {
                let agreed = validation.agreement.values.filter { $0 }.count
                lines.append(
                    "- \(validation.day) — \(validation.customer): \(s[.validationAgreed]) \(agreed)/\(validation.agreement.count)"
                        + (validation.note.isEmpty ? "" : ". \(validation.note)"))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Mermaid `journey` diagram: a section per stage, its actions as the task and the emotion as the score
    /// (−2 … +2 → 1 … 5; 3 when unset). Colons, semicolons and hashes would end a task early: replaced.
    static func mermaid(_ map: JourneyMap, _ persona: Persona) -> String {
        func clean(_ text: String, limit: Int = 80) -> String {
            let flat = text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: ":", with: " —")
                .replacingOccurrences(of: ";", with: ",").replacingOccurrences(of: "#", with: "№")
                .trimmingCharacters(in: .whitespaces)
            return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
        }
        let actor = clean(persona.name.split(separator: ",").first.map(String.init) ?? persona.name, limit: 30)
        var lines = ["journey", "    title \(clean(map.title))"]
        for stage in map.stages {
            lines.append("    section \(clean(stage.name))")
            let task = stage.cells["doing"]?.text ?? ""
            lines.append("      \(clean(task.isEmpty ? stage.name : task)): \((stage.emotion ?? 0) + 3): \(actor)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// What a map is exported as: its JSON document (imports back), Markdown, a Mermaid diagram, the emotion chart.
public enum JourneyExportFormat: String, Sendable, CaseIterable {
    case json, markdown, mermaid, svg

    var fileExtension: String {
        switch self {
        case .json: "json"
        case .markdown: "md"
        case .mermaid: "mmd"
        case .svg: "svg"
        }
    }

    var contentType: String {
        switch self {
        case .json: "application/json; charset=utf-8"
        case .markdown: "text/markdown; charset=utf-8"
        case .mermaid: "text/vnd.mermaid; charset=utf-8"
        case .svg: "image/svg+xml; charset=utf-8"
        }
    }
}
