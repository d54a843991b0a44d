import ArgumentParser
import Foundation
import OtklikCore
import OtklikServer
import OtklikStore

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export responses as CSV (one column per question) or NDJSON.",
        discussion: "Filters are those of GET /api/v1/responses. Example: otklik export --survey 1 --from 2025-01-01 --output january.csv")

    @OptionGroup var data: DataOptions
    @Option(help: "csv or ndjson.")
    var format: String = "csv"
    @Option(help: "Write to this file instead of standard output.")
    var output: String?
    @OptionGroup var scope: ScopeOptions

    func run() async throws {
        guard let format = ResponseExport.Format(rawValue: format) else { throw CLIError("--format: csv or ndjson") }
        let parameters = try scope.parameters()
        let config = data.config()
        let store = try data.openStore()
        let services = try await Services.open(config, store: store, loadIndex: false)
        let list: ResponseListRequest
        switch ResponseListRequest.parse(parameters, scope: .everything, catalog: services.catalog.snapshot) {
        case .success(let parsed): list = parsed
        case .failure(let problem): throw CLIError("--\(problem.field): \(problem.message)")
        }
        let handle: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil) else {
                throw CLIError("\(output): cannot create the file")
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        } else {
            handle = FileHandle.standardOutput
        }
        let count = try await ResponseExport(
            responses: services.responses, catalog: services.catalog.snapshot, format: format,
            keys: services.responseKeys
        )
        .run(list) { $0.write(to: handle) }
        if let output {
            try handle.close()
            FileHandle.standardError.write(Data("wrote \(count) responses to \(output)\n".utf8))
        }
    }
}
