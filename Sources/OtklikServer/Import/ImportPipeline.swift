import Foundation
import OtklikCore
import OtklikStore

/// The second half of an import, in two readings of the file (`FileImport`), so that memory stays bounded
/// whatever its size: the first reads every row and keeps only what it must (problems, the references
/// the rows name, the ids of rows an export of this database made); the second checks each row against
/// the catalog and writes it, all in one transaction — the first problem stops the writing (the check goes
/// on, to report every problem) and the transaction is rolled back, so a file imports whole or not at all,
/// also when the process is killed halfway. Re-importing a file adds nothing: every row has an
/// idempotency key (its own column, or one derived from its content).
public struct ImportPipeline: Sendable {
    let services: Services

    public init(services: Services) { self.services = services }

    /// One row of a file, as parsed: its line (1-based, header = 1) and the submission read from it.
    public typealias ParsedRow = (line: Int, submission: ResponseSubmission)

    public struct Outcome: Sendable, Encodable {
        public var imported: Int
        /// Rows already stored by an earlier import (same idempotency key): skipped.
        public var alreadyPresent: Int
        public var rejected: Int
        /// What was wrong, row by row (at most `maxReported`); nothing is imported when this is not empty.
        public var problems: [Problem]
        /// Reference data created because the file referred to it (`--create-missing`).
        public var created: [String]
        public var seconds: Double
        /// Bytes of storage after the import (the log folded in).
        public var storageBytes: Int64?

        public struct Problem: Sendable, Encodable, Hashable, CustomStringConvertible {
            public var line: Int
            public var column: String?
            public var reason: String
            public var description: String {
                "line \(line)" + (column.map { ", column \"\($0)\"" } ?? "") + ": \(reason)"
            }
        }
    }

    public static let maxReported = 1000
    /// Responses handed to the store at a time inside the one transaction.
    static let batchSize = 20_000

    /// - Parameters:
    ///   - createMissing: create surveys, touchpoints, locations, employees and segments the rows refer to.
    ///   - progress: called with (work done, work in all): bytes of the file, read twice.
    public func run(
        _ file: FileImport, createMissing: Bool, dryRun: Bool = false,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> Outcome {
        let started = ContinuousClock.now
        let total = file.source.size * 2
        // 1. Read every row: problems, references, rows this database exported.
        let keys = services.responseKeys
        var references = ReferencesNamed()
        var exportedHere: [Response.ID] = []
        let firstHalf: (Int, Int) -> Void = { done, _ in progress(done, total) }
        let reading = try file.forEachRow(progress: firstHalf) { row in
            if createMissing { references.add(row.submission) }
            if let id = row.submission.idempotencyKey.flatMap(keys.localResponse(forKey:)) { exportedHere.append(id) }
        }
        let readable = reading.problems.isEmpty
        // References are created only for a file that reads without a problem.
        let created = createMissing && readable ? try await createMissingReferences(references, dryRun: dryRun) : []
        // Rows an export of this very database made for responses stored without a key are here while
        // those responses are.
        let present = try await stored(exportedHere)

        // 2. Check and write, one transaction (only check, when nothing is to be written).
        let pass = SecondReading(
            file: file, snapshot: services.catalog.snapshot, present: present, keys: keys, columns: reading.columns,
            progress: { progress(file.source.size + $0, total) })
        func refused() -> Outcome {
            // Both readings' problems in file order: what cannot be read, and what the surveys refuse.
            let all = (reading.problems + pass.state.problems).sorted { $0.line < $1.line }
            var shown = Array(all.prefix(Self.maxReported))
            let count = reading.problemCount + pass.state.problemCount
            if count > shown.count { shown.append(.init(line: 0, column: nil, reason: "… and \(count - shown.count) more problems")) }
            return Outcome(
                imported: 0, alreadyPresent: 0, rejected: reading.rejected + pass.state.rejected, problems: shown,
                created: created, seconds: elapsed(since: started))
        }
        if dryRun || !readable {
            try pass.run { _ in }
            return refused()
        }
        let inserted: Int
        let replayed: Int
        do {
            (inserted, replayed) = try await services.store.insertAll { emit in
                try pass.run(emit)
                if !pass.state.problems.isEmpty { throw SecondReading.RolledBack() }
            }
        } catch is SecondReading.RolledBack {
            return refused()
        }
        if inserted > 0 { try await services.responses.bulkWritten() }
        // The transaction's log is as large as what it wrote: fold it into the file now, not at the next start.
        let bytes = try await (services.store as? any StoreMaintenance)?.compact()
        return Outcome(
            imported: inserted, alreadyPresent: replayed + pass.state.skipped, rejected: 0, problems: [],
            created: created, seconds: elapsed(since: started), storageBytes: bytes)
    }

    /// The responses among `ids` that are stored, asked in slices.
    private func stored(_ ids: [Response.ID]) async throws -> Set<Response.ID> {
        var present = Set<Response.ID>()
        for start in stride(from: 0, to: ids.count, by: 50_000) {
            let slice = Array(ids[start..<min(start + 50_000, ids.count)])
            present.formUnion(try await services.store.responses(ids: slice, commentContaining: nil).map(\.id))
        }
        return present
    }

    /// The references a file's rows name, gathered while reading it (sets of ids, never the rows).
    struct ReferencesNamed {
        var surveys = Set<Survey.ID>()
        var answerKeys: [Survey.ID: Set<String>] = [:]
        var locations = Set<Location.ID>()
        var employees = Set<Employee.ID>()
        var segments = Set<Segment.ID>()
        var channels = Set<Channel.ID>()
        var touchpoints = Set<Touchpoint.ID>()
        var customers = Set<Customer.ID>()

        mutating func add(_ submission: ResponseSubmission) {
            if let survey = submission.surveyId {
                surveys.insert(survey)
                answerKeys[survey, default: []].formUnion(submission.answers.keys)
            }
            if let id = submission.locationId { locations.insert(id) }
            if let id = submission.employeeId { employees.insert(id) }
            if let id = submission.segmentId { segments.insert(id) }
            if let id = submission.channelId { channels.insert(id) }
            if let id = submission.touchpointId { touchpoints.insert(id) }
            if let id = submission.customerId { customers.insert(id) }
        }
    }

    /// Creates the entities the rows name that do not exist yet, with placeholder names.
    private func createMissingReferences(_ named: ReferencesNamed, dryRun: Bool) async throws -> [String] {
        let snapshot = services.catalog.snapshot
        var created: [String] = []
        func missing<T>(_ ids: Set<Identifier<T>>, in table: [Identifier<T>: some Any]) -> [Identifier<T>] {
            ids.filter { table[$0] == nil }.sorted()
        }
        // Surveys: one question per answer key seen, of the kind its name says (nps, csat, ces, ladder,
        // stars) or free text.
        let answerKeys = named.answerKeys
        let surveys = missing(named.surveys, in: snapshot.surveys)
        let locations = missing(named.locations, in: snapshot.locations)
        let employees = missing(named.employees, in: snapshot.employees)
        let segments = missing(named.segments, in: snapshot.segments)
        let channels = missing(named.channels, in: snapshot.channels)
        let touchpoints = missing(named.touchpoints, in: snapshot.touchpoints)
        let customers = missing(named.customers, in: snapshot.customerSegments)
        if dryRun {
            return surveys.map { "survey \($0)" } + touchpoints.map { "touchpoint \($0)" }
                + locations.map { "location \($0)" } + employees.map { "employee \($0)" }
                + segments.map { "segment \($0)" } + channels.map { "channel \($0)" }
                + customers.map { "customer \($0)" }
        }
        // Placeholder names, checked and stored by the owner of reference data, one refresh per kind.
        let referenceData = services.referenceData
        _ = try await referenceData.save(
            surveys.map { id -> Survey in
                let questions = (answerKeys[id] ?? []).sorted().map { key -> Question in
                    let kind = Question.Kind(rawValue: key).flatMap { $0.metric == nil ? nil : $0 } ?? .text
                    return Question(id: key, kind: kind, text: LocalizedText(ru: key, en: key))
                }
                return Survey(
                    id: id, title: LocalizedText(ru: "Импорт: опрос \(id)", en: "Imported survey \(id)"),
                    status: .live, questions: questions, code: "import-\(id)")
            })
        created += surveys.map { "survey \($0)" }
        _ = try await referenceData.save(locations.map { Location(id: $0, name: "Локация \($0)", kind: .branch) })
        created += locations.map { "location \($0)" }
        _ = try await referenceData.save(employees.map { Employee(id: $0, name: "Сотрудник \($0)") })
        created += employees.map { "employee \($0)" }
        _ = try await referenceData.save(segments.map { Segment(id: $0, name: "Сегмент \($0)") })
        created += segments.map { "segment \($0)" }
        _ = try await referenceData.save(
            channels.map {
                Channel(id: $0, code: "channel-\($0)", name: LocalizedText(ru: "Канал \($0)", en: "Channel \($0)"))
            })
        created += channels.map { "channel \($0)" }
        _ = try await referenceData.save(touchpoints.map { Touchpoint(id: $0, name: "Точка контакта \($0)", stage: .use) })
        created += touchpoints.map { "touchpoint \($0)" }
        // Only the id: the file names the customer, not who they are.
        _ = try await referenceData.save(customers.map { Customer(id: $0) })
        created += customers.map { "customer \($0)" }
        return created
    }

    private func elapsed(since start: ContinuousClock.Instant) -> Double {
        let duration = ContinuousClock.now - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}

/// The second reading of an import: each row checked against the catalog and, while no row has failed,
/// handed to the store in batches. Its state is read after the store's transaction (which runs it on the
/// store's writer, while the file is read on a thread of its own) returns.
final class SecondReading: @unchecked Sendable {
    struct RolledBack: Error {}

    struct State {
        var problems: [ImportPipeline.Outcome.Problem] = []
        var problemCount = 0
        var rejected = 0
        /// Rows of responses this database exported that are still here.
        var skipped = 0
    }

    let file: FileImport
    let snapshot: CatalogSnapshot
    let present: Set<Response.ID>
    let keys: ResponseKeys
    let columns: [String: String]
    let progress: @Sendable (Int) -> Void
    /// Responses a batch holds (tests make it small).
    let batchSize: Int
    private(set) var state = State()

    init(
        file: FileImport, snapshot: CatalogSnapshot, present: Set<Response.ID>, keys: ResponseKeys,
        columns: [String: String], batchSize: Int = ImportPipeline.batchSize, progress: @escaping @Sendable (Int) -> Void
    ) {
        self.batchSize = batchSize
        self.file = file
        self.snapshot = snapshot
        self.present = present
        self.keys = keys
        self.columns = columns
        self.progress = progress
    }

    /// Reads the file again; `emit` gets the checked responses in batches until the first problem. The file is
    /// read and its rows checked on a thread of their own (`readBatches`) while `emit` writes the batch before:
    /// on one thread, SQLite's writing and the reading took turns, and each takes about as long as the other
    /// (1M rows: 4–5 s each).
    func run(_ emit: ([Response]) throws -> Void) throws {
        state = State()
        let handoff = BatchHandoff()
        let reader = Thread { [self] in
            do {
                try readBatches { try handoff.put($0) }
                handoff.finish(nil)
            } catch {
                handoff.finish(error)
            }
        }
        reader.name = "otklik import reader"
        reader.start()
        do {
            while let batch = try handoff.next() { try emit(batch) }
        } catch {
            // A write failed (or the reading did): stop the reader before the transaction is rolled back.
            handoff.cancel()
            handoff.waitUntilFinished()
            throw error
        }
    }

    /// The reading of `run`: each row checked against the catalog, `ship` given the checked responses in
    /// batches while no row has failed (a dry run, or a file with unreadable rows, checks every row all the same).
    private func readBatches(_ ship: ([Response]) throws -> Void) throws {
        let now = Date()
        var batch: [Response] = []
        batch.reserveCapacity(batchSize)
        let report: (Int, Int) -> Void = { done, _ in self.progress(done) }
        _ = try file.forEachRow(progress: report) { row in
            if !present.isEmpty, let id = row.submission.idempotencyKey.flatMap(keys.localResponse(forKey:)),
                present.contains(id)
            {
                state.skipped += 1
                return
            }
            switch snapshot.prepare(row.submission, pathSurvey: nil, now: now, defaultSource: .import, acceptClosed: true) {
            case .success(let response):
                guard state.problems.isEmpty else { return }
                batch.append(response)
                if batch.count == batchSize {
                    try ship(batch)
                    batch = []
                    batch.reserveCapacity(batchSize)
                }
            case .failure(let failure):
                state.rejected += 1
                state.problemCount += failure.problems.count
                for problem in failure.problems where state.problems.count < ImportPipeline.maxReported {
                    state.problems.append(
                        .init(line: row.line, column: columns[problem.field] ?? problem.field, reason: problem.message))
                }
            }
        }
        if state.problems.isEmpty && !batch.isEmpty { try ship(batch) }
    }
}

/// Batches of checked responses handed from the import's reading thread to the writing one (`SecondReading`):
/// at most `capacity` wait, so the reading runs ahead of the writing by that much and no more (memory stays
/// bounded); the reader's end or failure, and the writer's giving up, are told across.
final class BatchHandoff: @unchecked Sendable {
    /// Thrown to the reader once the writer has given up.
    struct Cancelled: Error {}

    private let capacity = 2
    private let condition = NSCondition()
    private var waiting: [[Response]] = []
    private var finished = false
    private var failure: Error?
    private var cancelled = false

    /// The reader's: hands a batch over, waiting while `capacity` wait; throws `Cancelled` once the writer gave up.
    func put(_ batch: [Response]) throws {
        condition.lock()
        defer { condition.unlock() }
        while waiting.count >= capacity && !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
        waiting.append(batch)
        condition.broadcast()
    }

    /// The reader's: no more batches; `error` if the reading failed.
    func finish(_ error: Error?) {
        condition.lock()
        defer { condition.unlock() }
        finished = true
        failure = error
        condition.broadcast()
    }

    /// The writer's: the next batch in order, nil after the last; the reader's error once its batches are taken.
    func next() throws -> [Response]? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty && !finished { condition.wait() }
        if !waiting.isEmpty {
            condition.broadcast()
            return waiting.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// The writer's: gives up; the reader stops when it next hands a batch over (or at the file's end, once a
    /// problem has stopped the batches: it reads on to report every problem).
    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        condition.broadcast()
    }

    /// The writer's, after `cancel`: returns once the reader has stopped.
    func waitUntilFinished() {
        condition.lock()
        defer { condition.unlock() }
        while !finished { condition.wait() }
    }
}
