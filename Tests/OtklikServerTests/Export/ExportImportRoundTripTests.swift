import Foundation
import OtklikCore
import OtklikStore
import PropertyBased
import Testing

@testable import OtklikServer

/// What Otklik exports, it imports back: random responses (hostile text included) go into one database,
/// out as CSV and as NDJSON, and into fresh databases with the same reference data; every response must
/// come back field for field, and importing an export again — or into the database it came from — must
/// add nothing.
@Suite struct ExportImportRoundTripTests {
    @Test func csvAndNDJSONExportsImportBackFieldForField() async throws {
        await propertyCheck(count: 12, input: Gen.int(in: 1...60), Gen.int(in: 0...Int(Int32.max))) { count, seed in
            // (An error thrown here would not fail the property check: it is recorded instead.)
            do { try await roundTrip(count: count, seed: UInt64(seed)) } catch { Issue.record(error) }
        }
    }

    /// An edge the random draw rarely hits: every hostile text at once, in every free-text field.
    @Test func hostileTextSurvivesBothFormats() async throws {
        try await roundTrip(count: RoundTripData.hostile.count * 2, seed: 7, hostileOnly: true)
    }

    private func roundTrip(count: Int, seed: UInt64, hostileOnly: Bool = false) async throws {
        let source = try await RoundTripData.makeServices()
        var random = SeededRandom(seed: seed)
        let submissions = (0..<count).map { _ in RoundTripData.submission(&random, hostileOnly: hostileOnly) }
        guard case .success = try await source.ingest.ingest(submissions, survey: RoundTripData.survey.id) else {
            Issue.record("the generated responses were refused")
            return
        }
        let original = try await RoundTripData.allResponses(source)
        #expect(original.count == count)

        for format in ResponseExport.Format.allCases {
            let file = try await RoundTripData.export(source, format)
            // Into an empty database with the same reference data: the same responses.
            let target = try await RoundTripData.makeServices()
            let first = try await RoundTripData.importFile(file, format: format, into: target)
            #expect(first.problems.isEmpty, "\(format): \(first.problems)")
            #expect(first.imported == count, "\(format)")
            let copied = try await RoundTripData.allResponses(target)
            let byKey = Dictionary(uniqueKeysWithValues: copied.map { ($0.idempotencyKey ?? "", $0) })
            for response in original {
                var expected = response
                expected.idempotencyKey = source.responseKeys.key(for: response)
                guard var actual = byKey[expected.idempotencyKey!] else {
                    Issue.record("\(format): response \(response.id) did not come back")
                    continue
                }
                (expected.id, actual.id) = (Identifier(0), Identifier(0))
                #expect(actual == expected, "\(format)")
            }
            // Again into the copy, and into the database it came from: nothing new.
            let again = try await RoundTripData.importFile(file, format: format, into: target)
            #expect(again.imported == 0 && again.alreadyPresent == count, "\(format) into the copy")
            let home = try await RoundTripData.importFile(file, format: format, into: source)
            #expect(home.imported == 0 && home.alreadyPresent == count, "\(format) into its own database")
        }
        #expect(try await RoundTripData.allResponses(source).count == count)
    }
}

/// The reference data both sides share, a generator of submissions, and export/import through the same
/// types `otklik export` and `otklik import` use.
enum RoundTripData {
    static let survey = Survey(
        id: Identifier(1), title: LocalizedText(ru: "Опрос", en: "Survey"), status: .live,
        questions: [
            Question(id: "nps", kind: .nps, text: LocalizedText(ru: "NPS")),
            Question(id: "csat", kind: .csat, text: LocalizedText(ru: "CSAT")),
            Question(
                id: "mattered", kind: .multipleChoice, text: LocalizedText(ru: "Что важно"),
                options: ["speed", "price", "staff"].map { .init(id: $0, text: LocalizedText(ru: $0)) }),
            Question(
                id: "where", kind: .singleChoice, text: LocalizedText(ru: "Где"),
                options: ["5", "shop"].map { .init(id: $0, text: LocalizedText(ru: $0)) }),
            Question(id: "note", kind: .text, text: LocalizedText(ru: "Заметка")),
        ],
        code: "round-trip")

    /// Text that broke, or could break, a CSV or JSON round trip, or a spreadsheet.
    static let hostile = [
        "=HYPERLINK(\"http://evil.example\",\"open\")", "'=already quoted", "''", "'", "+7 999 123-45-67", "-31",
        "@SUM(A1)", "\tнач с табуляции", "  пробелы по краям  ", "строка\nперенос", "a,b;c", "\"кавычки\"",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "\u{202E}gnp.exe", "Ёлка ёж", "9", "05",
        "5,0", "emoji 😀", "x|y",
    ]

    static func makeServices() async throws -> Services {
        let services = try await Services.open(ServerConfig(dataDirectory: nil))
        let store = services.store
        _ = try await store.save(survey)
        _ = try await store.save(Location(id: Identifier(1), name: "=Филиал", kind: .branch))
        _ = try await store.save(Location(id: Identifier(2), name: "Branch 2", kind: .branch))
        _ = try await store.save(Employee(id: Identifier(1), name: "Иван", locationId: Identifier(1)))
        _ = try await store.save(Employee(id: Identifier(2), name: "@Мария", locationId: Identifier(2)))
        _ = try await store.save(Employee(id: Identifier(3), name: "Floater"))
        _ = try await store.save(Touchpoint(id: Identifier(1), name: "Приёмка", stage: .purchase))
        _ = try await store.save(Segment(id: Identifier(1), name: "Частные"))
        _ = try await store.save(Customer(id: Identifier(1), name: "Анна", segmentId: Identifier(1)))
        _ = try await store.save(Customer(id: Identifier(2), email: "b@example.com"))
        try await services.live.referenceDataChanged()
        return services
    }

    static func submission(_ random: inout SeededRandom, hostileOnly: Bool) -> ResponseSubmission {
        func maybe<T>(_ value: @autoclosure () -> T) -> T? { random.chance(0.6) ? value() : nil }
        func text() -> String {
            if hostileOnly || random.chance(0.5) { return random.pick(hostile) }
            let words = ["мастер", "быстро", "price", "ok", "долго", "=1+1", "-", "|", ",", "\"", "\n", " "]
            return (0..<(1 + Int(random.next() % 6))).map { _ in random.pick(words) }.joined(separator: random.pick([" ", "", ";"]))
        }
        func nonBlank() -> String {
            let value = text()
            return value.allSatisfy(\.isWhitespace) ? "x" + value : value
        }
        var answers: [String: AnswerValue] = [:]
        if random.chance(0.8) { answers["nps"] = .score(Int(random.next() % 11)) }
        if random.chance(0.6) { answers["csat"] = .score(1 + Int(random.next() % 5)) }
        if random.chance(0.5) {
            answers["mattered"] = .choices(["speed", "price", "staff"].filter { _ in random.chance(0.5) })
        }
        if random.chance(0.4) { answers["where"] = .text(random.pick(["5", "shop"])) }
        if random.chance(0.5) { answers["note"] = .text(nonBlank()) }
        let location: Location.ID? = maybe(Identifier(1 + Int64(random.next() % 2)))
        // An employee of the response's branch, or the one without a branch.
        let employee: Employee.ID? = maybe(random.chance(0.3) ? Identifier(3) : Identifier(location?.rawValue ?? 3))
        let tags = (0..<Int(random.next() % 4)).map { _ in
            random.pick(["vip", "=cmd", "повтор", "<b>", "'quote", "a b"])
        }
        return ResponseSubmission(
            answers: answers, comment: maybe(nonBlank()),
            submittedAt: Date(timeIntervalSince1970: 1_700_000_000 + Double(random.next() % 40_000_000)),
            touchpointId: maybe(Identifier(1)), locationId: location, employeeId: employee,
            channelId: maybe(Identifier(3)), customerId: maybe(Identifier(1 + Int64(random.next() % 2))),
            segmentId: random.chance(0.2) ? Identifier(1) : nil, orderId: maybe(nonBlank()),
            tags: Array(Set(tags)), source: maybe(random.pick(Response.Source.allCases)),
            idempotencyKey: maybe("key-\(random.next() % 1_000_000_000)-" + random.pick(["", "=x", "ё"])))
    }

    static func allResponses(_ services: Services) async throws -> [Response] {
        try await services.store.responses(ResponseFilter(ascending: true), after: nil, limit: 1_000_000)
    }

    static func export(_ services: Services, _ format: ResponseExport.Format) async throws -> Data {
        var export = ResponseExport(
            responses: services.responses, catalog: services.catalog.snapshot, format: format,
            keys: services.responseKeys)
        export.pageSize = 7  // 1 to 60 responses span up to nine pages: every page boundary is crossed
        guard case .success(let list) = ResponseListRequest.parse([:], scope: .everything, catalog: services.catalog.snapshot) else {
            throw CancellationError()
        }
        var data = Data()
        try await export.run(list) { piece in piece.withBytes { data.append(contentsOf: $0) } }
        return data
    }

    static func importFile(
        _ data: Data, format: ResponseExport.Format, into services: Services
    ) async throws
        -> ImportPipeline.Outcome
    {
        let snapshot = services.catalog.snapshot
        let file = try FileImport(
            ImportSource(.bytes([UInt8](data)), encoding: .auto), fileName: "export.\(format.rawValue)", format: nil,
            mapping: [], defaultSurvey: nil, surveys: snapshot.surveys, timeZone: snapshot.timeZone)
        return try await ImportPipeline(services: services).run(file, createMissing: false)
    }
}
