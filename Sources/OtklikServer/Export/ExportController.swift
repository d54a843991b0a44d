import Foundation
import Hummingbird
import OtklikCore
import OtklikStore

/// `GET /api/v1/export/responses.csv` and `.ndjson`: the responses a `GET /api/v1/responses` filter selects,
/// all of them (no paging), streamed.
struct ExportController {
    let responses: ResponseService
    let catalog: Catalog
    let keys: ResponseKeys

    func addRoutes(to router: Router<AppRequestContext>) {
        for format in ResponseExport.Format.allCases {
            router.get("/api/v1/export/responses.\(format.rawValue)") { request, context in
                try context.require(.read)
                var parameters = try API.parameters(request)
                parameters["limit"] = nil
                let list = try ResponsesController.parse(parameters, with: responses)
                let export = ResponseExport(responses: responses, catalog: catalog.snapshot, format: format, keys: keys)
                var headers = HTTPFields()
                headers[.contentType] = format == .csv ? "text/csv; charset=utf-8" : "application/x-ndjson"
                headers[.contentDisposition] = "attachment; filename=\"responses.\(format.rawValue)\""
                return Response(
                    status: .ok, headers: headers,
                    body: ResponseBody { writer in
                        if format == .csv { try await writer.write(ByteBuffer(bytes: [0xEF, 0xBB, 0xBF])) }  // BOM: Excel reads UTF-8
                        try await export.run(list) { try await writer.write($0.byteBuffer()) }
                        try await writer.finish(nil)
                    })
            }
        }
    }
}
