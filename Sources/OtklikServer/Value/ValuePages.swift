import Foundation
import OtklikCore

/// The value pages: what a business owner reads about their customers — who matters (Pareto, ABC), who is
/// unhappy among them, RFM segments, the loyalty ladder and its movements, retention, cohorts and the purchase
/// forecast, each chart beside its table and CSV. Pure rendering from a `ValueAnalysis`.
enum ValuePages {
    /// What every value page needs besides the analysis.
    struct Context {
        var page: PageContext
        var analysis: ValueAnalysis
        /// Display names of the customers the page lists (names for those who may see personal data, else ids).
        var names: [Customer.ID: String]
        var s: Strings { page.strings }
        var currency: String { analysis.settings.currency }

        func money(_ minor: Int64) -> String { s.money(minor, currency: currency, whole: true) }
        func name(_ customer: CustomerValue) -> String { names[customer.customerId] ?? customer.key }
        func percent(_ share: Double, digits: Int = 1) -> String { s.decimal(share * 100, digits: digits) + "%" }
    }

    // MARK: - Frame

    static func frame(_ context: Context, _ section: ValueSection, title: String, body: HTML) -> HTML {
        let s = context.s
        let tabs = ValueSection.allCases.map { item -> HTML in
            let name: String =
                switch item {
                case .overview: s[.valueOverview]
                case .segments: s[.valueSegments]
                case .ladder: s[.valueLadder]
                case .retention: s[.valueRetention]
                case .customers: s[.valueCustomers]
                }
            let url: SiteURL = item == .customers ? .valueCustomers(.init()) : .value(item)
            return "<a href=\"\(url)\"\(item == section ? HTML(trusted: " aria-current=\"page\"") : .empty)>\(name)</a>"
        }.joined()
        let analysis = context.analysis
        let asOf: HTML =
            analysis.totals.customers == 0
            ? "<p class=\"notice\">\(s[.valueNoOrders])</p>"
            : "<p class=\"muted\">\(s[.valueAsOf]) <strong>\(s.date(day: analysis.asOfDay))</strong> — \(s[.valueAsOfNote])</p>"
        return Layout.page(
            context.page, title: title, tab: .value,
            body: """
                <nav class="subtabs" aria-label="\(s[.navValue])">\(tabs)</nav>
                <section class="card"><h1>\(title)</h1>\(asOf)</section>
                \(body)
                """)
    }

    // MARK: - Overview

    static func overview(_ context: Context, settings: HTML?) -> HTML {
        let s = context.s
        let analysis = context.analysis
        let totals = analysis.totals
        let pareto = analysis.pareto
        let costUnknown = analysis.settings.defaultMarginBasisPoints == nil && totals.cost == 0
        let headline: HTML =
            pareto.topCustomers > 0
            ? """
            <p class="big">\(s.format(.valueParetoSentence, context.percent(pareto.customerShare, digits: 0), context.percent(pareto.profitShare, digits: 0)))</p>
            <p class="muted">\(s.format(.valueParetoDetail, s.integer(pareto.topCustomers), s.integer(pareto.customers)))</p>
            """ : .empty
        let cards: HTML = """
            <div class="grid kpis">
            <div><small>\(s[.valueBuyers])</small><strong>\(s.integer(totals.buyers))</strong></div>
            <div><small>\(s[.valueRevenue])</small><strong>\(context.money(totals.revenue))</strong></div>
            <div><small>\(s[.valueProfit])</small><strong>\(context.money(totals.profit))</strong></div>
            <div><small>\(s[.valueOrders])</small><strong>\(s.integer(totals.orders))</strong></div>
            <div><small>\(s[.valueAOV])</small><strong>\(totals.orders > 0 ? context.money(Money.scaled(totals.revenue, by: 1, over: Int64(totals.orders))) : "—")</strong></div>
            </div>
            \(costUnknown ? "<p class=\"notice\">\(s[.valueProfitIsRevenue])</p>" as HTML : .empty)
            \(totals.ordersWithoutCustomer > 0 ? "<p class=\"muted\">\(s[.valueUnattributed]): \(s.integer(totals.ordersWithoutCustomer)) · \(context.money(totals.amountWithoutCustomer))</p>" as HTML : .empty)
            """
        return frame(
            context, .overview, title: s[.navValue],
            body: """
                <section class="card">\(headline)\(cards)</section>
                <section class="card" id="morning"><h2>\(s[.valueMorningTitle])</h2><p>\(s[.valueMorningLead])</p>
                \(customerTable(context, analysis.valuableDetractors, columns: [.rank, .profit, .nps, .step, .lastPurchase], limit: 20, empty: s[.valueMorningEmpty]))</section>
                <section class="card">\(paretoChart(context))</section>
                <section class="card">\(abcTable(context))</section>
                <section class="card"><h2>\(s[.valueUnprofitableTitle])</h2>
                \(customerTable(context, analysis.customers.filter { $0.profitGroup == .unprofitable }.reversed(), columns: [.profit, .revenue, .orders, .lastPurchase], limit: 10, empty: s[.valueEmptyList]))
                <p><a href="\(SiteURL.valueCustomers(.init(group: .unprofitable)))">\(s[.valueAllOfThem]) →</a></p></section>
                \(settings)
                """)
    }

    static func paretoChart(_ context: Context) -> HTML {
        let s = context.s
        let pareto = context.analysis.pareto
        guard pareto.totalProfit != 0, !pareto.curve.isEmpty else { return "<h2>\(s[.valueParetoTitle])</h2><p class=\"muted\">—</p>" }
        let points = pareto.curve.enumerated().map { percent, point in
            let share = Double(point.profit) / Double(pareto.totalProfit) * 100
            return Charts.TrendPoint(
                label: "\(percent)%", value: share,
                valueText: "\(percent)% → \(s.decimal(share, digits: 1))% (\(s.integer(point.customers)))")
        }
        let low = min(0, points.compactMap(\.value).min() ?? 0)
        let high = max(100, points.compactMap(\.value).max() ?? 100)
        let rows = [10, 20, 30, 40, 50, 80, 100].map { percent -> HTML in
            let point = pareto.curve[percent]
            return
                "<tr><td>\(percent)% (\(s.integer(point.customers)))</td><td>\(s.decimal(Double(point.profit) / Double(pareto.totalProfit) * 100, digits: 1))%</td><td>\(context.money(point.profit))</td></tr>"
        }.joined()
        return """
            <h2>\(s[.valueParetoTitle])</h2>
            \(Charts.trend(id: "pareto", title: s[.valueParetoTitle], description: s[.valueParetoChartDesc], points: points,
                yDomain: low...high, yTicks: stride(from: 0.0, through: high, by: 20).map { ($0, "\(Int($0))%") }))
            <div class="table-wrap"><table><thead><tr><th scope="col">\(s[.valueTopShare])</th><th scope="col">\(s[.valueProfitShare])</th><th scope="col">\(s[.valueProfit])</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            <p><a href="\(SiteURL.valueCSV(.pareto))">\(s[.valueCSV])</a></p>
            """
    }

    static func abcTable(_ context: Context) -> HTML {
        let s = context.s
        let analysis = context.analysis
        let ranked = analysis.customers.filter { $0.abc != nil }
        let total = max(ranked.count, 1)
        func row(_ title: String, _ members: [CustomerValue], _ filter: ValueCustomerFilter) -> HTML {
            let profit = members.reduce(Int64(0)) { $0 + $1.profit }
            let share = analysis.totals.profit != 0 ? Double(profit) / Double(analysis.totals.profit) : 0
            return """
                <tr><th scope="row"><a href="\(SiteURL.valueCustomers(filter))">\(title)</a></th><td>\(s.integer(members.count))</td>\
                <td>\(context.percent(Double(members.count) / Double(total)))</td><td>\(context.money(profit))</td><td>\(context.percent(share))</td>\
                <td>\(LatestNPS(members).text(s))</td></tr>
                """
        }
        let classes = ABCClass.allCases.map { abc in row(abc.rawValue, ranked.filter { $0.abc == abc }, .init(abc: abc)) }.joined()
        let groups = ProfitGroup.allCases.map { group in
            row(s.profitGroup(group), ranked.filter { $0.profitGroup == group }, .init(group: group))
        }
        .joined()
        let segments = ABCClass.allCases.map { abc -> (label: String, share: Double, tone: Charts.Tone, link: String?) in
            let tone: Charts.Tone = abc == .a ? .good : abc == .b ? .neutral : .bad
            return (
                "\(s[.valueClass]) \(abc.rawValue)", Double(ranked.count { $0.abc == abc }), tone,
                SiteURL.valueCustomers(.init(abc: abc)).path
            )
        }
        func head(_ first: String) -> HTML {
            """
            <thead><tr><th scope="col">\(first)</th><th scope="col">\(s[.valueCustomersCount])</th><th scope="col">\(s[.valueShareOfCustomers])</th>\
            <th scope="col">\(s[.valueProfit])</th><th scope="col">\(s[.valueProfitShare])</th><th scope="col">\(s[.valueNPSKnown])</th></tr></thead>
            """
        }
        return """
            <h2>\(s[.valueABCTitle])</h2><p>\(s[.valueABCLead])</p>
            \(Charts.stackedBar(id: "abc", title: s[.valueABCTitle], description: s[.valueABCLead], segments: segments))
            <div class="table-wrap"><table>\(head(s[.valueClass]))<tbody>\(classes)</tbody></table></div>
            <div class="table-wrap"><table>\(head(s[.valueGroup]))<tbody>\(groups)</tbody></table></div>
            <p><a href="\(SiteURL.valueCSV(.abc))">\(s[.valueCSV])</a></p>
            """
    }

    // MARK: - Customer tables

    enum Column { case rank, revenue, profit, orders, nps, step, segment, lastPurchase, risk, alive }

    static func customerTable(
        _ context: Context, _ customers: some Collection<CustomerValue>, columns: [Column], limit: Int, empty: String,
        forecast: [Customer.ID: PurchaseForecast.Estimate] = [:]
    ) -> HTML {
        let s = context.s
        guard !customers.isEmpty else { return "<p class=\"muted\">\(empty)</p>" }
        func title(_ column: Column) -> String {
            switch column {
            case .rank: s[.valueRank]
            case .revenue: s[.valueRevenue]
            case .profit: s[.valueProfit]
            case .orders: s[.valueOrders]
            case .nps: s[.valueLatestAnswer]
            case .step: s[.valueStep]
            case .segment: s[.valueSegment]
            case .lastPurchase: s[.valueLastPurchase]
            case .risk: s[.valueRisk]
            case .alive: s[.valueAlive]
            }
        }
        func cell(_ column: Column, _ customer: CustomerValue) -> HTML {
            switch column {
            case .rank: return "<td>\(customer.rank.map { s.integer($0) } ?? "—")</td>"
            case .revenue: return "<td class=\"num\">\(context.money(customer.revenue))</td>"
            case .profit: return "<td class=\"num\">\(context.money(customer.profit))</td>"
            case .orders: return "<td class=\"num\">\(s.integer(customer.orders))</td>"
            case .nps:
                guard let answer = customer.latestNPS else { return "<td class=\"muted\">—</td>" }
                return
                    "<td><span class=\"badge \(MetricFormat.npsTone(answer.score))\">\(answer.score)</span> <small>\(s.date(day: answer.day))</small></td>"
            case .step: return "<td>\(s.step(customer.step))</td>"
            case .segment: return "<td>\(customer.rfm.map { s.rfmSegment($0.segment) } ?? "—")</td>"
            case .lastPurchase:
                return
                    "<td>\(customer.lastPurchaseDay.map { s.date(day: $0) } ?? "—")<br><small>\(customer.recencyDays.map { s.integer($0) } ?? "")</small></td>"
            case .risk: return "<td>\(customer.churnRisk.map { s.churnRisk($0) } ?? "—")</td>"
            case .alive:
                return
                    "<td class=\"num\">\(forecast[customer.customerId].map { context.percent($0.probabilityAlive, digits: 0) } ?? "—")</td>"
            }
        }
        let head = columns.map { "<th scope=\"col\">\(title($0))</th>" as HTML }.joined()
        let rows = customers.prefix(limit).map { customer -> HTML in
            "<tr><th scope=\"row\"><a href=\"\(SiteURL.valueCustomer(customer.customerId))\">\(context.name(customer))</a></th>\(columns.map { cell($0, customer) }.joined())</tr>"
        }.joined()
        return """
            <div class="table-wrap"><table class="customers"><thead><tr><th scope="col">\(s[.valueCustomer])</th>\(head)</tr></thead><tbody>\(rows)</tbody></table></div>
            """
    }
}
