import Hummingbird
import NIOCore

/// The stylesheet, compiled into the binary (one file to deploy) and cached by browsers for a day.
struct StaticController {
    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("/static/otklik.css") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "public, max-age=86400"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: Stylesheet.app)))
        }
    }
}
