import CThreadPinning
import Dispatch
import Synchronization
import Testing

@testable import OtklikAnalytics

/// `TwoCores.perform`: each part runs once and is done when it returns, whoever runs it (its helper, or the
/// caller taking it back), with many callers at once; and the second part runs on another core.
@Suite("Work on two cores")
struct TwoCoresTests {
    /// Busy for about `microseconds` (a sleep would let the core go idle, which is not what a scan does).
    private static func spin(microseconds: Int) {
        let end = DispatchTime.now().uptimeNanoseconds + UInt64(microseconds) * 1_000
        while DispatchTime.now().uptimeNanoseconds < end {}
    }

    @Test("each part runs once, and both are done when perform returns")
    func eachPartOnce() {
        for round in 0..<2_000 {
            let calls = Mutex([0, 0])
            // Parts of different lengths: the caller's first (the helper may not have started: taken back), the
            // helper's first (the caller waits, spinning or asleep), or both at once.
            TwoCores.perform { part in
                Self.spin(microseconds: part == round % 3 ? round % 50 : 0)
                calls.withLock { $0[part] += 1 }
            }
            #expect(calls.withLock { $0 } == [1, 1], "round \(round)")
        }
    }

    @Test("many callers at once each get both parts exactly once")
    func manyCallers() {
        let callers = 8
        let rounds = 500
        let calls = Mutex([Int](repeating: 0, count: callers * rounds * 2))
        DispatchQueue.concurrentPerform(iterations: callers) { caller in
            for round in 0..<rounds {
                TwoCores.perform { part in
                    if (round + part) % 7 == 0 { Self.spin(microseconds: 20) }
                    calls.withLock { $0[(caller * rounds + round) * 2 + part] += 1 }
                }
            }
        }
        #expect(calls.withLock { $0.allSatisfy { $0 == 1 } })
    }

    /// How many cores the process may run on (with one, both parts run on the caller).
    static var coresAllowed: Int {
        var cores = [Int32](repeating: 0, count: 1_024)
        return Int(otklik_allowed_cores(&cores, Int32(cores.count)))
    }

    @Test("the second part runs on another core than the caller's", .enabled(if: coresAllowed > 1))
    func anotherCore() {
        // Other suites run at the same time and may hold the helpers or their cores for a while: one try of
        // up to a hundred on two cores is enough. Without helpers (or with all of them on the caller's core),
        // no try ever is.
        var tries = 0
        var elsewhere = false
        while !elsewhere && tries < 100 {
            tries += 1
            let ranOn = Mutex([Int32(-1), -1])
            TwoCores.perform { part in
                // Long enough for the helper to start (tens of microseconds) before the caller ends its part.
                Self.spin(microseconds: 2_000)
                ranOn.withLock { $0[part] = otklik_current_core() }
            }
            elsewhere = ranOn.withLock { $0[0] != $0[1] }
        }
        #expect(elsewhere, "\(tries) tries, every one on a single core")
    }
}
