import Hummingbird
import NIOCore

/// The stylesheet and the journey map editor's script, compiled into the binary (one file to deploy) and
/// cached by browsers for a day.
struct StaticController {
    func addRoutes(to router: RouterGroup<AppRequestContext>) {
        router.get("/static/otklik.css") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "public, max-age=86400"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: Stylesheet.app)))
        }
        router.get("/static/journey.js") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/javascript; charset=utf-8"
            headers[.cacheControl] = "public, max-age=86400"
            headers[.contentTypeOptions] = "nosniff"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: JourneyScript.source)))
        }
    }
}
