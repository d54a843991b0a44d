import ArgumentParser
import Foundation
import OtklikCore
import OtklikServer
import OtklikStore

/// A customer's rights: their data on request, erasure on request, and who has seen it.
struct CustomerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer", abstract: "Export or erase a customer's personal data; show the audit log.",
        discussion: """
            Erasure removes the customer's name, contacts and external id, and from their responses the comment, the
            order id and free-text answers; scores and choices stay, so metrics do not change. Every export, erasure
            and API read of customers is in the audit log. On a running server, erase through the API
            (POST /api/v1/customers/{id}/erase) so that its comment filters forget the erased comments at once.
            """,
        subcommands: [ExportData.self, Erase.self, Audit.self])

    /// The audit log's name for whoever runs the CLI.
    static var actor: String { "cli (\(ProcessInfo.processInfo.environment["USER"] ?? "unknown user"))" }

    static func personalData(_ data: DataOptions) async throws -> PersonalData {
        PersonalData(services: try await Services.open(data.config(), store: data.openStore(), loadIndex: false))
    }

    struct ExportData: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Print (or write) everything stored about a customer, as JSON.")
        @OptionGroup var data: DataOptions
        @Argument(help: "The customer's id.")
        var id: Int64
        @Option(help: "Write to this file instead of standard output.")
        var output: String?

        func run() async throws {
            guard let export = try await CustomerCommand.personalData(data).export(Identifier(id), actor: CustomerCommand.actor)
            else { throw CLIError("customer \(id) does not exist") }
            let json = try JSONCoding.makeEncoder(pretty: true).encode(export)
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: json, attributes: [.posixPermissions: 0o600])
                else { throw CLIError("\(output): cannot create the file") }
                FileHandle.standardError.write(
                    Data("wrote customer \(id)'s data (\(export.responses.count) responses) to \(output)\n".utf8))
            } else {
                print(String(decoding: json, as: UTF8.self))
            }
        }
    }

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Erase a customer's personal data (keeps the anonymous scores).")
        @OptionGroup var data: DataOptions
        @Argument(help: "The customer's id.")
        var id: Int64

        func run() async throws {
            guard let erasure = try await CustomerCommand.personalData(data).erase(Identifier(id), actor: CustomerCommand.actor)
            else { throw CLIError("customer \(id) does not exist") }
            print("erased customer \(id): name and contacts removed, \(erasure.responsesChanged) responses anonymised")
        }
    }

    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Who viewed, exported or erased personal data, newest first.")
        @OptionGroup var data: DataOptions
        @Option(help: "How many entries.")
        var limit = 50

        func run() async throws {
            let store = try data.openStore()
            for entry in try await store.auditEntries(limit: limit) {
                print("\(JSONCoding.formatDate(entry.at))\t\(entry.actor)\t\(entry.action.rawValue)\t\(entry.subject)")
            }
        }
    }
}
