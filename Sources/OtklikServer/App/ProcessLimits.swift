import Foundation
import NIOCore
import NIOPosix

/// Process-wide limits the server needs before it listens.
public enum ProcessLimits {
    /// Raises the soft limit on open files to the hard limit: every connection is a descriptor, and the
    /// usual soft default (1,024) lets a few hundred idle clients starve `/healthz` and everyone else
    /// (the connection guard's timeouts reclaim idle sockets, but only after they expire). Returns the
    /// limit in force.
    @discardableResult
    public static func raiseOpenFileLimit() -> UInt64 {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { return UInt64(raised.rlim_cur) }
        }
        return UInt64(limit.rlim_cur)
    }

    /// Runs Swift's tasks on the server's event loops instead of a pool of their own, so a request is read,
    /// answered and written on one thread: handing it from the event loop to the pool and back took two
    /// thread wake-ups per request, more than a small answer itself. The database waits on GRDB's threads;
    /// a metrics question is counted on the thread that asks (and a second core's when it is large), so a
    /// heavy one holds its event loop for its 10–30 ms. Once per process, before the server starts; false if
    /// the runtime refused.
    @discardableResult
    public static func runTasksOnEventLoops() -> Bool { tasksOnEventLoops }

    private static let tasksOnEventLoops = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

    /// Keeps memory a request frees for the next one. By default glibc maps every block above 128 KB (a
    /// grouped count's cells, a result's pieces) fresh from the kernel and unmaps it when freed, and returns
    /// the top of the heap beyond that too, so each large answer paid for zeroed pages again: 15% of the
    /// CPU of a 21,200-group answer went to page faults (28 → 19 ms with this). Blocks over 64 MB (an
    /// index rebuild) are still mapped apart and given back; up to 256 MB freed at the heap's top is kept.
    public static func keepFreedMemoryForReuse() {
        #if canImport(Glibc)
        // `mallopt` is in <malloc.h>, which Swift's Glibc module leaves out: looked up by name instead.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let (trimThreshold, mmapThreshold): (Int32, Int32) = (-1, -3)  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        _ = mallopt(mmapThreshold, 64 << 20)
        _ = mallopt(trimThreshold, 256 << 20)
        #endif
    }
}

extension ProcessLimits {
    /// A sentence for an error that kept the server from listening on `config`'s address, or nil for any
    /// other error: the CLI prints it instead of a socket call's errno.
    public static func listenFailure(_ error: any Error, config: ServerConfig) -> String? {
        guard let error = error as? IOError else { return nil }
        switch error.errnoCode {
        case EADDRINUSE: return "port \(config.port) is in use (address already in use); choose another with --port"
        case EACCES: return "port \(config.port) needs privileges (permission denied); choose one above 1023 with --port"
        case EADDRNOTAVAIL: return "\(config.host) is not an address of this machine; choose another with --host"
        default: return nil
        }
    }
}
