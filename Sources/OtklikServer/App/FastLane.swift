import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes
import OtklikCore
import OtklikStore
import Synchronization

/// The fast lane: the API's two busiest requests answered on the connection's event loop, without the
/// router's async machinery — `POST /api/v1/surveys/{id}/responses` (ingest) and `GET /api/v1/metrics`.
///
/// Why: these requests are small, and most of their CPU went into Hummingbird's plumbing rather than into
/// the work — the request parts handed from the event loop to a task through an async stream, the router
/// and its middlewares, the body collected by async iteration, and the answer handed back to the event
/// loop. Each hand-over is a thread wake-up. Here the event loop reads the request itself: an ingest is
/// decoded, validated and given to the group committer with a callback; a metrics question is answered
/// from the analytics index at once (the same CPU it takes on the router's task, without the two
/// hand-overs: 50–80 µs less per question through HTTP).
///
/// Only the plain success path is taken: a cached token with the route's scope, and a request the route's
/// own steps accept (an ingest: a known survey, JSON that the hand-written decoder reads, every item valid;
/// a metrics question: valid, needing nothing but the index). Anything else — a first use of a token, a
/// comment search, NDJSON, bad JSON, an invalid item or parameter, a large body, `Expect: 100-continue`,
/// `Connection: close` — is passed, untouched, to the router, whose route does everything again and gives
/// the precise answer or problem. So the API has one behaviour, and this lane is only a shortcut to it
/// (tests send the same requests both ways). Both ways use the same steps: `IngestController.fastDecode`,
/// `.validate`, `.answer` and `GroupCommitter` for ingest; `MetricsService.request`, `.indexReport` and
/// `MetricsController.output` for metrics.
///
/// A metrics answer of many groups is written piece by piece as the socket takes them, like the router's.
/// Its scan runs on this event loop, as the router's handler would (Swift's tasks run on the event loops:
/// `ProcessLimits.runTasksOnEventLoops`): the heaviest questions (150,000 groups) hold the loop's other
/// connections for their 20–30 ms either way. Measured with a small question asked in a loop on the heavy
/// one's event loop: 99th percentile 33 ms with the lane and without it; 90th 1.2–1.3 ms with, 15–28 without.
/// Leaving questions above 2 ms of work to the router changed nothing there, so every question is taken.
final class FastLane: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// What a request of ours is, decided by its head.
    enum Claim {
        case ingest(Survey.ID)
        case metrics(MetricRequest)
    }

    private enum State {
        /// Between requests: the next head decides who answers it.
        case idle
        /// A request handed to the router: its parts follow it until its end.
        case passing
        /// A request of ours, its body (if any) arriving in `body`.
        case collecting(HTTPRequest, Claim)
        /// A request of ours being answered (at the committer, or its answer being written); anything the
        /// client sends meanwhile waits in `queued`.
        case answering
    }

    let services: Services
    let logger: Logger
    private let serverName: String
    private var state = State.idle
    /// The body of the request being collected. Kept out of `state`, whose copies in a `switch` would make
    /// every append copy the whole buffer.
    private var body = ByteBuffer()
    /// Requests handed to the router whose answers have not been written yet. The lane takes a request
    /// only when this is 0, so the answers on a connection stay in the order of its requests.
    private var routerAnswersOwed = 0
    private var queued = CircularBuffer<HTTPRequestPart>()
    /// A read asked for while answering with parts already queued: held, so a client cannot pile up
    /// requests behind ours without limit.
    private var readHeld = false
    /// The rest of an answer too large for one piece, written as the socket drains (`writePieces`).
    private var unwritten: (any ChunkedResult)?
    private var removed = false

    init(services: Services, logger: Logger, serverName: String) {
        self.services = services
        self.logger = logger
        self.serverName = serverName
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        removed = true
        unwritten = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        unwritten = nil
        context.fireChannelInactive()
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if case .answering = state {
            queued.append(part)
        } else {
            process(part, context: context)
        }
    }

    private func process(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch (state, part) {
        case (.idle, .head(let head)):
            if routerAnswersOwed == 0, Self.isPlain(head), let claim = claim(head) {
                // Room for the declared length, up to 1 MiB: a client's claim alone reserves no more.
                let declared = head.headerFields[.contentLength].flatMap(Int.init) ?? 0
                body = context.channel.allocator.buffer(capacity: min(declared, 1 << 20))
                state = .collecting(head, claim)
            } else {
                pass(.head(head), context: context)
                state = .passing
            }
        case (.passing, _), (.idle, _):
            pass(part, context: context)
            if case .end = part { state = .idle }
        case (.collecting(let head, .ingest), .body(let chunk)):
            body.writeImmutableBuffer(chunk)
            if body.readableBytes > services.config.maxBodyBytes {
                handOver(head, context: context)
                state = .passing
            }
        case (.collecting(let head, let claim), .end(let trailers)):
            guard trailers == nil, take(head, claim, context: context) else {
                handOver(head, context: context)
                pass(part, context: context)
                state = .idle
                return
            }
        case (.collecting(let head, .metrics), .body), (.collecting(let head, _), .head):
            // A question with a body is not a plain one, and a head where the body should be is not ours to
            // judge: the router says what it makes of them (its parser state decides the latter).
            handOver(head, context: context)
            pass(part, context: context)
            state = .passing
        case (.answering, _):
            queued.append(part)
        }
    }

    /// Whether a head is one the lane may take at all, whatever its route: nothing that asks for the
    /// connection's special handling.
    private static func isPlain(_ head: HTTPRequest) -> Bool {
        head.headerFields[.expect] == nil
            && (head.headerFields[.connection].map { !$0.lowercased().contains("close") } ?? true)
    }

    /// Which of the lane's routes a head is for, if the lane may take it; nil: the router's.
    private func claim(_ head: HTTPRequest) -> Claim? {
        guard let path = head.path else { return nil }
        switch head.method {
        case .post: return claimIngest(head, path: path).map(Claim.ingest)
        case .get: return claimMetrics(head, path: path).map(Claim.metrics)
        default: return nil
        }
    }

    /// The cached token of a head's `Authorization: Bearer …` if it has `scope`; nil for anything else (the
    /// router checks a token it has not seen lately, and refuses the rest).
    func token(_ head: HTTPRequest, allowing scope: APIToken.Scope) -> APIToken? {
        guard let authorization = Self.single(.authorization, in: head.headerFields),
            let secret = TokenMiddleware.bearerSecret(authorization),
            let token = services.tokens.cachedToken(secret), token.allows(scope)
        else { return nil }
        return token
    }

    /// The value of a field sent once; nil when it is absent or repeated (the router joins repeated values
    /// and judges them). `HTTPFields`' own subscript gathers the values into an array and joins them: 2% of a
    /// small question's CPU for the token alone.
    private static func single(_ name: HTTPField.Name, in fields: HTTPFields) -> String? {
        var found: String?
        for field in fields where field.name == name {
            guard found == nil else { return nil }
            found = field.value
        }
        return found
    }

    /// Starts answering a whole request of ours; false: it is the router's after all.
    private func take(_ head: HTTPRequest, _ claim: Claim, context: ChannelHandlerContext) -> Bool {
        switch claim {
        case .ingest(let survey):
            guard let (responses, isBatch) = admitIngest(head, survey, body) else { return false }
            state = .answering
            body = ByteBuffer()
            services.statistics.recordFastLaneIngest()
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            services.ingest.committer.commit(responses) { outcome in
                loopBound.eventLoop.execute {
                    let (lane, context) = loopBound.value
                    guard !lane.removed else { return }
                    let (status, body, headers) = lane.ingestAnswer(outcome, isBatch: isBatch)
                    lane.answer(status, headers, body, context: context)
                }
            }
            return true
        case .metrics(let request):
            guard let (result, headers) = metricsAnswer(request) else { return false }
            state = .answering
            services.statistics.recordFastLaneQuestion()
            answer(result, headers, context: context)
            return true
        }
    }

    /// Gives a request that this lane started to collect to the router, as if the lane were not there.
    private func handOver(_ head: HTTPRequest, context: ChannelHandlerContext) {
        pass(.head(head), context: context)
        if body.readableBytes > 0 { pass(.body(body), context: context) }
        body = ByteBuffer()
    }

    private func pass(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        if case .head = part { routerAnswersOwed += 1 }
        context.fireChannelRead(wrapInboundOut(part))
    }

    // MARK: The answer

    /// Writes a whole answer of one piece, then goes on with whatever the client sent meanwhile.
    private func answer(_ status: HTTPResponse.Status, _ headers: HTTPFields, _ body: ByteBuffer, context: ChannelHandlerContext) {
        var headers = headers
        headers[.contentLength] = String(body.readableBytes)
        writeHead(status, headers, context: context)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        finish(context: context)
    }

    /// Writes a result's answer: whole with its length up to `ServerConfig.wholeAnswerBytes` (as the router
    /// does), else chunked, piece by piece as the socket drains (`writePieces`).
    private func answer(_ result: some ChunkedResult, _ headers: HTTPFields, context: ChannelHandlerContext) {
        var rest = result
        var output = OutputBytes()
        let more = rest.write(into: &output, untilItHolds: services.config.wholeAnswerBytes)
        let first = output.byteBuffer(context.channel.allocator)
        guard more else { return answer(.ok, headers, first, context: context) }
        writeHead(.ok, headers, context: context)
        context.write(wrapOutboundOut(.body(first)), promise: nil)
        unwritten = rest
        writePieces(context: context)
    }

    /// Writes pieces of `unwritten` while the socket takes them; `channelWritabilityChanged` calls again.
    private func writePieces(context: ChannelHandlerContext) {
        var output = OutputBytes()
        while var rest = unwritten {
            unwritten = nil  // `rest` the only copy: its buffers are written in place, not copied
            let more = rest.write(into: &output, untilItHolds: OutputBytes.pieceSize)
            let piece = output.byteBuffer(context.channel.allocator)
            output.removeAll()
            context.write(wrapOutboundOut(.body(piece)), promise: nil)
            guard more else { return finish(context: context) }
            unwritten = rest
            context.flush()
            guard context.channel.isWritable else { return }
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if unwritten != nil, context.channel.isWritable { writePieces(context: context) }
        context.fireChannelWritabilityChanged()
    }

    private func writeHead(_ status: HTTPResponse.Status, _ headers: HTTPFields, context: ChannelHandlerContext) {
        var headers = headers
        headers[.date] = HTTPDate.now()
        headers[.server] = serverName
        context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: headers))), promise: nil)
    }

    /// Ends the answer, then goes on with whatever the client sent meanwhile.
    private func finish(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        state = .idle
        var passedAny = false
        while !isAnswering, let part = queued.popFirst() {
            passedAny = true
            process(part, context: context)
        }
        if passedAny { context.fireChannelReadComplete() }
        if readHeld, !isAnswering {
            readHeld = false
            context.read()
        }
    }

    private var isAnswering: Bool {
        if case .answering = state { return true }
        return false
    }

    // MARK: Outbound

    func read(context: ChannelHandlerContext) {
        // Reads go on while an answer is in flight: stopping them for each request would switch the socket's
        // read interest off and on again (two epoll_ctl calls per request). Only a client that piles up
        // requests behind ours (pipelining) is held, once a few parts wait.
        if isAnswering, queued.count >= Self.queuedPartsBeforeHoldingReads {
            readHeld = true
        } else {
            context.read()
        }
    }

    private static let queuedPartsBeforeHoldingReads = 16

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // Only the router's answers pass here (the lane writes its own from its own context, below this).
        if case .end = unwrapOutboundIn(data) { routerAnswersOwed -= 1 }
        context.write(data, promise: promise)
    }
}

/// The `Date` header's value (RFC 9110 IMF-fixdate), formatted once per second.
enum HTTPDate {
    private static let cache = Mutex<(second: Int64, text: String)>((-1, ""))
    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func now() -> String { text(ofUnixSeconds: Int64(Date().timeIntervalSince1970)) }

    static func text(ofUnixSeconds second: Int64) -> String {
        if let text = cache.withLock({ $0.second == second ? $0.text : nil }) { return text }
        let day = Int(second / 86_400)  // now: after 1970
        let time = Int(second) - day * 86_400
        let (year, month, dayOfMonth) = CivilDay.date(ofDay: day)
        let two = CivilDay.twoDigits
        let text =
            "\(weekdays[CivilDay.weekday(ofDay: day)]), \(two(dayOfMonth)) \(months[month - 1]) \(year) "
            + "\(two(time / 3600)):\(two(time / 60 % 60)):\(two(time % 60)) GMT"
        cache.withLock { $0 = (second, text) }
        return text
    }
}
