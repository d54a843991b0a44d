import Foundation
import OtklikCore

/// The settings pages: the sections a role may open as tabs, then the section's list and its form.
extension SettingsController {
    func render(_ page: PageContext, _ section: Section, signedIn: SignedIn, editing: Int64?, form: FormData?,
                problems: [FieldProblem], notice: String?, secret: String? = nil) async throws -> HTML {
        let s = page.strings
        let snapshot = services.catalog.snapshot
        let names: [Section: TextKey] = [
            .organisation: .sectionOrganisation, .locations: .sectionLocations, .touchpoints: .sectionTouchpoints,
            .employees: .sectionEmployees, .users: .sectionUsers, .tokens: .sectionTokens,
        ]
        let tabs = Section.allCases.filter { signedIn.user.role.allows(Self.permission($0)) }.map { tab -> HTML in
            "<a href=\"\(SiteURL.settings(tab))\"\(tab == section ? " aria-current=\"page\"" as HTML : .empty)>\(s[names[tab]!])</a>"
        }.joined()
        func value(_ name: String, _ current: String?) -> String { form.map { $0[name] ?? "" } ?? (current ?? "") }
        func values(_ name: String, _ current: [String]) -> Set<String> { Set(form.map { $0.all(name) } ?? current) }
        func options<E: Identifiable>(_ items: some Collection<E>, _ name: (E) -> String) -> [(String, String)] where E.ID == Identifier<E> {
            items.sorted { $0.id < $1.id }.map { (String($0.id.rawValue), name($0)) }
        }
        let locations = options(snapshot.locations.values, \.name)
        let employees = options(snapshot.employees.values, \.name)
        let channels = options(snapshot.channels.values) { s.text($0.name) }

        var header: [String] = []
        var rows: [HTML] = []
        var fields: [SettingsField] = []
        var canDelete = editing != nil
        switch section {
        case .organisation:
            canDelete = false
            let organisation = snapshot.organisation
            fields = [
                SettingsField(name: "name", label: s[.setupOrganisation], control: .text(value("name", organisation.name))),
                SettingsField(name: "default_locale", label: s[.fieldDefaultLocale], control: .select(
                    [("ru", "Русский"), ("en", "English")], selected: value("default_locale", organisation.defaultLocale.rawValue), allowNone: false)),
                SettingsField(name: "time_zone", label: s[.fieldTimeZone], control: .select(
                    Self.timeZoneChoices(keeping: organisation.timeZone), selected: value("time_zone", organisation.timeZone), allowNone: false)),
            ]
        case .locations:
            header = [s[.columnName], s[.fieldKind], s[.fieldParent], s[.fieldAddress]]
            rows = snapshot.locations.values.sorted { $0.id < $1.id }.map { location in
                row(section, location.id.rawValue, [location.name, s.locationKind(location.kind),
                                                    location.parentId.flatMap { snapshot.locations[$0]?.name } ?? "", location.address ?? ""])
            }
            let current = editing.flatMap { snapshot.locations[Identifier($0)] }
            fields = [
                SettingsField(name: "name", label: s[.columnName], control: .text(value("name", current?.name))),
                SettingsField(name: "kind", label: s[.fieldKind], control: .select(
                    Location.Kind.allCases.map { ($0.rawValue, s.locationKind($0)) }, selected: value("kind", current?.kind.rawValue ?? "branch"), allowNone: false)),
                SettingsField(name: "parent_id", label: s[.fieldParent], control: .select(
                    locations.filter { $0.0 != editing.map(String.init) }, selected: value("parent_id", current?.parentId.map { String($0.rawValue) }), allowNone: true)),
                SettingsField(name: "address", label: s[.fieldAddress], control: .text(value("address", current?.address))),
            ]
        case .touchpoints:
            header = [s[.columnName], s[.fieldStage], s[.fieldChannel], s[.fieldOwner], s[.fieldLocation]]
            rows = snapshot.touchpoints.values.sorted { $0.id < $1.id }.map { touchpoint in
                row(section, touchpoint.id.rawValue, [
                    touchpoint.name, s.stage(touchpoint.stage), touchpoint.channelId.flatMap { snapshot.channels[$0].map { s.text($0.name) } } ?? "",
                    touchpoint.ownerId.flatMap { snapshot.employees[$0]?.name } ?? "", touchpoint.locationId.flatMap { snapshot.locations[$0]?.name } ?? s[.everyLocation]])
            }
            let current = editing.flatMap { snapshot.touchpoints[Identifier($0)] }
            fields = [
                SettingsField(name: "name", label: s[.columnName], control: .text(value("name", current?.name))),
                SettingsField(name: "stage", label: s[.fieldStage], control: .select(
                    JourneyStage.allCases.map { ($0.rawValue, s.stage($0)) }, selected: value("stage", current?.stage.rawValue ?? "use"), allowNone: false)),
                SettingsField(name: "channel_id", label: s[.fieldChannel], control: .select(
                    channels, selected: value("channel_id", current?.channelId.map { String($0.rawValue) }), allowNone: true)),
                SettingsField(name: "owner_id", label: s[.fieldOwner], control: .select(
                    employees, selected: value("owner_id", current?.ownerId.map { String($0.rawValue) }), allowNone: true)),
                SettingsField(name: "location_id", label: s[.fieldLocation], control: .select(
                    locations, selected: value("location_id", current?.locationId.map { String($0.rawValue) }), allowNone: true)),
            ]
        case .employees:
            header = [s[.columnName], s[.fieldPosition], s[.fieldLocation], s[.fieldActive]]
            rows = snapshot.employees.values.sorted { $0.id < $1.id }.map { employee in
                row(section, employee.id.rawValue, [employee.name, employee.position ?? "",
                                                    employee.locationId.flatMap { snapshot.locations[$0]?.name } ?? "", employee.active ? "✓" : "—"])
            }
            let current = editing.flatMap { snapshot.employees[Identifier($0)] }
            fields = [
                SettingsField(name: "name", label: s[.columnName], control: .text(value("name", current?.name))),
                SettingsField(name: "position", label: s[.fieldPosition], control: .text(value("position", current?.position))),
                SettingsField(name: "location_id", label: s[.fieldLocation], control: .select(
                    locations, selected: value("location_id", current?.locationId.map { String($0.rawValue) }), allowNone: true)),
                SettingsField(name: "active", label: s[.fieldActive], control: .checkbox(form.map { $0.has("active") } ?? (current?.active ?? true))),
            ]
        case .users:
            header = [s[.fieldEmail], s[.fieldName], s[.fieldRole]]
            let users = try await services.store.users()
            rows = users.map { user in
                var role = s.role(user.role)
                if let until = user.lockedUntil, until > Date() { role += " · \(s[.lockedUntil]) \(s.dateTime(until, timeZone: page.timeZone))" }
                return row(section, user.id.rawValue, [user.email, user.name, role])
            }
            let current = editing.flatMap { id in users.first { $0.id.rawValue == id } }
            if editing != nil && current == nil { throw WebError.notFound }
            fields = [
                current == nil ? SettingsField(name: "email", label: s[.fieldEmail], control: .text(value("email", nil), type: "email")) : nil,
                SettingsField(name: "name", label: s[.fieldName], control: .text(value("name", current?.name))),
                SettingsField(name: "role", label: s[.fieldRole], control: .select(
                    Role.allCases.map { ($0.rawValue, s.role($0)) }, selected: value("role", current?.role.rawValue ?? "analyst"), allowNone: false)),
                SettingsField(name: "employee_id", label: s[.fieldEmployee], control: .select(
                    employees, selected: value("employee_id", current?.employeeId.map { String($0.rawValue) }), allowNone: true)),
                SettingsField(name: "location_ids", label: s[.fieldLocations], control: .multiSelect(
                    locations, selected: values("location_ids", current?.locationIds.map { String($0.rawValue) } ?? []))),
                SettingsField(name: "password", label: current == nil ? s[.fieldPassword] : s[.fieldNewPasswordOptional], control: .text("", type: "password")),
            ].compactMap { $0 }
            canDelete = current != nil && current?.id != signedIn.user.id
        case .tokens:
            header = [s[.columnName], s[.fieldScopes], s[.columnCreated], s[.surveysColumnStatus]]
            rows = try await services.store.tokens().map { token in
                let state = token.revokedAt == nil ? s[.tokenActive] : s[.tokenRevoked]
                let revoke: HTML = token.revokedAt == nil ? """
                    <form method="post" action="\(SiteURL.settingsItem(.tokens, id: token.id.rawValue))" class="inline">\(Layout.csrfField(page))
                    <button type="submit" name="action" value="delete" class="danger">\(s[.tokenRevoke])</button></form>
                    """ : .empty
                return """
                    <tr><td>\(token.name) <code>\(token.prefix)…</code></td><td>\(token.scopes.map(\.rawValue).sorted().joined(separator: ", "))</td>
                    <td>\(s.dateTime(token.createdAt, timeZone: page.timeZone))</td><td>\(state) \(revoke)</td></tr>
                    """
            }
            fields = [
                SettingsField(name: "name", label: s[.fieldTokenName], control: .text(value("name", nil))),
                SettingsField(name: "scopes", label: s[.fieldScopes], control: .checkboxes(
                    [("ingest", s[.scopeIngest]), ("read", s[.scopeRead]), ("admin", s[.scopeAdmin])], selected: values("scopes", ["read"]))),
            ]
            canDelete = false
        }

        let action: SiteURL = editing.map { .settingsItem(section, id: $0) } ?? .settings(section)
        let formHTML: HTML = """
            <form method="post" action="\(action)" novalidate>\(Layout.csrfField(page))
            <div class="grid">\(fields.map { $0.render(page, problems: problems) })</div>
            <p class="actions"><button type="submit" class="primary">\(editing == nil && section != .organisation ? s[.addNew] : s[.save])</button>
            \(canDelete ? "<button type=\"submit\" name=\"action\" value=\"delete\" class=\"danger\" formnovalidate>\(section == .tokens ? s[.tokenRevoke] : s[.delete])</button>" as HTML : .empty)
            \(editing != nil ? "<a href=\"\(SiteURL.settings(section))\">\(s[.backToList])</a>" as HTML : .empty)</p></form>
            """
        let list: HTML = header.isEmpty || editing != nil ? .empty : """
            <div class="table-wrap"><table><thead><tr>\(header.map { "<th scope=\"col\">\($0)</th>" as HTML })</tr></thead><tbody>\(rows)</tbody></table></div>
            """
        let secretHTML: HTML = secret.map { "<p class=\"notice\" role=\"status\">\(s[.tokenCreated]) <code>\($0)</code></p>" } ?? .empty
        return Layout.page(page, title: s[names[section]!], tab: .settings, body: """
            <nav class="card actions" aria-label="\(s[.settingsTitle])">\(tabs)</nav>
            <section class="card"><h1>\(s[names[section]!])</h1>
            \(secret == nil ? notice.map { "<p class=\"notice\" role=\"status\">\($0)</p>" as HTML } : nil)\(secretHTML)
            \(list)\(section == .organisation ? .empty : "<h2>\(editing == nil ? s[.addNew] : s[.editItem])</h2>" as HTML)\(formHTML)</section>
            """)
    }

    private func row(_ section: Section, _ id: Int64, _ cells: [String]) -> HTML {
        let first: HTML = "<th scope=\"row\"><a href=\"\(SiteURL.settingsItem(section, id: id))\">\(cells.first ?? "")</a></th>"
        return "<tr>\(first)\(cells.dropFirst().map { "<td>\($0)</td>" as HTML })</tr>"
    }

    /// Every time zone the system knows, east to west by today's offset, named with it ("UTC+03:00 ·
    /// Europe/Moscow"): a list to choose from instead of an IANA name to type.
    private static func offsetLabel(_ seconds: Int) -> String {
        let minutes = abs(seconds) / 60
        let hours: String = CivilDay.twoDigits(minutes / 60), rest: String = CivilDay.twoDigits(minutes % 60)
        return "UTC" + (seconds < 0 ? "−" : "+") + hours + ":" + rest
    }

    /// `current` is listed even when the system's list lacks it ("UTC" on some systems), so saving the
    /// form never changes the zone by itself.
    static func timeZoneChoices(keeping current: String, now: Date = Date()) -> [(String, String)] {
        var zones: [(id: String, offset: Int)] = []
        let known = TimeZone.knownTimeZoneIdentifiers
        for id in known.contains(current) ? known : known + [current] {
            zones.append((id, TimeZone(identifier: id)?.secondsFromGMT(for: now) ?? 0))
        }
        zones.sort { $0.offset != $1.offset ? $0.offset > $1.offset : $0.id < $1.id }
        return zones.map { zone -> (String, String) in
            (zone.id, offsetLabel(zone.offset) + " · " + zone.id.replacingOccurrences(of: "_", with: " "))
        }
    }
}
