/// The OpenAPI 3.1 document of `/api/v1`. `OpenAPITests` keeps it true: every route in it answers, every
/// API route is in it, and answers match its schemas.
enum OpenAPIDocument {
    static let json = #"""
    {"openapi": "3.1.0", "info": {"title": "Otklik API", "version": "1.0.0"}, "paths": {}}
    """#
}
