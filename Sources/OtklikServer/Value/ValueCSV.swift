import OtklikCore

/// The tables behind the value pages as CSV: whole numbers and money in major units with a point ("1234.50"),
/// whatever the page's language, so a spreadsheet reads them as numbers.
enum ValueCSV {
    static func rows(
        _ table: ValueTable, _ analysis: ValueAnalysis, filter: ValueCustomerFilter, names: [Customer.ID: String]
    ) -> [[String]] {
        let money = Money.plainText
        switch table {
        case .customers:
            let header = [
                "customer", "rank", "abc", "profit_group", "revenue", "cost", "profit", "orders", "first_purchase", "last_purchase",
                "recency_days", "r", "f", "m", "rfm_segment", "loyalty_step", "churn_risk", "latest_nps", "latest_nps_day",
            ]
            return [header] + analysis.customers.filter(filter.admits).map { customerRow($0, names: names) }
        case .pareto:
            return [["customers_percent", "customers", "cumulative_profit"]]
                + analysis.pareto.curve.enumerated().map { [String($0.offset), String($0.element.customers), money($0.element.profit)] }
        case .abc:
            var rows = [["class", "customers", "revenue", "profit"]]
            for abc in ABCClass.allCases {
                let members = analysis.customers.filter { $0.abc == abc }
                rows.append([
                    abc.rawValue, String(members.count), money(members.reduce(0) { $0 + $1.revenue }),
                    money(members.reduce(0) { $0 + $1.profit }),
                ])
            }
            return rows
        case .segments:
            var rows = [["segment", "rule", "customers", "revenue", "profit", "nps_latest", "nps_customers"]]
            for segment in RFMSegment.allCases {
                let members = analysis.customers.filter { $0.rfm?.segment == segment }
                let nps = LatestNPS(members)
                rows.append([
                    segment.rawValue, segment.rule, String(members.count), money(members.reduce(0) { $0 + $1.revenue }),
                    money(members.reduce(0) { $0 + $1.profit }), nps.value.map { String(format: "%.1f", $0) } ?? "", String(nps.n),
                ])
            }
            return rows
        case .steps:
            let steps = LoyaltyStep.allCases
            return [["month"] + steps.map(\.rawValue)]
                + analysis.stepsByMonth().map { month in
                    [CivilDay.monthLabel(ofMonthIndex: month.monthIndex)] + steps.map { String(month.counts[$0] ?? 0) }
                }
        case .transitions:
            let transitions = analysis.transitions(from: CivilDay.day(analysis.asOfDay, addingMonths: -3), to: analysis.asOfDay)
            let steps = LoyaltyStep.allCases
            return [["from"] + steps.map(\.rawValue)]
                + ([nil] + steps.map { Optional($0) }).map { from in
                    [from?.rawValue ?? "not_yet_known"] + steps.map { String(transitions.count(from: from, to: $0)) }
                }
        case .retention:
            return [["month", "customers_at_start", "customers_at_end", "new_customers", "crr_percent", "churn_percent"]]
                + analysis.retention.map { period in
                    [
                        CivilDay.monthLabel(ofMonthIndex: period.monthIndex), String(period.atStart), String(period.atEnd),
                        String(period.new),
                        period.retentionRate.map { String(format: "%.2f", $0) } ?? "",
                        period.churnRate.map { String(format: "%.2f", $0) } ?? "",
                    ]
                }
        case .cohorts:
            let longest = analysis.cohorts.map(\.active.count).max() ?? 0
            return [["cohort", "size"] + (0..<longest).map { "month_\($0)" }]
                + analysis.cohorts.map { cohort in
                    [CivilDay.monthLabel(ofMonthIndex: cohort.monthIndex), String(cohort.size)] + cohort.active.map(String.init)
                }
        }
    }

    private static func customerRow(_ c: CustomerValue, names: [Customer.ID: String]) -> [String] {
        let money = Money.plainText
        let rfm: [String] =
            c.rfm.map { [String($0.recency), String($0.frequency), String($0.monetary), $0.segment.rawValue] } ?? ["", "", "", ""]
        var row: [String] = [
            names[c.customerId] ?? c.key, c.rank.map(String.init) ?? "", c.abc?.rawValue ?? "", c.profitGroup?.rawValue ?? "",
        ]
        row += [money(c.revenue), money(c.cost), money(c.profit), String(c.orders)]
        row += [c.firstPurchaseDay.map(CivilDay.isoDate(ofDay:)) ?? "", c.lastPurchaseDay.map(CivilDay.isoDate(ofDay:)) ?? ""]
        row += [c.recencyDays.map(String.init) ?? ""] + rfm + [c.step.rawValue, c.churnRisk?.rawValue ?? ""]
        row += [c.latestNPS.map { String($0.score) } ?? "", c.latestNPS.map { CivilDay.isoDate(ofDay: $0.day) } ?? ""]
        return row
    }

    static func text(_ rows: [[String]]) -> String { rows.map(CSVField.row).joined() }
}
