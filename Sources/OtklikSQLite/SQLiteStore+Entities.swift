import Foundation
import GRDB
import OtklikCore
import OtklikStore

/// Reference data as GRDB records: Codable, snake_case columns, nested values as JSON. Each table is named
/// as the entity is in the API ("locations").
public protocol SnakeCaseRecord: FetchableRecord, PersistableRecord {}

extension SnakeCaseRecord {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
    public static var databaseDateDecodingStrategy: DatabaseDateDecodingStrategy { .timeIntervalSince1970 }
    public static var databaseDateEncodingStrategy: DatabaseDateEncodingStrategy { .secondsSince1970 }
}

extension Location: SnakeCaseRecord { public static var databaseTableName: String { entityName } }
extension Touchpoint: SnakeCaseRecord { public static var databaseTableName: String { entityName } }
extension Employee: SnakeCaseRecord { public static var databaseTableName: String { entityName } }
extension Segment: SnakeCaseRecord { public static var databaseTableName: String { entityName } }
extension Channel: SnakeCaseRecord { public static var databaseTableName: String { entityName } }
extension Customer: SnakeCaseRecord { public static var databaseTableName: String { entityName } }
extension Survey: SnakeCaseRecord { public static var databaseTableName: String { entityName } }
extension APIToken: SnakeCaseRecord { public static var databaseTableName: String { "api_tokens" } }

/// The organisation row (always id 1).
struct OrganisationRecord: Codable, SnakeCaseRecord {
    static let databaseTableName = "organisation"
    var id: Int64 = 1
    var name: String
    var defaultLocale: String
    var timeZone: String
}
