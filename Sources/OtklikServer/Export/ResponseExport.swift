import Foundation
import OtklikCore
import OtklikStore

/// Writes responses as CSV (RFC 4180, one column per question of the surveys in scope, names beside ids)
/// or NDJSON (the API's JSON, one response per line), page by page, so an export of millions of rows
/// never sits in memory. Used by `GET /api/v1/export/responses.csv` and `otklik export`.
public struct ResponseExport: Sendable {
    public enum Format: String, Sendable, CaseIterable { case csv, ndjson }

    let reader: ResponseReader
    let catalog: CatalogSnapshot
    let format: Format

    public init(reader: ResponseReader, catalog: CatalogSnapshot, format: Format) {
        self.reader = reader
        self.catalog = catalog
        self.format = format
    }

    /// Calls `write` with consecutive pieces of the file; returns the number of responses written.
    @discardableResult
    public func run(_ request: ResponseListRequest, write: (String) async throws -> Void) async throws -> Int {
        var filter = request.filter
        filter.ascending = true
        let questions = questionColumns(filter.surveyIds)
        let encoder = JSONCoding.makeEncoder()
        if format == .csv { try await write(Self.row(header(questions))) }
        var cursor: Response.ID? = nil
        var written = 0
        while true {
            let page = try await reader.responses(filter, after: cursor, limit: 1000)
            var piece = ""
            for response in page {
                switch format {
                case .csv: piece += Self.row(cells(response, questions))
                case .ndjson: piece += String(decoding: try encoder.encode(response), as: UTF8.self) + "\n"
                }
            }
            if !piece.isEmpty { try await write(piece) }
            written += page.count
            guard page.count == 1000, let last = page.last else { return written }
            cursor = last.id
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
        ["id", "survey_id", "survey", "submitted_at", "touchpoint_id", "touchpoint", "stage", "location_id", "location",
         "employee_id", "employee", "channel", "segment_id", "segment", "customer_id", "order_id", "source", "tags",
         "comment"] + questions.map { "answers.\($0)" }
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
        cells += [context.tags.joined(separator: "|"), Self.neutralised(response.comment ?? "")]
        for question in questions {
            switch response.answers[question] {
            case .score(let value): cells.append(String(value))
            case .text(let text): cells.append(Self.neutralised(text))
            case .choices(let choices): cells.append(choices.joined(separator: "|"))
            case nil: cells.append("")
            }
        }
        return cells
    }

    /// Free text that a spreadsheet would run as a formula (=, +, -, @) gets a leading apostrophe.
    static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }

    /// One RFC 4180 record, CRLF at the end.
    static func row(_ fields: [String]) -> String {
        fields.map { RFC4180Reader.quoted($0) }.joined(separator: ",") + "\r\n"
    }
}
