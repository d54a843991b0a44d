import ArgumentParser
import Foundation
import Hummingbird
import OtklikCore
import OtklikServer
import OtklikStore

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a demo database (if absent) with six months of a Russian repair-centre chain's feedback, and serve it.",
        discussion: """
            The demo's API needs a token like any installation's (its answers hold customers' names and contacts, and a
            demo is often started on a reachable host): a read token and an admin token are saved in the data directory.
            """)

    @Option(name: .long, help: "Directory of the demo database (default: otklik-data/demo, with --retail otklik-data/retail).")
    var dataDir: String?
    @Flag(
        help:
            "Serve a second, real business instead: the UCI Online Retail II sales (a UK online gift shop, 2009–2010) on the customer value pages."
    )
    var retail = false
    @Option(help: "The Online Retail II file for --retail (default: ../shared/data/online-retail-ii-2009-2010.csv.gz).")
    var retailFile = "../shared/data/online-retail-ii-2009-2010.csv.gz"
    @OptionGroup var server: ServerOptions
    @Flag(help: "Delete the demo database first and build it anew.")
    var reset = false
    @Flag(help: "Create the database and exit without serving.")
    var noServe = false

    func run() async throws {
        let directory = URL(fileURLWithPath: dataDir ?? (retail ? "otklik-data/retail" : "otklik-data/demo"))
        if reset { try? FileManager.default.removeItem(at: directory) }
        var config = ServerConfig.fromEnvironment()
        config.dataDirectory = directory
        config.databaseURL = nil  // the demo keeps its own database, in its directory
        server.apply(to: &config)

        let store = try DataOptions.openStore(config)
        if retail { return try await runRetail(store, config: config, directory: directory) }
        var today = LocalDayConverter(timeZone: TimeZone(identifier: "Europe/Moscow")!)
        // The demo's last day is yesterday: a day of answers that ends in the evening must not lie in the future.
        let endDay = today.day(ofUnixSeconds: Int64(Date().timeIntervalSince1970)) - 1
        let progress = ProgressBar(label: "Creating demo data")
        let loaded = try await DemoLoader.loadIfEmpty(store, endingOn: endDay) { progress.update($0, of: $1) }
        if loaded > 0 {
            progress.finish()
            print("Demo database created in \(directory.path): \(loaded) responses.")
        }
        // Demo only: a real installation never writes a secret to disk. Made again if deleted.
        let tokens = TokenService(store: store)
        var tokenFiles: [APIToken.Scope: URL] = [:]
        for scope in [APIToken.Scope.read, .admin] {
            let file = directory.appendingPathComponent("demo-\(scope.rawValue)-token.txt")
            tokenFiles[scope] = file
            guard !FileManager.default.fileExists(atPath: file.path) else { continue }
            let (_, secret) = try await tokens.create(name: "demo \(scope.rawValue)", scopes: [scope])
            try (secret + "\n").write(to: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        }
        if noServe { return }
        let services = try await Services.open(config, store: store)
        try await DemoAccounts.createIfAbsent(services.accounts, store: store)
        try await DemoJourneys.createIfAbsent(services.journeyStore, users: try await store.users())
        let app = buildApplication(services: services) { [config, tokenFiles] _ in
            printBanner(services, config: config)
            let base = "http://\(config.host):\(config.port)"
            print(
                """
                Open \(base)/ and sign in as owner@demo.otklik, analyst@demo.otklik, manager@demo.otklik (one branch)
                or staff@demo.otklik (one master's own answers); the password of each is \(DemoAccounts.password).
                The public survey is at \(base)/s/\(services.catalog.snapshot.surveys.values.sorted { $0.id < $1.id }.first?.code ?? "…").
                Try:
                  TOKEN=$(cat \(tokenFiles[.read]!.path))
                  curl -H "Authorization: Bearer $TOKEN" '\(base)/api/v1/metrics?metric=nps&by=touchpoint,week'
                  curl -H "Authorization: Bearer $TOKEN" '\(base)/api/v1/metrics?metric=nps&by=touchpoint&from=\(CivilDay.isoDate(ofDay: endDay - 27))&to=\(CivilDay.isoDate(ofDay: endDay))&compare=previous&sort=value'
                  curl -H "Authorization: Bearer $TOKEN" '\(base)/api/v1/responses?has_comment=true&limit=5'
                The admin token (for writes) is in \(tokenFiles[.admin]!.path).
                """)
        }
        try await runServer(app, services: services, config: config)
    }
}

extension Demo {
    /// The Online Retail II file imported once into a data directory of its own (a UK shop: pounds, London time),
    /// with an owner and an analyst to sign in as.
    func runRetail(_ store: any Store, config: ServerConfig, directory: URL) async throws {
        guard let values = store as? any ValueStore else { throw CLIError("this store keeps no orders") }
        if try await values.allOrders().isEmpty {
            guard FileManager.default.isReadableFile(atPath: retailFile) else {
                throw CLIError(
                    "\(retailFile): not found. Download online_retail_II from the UCI Machine Learning Repository, save the 2009-2010 sheet as CSV and pass --retail-file PATH"
                )
            }
            try await store.saveOrganisation(Organisation(name: "Online Retail II (UCI)", defaultLocale: .en, timeZone: "Europe/London"))
            try await values.saveValueSettings(ValueSettings(currency: "GBP"))
            let services = try await Services.open(config, store: store, loadIndex: false)
            let progress = ProgressBar(label: "Importing \(URL(fileURLWithPath: retailFile).lastPathComponent)", unit: .bytes)
            let origin: ImportSource.Origin =
                retailFile.hasSuffix(".gz") ? .bytes(try ImportSource.gunzip(retailFile)) : .file(path: retailFile)
            let reader = try OrderFileImport(
                try ImportSource(origin, encoding: .utf8), preset: .onlineRetail, mapping: [], timeZone: services.catalog.snapshot.timeZone,
                locations: [], channels: [])
            let outcome = try await services.value.importOrders(reader, dryRun: false) { progress.update($0, of: $1) }
            progress.finish()
            guard outcome.problems.isEmpty else { throw CLIError("\(retailFile): \(outcome.problems.first!)") }
            print("Imported \(outcome.lines) lines: \(outcome.orders) orders of \(outcome.customers) customers into \(directory.path).")
        }
        let services = try await Services.open(config, store: store)
        for account in DemoAccounts.accounts where account.role == .owner || account.role == .analyst {
            if try await store.user(email: account.email) == nil {
                _ = try await services.accounts.createUser(
                    email: account.email, name: account.name, role: account.role, password: DemoAccounts.password, employeeId: nil,
                    locationIds: [])
            }
        }
        if noServe { return }
        let app = buildApplication(services: services) { [config] _ in
            printBanner(services, config: config)
            print(
                """
                Open http://\(config.host):\(config.port)/app/value and sign in as owner@demo.otklik or analyst@demo.otklik
                (password \(DemoAccounts.password)): customer value, RFM, the loyalty ladder and retention of a real online shop.
                """)
        }
        try await runServer(app, services: services, config: config)
    }
}

/// A one-line progress bar on stderr (only when stderr is a terminal).
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let unit: Unit
    private let enabled = isatty(2) == 1
    private var lastPercent = -1

    /// What the counts are: items (rows, answers) or bytes (shown in MB).
    enum Unit { case items, bytes }

    init(label: String, unit: Unit = .items) {
        self.label = label
        self.unit = unit
    }

    func update(_ done: Int, of total: Int) {
        guard enabled, total > 0 else { return }
        let percent = done * 100 / total
        guard percent != lastPercent else { return }
        lastPercent = percent
        let width = 30
        let filled = percent * width / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let counts =
            unit == .bytes
            ? String(format: "%.0f/%.0f MB", Double(done) / 1_048_576, Double(total) / 1_048_576) : "\(done)/\(total)"
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(percent)% (\(counts))".utf8))
    }

    func finish() {
        if enabled && lastPercent >= 0 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
