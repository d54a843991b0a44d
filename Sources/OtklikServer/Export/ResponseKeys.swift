import OtklikCore

/// The idempotency key an export gives every response, so that importing an export adds nothing to the
/// database it came from and, into another database, stores each response once however often it is
/// imported.
///
/// A response posted with a key keeps it. One stored without a key (a survey page, an API call without
/// one, the demo) is exported as `otklik:<database id>:<response id>`: the database id (random, made
/// once per database) tells an import into the same database that the row is its own response, whose
/// id it can look up; any other database stores the key as the response's own.
public struct ResponseKeys: Sendable, Hashable {
    /// 16 hex digits, made at the database's first use and kept in its secrets.
    public let databaseID: String

    public init(databaseID: String) { self.databaseID = databaseID }

    static func databaseID(from bytes: [UInt8]) -> String {
        bytes.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    public func key(for response: Response) -> String {
        response.idempotencyKey ?? prefix + String(response.id.rawValue)
    }

    /// The response of this database that `key` names, when an export of this database made the key.
    public func localResponse(forKey key: String) -> Response.ID? {
        guard key.hasPrefix(prefix), let id = Int64(key.dropFirst(prefix.count)), id > 0 else { return nil }
        return Identifier(id)
    }

    private var prefix: String { "otklik:" + databaseID + ":" }
}
