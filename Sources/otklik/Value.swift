import ArgumentParser
import Foundation
import OtklikCore
import OtklikServer
import OtklikStore

struct Value: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Customer value: import orders, report value, set how value is counted.",
        subcommands: [Import.self, Report.self, Settings.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import sales lines (CSV) as orders, all-or-nothing.",
            discussion: """
                Lines of one order id are summed into an order; amounts are exact in minor units (quantity × price
                rounded half away from zero); a cancellation (a "C" invoice in Online Retail, or a cancelled column)
                nets out against sales and is not an order. Customers are found by their id in your systems and created
                when new. Lines without a customer are counted and reported, not attributed. Any bad line is reported as
                file, line, column and reason, and nothing is imported (exit code 1). An order imported again is
                replaced, so a file imported twice changes nothing. A .gz file is read through gzip.
                Example: otklik value import online_retail_II.csv.gz --preset online-retail
                         otklik value import sales.csv --map order_id=Чек --map customer_id=Карта --map placed_at=Дата --map amount=Сумма
                """)

        @OptionGroup var data: DataOptions
        @Argument(help: "The file to import (.csv, or .csv.gz).")
        var file: String
        @Option(help: "Column names: online-retail (Online Retail II) or standard (order_id, customer_id, placed_at, amount …).")
        var preset: String = "standard"
        @Option(
            help:
                "FIELD=COLUMN: read FIELD from COLUMN (repeatable). Fields: order_id, customer_id, placed_at, amount, quantity, price, cost, margin, cancelled, location, channel."
        )
        var map: [String] = []
        @Option(help: "Text encoding: auto, utf8 or cp1251.")
        var encoding: String = "auto"
        @Option(help: "Time zone of times without an offset in the file (default: the organisation's).")
        var timeZone: String?
        @Option(help: "The currency of the file's amounts (ISO 4217, e.g. GBP); saved in the value settings.")
        var currency: String?
        @Flag(help: "Check the file and report, but import nothing.")
        var dryRun = false
        @Flag(help: "Print the outcome as one line of JSON.")
        var json = false

        func run() async throws {
            guard let preset = OrderFileImport.Preset(rawValue: preset) else { throw CLIError("--preset: online-retail or standard") }
            guard let encodingChoice = TextEncoding(rawValue: encoding) else { throw CLIError("--encoding: one of auto, utf8, cp1251") }
            if let currency,
                let problem = ValueSettings(currency: currency.uppercased()).problems().first(where: { $0.field == "currency" })
            {
                throw CLIError("--currency: \(problem.message)")
            }
            let services = try await Services.open(data.config(), store: data.openStore(), loadIndex: false)
            let snapshot = services.catalog.snapshot
            let zone = try zoneOption(named: timeZone, fallback: snapshot.timeZone)
            let outcome = try await importing(file) { progress in
                let origin: ImportSource.Origin = file.hasSuffix(".gz") ? .bytes(try ImportSource.gunzip(file)) : .file(path: file)
                let reader = try OrderFileImport(
                    try ImportSource(origin, encoding: encodingChoice), preset: preset, mapping: map, timeZone: zone,
                    locations: Array(snapshot.locations.values), channels: Array(snapshot.channels.values))
                return try await services.value.importOrders(reader, dryRun: dryRun) { progress.update($0, of: $1) }
            }
            if json { try printJSONLine(outcome) }
            if let currency, outcome.problems.isEmpty, !dryRun {
                var settings = try await services.value.settings()
                settings.currency = currency.uppercased()
                try await services.value.saveSettings(settings)
            }
            guard outcome.problems.isEmpty else {
                for problem in outcome.problems { FileHandle.standardError.write(Data("\(file): \(problem)\n".utf8)) }
                let more = outcome.rejected > outcome.problems.count ? " (\(outcome.rejected) lines rejected in all)" : ""
                throw CLIError("\(file): nothing imported\(more)")
            }
            guard !json else { return }
            let currency = try await services.value.settings().currency
            var report =
                "\(outcome.lines) lines: \(outcome.orders) orders, \(outcome.cancellations) cancellations, \(outcome.customers) customers"
            if outcome.linesWithoutCustomer > 0 {
                report +=
                    "; \(outcome.linesWithoutCustomer) lines name no customer (\(Money.plainText(outcome.amountWithoutCustomer)) \(currency), not attributed)"
            }
            if outcome.roundedLines > 0 { report += "; \(outcome.roundedLines) line amounts rounded to the minor unit" }
            print(report)
            if let stored = outcome.stored {
                print(
                    "stored: \(stored.ordersAdded) orders added, \(stored.ordersReplaced) replaced, \(stored.customersAdded) new customers")
            } else {
                print("dry run: nothing stored")
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Customer value: revenue, Pareto, ABC, RFM segments, loyalty steps, cohorts, retention.")
        @OptionGroup var data: DataOptions
        @Option(help: "text or json (whole numbers, money in minor units).")
        var format: String = "text"

        func run() async throws {
            guard format == "text" || format == "json" else { throw CLIError("--format: text or json") }
            let services = try await Services.open(data.config(), store: data.openStore(), loadIndex: false)
            let analysis = try await services.value.analysis(scope: .everything)
            let summary = ValueSummary(analysis)
            if format == "json" { return try printJSONLine(summary) }
            print(ValueReportText(analysis).text)
        }
    }

    struct Settings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show or change how value is counted.")
        @OptionGroup var data: DataOptions
        @Option(help: "ISO 4217 code of the amounts (RUB, GBP …).")
        var currency: String?
        @Option(help: "Margin on orders without a cost, in per cent (e.g. 35), or none: profit is revenue.")
        var margin: String?
        @Option(help: "What serving one order costs, e.g. 2.50.")
        var costPerOrder: String?
        @Option(help: "Months of the activity window (a customer with an order in it is active).")
        var activityWindow: Int?
        @Option(help: "Orders within the activity window that make a regular.")
        var regularOrders: Int?

        func run() async throws {
            let services = try await Services.open(data.config(), store: data.openStore(), loadIndex: false)
            var settings = try await services.value.settings()
            if let currency { settings.currency = currency.uppercased() }
            if let margin {
                if margin == "none" {
                    settings.defaultMarginBasisPoints = nil
                } else {
                    guard let value = Money.ExactDecimal(Substring(margin))?.minorUnits,  // per cent × 100: basis points
                        value.exact
                    else { throw CLIError("--margin: a percentage such as 35 or 12.5, or none") }
                    settings.defaultMarginBasisPoints = Int(value.value)
                }
            }
            if let costPerOrder {
                guard let value = Money.ExactDecimal(Substring(costPerOrder))?.minorUnits, value.exact else {
                    throw CLIError("--cost-per-order: an amount such as 2.50")
                }
                settings.costPerOrder = value.value
            }
            if let activityWindow { settings.activityWindowMonths = activityWindow }
            if let regularOrders { settings.regularMinimumOrders = regularOrders }
            if currency != nil || margin != nil || costPerOrder != nil || activityWindow != nil || regularOrders != nil {
                if let problem = settings.problems().first {
                    throw CLIError("--\(problem.field.replacingOccurrences(of: "_", with: "-")): \(problem.message)")
                }
                try await services.value.saveSettings(settings)
            }
            let margin = settings.defaultMarginBasisPoints.map { "\(Money.plainText(Int64($0)))%" } ?? "none (profit is revenue)"
            print("currency \(settings.currency); margin \(margin); cost per order \(Money.plainText(settings.costPerOrder));")
            print(
                "activity window \(settings.activityWindowMonths) months; regular: \(settings.regularMinimumOrders)+ orders in it; advocate: \(settings.advocateRule.rawValue)"
            )
        }
    }
}
