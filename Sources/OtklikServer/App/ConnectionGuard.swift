import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Closes connections that hold a socket without moving a request forward, so that idle and slow
/// clients cannot use up the server's file descriptors:
///
/// - between requests (a fresh or a keep-alive connection) nothing arrives for `idle`;
/// - the headers of a request are not complete `header` after their first byte (a client that sends
///   half the headers and stalls);
/// - a request body makes no progress for `body`.
///
/// While the server is answering, no limit applies: that is the handlers' business.
///
/// It also ends two kinds of request that the layers above would leave hanging:
/// - an answer written before the request's body has arrived (a 413): the connection cannot carry
///   another request, so the answer says `Connection: close`, the server closes its side, reads and
///   discards the rest of the body (at most `drainLimit`, and only while it keeps coming), then closes.
///   Closing without reading would make the kernel reset the connection, and a client still sending
///   would lose the answer; not reading at all left the socket open for as long as the client wished.
/// - a request the HTTP parser refuses (a URL or headers past the decoder's limits, malformed syntax):
///   answered here with a body saying why (414, 431 or 400: problem+json under `/api/`, plain text
///   elsewhere) instead of Hummingbird's empty 400, then drained and closed the same way.
///
/// Two handlers share the work: this one sees HTTP parts (after the decoder); `ByteWatcher`, first in the
/// pipeline, sees the bytes, which is the only way to tell an idle connection from half-sent headers.
/// One timer per connection at the nearest deadline; a later deadline never reschedules it (the timer
/// re-arms itself when it fires early), so a busy keep-alive connection schedules about one timer per
/// `header` seconds, not one per request.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    struct Limits: Sendable {
        var idle: TimeAmount
        var header: TimeAmount
        var body: TimeAmount
        /// Longest time spent reading and discarding a body the server already answered.
        var drainLimit: TimeAmount = .seconds(30)
        /// The decoder's limit for the request line and headers (Hummingbird's default), named in answers.
        var headerBytes = 80 * 1024
    }

    private enum Phase {
        /// Between requests. `headStarted`: bytes of the next head have arrived.
        case awaitingHead(headStarted: Bool)
        /// A head read, its body (and end) still arriving.
        case readingBody
        /// The request is read; the server's turn.
        case answering
        /// Answered before the request was read: discarding input until its end, a pause or the limit.
        case draining(until: NIODeadline)
        case closed
    }

    private let limits: Limits
    private var phase = Phase.awaitingHead(headStarted: false)
    /// When the current phase started or, while reading a body or draining, when bytes last arrived.
    private var since = NIODeadline.now()
    /// Requests read whose answers have not ended yet (pipelining can make it more than one).
    private var unanswered = 0
    /// The earliest armed timer; nil: none.
    private var timerAt: NIODeadline?
    /// Facts about the head being received, for the answer to a head the parser refuses.
    private var requestLineEnded = false
    private var requestLineBytes = 0
    private var methodBytes = 0
    private var headIsAPI = false
    private var context: ChannelHandlerContext?

    init(limits: Limits) {
        self.limits = limits
    }

    /// The byte-level half: tells the guard when bytes arrive.
    var byteWatcher: ByteWatcher { ByteWatcher(owner: self) }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        since = .now()
        arm()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        phase = .closed
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        phase = .closed
        context.fireChannelInactive()
    }

    // MARK: Inbound

    /// Called by `ByteWatcher` for every read, before the decoder sees the bytes.
    fileprivate func bytesArrived(_ buffer: ByteBuffer) {
        switch phase {
        case .awaitingHead(let headStarted):
            if !headStarted {
                phase = .awaitingHead(headStarted: true)
                since = .now()
                (methodBytes, headIsAPI) = Self.requestTarget(buffer)
                arm()
            }
            if !requestLineEnded {
                let bytes = buffer.readableBytesView
                if let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) {
                    requestLineBytes += newline - bytes.startIndex
                    requestLineEnded = true
                } else {
                    requestLineBytes += bytes.count
                }
            }
        case .readingBody, .draining:
            since = .now()
        case .answering, .closed:
            break
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch (phase, part) {
        case (.draining, .end):
            context.close(promise: nil)
            return
        case (.draining, _), (.closed, _):
            return
        case (_, .head):
            unanswered += 1
            phase = .readingBody
            since = .now()
            (requestLineEnded, requestLineBytes, methodBytes) = (false, 0, 0)
            arm()
        case (.readingBody, .end):
            phase = .answering
        default:
            break
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // While draining, the layers above may no longer ask for reads (Hummingbird stops reading once it
        // has answered a `Connection: close` request), so the guard asks itself.
        if case .draining = phase { context.read() }
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .draining = phase, let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch phase {
        case .draining, .closed:
            return  // the decoder's complaints about the bytes being discarded
        case .awaitingHead where unanswered == 0:
            if let error = error as? HTTPParserError {
                refuse(error, context: context)
                return
            }
        default:
            break
        }
        context.fireErrorCaught(error)
    }

    // MARK: Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var response) where answeringUnreadRequest && response.status.kind != .informational:
            // Answered before the body arrived (not a 100 Continue): this connection carries no further request.
            response.headerFields[.connection] = "close"
            context.write(wrapOutboundOut(.head(response)), promise: promise)
        case .end where answeringUnreadRequest:
            unanswered = max(unanswered - 1, 0)
            let written = promise ?? context.eventLoop.makePromise()
            context.write(data, promise: written)
            startDraining(after: written.futureResult, context: context)
        case .end:
            unanswered = max(unanswered - 1, 0)
            if unanswered == 0, case .answering = phase {
                phase = .awaitingHead(headStarted: false)
                since = .now()
                arm()
            }
            context.write(data, promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }

    /// Whether the answer being written is to the request still arriving (not to an earlier, pipelined one).
    private var answeringUnreadRequest: Bool {
        if case .readingBody = phase, unanswered == 1 { return true }
        return false
    }

    // MARK: Closing

    /// Closes the server's side once `written` is out, then reads and discards what still comes.
    private func startDraining(after written: EventLoopFuture<Void>, context: ChannelHandlerContext) {
        let now = NIODeadline.now()
        phase = .draining(until: now + limits.drainLimit)
        since = now
        arm()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        written.whenComplete { _ in loopBound.value.close(mode: .output, promise: nil) }
        context.read()
    }

    /// Answers a request the parser refused, then drains.
    private func refuse(_ error: HTTPParserError, context: ChannelHandlerContext) {
        let status: HTTPResponse.Status
        let code: String
        let detail: String
        switch error {
        case .headerOverflow where !requestLineEnded || urlBytes > limits.headerBytes:
            (status, code) = (.uriTooLong, "uri_too_long")
            detail = "the URL is too long: the request line and headers may take at most \(limits.headerBytes) bytes"
        case .headerOverflow:
            (status, code) = (.requestHeaderFieldsTooLarge, "headers_too_large")
            detail = "the headers are too large: the request line and headers may take at most \(limits.headerBytes) bytes"
        default:
            (status, code) = (.badRequest, "malformed_request")
            detail = "the request is not valid HTTP/1.1 (\(error))"
        }
        let body: ByteBuffer
        let contentType: String
        if headIsAPI {
            body = Problem(status, code: code, title: status.reasonPhrase, detail: detail).encoded()
            contentType = Problem.contentType
        } else {
            body = ByteBuffer(string: "\(status.code) \(status.reasonPhrase): \(detail)\n")
            contentType = "text/plain; charset=utf-8"
        }
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.contentLength] = String(body.readableBytes)
        headers[.connection] = "close"
        headers[.date] = HTTPDate.now()
        context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        startDraining(after: written.futureResult, context: context)
    }

    /// The length of a request's method and whether its target is under the JSON API ("GET /api/…"),
    /// judged on its first read.
    static func requestTarget(_ buffer: ByteBuffer) -> (methodBytes: Int, isAPI: Bool) {
        let bytes = buffer.readableBytesView
        guard let space = bytes.firstIndex(of: UInt8(ascii: " ")) else { return (0, false) }
        return (space - bytes.startIndex, bytes[(space + 1)...].starts(with: "/api/".utf8))
    }

    /// The URL's length in the request line "METHOD URL HTTP/1.1\r": the decoder counts it with the headers
    /// against one limit, and it is the URL's fault (414, not 431) when the URL alone is past that limit.
    private var urlBytes: Int { requestLineBytes - methodBytes - " HTTP/1.1\r".utf8.count - 1 }

    // MARK: The timer

    /// When the current phase runs out; nil: no limit now.
    private var deadline: NIODeadline? {
        switch phase {
        case .awaitingHead(let headStarted): return since + (headStarted ? limits.header : limits.idle)
        case .readingBody: return since + limits.body
        case .draining(let until): return min(until, since + limits.body)
        case .answering, .closed: return nil
        }
    }

    private func arm() {
        guard let context, let deadline, timerAt.map({ deadline < $0 }) ?? true else { return }
        timerAt = deadline
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(deadline: deadline) { loopBound.value.timerFired(at: deadline) }
    }

    private func timerFired(at time: NIODeadline) {
        if timerAt == time { timerAt = nil }
        guard let context, let deadline else { return }
        if deadline <= .now() {
            phase = .closed
            context.close(promise: nil)
        } else {
            arm()
        }
    }

    /// First in the pipeline: reports every read to the guard, then passes it on unchanged.
    final class ByteWatcher: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer
        private let owner: ConnectionGuard

        fileprivate init(owner: ConnectionGuard) {
            self.owner = owner
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            owner.bytesArrived(unwrapInboundIn(data))
            context.fireChannelRead(data)
        }
    }
}
