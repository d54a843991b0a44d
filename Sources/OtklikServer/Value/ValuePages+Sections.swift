import Foundation
import OtklikCore

extension ValuePages {
    // MARK: - RFM segments

    static func segments(_ context: Context) -> HTML {
        let s = context.s
        let buyers = context.analysis.customers.filter { $0.rfm != nil }
        let bySegment = Dictionary(grouping: buyers) { $0.rfm!.segment }
        let ordered = RFMSegment.allCases.sorted { (bySegment[$0]?.count ?? 0) > (bySegment[$1]?.count ?? 0) }
        let bars = ordered.map { segment in
            (
                label: s.rfmSegment(segment), value: Double(bySegment[segment]?.count ?? 0),
                valueText: s.integer(bySegment[segment]?.count ?? 0),
                link: Optional(SiteURL.valueCustomers(.init(segment: segment)).path)
            )
        }
        let cards = ordered.map { segment -> HTML in
            let members = bySegment[segment] ?? []
            let revenue = members.reduce(Int64(0)) { $0 + $1.revenue }
            let profit = members.reduce(Int64(0)) { $0 + $1.profit }
            let recencies = members.compactMap(\.recencyDays).sorted()
            let median = recencies.isEmpty ? "—" : s.integer(recencies[recencies.count / 2])
            let orders = members.isEmpty ? "—" : s.decimal(Double(members.reduce(0) { $0 + $1.orders }) / Double(members.count), digits: 1)
            let nps = LatestNPS(members)
            return """
                <article class="segment"><h3><a href="\(SiteURL.valueCustomers(.init(segment: segment)))">\(s.rfmSegment(segment))</a> <small>\(segment.rule)</small></h3>
                <p><strong>\(s.integer(members.count))</strong> \(s[.valueCustomersCount].lowercased()) · \(context.percent(Double(members.count) / Double(max(buyers.count, 1))))</p>
                <dl><dt>\(s[.valueRevenue])</dt><dd>\(context.money(revenue))</dd><dt>\(s[.valueProfit])</dt><dd>\(context.money(profit))</dd>
                <dt>\(s[.valueMeanRecency])</dt><dd>\(median)</dd><dt>\(s[.valueMeanOrders])</dt><dd>\(orders)</dd>
                <dt>\(s[.valueNPSKnown])</dt><dd>\(nps.text(s)) <small>\(s.format(.valueNPSOf, s.integer(nps.n)))</small></dd></dl>
                <p><small>\(s[.valueAction]): \(s.rfmAction(segment))</small></p></article>
                """
        }.joined()
        var grid = [[Int]](repeating: [Int](repeating: 0, count: 5), count: 5)
        for customer in buyers { grid[customer.rfm!.recency - 1][customer.rfm!.frequency - 1] += 1 }
        let gridRows = (1...5).reversed().map { r -> HTML in
            "<tr><th scope=\"row\">R \(r)</th>\((1...5).map { f in "<td class=\"num\">\(s.integer(grid[r - 1][f - 1]))</td>" as HTML }.joined())</tr>"
        }.joined()
        return frame(
            context, .segments, title: s[.valueSegments],
            body: """
                <section class="card"><p>\(s[.valueRFMLead])</p><p class="muted">\(s[.valueRFMTies])</p>
                \(Charts.rankedBars(id: "segments", title: s[.valueSegmentSize], description: s[.valueRFMLead], rows: bars))
                <p><a href="\(SiteURL.valueCSV(.segments))">\(s[.valueCSV])</a></p></section>
                <section class="card"><div class="grid">\(cards)</div></section>
                <section class="card">\(behaviour(context))</section>
                <section class="card"><h2>\(s[.valueGrid])</h2><div class="table-wrap"><table class="grid-rf"><thead><tr><td></td>\
                \((1...5).map { "<th scope=\"col\">F \($0)</th>" as HTML }.joined())</tr></thead><tbody>\(gridRows)</tbody></table></div></section>
                """)
    }

    /// The k-means groups: each centre in words, with its size, habits, value and NPS.
    private static func behaviour(_ context: Context) -> HTML {
        let s = context.s
        guard let groups = BehaviourGroups(context.analysis) else {
            return "<h2>\(s[.valueBehaviourTitle])</h2><p class=\"muted\">\(s[.valueEmptyList])</p>"
        }
        let byId = Dictionary(uniqueKeysWithValues: context.analysis.customers.map { ($0.customerId, $0) })
        let buyers = groups.groups.reduce(0) { $0 + $1.customers.count }
        let rows = groups.groups.map { group -> HTML in
            let members = group.customers.compactMap { byId[$0] }
            let words = group.traits.isEmpty ? s[.valueBehaviourAverage] : group.traits.map(s.trait).joined(separator: ", ")
            return """
                <tr><th scope="row">\(words)</th><td class="num">\(s.integer(members.count))</td>\
                <td class="num">\(context.percent(Double(members.count) / Double(max(buyers, 1))))</td>\
                <td class="num">\(s.decimal(group.orders, digits: 1))</td><td class="num">\(context.money(Int64(group.averageOrder)))</td>\
                <td class="num">\(s.decimal(group.recencyDays, digits: 0))</td><td class="num">\(context.percent(group.activeMonthsShare, digits: 0))</td>\
                <td class="num">\(context.money(members.reduce(Int64(0)) { $0 + $1.profit }))</td><td class="num">\(LatestNPS(members).text(s))</td></tr>
                """
        }.joined()
        return """
            <h2>\(s[.valueBehaviourTitle])</h2><p>\(s[.valueBehaviourLead])</p>
            <div class="table-wrap"><table><thead><tr><th scope="col">\(s[.valueBehaviourGroup])</th><th scope="col">\(s[.valueCustomersCount])</th>\
            <th scope="col">\(s[.valueShareOfCustomers])</th><th scope="col">\(s[.valueMeanOrders])</th><th scope="col">\(s[.valueAOV])</th>\
            <th scope="col">\(s[.valueMeanRecencyMean])</th><th scope="col">\(s[.valueSteadyShare])</th><th scope="col">\(s[.valueProfit])</th>\
            <th scope="col">\(s[.valueNPSKnown])</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
    }

    // MARK: - Loyalty ladder

    static func ladder(_ context: Context, transitions: ValueAnalysis.Transitions, canMark: Bool) -> HTML {
        let s = context.s
        let analysis = context.analysis
        let settings = analysis.settings
        var counts: [LoyaltyStep: Int] = [:]
        for customer in analysis.customers { counts[customer.step, default: 0] += 1 }
        let steps = (LoyaltyStep.ladder.reversed() + [.lapsed]).map { step -> HTML in
            let members = analysis.customers.filter { $0.step == step }
            return """
                <tr><th scope="row"><a href="\(SiteURL.valueCustomers(.init(step: step)))">\(s.step(step))</a></th><td class="num">\(s.integer(counts[step] ?? 0))</td>\
                <td>\(s.strategy(step.strategy))</td><td>\(LatestNPS(members).text(s))</td><td><small>\(s.stepActions(step))</small></td></tr>
                """
        }.joined()
        let byMonth = analysis.stepsByMonth().suffix(13)
        let monthHead = byMonth.map { "<th scope=\"col\">\(CivilDay.monthLabel(ofMonthIndex: $0.monthIndex))</th>" as HTML }.joined()
        let monthRows = (LoyaltyStep.ladder + [.lapsed]).map { step -> HTML in
            "<tr><th scope=\"row\">\(s.step(step))</th>\(byMonth.map { "<td class=\"num\">\(s.integer($0.counts[step] ?? 0))</td>" as HTML }.joined())</tr>"
        }.joined()
        let columns = LoyaltyStep.ladder + [.lapsed]
        let rows: [LoyaltyStep?] = [nil] + columns.map { Optional($0) }
        let matrix = rows.map { from -> HTML in
            let title = from.map { s.step($0) } ?? s[.valueNotYetKnown]
            return
                "<tr><th scope=\"row\">\(title)</th>\(columns.map { to in "<td class=\"num\">\(s.integer(transitions.count(from: from, to: to)))</td>" as HTML }.joined())</tr>"
        }.joined()
        let transitionForm: HTML = """
            <form method="get" action="\(SiteURL.valueLadder(from: nil, to: nil))" class="period">
            <div class="field"><label for="from">\(s[.valueFrom])</label><input type="date" id="from" name="from" value="\(CivilDay.isoDate(ofDay: transitions.fromDay))"></div>
            <div class="field"><label for="to">\(s[.valueTo])</label><input type="date" id="to" name="to" value="\(CivilDay.isoDate(ofDay: transitions.toDay - 1))"></div>
            <button class="secondary" type="submit">\(s[.valueShow])</button></form>
            """
        let usual = analysis.usualSecondPurchaseDays.map { s.decimal($0, digits: 0) } ?? "—"
        return frame(
            context, .ladder, title: s[.valueLadder],
            body: """
                <section class="card"><p>\(s[.valueLadderLead])</p>
                <p class="muted">\(s.format(.valueLadderRules, s.integer(settings.regularMinimumOrders), s.integer(settings.activityWindowMonths)))</p>
                <div class="table-wrap"><table><thead><tr><th scope="col">\(s[.valueStep])</th><th scope="col">\(s[.valueCustomersCount])</th>\
                <th scope="col">\(s[.valueStrategy])</th><th scope="col">\(s[.valueNPSByStep])</th><th scope="col">\(s[.valueAction])</th></tr></thead>
                <tbody>\(steps)</tbody></table></div><p class="muted"><small>\(s[.valueNPSByStepLead])</small></p></section>
                <section class="card"><h2>\(s[.valueListFirstNotBack])</h2><p>\(s.format(.valueListFirstNotBackLead, usual))</p>
                \(customerTable(context, analysis.firstBuyersNotBack, columns: [.profit, .lastPurchase, .nps], limit: 15, empty: s[.valueEmptyList]))</section>
                <section class="card"><h2>\(s[.valueListSlowing])</h2><p>\(s[.valueListSlowingLead])</p>
                \(customerTable(context, analysis.regularsSlowingDown, columns: [.profit, .orders, .lastPurchase, .risk], limit: 15, empty: s[.valueEmptyList]))</section>
                <section class="card"><h2>\(s[.valueListUnthanked])</h2>
                \(unthanked(context, canMark: canMark))</section>
                <section class="card"><h2>\(s[.valueTransitions])</h2><p>\(s[.valueTransitionsLead])</p>\(transitionForm)
                <p><strong>\(s.integer(transitions.climbed))</strong> \(s[.valueClimbed]) · <strong>\(s.integer(transitions.fell))</strong> \(s[.valueFell]) · \
                <strong>\(s.integer(transitions.left))</strong> \(s[.valueLeft])</p>
                <div class="table-wrap"><table><thead><tr><td></td>\(columns.map { "<th scope=\"col\">\(s.step($0))</th>" as HTML }.joined())</tr></thead>
                <tbody>\(matrix)</tbody></table></div>
                <p><a href="\(SiteURL.valueCSV(.transitions))">\(s[.valueCSV])</a></p></section>
                <section class="card"><h2>\(s[.valueStepsOverTime])</h2><div class="table-wrap"><table><thead><tr><td></td>\(monthHead)</tr></thead>
                <tbody>\(monthRows)</tbody></table></div><p><a href="\(SiteURL.valueCSV(.steps))">\(s[.valueCSV])</a></p></section>
                """)
    }

    private static func unthanked(_ context: Context, canMark: Bool) -> HTML {
        let s = context.s
        let advocates = context.analysis.advocatesNeverThanked
        guard !advocates.isEmpty else { return "<p class=\"muted\">\(s[.valueEmptyList])</p>" }
        let rows = advocates.prefix(20).map { customer -> HTML in
            let button: HTML =
                canMark
                ? """
                <form method="post" action="\(SiteURL.valueCustomerMarks(customer.customerId))" class="inline">\(Layout.csrfField(context.page))\
                <input type="hidden" name="mark" value="thanked"><input type="hidden" name="on" value="1"><input type="hidden" name="back" value="ladder">\
                <button class="secondary" type="submit">\(s[.valueMarkThanked])</button></form>
                """ : .empty
            return """
                <tr><th scope="row"><a href="\(SiteURL.valueCustomer(customer.customerId))">\(context.name(customer))</a></th>\
                <td class="num">\(context.money(customer.profit))</td><td>\(customer.latestNPS.map { String($0.score) } ?? "—")</td><td>\(button)</td></tr>
                """
        }.joined()
        return """
            <div class="table-wrap"><table><thead><tr><th scope="col">\(s[.valueCustomer])</th><th scope="col">\(s[.valueProfit])</th>\
            <th scope="col">\(s[.valueNPS])</th><td></td></tr></thead><tbody>\(rows)</tbody></table></div>
            """
    }

    // MARK: - Retention

    static func retention(_ context: Context, forecast: PurchaseForecast?) -> HTML {
        let s = context.s
        let analysis = context.analysis
        let window = analysis.settings.activityWindowMonths
        let periods = analysis.retention
        let points = periods.map { period in
            Charts.TrendPoint(
                label: CivilDay.monthLabel(ofMonthIndex: period.monthIndex), value: period.retentionRate,
                valueText: period.retentionRate.map { s.decimal($0, digits: 1) + "%" } ?? "—")
        }
        let low = min(50, (periods.compactMap(\.retentionRate).min() ?? 100) - 5)
        let rows = periods.reversed().map { period -> HTML in
            """
            <tr><th scope="row">\(CivilDay.monthLabel(ofMonthIndex: period.monthIndex))</th><td class="num">\(s.integer(period.atStart))</td>\
            <td class="num">\(s.integer(period.atEnd))</td><td class="num">\(s.integer(period.new))</td>\
            <td class="num">\(period.retentionRate.map { s.decimal($0, digits: 1) + "%" } ?? "—")</td>\
            <td class="num">\(period.churnRate.map { s.decimal($0, digits: 1) + "%" } ?? "—")</td></tr>
            """
        }.joined()
        var risks: [ChurnRisk: Int] = [:]
        for customer in analysis.customers { if let risk = customer.churnRisk { risks[risk, default: 0] += 1 } }
        let riskLinks = ChurnRisk.allCases.map { risk -> HTML in
            "<li><a href=\"\(SiteURL.valueCustomers(.init(risk: risk)))\">\(s.churnRisk(risk))</a>: <strong>\(s.integer(risks[risk] ?? 0))</strong></li>"
        }.joined()
        let valuableAtRisk = analysis.customers.filter { $0.abc == .a && $0.churnRisk == .high }
        return frame(
            context, .retention, title: s[.valueRetention],
            body: """
                <section class="card"><h2>\(s[.valueCRRTitle])</h2><p>\(s.format(.valueRetentionLead, s.integer(window)))</p>
                <p class="muted">\(s.format(.valueFirstYearNote, s.integer(window)))</p>
                \(points.isEmpty ? .empty : Charts.trend(id: "crr", title: s[.valueCRRTitle], description: s.format(.valueRetentionLead, s.integer(window)),
                    points: points, yDomain: low...100, yTicks: stride(from: 0.0, through: 100, by: 10).map { ($0, "\(Int($0))%") }))
                <div class="table-wrap"><table><thead><tr><th scope="col">\(s[.valueMonth])</th><th scope="col">\(s[.valueAtStart])</th>\
                <th scope="col">\(s[.valueAtEnd])</th><th scope="col">\(s[.valueNew])</th><th scope="col">CRR</th><th scope="col">\(s[.valueChurn])</th></tr></thead>
                <tbody>\(rows)</tbody></table></div><p><a href="\(SiteURL.valueCSV(.retention))">\(s[.valueCSV])</a></p></section>
                <section class="card"><h2>\(s[.valueCohortsTitle])</h2><p>\(s[.valueCohortsLead])</p>\(cohorts(context))
                <p><a href="\(SiteURL.valueCSV(.cohorts))">\(s[.valueCSV])</a></p></section>
                <section class="card"><h2>\(s[.valueRiskTitle])</h2><p>\(s[.valueRiskLead])</p><ul class="inline-list">\(riskLinks)</ul>
                \(customerTable(context, valuableAtRisk, columns: [.profit, .orders, .lastPurchase, .risk], limit: 15, empty: s[.valueEmptyList]))</section>
                <section class="card"><h2>\(s[.valueForecastTitle])</h2><p>\(s[.valueForecastLead])</p>\(forecastSection(context, forecast))</section>
                """)
    }

    /// The cohort triangle as a table whose cells are shaded by their share (a heat map that reads on a phone
    /// and to a screen reader alike).
    private static func cohorts(_ context: Context) -> HTML {
        let s = context.s
        let cohorts = context.analysis.cohorts
        guard let longest = cohorts.map(\.active.count).max() else { return "<p class=\"muted\">—</p>" }
        let head = (0..<longest).map { "<th scope=\"col\">+\($0)</th>" as HTML }.joined()
        let rows = cohorts.map { cohort -> HTML in
            let cells = cohort.active.enumerated().map { offset, active -> HTML in
                let share = Double(active) / Double(max(cohort.size, 1))
                // Month 0 is everyone by definition; the shade starts from the later months' range.
                let shade = offset == 0 ? 0 : min(1, share / 0.5)
                let style = "background:rgba(31,111,92,\(String(format: "%.2f", shade * 0.85)));color:\(shade > 0.55 ? "#fff" : "#1f2933")"
                return "<td class=\"num\" style=\"\(style)\" title=\"\(s.integer(active))\">\(s.decimal(share * 100, digits: 0))%</td>"
            }.joined()
            return
                "<tr><th scope=\"row\">\(CivilDay.monthLabel(ofMonthIndex: cohort.monthIndex))</th><td class=\"num\">\(s.integer(cohort.size))</td>\(cells)</tr>"
        }.joined()
        return """
            <div class="table-wrap"><table class="cohorts"><thead><tr><th scope="col">\(s[.valueCohort])</th><th scope="col">\(s[.valueSize])</th>\(head)</tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
    }

    private static func forecastSection(_ context: Context, _ forecast: PurchaseForecast?) -> HTML {
        let s = context.s
        guard let forecast else { return "<p class=\"muted\">\(s[.valueForecastNone])</p>" }
        let estimates = forecast.customers.compactMap { $0 }
        let expected = estimates.reduce(0) { $0 + $1.expectedPurchases }
        let alive = estimates.isEmpty ? 0 : estimates.reduce(0) { $0 + $1.probabilityAlive } / Double(estimates.count)
        var byCustomer: [Customer.ID: PurchaseForecast.Estimate] = [:]
        for (customer, estimate) in zip(context.analysis.customers, forecast.customers) { byCustomer[customer.customerId] = estimate }
        let model = forecast.model
        let holdout: HTML =
            forecast.holdout.map { check in
                """
                <h3>\(s[.valueHoldoutTitle])</h3><p>\(s.format(.valueHoldoutLead, s.integer(check.days), s.date(day: check.calibrationEndDay)))</p>
                <div class="table-wrap"><table><thead><tr><td></td><th scope="col">\(s[.valueActual])</th><th scope="col">\(s[.valueModel])</th>\
                <th scope="col">\(s[.valueNaive])</th></tr></thead><tbody>
                <tr><th scope="row">\(s[.valueTotalPurchases])</th><td class="num">\(s.integer(check.actual))</td>\
                <td class="num">\(s.decimal(check.predicted, digits: 0))</td><td class="num">\(s.decimal(check.naive, digits: 0))</td></tr>
                <tr><th scope="row">\(s[.valueMAE])</th><td>—</td><td class="num">\(s.decimal(check.modelError, digits: 2))</td>\
                <td class="num">\(s.decimal(check.naiveError, digits: 2))</td></tr></tbody></table></div>
                """
            } ?? .empty
        let lost = forecast.likelyLost(context.analysis)
        return """
            <div class="grid kpis"><div><small>\(s.format(.valueForecastNext, s.integer(forecast.horizonDays)))</small><strong>\(s.decimal(expected, digits: 0))</strong></div>
            <div><small>\(s[.valueForecastAlive])</small><strong>\(context.percent(alive, digits: 0))</strong></div></div>
            <p class="muted"><small>r = \(s.decimal(model.r, digits: 3)), α = \(s.decimal(model.alpha, digits: 3)), a = \(s.decimal(model.a, digits: 3)), \
            b = \(s.decimal(model.b, digits: 3))</small></p>
            \(holdout)
            <h3>\(s[.valueLikelyLost])</h3>
            \(customerTable(context, lost, columns: [.profit, .orders, .lastPurchase, .alive], limit: 15, empty: s[.valueEmptyList], forecast: byCustomer))
            """
    }
}
