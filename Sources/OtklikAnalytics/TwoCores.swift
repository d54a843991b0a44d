import CThreadPinning
import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Work split in two and run on two cores at once: `perform { part in … }` calls its body with 0 on the
/// calling thread and with 1 on a helper thread of another core, and returns when both calls have returned.
/// What `DispatchQueue.concurrentPerform(iterations: 2)` does, but with the second part on a core other than
/// the caller's.
///
/// Why: libdispatch wakes one of its worker threads, and Linux may put a thread it wakes on the waker's own
/// core, busy, while the other one idles. `perf sched timehist` of a server answering one question in a loop
/// (NPS by segment for 50 touchpoints and 3 channels over 90 days) showed it in 2 requests of 12: the worker
/// waited 2.4 ms behind the event-loop thread that woke it, which meanwhile scanned every block alone, and the
/// answer took 2.6 ms instead of about 1. Each helper here is pinned to one core, so it runs where it is meant
/// to, at once when that core is idle.
///
/// If the helper has not started by the time the caller finishes its own part (its core is busy with
/// another request), the caller takes the second part back and does it itself: the work-sharing loops it runs
/// lose nothing, and no one waits for a thread that is not running. When every other core's helper is busy,
/// or the process may use one core only, both parts run on the caller.
public enum TwoCores {
    public static func perform(_ body: (Int) -> Void) {
        #if os(Linux)
        guard let helper = Helper.reserveOther(than: Int(otklik_current_core())) else {
            body(0)
            body(1)
            return
        }
        withoutActuallyEscaping(body) { body in
            helper.run(body)
        }
        #else
        DispatchQueue.concurrentPerform(iterations: 2, execute: body)
        #endif
    }
}

#if os(Linux)
/// A thread pinned to one core that runs the second part of `TwoCores.perform` for one caller at a time.
private final class Helper: @unchecked Sendable {
    /// One per core the process may run on (none with one core), created on first use.
    static let all: [Helper] = {
        var cores = [Int32](repeating: 0, count: 1_024)
        let count = Int(otklik_allowed_cores(&cores, Int32(cores.count)))
        guard count > 1 else { return [] }
        return cores[..<count].map { Helper(core: Int($0)) }
    }()

    /// The helper of a core other than `core` that no other caller is using, reserved for the caller; nil
    /// when there is none.
    static func reserveOther(than core: Int) -> Helper? {
        let helpers = all
        guard !helpers.isEmpty else { return nil }
        // Starting after the caller's core, so callers on different cores ask different helpers first.
        let first = helpers.firstIndex { $0.core > core } ?? 0
        for step in 0..<helpers.count {
            let helper = helpers[(first + step) % helpers.count]
            if helper.core != core, helper.state.compareExchange(expected: .idle, desired: .reserved, ordering: .acquiring).exchanged {
                return helper
            }
        }
        return nil
    }

    private enum State: UInt8, AtomicRepresentable {
        case idle, reserved, offered, running, done
    }

    let core: Int
    private let state = Atomic(State.idle)
    /// The body of the caller being served; set before `offered`, read after `running`.
    private var job: ((Int) -> Void)?
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Signalled when a job is offered (the helper waits on it) and when one is done (the caller may wait).
    private let offeredSignal = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let doneSignal = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    private init(core: Int) {
        self.core = core
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(offeredSignal, nil)
        pthread_cond_init(doneSignal, nil)
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { argument in
                let helper = Unmanaged<Helper>.fromOpaque(argument!).takeUnretainedValue()
                // Unpinned (a container that forbids it), it still helps, wherever the kernel runs it.
                _ = otklik_pin_current_thread(Int32(helper.core))
                otklik_name_current_thread("otklik-core-\(helper.core)")
                helper.serve()
            }, Unmanaged.passRetained(self).toOpaque())
        precondition(started == 0, "cannot start a helper thread: \(started)")
        pthread_detach(thread)
    }

    /// The caller's side, the helper reserved: offers part 1, runs part 0, then waits for part 1 — or takes
    /// it back and runs it, if the helper has not started it.
    func run(_ body: @escaping (Int) -> Void) {
        pthread_mutex_lock(mutex)
        job = body
        state.store(.offered, ordering: .releasing)
        pthread_cond_signal(offeredSignal)
        pthread_mutex_unlock(mutex)

        body(0)

        if state.compareExchange(expected: .offered, desired: .reserved, ordering: .acquiring).exchanged {
            job = nil
            state.store(.idle, ordering: .releasing)
            body(1)
            return
        }
        // Running: both parts usually end close together, so a short spin saves going to sleep.
        var spins = 0
        while state.load(ordering: .acquiring) != .done && spins < 20_000 { spins += 1 }
        if state.load(ordering: .acquiring) != .done {
            pthread_mutex_lock(mutex)
            while state.load(ordering: .acquiring) != .done { pthread_cond_wait(doneSignal, mutex) }
            pthread_mutex_unlock(mutex)
        }
        job = nil
        state.store(.idle, ordering: .releasing)
    }

    /// Calls the job, holding no reference to it once it returns: the caller's `withoutActuallyEscaping`
    /// traps if the closure outlives its call.
    @inline(never)
    private func runJob() { job?(1) }

    /// The helper thread's loop.
    private func serve() -> Never {
        while true {
            pthread_mutex_lock(mutex)
            while state.load(ordering: .acquiring) != .offered { pthread_cond_wait(offeredSignal, mutex) }
            let taken = state.compareExchange(expected: .offered, desired: .running, ordering: .acquiring).exchanged
            pthread_mutex_unlock(mutex)
            guard taken else { continue }
            runJob()
            state.store(.done, ordering: .releasing)
            pthread_mutex_lock(mutex)
            pthread_cond_signal(doneSignal)
            pthread_mutex_unlock(mutex)
        }
    }
}
#endif
