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

    /// Calls `write` with consecutive pieces of the file; returns the number of responses written.
    @discardableResult
    public func run(_ request: ResponseListRequest, write: (String) async throws -> Void) async throws -> Int {
        var page = request
        page.filter.ascending = true
        // Each page lists its ids from the index, which sorts a sealed block's matching ids (kept in employee
        // order) again for every page that starts inside it: pages of 1,000 sorted each block ~65 times, a
        // tenth of a CSV export's CPU (`perf`). Pages of 5,000 are a few megabytes in memory.
        page.limit = pageSize
        let questions = questionColumns(request.filter.surveyIds)
        if format == .csv { try await write(CSVField.row(header(questions))) }
        page.cursor = nil
        var written = 0
        while true {
            let batch = try await responses.list(page).map { response in
                var response = response
                response.idempotencyKey = keys.key(for: response)
                return response
            }
            var piece = ""
            switch format {
            case .csv:
                for response in batch { piece += CSVField.row(cells(response, questions)) }
            case .ndjson:
                var lines = OutputBytes(capacity: 512 * batch.count)
                for response in batch {
                    ResponseJSON.write(response, into: &lines)
                    lines.byte(UInt8(ascii: "\n"))
                }
                piece = lines.withBytes { String(decoding: $0, as: UTF8.self) }
            }
            if !piece.isEmpty { try await write(piece) }
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

    private func header(_ questions: [String]) -> [String] {
        [
            "id", "survey_id", "survey", "submitted_at", "touchpoint_id", "touchpoint", "stage", "location_id", "location",
            "employee_id", "employee", "channel", "segment_id", "segment", "customer_id", "order_id", "source", "tags",
            "idempotency_key", "comment",
        ] + questions.map { "answers.\($0)" }
    }

    private func cells(_ response: Response, _ questions: [String]) -> [String] {
        let context = response.context
        let locale = catalog.organisation.defaultLocale
        func id<T>(_ value: Identifier<T>?) -> String { value.map { String($0.rawValue) } ?? "" }
        let touchpoint = context.touchpointId.flatMap { catalog.touchpoints[$0] }
        let surveyTitle: String = catalog.surveys[response.surveyId]?.title.text(for: locale) ?? ""
        let locationName: String = context.locationId.flatMap { catalog.locations[$0]?.name } ?? ""
        let employeeName: String = context.employeeId.flatMap { catalog.employees[$0]?.name } ?? ""
        let channelCode: String = context.channelId.flatMap { catalog.channels[$0]?.code } ?? ""
        let segmentName: String = context.segmentId.flatMap { catalog.segments[$0]?.name } ?? ""
        var cells: [String] = [String(response.id.rawValue), String(response.surveyId.rawValue), surveyTitle]
        cells += [JSONCoding.formatDate(response.submittedAt), id(context.touchpointId), touchpoint?.name ?? ""]
        cells += [touchpoint?.stage.rawValue ?? "", id(context.locationId), locationName]
        cells += [id(context.employeeId), employeeName, channelCode, id(context.segmentId), segmentName]
        cells += [id(context.customerId), context.orderId ?? "", response.source.rawValue]
        cells += [context.tags.joined(separator: "|"), response.idempotencyKey ?? "", response.comment ?? ""]
        for question in questions {
            switch response.answers[question] {
            case .score(let value): cells.append(String(value))
            case .text(let text): cells.append(text)
            case .choices(let choices): cells.append(choices.joined(separator: "|"))
            case nil: cells.append("")
            }
        }
        return cells
    }
}
