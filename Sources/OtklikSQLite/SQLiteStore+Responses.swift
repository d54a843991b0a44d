import Foundation
import GRDB
import GRDBSQLite
import OtklikCore
import OtklikStore
import Synchronization

extension SQLiteStore {
    /// The responses table's score columns, one per metric kind, named by it (migrations add a new kind's).
    /// In `MetricKind.column` order, which is the order of `MetricKind.allCases` (RulesTests, AnalyticsIndexTests).
    static let scoreColumnList = MetricKind.allCases.map(\.rawValue).joined(separator: ", ")

    public func insert(_ groups: [[EncodedResponse]]) async throws -> [Result<[InsertedResponse], StoreError>] {
        try await writer.write { db in try Self.insert(groups, db) }
    }

    public func insertBlocking(_ groups: [[EncodedResponse]]) throws -> [Result<[InsertedResponse], StoreError>] {
        try writer.write { db in try Self.insert(groups, db) }
    }

    private static func insert(_ groups: [[EncodedResponse]], _ db: Database) throws -> [Result<[InsertedResponse], StoreError>] {
        var insertion = try ResponseInsertion(db, receivedAt: Int64(Date().timeIntervalSince1970))
        var changed = false
        var results: [Result<[InsertedResponse], StoreError>] = []
        results.reserveCapacity(groups.count)
        for group in groups {
            var inserted: [InsertedResponse] = []
            inserted.reserveCapacity(group.count)
            do {
                if group.count == 1 {
                    // A failed statement undoes only itself in SQLite: one row needs no savepoint.
                    inserted.append(try insertion.insert(group[0], db))
                } else {
                    try db.inSavepoint { () throws -> Database.TransactionCompletion in
                        for index in group.indices { inserted.append(try insertion.insert(group[index], db)) }
                        return .commit
                    }
                }
                results.append(.success(inserted))
                if inserted.contains(where: { !$0.replayed }) { changed = true }
            } catch let error as StoreError {
                results.append(.failure(error))
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                results.append(
                    .failure(
                        Self.mapConstraint(error, entity: "responses") as? StoreError
                            ?? .invalid([FieldProblem(field: "", code: "constraint", message: error.message ?? "")])))
            }
        }
        if changed { try markResponsesChanged(db, rewritten: insertion.choseIDs) }
        return results
    }

    public func insertAll(
        _ produce: @Sendable (_ emit: ([Response]) throws -> Void) throws -> Void
    ) async throws
        -> (inserted: Int, replayed: Int)
    {
        // The references are checked once, at the end, not by SQLite's foreign keys row by row: their seven
        // lookups a row were 1.2 s of a million rows' 10.6 s. The pragma cannot change inside a transaction, so
        // it is turned off around it, on the writer's connection alone, and on again whatever happens. The
        // check runs while the transaction holds the write lock it took at its start (immediate): no entity
        // it finds can be deleted before the rows that refer to it are committed.
        try await writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            do {
                let counts = try Self.insertAll(produce, db)
                try db.execute(sql: "PRAGMA foreign_keys = ON")
                return counts
            } catch {
                try db.execute(sql: "PRAGMA foreign_keys = ON")
                throw error
            }
        }
    }

    private static func insertAll(
        _ produce: (_ emit: ([Response]) throws -> Void) throws -> Void, _ db: Database
    ) throws -> (inserted: Int, replayed: Int) {
        var counts = (inserted: 0, replayed: 0)
        try db.inTransaction(.immediate) {
            var indexed = IndexedQuestions(surveys: [])
            var known = Set<Survey.ID>()
            var references = ResponseReferences()
            var insertion = try ResponseInsertion(db, receivedAt: 0)
            try produce { chunk in
                for surveyID in Set(chunk.map(\.surveyId)) where !known.contains(surveyID) {
                    known.insert(surveyID)
                    if let survey = try Survey.fetchOne(db, key: surveyID.rawValue) { indexed.register(survey) }
                }
                insertion.receivedAt = Int64(Date().timeIntervalSince1970)
                for response in chunk {
                    let encoded = EncodedResponse(response, indexed: indexed)
                    if try insertion.insert(encoded, db).replayed {
                        counts.replayed += 1
                    } else {
                        counts.inserted += 1
                        references.add(response)
                    }
                }
            }
            try references.check(db)
            if counts.inserted > 0 { try markResponsesChanged(db, rewritten: insertion.choseIDs) }
            return .commit
        }
        return counts
    }

    public func response(id: Response.ID) async throws -> Response? {
        try await writer.read { db in
            try Self.fetchResponses(db, sql: "SELECT \(ResponseColumn.selection) FROM responses WHERE id = ?", arguments: [id.rawValue])
                .first
        }
    }

    public func responses(_ filter: ResponseFilter, after cursor: Response.ID?, limit: Int) async throws -> [Response] {
        try await writer.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let surveys = filter.surveyIds {
                conditions.append("survey_id IN (\(surveys.map { _ in "?" }.joined(separator: ",")))")
                arguments += StatementArguments(surveys.sorted())
            }
            if let from = filter.fromSeconds {
                conditions.append("submitted_at >= ?")
                arguments += [from]
            }
            if let to = filter.toSeconds {
                conditions.append("submitted_at < ?")
                arguments += [to]
            }
            for (dimension, values) in filter.dimensions.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                let placeholders = values.map { _ in "?" }.joined(separator: ",")
                switch dimension {
                case .stage:
                    // Stage codes → the touchpoints at those stages; 0 is "no touchpoint" (as in the index).
                    let stages = values.compactMap { JourneyStage(code: UInt16(clamping: $0))?.rawValue }
                    let atStage =
                        "touchpoint_id IN (SELECT id FROM touchpoints WHERE stage IN (\(stages.map { _ in "?" }.joined(separator: ","))))"
                    conditions.append(values.contains(0) ? "(\(atStage) OR touchpoint_id IS NULL)" : atStage)
                    arguments += StatementArguments(stages.sorted())
                case .survey:
                    conditions.append("survey_id IN (\(placeholders))")
                    arguments += StatementArguments(values.sorted())
                case .tag:
                    preconditionFailure("tags filter by their text (ResponseFilter.tags)")
                case .customer, .valueClass, .loyaltyStep:
                    // Computed, not stored: the labels list the responses of each value (one JSON array parameter).
                    guard let labels = filter.labels[dimension] else {
                        preconditionFailure("\(dimension.rawValue) needs its labels (ResponseFilter.labels)")
                    }
                    func list(_ ids: [UInt32]) -> String { "[" + ids.map(String.init).joined(separator: ",") + "]" }
                    let labelled = "id IN (SELECT value FROM json_each(?))"
                    arguments += [list(labels.responses(withValues: values))]
                    if values.contains(0) {
                        conditions.append("(\(labelled) OR id NOT IN (SELECT value FROM json_each(?)))")
                        arguments += [list(labels.responseIDs)]
                    } else {
                        conditions.append(labelled)
                    }
                default:
                    // Value 0 means "not given".
                    let column = "\(dimension.rawValue)_id"
                    conditions.append("(coalesce(\(column), 0) IN (\(placeholders)))")
                    arguments += StatementArguments(values.sorted())
                }
            }
            if let tags = filter.tags {
                // Any of the tags: one JSON array parameter, like the id lists.
                conditions.append("EXISTS (SELECT 1 FROM json_each(responses.tags) WHERE value IN (SELECT value FROM json_each(?)))")
                arguments += [AnswersCoding.encode(tags: tags.sorted())]
            }
            if let hasComment = filter.hasComment {
                conditions.append(hasComment ? "coalesce(comment, '') <> ''" : "coalesce(comment, '') = ''")
            }
            for band in filter.scoreBands {
                conditions.append("\(band.metric.rawValue) BETWEEN ? AND ?")
                arguments += [band.range.lowerBound, band.range.upperBound]
            }
            if let search = filter.search, !search.isEmpty {
                // Case-insensitive in any script (SQLite's own lower() and LIKE fold ASCII only).
                conditions.append("contains_folded(comment, ?)")
                arguments += [search.lowercased()]
            }
            if let cursor {
                conditions.append(filter.ascending ? "id > ?" : "id < ?")
                arguments += [cursor.rawValue]
            }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let sql =
                "SELECT \(ResponseColumn.selection) FROM responses \(whereClause) ORDER BY id \(filter.ascending ? "ASC" : "DESC") LIMIT ?"
            arguments += [limit]
            return try Self.fetchResponses(db, sql: sql, arguments: arguments)
        }
    }

    public func responses(ids: [Response.ID], commentContaining search: String?) async throws -> [Response] {
        guard !ids.isEmpty else { return [] }
        // One parameter however many ids: a JSON array read by json_each.
        let list = "[" + ids.map { String($0.rawValue) }.joined(separator: ",") + "]"
        let rows = try await writer.read { db in
            var sql = "SELECT \(ResponseColumn.selection) FROM responses WHERE id IN (SELECT value FROM json_each(?))"
            var arguments: StatementArguments = [list]
            if let search, !search.isEmpty {
                sql += " AND contains_folded(comment, ?)"
                arguments += [search.lowercased()]
            }
            return try Self.fetchResponses(db, sql: sql, arguments: arguments)
        }
        // SQLite gives them in the order of their ids; the caller's order is usually that too (the index lists
        // ids in order), and then the rows are the answer as they are.
        if rows.count == ids.count && zip(rows, ids).allSatisfy({ $0.id == $1 }) { return rows }
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
        return ids.compactMap { byID[$0] }
    }

    public func responseIDs(commentContaining text: String) async throws -> Set<UInt32> {
        try await writer.read { db in
            Set(
                try Int64.fetchAll(
                    db, sql: "SELECT id FROM responses WHERE comment IS NOT NULL AND contains_folded(comment, ?)",
                    arguments: [text.lowercased()]
                ).map { UInt32(clamping: $0) })
        }
    }

    public func deleteResponse(id: Response.ID) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM responses WHERE id = ?", arguments: [id.rawValue])
            guard db.changesCount > 0 else { return false }
            try Self.markResponsesChanged(db, rewritten: true)
            return true
        }
    }

    public func saveContact(_ customer: Customer, forResponse id: Response.ID) async throws -> Customer {
        try await writer.write { db in
            guard
                let current = try Row.fetchOne(
                    db, sql: "SELECT customer_id FROM responses WHERE id = ?",
                    arguments: [id.rawValue])
            else { throw StoreError.notFound(entity: "responses", id: id.rawValue) }
            guard (current["customer_id"] as Int64?) == nil else {
                throw StoreError.duplicate(field: "customer_id", value: String(id.rawValue))
            }
            var customer = customer
            customer.id = Identifier(0)
            customer = try Self.save(customer, db)
            try db.execute(
                sql: "UPDATE responses SET customer_id = ? WHERE id = ?",
                arguments: [customer.id.rawValue, id.rawValue])
            return customer
        }
    }

    /// Moves the responses mark (`responsesMark`): call inside the transaction that changed responses.
    /// - Parameter rewritten: the transaction changed or removed a stored response, or stored one under an id its
    ///   writer chose (which may lie below others'), not only appended: a snapshot of the facts
    ///   (`ResponseFactsSnapshot`) no longer holds.
    static func markResponsesChanged(_ db: Database, rewritten: Bool) throws {
        try db.execute(
            sql: rewritten
                ? "UPDATE store_marks SET responses = responses + 1, responses_rewritten = responses_rewritten + 1 WHERE id = 1"
                : "UPDATE store_marks SET responses = responses + 1 WHERE id = 1")
    }

    /// The responses `sql` selects, whose columns are `ResponseColumn.selection` in order, read from the
    /// statement by position with SQLite's own calls. (By name, GRDB lowercases the name and every column name
    /// before it at each lookup: twenty lookups a row were 44% of the journey map page's time on the demo's
    /// 100,000 responses. By position through `Row`, its generic decoding looked `Optional<Int64>`'s type up at
    /// run time for each column of each row: 15% of an export's time.) The answers are the `answers` text, or
    /// the score columns where that is empty (`AnswersCoding`).
    static func fetchResponses(_ db: Database, sql: String, arguments: StatementArguments) throws -> [Response] {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let row = ResponseRow(handle: statement.sqliteStatement)
        var responses: [Response] = []
        while true {
            let result = sqlite3_step(row.handle)
            if result == SQLITE_DONE { return responses }
            guard result == SQLITE_ROW else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: result), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
            }
            responses.append(row.response)
        }
    }

    // MARK: Index rows

    @discardableResult
    public func forEachResponseFacts(
        timeZone: TimeZone, _ body: @Sendable ([ResponseFacts], [ResponseTags]) throws -> Void
    ) async throws -> FactsReading {
        // This reads every response's page at start-up: where a damaged file shows, it must say so.
        do {
            return try await readIndexRows(timeZone: timeZone, body)
        } catch {
            throw DatabaseFaults.classify(error, path: writer.path)
        }
    }

    /// The facts from the snapshot the database trusts (`ResponseFactsSnapshot`), then the responses added after
    /// it from the table; with many read from the table, a new snapshot of them all for the next start.
    private func readIndexRows(
        timeZone: TimeZone, _ body: @Sendable ([ResponseFacts], [ResponseTags]) throws -> Void
    ) async throws
        -> FactsReading
    {
        let (low, high, key) = try await writer.read { db in
            // Each in its own SELECT: SQLite looks a lone min() or max() up in the b-tree, but scans the whole table
            // for both in one (2 s of every start at 10M responses).
            let ids = try Row.fetchOne(
                db, sql: "SELECT coalesce((SELECT min(id) FROM responses), 0), coalesce((SELECT max(id) FROM responses), 0)")
            let marks = try Row.fetchOne(db, sql: "SELECT responses_rewritten, coalesce(facts_snapshot, '') FROM store_marks WHERE id = 1")
            let key = ResponseFactsSnapshot.Key(
                nonce: marks.map { $0[1] as String } ?? "", rewrittenMark: marks.map { $0[0] as Int64 } ?? 0,
                migration: try String.fetchOne(db, sql: "SELECT coalesce(max(identifier), '') FROM grdb_migrations") ?? "",
                timeZone: timeZone.identifier)
            let (low, high): (Int64, Int64) = ids.map { ($0[0], $0[1]) } ?? (0, 0)
            return (low, high, key)
        }
        var reading = FactsReading()
        guard high > 0 else { return reading }
        let file = ResponseFactsSnapshot.file(forDatabase: writer.path)
        let snapshot = file.flatMap { ResponseFactsSnapshot.Reader(path: $0, key: key) }.flatMap { $0.highestID <= high ? $0 : nil }
        let tableFrom = snapshot.map { $0.highestID + 1 } ?? low
        // A new snapshot when many rows come from the table (ids are about dense: their span counts them).
        let newKey = key.withNewNonce()
        let snapshotWriter =
            high - tableFrom + 1 >= factsSnapshotFrom ? file.flatMap { ResponseFactsSnapshot.Writer(path: $0, key: newKey) } : nil
        if let file, snapshot == nil, snapshotWriter == nil {
            // A file this database does not trust (stale, cut, another database's), and too few rows for a new
            // one: hundreds of megabytes no start would ever read again.
            unlink(file)
        }
        let handOn: @Sendable ([ResponseFacts], [ResponseTags]) throws -> Void = { facts, tags in
            snapshotWriter?.append(facts, tags)
            try body(facts, tags)
        }
        if let snapshot {
            try snapshot.forEachBatch(handOn)
            reading.fromSnapshot = snapshot.rows
        }
        if tableFrom <= high { reading.fromTable = try await readIndexRows(ids: tableFrom...high, timeZone: timeZone, handOn) }
        if let snapshotWriter, snapshotWriter.finish() {
            // Trusted only if nothing was rewritten while it was read; else the next start reads the table.
            reading.snapshotWritten =
                (try? await writer.write { db in
                    try db.execute(
                        sql: "UPDATE store_marks SET facts_snapshot = ? WHERE id = 1 AND responses_rewritten = ?",
                        arguments: [newKey.nonce, newKey.rewrittenMark])
                    return db.changesCount > 0
                }) ?? false
        }
        return reading
    }

    /// The rows of `ids`, in two halves read at once on two connections (WAL readers do not block each
    /// other): start-up with 10M responses is bound by reading them. The first half streams to `body`; the
    /// second is held until the first is done, so `body` sees rows in id order. Returns how many.
    private func readIndexRows(
        ids: ClosedRange<Int64>, timeZone: TimeZone, _ body: @Sendable ([ResponseFacts], [ResponseTags]) throws -> Void
    ) async throws -> Int {
        let (low, high) = (ids.lowerBound, ids.upperBound)
        let middle = low + (high - low) / 2
        let reader: any DatabaseReader = writer
        async let secondHalf: [([ResponseFacts], [ResponseTags])] = {
            let batches = Mutex<[([ResponseFacts], [ResponseTags])]>([])
            guard middle < high else { return [] }
            try await Self.readIndexRows(reader, ids: (middle + 1)...high, timeZone: timeZone) { batch, tags in
                batches.withLock { $0.append((batch, tags)) }
            }
            return batches.withLock { $0 }
        }()
        let count = Mutex(0)
        try await Self.readIndexRows(reader, ids: low...middle, timeZone: timeZone) { batch, tags in
            count.withLock { $0 += batch.count }
            try body(batch, tags)
        }
        for (batch, tags) in try await secondHalf {
            count.withLock { $0 += batch.count }
            try body(batch, tags)
        }
        return count.withLock { $0 }
    }

    private static func readIndexRows(
        _ reader: any DatabaseReader, ids: ClosedRange<Int64>, timeZone: TimeZone,
        _ body: @Sendable ([ResponseFacts], [ResponseTags]) throws -> Void
    ) async throws {
        try await reader.read { db in
            // Straight through the C API: this reads every response at start-up.
            // Plain columns, no SQL expressions: NULL reads as 0 through the C API, and scores check
            // for NULL themselves (a skipped question). A comment is there when its text has bytes (NULL has
            // none): `comment IS NOT NULL AND comment <> ''` in the SQL cost 5% of start-up.
            let statement = try db.makeStatement(
                sql: """
                    SELECT id, submitted_at, survey_id, location_id, touchpoint_id, employee_id, segment_id, channel_id,
                        \(Self.scoreColumnList), comment, tags
                    FROM responses WHERE id BETWEEN ? AND ? ORDER BY id
                    """)
            try statement.setArguments([ids.lowerBound, ids.upperBound])
            let handle = statement.sqliteStatement
            var days = LocalDayConverter(timeZone: timeZone)
            var batch: [ResponseFacts] = []
            batch.reserveCapacity(65_536)
            var tags: [ResponseTags] = []
            func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
            func code(_ column: Int32) -> UInt16 { UInt16(clamping: int(column)) }
            func score(_ column: Int32) -> UInt8 {
                sqlite3_column_type(handle, column) == SQLITE_NULL ? ResponseFacts.skipped : UInt8(clamping: int(column))
            }
            /// The score columns follow the eight above, one per metric (`scoreColumnList`).
            func scores() -> MetricScores {
                var scores = MetricScores()
                for column in 0..<MetricScores.slots { scores[column: column] = score(8 + Int32(column)) }
                return scores
            }
            while true {
                let result = sqlite3_step(handle)
                if result == SQLITE_DONE { break }
                guard result == SQLITE_ROW else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: result), message: "reading responses")
                }
                let submittedAt = int(1)
                batch.append(
                    ResponseFacts(
                        responseId: UInt32(clamping: int(0)), submittedAt: UInt32(clamping: submittedAt),
                        day: UInt16(clamping: days.day(ofUnixSeconds: submittedAt)), survey: code(2), location: code(3),
                        touchpoint: code(4), employee: code(5), segment: code(6), channel: code(7), scores: scores(),
                        hasComment: sqlite3_column_bytes(handle, 13) > 0))
                if sqlite3_column_type(handle, 14) != SQLITE_NULL, let text = sqlite3_column_text(handle, 14) {
                    let bytes = UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, 14)))
                    tags.append(ResponseTags(responseId: UInt32(clamping: int(0)), tags: AnswersCoding.decodeTags(bytes)))
                }
                if batch.count == 65_536 {
                    try body(batch, tags)
                    batch.removeAll(keepingCapacity: true)
                    tags.removeAll()
                }
            }
            if !batch.isEmpty { try body(batch, tags) }
        }
    }
}

/// The entities a bulk insert's responses refer to, each id once, checked at its end (`SQLiteStore.insertAll`)
/// instead of by a foreign key per row.
struct ResponseReferences {
    private var surveys = Set<Int64>()
    private var touchpoints = Set<Int64>()
    private var locations = Set<Int64>()
    private var employees = Set<Int64>()
    private var channels = Set<Int64>()
    private var customers = Set<Int64>()
    private var segments = Set<Int64>()

    mutating func add(_ response: Response) {
        surveys.insert(response.surveyId.rawValue)
        let context = response.context
        if let id = context.touchpointId { touchpoints.insert(id.rawValue) }
        if let id = context.locationId { locations.insert(id.rawValue) }
        if let id = context.employeeId { employees.insert(id.rawValue) }
        if let id = context.channelId { channels.insert(id.rawValue) }
        if let id = context.customerId { customers.insert(id.rawValue) }
        if let id = context.segmentId { segments.insert(id.rawValue) }
    }

    /// Throws the foreign key's own problem (`SQLiteStore.unknownReference`) when an id refers to nothing.
    func check(_ db: Database) throws {
        let tables = [
            ("surveys", surveys), ("touchpoints", touchpoints), ("locations", locations), ("employees", employees),
            ("channels", channels), ("customers", customers), ("segments", segments),
        ]
        for (table, ids) in tables where !ids.isEmpty {
            let ids = Array(ids)
            // In slices: SQLite takes a limited number of parameters in one statement.
            for start in stride(from: 0, to: ids.count, by: 500) {
                let slice = ids[start..<min(start + 500, ids.count)]
                let marks = repeatElement("?", count: slice.count).joined(separator: ",")
                let found = try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM \(table) WHERE id IN (\(marks))", arguments: StatementArguments(Array(slice)))
                guard found == slice.count else { throw SQLiteStore.unknownReference(entity: "responses") }
            }
        }
    }
}

/// Inserts responses inside the caller's transaction with one prepared statement, bound through SQLite's
/// C API: imports and batches insert hundreds of thousands of rows per second through this.
struct ResponseInsertion {
    private let statement: Statement
    var receivedAt: Int64
    /// The row's text columns, copied here back to back and bound without SQLite copying them again
    /// (SQLITE_STATIC): a "transient" binding cost SQLite a malloc, a copy and a free per column, each
    /// malloc under its allocator's mutex, all on the single writer. Reused row after row.
    private var text: [UInt8] = []
    /// A response was stored under an id its writer chose, not the next one (`markResponsesChanged`).
    private(set) var choseIDs = false

    /// The statement is looked up once per transaction: looking it up per row hashed its SQL text for
    /// every response (5% of batch ingest in a profile).
    init(_ db: Database, receivedAt: Int64) throws {
        statement = try db.cachedStatement(
            sql: """
                INSERT INTO responses (id, survey_id, submitted_at, received_at, answers, comment, touchpoint_id,
                    location_id, employee_id, channel_id, customer_id, segment_id, order_id, tags, source,
                    idempotency_key, \(SQLiteStore.scoreColumnList))
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?\(String(repeating: ", ?", count: MetricKind.allCases.count)))
                """)
        self.receivedAt = receivedAt
        text.reserveCapacity(4096)
    }

    /// Inserts one response, or finds the one stored before with its idempotency key (a retry).
    mutating func insert(_ encoded: EncodedResponse, _ db: Database) throws -> InsertedResponse {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        // The text columns first, into `text`, as (column, offset, length); bound once `text` stops growing.
        text.removeAll(keepingCapacity: true)
        var texts: InlineArray<6, (column: Int32, offset: Int, length: Int)> = .init(repeating: (0, 0, 0))
        var textCount = 0
        var column: Int32 = 0
        func bind(_ value: Int64?) {
            column += 1
            if let value { sqlite3_bind_int64(handle, column, value) } else { sqlite3_bind_null(handle, column) }
        }
        func bind(_ value: String?) {
            column += 1
            guard var value else {
                sqlite3_bind_null(handle, column)
                return
            }
            let offset = text.count
            value.withUTF8 { text.append(contentsOf: $0) }
            texts[textCount] = (column, offset, text.count - offset)
            textCount += 1
        }
        let response = encoded.response
        bind(response.id.rawValue == 0 ? nil : response.id.rawValue)
        bind(response.surveyId.rawValue)
        bind(Int64(response.submittedAt.timeIntervalSince1970.rounded(.down)))
        bind(receivedAt)
        bind(encoded.answersJSON)
        bind(response.comment)
        bind(response.context.touchpointId?.rawValue)
        bind(response.context.locationId?.rawValue)
        bind(response.context.employeeId?.rawValue)
        bind(response.context.channelId?.rawValue)
        bind(response.context.customerId?.rawValue)
        bind(response.context.segmentId?.rawValue)
        bind(response.context.orderId)
        bind(encoded.tagsJSON)
        bind(response.source.rawValue)
        bind(response.idempotencyKey)
        let scores = encoded.scores
        for column in 0..<MetricScores.slots {
            let score = scores[column: column]
            bind(score == ResponseFacts.skipped ? nil : Int64(score))
        }

        let result = text.withUnsafeBufferPointer { bytes -> Int32 in
            // A valid pointer even for empty text: SQLite reads a NULL pointer as an SQL NULL.
            let base = UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            for i in 0..<textCount {
                let (column, offset, length) = texts[i]
                sqlite3_bind_text(handle, column, (base + offset).assumingMemoryBound(to: CChar.self), Int32(length), sqliteStatic)
            }
            // SQLite reads the bound text only while stepping, so `text` may be reused for the next row.
            return sqlite3_step(handle)
        }
        if result == SQLITE_DONE {
            if response.id.rawValue != 0 { choseIDs = true }
            return InsertedResponse(id: Identifier(db.lastInsertedRowID), replayed: false)
        }
        let extended = sqlite3_extended_errcode(db.sqliteConnection)
        sqlite3_reset(handle)
        if extended == 2067 /* SQLITE_CONSTRAINT_UNIQUE */, let key = response.idempotencyKey,
            let id = try Int64.fetchOne(
                db, sql: "SELECT id FROM responses WHERE survey_id = ? AND idempotency_key = ?",
                arguments: [response.surveyId.rawValue, key])
        {
            // The key was stored before: a retry. The first response stands.
            return InsertedResponse(id: Identifier(id), replayed: true)
        }
        throw DatabaseError(
            resultCode: ResultCode(rawValue: extended),
            message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }
}

private let sqliteStatic: sqlite3_destructor_type? = nil
