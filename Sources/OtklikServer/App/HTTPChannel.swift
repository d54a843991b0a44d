import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1 channel with Otklik's handlers in its pipeline: the connection guard (timeouts,
/// answers to refused requests) on every connection, and the fast lane when it is on.
struct OtklikHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let http1: HTTP1Channel
    let services: Services
    let serverName: String

    func setup(channel: any NIOCore.Channel, logger: Logger) -> EventLoopFuture<Value> {
        http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let operations = channel.pipeline.syncOperations
            let state = try operations.handler(type: HTTPConnectionStateHandler.self)
            let config = services.config
            let connectionGuard = ConnectionGuard(
                limits: .init(
                    idle: .init(config.idleTimeout), header: .init(config.headerTimeout), body: .init(config.bodyTimeout)))
            // The watcher sees raw bytes (before the decoder); the guard sees every request and every answer,
            // the fast lane's included (the lane sits above it and writes through it).
            try operations.addHandler(connectionGuard.byteWatcher, position: .first)
            try operations.addHandler(connectionGuard, position: .before(state))
            if config.fastLane {
                // After the connection-state handler, so that it sees the lane's requests and answers too and
                // a graceful shutdown does not close a connection with a commit in flight.
                try operations.addHandler(
                    FastLane(services: services, logger: logger, serverName: serverName),
                    position: .after(state))
            }
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}
