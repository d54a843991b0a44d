import Foundation
import OtklikAnalytics
import OtklikCore
import OtklikStore
import Synchronization

/// Group commit: every request hands its responses here and waits; one writer takes everything waiting,
/// commits it in ONE transaction, updates the analytics index, then answers all of them. While it
/// commits, new requests queue up and go in the next transaction, so the number of fsyncs per second
/// stays small however many clients post. An answer is given only after COMMIT (docs/architecture.md,
/// principle 3).
///
/// The writer is a thread of its own that commits on itself (`BlockingResponseWriter.insertBlocking`) for as long as
/// requests keep coming, and ends after `writerIdleTimeout` without any. A task awaiting the store's async
/// insert instead hopped to the database's queue and back for every transaction — two thread wake-ups
/// per commit, thousands a second with single POSTs — and on a busy machine waited each time to be
/// scheduled again while requests piled up behind it.
public final class GroupCommitter: @unchecked Sendable {  // `state` is guarded by `condition`
    public typealias Outcome = Result<[InsertedResponse], StoreError>

    private struct Pending {
        var group: [EncodedResponse]
        /// The group's analytics rows, made with the encoding; they get their ids after COMMIT.
        var rows: [ResponseFacts]
        /// Called once, on the writer thread, with the outcome (or the error that failed the whole transaction).
        var completion: @Sendable (Result<Outcome, any Error>) -> Void
    }

    private struct State {
        var pending: [Pending] = []
        var writerRunning = false
    }

    private let condition = NSCondition()
    private var state = State()
    private let store: any Store
    /// The store's blocking writer when it has one (SQLite), found once rather than cast at every commit.
    private let blockingWriter: (any BlockingResponseWriter)?
    private let index: AnalyticsIndex
    private let catalog: Catalog
    private let statistics: ServerStatistics
    static let writerIdleTimeout: TimeInterval = 2

    init(store: any Store, index: AnalyticsIndex, catalog: Catalog, statistics: ServerStatistics) {
        self.store = store
        self.blockingWriter = store as? any BlockingResponseWriter
        self.index = index
        self.catalog = catalog
        self.statistics = statistics
    }

    /// Commits one all-or-nothing group of responses; returns when it is durable (or refused).
    public func commit(_ group: [Response]) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            commit(group) { continuation.resume(with: $0) }
        }
    }

    /// The same with a callback, for callers that are not async tasks (the ingest fast lane runs on a NIO
    /// event loop, and a continuation would cost it a hop through the task pool per request).
    /// `completion` runs on the writer thread once the group is durable or refused: keep it short.
    public func commit(_ group: [Response], completion: @escaping @Sendable (Result<Outcome, any Error>) -> Void) {
        // Encoded here, by the caller and in parallel with other requests, not by the one writer.
        let snapshot = catalog.snapshot
        var days = LocalDayConverter(timeZone: snapshot.timeZone)
        var encoded: [EncodedResponse] = []
        var rows: [ResponseFacts] = []
        encoded.reserveCapacity(group.count)
        rows.reserveCapacity(group.count)
        for response in group {
            let item = EncodedResponse(response, indexed: snapshot.indexedQuestions)
            let day = days.day(ofUnixSeconds: Int64(response.submittedAt.timeIntervalSince1970.rounded(.down)))
            rows.append(item.facts(id: Identifier(0), day: day))
            encoded.append(item)
        }
        condition.lock()
        state.pending.append(Pending(group: encoded, rows: rows, completion: completion))
        let startWriter = !state.writerRunning
        state.writerRunning = true
        condition.signal()
        condition.unlock()
        if startWriter {
            Thread { [self] in
                // Named from inside, for top, perf and bench/ingest_cpu.py (set before start, the OS thread
                // kept the name of the event loop it was started from).
                Thread.current.name = "otklik-writer"
                runWriter()
            }.start()
        }
    }

    /// One transaction of groups, on this writer thread: directly when the store can block the caller,
    /// otherwise by waiting here for its asynchronous insert.
    private func commit(_ groups: [[EncodedResponse]]) throws -> [Result<[InsertedResponse], StoreError>] {
        if let blockingWriter { return try blockingWriter.insertBlocking(groups) }
        let outcome = Mutex<Result<[Result<[InsertedResponse], StoreError>], any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let store = self.store
        Task {
            let result: Result<[Result<[InsertedResponse], StoreError>], any Error>
            do { result = .success(try await store.insert(groups)) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0! }.get()
    }

    private func runWriter() {
        while true {
            condition.lock()
            while state.pending.isEmpty {
                if !condition.wait(until: Date(timeIntervalSinceNow: Self.writerIdleTimeout)), state.pending.isEmpty {
                    state.writerRunning = false
                    condition.unlock()
                    return
                }
            }
            let batch = state.pending
            state.pending.removeAll(keepingCapacity: true)
            condition.unlock()
            do {
                let results = try commit(batch.map(\.group))
                statistics.recordCommit(groups: batch.count, responses: results.reduce(0) { $0 + ((try? $1.get().count) ?? 0) })
                indexCommitted(batch, results)
                for (pending, result) in zip(batch, results) { pending.completion(.success(result)) }
            } catch {
                // The transaction is rolled back (a full disk, say): nothing of it is indexed — the index
                // only ever gets rows after COMMIT returned — and every request of it gets the error (the
                // routes answer 503 for a full disk, so clients retry with the same idempotency keys).
                for pending in batch { pending.completion(.failure(error)) }
            }
        }
    }

    /// Appends the newly stored responses to the index, in id order (the order they were inserted).
    private func indexCommitted(_ batch: [Pending], _ results: [Outcome]) {
        var rows: [ResponseFacts] = []
        var tags: [ResponseTags] = []
        for (pending, result) in zip(batch, results) {
            guard case .success(let inserted) = result else { continue }
            for (i, (row, outcome)) in zip(pending.rows, inserted).enumerated() where !outcome.replayed {
                var row = row
                row.responseId = UInt32(clamping: outcome.id.rawValue)
                rows.append(row)
                let responseTags = pending.group[i].response.context.tags
                if !responseTags.isEmpty { tags.append(ResponseTags(responseId: row.responseId, tags: responseTags)) }
            }
        }
        index.append(contentsOf: rows, tags: tags)
    }
}
