import OtklikCore

/// The one page shell of the signed-in app and the account pages: header with the organisation's name,
/// the tabs the user's role may open, the language switch, and the content.
enum Layout {
    enum Tab: Sendable { case dashboard, responses, contacts, journeys, value, surveys, settings, account, none }

    /// - Parameter script: a static script of the app to load (the page must be sent with `scripts: .ownFiles`).
    static func page(_ page: PageContext, title: String, tab: Tab = .none, script: SiteURL? = nil, body: HTML) -> HTML {
        let s = page.strings
        return """
            <!doctype html>
            <html lang="\(page.locale.rawValue)">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · \(s[.productName])</title>
            <link rel="stylesheet" href="\(SiteURL.stylesheet)">\(script.map { "<script src=\"\($0)\" defer></script>" as HTML })</head>
            <body>
            <header class="top"><a class="brand" href="\(page.signedIn == nil ? SiteURL.login() : SiteURL.dashboard())">\(s[.productName])<span>\(page.organisationName)</span></a>
            \(navigation(page, tab: tab))
            <nav class="lang" aria-label="\(s[.language])">\(languageSwitch(page))</nav></header>
            <main id="main">\(body)</main>
            </body></html>
            """
    }

    static func languageSwitch(_ page: PageContext) -> HTML {
        LocalizedText.Locale.allCases.map { locale -> HTML in
            let name = locale == .ru ? "Русский" : "English"
            return locale == page.locale
                ? "<span aria-current=\"true\">\(name)</span>"
                : "<a href=\"\(page.languageLink(locale))\" hreflang=\"\(locale.rawValue)\" lang=\"\(locale.rawValue)\">\(name)</a>"
        }.joined()
    }

    private static func navigation(_ page: PageContext, tab: Tab) -> HTML {
        guard let user = page.user else { return .empty }
        let s = page.strings
        var items: [(Tab, SiteURL, TextKey)] = [
            (.dashboard, .dashboard(), .navDashboard), (.responses, .responses(.init()), .navResponses),
        ]
        if user.role.seesPersonalData { items.append((.contacts, .contacts(), .navContacts)) }
        items.append((.journeys, .journeys, .navJourneys))
        if user.role.allows(.readCustomerValue) { items.append((.value, .value(.overview), .navValue)) }
        if user.role.allows(.editSurveys) { items.append((.surveys, .surveys, .navSurveys)) }
        if user.role.allows(.editReferenceData) || user.role.allows(.manageUsers) {
            items.append((.settings, .settings(user.role.allows(.manageUsers) ? .users : .locations), .navSettings))
        }
        items.append((.account, .account, .navAccount))
        let links = items.map { item -> HTML in
            "<a href=\"\(item.1)\"\(item.0 == tab ? HTML(trusted: " aria-current=\"page\"") : .empty)>\(s[item.2])\(item.0 == .contacts ? ContactsPage.badge(page) : .empty)</a>"
        }.joined()
        return """
            <nav class="tabs" aria-label="\(s[.navigation])">\(links)
            <form method="post" action="\(SiteURL.logout)" class="inline"><input type="hidden" name="_csrf" value="\(page.csrfToken)">
            <button class="link" type="submit">\(s[.signOut]) <small>\(user.name)</small></button></form></nav>
            """
    }

    /// A field's error message, shown next to it and tied to it for screen readers.
    static func fieldError(_ problems: [FieldProblem], _ field: String, _ strings: Strings) -> HTML {
        guard let problem = problems.first(where: { $0.field == field }) else { return .empty }
        return "<p class=\"error\" id=\"\(field)-error\" role=\"alert\">\(strings.problem(problem))</p>"
    }

    static func invalidAttributes(_ problems: [FieldProblem], _ field: String) -> HTML {
        problems.contains { $0.field == field }
            ? HTML(trusted: " aria-invalid=\"true\" aria-describedby=\"\(HTML.escaped(field))-error\"") : .empty
    }

    /// A labelled drop-down. `none` is the label of the empty choice ("All", "—"), if there is one.
    static func select(
        id: String, name: String, label: String, options: [(value: String, title: String)], selected: String?,
        none: String?, problems: [FieldProblem] = [], strings: Strings
    ) -> HTML {
        let choices = options.map { option -> HTML in
            "<option value=\"\(option.value)\"\(selected == option.value ? " selected" as HTML : .empty)>\(option.title)</option>"
        }
        return """
            <div class="field"><label for="\(id)">\(label)</label><select id="\(id)" name="\(name)"\(invalidAttributes(problems, name))>
            \(none.map { "<option value=\"\">\($0)</option>" as HTML })\(choices)</select>\(fieldError(problems, name, strings))</div>
            """
    }

    static func csrfField(_ page: PageContext) -> HTML {
        "<input type=\"hidden\" name=\"_csrf\" value=\"\(page.csrfToken)\">"
    }
}
