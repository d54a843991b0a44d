import ArgumentParser
import Foundation
import OtklikServer

@main
struct Otklik: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "otklik",
        abstract: "Otklik — customer-experience management: collect feedback, measure it honestly, act on it.",
        discussion: """
            Settings come from flags, then the environment (OTKLIK_HOST, OTKLIK_PORT, OTKLIK_DATA_DIR), then defaults.
            Start with `otklik demo` to see it with realistic data.
            """,
        subcommands: [Serve.self, Demo.self, Import.self, Export.self, Report.self, Token.self, Migrate.self, Bench.self])
}

/// Flags shared by every command that opens the data directory.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "Directory of the database (default: $OTKLIK_DATA_DIR or ./otklik-data).")
    var dataDir: String?

    func config(defaultDirectory: String = "otklik-data") -> ServerConfig {
        var config = ServerConfig.fromEnvironment()
        if let dataDir {
            config.dataDirectory = URL(fileURLWithPath: dataDir)
        } else if ProcessInfo.processInfo.environment["OTKLIK_DATA_DIR"] == nil {
            config.dataDirectory = URL(fileURLWithPath: defaultDirectory)
        }
        return config
    }
}

struct ServerOptions: ParsableArguments {
    @Option(help: "Port to listen on (default: $OTKLIK_PORT or 8080).")
    var port: Int?
    @Option(help: "Address to listen on (default: $OTKLIK_HOST or 127.0.0.1).")
    var host: String?

    func apply(to config: inout ServerConfig) {
        if let port { config.port = port }
        if let host { config.host = host }
    }
}

/// One line on stderr and a non-zero exit: how the CLI reports a user's mistake.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension CLIError: LocalizedError {
    var errorDescription: String? { description }
}

/// `--filter NAME=VALUE` options (report, export) as query parameters, the same as the API's.
func readFilters(_ filters: [String], into parameters: inout [String: String]) throws {
    for item in filters {
        let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw CLIError("--filter \(item): expected NAME=VALUE") }
        parameters[parts[0]] = parts[1]
    }
}
