import OtklikCore

/// `otklik value report`: the value pages' headlines as plain text for a terminal.
public struct ValueReportText {
    let analysis: ValueAnalysis

    public init(_ analysis: ValueAnalysis) { self.analysis = analysis }

    public var text: String {
        let totals = analysis.totals
        let currency = analysis.settings.currency
        func money(_ minor: Int64) -> String { "\(Money.plainText(minor)) \(currency)" }
        func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }
        var lines: [String] = []
        lines.append("As of \(CivilDay.isoDate(ofDay: analysis.asOfDay)) (the day after the latest order)")
        lines.append("Customers \(totals.customers) (\(totals.buyers) with orders), orders \(totals.orders)")
        lines.append("Revenue \(money(totals.revenue)), cost \(money(totals.cost)), profit \(money(totals.profit))")
        if analysis.settings.defaultMarginBasisPoints == nil && totals.cost == 0 {
            lines.append("  no cost is known: profit is counted as revenue (otklik value settings --margin 35)")
        }
        if totals.ordersWithoutCustomer > 0 {
            lines.append(
                "Not attributed: \(totals.ordersWithoutCustomer) orders, \(totals.linesWithoutCustomer) lines, \(money(totals.amountWithoutCustomer))"
            )
        }
        let pareto = analysis.pareto
        if pareto.topCustomers > 0 {
            lines.append(
                "Pareto: \(percent(pareto.customerShare)) of customers (\(pareto.topCustomers) of \(pareto.customers)) bring \(percent(pareto.profitShare)) of profit"
            )
        }
        let summary = ValueSummary(analysis)
        func counts(_ title: String, _ values: [String: Int], order: [String]) -> String {
            title + order.map { "\($0) \(values[$0] ?? 0)" }.joined(separator: ", ")
        }
        lines.append(counts("ABC: ", summary.abc, order: ABCClass.allCases.map(\.rawValue)))
        lines.append(counts("Profit: ", summary.subgroups, order: ProfitGroup.allCases.map(\.rawValue)))
        lines.append("RFM segments:")
        for segment in RFMSegment.allCases {
            lines.append("  \(segment.rawValue) (\(segment.rule)): \(summary.rfmSegments[segment.rawValue] ?? 0)")
        }
        lines.append("Loyalty steps:")
        for step in LoyaltyStep.allCases { lines.append("  \(step.rawValue): \(summary.loyaltySteps[step.rawValue] ?? 0)") }
        lines.append(
            "Retention (CRR by month, a customer at a date: an order in the \(analysis.settings.activityWindowMonths) months before):")
        for period in analysis.retention {
            let rate = period.retentionRate.map { String(format: "%.1f%%", $0) } ?? "—"
            lines.append(
                "  \(CivilDay.monthLabel(ofMonthIndex: period.monthIndex)): \(rate) (start \(period.atStart), end \(period.atEnd), new \(period.new))"
            )
        }
        lines.append("Valuable detractors (class A, latest NPS 0–6): \(analysis.valuableDetractors.count)")
        return lines.joined(separator: "\n")
    }
}
