import OtklikCore
import OtklikStore

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

    /// Most candidates checked per round trip when a comment search narrows them further.
    static let maxSearchPage = 65_536

    public func responses(_ filter: ResponseFilter, after cursor: Response.ID?, limit: Int) async throws -> [Response] {
        guard let index else { return try await store.responses(filter, after: cursor, limit: limit) }
        guard let search = filter.search, !search.isEmpty else {
            return try await store.responses(ids: index.responseIDs(filter, after: cursor, limit: limit), commentContaining: nil)
        }
        var rest = filter
        rest.search = nil
        if rest == ResponseFilter(ascending: filter.ascending) {
            // Only the text: every response is a candidate, and the store's scan in id order is the fastest way.
            return try await store.responses(filter, after: cursor, limit: limit)
        }
        // The text is only in the store: walk the index's candidates, in pages that grow (a common word
        // fills the page from the first few hundred; a rare one needs fewer round trips), until it is full.
        var found: [Response] = []
        var position = cursor
        var page = max(limit * 8, 256)
        while found.count < limit {
            let candidates = index.responseIDs(filter, after: position, limit: page)
            guard let last = candidates.last else { break }
            let matches = try await store.responses(ids: candidates, commentContaining: search)
            found += matches.prefix(limit - found.count)
            if candidates.count < page { break }
            position = last
            page = min(page * 2, Self.maxSearchPage)
        }
        return found
    }
}
