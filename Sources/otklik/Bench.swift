import ArgumentParser
import Foundation
import OtklikAnalytics
import OtklikCore
import OtklikServer

/// `otklik bench …`: options and printing; the data and the timing live in the library
/// (Sources/OtklikServer/Benchmarks), where the benchmark scripts' numbers come from.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks (see scripts/bench and BENCHMARKS.md).",
        subcommands: [Queries.self, Index.self, Startup.self, PagesData.self, Value.self])

    /// The customer value analysis phase by phase, in-process (bench/value.py times it through HTTP): what
    /// part of the first answer after an import is reading and what is computing.
    struct Value: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time reading the orders and customers and computing the value analysis (medians of RUNS).")
        @OptionGroup var data: DataOptions
        @Option(help: "Timed runs.")
        var runs = 9

        func run() async throws {
            let services = try await Services.open(data.config(), store: data.openStore(), loadIndex: false)
            let (store, snapshot) = (services.valueStore, services.catalog.snapshot)
            let settings = try await store.valueSettings()
            var phases: [String: [Double]] = [:]
            func time<T>(_ name: String, _ body: () async throws -> T) async rethrows -> T {
                let started = ContinuousClock.now
                let result = try await body()
                phases[name, default: []].append(Timing.seconds(ContinuousClock.now - started) * 1000)
                return result
            }
            for _ in 0..<runs {
                let orders = try await time("1 read orders") { try await store.orderFacts() }
                let signals = try await time("2 read customers") { try await store.customerSignals(timeZone: snapshot.timeZone) }
                let analysis = await time("3 analyse") {
                    ValueAnalysis(
                        orders: orders, customers: signals, settings: settings, timeZone: snapshot.timeZone, today: snapshot.today)
                }
                _ = await time("4 summary") { ValueSummary(analysis) }
                _ = try await time("5 labels of responses") { try await store.responseCustomers() }
            }
            for (name, times) in phases.sorted(by: { $0.key < $1.key }) {
                let sorted = times.sorted()
                print("\(name): median \(String(format: "%.2f", sorted[sorted.count / 2])) ms (min \(String(format: "%.2f", sorted[0])))")
            }
        }
    }

    /// Data for timing the web pages (bench/pages.py): the demo's chain with `rows` responses in all.
    struct PagesData: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pages-data",
            abstract: "Fill a database (if empty) with the demo's reference data and synthetic answers up to ROWS, and a bench account.")
        @OptionGroup var data: DataOptions
        @Option(help: "Responses in all (the demo's ~50,000 plus synthetic ones over the same 26 weeks).")
        var rows = 1_000_000

        func run() async throws {
            let store = try data.openStore()
            var days = LocalDayConverter(timeZone: TimeZone(identifier: "Europe/Moscow")!)
            let endDay = days.day(ofUnixSeconds: Int64(Date().timeIntervalSince1970)) - 1
            let started = ContinuousClock.now
            let stored = try await BenchmarkData.fillPagesData(store, rows: rows, endDay: endDay)
            if stored > 0 {
                print("stored \(stored) responses in \(String(format: "%.1f", Timing.seconds(ContinuousClock.now - started))) s")
            }
            let services = try await Services.open(data.config(), store: store, loadIndex: false)
            if try await store.user(email: "bench@otklik.local") == nil {
                _ = try await services.accounts.createUser(
                    email: "bench@otklik.local", name: "Bench", role: .owner, password: "bench-password")
            }
            print("bench account: bench@otklik.local / bench-password")
        }
    }

    /// Start-up with many stored responses: fills a database (once) and times building the services.
    struct Startup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fill a database with synthetic responses (if it has none) and time how long start-up takes.")
        @OptionGroup var data: DataOptions
        @Option(help: "Responses to store when the database is empty.")
        var rows = 10_000_000

        func run() async throws {
            let store = try data.openStore()
            let fillStarted = ContinuousClock.now
            let stored = try await BenchmarkData.fillReferenceShape(store, rows: rows)
            if stored > 0 {
                print("stored \(stored) responses in \(String(format: "%.1f", Timing.seconds(ContinuousClock.now - fillStarted))) s")
            }
            let started = ContinuousClock.now
            let services = try await Services.open(data.config(), store: store)
            let elapsed = Timing.seconds(ContinuousClock.now - started)
            print(
                "start-up: \(services.index.count) responses ready in \(String(format: "%.2f", elapsed)) s (index \(String(format: "%.2f", services.indexLoadSeconds)) s: \(services.indexReading); \(services.index.memoryBytes / max(services.index.count, 1)) bytes/response)"
            )
        }
    }

    /// The index alone on synthetic rows: how fast a scan is, without a database to fill first.
    struct Index: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fill an analytics index with synthetic rows and time Q1–Q4-shaped queries on it.")
        @Option(help: "Rows to generate.")
        var rows = 10_000_000
        @Option(help: "Timed runs per query.")
        var runs = 21

        func run() async throws {
            let fillStarted = ContinuousClock.now
            let index = BenchmarkData.syntheticIndex(rows: rows)
            print(
                "filled \(rows) rows in \(String(format: "%.2f", Timing.seconds(ContinuousClock.now - fillStarted))) s, \(index.memoryBytes / max(rows, 1)) bytes/row"
            )
            for (name, query) in ReferenceQueries.indexQueries {
                let (median, _) = try await Timing.medianMilliseconds(runs: runs) {
                    // Counts and the metric values of every group, as a report computes them.
                    let counts = try index.table(query)
                    return zip(counts.scores.indices, counts.scores).map { index, scores in
                        MetricSummary(query.metrics[index % query.metrics.count], counts: scores)
                    }
                }
                print("\(name): median \(String(format: "%.3f", median)) ms")
            }
        }
    }

    /// The four reference dashboard queries through the same metrics service as the API.
    struct Queries: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time the reference queries Q1–Q4 on the analytics index (warm median) and print their answers.")

        @OptionGroup var data: DataOptions
        @Option(help: "Timed runs per query.")
        var runs = 21
        @Option(help: "Set the organisation's time zone first (the reference queries count weeks in UTC).")
        var timeZone: String = "UTC"
        @Flag(help: "Print JSON for scripts.")
        var json = false
        @Option(help: "Run only these queries (Q1,Q3 …).")
        var only: String?
        @Option(help: "Time this question instead, as NAME=QUERY with the API's parameters (A1='metric=nps&by=segment'); repeatable.")
        var ask: [String] = []

        struct Output: Encodable {
            var startupSeconds: Double
            /// Where start-up read the responses' facts: the snapshot of them, the table.
            var factsFromSnapshot: Int
            var factsFromTable: Int
            var responses: Int
            var indexBytes: Int
            var bytesPerResponse: Double
            /// Of `bytesPerResponse`, what the side columns (tags) take.
            var sideColumnBytesPerResponse: Double
            var queries: [String: ReferenceQueries.Result]
        }

        func run() async throws {
            let store = try data.openStore()
            var organisation = try await store.organisation()
            if organisation.timeZone != timeZone {
                guard TimeZone(identifier: timeZone) != nil else { throw CLIError("unknown time zone \(timeZone)") }
                organisation.timeZone = timeZone
                try await store.saveOrganisation(organisation)
            }
            let started = ContinuousClock.now
            let services = try await Services.open(data.config(), store: store)
            let startup = Timing.seconds(ContinuousClock.now - started)
            let asked = try ask.map { entry in
                guard let equals = entry.firstIndex(of: "=") else { throw CLIError("--ask takes NAME=QUERY, got \(entry)") }
                return (name: String(entry[..<equals]), query: String(entry[entry.index(after: equals)...]))
            }
            let results =
                asked.isEmpty
                ? try await ReferenceQueries.run(services, runs: runs, only: only.map { Set($0.split(separator: ",").map(String.init)) })
                : try await ReferenceQueries.run(services, runs: runs, asked: asked)
            let output = Output(
                startupSeconds: startup, factsFromSnapshot: services.indexReading.fromSnapshot,
                factsFromTable: services.indexReading.fromTable, responses: services.index.count, indexBytes: services.index.memoryBytes,
                bytesPerResponse: Double(services.index.memoryBytes) / Double(max(services.index.count, 1)),
                sideColumnBytesPerResponse: Double(services.index.sideColumnBytes) / Double(max(services.index.count, 1)),
                queries: results)
            if json {
                let encoder = JSONEncoder()
                encoder.keyEncodingStrategy = .convertToSnakeCase
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(output), as: UTF8.self))
            } else {
                print(
                    "responses \(output.responses), start-up \(String(format: "%.2f", startup)) s (\(services.indexReading)), index \(output.indexBytes) bytes (\(String(format: "%.1f", output.bytesPerResponse)) per response, \(String(format: "%.1f", output.sideColumnBytesPerResponse)) of them tags)"
                )
                for name in results.keys.sorted() {
                    let result = results[name]!
                    print(
                        "\(name): median \(String(format: "%.3f", result.medianMs)) ms over \(runs) runs; with its JSON (\(result.bytes) bytes) \(String(format: "%.3f", result.writtenMs)) ms"
                    )
                }
            }
        }
    }
}
