import Foundation
import GRDBSQLite
import OtklikCore
import OtklikStore

/// The columns of `responses` a `Response` is made of, selected in this order (`selection`) and read by their
/// position (`ResponseRow`). The last five are the score columns, one per metric kind, in
/// `MetricKind.allCases` order and named by it.
enum ResponseColumn: Int, CaseIterable {
    case id, surveyID, submittedAt, answers, comment
    case touchpointID, locationID, employeeID, channelID, customerID, segmentID
    case orderID, tags, source, idempotencyKey
    case nps, csat, ces, ladder, stars

    /// The score column of `metric`.
    init(_ metric: MetricKind) {
        self.init(rawValue: Self.nps.rawValue + MetricKind.allCases.firstIndex(of: metric)!)!
    }

    /// The column's name in the table.
    var name: String {
        switch self {
        case .id: "id"
        case .surveyID: "survey_id"
        case .submittedAt: "submitted_at"
        case .answers: "answers"
        case .comment: "comment"
        case .touchpointID: "touchpoint_id"
        case .locationID: "location_id"
        case .employeeID: "employee_id"
        case .channelID: "channel_id"
        case .customerID: "customer_id"
        case .segmentID: "segment_id"
        case .orderID: "order_id"
        case .tags: "tags"
        case .source: "source"
        case .idempotencyKey: "idempotency_key"
        case .nps, .csat, .ces, .ladder, .stars: MetricKind.allCases[rawValue - Self.nps.rawValue].rawValue
        }
    }

    /// The columns as a `SELECT` list, in order.
    static let selection = allCases.map(\.name).joined(separator: ", ")
}

/// The row a statement selecting `ResponseColumn.selection` stands on, read as a `Response` with SQLite's own calls
/// (`SQLiteStore.fetchResponses`).
struct ResponseRow {
    let handle: OpaquePointer

    var response: Response {
        var scores = MetricScores()
        for metric in MetricKind.allCases {
            if let score = integer(ResponseColumn(metric)) { scores[metric] = UInt8(clamping: score) }
        }
        return Response(
            id: Identifier(int(.id)), surveyId: Identifier(int(.surveyID)),
            submittedAt: Date(timeIntervalSince1970: TimeInterval(int(.submittedAt))),
            answers: withBytes(.answers) {
                $0.isEmpty ? AnswersCoding.answers(heldBy: scores) : AnswersCoding.decode(String(decoding: $0, as: UTF8.self))
            },
            comment: text(.comment),
            context: ResponseContext(
                // Each identifier made where its type is known: a generic helper looked it up at run time.
                touchpointId: integer(.touchpointID).map(Identifier.init), locationId: integer(.locationID).map(Identifier.init),
                employeeId: integer(.employeeID).map(Identifier.init), channelId: integer(.channelID).map(Identifier.init),
                customerId: integer(.customerID).map(Identifier.init), segmentId: integer(.segmentID).map(Identifier.init),
                orderId: text(.orderID),
                tags: isNull(.tags) ? [] : withBytes(.tags, AnswersCoding.decodeTags)),
            source: text(.source).flatMap(Response.Source.init(rawValue:)) ?? .api,
            idempotencyKey: text(.idempotencyKey))
    }

    private func isNull(_ column: ResponseColumn) -> Bool {
        sqlite3_column_type(handle, Int32(column.rawValue)) == SQLITE_NULL
    }

    private func int(_ column: ResponseColumn) -> Int64 { sqlite3_column_int64(handle, Int32(column.rawValue)) }

    private func integer(_ column: ResponseColumn) -> Int64? { isNull(column) ? nil : int(column) }

    private func text(_ column: ResponseColumn) -> String? {
        isNull(column) ? nil : withBytes(column) { String(decoding: $0, as: UTF8.self) }
    }

    /// The column's text as bytes, valid only inside `body` (empty for NULL).
    private func withBytes<T>(_ column: ResponseColumn, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        // The text first, then its length: SQLite's documented order.
        let text = sqlite3_column_text(handle, Int32(column.rawValue))
        return body(UnsafeBufferPointer(start: text, count: text == nil ? 0 : Int(sqlite3_column_bytes(handle, Int32(column.rawValue)))))
    }
}
