import Foundation
import OtklikCore

/// The first half of an import: a file's bytes become submissions with their line numbers, plus a
/// problem for every cell that cannot be read (all of them, not only the first). Then `ImportPipeline`
/// checks them against the surveys and commits.
public enum FileImport {
    public struct Parsed: Sendable {
        public var rows: [ImportPipeline.ParsedRow]
        public var problems: [ImportPipeline.Outcome.Problem]
        /// Submission field ("answers/nps", "touchpoint_id") → the file's column, for messages.
        public var columns: [String: String]
        public var encoding: TextEncoding

        public var columnOfField: @Sendable (String) -> String? {
            let columns = self.columns
            return { field in columns[field] }
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The fields a column can fill.
    public static let fields = [
        "survey_id", "submitted_at", "comment", "touchpoint_id", "location_id", "employee_id",
        "channel_id", "channel", "customer_id", "segment_id", "order_id", "tags", "source",
        "idempotency_key",
    ]

    /// - Parameters:
    ///   - format: "csv" or "ndjson"; nil to take it from the file name.
    ///   - mapping: "FIELD=COLUMN" strings; FIELD is one of `fields` or `answers.<question id>`.
    ///   - surveys: the known surveys, whose questions say how to read a CSV answer cell ("5" is a score
    ///     for an NPS question and text for a text question; "a|b" is two choices or one text).
    ///   - timeZone: for dates without an offset.
    public static func parse(
        _ data: Data, fileName: String, format: String?, encoding: String, mapping: [String],
        defaultSurvey: Survey.ID?, surveys: [Survey.ID: Survey] = [:],
        timeZone: TimeZone
    ) throws -> Parsed {
        guard let encodingChoice = TextEncoding(rawValue: encoding) else {
            throw Failure(description: "--encoding: one of auto, utf8, cp1251")
        }
        let (bytes, used) = try TextEncoding.decode([UInt8](data), as: encodingChoice)
        guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
            throw Failure(description: "\(fileName): the file is empty")
        }
        let kind = format ?? (fileName.hasSuffix(".ndjson") || fileName.hasSuffix(".jsonl") ? "ndjson" : "csv")
        switch kind {
        case "csv":
            return try parseCSV(
                bytes, encoding: used, mapping: mapping, defaultSurvey: defaultSurvey, surveys: surveys,
                timeZone: timeZone)
        case "ndjson": return parseNDJSON(bytes, encoding: used, defaultSurvey: defaultSurvey)
        default: throw Failure(description: "--format: csv or ndjson")
        }
    }

    // MARK: CSV

    static func parseCSV(
        _ bytes: [UInt8], encoding: TextEncoding, mapping: [String], defaultSurvey: Survey.ID?,
        surveys: [Survey.ID: Survey], timeZone: TimeZone
    ) throws -> Parsed {
        let reader = RFC4180Reader(utf8: bytes)
        var header: [String] = []
        var plan: [(column: Int, field: String)] = []
        var columns: [String: String] = [:]
        var rows: [ImportPipeline.ParsedRow] = []
        var problems: [ImportPipeline.Outcome.Problem] = []
        var rejected = 0
        func report(_ line: Int, _ column: String?, _ reason: String) {
            rejected += 1
            if problems.count < ImportPipeline.maxReported {
                problems.append(.init(line: line, column: column, reason: reason))
            }
        }
        var dates = DateReader(timeZone: timeZone)
        do {
            try reader.forEachRecord { record in
                if header.isEmpty {
                    header = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
                    (plan, columns) = try makePlan(header: header, mapping: mapping)
                    return
                }
                guard record.fields.count == header.count else {
                    report(record.line, nil, "\(record.fields.count) fields where the header has \(header.count)")
                    return
                }
                var submission = ResponseSubmission(surveyId: defaultSurvey, answers: [:])
                var keyParts: [String] = []
                var ok = true
                for (column, field) in plan {
                    // Undo the export's guard against spreadsheet formulas; keep free text as written.
                    let raw = CSVField.restored(record.fields[column])
                    let cell = isFreeText(field) ? raw : raw.trimmingCharacters(in: .whitespaces)
                    keyParts.append(cell)
                    if cell.allSatisfy(\.isWhitespace) { continue }
                    if let problem = assign(cell, to: field, in: &submission, dates: &dates) {
                        report(record.line, header[column], problem)
                        ok = false
                    }
                }
                guard ok else { return }
                submission.answers = typed(submission.answers, questions: submission.surveyId.flatMap { surveys[$0] })
                if submission.idempotencyKey == nil {
                    // The same row always gets the same key, so importing a file twice adds nothing.
                    submission.idempotencyKey =
                        "import:"
                        + fnv1a(
                            String(submission.surveyId?.rawValue ?? 0) + "\u{1F}"
                                + keyParts.joined(separator: "\u{1F}"))
                }
                submission.source = submission.source ?? .import
                rows.append((record.line, submission))
            }
        } catch let failure as RFC4180Reader.Failure {
            report(failure.line, header.indices.contains(failure.field - 1) ? header[failure.field - 1] : nil, failure.reason)
        }
        if header.isEmpty { throw Failure(description: "the file has no header line") }
        if rejected > problems.count {
            problems.append(.init(line: 0, column: nil, reason: "… and \(rejected - problems.count) more problems"))
        }
        return Parsed(rows: rows, problems: problems, columns: columns, encoding: encoding)
    }

    /// Which column fills which field: explicit --map first, then columns named like a field.
    static func makePlan(header: [String], mapping: [String]) throws -> ([(column: Int, field: String)], [String: String]) {
        var fieldOfColumn: [Int: String] = [:]
        let lowered = header.map { $0.lowercased() }
        for item in mapping {
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[1].isEmpty else { throw Failure(description: "--map \(item): expected FIELD=COLUMN") }
            // Field names are case-insensitive; question ids (after "answers.") are kept as written.
            let field = parts[0].lowercased().hasPrefix("answers.") ? "answers." + parts[0].dropFirst(8) : parts[0].lowercased()
            guard fields.contains(field) || (field.hasPrefix("answers.") && field.count > 8) else {
                throw Failure(
                    description:
                        "--map \(item): unknown field \"\(parts[0])\"; fields: \(fields.joined(separator: ", ")), answers.<question id>")
            }
            guard let column = header.firstIndex(of: parts[1]) ?? lowered.firstIndex(of: parts[1].lowercased()) else {
                throw Failure(
                    description: "--map \(item): the file has no column \"\(parts[1])\"; columns: \(header.joined(separator: ", "))")
            }
            fieldOfColumn[column] = field
        }
        let mapped = Set(fieldOfColumn.values)
        for (column, name) in header.enumerated() where fieldOfColumn[column] == nil {
            let lower = name.lowercased()
            let field = lower.hasPrefix("answers.") ? "answers." + name.dropFirst(8) : lower
            if (fields.contains(field) || (field.hasPrefix("answers.") && field.count > 8)) && !mapped.contains(field) {
                fieldOfColumn[column] = field
            }
        }
        guard !fieldOfColumn.isEmpty else {
            throw Failure(description: "no column maps to a field; name columns like the fields (survey_id, answers.nps …) or use --map")
        }
        let plan = fieldOfColumn.sorted { $0.key < $1.key }.map { (column: $0.key, field: $0.value) }
        var columns: [String: String] = [:]
        for (column, field) in plan {
            columns[field.hasPrefix("answers.") ? "answers/" + field.dropFirst(8) : field] = header[column]
        }
        return (plan, columns)
    }

    /// Fields whose cells are kept with their spaces: what a person wrote.
    static func isFreeText(_ field: String) -> Bool {
        field == "comment" || field == "order_id" || field.hasPrefix("answers.")
    }

    /// Answer cells, read as text by `assign`, typed by their questions: a score for a scored question, a
    /// list for a multiple choice, text for text and single choices. A question the importer does not know
    /// (an unknown survey, to be created with `--create-missing`) is typed by the cell's look.
    static func typed(_ answers: [String: AnswerValue], questions survey: Survey?) -> [String: AnswerValue] {
        var typed = answers
        for (id, answer) in answers {
            guard case .text(let cell) = answer else { continue }
            let cellAsScore =
                Int(cell.trimmingCharacters(in: .whitespaces))
                ?? Double(cell.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "."))
                .flatMap { $0 == $0.rounded() && abs($0) < 1e9 ? Int($0) : nil }
            switch survey?.question(id)?.kind {
            case .nps, .csat, .ces, .ladder, .stars:
                if let cellAsScore { typed[id] = .score(cellAsScore) }  // otherwise the survey says "wrong type"
            case .multipleChoice: typed[id] = .choices(cell.split(separator: "|").map(String.init))
            case .singleChoice, .text: break
            case nil:
                if let cellAsScore {
                    typed[id] = .score(cellAsScore)
                } else if cell.contains("|") {
                    typed[id] = .choices(cell.split(separator: "|").map(String.init))
                }
            }
        }
        return typed
    }

    /// Puts one cell into its field; returns why it cannot, or nil.
    static func assign(
        _ cell: String, to field: String, in submission: inout ResponseSubmission,
        dates: inout DateReader
    ) -> String? {
        func id<T>(_ set: (Identifier<T>) -> Void) -> String? {
            guard let value = Int64(cell), value > 0 else { return "\"\(cell)\" is not an id (a positive integer)" }
            set(Identifier(value))
            return nil
        }
        if field.hasPrefix("answers.") {
            // Typed once the row's survey is known (`typed`).
            submission.answers[String(field.dropFirst(8))] = .text(cell)
            return nil
        }
        switch field {
        case "survey_id": return id { submission.surveyId = $0 }
        case "touchpoint_id": return id { submission.touchpointId = $0 }
        case "location_id": return id { submission.locationId = $0 }
        case "employee_id": return id { submission.employeeId = $0 }
        case "channel_id": return id { submission.channelId = $0 }
        case "customer_id": return id { submission.customerId = $0 }
        case "segment_id": return id { submission.segmentId = $0 }
        case "submitted_at":
            guard let date = dates.read(cell) else {
                return "\"\(cell)\" is not a date; use 2025-03-07T14:30:00+03:00, 2025-03-07 14:30, 07.03.2025 14:30 or Unix seconds"
            }
            submission.submittedAt = date
        case "comment": submission.comment = cell
        case "channel": submission.channel = cell
        case "order_id": submission.orderId = cell
        case "tags": submission.tags = cell.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        case "idempotency_key": submission.idempotencyKey = cell
        case "source":
            guard let source = Response.Source(rawValue: cell) else {
                return "\"\(cell)\" is not a source (\(Response.Source.allCases.map(\.rawValue).joined(separator: ", ")))"
            }
            submission.source = source
        default: return "unknown field"
        }
        return nil
    }

    // MARK: NDJSON

    static func parseNDJSON(_ bytes: [UInt8], encoding: TextEncoding, defaultSurvey: Survey.ID?) -> Parsed {
        let decoder = JSONCoding.makeDecoder()
        var rows: [ImportPipeline.ParsedRow] = []
        var problems: [ImportPipeline.Outcome.Problem] = []
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let text = line.filter { $0 != 0x0D }
            if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            // A key given twice would keep only one of its values, without a word: refused, as the API does.
            if let key = text.withUnsafeBytes(JSONByteReader.firstDuplicateKey) {
                if problems.count < ImportPipeline.maxReported {
                    problems.append(.init(line: index + 1, column: key, reason: "the key appears twice in one object"))
                }
                continue
            }
            do {
                var submission = try decoder.decode(NDJSONLine.self, from: Data(text)).submission
                if submission.surveyId == nil { submission.surveyId = defaultSurvey }
                if submission.idempotencyKey == nil {
                    submission.idempotencyKey = "import:" + fnv1a(String(decoding: text, as: UTF8.self))
                }
                submission.source = submission.source ?? .import
                rows.append((index + 1, submission))
            } catch let error as DecodingError {
                if problems.count < ImportPipeline.maxReported {
                    let problem = API.problem(error)
                    problems.append(
                        .init(
                            line: index + 1, column: problem.errors?.first?.field,
                            reason: problem.errors?.first?.message ?? "not a JSON object"))
                }
            } catch  where problems.count < ImportPipeline.maxReported {
                problems.append(.init(line: index + 1, column: nil, reason: "not a JSON object"))
            } catch {}
        }
        return Parsed(rows: rows, problems: problems, columns: [:], encoding: encoding)
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
/// a bare date, or Unix seconds. Dates without an offset are in the given time zone.
struct DateReader {
    let timeZone: TimeZone
    private var converter: LocalDayConverter

    init(timeZone: TimeZone) {
        self.timeZone = timeZone
        converter = LocalDayConverter(timeZone: timeZone)
    }

    mutating func read(_ text: String) -> Date? {
        if let seconds = Int64(text) {
            return (0...4_102_444_800).contains(seconds) ? Date(timeIntervalSince1970: TimeInterval(seconds)) : nil
        }
        if text.contains("T"), let date = JSONCoding.parseDate(text) { return date }
        // Local forms: date, then an optional time.
        let parts = text.split(separator: " ", maxSplits: 1)
        let datePart = parts[0]
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
        return Date(timeIntervalSince1970: TimeInterval(start + Int64(seconds)))
    }
}
