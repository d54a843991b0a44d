import ArgumentParser
import Foundation
import Hummingbird
import OtklikServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the web app and the JSON API.")

    @OptionGroup var data: DataOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        var config = data.config()
        server.apply(to: &config)
        let (app, services) = try await buildApplication(config)
        printBanner(services, config: config)
        if try await services.store.tokens().allSatisfy({ $0.revokedAt != nil }) {
            print("No API token yet: create one with `otklik token create --scope admin --data-dir \(config.dataDirectory?.path ?? "…")`")
        }
        if try await services.accounts.needsSetup() {
            print("No account yet: open http://\(config.host):\(config.port)/setup to create the owner (or `otklik user add`)")
        }
        try await app.runService()
    }
}

func printBanner(_ services: Services, config: ServerConfig) {
    let count = services.index.count
    print("Otklik: \(count) responses in \(config.dataDirectory?.path ?? "memory"), index built in \(String(format: "%.2f", services.indexLoadSeconds)) s")
    print("Serving http://\(config.host):\(config.port)  (API: /api/v1, OpenAPI: /api/v1/openapi.json, health: /healthz)")
}
