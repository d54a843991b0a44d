import GRDB
import OtklikCore

/// The columns of `responses` a `Response` is made of, selected in this order (`selection`) and read by their
/// position (`SQLiteStore.response(from:)`). The last five are the score columns, one per metric kind, in
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

extension Row {
    /// The value of one of `ResponseColumn.selection`'s columns, by its position (optional when asked as one).
    subscript<T: DatabaseValueConvertible>(_ column: ResponseColumn) -> T { self[column.rawValue] }
}
