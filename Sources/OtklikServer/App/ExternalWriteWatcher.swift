import Foundation
import OtklikStore

/// Catches the server up with what other processes write to its store: a bulk `otklik import`, users and
/// reference data added from the command line. Every `interval` it compares the store's external-write
/// mark; when it moved, the catalog is read again and the index rebuilt (the live index keeps serving until
/// the new one replaces it). Tokens need none of this: they are re-checked on their own
/// (`ServerConfig.tokenRecheckInterval`).
public enum ExternalWriteWatcher {
    /// Runs until the task is cancelled; does nothing for a store that cannot tell (`ExternalWriteWatching`).
    public static func run(_ services: Services, interval: Duration = .seconds(1)) async {
        guard services.indexLoaded, let store = services.store as? any ExternalWriteWatching,
            var mark = try? await store.externalWriteMark()
        else { return }
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            guard let now = try? await store.externalWriteMark(), now != mark else { continue }
            mark = now
            do {
                try await services.live.referenceDataChanged()
                try await services.live.rebuildIndex()
            } catch {
                // A failed catch-up leaves the index as it was; the next change tries again.
                continue
            }
        }
    }
}
