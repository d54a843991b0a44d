import Foundation
import OtklikAnalytics
import OtklikCore

/// The first half of an import: a file's records become submissions with their line numbers, plus a
/// problem for every cell that cannot be read (all of them, not only the first). The file is read from its
/// `ImportSource` segment by segment each time `forEachRow` is called, so no import holds its rows; then
/// `ImportPipeline` checks them against the surveys and commits.
public struct FileImport: Sendable {
    public let source: ImportSource
    let fileName: String
    let kind: Kind
    let mapping: [String]
    let defaultSurvey: Survey.ID?
    let surveys: [Survey.ID: Survey]
    let timeZone: TimeZone
    /// Segments of at least this many bytes are read as two halves at once (`readInHalves`); tests make it
    /// small, so that small files take that way too.
    var halvesFrom = 1 << 20

    enum Kind { case csv, ndjson }

    /// What a reading found besides its rows.
    public struct Reading: Sendable {
        /// Why rows could not be read, in file order (the first `ImportPipeline.maxReported`).
        public var problems: [ImportPipeline.Outcome.Problem]
        /// Problems found in all, reported or not.
        public var problemCount: Int
        /// Rows that could not be read.
        public var rejected: Int
        /// Submission field ("answers/nps", "touchpoint_id") → the file's column, for messages.
        public var columns: [String: String]

        mutating func report(_ line: Int, _ column: String?, _ reason: String) {
            problemCount += 1
            if problems.count < ImportPipeline.maxReported { problems.append(.init(line: line, column: column, reason: reason)) }
        }

        /// What the reading of the part of the file after this one's found, added after it.
        mutating func append(_ later: Reading) {
            problems += later.problems.prefix(ImportPipeline.maxReported - problems.count)
            problemCount += later.problemCount
            rejected += later.rejected
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The fields a column can fill (besides `answers.<question id>`).
    public static let fields = ImportField.named.map(\.name)

    /// - Parameters:
    ///   - format: "csv" or "ndjson"; nil to take it from the file name.
    ///   - mapping: "FIELD=COLUMN" strings; FIELD is one of `fields` or `answers.<question id>`.
    ///   - surveys: the known surveys, whose questions say how to read a CSV answer cell ("5" is a score
    ///     for an NPS question and text for a text question; "a|b" is two choices or one text).
    ///   - timeZone: for dates without an offset.
    public init(
        _ source: ImportSource, fileName: String, format: String?, mapping: [String], defaultSurvey: Survey.ID?,
        surveys: [Survey.ID: Survey] = [:], timeZone: TimeZone
    ) throws {
        switch format ?? (fileName.hasSuffix(".ndjson") || fileName.hasSuffix(".jsonl") ? "ndjson" : "csv") {
        case "csv": kind = .csv
        case "ndjson": kind = .ndjson
        default: throw Failure(description: "--format: csv or ndjson")
        }
        self.source = source
        self.fileName = fileName
        self.mapping = mapping
        self.defaultSurvey = defaultSurvey
        self.surveys = surveys
        self.timeZone = timeZone
    }

    /// Reads the file from its start, calling `row` for every record that reads as a submission, in file
    /// order, and `progress` with (bytes read, bytes in all). Throws for a file that cannot be read at all
    /// (empty, no header, not the encoding, a mapping that names no column).
    public func forEachRow(
        progress: (Int, Int) -> Void = { _, _ in }, _ row: (ImportPipeline.ParsedRow) throws -> Void
    ) throws -> Reading {
        var reading = Reading(problems: [], problemCount: 0, rejected: 0, columns: [:])
        var sawText = false
        var csv = CSVState()
        var dates = DateReader(timeZone: timeZone)
        let decoder = JSONCoding.makeDecoder()
        do {
            try source.forEachSegment(quotes: kind == .csv) { segment, firstLine, read in
                if !sawText { sawText = !segment.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 } }
                // A CSV file's header is read first, on this thread: the other rows are read by its plan.
                if segment.count < halvesFrom || (kind == .csv && csv.header.isEmpty) {
                    try readSegment(segment, firstLine: firstLine, csv: &csv, dates: &dates, decoder: decoder, reading: &reading, row)
                } else {
                    try readInHalves(segment, firstLine: firstLine, csv: csv, reading: &reading, row)
                }
                progress(read, source.size)
            }
        } catch is StopReading {}
        guard sawText else { throw Failure(description: "\(fileName): the file is empty") }
        if kind == .csv && csv.header.isEmpty { throw Failure(description: "the file has no header line") }
        reading.columns = csv.columns
        return reading
    }

    /// Broken quoting ends a reading: what follows cannot be told apart into records.
    private struct StopReading: Error {}

    private func readSegment(
        _ segment: [UInt8], firstLine: Int, csv: inout CSVState, dates: inout DateReader, decoder: JSONDecoder,
        reading: inout Reading, _ row: (ImportPipeline.ParsedRow) throws -> Void
    ) throws {
        switch kind {
        case .csv: try readCSV(segment, firstLine: firstLine, state: &csv, dates: &dates, reading: &reading, row)
        case .ndjson: try readNDJSON(segment, firstLine: firstLine, decoder: decoder, reading: &reading, row)
        }
    }

    /// One half of a segment, read on either core: its rows, and what its reading found.
    private final class HalfReading: @unchecked Sendable {
        var rows: [ImportPipeline.ParsedRow] = []
        var reading = Reading(problems: [], problemCount: 0, rejected: 0, columns: [:])
        var stopped = false
        var error: Error?
    }

    /// Reads a segment as two halves at once, one on a second core, cut at the end of a record by the rule
    /// that cuts the file into segments: making submissions of records was most of an import's time, on one
    /// core. Then hands the rows on in file order, each half's problems after the other's, and stops where one
    /// reading would (broken quoting, an error).
    private func readInHalves(
        _ segment: [UInt8], firstLine: Int, csv: CSVState, reading: inout Reading,
        _ row: (ImportPipeline.ParsedRow) throws -> Void
    ) throws {
        let cut = ImportSource.lastRecordEnd(segment[..<(segment.count / 2)], quotes: kind == .csv)
        let halves = [Array(segment[..<cut]), Array(segment[cut...])]
        let lines = [firstLine, firstLine + halves[0].count { $0 == 0x0A }]
        let results = [HalfReading(), HalfReading()]
        SecondCore.share(2) { half, _ in
            let result = results[half]
            var state = csv
            var dates = DateReader(timeZone: timeZone)
            do {
                try readSegment(
                    halves[half], firstLine: lines[half], csv: &state, dates: &dates, decoder: JSONCoding.makeDecoder(),
                    reading: &result.reading
                ) { result.rows.append($0) }
            } catch is StopReading {
                result.stopped = true
            } catch {
                result.error = error
            }
        }
        for result in results {
            for parsed in result.rows { try row(parsed) }
            reading.append(result.reading)
            if let error = result.error { throw error }
            if result.stopped { throw StopReading() }
        }
    }

    // MARK: CSV

    /// What a CSV reading carries from one segment to the next.
    struct CSVState {
        var delimiter: UInt8?
        var header: [String] = []
        var plan: [(column: Int, field: ImportField)] = []
        /// Whether `plan` has a key column; otherwise each row's cells make its key.
        var mapsKey = false
        var columns: [String: String] = [:]
    }

    private func readCSV(
        _ segment: [UInt8], firstLine: Int, state: inout CSVState, dates: inout DateReader, reading: inout Reading,
        _ row: (ImportPipeline.ParsedRow) throws -> Void
    ) throws {
        if state.delimiter == nil { state.delimiter = RFC4180Reader.detectDelimiter(segment) }
        let reader = RFC4180Reader(utf8: segment, delimiter: state.delimiter, firstLine: firstLine)
        func report(_ line: Int, _ column: String?, _ reason: String) { reading.report(line, column, reason) }
        do {
            try reader.forEachRecord { record in
                if state.header.isEmpty {
                    state.header = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
                    (state.plan, state.columns) = try Self.makePlan(header: state.header, mapping: mapping)
                    state.mapsKey = state.plan.contains { $0.field == .idempotencyKey }
                    return
                }
                let header = state.header
                guard record.fields.count == header.count else {
                    report(record.line, nil, "\(record.fields.count) fields where the header has \(header.count)")
                    reading.rejected += 1
                    return
                }
                var submission = ResponseSubmission(surveyId: defaultSurvey, answers: [:])
                // The cells a row's key is made of, when the file maps no key column.
                var keyParts: [String] = []
                let mapsKey = state.mapsKey
                var ok = true
                for (column, field) in state.plan {
                    let cell = Self.cell(record.fields[column], of: field)
                    if !mapsKey { keyParts.append(cell) }
                    if Self.isBlank(cell) { continue }
                    if let problem = Self.assign(cell, to: field, in: &submission, dates: &dates) {
                        report(record.line, header[column], problem)
                        ok = false
                    }
                }
                guard ok else {
                    reading.rejected += 1
                    return
                }
                Self.type(&submission.answers, questions: submission.surveyId.flatMap { surveys[$0] })
                if submission.idempotencyKey == nil {
                    // The same row always gets the same key, so importing a file twice adds nothing. (A row
                    // whose key cell is blank reads its cells again.)
                    let cells = mapsKey ? state.plan.map { Self.cell(record.fields[$0.column], of: $0.field) } : keyParts
                    submission.idempotencyKey =
                        "import:"
                        + Self.fnv1a(
                            String(submission.surveyId?.rawValue ?? 0) + "\u{1F}" + cells.joined(separator: "\u{1F}"))
                }
                submission.source = submission.source ?? .import
                try row((record.line, submission))
            }
        } catch let failure as RFC4180Reader.Failure {
            let header = state.header
            report(failure.line, header.indices.contains(failure.field - 1) ? header[failure.field - 1] : nil, failure.reason)
            reading.rejected += 1
            throw StopReading()
        }
    }

    /// Which column fills which field: explicit --map first, then columns named like a field.
    static func makePlan(header: [String], mapping: [String]) throws -> ([(column: Int, field: ImportField)], [String: String]) {
        var fieldOfColumn: [Int: (name: String, field: ImportField)] = [:]
        let lowered = header.map { $0.lowercased() }
        for item in mapping {
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[1].isEmpty else { throw Failure(description: "--map \(item): expected FIELD=COLUMN") }
            // Field names are case-insensitive; question ids (after "answers.") are kept as written.
            let field = parts[0].lowercased().hasPrefix("answers.") ? "answers." + parts[0].dropFirst(8) : parts[0].lowercased()
            guard let resolved = ImportField(name: field) else {
                throw Failure(
                    description:
                        "--map \(item): unknown field \"\(parts[0])\"; fields: \(fields.joined(separator: ", ")), answers.<question id>")
            }
            guard let column = header.firstIndex(of: parts[1]) ?? lowered.firstIndex(of: parts[1].lowercased()) else {
                throw Failure(
                    description: "--map \(item): the file has no column \"\(parts[1])\"; columns: \(header.joined(separator: ", "))")
            }
            fieldOfColumn[column] = (field, resolved)
        }
        let mapped = Set(fieldOfColumn.values.map(\.name))
        for (column, name) in header.enumerated() where fieldOfColumn[column] == nil {
            let lower = name.lowercased()
            let field = lower.hasPrefix("answers.") ? "answers." + name.dropFirst(8) : lower
            if !mapped.contains(field), let resolved = ImportField(name: field) {
                fieldOfColumn[column] = (field, resolved)
            }
        }
        guard !fieldOfColumn.isEmpty else {
            throw Failure(description: "no column maps to a field; name columns like the fields (survey_id, answers.nps …) or use --map")
        }
        let named = fieldOfColumn.sorted { $0.key < $1.key }
        var columns: [String: String] = [:]
        for (column, (name, _)) in named {
            columns[name.hasPrefix("answers.") ? "answers/" + name.dropFirst(8) : name] = header[column]
        }
        return (named.map { (column: $0.key, field: $0.value.field) }, columns)
    }

    /// A cell as its field reads it: the export's guard against spreadsheet formulas undone, and free text
    /// kept as written, other cells without the spaces around them.
    static func cell(_ written: String, of field: ImportField) -> String {
        let raw = CSVField.restored(written)
        return field.isFreeText ? raw : trimmed(raw)
    }

    /// The cell without the spaces and tabs around it (what `trimmingCharacters(in: .whitespaces)` does,
    /// without its trip through UTF-16, which cost more than the rest of reading a row).
    static func trimmed(_ cell: String) -> String {
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || (scalar.value > 0x7F && scalar.properties.generalCategory == .spaceSeparator)
        }
        let scalars = cell.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, isSpace(first) || isSpace(last) else { return cell }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }), let end = scalars.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(scalars[start...end])
    }

    /// Nothing but white space (or nothing at all).
    static func isBlank(_ cell: String) -> Bool {
        for byte in cell.utf8 where byte != 0x20 && byte != 0x09 {
            // Any other ASCII byte is text; past ASCII, ask Unicode (a no-break space is blank).
            return byte < 0x80 ? false : cell.allSatisfy(\.isWhitespace)
        }
        return true
    }

    /// Answer cells, read as text by `assign`, typed by their questions: a score for a scored question, a
    /// list for a multiple choice, text for text and single choices. A question the importer does not know
    /// (an unknown survey, to be created with `--create-missing`) is typed by the cell's look.
    static func type(_ answers: inout [String: AnswerValue], questions survey: Survey?) {
        // Each value replaced where it is, by index: iterating over the dictionary while setting its values by
        // key made a copy of it for every row.
        var index = answers.startIndex
        while index != answers.endIndex {
            defer { answers.formIndex(after: &index) }
            let (id, answer) = answers[index]
            guard case .text(let cell) = answer else { continue }
            let cellAsScore =
                Int(trimmed(cell))
                ?? Double(trimmed(cell).replacingOccurrences(of: ",", with: "."))
                .flatMap { $0 == $0.rounded() && abs($0) < 1e9 ? Int($0) : nil }
            switch survey?.question(id)?.kind {
            case .nps, .csat, .ces, .ladder, .stars:
                if let cellAsScore { answers.values[index] = .score(cellAsScore) }  // otherwise the survey says "wrong type"
            case .multipleChoice: answers.values[index] = .choices(cell.split(separator: "|").map(String.init))
            case .singleChoice, .text: break
            case nil:
                if let cellAsScore {
                    answers.values[index] = .score(cellAsScore)
                } else if cell.contains("|") {
                    answers.values[index] = .choices(cell.split(separator: "|").map(String.init))
                }
            }
        }
    }

    /// Puts one cell into its field; returns why it cannot, or nil.
    static func assign(
        _ cell: String, to field: ImportField, in submission: inout ResponseSubmission,
        dates: inout DateReader
    ) -> String? {
        func id<T>(_ set: (Identifier<T>) -> Void) -> String? {
            guard let value = Int64(cell), value > 0 else { return "\"\(cell)\" is not an id (a positive integer)" }
            set(Identifier(value))
            return nil
        }
        switch field {
        // Typed once the row's survey is known (`type`).
        case .answer(let question): submission.answers[question] = .text(cell)
        case .surveyID: return id { submission.surveyId = $0 }
        case .touchpointID: return id { submission.touchpointId = $0 }
        case .locationID: return id { submission.locationId = $0 }
        case .employeeID: return id { submission.employeeId = $0 }
        case .channelID: return id { submission.channelId = $0 }
        case .customerID: return id { submission.customerId = $0 }
        case .segmentID: return id { submission.segmentId = $0 }
        case .submittedAt:
            guard let date = dates.read(cell) else {
                return "\"\(cell)\" is not a date; use 2025-03-07T14:30:00+03:00, 2025-03-07 14:30, 07.03.2025 14:30 or Unix seconds"
            }
            submission.submittedAt = date
        case .comment: submission.comment = cell
        case .channel: submission.channel = cell
        case .orderID: submission.orderId = cell
        case .tags: submission.tags = cell.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        case .idempotencyKey: submission.idempotencyKey = cell
        case .source:
            guard let source = Response.Source(rawValue: cell) else {
                return "\"\(cell)\" is not a source (\(Response.Source.allCases.map(\.rawValue).joined(separator: ", ")))"
            }
            submission.source = source
        }
        return nil
    }

    // MARK: NDJSON

    private func readNDJSON(
        _ segment: [UInt8], firstLine: Int, decoder: JSONDecoder, reading: inout Reading,
        _ row: (ImportPipeline.ParsedRow) throws -> Void
    ) throws {
        func report(_ line: Int, _ column: String?, _ reason: String) {
            reading.report(line, column, reason)
            reading.rejected += 1
        }
        for (index, line) in segment.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let number = firstLine + index
            let text = line.filter { $0 != 0x0D }
            if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            // A key given twice would keep only one of its values, without a word: refused, as the API does.
            if let key = text.withUnsafeBytes(JSONByteReader.firstDuplicateKey) {
                report(number, key, "the key appears twice in one object")
                continue
            }
            let submission: ResponseSubmission
            do {
                submission = try decoder.decode(NDJSONLine.self, from: Data(text)).submission
            } catch let error as DecodingError {
                let problem = API.problem(error)
                report(number, problem.errors?.first?.field, problem.errors?.first?.message ?? "not a JSON object")
                continue
            } catch {
                report(number, nil, "not a JSON object")
                continue
            }
            var filled = submission
            if filled.surveyId == nil { filled.surveyId = defaultSurvey }
            if filled.idempotencyKey == nil {
                filled.idempotencyKey = "import:" + Self.fnv1a(String(decoding: text, as: UTF8.self))
            }
            filled.source = filled.source ?? .import
            try row((number, filled))
        }
    }

    /// A line of an NDJSON file: a submission as the ingest API takes it, or a response as the API and
    /// `otklik export` write it, with its context nested under "context" (its id is the exporting
    /// database's and is not kept).
    struct NDJSONLine: Decodable {
        var submission: ResponseSubmission

        private enum Keys: String, CodingKey { case context }

        init(from decoder: Decoder) throws {
            submission = try ResponseSubmission(from: decoder)
            guard let context = try decoder.container(keyedBy: Keys.self).decodeIfPresent(ResponseContext.self, forKey: .context)
            else { return }
            submission.touchpointId = submission.touchpointId ?? context.touchpointId
            submission.locationId = submission.locationId ?? context.locationId
            submission.employeeId = submission.employeeId ?? context.employeeId
            submission.channelId = submission.channelId ?? context.channelId
            submission.customerId = submission.customerId ?? context.customerId
            submission.segmentId = submission.segmentId ?? context.segmentId
            submission.orderId = submission.orderId ?? context.orderId
            submission.tags = submission.tags ?? context.tags
        }
    }

    /// 64-bit FNV-1a of the text, as 16 hex digits: a stable fingerprint for rows without a key.
    static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// Reads the date formats business files use: RFC 3339, "2025-03-07 14:30[:00]", "07.03.2025[ 14:30[:00]]",
/// a bare date, or Unix seconds. Dates without an offset are in the given time zone (on a day the clocks change,
/// by the offset in force at that moment). Responses and sales lines are read by the same rules.
struct DateReader {
    let timeZone: TimeZone
    private var converter: LocalDayConverter
    /// The last text read and its date: the lines of one order repeat their time.
    private var last: (text: Substring, date: Date?)?

    init(timeZone: TimeZone) {
        self.timeZone = timeZone
        converter = LocalDayConverter(timeZone: timeZone)
    }

    mutating func read(_ text: String) -> Date? { read(Substring(text)) }

    mutating func read(_ text: Substring) -> Date? {
        if let last, last.text == text { return last.date }
        let date = parse(text)
        last = (text, date)
        return date
    }

    private mutating func parse(_ text: Substring) -> Date? {
        if let seconds = Int64(text) {
            return (0...4_102_444_800).contains(seconds) ? Date(timeIntervalSince1970: TimeInterval(seconds)) : nil
        }
        if text.contains("T"), let date = JSONCoding.parseDate(String(text)) { return date }
        // Local forms: date, then an optional time.
        let parts = text.split(separator: " ", maxSplits: 1)
        guard let datePart = parts.first else { return nil }
        var day: Int?
        if datePart.contains(".") {
            let pieces = datePart.split(separator: ".")
            if pieces.count == 3, pieces[2].count == 4 {
                day = CivilDay.parse(
                    "\(pieces[2])-\(pieces[1].count == 1 ? "0" : "")\(pieces[1])-\(pieces[0].count == 1 ? "0" : "")\(pieces[0])")
            }
        } else {
            day = CivilDay.parse(datePart)
        }
        guard let day else { return nil }
        var seconds = 0
        if parts.count == 2 {
            let time = parts[1].split(separator: ":")
            guard (2...3).contains(time.count), let hour = Int(time[0]), let minute = Int(time[1]),
                (0..<24).contains(hour), (0..<60).contains(minute)
            else { return nil }
            let second = time.count == 3 ? Int(time[2]) ?? -1 : 0
            guard (0..<60).contains(second) else { return nil }
            seconds = hour * 3600 + minute * 60 + second
        }
        let start = converter.startOfDay(day)
        var instant = start + Int64(seconds)
        if converter.startOfDay(day + 1) - start != 86_400 {
            // A day the clocks change: the wall-clock time is shifted by the offset in force at that moment.
            let zone = timeZone
            func offset(_ seconds: Int64) -> Int { zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))) }
            instant += Int64(offset(start) - offset(instant))
        }
        return Date(timeIntervalSince1970: TimeInterval(instant))
    }
}

/// What a CSV column fills: resolved from the field's name once per file (comparing names for every cell was
/// a tenth of reading a row).
enum ImportField: Equatable, Sendable {
    case surveyID, submittedAt, comment, touchpointID, locationID, employeeID, channelID, channel, customerID
    case segmentID, orderID, tags, source, idempotencyKey
    /// The answer to the question of this id.
    case answer(String)

    /// The fields a column fills by name (`survey_id` …), besides answers (`answers.<question id>`).
    static let named: [(name: String, field: ImportField)] = [
        ("survey_id", .surveyID), ("submitted_at", .submittedAt), ("comment", .comment), ("touchpoint_id", .touchpointID),
        ("location_id", .locationID), ("employee_id", .employeeID), ("channel_id", .channelID), ("channel", .channel),
        ("customer_id", .customerID), ("segment_id", .segmentID), ("order_id", .orderID), ("tags", .tags),
        ("source", .source), ("idempotency_key", .idempotencyKey),
    ]

    /// The field of a name in `named` or `answers.<question id>`; nil for any other.
    init?(name: String) {
        if name.hasPrefix("answers.") {
            guard name.count > 8 else { return nil }
            self = .answer(String(name.dropFirst(8)))
            return
        }
        guard let field = Self.named.first(where: { $0.name == name })?.field else { return nil }
        self = field
    }

    /// Whether the field's cells are kept with their spaces: what a person wrote.
    var isFreeText: Bool {
        switch self {
        case .comment, .orderID, .answer: true
        default: false
        }
    }
}
