import Synchronization
import Testing

@testable import OtklikAnalytics

/// Work shared with a second core that may come late: every task runs once, on one worker or the other, and the
/// answer says whether the second worker took part.
struct SecondCoreTests {
    /// Runs `count` tasks and returns, per task, the sum of 1 << worker over its runs, and whether it was helped.
    private static func share(_ count: Int, alwaysHelped: Bool) -> (ranBy: [Int], helped: Bool, began: Bool) {
        let record = Record(count)
        let helped = SecondCore.share(
            count, alwaysHelped: alwaysHelped, helperBegins: { record.began.withLock { $0 = true } },
            task: { t, worker in record.ranBy.withLock { $0[t] += 1 << worker } })
        return (record.ranBy.withLock { $0 }, helped, record.began.withLock { $0 })
    }

    private final class Record: Sendable {
        let ranBy: Mutex<[Int]>
        let began = Mutex(false)
        init(_ count: Int) { ranBy = Mutex([Int](repeating: 0, count: count)) }
    }

    @Test("every task runs exactly once; work given to no helper stays on the caller", arguments: [0, 1, 2, 7, 1_000])
    func everyTaskOnce(count: Int) {
        for _ in 0..<50 {
            let (ranBy, helped, began) = Self.share(count, alwaysHelped: false)
            #expect(ranBy.allSatisfy { $0 == 1 || $0 == 2 }, "each task by one worker, once")
            #expect(helped == began, "helped exactly when the helper began")
            if !helped { #expect(ranBy.allSatisfy { $0 == 1 }, "without the helper, all on the caller") }
        }
    }

    @Test("a helper asked always to take part takes the first task", arguments: [1, 2, 50])
    func alwaysHelped(count: Int) {
        for _ in 0..<20 {
            let (ranBy, helped, began) = Self.share(count, alwaysHelped: true)
            #expect(helped && began)
            #expect(ranBy.first == 2, "the first task is the helper's")
            #expect(ranBy.allSatisfy { $0 == 1 || $0 == 2 })
        }
    }
}
