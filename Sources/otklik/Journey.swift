import ArgumentParser
import Foundation
import OtklikCore
import OtklikServer
import OtklikStore

struct Journey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Customer journey maps: list, export, import.", subcommands: [List.self, Export.self, Import.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the maps: id, status, version, title, persona.")
        @OptionGroup var data: DataOptions

        func run() async throws {
            let services = try await Services.open(data.config(), store: try data.openStore(), loadIndex: false)
            let personas = Dictionary(try await services.journeyStore.personas().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            for map in try await services.journeyStore.journeyMaps() {
                print("\(map.id)\t\(map.status.rawValue)\tv\(map.version)\t\(map.title)\t\(personas[map.personaId] ?? "")")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export a map: json (imports back whole), markdown, mermaid, or svg (the emotion curves with the last 90 days' data)."
        )
        @OptionGroup var data: DataOptions
        @Argument(help: "The map's id (see `otklik journey list`).")
        var id: Int64
        @Option(help: "json, markdown, mermaid or svg.")
        var format: String = "json"
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
        var output: String?

        func run() async throws {
            guard let format = JourneyExportFormat(rawValue: format) else {
                throw CLIError("--format: use json, markdown, mermaid or svg")
            }
            let services = try await Services.open(data.config(), store: try data.openStore(), loadIndex: format == .svg)
            guard let map = try await services.journeyStore.journeyMap(id: Identifier(id)) else {
                throw CLIError("no journey map \(id) (see `otklik journey list`)")
            }
            let bytes = try await services.journeyExport(map, format: format)
            if let output {
                try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
                print("wrote \(output) (\(bytes.count) bytes)")
            } else {
                FileHandle.standardOutput.write(Data(bytes))
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a map exported as JSON: a new map, or with --replace the map it came from.",
            discussion: """
                With --replace, the map must still be at the version the file was exported from: a map changed since is
                not overwritten (export it again, merge, import).
                """)
        @OptionGroup var data: DataOptions
        @Argument(help: "The JSON file (`otklik journey export ID`).")
        var file: String
        @Option(help: "Replace this map (its persona too) instead of adding a new one.")
        var replace: Int64?

        func run() async throws {
            let bytes: Data
            do {
                bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw CLIError("\(file): cannot read it (\(error.localizedDescription))")
            }
            let document: JourneyDocument
            do {
                document = try JourneyDocument.decode(bytes)
            } catch {
                throw CLIError("\(file): \(error.field.isEmpty ? "" : error.field + ": ")\(error.message)")
            }
            let services = try await Services.open(data.config(), store: try data.openStore(), loadIndex: false)
            let actor = "otklik journey import"
            do {
                if let replace {
                    guard let replaced = try await services.journeys.replace(Identifier(replace), with: document, actor: actor) else {
                        throw CLIError("no journey map \(replace)")
                    }
                    print("replaced journey map \(replaced.map.id) (now version \(replaced.map.version))")
                    return
                }
                let created = try await services.journeys.importAsNew(document, actor: actor).map
                print("imported journey map \(created.id): \(created.title)")
            } catch let problem as JourneyEditProblem {
                throw CLIError("\(file): \(problem.problem.message); nothing was changed")
            } catch let problem as FieldProblem {
                throw CLIError("\(file): \(problem.field): \(problem.message); nothing was changed")
            }
        }
    }
}
