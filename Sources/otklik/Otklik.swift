import ArgumentParser
import Foundation
import OtklikCore
import OtklikServer
import OtklikStore

@main
struct Otklik: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "otklik",
        abstract: "Otklik — customer-experience management: collect feedback, measure it honestly, act on it.",
        discussion: """
            Settings come from flags, then the environment (OTKLIK_HOST, OTKLIK_PORT, OTKLIK_DATA_DIR, OTKLIK_DATABASE_URL),
            then defaults.
            Start with `otklik demo` to see it with realistic data.
            """,
        subcommands: [
            Serve.self, Demo.self, Import.self, Export.self, Report.self, Token.self, UserCommand.self, CustomerCommand.self, Journey.self,
            Value.self,
            Migrate.self,
            Check.self, Bench.self,
        ])
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

    /// The store of this configuration (`OTKLIK_DATABASE_URL`, else the data directory), migrated.
    func openStore(quickCheck: Bool = false) throws -> any Store & StoreMaintenance {
        try Self.openStore(config(), quickCheck: quickCheck)
    }

    static func openStore(_ config: ServerConfig, quickCheck: Bool = false) throws -> any Store & StoreMaintenance {
        do {
            return try StoreFactory.open(config, quickCheck: quickCheck)
        } catch let problem as FieldProblem {
            throw CLIError("\(problem.field): \(problem.message)")
        }
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
/// A `--time-zone` option's zone, or `fallback` (the organisation's) without one.
func zoneOption(named name: String?, fallback: TimeZone) throws -> TimeZone {
    guard let name else { return fallback }
    guard let zone = TimeZone(identifier: name) else { throw CLIError("--time-zone: unknown zone \(name)") }
    return zone
}

/// A file read on the terminal: a progress bar while `body` reads it, and the readers' own failures — a file that
/// cannot be read, broken quoting, an encoding that is not the one said — as one line naming the file.
func importing<T>(_ file: String, _ body: (ProgressBar) async throws -> T) async throws -> T {
    let progress = ProgressBar(label: "Importing \(URL(fileURLWithPath: file).lastPathComponent)", unit: .bytes)
    defer { progress.finish() }
    do {
        return try await body(progress)
    } catch let failure as ImportSource.Failure {
        throw CLIError(failure.description)
    } catch let failure as TextEncoding.Failure {
        throw CLIError("\(file): \(failure.description)")
    } catch let failure as FileImport.Failure {
        throw CLIError("\(file): \(failure.description)")
    } catch let failure as OrderFileImport.Failure {
        throw CLIError("\(file): \(failure.description)")
    }
}

/// One line of JSON, snake_case keys in order: what `--json` prints.
func printJSONLine(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension CLIError: LocalizedError {
    var errorDescription: String? { description }
}

/// Which responses a command looks at: the same parameters as the API's (`survey`, `from`, `to`, and any
/// other as `--filter NAME=VALUE`).
struct ScopeOptions: ParsableArguments {
    @Option(help: "Survey id(s), comma-separated.")
    var survey: String?
    @Option(help: "First day (YYYY-MM-DD, organisation's time zone) or an RFC 3339 time.")
    var from: String?
    @Option(help: "Last day, inclusive (YYYY-MM-DD), or an RFC 3339 time (exclusive).")
    var to: String?
    @Option(
        help:
            "Other parameters as NAME=VALUE, as in the API (touchpoint=3, tag=vip, has_comment=true, nps=0..6, csat=4..5, q=очередь, compare=previous …)."
    )
    var filter: [String] = []

    func parameters() throws -> [String: String] {
        var parameters: [String: String] = [:]
        parameters["survey"] = survey
        parameters["from"] = from
        parameters["to"] = to
        for item in filter {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw CLIError("--filter \(item): expected NAME=VALUE") }
            parameters[parts[0]] = parts[1]
        }
        return parameters
    }
}
