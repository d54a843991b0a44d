import Foundation
import NIOCore

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
