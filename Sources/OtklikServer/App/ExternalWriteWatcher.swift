import Foundation
import OtklikStore

/// Catches the server up with what other processes write to its store: a bulk `otklik import`, users and
/// reference data added from the command line. Every `interval` it compares the store's external-write
/// mark; when it moved, the catalog is read again, and the index is rebuilt only when responses changed
/// (the responses mark moved) or the time zone did (the live index keeps serving until the new one
/// replaces it): a token or a user added on the command line costs no rebuild of millions of rows. Tokens
/// themselves are re-checked on their own (`ServerConfig.tokenRecheckInterval`). The value analysis is made
/// at start and again after every external write (an `otklik value import`), so the first reader of the value
/// pages finds it ready instead of waiting for it.
public enum ExternalWriteWatcher {
    /// Where the store stood: its external-write mark and its responses mark.
    struct Marks: Sendable {
        var external: Int64
        var responses: Int64

        /// Nil for a store that cannot tell.
        init?(of store: any Store) async throws {
            guard let store = store as? any ExternalWriteWatching else { return nil }
            (external, responses) = (try await store.externalWriteMark(), try await store.responsesMark())
        }
    }

    /// Runs until the task is cancelled; does nothing for a store that cannot tell (`ExternalWriteWatching`).
    /// It starts from the marks read before the index was loaded (`Services.marksBeforeLoad`), not from the
    /// marks when it starts: an `otklik import` that committed while the index was read, after the rows were,
    /// would otherwise never be counted.
    public static func run(_ services: Services, interval: Duration = .seconds(1)) async {
        guard services.indexLoaded, let store = services.store as? any ExternalWriteWatching,
            let before = services.marksBeforeLoad
        else { return }
        var (mark, responses) = (before.external, before.responses)
        _ = try? await services.value.summaryJSON()
        while !Task.isCancelled {
            guard let now = try? await store.externalWriteMark(), now != mark else {
                try? await Task.sleep(for: interval)
                continue
            }
            mark = now
            do {
                defer { Task { _ = try? await services.value.summaryJSON() } }
                let zone = services.catalog.snapshot.timeZone
                try await services.live.referenceDataChanged()
                let responsesNow = try await store.responsesMark()
                guard responsesNow != responses || services.catalog.snapshot.timeZone != zone else { continue }
                try await services.live.rebuildIndex()
                responses = responsesNow
            } catch {
                // A failed catch-up leaves the index as it was; the next change tries again.
                continue
            }
        }
    }
}
