import ArgumentParser
import Foundation
import OtklikCore
import OtklikServer

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A metric by dimension for a period, as a terminal table (or JSON with --json).",
        discussion: """
            The same engine and parameters as GET /api/v1/metrics, so the two always agree.
            Example: otklik report --metric nps --by touchpoint,week --from 2025-01-01 --to 2025-03-31 --filter location=2
            """)

    @OptionGroup var data: DataOptions
    @Option(help: "nps, csat, ces, ladder or stars (comma-separated for several).")
    var metric: String = "nps"
    @Option(
        help:
            "Group by dimensions and/or one time bucket: survey, location, touchpoint, employee, segment, channel, stage, day, week, month, quarter."
    )
    var by: String?
    @OptionGroup var scope: ScopeOptions
    @Flag(help: "Print the API's JSON instead of a table.")
    var json = false
    @Flag(help: "Print the API's CSV table (format=csv) instead of a table.")
    var csv = false
    @Option(help: "With --json: what to write per metric (value, interval, n, mean, counts, histogram, previous, low_sample).")
    var fields: String?

    func run() async throws {
        var parameters = try scope.parameters()
        parameters["metric"] = metric
        parameters["by"] = by
        parameters["fields"] = fields
        let services = try await Services.open(data.config())
        let report: MetricReport
        do {
            report = try await services.metrics.report(services.metrics.request(parameters, scope: .everything))
        } catch let error as MetricsService.Failure {
            switch error {
            case .invalid(let problem): throw CLIError("--\(problem.field): \(problem.message)")
            }
        }
        if json || csv {
            let output = FileHandle.standardOutput
            let write: (OutputBytes) async throws -> Void = { $0.write(to: output) }
            if json { try await MetricReportJSON(report).pieces(write) } else { try await MetricReportCSV(report).pieces(write) }
            if json { print() }
        } else {
            print(ReportTable.render(report))
        }
    }
}

/// A metric report as an aligned terminal table.
enum ReportTable {
    static func render(_ report: MetricReport) -> String {
        var header = report.by
        for metric in report.metrics {
            header += ["\(metric.rawValue) n", metric.rawValue, "95% CI"]
            if report.groups.contains(where: { $0.comparison != nil }) { header += ["Δ prev"] }
        }
        var rows: [[String]] = []
        func cells(_ summaries: [String: MetricSummary], _ comparison: [String: MetricComparison]?) -> [String] {
            report.metrics.flatMap { metric -> [String] in
                guard let summary = summaries[metric.rawValue] else { return ["", "", ""] }
                var row = [
                    String(summary.n) + (summary.lowSample ? "*" : ""),
                    summary.value.map { format($0) } ?? "—",
                    summary.interval.map { "\(format($0.low))…\(format($0.high))" } ?? "—",
                ]
                if let comparison = comparison?[metric.rawValue] {
                    row.append(
                        comparison.difference.map { (($0 >= 0 ? "+" : "") + format($0)) + (comparison.significant ? " !" : "") } ?? "—")
                }
                return row
            }
        }
        for group in report.groups {
            let keys = report.by.map { name -> String in
                if TimeBucket(rawValue: name) != nil { return group.period ?? "" }
                if name == "stage" { return group.stage ?? "—" }
                return group.labels[name] ?? String(group.key[name] ?? 0)
            }
            rows.append(keys + cells(group.metrics, group.comparison))
        }
        rows.append(
            Array(repeating: "", count: max(report.by.count - 1, 0)) + (report.by.isEmpty ? [] : ["total"])
                + cells(report.total, nil))
        if report.by.isEmpty { header = Array(header.prefix(3 * report.metrics.count)) }
        let widths = header.indices.map { column in
            ([header[column]] + rows.map { column < $0.count ? $0[column] : "" }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: max(0, widths[column] - cell.count))
                return column < report.by.count ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        var out = [line(header), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        out.append("* fewer answers than the minimum sample: read with care.  ! significant change at 95%.")
        return out.joined(separator: "\n")
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
