import NIOCore
import NIOHTTP1
import NIOPosix

// `bare-nio http PORT`: NIO's HTTP/1 codec and one handler that answers every request with the same 300 bytes of
// JSON once the request has ended. `bare-nio bytes PORT`: no codec — every read that holds the end of a head
// ("\r\n\r\n") is answered with the whole response's bytes. Two event loops, TCP_NODELAY, keep-alive: what a
// Swift server pays here per request before any work of its own.

let body = "{\"padding\":\"" + String(repeating: "x", count: 286) + "\"}"
let response =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"

final class BytesHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let request = unwrapInboundIn(data)
        guard request.readableBytesView.firstRange(of: [13, 10, 13, 10]) != nil else { return }
        var out = context.channel.allocator.buffer(capacity: response.utf8.count)
        out.writeString(response)
        context.writeAndFlush(wrapOutboundOut(out), promise: nil)
    }
}

final class HTTPHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        let headers: HTTPHeaders = ["Content-Type": "application/json", "Content-Length": "\(body.utf8.count)"]
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        var out = context.channel.allocator.buffer(capacity: body.utf8.count)
        out.writeString(body)
        context.write(wrapOutboundOut(.body(.byteBuffer(out))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 3, ["http", "bytes"].contains(arguments[1]), let port = Int(arguments[2]) else {
    fatalError("usage: bare-nio http|bytes PORT")
}
let withCodec = arguments[1] == "http"
let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
let server = try ServerBootstrap(group: group)
    .serverChannelOption(.backlog, value: 256)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            if withCodec {
                try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                try channel.pipeline.syncOperations.addHandler(HTTPHandler())
            } else {
                try channel.pipeline.syncOperations.addHandler(BytesHandler())
            }
        }
    }
    .bind(host: "127.0.0.1", port: port)
    .wait()
try server.closeFuture.wait()
