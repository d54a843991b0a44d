import ArgumentParser
import Foundation
import OtklikCore
import OtklikServer
import OtklikStore

struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage API tokens.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print its secret (shown once; only its hash is stored).")
        @OptionGroup var data: DataOptions
        @Option(help: "Scope: ingest, read or admin (repeat for several).")
        var scope: [String] = ["read"]
        @Option(help: "A name to recognise the token by.")
        var name: String = "cli"

        func run() async throws {
            let store = try data.openStore()
            var scopes = Set<APIToken.Scope>()
            for name in scope {
                guard let value = APIToken.Scope(rawValue: name) else {
                    throw CLIError("unknown scope \"\(name)\"; use ingest, read or admin")
                }
                scopes.insert(value)
            }
            let secret: String
            do {
                secret = try await TokenService(store: store).create(name: name, scopes: scopes).secret
            } catch let problem as FieldProblem {
                throw CLIError("--name: \(problem.message)")
            }
            print(secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (without their secrets).")
        @OptionGroup var data: DataOptions

        func run() async throws {
            let store = try data.openStore()
            for token in try await store.tokens() {
                let state = token.revokedAt == nil ? "active" : "revoked"
                print(
                    "\(token.id)\t\(token.prefix)…\t\(token.name)\t\(token.scopes.map(\.rawValue).sorted().joined(separator: ","))\t\(state)"
                )
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id.")
        @OptionGroup var data: DataOptions
        @Argument(help: "The token's id (see `otklik token list`).")
        var id: Int64

        func run() async throws {
            let store = try data.openStore()
            try await store.revokeToken(id: Identifier(id))
            print("revoked token \(id)")
        }
    }
}
