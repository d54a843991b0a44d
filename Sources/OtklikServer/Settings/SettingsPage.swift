import Foundation
import OtklikCore
import OtklikStore

/// The settings pages: the sections a role may open as tabs, then the section's list and its form. Each
/// section's content is in Sections/; the controller gathers every value they show (a view reads no store).
enum SettingsPage {
    typealias Section = SiteURL.SettingsSection

    /// What a section's view reads: the page, the data the controller gathered, the form being edited.
    struct Input {
        let page: PageContext
        let section: Section
        let signedIn: SignedIn
        let editing: Int64?
        let form: FormData?
        let snapshot: CatalogSnapshot
        let users: [User]
        let tokens: [APIToken]

        var s: Strings { page.strings }

        /// A field's value: what was posted (a form shown again with its errors), else what is stored.
        func value(_ name: String, _ current: String?) -> String { form.map { $0[name] ?? "" } ?? (current ?? "") }
        func values(_ name: String, _ current: [String]) -> Set<String> { Set(form.map { $0.all(name) } ?? current) }

        var locations: [(String, String)] { Self.options(snapshot.locations.values, \.name) }
        var employees: [(String, String)] { Self.options(snapshot.employees.values, \.name) }
        var channels: [(String, String)] { Self.options(snapshot.channels.values) { page.strings.text($0.name) } }

        private static func options<E: Identifiable>(_ items: some Collection<E>, _ name: (E) -> String) -> [(String, String)]
        where E.ID == Identifier<E> {
            items.sorted { $0.id < $1.id }.map { (String($0.id.rawValue), name($0)) }
        }

        /// A row of the section's list, its first cell linking to the item's page.
        func row(_ id: Int64, _ cells: [String]) -> HTML {
            let first: HTML = "<th scope=\"row\"><a href=\"\(SiteURL.settingsItem(section, id: id))\">\(cells.first ?? "")</a></th>"
            return "<tr>\(first)\(cells.dropFirst().map { "<td>\($0)</td>" as HTML })</tr>"
        }
    }

    /// One section's list (header and rows) and form.
    struct Content {
        var header: [String] = []
        var rows: [HTML] = []
        var fields: [SettingsField] = []
        var canDelete: Bool
    }

    static let names: [Section: TextKey] = [
        .organisation: .sectionOrganisation, .locations: .sectionLocations, .touchpoints: .sectionTouchpoints,
        .employees: .sectionEmployees, .users: .sectionUsers, .tokens: .sectionTokens,
    ]

    static func render(_ input: Input, problems: [FieldProblem], notice: String?, secret: String? = nil) throws -> HTML {
        let (page, section, editing) = (input.page, input.section, input.editing)
        let s = page.strings
        let tabs = Section.allCases.filter { input.signedIn.user.role.allows(SettingsController.permission($0)) }.map { tab -> HTML in
            "<a href=\"\(SiteURL.settings(tab))\"\(tab == section ? " aria-current=\"page\"" as HTML : .empty)>\(s[names[tab]!])</a>"
        }.joined()
        let content: Content =
            switch section {
            case .organisation: organisation(input)
            case .locations: locations(input)
            case .touchpoints: touchpoints(input)
            case .employees: employees(input)
            case .users: try users(input)
            case .tokens: tokens(input)
            }
        let (header, rows, fields, canDelete) = (content.header, content.rows, content.fields, content.canDelete)
        let action: SiteURL = editing.map { .settingsItem(section, id: $0) } ?? .settings(section)
        let formHTML: HTML = """
            <form method="post" action="\(action)" novalidate>\(Layout.csrfField(page))
            <div class="grid">\(fields.map { $0.render(page, problems: problems) })</div>
            <p class="actions"><button type="submit" class="primary">\(editing == nil && section != .organisation ? s[.addNew] : s[.save])</button>
            \(canDelete ? "<button type=\"submit\" name=\"action\" value=\"delete\" class=\"danger\" formnovalidate>\(section == .tokens ? s[.tokenRevoke] : s[.delete])</button>" as HTML : .empty)
            \(editing != nil ? "<a href=\"\(SiteURL.settings(section))\">\(s[.backToList])</a>" as HTML : .empty)</p></form>
            """
        let list: HTML =
            header.isEmpty || editing != nil
            ? .empty
            : """
            <div class="table-wrap"><table><thead><tr>\(header.map { "<th scope=\"col\">\($0)</th>" as HTML })</tr></thead><tbody>\(rows)</tbody></table></div>
            """
        let secretHTML: HTML = secret.map { "<p class=\"notice\" role=\"status\">\(s[.tokenCreated]) <code>\($0)</code></p>" } ?? .empty
        return Layout.page(
            page, title: s[names[section]!], tab: .settings,
            body: """
                <nav class="card actions" aria-label="\(s[.settingsTitle])">\(tabs)</nav>
                <section class="card"><h1>\(s[names[section]!])</h1>
                \(secret == nil ? notice.map { "<p class=\"notice\" role=\"status\">\($0)</p>" as HTML } : nil)\(secretHTML)
                \(list)\(section == .organisation ? .empty : "<h2>\(editing == nil ? s[.addNew] : s[.editItem])</h2>" as HTML)\(formHTML)</section>
                """)
    }

    /// Every time zone the system knows, east to west by today's offset, named with it ("UTC+03:00 ·
    /// Europe/Moscow"): a list to choose from instead of an IANA name to type.
    private static func offsetLabel(_ seconds: Int) -> String {
        let minutes = abs(seconds) / 60
        let hours: String = CivilDay.twoDigits(minutes / 60)
        let rest: String = CivilDay.twoDigits(minutes % 60)
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
