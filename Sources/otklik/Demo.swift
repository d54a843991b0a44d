import ArgumentParser
import Foundation
import Hummingbird
import OtklikCore
import OtklikServer
import OtklikStore

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a demo database (if absent) with six months of a Russian repair-centre chain's feedback, and serve it.",
        discussion: "The demo API lets requests without a token read; writing needs the admin token it prints.")

    @Option(name: .long, help: "Directory of the demo database.")
    var dataDir = "otklik-data/demo"
    @OptionGroup var server: ServerOptions
    @Flag(help: "Delete the demo database first and build it anew.")
    var reset = false
    @Flag(help: "Create the database and exit without serving.")
    var noServe = false

    func run() async throws {
        let directory = URL(fileURLWithPath: dataDir)
        if reset { try? FileManager.default.removeItem(at: directory) }
        var config = ServerConfig.fromEnvironment()
        config.dataDirectory = directory
        config.anonymousRead = true
        server.apply(to: &config)

        let store = SQLiteStore(try AppDatabase.open(directory: directory))
        var today = LocalDayConverter(timeZone: TimeZone(identifier: "Europe/Moscow")!)
        // The demo's last day is yesterday: a day of answers that ends in the evening must not lie in the future.
        let endDay = today.day(ofUnixSeconds: Int64(Date().timeIntervalSince1970)) - 1
        let progress = ProgressBar(label: "Creating demo data")
        let loaded = try await DemoLoader.loadIfEmpty(store, endingOn: endDay) { progress.update($0, of: $1) }
        let tokenFile = directory.appendingPathComponent("demo-admin-token.txt")
        if loaded > 0 {
            progress.finish()
            let (_, secret) = try await TokenService(store: store).create(name: "demo admin", scopes: [.admin])
            // Demo only: a real installation never writes a secret to disk.
            try (secret + "\n").write(to: tokenFile, atomically: true, encoding: .utf8)
            print("Demo database created in \(directory.path): \(loaded) responses.")
        }
        if noServe { return }
        let services = try await Services.open(config, store: store)
        try await DemoAccounts.createIfAbsent(services.accounts, store: store)
        let app = buildApplication(services: services)
        printBanner(services, config: config)
        let base = "http://\(config.host):\(config.port)"
        print("""
            Open \(base)/ and sign in as owner@demo.otklik, analyst@demo.otklik, manager@demo.otklik (one branch)
            or staff@demo.otklik (one master's own answers); the password of each is \(DemoAccounts.password).
            The public survey is at \(base)/s/\(services.catalog.snapshot.surveys.values.sorted { $0.id < $1.id }.first?.code ?? "…").
            Try:
              curl '\(base)/api/v1/metrics?metric=nps&by=touchpoint,week'
              curl '\(base)/api/v1/metrics?metric=nps&by=touchpoint&from=\(CivilDay.isoDate(ofDay: endDay - 27))&to=\(CivilDay.isoDate(ofDay: endDay))&compare=previous&sort=value'
              curl '\(base)/api/v1/responses?has_comment=true&limit=5'
            Reading needs no token in the demo; the admin token for writes is in \(tokenFile.path).
            """)
        try await app.runService()
    }
}

/// A one-line progress bar on stderr (only when stderr is a terminal).
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let enabled = isatty(2) == 1
    private var lastPercent = -1

    init(label: String) { self.label = label }

    func update(_ done: Int, of total: Int) {
        guard enabled, total > 0 else { return }
        let percent = done * 100 / total
        guard percent != lastPercent else { return }
        lastPercent = percent
        let width = 30, filled = percent * width / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(percent)% (\(done)/\(total))".utf8))
    }

    func finish() {
        if enabled && lastPercent >= 0 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
