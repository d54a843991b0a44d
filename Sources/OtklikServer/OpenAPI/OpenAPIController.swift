import Hummingbird

/// `GET /api/v1/openapi.json`: the OpenAPI 3.1 description of the API (no token needed).
struct OpenAPIController {
    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/api/v1/openapi.json") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
    }
}
