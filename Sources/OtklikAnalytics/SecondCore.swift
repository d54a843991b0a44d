import Dispatch
import Synchronization

/// Work shared with a second core that may come late, or not at all.
///
/// Why not `DispatchQueue.concurrentPerform`: it returns only when every iteration has run, so the caller
/// waits for the second thread to wake up even when it finished all the work alone meanwhile. Waking a thread
/// takes tens of microseconds on this kind of virtual machine, as much as a small question's whole scan:
/// NPS by employee over 30 days took 0.34 ms in-process on one core and 0.43 on two. Here the caller starts
/// at once, both take the next task no one has taken, and a helper that has not begun when the tasks run out
/// is told it is not needed: the caller never waits for a wake-up, only for a task the helper is in the
/// middle of.
public enum SecondCore {
    /// Runs `task(t, worker)` once for each `t` in `0..<count`, on the calling thread (`worker` 0) and on a
    /// second one (`worker` 1) if it starts before the tasks run out; `helperBegins` runs on the second thread
    /// before its first task (making its own state). Returns whether the second thread took part (it ran
    /// `helperBegins`, and maybe tasks as worker 1). `alwaysHelped` (tests): the caller waits until the second
    /// thread has taken the first task, so that both ways of merging are reached.
    @discardableResult
    public static func share(
        _ count: Int, alwaysHelped: Bool = false, helperBegins: @escaping @Sendable () -> Void = {},
        task: @escaping @Sendable (Int, Int) -> Void
    ) -> Bool {
        let work = Shared(count)
        DispatchQueue.global().async {
            // Only a helper that arrives while the work is still waiting for it takes part.
            guard work.state.compareExchange(expected: .waiting, desired: .helping, ordering: .acquiringAndReleasing).exchanged
            else { return }
            defer { work.finished.signal() }
            guard work.hasTasksLeft else {
                work.tookFirst.signal()
                return
            }
            helperBegins()
            work.begun.store(true, ordering: .relaxed)
            let first = work.nextTask()
            work.tookFirst.signal()
            guard let first else { return }
            task(first, 1)
            while let t = work.nextTask() { task(t, 1) }
        }
        if alwaysHelped { work.tookFirst.wait() }
        while let t = work.nextTask() { task(t, 0) }
        if work.state.compareExchange(expected: .waiting, desired: .notNeeded, ordering: .acquiringAndReleasing).exchanged {
            return false
        }
        work.finished.wait()
        return work.begun.load(ordering: .relaxed)
    }

    private final class Shared: Sendable {
        enum State: UInt8, AtomicRepresentable { case waiting, helping, notNeeded }
        let count: Int
        let taken = Atomic<Int>(0)
        let state = Atomic<State>(.waiting)
        let finished = DispatchSemaphore(value: 0)
        let tookFirst = DispatchSemaphore(value: 0)
        /// Whether the helper ran `helperBegins`: read after `finished`, which orders it.
        let begun = Atomic<Bool>(false)

        init(_ count: Int) { self.count = count }

        var hasTasksLeft: Bool { taken.load(ordering: .relaxed) < count }

        func nextTask() -> Int? {
            let next = taken.wrappingAdd(1, ordering: .relaxed).oldValue
            return next < count ? next : nil
        }
    }
}
