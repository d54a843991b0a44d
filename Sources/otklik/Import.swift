import ArgumentParser
import Foundation
import OtklikCore
import OtklikServer
import OtklikStore

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import responses from a CSV or NDJSON file, all-or-nothing.",
        discussion: """
            The file is read twice, in pieces (any size, in bounded memory): every row is checked, then written in
            one transaction; any problem is reported as file, line, column and reason, and nothing is imported
            (exit code 1; also when stopped halfway). A file imported twice adds nothing the second time.
            CSV: UTF-8 or Windows-1251 (detected), comma, semicolon or tab (detected), RFC 4180 quoting.
            Columns map to fields by name (survey_id, submitted_at, answers.nps, comment, touchpoint_id …) or by --map.
            Example: otklik import answers.csv --survey 1 --map answers.nps=score --map submitted_at=date
            """)

    @OptionGroup var data: DataOptions
    @Argument(help: "The file to import (.csv or .ndjson/.jsonl).")
    var file: String
    @Option(help: "csv or ndjson (default: from the file name).")
    var format: String?
    @Option(help: "Text encoding: auto, utf8 or cp1251.")
    var encoding: String = "auto"
    @Option(help: "Survey of every row when the file has no survey_id column.")
    var survey: Int64?
    @Option(help: "FIELD=COLUMN: read FIELD from COLUMN (repeatable), e.g. answers.nps=nps_score.")
    var map: [String] = []
    @Option(help: "Time zone of dates without an offset in the file (default: the organisation's).")
    var timeZone: String?
    @Flag(help: "Create surveys, touchpoints, locations, employees, segments and channels the file refers to.")
    var createMissing = false
    @Flag(help: "Check the file and report, but import nothing.")
    var dryRun = false
    @Flag(help: "Print the outcome as one line of JSON.")
    var json = false

    func run() async throws {
        let url = URL(fileURLWithPath: file)
        guard let encodingChoice = TextEncoding(rawValue: encoding) else { throw CLIError("--encoding: one of auto, utf8, cp1251") }
        let services = try await Services.open(
            data.config(), store: data.openStore(),
            loadIndex: false)
        let zone = try zoneOption(named: timeZone, fallback: services.catalog.snapshot.timeZone)
        let outcome = try await importing(file) { progress in
            let source = try ImportSource(.file(path: url.path), encoding: encodingChoice)
            let reader = try FileImport(
                source, fileName: url.lastPathComponent, format: format, mapping: map,
                defaultSurvey: survey.map(Survey.ID.init), surveys: services.catalog.snapshot.surveys, timeZone: zone)
            return try await ImportPipeline(services: services).run(
                reader, createMissing: createMissing, dryRun: dryRun
            ) { progress.update($0, of: $1) }
        }
        if json { try printJSONLine(outcome) }
        guard outcome.problems.isEmpty else {
            // (`created` is empty here: references are created only for a file without problems.)
            for problem in outcome.problems { FileHandle.standardError.write(Data("\(file): \(problem)\n".utf8)) }
            let more = outcome.rejected > outcome.problems.count ? " (\(outcome.rejected) rows rejected in all)" : ""
            throw CLIError("\(file): \(outcome.rejected) rows rejected\(more); nothing was imported")
        }
        if !json {
            if !outcome.created.isEmpty { print("created: \(Self.summary(of: outcome.created))") }
            print(
                dryRun
                    ? "\(file): every row is valid (dry run: nothing imported)"
                    : "\(file): imported \(outcome.imported) responses, \(outcome.alreadyPresent) already present, in \(String(format: "%.1f", outcome.seconds)) s"
                        + (outcome.storageBytes.map { "; the database is \(String(format: "%.1f", Double($0) / 1_048_576)) MB" } ?? "")
            )
        }
    }

    /// "20 surveys, 2000 employees" from "survey 1", "survey 2", "employee 1" …
    static func summary(of created: [String]) -> String {
        var counts: [(String, Int)] = []
        for item in created {
            let kind = String(item.split(separator: " ")[0])
            if let index = counts.firstIndex(where: { $0.0 == kind }) { counts[index].1 += 1 } else { counts.append((kind, 1)) }
        }
        return counts.map { "\($0.1) \($0.0)\($0.1 == 1 ? "" : "s")" }.joined(separator: ", ")
    }
}
