import Synchronization

/// Counters for `/metrics`: how much ingest committed, in how many transactions, and how many requests the fast
/// lane answered.
public final class ServerStatistics: Sendable {
    private struct Counts {
        var transactions = 0
        var groups = 0
        var responses = 0
    }
    private let counts = Mutex(Counts())
    private let laneIngests = Atomic<Int>(0)
    private let laneQuestions = Atomic<Int>(0)

    /// An ingest post the fast lane answered (`FastLane`).
    func recordFastLaneIngest() { laneIngests.add(1, ordering: .relaxed) }
    /// A metrics question the fast lane answered.
    func recordFastLaneQuestion() { laneQuestions.add(1, ordering: .relaxed) }

    func recordCommit(groups: Int, responses: Int) {
        counts.withLock {
            $0.transactions += 1
            $0.groups += groups
            $0.responses += responses
        }
    }

    public var transactions: Int { counts.withLock { $0.transactions } }
    public var groups: Int { counts.withLock { $0.groups } }
    public var responses: Int { counts.withLock { $0.responses } }
    /// Ingest posts the fast lane answered.
    public var fastLaneRequests: Int { laneIngests.load(ordering: .relaxed) }
    /// Metrics questions the fast lane answered.
    public var fastLaneQuestions: Int { laneQuestions.load(ordering: .relaxed) }
}
