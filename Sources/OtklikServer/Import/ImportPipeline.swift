import Foundation
import OtklikCore
import OtklikStore

/// The second half of an import: rows already parsed from a file are checked against the catalog (all
/// of them, before anything is written), then committed in one transaction. Re-importing a file adds
/// nothing: every row has an idempotency key (its own column, or one derived from its content).
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

    /// - Parameters:
    ///   - columnOfField: the file's column for a submission field ("answers/nps" → "nps_score"), for messages.
    ///   - createMissing: create surveys, touchpoints, locations, employees and segments the rows refer to.
    ///   - progress: called with (rows done, rows in all) while checking and while writing.
    public func run(
        _ rows: [ParsedRow], parseProblems: [Outcome.Problem], columnOfField: @Sendable (String) -> String?,
        createMissing: Bool, dryRun: Bool = false,
        progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> Outcome {
        let started = ContinuousClock.now
        var created: [String] = []
        if createMissing && parseProblems.isEmpty {
            created = try await createMissingReferences(rows.map(\.submission), dryRun: dryRun)
        }
        // 1. Check every row; keep nothing but the problems.
        let rowsChecked = rows.count
        let snapshot = services.catalog.snapshot
        var problems = parseProblems
        var rejected = Set(parseProblems.map(\.line))
        let now = Date()
        for (done, row) in rows.enumerated() {
            if case .failure(let failure) = snapshot.prepare(
                row.submission, pathSurvey: nil, now: now,
                defaultSource: .import, acceptClosed: true)
            {
                rejected.insert(row.line)
                for problem in failure.problems where problems.count < Self.maxReported {
                    problems.append(
                        .init(
                            line: row.line, column: columnOfField(problem.field) ?? problem.field,
                            reason: problem.message))
                }
            }
            if done % 10_000 == 0 { progress(done, rows.count * 2) }
        }
        guard problems.isEmpty, !dryRun else {
            return Outcome(
                imported: 0, alreadyPresent: 0, rejected: rejected.count, problems: problems,
                created: created, seconds: elapsed(since: started))
        }
        // 2. Rows that an export of this very database made for its responses stored without a key are
        //    already here while those responses are.
        let rows = try await rowsNotAlreadyHere(rows)
        let alreadyHere = rowsChecked - rows.count
        // 3. One transaction, fed in chunks.
        let chunk = 20_000
        let total = rows.count
        let (inserted, replayed) = try await services.store.insertAll { emit in
            for start in stride(from: 0, to: total, by: chunk) {
                let responses = rows[start..<min(start + chunk, total)].map { row -> Response in
                    // Checked above against the same snapshot, so this cannot fail.
                    try! snapshot.prepare(
                        row.submission, pathSurvey: nil, now: now, defaultSource: .import,
                        acceptClosed: true
                    ).get()
                }
                try emit(responses)
                progress(total + start + responses.count, total * 2)
            }
        }
        if inserted > 0 { try await services.responses.bulkWritten() }
        return Outcome(
            imported: inserted, alreadyPresent: replayed + alreadyHere, rejected: 0, problems: [],
            created: created, seconds: elapsed(since: started))
    }

    private func rowsNotAlreadyHere(_ rows: [ParsedRow]) async throws -> [ParsedRow] {
        let keys = services.responseKeys
        let own = rows.indices.compactMap { index in
            rows[index].submission.idempotencyKey.flatMap(keys.localResponse(forKey:)).map { (row: index, response: $0) }
        }
        guard !own.isEmpty else { return rows }
        var present = Set<Response.ID>()
        for start in stride(from: 0, to: own.count, by: 50_000) {
            let ids = own[start..<min(start + 50_000, own.count)].map(\.response)
            present.formUnion(try await services.store.responses(ids: ids, commentContaining: nil).map(\.id))
        }
        let skipped = Set(own.filter { present.contains($0.response) }.map(\.row))
        return skipped.isEmpty ? rows : rows.indices.filter { !skipped.contains($0) }.map { rows[$0] }
    }

    /// Creates the entities the rows name that do not exist yet, with placeholder names.
    private func createMissingReferences(_ submissions: [ResponseSubmission], dryRun: Bool) async throws -> [String] {
        let snapshot = services.catalog.snapshot
        var created: [String] = []
        func missing<T>(_ ids: [Identifier<T>?], in table: [Identifier<T>: some Any]) -> [Identifier<T>] {
            Set(ids.compactMap { $0 }).filter { table[$0] == nil }.sorted()
        }
        // Surveys: one question per answer key seen, of the kind its name says (nps, csat, ces, ladder,
        // stars) or free text.
        var answerKeys: [Survey.ID: Set<String>] = [:]
        for submission in submissions {
            if let survey = submission.surveyId { answerKeys[survey, default: []].formUnion(submission.answers.keys) }
        }
        let surveys = missing(submissions.map(\.surveyId), in: snapshot.surveys)
        let locations = missing(submissions.map(\.locationId), in: snapshot.locations)
        let employees = missing(submissions.map(\.employeeId), in: snapshot.employees)
        let segments = missing(submissions.map(\.segmentId), in: snapshot.segments)
        let channels = missing(submissions.map(\.channelId), in: snapshot.channels)
        let touchpoints = missing(submissions.map(\.touchpointId), in: snapshot.touchpoints)
        let customers = missing(submissions.map(\.customerId), in: snapshot.customerSegments)
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
