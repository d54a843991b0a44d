import Foundation
import OtklikCore

extension ValuePages {
    // MARK: - Customers

    static func customers(_ context: Context, filter: ValueCustomerFilter) -> HTML {
        let s = context.s
        let matching = context.analysis.customers.filter(filter.admits)
        let start = filter.page * ValueCustomerFilter.pageSize
        let shown = matching.dropFirst(start).prefix(ValueCustomerFilter.pageSize)
        func select<T: RawRepresentable<String> & CaseIterable>(_ name: String, _ label: String, _ value: T?, title: (T) -> String) -> HTML
        {
            Layout.select(
                id: "f-\(name)", name: name, label: label, options: T.allCases.map { ($0.rawValue, title($0)) }, selected: value?.rawValue,
                none: s[.valueAny], strings: s)
        }
        let form: HTML = """
            <form method="get" action="\(SiteURL.valueCustomers(.init()))" class="filters">
            \(select("abc", s[.valueClass], filter.abc) { $0.rawValue })\(select("group", s[.valueGroup], filter.group) { s.profitGroup($0) })\
            \(select("step", s[.valueStep], filter.step) { s.step($0) })\(select("segment", s[.valueSegment], filter.segment) { s.rfmSegment($0) })\
            \(select("risk", s[.valueRisk], filter.risk) { s.churnRisk($0) })
            <button class="secondary" type="submit">\(s[.valueFilter])</button></form>
            """
        var pager: [HTML] = []
        if filter.page > 0 {
            pager.append("<a href=\"\(SiteURL.valueCustomers(filter.with(page: filter.page - 1)))\">\(s[.valuePrevious])</a>")
        }
        if start + ValueCustomerFilter.pageSize < matching.count {
            pager.append("<a href=\"\(SiteURL.valueCustomers(filter.with(page: filter.page + 1)))\">\(s[.valueNext])</a>")
        }
        let range = matching.isEmpty ? "0" : "\(s.integer(start + 1))–\(s.integer(start + shown.count)) / \(s.integer(matching.count))"
        return frame(
            context, .customers, title: s[.valueCustomers],
            body: """
                <section class="card"><p>\(s[.valueCustomersLead])</p>\(form)</section>
                <section class="card"><p>\(range) · <a href="\(SiteURL.valueCSV(.customers, filter: filter.with(page: 0)))">\(s[.valueCSV])</a></p>
                \(customerTable(context, shown, columns: [.rank, .revenue, .profit, .orders, .lastPurchase, .segment, .step, .nps, .risk], limit: ValueCustomerFilter.pageSize, empty: s[.valueEmptyList]))
                <p class="pager">\(pager.joined())</p></section>
                """)
    }

    static func customer(
        _ context: Context, _ value: CustomerValue, orders: [CustomerOrder], answers: [Response], estimate: PurchaseForecast.Estimate?,
        canMark: Bool, timeZone: TimeZone
    ) -> HTML {
        let s = context.s
        func fact(_ title: String, _ text: String) -> HTML { "<dt>\(title)</dt><dd>\(text)</dd>" }
        let facts: [HTML] = [
            fact(s[.valueRevenue], context.money(value.revenue)), fact(s[.valueCost], context.money(value.cost)),
            fact(s[.valueProfit], context.money(value.profit)),
            fact(s[.valueRank], value.rank.map { "\(s.integer($0)) · \(value.abc?.rawValue ?? "")" } ?? "—"),
            fact(s[.valueOrders], s.integer(value.orders)), fact(s[.valueAOV], value.averageOrderValue.map(context.money) ?? "—"),
            fact(s[.valueFirstPurchase], value.firstPurchaseDay.map { s.date(day: $0) } ?? "—"),
            fact(s[.valueLastPurchase], value.lastPurchaseDay.map { "\(s.date(day: $0)) (\(s.integer(value.recencyDays ?? 0)))" } ?? "—"),
            fact(s[.valueTenure], value.tenureDays.map { s.integer($0) } ?? "—"),
            fact(s[.valueInterval], value.meanIntervalDays.map { s.decimal($0, digits: 0) } ?? "—"),
            fact(s[.valueRegularity], value.regularity.map { context.percent($0, digits: 0) } ?? "—"),
            fact(s[.valueActiveMonths], value.activeMonthsShare.map { context.percent($0, digits: 0) } ?? "—"),
            fact("RFM", value.rfm.map { "R\($0.recency) F\($0.frequency) M\($0.monetary) · \(s.rfmSegment($0.segment))" } ?? "—"),
            fact(s[.valueStep], "\(s.step(value.step)) · \(s.strategy(value.step.strategy))"),
            fact(s[.valueLatestAnswer], value.latestNPS.map { "NPS \($0.score) · \(s.date(day: $0.day))" } ?? "—"),
            fact(s[.valueRisk], value.churnRisk.map { s.churnRisk($0) } ?? "—"),
            fact(s[.valueAlive], estimate.map { context.percent($0.probabilityAlive, digits: 0) } ?? "—"),
            fact(s[.valueExpected], estimate.map { s.decimal($0.expectedPurchases, digits: 1) } ?? "—"),
        ]
        let marks = CustomerMark.allCases.map { mark -> HTML in
            let on = value.marks.contains(mark)
            guard canMark else { return "<li>\(on ? "✓" : "—") \(s.mark(mark))</li>" }
            return """
                <li><form method="post" action="\(SiteURL.valueCustomerMarks(value.customerId))" class="inline">\(Layout.csrfField(context.page))\
                <input type="hidden" name="mark" value="\(mark.rawValue)"><input type="hidden" name="on" value="\(on ? "0" : "1")">\
                <button class="\(on ? "primary" : "secondary")" type="submit" aria-pressed="\(on ? "true" : "false")">\(s.mark(mark))</button></form></li>
                """
        }.joined()
        let orderRows = orders.prefix(100).map { order -> HTML in
            """
            <tr><td>\(s.dateTime(order.placedAt, timeZone: timeZone))</td><td>\(order.orderId)\(order.isCancellation ? " · \(s[.valueCancellation])" : "")</td>\
            <td class="num">\(s.money(order.amount, currency: context.currency))</td></tr>
            """
        }.joined()
        let answerRows = answers.suffix(20).reversed().map { response -> HTML in
            """
            <li><a href="\(SiteURL.response(response.id))">\(s.dateTime(response.submittedAt, timeZone: timeZone))</a>\
            \(response.comment.map { "<br><q>\($0)</q>" as HTML } ?? .empty)</li>
            """
        }.joined()
        var theirs = DashboardFilter()
        theirs.customer = value.customerId.rawValue
        let allAnswers: HTML = """
            <p class="actions"><a href="\(SiteURL.responses(theirs))">\(s[.allResponses]) →</a> \
            <a href="\(SiteURL.dashboard(theirs))">\(s[.dashboardTitle]) →</a></p>
            """
        return frame(
            context, .customers, title: "\(s[.valueCustomer]) \(context.name(value))",
            body: """
                <section class="card"><dl class="facts">\(facts.joined())</dl></section>
                <section class="card"><h2>\(s[.valueMarks])</h2><ul class="marks">\(marks)</ul></section>
                <section class="card"><h2>\(s[.valueAnswers])</h2>\(answerRows.isEmpty ? "<p class=\"muted\">—</p>" as HTML : "<ul>\(answerRows)</ul>\(allAnswers)")</section>
                <section class="card"><h2>\(s[.valueCardOrders])</h2><div class="table-wrap"><table><tbody>\(orderRows)</tbody></table></div></section>
                """)
    }

    // MARK: - Settings

    static func settingsForm(_ page: PageContext, _ settings: ValueSettings, problems: [FieldProblem], saved: Bool) -> HTML {
        let s = page.strings
        func field(_ name: String, _ label: String, _ value: String, hint: String? = nil) -> HTML {
            """
            <div class="field"><label for="v-\(name)">\(label)</label><input type="text" id="v-\(name)" name="\(name)" value="\(value)"\
            \(Layout.invalidAttributes(problems, name))>\(hint.map { "<small>\($0)</small>" as HTML })\(Layout.fieldError(problems, name, s))</div>
            """
        }
        let margin = settings.defaultMarginBasisPoints.map { Money.plainText(Int64($0)) } ?? ""
        let rules = ValueSettings.AdvocateRule.allCases.map { rule -> (String, String) in
            switch rule {
            case .promoterOrReferrer: (rule.rawValue, s[.valueRulePromoterOrReferrer])
            case .promoter: (rule.rawValue, s[.valueRulePromoter])
            case .referrer: (rule.rawValue, s[.valueRuleReferrer])
            }
        }
        return """
            <section class="card" id="settings"><h2>\(s[.valueSettingsTitle])</h2>\(saved ? "<p class=\"notice\" role=\"status\">\(s[.valueSaved])</p>" as HTML : .empty)
            <form method="post" action="\(SiteURL.valueSettings)">\(Layout.csrfField(page))<div class="grid">
            \(field("currency", s[.valueCurrency], settings.currency))\(field("default_margin", s[.valueMargin], margin, hint: s[.valueMarginHint]))\
            \(field("cost_per_order", s[.valueCostPerOrder], Money.plainText(settings.costPerOrder)))\
            \(field("activity_window_months", s[.valueWindow], String(settings.activityWindowMonths)))\
            \(field("regular_minimum_orders", s[.valueRegularOrders], String(settings.regularMinimumOrders)))\
            \(Layout.select(id: "v-advocate", name: "advocate_rule", label: s[.valueAdvocateRule], options: rules, selected: settings.advocateRule.rawValue, none: nil, problems: problems, strings: s))
            </div><button class="primary" type="submit">\(s[.valueSave])</button></form></section>
            """
    }

    /// Settings from the form, or the fields at fault.
    static func settings(from form: FormData, current: ValueSettings) -> Result<ValueSettings, ValueSettingsProblems> {
        var settings = current
        var problems: [FieldProblem] = []
        settings.currency = (form["currency"] ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        let margin = (form["default_margin"] ?? "").trimmingCharacters(in: .whitespaces)
        if margin.isEmpty {
            settings.defaultMarginBasisPoints = nil
        } else if let value = Money.ExactDecimal(Substring(margin.replacingOccurrences(of: "%", with: "")))?.minorUnits, value.exact {
            settings.defaultMarginBasisPoints = Int(clamping: value.value)
        } else {
            problems.append(FieldProblem(field: "default_margin", code: "invalid", message: "a percentage such as 35 or 12.5"))
        }
        if let cost = Money.ExactDecimal(Substring(form["cost_per_order"] ?? "0"))?.minorUnits, cost.exact {
            settings.costPerOrder = cost.value
        } else {
            problems.append(FieldProblem(field: "cost_per_order", code: "invalid", message: "an amount such as 2.50"))
        }
        for (name, keyPath) in [
            ("activity_window_months", \ValueSettings.activityWindowMonths), ("regular_minimum_orders", \.regularMinimumOrders),
        ] {
            if let number = Int((form[name] ?? "").trimmingCharacters(in: .whitespaces)) {
                settings[keyPath: keyPath] = number
            } else {
                problems.append(FieldProblem(field: name, code: "invalid", message: "a whole number"))
            }
        }
        settings.advocateRule = form["advocate_rule"].flatMap(ValueSettings.AdvocateRule.init(rawValue:)) ?? settings.advocateRule
        problems += settings.problems().filter { problem in !problems.contains { $0.field == problem.field } }
        return problems.isEmpty ? .success(settings) : .failure(ValueSettingsProblems(problems: problems))
    }

    struct ValueSettingsProblems: Error {
        var problems: [FieldProblem]
    }
}
