import Foundation
import OtklikCore
import OtklikStore

/// Writes responses as CSV (RFC 4180, one column per question of the surveys in scope, names beside ids)
/// or NDJSON (the API's JSON, one response per line), page by page, so an export of millions of rows
/// never sits in memory. Used by `GET /api/v1/export/responses.csv` and `otklik export`.
///
/// Both formats are also import formats: `otklik import` reads them back field for field, and every row
/// carries an idempotency key (`ResponseKeys`), so importing an export twice, or into the database it
/// came from, adds nothing.
public struct ResponseExport: Sendable {
    public enum Format: String, Sendable, CaseIterable { case csv, ndjson }

    let responses: ResponseService
    let catalog: CatalogSnapshot
    let format: Format
    let keys: ResponseKeys
    /// Responses read from the store at a time (tests make it small, so that an export spans pages).
    var pageSize = 5_000

    public init(responses: ResponseService, catalog: CatalogSnapshot, format: Format, keys: ResponseKeys) {
        self.responses = responses
        self.catalog = catalog
        self.format = format
        self.keys = keys
    }

    /// Calls `write` with consecutive pieces of the file, one per page of responses, lent: it copies out what it
    /// keeps (into an HTTP buffer, a file), and the room is written again for the next page. Returns the number
    /// of responses written.
    @discardableResult
    public func run(_ request: ResponseListRequest, write: (OutputBytes) async throws -> Void) async throws -> Int {
        var page = request
        page.filter.ascending = true
        // Each page lists its ids from the index, which sorts a sealed block's matching ids past the cursor
        // (kept in employee order) for every page that starts inside it: pages of 1,000 sorted each block ~65
        // times, a tenth of a CSV export's CPU (`perf`). Pages of 5,000 are a few megabytes in memory.
        page.limit = pageSize
        page.cursor = nil
        let questions = questionColumns(request.filter.surveyIds)
        var output = OutputBytes(capacity: 512 * pageSize)
        if format == .csv { writeCSVHeader(questions, into: &output) }
        var written = 0
        while true {
            let batch = try await responses.list(page)
            for var response in batch {
                response.idempotencyKey = keys.key(for: response)
                switch format {
                case .csv: writeCSV(response, questions, into: &output)
                case .ndjson:
                    ResponseJSON.write(response, into: &output)
                    output.byte(UInt8(ascii: "\n"))
                }
            }
            if output.count > 0 {
                try await write(output)
                output.removeAll()
            }
            written += batch.count
            guard batch.count == page.limit, let last = batch.last else { return written }
            page.cursor = last.id
        }
    }

    /// Question ids of the surveys in scope, first survey first, each once.
    private func questionColumns(_ surveys: Set<Int64>?) -> [String] {
        var seen = Set<String>()
        var columns: [String] = []
        for survey in catalog.surveys.values.sorted(by: { $0.id < $1.id })
        where surveys?.contains(survey.id.rawValue) ?? true {
            for question in survey.questions where seen.insert(question.id).inserted { columns.append(question.id) }
        }
        return columns
    }

    private func writeCSVHeader(_ questions: [String], into output: inout OutputBytes) {
        let columns = [
            "id", "survey_id", "survey", "submitted_at", "touchpoint_id", "touchpoint", "stage", "location_id", "location",
            "employee_id", "employee", "channel", "segment_id", "segment", "customer_id", "order_id", "source", "tags",
            "idempotency_key", "comment",
        ]
        for (i, column) in (columns + questions.map { "answers.\($0)" }).enumerated() {
            if i > 0 { output.byte(UInt8(ascii: ",")) }
            output.csv(column)
        }
        output.raw("\r\n")
    }

    /// One response as a record of the header's columns, each cell as `CSVField` writes it, straight into the
    /// output (a row of strings joined was ~24 µs a response). Numbers are written as they are: `CSVField`
    /// leaves a plain number unchanged.
    private func writeCSV(_ response: Response, _ questions: [String], into output: inout OutputBytes) {
        let context = response.context
        let touchpoint = context.touchpointId.flatMap { catalog.touchpoints[$0] }
        func text(_ value: String?) {
            output.byte(UInt8(ascii: ","))
            if let value { output.csv(value) }
        }
        func number(_ value: Int64?) {
            output.byte(UInt8(ascii: ","))
            if let value { output.integer(Int(value)) }
        }
        output.integer(Int(response.id.rawValue))
        number(response.surveyId.rawValue)
        text(catalog.surveys[response.surveyId]?.title.text(for: catalog.organisation.defaultLocale))
        text(JSONCoding.formatDate(response.submittedAt))
        number(context.touchpointId?.rawValue)
        text(touchpoint?.name)
        text(touchpoint?.stage.rawValue)
        number(context.locationId?.rawValue)
        text(context.locationId.flatMap { catalog.locations[$0]?.name })
        number(context.employeeId?.rawValue)
        text(context.employeeId.flatMap { catalog.employees[$0]?.name })
        text(context.channelId.flatMap { catalog.channels[$0]?.code })
        number(context.segmentId?.rawValue)
        text(context.segmentId.flatMap { catalog.segments[$0]?.name })
        number(context.customerId?.rawValue)
        text(context.orderId)
        text(response.source.rawValue)
        text(context.tags.joined(separator: "|"))
        text(response.idempotencyKey)
        text(response.comment)
        for question in questions {
            switch response.answers[question] {
            case .score(let value): number(Int64(value))
            case .text(let value): text(value)
            case .choices(let choices): text(choices.joined(separator: "|"))
            case nil: text(nil)
            }
        }
        output.raw("\r\n")
    }
}
