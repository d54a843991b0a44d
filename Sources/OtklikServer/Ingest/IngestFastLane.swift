import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes
import OtklikCore
import Synchronization

/// The ingest fast lane: `POST /api/v1/surveys/{id}/responses` answered on the connection's event loop,
/// without the router's async machinery.
///
/// Why: a single-response POST is tiny, and most of its CPU went into Hummingbird's plumbing rather than
/// into the work — the request parts handed from the event loop to a task through an async stream, the
/// router and two middlewares, the body collected by async iteration, the committer's continuation
/// resumed on the task pool, and the answer handed back to the event loop. Each hand-over is a thread
/// wake-up. Here the event loop decodes and validates the request itself, gives it to the group committer
/// with a callback, and writes the answer when the committer calls back.
///
/// Only the plain success path is taken: a cached token with the ingest scope, a known survey, JSON that
/// the hand-written decoder reads, every item valid. Anything else — a first use of a token, NDJSON, bad
/// JSON, an invalid item, a large body, `Expect: 100-continue`, `Connection: close` — is passed, untouched,
/// to the router, whose route (`IngestController`) does everything again and gives the precise answer
/// or problem. So the API has one behaviour, and this lane is only a shortcut to it (a test posts the
/// same requests both ways). Both use the same steps: `IngestController.fastDecode`, `.validate`,
/// `.answer`, and `GroupCommitter`.
final class IngestFastLane: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum State {
        /// Between requests: the next head decides who answers it.
        case idle
        /// A request handed to the router: its parts follow it until its end.
        case passing
        /// A request of ours, its body arriving in `body`.
        case collecting(HTTPRequest, Survey.ID)
        /// A request of ours at the committer; anything the client sends meanwhile waits in `queued`.
        case committing
    }

    private let services: Services
    private let logger: Logger
    private let serverName: String
    private var state = State.idle
    /// The body of the request being collected. Kept out of `state`, whose copies in a `switch` would make
    /// every append copy the whole buffer.
    private var body = ByteBuffer()
    /// Requests handed to the router whose answers have not been written yet. The lane takes a request
    /// only when this is 0, so the answers on a connection stay in the order of its requests.
    private var routerAnswersOwed = 0
    private var queued = CircularBuffer<HTTPRequestPart>()
    /// A read asked for while committing with parts already queued: held, so a client cannot pile up
    /// requests behind ours without limit.
    private var readHeld = false
    private var removed = false

    init(services: Services, logger: Logger, serverName: String) {
        self.services = services
        self.logger = logger
        self.serverName = serverName
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        removed = true
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if case .committing = state {
            queued.append(part)
        } else {
            process(part, context: context)
        }
    }

    private func process(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch (state, part) {
        case (.idle, .head(let head)):
            if routerAnswersOwed == 0, let survey = claim(head) {
                // Room for the declared length, up to 1 MiB: a client's claim alone reserves no more.
                let declared = head.headerFields[.contentLength].flatMap(Int.init) ?? 0
                body = context.channel.allocator.buffer(capacity: min(declared, 1 << 20))
                state = .collecting(head, survey)
            } else {
                pass(.head(head), context: context)
                state = .passing
            }
        case (.passing, _), (.idle, _):
            pass(part, context: context)
            if case .end = part { state = .idle }
        case (.collecting(let head, _), .body(let chunk)):
            body.writeImmutableBuffer(chunk)
            if body.readableBytes > services.config.maxBodyBytes {
                handOver(head, context: context)
                state = .passing
            }
        case (.collecting(let head, let survey), .end(let trailers)):
            guard trailers == nil, let (responses, isBatch) = admit(head, survey, body) else {
                handOver(head, context: context)
                pass(part, context: context)
                state = .idle
                return
            }
            state = .committing
            body = ByteBuffer()
            services.statistics.recordFastLaneRequest()
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            services.ingest.committer.commit(responses) { outcome in
                loopBound.eventLoop.execute {
                    let (lane, context) = loopBound.value
                    lane.answer(outcome, isBatch: isBatch, context: context)
                }
            }
        case (.collecting(let head, _), .head):
            // A head where the body should be: not ours to judge; the router's parser state decides.
            handOver(head, context: context)
            pass(part, context: context)
            state = .passing
        case (.committing, _):
            queued.append(part)
        }
    }

    /// The survey of a request this lane may take, judged by its head alone; nil: the router's.
    private func claim(_ head: HTTPRequest) -> Survey.ID? {
        guard head.method == .post, let path = head.path,
            let survey = Self.ingestSurvey(inPath: path),
            services.catalog.snapshot.surveys[survey] != nil,
            head.headerFields[.expect] == nil,
            head.headerFields[.connection].map({ !$0.lowercased().contains("close") }) ?? true,
            let authorization = head.headerFields[.authorization],
            let secret = TokenMiddleware.bearerSecret(authorization),
            let token = services.tokens.cachedToken(secret), token.allows(.ingest)
        else { return nil }
        if let length = head.headerFields[.contentLength] {
            guard let bytes = Int(length), bytes <= services.config.maxBodyBytes else { return nil }
        }
        return survey
    }

    /// The responses of a whole request, checked exactly as the route checks them; nil: the router's.
    private func admit(_ head: HTTPRequest, _ survey: Survey.ID, _ body: ByteBuffer) -> ([OtklikCore.Response], Bool)? {
        guard API.isValidUTF8(body),
            let (submissions, isBatch) = IngestController.fastDecode(body, contentType: head.headerFields[.contentType] ?? ""),
            let responses = try? IngestController.validate(submissions, isBatch: isBatch, survey: survey, services: services)
        else { return nil }
        return (responses, isBatch)
    }

    /// `/api/v1/surveys/{id}/responses` → id (a positive integer, as `API.id` requires); no query string.
    static func ingestSurvey(inPath path: String) -> Survey.ID? {
        let prefix = "/api/v1/surveys/"
        let suffix = "/responses"
        guard path.hasPrefix(prefix), path.hasSuffix(suffix), path.utf8.count > prefix.utf8.count + suffix.utf8.count
        else { return nil }
        let digits = path.utf8.dropFirst(prefix.utf8.count).dropLast(suffix.utf8.count)
        guard digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let id = Int64(Substring(digits)), id > 0
        else { return nil }
        return Survey.ID(id)
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

    /// On the event loop, once the committer called back: the same answer the route gives, then whatever
    /// the client sent meanwhile.
    private func answer(_ outcome: Result<GroupCommitter.Outcome, any Error>, isBatch: Bool, context: ChannelHandlerContext) {
        guard !removed else { return }
        let status: HTTPResponse.Status
        let answerBody: ByteBuffer
        var headers: HTTPFields
        switch outcome {
        case .success(.success(let inserted)):
            (status, answerBody) = IngestController.answer(inserted, isBatch: isBatch)
            headers = [.contentType: IngestController.answerContentType]
        case .success(.failure(let error)):
            let problem = Problem(error)
            (status, answerBody, headers) = (problem.status, problem.encoded(), problem.headers)
        case .failure(let error):
            let problem: Problem
            if services.store.isOutOfSpace(error) {
                logger.warning("storage full", metadata: ["error": "\(error)"])
                problem = .storageFull
            } else {
                logger.error("ingest commit failed", metadata: ["error": "\(error)"])
                problem = Problem(
                    .internalServerError, code: "internal", title: "Internal error",
                    detail: "the responses were not stored; the error was logged")
            }
            (status, answerBody, headers) = (problem.status, problem.encoded(), problem.headers)
        }
        headers[.contentLength] = String(answerBody.readableBytes)
        headers[.date] = HTTPDate.now()
        headers[.server] = serverName
        context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(answerBody)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)

        state = .idle
        var passedAny = false
        while !isCommitting, let part = queued.popFirst() {
            passedAny = true
            process(part, context: context)
        }
        if passedAny { context.fireChannelReadComplete() }
        if readHeld, !isCommitting {
            readHeld = false
            context.read()
        }
    }

    private var isCommitting: Bool {
        if case .committing = state { return true }
        return false
    }

    // MARK: Outbound

    func read(context: ChannelHandlerContext) {
        // Reads go on while a commit is in flight: stopping them for each request would switch the socket's
        // read interest off and on again (two epoll_ctl calls per request). Only a client that piles up
        // requests behind ours (pipelining) is held, once a few parts wait.
        if isCommitting, queued.count >= Self.queuedPartsBeforeHoldingReads {
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
