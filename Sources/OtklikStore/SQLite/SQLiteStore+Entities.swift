import Foundation
import GRDB
import OtklikCore

/// Reference data as GRDB records: Codable, snake_case columns, nested values as JSON.
public protocol SnakeCaseRecord: FetchableRecord, PersistableRecord {}

extension SnakeCaseRecord {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
    public static var databaseDateDecodingStrategy: DatabaseDateDecodingStrategy { .timeIntervalSince1970 }
    public static var databaseDateEncodingStrategy: DatabaseDateEncodingStrategy { .secondsSince1970 }
}

extension Location: SnakeCaseRecord { public static var databaseTableName: String { tableName } }
extension Touchpoint: SnakeCaseRecord { public static var databaseTableName: String { tableName } }
extension Employee: SnakeCaseRecord { public static var databaseTableName: String { tableName } }
extension Segment: SnakeCaseRecord { public static var databaseTableName: String { tableName } }
extension Channel: SnakeCaseRecord { public static var databaseTableName: String { tableName } }
extension Customer: SnakeCaseRecord { public static var databaseTableName: String { tableName } }
extension Survey: SnakeCaseRecord { public static var databaseTableName: String { tableName } }
extension APIToken: SnakeCaseRecord { public static var databaseTableName: String { "api_tokens" } }

/// The organisation row (always id 1).
struct OrganisationRecord: Codable, SnakeCaseRecord {
    static let databaseTableName = "organisation"
    var id: Int64 = 1
    var name: String
    var defaultLocale: String
    var timeZone: String
}
