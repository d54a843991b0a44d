import OtklikCore

/// The period picker and filters above the dashboard and the responses list: a GET form, so a filtered
/// view is a link that can be bookmarked or sent to a colleague.
enum FilterBar {
    /// Whose answers the page shows, when it is not everyone's.
    static func scopeNote(_ page: PageContext) -> HTML {
        guard let user = page.user else { return .empty }
        switch user.scope {
        case .everything: return .empty
        case .locations: return "<p class=\"notice\">\(page.strings[.scopeManager])</p>"
        case .employee: return "<p class=\"notice\">\(page.strings[.scopeStaff])</p>"
        case .nothing: return "<p class=\"notice\">\(page.strings[.scopeNothing])</p>"
        }
    }

    static func render(
        _ page: PageContext, _ filter: DashboardFilter, _ options: FilterOptions,
        action: SiteURL, extra: HTML = .empty
    ) -> HTML {
        let s = page.strings
        func select(_ name: String, _ label: TextKey, _ items: [(Int64, String)], _ selected: Int64?) -> HTML {
            Layout.select(
                id: "f-\(name)", name: name, label: s[label], options: items.map { (String($0.0), $0.1) },
                selected: selected.map(String.init), none: s[.all], strings: s)
        }
        let today = filter.to ?? 0
        let presets: [(TextKey, Int)] = [(.period7, 7), (.period30, 30), (.period90, 90), (.period365, 365)]
        let quick = presets.map { key, days -> HTML in
            var preset = filter
            (preset.from, preset.to) = (today - days + 1, today)
            let current = filter.from == preset.from && filter.to == preset.to
            return "<a href=\"\(action.with(preset))\"\(current ? " aria-current=\"true\"" as HTML : .empty)>\(s[key])</a>"
        }.joined()
        let period = filter.periodText(s)
        let active =
            filter.dimensionValues.count + (filter.stage == nil ? 0 : 1) + (filter.tag == nil ? 0 : 1) + (filter.search == nil ? 0 : 1)
            + (filter.hasComment ? 1 : 0) + (filter.valueClass == nil ? 0 : 1) + (filter.loyaltyStep == nil ? 0 : 1)
        // Tags are offered once responses carry any (a tag asked for by a link stays selectable).
        let tags = options.tags + (filter.tag.map { options.tags.contains($0) ? [] : [$0] } ?? [])
        let tagSelect =
            tags.isEmpty
            ? HTML.empty
            : Layout.select(
                id: "f-tag", name: "tag", label: s[.filterTag], options: tags.map { ($0, $0) }, selected: filter.tag,
                none: s[.all], strings: s)
        // Who the customers are now, once they have orders; one customer (a link from their card) stays as it is.
        var customerSelects: HTML = .empty
        if options.customerValue {
            customerSelects = """
                \(Layout.select(id: "f-value-class", name: "value_class", label: s[.filterValueClass], options: ABCClass.allCases.map { ($0.rawValue, "\(s[.valueClass]) \($0.rawValue)") }, selected: filter.valueClass?.rawValue, none: s[.all], strings: s))
                \(Layout.select(id: "f-loyalty-step", name: "loyalty_step", label: s[.filterLoyaltyStep], options: LoyaltyStep.allCases.map { ($0.rawValue, s.step($0)) }, selected: filter.loyaltyStep?.rawValue, none: s[.all], strings: s))
                """
        }
        if let customer = filter.customer {
            var without = filter
            without.customer = nil
            customerSelects = """
                \(customerSelects)<input type="hidden" name="customer" value="\(customer)"><p class="field">\(s[.filterCustomer]) \(options.customerKey ?? "#\(customer)") <a href="\(action.with(without))">\(s[.filterRemove])</a></p>
                """
        }
        // On a phone the form is folded under a one-line summary so the numbers come first; from 48rem
        // up the stylesheet shows it open (`::details-content`), summary hidden.
        return """
            <details class="card fold"><summary>\(s[.filtersTitle]): \(period)\(active > 0 ? " · \(s.count(active, .filter))" as HTML : .empty)</summary>
            <form method="get" action="\(action.pathOnly)" class="filters" aria-label="\(s[.filterApply])">
            <div class="field"><label for="f-from">\(s[.filterFrom])</label><input type="date" id="f-from" name="from" value="\(filter.from.map(CivilDay.isoDate(ofDay:)) ?? "")"></div>
            <div class="field"><label for="f-to">\(s[.filterTo])</label><input type="date" id="f-to" name="to" value="\(filter.to.map(CivilDay.isoDate(ofDay:)) ?? "")"></div>
            \(select("survey", .filterSurvey, options.surveys, filter.survey))
            \(select("location", .filterLocation, options.locations, filter.location))
            \(Layout.select(id: "f-stage", name: "stage", label: s[.filterStage], options: JourneyStage.allCases.map { ($0.rawValue, s.stage($0)) }, selected: filter.stage?.rawValue, none: s[.all], strings: s))
            \(select("touchpoint", .filterTouchpoint, options.touchpoints, filter.touchpoint))
            \(select("employee", .filterEmployee, options.employees, filter.employee))
            \(select("segment", .filterSegment, options.segments, filter.segment))
            \(select("channel", .filterChannel, options.channels, filter.channel))\(tagSelect)\(customerSelects)
            \(extra)
            <div class="field check"><label><input type="checkbox" name="has_comment" value="true"\(filter.hasComment ? " checked" as HTML : .empty)> \(s[.filterHasComment])</label></div>
            <button type="submit" class="primary">\(s[.filterApply])</button>
            <p class="actions">\(quick) <a href="\(action.pathOnly)">\(s[.filterReset])</a></p>
            </form></details>
            """
    }

    /// The filter as hidden fields (a second form on the page that must keep the first one's choices).
    static func hiddenFields(_ filter: DashboardFilter) -> HTML {
        filter.queryItems.map { key, value -> HTML in "<input type=\"hidden\" name=\"\(key)\" value=\"\(value)\">" }.joined()
    }
}

extension DashboardFilter {
    /// The period as the folded filters' summary says it: "5 сент. 2026 – 3 дек. 2026", or "всё время".
    func periodText(_ s: Strings) -> String {
        from.map { "\(s.date(day: $0)) – \(to.map { s.date(day: $0) } ?? "…")" } ?? s[.filtersAllTime]
    }
}

extension SiteURL {
    /// The same page with another filter.
    func with(_ filter: DashboardFilter) -> SiteURL {
        switch self {
        case .responses(_, let bands): return .responses(filter, bands: bands)
        default: return .dashboard(filter)
        }
    }

    /// The path without a query (a GET form's action: the form fields are the query).
    var pathOnly: String { path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path }
}

/// The choices of the filter bar, limited to what the user may see.
struct FilterOptions: Sendable {
    var surveys: [(Int64, String)]
    var locations: [(Int64, String)]
    var touchpoints: [(Int64, String)]
    var employees: [(Int64, String)]
    var segments: [(Int64, String)]
    var channels: [(Int64, String)]
    /// The tags responses carry, sorted.
    var tags: [String] = []
    /// Offer filters by customers' value class and loyalty step (the reader may see them, and customers have orders).
    var customerValue = false
    /// The business's own id of the one customer the view is filtered by ("TP-C-04742"), when it has one.
    var customerKey: String?
}

extension FilterOptions {
    init(
        _ snapshot: CatalogSnapshot, scope: DataScope, strings: Strings, tags: [String] = [], customerValue: Bool = false,
        customerKey: String? = nil
    ) {
        let allowedEmployees = scope.allowed(.employee, snapshot: snapshot)
        // Staff see only their own answers: their menus offer their own branch, not every branch.
        let allowedLocations: Set<Int64>? =
            switch scope {
            case .employee(let id): snapshot.employees[id]?.locationId.map { [$0.rawValue] } ?? []
            case .nothing: []
            default: scope.allowed(.location, snapshot: snapshot)
            }
        // Surveys and channels are named in the reader's language, and few: sorted here. The rest come in
        // the order the catalog keeps.
        func sorted<E: Identifiable>(_ items: some Collection<E>, _ name: (E) -> String) -> [(Int64, String)]
        where E.ID == Identifier<E> {
            MenuOrder.byName(items.map { ($0.id.rawValue, name($0)) })
        }
        func listed(_ ids: [Int64], _ name: (Int64) -> String?, allowed: Set<Int64>? = nil) -> [(Int64, String)] {
            ids.compactMap { id in allowed?.contains(id) ?? true ? name(id).map { (id, $0) } : nil }
        }
        let order = snapshot.menuOrder
        let employeesInScope: Set<Int64>? =
            allowedEmployees
            ?? allowedLocations.map { locations in
                Set(snapshot.employees.values.filter { $0.locationId.map { locations.contains($0.rawValue) } ?? false }.map(\.id.rawValue))
            }
        self.init(
            surveys: sorted(snapshot.surveys.values, { strings.text($0.title) }),
            locations: listed(order.locations, { snapshot.locations[Identifier($0)]?.name }, allowed: allowedLocations),
            touchpoints: listed(order.touchpoints, { snapshot.touchpoints[Identifier($0)]?.name }),
            employees: listed(order.employees, { snapshot.employees[Identifier($0)]?.name }, allowed: employeesInScope),
            segments: listed(order.segments, { snapshot.segments[Identifier($0)]?.name }),
            channels: sorted(snapshot.channels.values, { strings.text($0.name) }), tags: tags, customerValue: customerValue,
            customerKey: customerKey)
    }
}
