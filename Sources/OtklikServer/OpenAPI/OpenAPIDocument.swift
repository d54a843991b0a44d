import Foundation

/// The OpenAPI 3.1 document of the API: `openapi.json`, a resource of this package written by
/// scripts/generate-openapi. OpenAPIContractTests keeps it true: every documented route answers, every
/// route answers as documented, and the document validates.
enum OpenAPIDocument {
    static let json: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            preconditionFailure("openapi.json is missing from the package's resources")
        }
        return text
    }()
}
