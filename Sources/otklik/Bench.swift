import ArgumentParser
import Foundation
import OtklikAnalytics
import OtklikCore
import OtklikSQLite
import OtklikServer
import OtklikStore

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks (see scripts/bench and BENCHMARKS.md).", subcommands: [Queries.self, Index.self, Startup.self, PagesData.self])

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
            let loaded = try await DemoLoader.loadIfEmpty(store, endingOn: endDay)
            if loaded > 0 {
                let started = ContinuousClock.now
                let touchpoints = try await store.all(Touchpoint.self)
                let extra = max(0, rows - loaded)
                let comments = ["Быстро и вежливо", "Долго ждал выдачи", "Мастер всё объяснил", "Дорого, но качественно", "Не перезвонили"]
                let (inserted, _) = try await store.insertAll { emit in
                    var random = SeededRandom(seed: 11)
                    let end = CivilDay.dayNumber(year: 1970, month: 1, day: 1) + endDay + 1
                    let start = end - 26 * 7
                    for chunkStart in stride(from: 0, to: extra, by: 50_000) {
                        var chunk: [Response] = []
                        for i in chunkStart..<min(chunkStart + 50_000, extra) {
                            let seconds = (start * 86_400) + Int(Double(26 * 7 * 86_400) * Double(i) / Double(max(extra, 1)))
                            let touchpoint = touchpoints[Int.random(in: 0..<touchpoints.count, using: &random)]
                            let survey = Int64.random(in: 1...3, using: &random)
                            var answers: [String: AnswerValue] = ["nps": .score(min(10, Int.random(in: 0...10, using: &random) + Int.random(in: 0...2, using: &random)))]
                            if survey == 1 {
                                answers["csat"] = .score(Int.random(in: 2...5, using: &random))
                                answers["ladder"] = .score(Int.random(in: 0...2, using: &random))
                            } else if survey == 2 {
                                answers["csat"] = .score(Int.random(in: 1...3, using: &random))
                                answers["ces"] = .score(Int.random(in: 2...7, using: &random))
                            }
                            chunk.append(Response(
                                id: Identifier(0), surveyId: Identifier(survey), submittedAt: Date(timeIntervalSince1970: TimeInterval(seconds)),
                                answers: answers, comment: i % 4 == 0 ? comments[i % comments.count] : nil,
                                context: ResponseContext(touchpointId: touchpoint.id, locationId: touchpoint.locationId ?? Identifier(Int64.random(in: 4...7, using: &random)),
                                                         employeeId: Identifier(Int64.random(in: 1...24, using: &random))),
                                source: .import, idempotencyKey: "bench-\(i)"))
                        }
                        try emit(chunk)
                    }
                }
                print("stored \(loaded + inserted) responses in \(String(format: "%.1f", seconds(ContinuousClock.now - started))) s")
            }
            let services = try await Services.open(data.config(), store: store, loadIndex: false)
            if try await store.user(email: "bench@otklik.local") == nil {
                _ = try await services.accounts.createUser(email: "bench@otklik.local", name: "Bench", role: .owner, password: "bench-password")
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
            let config = data.config()
            let store = try data.openStore()
            if try await store.all(Survey.self).isEmpty {
                let fillStarted = ContinuousClock.now
                let questions = [Question(id: "nps", kind: .nps, text: LocalizedText(ru: "NPS")),
                                 Question(id: "csat", kind: .csat, text: LocalizedText(ru: "CSAT"))]
                for id in 1...20 {
                    _ = try await store.save(Survey(id: Identifier(Int64(id)), title: LocalizedText(ru: "Опрос \(id)"),
                                                    status: .live, questions: questions, code: "s\(id)"))
                }
                for id in 1...200 { _ = try await store.save(Touchpoint(id: Identifier(Int64(id)), name: "Точка \(id)", stage: .use)) }
                let total = rows
                let (inserted, _) = try await store.insertAll { emit in
                    var random = SeededRandom(seed: 7)
                    let start = 1_672_531_200, end = 1_735_689_600
                    for chunkStart in stride(from: 0, to: total, by: 50_000) {
                        var chunk: [Response] = []
                        chunk.reserveCapacity(50_000)
                        for i in chunkStart..<min(chunkStart + 50_000, total) {
                            let t = start + Int(Double(end - start) * Double(i) / Double(total))
                            var answers: [String: AnswerValue] = ["nps": .score(Int.random(in: 0...10, using: &random))]
                            if Bool.random(using: &random) { answers["csat"] = .score(Int.random(in: 1...5, using: &random)) }
                            chunk.append(Response(
                                id: Identifier(0), surveyId: Identifier(Int64.random(in: 1...20, using: &random)),
                                submittedAt: Date(timeIntervalSince1970: TimeInterval(t)), answers: answers,
                                comment: i % 3 == 0 ? "Быстро и вежливо" : nil,
                                context: ResponseContext(touchpointId: Identifier(Int64.random(in: 1...200, using: &random))),
                                source: .import, idempotencyKey: "fill-\(i)"))
                        }
                        try emit(chunk)
                    }
                }
                print("stored \(inserted) responses in \(String(format: "%.1f", seconds(ContinuousClock.now - fillStarted))) s")
            }
            let started = ContinuousClock.now
            let services = try await Services.open(config, store: store)
            let elapsed = seconds(ContinuousClock.now - started)
            print("start-up: \(services.index.count) responses ready in \(String(format: "%.2f", elapsed)) s (index \(String(format: "%.2f", services.indexLoadSeconds)) s, \(services.index.memoryBytes / max(services.index.count, 1)) bytes/response)")
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
            let index = AnalyticsIndex()
            var random = SeededRandom(seed: 20_240_601)
            let start = 1_672_531_200, end = 1_735_689_600
            let fillStarted = ContinuousClock.now
            var batch: [ResponseFacts] = []
            batch.reserveCapacity(65_536)
            func scores(nps: Int, csat: Int?) -> MetricScores {
                var scores = MetricScores([.nps: nps])
                if let csat { scores[.csat] = UInt8(csat) }
                return scores
            }
            for i in 0..<rows {
                let t = start + Int(Double(end - start) * Double(i) / Double(rows))
                batch.append(ResponseFacts(
                    responseId: UInt32(i + 1), submittedAt: UInt32(t), day: UInt16(t / 86_400),
                    survey: UInt16.random(in: 1...20, using: &random), location: 0,
                    touchpoint: UInt16.random(in: 1...200, using: &random),
                    employee: UInt16.random(in: 1...2000, using: &random),
                    segment: UInt16.random(in: 1...50, using: &random), channel: UInt16.random(in: 1...8, using: &random),
                    scores: scores(nps: Int.random(in: 0...10, using: &random),
                                   csat: Bool.random(using: &random) ? Int.random(in: 1...5, using: &random) : nil),
                    hasComment: false))
                if batch.count == 65_536 {
                    index.append(contentsOf: batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            index.append(contentsOf: batch)
            print("filled \(rows) rows in \(String(format: "%.2f", seconds(ContinuousClock.now - fillStarted))) s, \(index.memoryBytes / max(rows, 1)) bytes/row")
            let now = Int64(end)
            let queries: [(String, MetricQuery)] = [
                ("Q1 overall NPS, 90 days", MetricQuery(metrics: [.nps], from: now - 90 * 86_400, to: now)),
                ("Q2 NPS by touchpoint x week", MetricQuery(metrics: [.nps], groupBy: [.touchpoint], bucket: .week)),
                ("Q3 survey 10, 30 days, segment x channel", MetricQuery(
                    metrics: [.nps, .csat], from: now - 30 * 86_400, to: now, filters: [.survey: [10]],
                    groupBy: [.segment, .channel])),
                ("Q4 CSAT by employee", MetricQuery(metrics: [.csat], groupBy: [.employee])),
            ]
            for (name, query) in queries {
                let (median, _) = try medianMilliseconds(runs: runs) {
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

    /// The four reference dashboard queries (BENCHMARKS.md; bench/reference_queries.py holds them in SQL),
    /// through the same metrics service as the API.
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

        func run() async throws {
            let config = data.config()
            let store = try data.openStore()
            var organisation = try await store.organisation()
            if organisation.timeZone != timeZone {
                guard TimeZone(identifier: timeZone) != nil else { throw CLIError("unknown time zone \(timeZone)") }
                organisation.timeZone = timeZone
                try await store.saveOrganisation(organisation)
            }
            let started = ContinuousClock.now
            let services = try await Services.open(config, store: store)
            let startup = seconds(ContinuousClock.now - started)

            let now = 1_735_689_600
            func instant(_ seconds: Int) -> String { JSONCoding.formatDate(Date(timeIntervalSince1970: TimeInterval(seconds))) }
            let queries: [(String, [String: String])] = [
                ("Q1", ["metric": "nps", "from": instant(now - 90 * 86_400), "to": instant(now)]),
                ("Q2", ["metric": "nps", "by": "touchpoint,week"]),
                ("Q3", ["metric": "nps,csat", "survey": "10", "from": instant(now - 30 * 86_400), "to": instant(now),
                        "by": "segment,channel"]),
                ("Q4", ["metric": "csat", "by": "employee", "min_n": "30", "sort": "mean", "order": "asc", "limit": "10"]),
            ]
            var results: [String: QueryResult] = [:]
            for (name, parameters) in queries where only.map({ $0.split(separator: ",").contains(Substring(name)) }) ?? true {
                let (median, report) = try medianMilliseconds(runs: runs) {
                    try services.metrics.report(resolved: services.metrics.request(parameters, scope: .everything))
                }
                results[name] = QueryResult(medianMs: median, runs: runs, answer: answer(name, report))
            }
            let output = Output(startupSeconds: startup, responses: services.index.count,
                                indexBytes: services.index.memoryBytes,
                                bytesPerResponse: Double(services.index.memoryBytes) / Double(max(services.index.count, 1)),
                                queries: results)
            if json {
                let encoder = JSONEncoder()
                encoder.keyEncodingStrategy = .convertToSnakeCase
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(output), as: UTF8.self))
            } else {
                print("responses \(output.responses), start-up \(String(format: "%.2f", startup)) s, index \(output.indexBytes) bytes (\(String(format: "%.1f", output.bytesPerResponse)) per response)")
                for name in results.keys.sorted() {
                    print("\(name): median \(String(format: "%.3f", results[name]!.medianMs)) ms over \(runs) runs")
                }
            }
        }

        /// Each answer in the shape of the reference query's result rows.
        private func answer(_ name: String, _ report: MetricReport) -> Answer {
            switch name {
            case "Q1":
                let nps = report.total["nps"]
                return .q1(nps: nps?.value ?? 0, n: nps?.n ?? 0)
            case "Q2":
                let groups = report.groups.sorted {
                    ($0.key["touchpoint"] ?? 0, $0.period ?? "") < ($1.key["touchpoint"] ?? 0, $1.period ?? "")
                }
                return .rows(groups.map { group in
                    [.int(group.key["touchpoint"] ?? 0), .string(group.period ?? ""), .int(Int64(group.responses)),
                     .double(group.metrics["nps"]?.value)]
                })
            case "Q3":
                return .rows(report.groups.map { group in
                    let csat = group.metrics["csat"]
                    return [.int(group.key["segment"] ?? 0), .int(group.key["channel"] ?? 0), .int(Int64(group.responses)),
                            .double(group.metrics["nps"]?.value), .double(csat?.mean), .double(csat?.value)]
                })
            default:
                return .rows(report.groups.map { group in
                    let csat = group.metrics["csat"]
                    return [.int(group.key["employee"] ?? 0), .double(csat?.mean), .int(Int64(csat?.n ?? 0))]
                })
            }
        }
    }
}

/// The warm median of `runs` timed calls (after two untimed warm-up calls), and the last result.
private func medianMilliseconds<T>(runs: Int, _ body: () throws -> T) rethrows -> (Double, T) {
    var result = try body()
    result = try body()
    var times: [Double] = []
    for _ in 0..<runs {
        let started = ContinuousClock.now
        result = try body()
        times.append(seconds(ContinuousClock.now - started) * 1000)
    }
    return (times.sorted()[times.count / 2], result)
}

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

private struct Output: Encodable {
    var startupSeconds: Double
    var responses: Int
    var indexBytes: Int
    var bytesPerResponse: Double
    var queries: [String: QueryResult]
}

private struct QueryResult: Encodable {
    var medianMs: Double
    var runs: Int
    var answer: Answer
}

private enum Cell: Encodable {
    case int(Int64), string(String), double(Double?)

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        }
    }
}

private enum Answer: Encodable {
    case q1(nps: Double, n: Int)
    case rows([[Cell]])

    func encode(to encoder: Encoder) throws {
        switch self {
        case .q1(let nps, let n):
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(nps, forKey: .nps)
            try container.encode(n, forKey: .n)
        case .rows(let rows):
            var container = encoder.singleValueContainer()
            try container.encode(rows)
        }
    }

    enum Keys: String, CodingKey { case nps, n }
}

