import OtklikCore

/// Lists responses the fast way: the analytics index picks the ids of a page (any filter of
/// `ResponseFilter` but the comment search), the store reads only those rows. The list, the dashboard's
/// latest comments and the exports all come through here; `Store.responses(_:after:limit:)` is the SQL
/// reference it is tested against.
public struct ResponseReader: Sendable {
    public let store: any Store
    /// Nil for a command that did not load the index (`otklik export`): then the store filters by SQL.
    public let index: AnalyticsIndex?

    public init(store: any Store, index: AnalyticsIndex?) {
        self.store = store
        self.index = index
    }

    /// Candidates checked per round trip when a comment search narrows them further.
    static let searchPage = 4096

    public func responses(_ filter: ResponseFilter, after cursor: Response.ID?, limit: Int) async throws -> [Response] {
        guard let index else { return try await store.responses(filter, after: cursor, limit: limit) }
        guard let search = filter.search, !search.isEmpty else {
            return try await store.responses(ids: index.responseIDs(filter, after: cursor, limit: limit), commentContaining: nil)
        }
        // The text is only in the store: walk the index's candidates page by page until the page is full.
        var found: [Response] = []
        var position = cursor
        while found.count < limit {
            let candidates = index.responseIDs(filter, after: position, limit: Self.searchPage)
            guard let last = candidates.last else { break }
            let matches = try await store.responses(ids: candidates, commentContaining: search)
            found += matches.prefix(limit - found.count)
            position = last
            if candidates.count < Self.searchPage { break }
        }
        return found
    }
}
