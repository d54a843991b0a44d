import ArgumentParser
import Foundation
import Hummingbird
import OtklikServer
import OtklikStore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the web app and the JSON API.")

    @OptionGroup var data: DataOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        var config = data.config()
        server.apply(to: &config)
        let services = try await Services.open(config)
        let app = buildApplication(services: services) { [config] _ in
            printBanner(services, config: config)
            if (try? await services.store.tokens().allSatisfy({ $0.revokedAt != nil })) ?? false {
                print(
                    "No API token yet: create one with `otklik token create --scope admin --data-dir \(config.dataDirectory?.path ?? "…")`")
            }
            if (try? await services.accounts.needsSetup()) ?? false {
                print("No account yet: open http://\(config.host):\(config.port)/setup to create the owner (or `otklik user add`)")
            }
        }
        try await runServer(app, services: services, config: config)
    }
}

/// Runs the server until it is stopped. The banner is printed once it listens (`onServerRunning`); an
/// address it cannot listen on is one clear line and a non-zero exit.
func runServer(_ app: some ApplicationProtocol, services: Services, config: ServerConfig) async throws {
    ProcessLimits.raiseOpenFileLimit()
    ProcessLimits.keepFreedMemoryForReuse()
    ProcessLimits.runTasksOnEventLoops()
    // What other processes write (an `otklik import` meanwhile) is counted without a restart.
    let watcher = Task { await ExternalWriteWatcher.run(services) }
    defer { watcher.cancel() }
    do {
        try await app.runService()
    } catch {
        if let message = ProcessLimits.listenFailure(error, config: config) { throw CLIError(message) }
        throw error
    }
    // A clean stop folds the write-ahead log into the database, so the next start does not replay it.
    _ = try? await (services.store as? any StoreMaintenance)?.compact()
}

func printBanner(_ services: Services, config: ServerConfig) {
    let count = services.index.count
    let source = services.indexReading.fromSnapshot > 0 ? " (\(services.indexReading))" : ""
    print(
        "Otklik: \(count) responses in \(config.dataDirectory?.path ?? "memory"), index built in \(String(format: "%.2f", services.indexLoadSeconds)) s\(source)"
    )
    print("Serving http://\(config.host):\(config.port)  (API: /api/v1, OpenAPI: /api/v1/openapi.json, health: /healthz)")
}
