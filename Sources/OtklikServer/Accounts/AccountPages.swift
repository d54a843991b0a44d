import OtklikCore

/// The account pages' views: pure functions from what they show to HTML.
enum AccountPages {
    static func setup(_ page: PageContext, form: FormData, problems: [FieldProblem]) -> HTML {
        let s = page.strings
        return Layout.page(page, title: s[.setupTitle], body: """
            <section class="card narrow"><h1>\(s[.setupTitle])</h1><p class="lead">\(s[.setupLead])</p>
            <form method="post" action="\(SiteURL.setup)" novalidate>\(Layout.csrfField(page))
            \(field(page, "organisation", s[.setupOrganisation], value: form["organisation"], problems: problems, autocomplete: "organization"))
            \(field(page, "name", s[.fieldYourName], value: form["name"], problems: problems, autocomplete: "name"))
            \(field(page, "email", s[.fieldEmail], type: "email", value: form["email"], problems: problems, autocomplete: "email"))
            \(field(page, "password", s[.fieldPassword], type: "password", problems: problems, autocomplete: "new-password", hint: s[.passwordHint]))
            \(field(page, "password_again", s[.fieldPasswordAgain], type: "password", problems: problems, autocomplete: "new-password"))
            <button type="submit" class="primary">\(s[.setupSubmit])</button></form></section>
            """)
    }

    static func login(_ page: PageContext, email: String, next: String?, message: String?) -> HTML {
        let s = page.strings
        return Layout.page(page, title: s[.loginTitle], body: """
            <section class="card narrow"><h1>\(s[.loginTitle])</h1>
            \(message.map { "<p class=\"error\" role=\"alert\">\($0)</p>" as HTML })
            <form method="post" action="\(SiteURL.login())">\(Layout.csrfField(page))
            <input type="hidden" name="next" value="\(next ?? "")">
            \(field(page, "email", s[.fieldEmail], type: "email", value: email, problems: [], autocomplete: "username"))
            \(field(page, "password", s[.fieldPassword], type: "password", problems: [], autocomplete: "current-password"))
            <button type="submit" class="primary">\(s[.signIn])</button></form></section>
            """)
    }

    static func account(_ page: PageContext, user: User, problems: [FieldProblem], notice: TextKey?) -> HTML {
        let s = page.strings
        return Layout.page(page, title: s[.accountTitle], tab: .account, body: """
            <section class="card narrow"><h1>\(s[.accountTitle])</h1>
            <dl class="facts"><dt>\(s[.fieldName])</dt><dd>\(user.name)</dd><dt>\(s[.fieldEmail])</dt><dd>\(user.email)</dd>
            <dt>\(s[.fieldRole])</dt><dd>\(s.role(user.role))</dd></dl>
            \(notice.map { "<p class=\"notice\" role=\"status\">\(s[$0])</p>" as HTML })
            <form method="post" action="\(SiteURL.account)" class="filters">\(Layout.csrfField(page))<input type="hidden" name="action" value="language">
            \(Layout.select(id: "locale", name: "locale", label: s[.fieldLanguage], options: [("ru", "Русский"), ("en", "English")],
                           selected: user.locale.rawValue, none: nil, strings: s))
            <button type="submit" class="secondary">\(s[.save])</button></form>
            <h2>\(s[.changePassword])</h2>
            <form method="post" action="\(SiteURL.account)" novalidate>\(Layout.csrfField(page))
            \(field(page, "current_password", s[.fieldCurrentPassword], type: "password", problems: problems, autocomplete: "current-password"))
            \(field(page, "new_password", s[.fieldNewPassword], type: "password", problems: problems, autocomplete: "new-password", hint: s[.passwordHint]))
            \(field(page, "new_password_again", s[.fieldPasswordAgain], type: "password", problems: problems, autocomplete: "new-password"))
            <button type="submit" class="primary">\(s[.changePassword])</button></form></section>
            """)
    }

    /// A labelled input with its hint and error message, wired for screen readers.
    static func field(_ page: PageContext, _ name: String, _ label: String, type: String = "text", value: String? = nil,
                      problems: [FieldProblem], autocomplete: String? = nil, hint: String? = nil) -> HTML {
        """
        <div class="field"><label for="\(name)">\(label)</label>
        \(hint.map { "<small id=\"\(name)-hint\">\($0)</small>" as HTML })
        <input id="\(name)" name="\(name)" type="\(type)" value="\(type == "password" ? "" : (value ?? ""))"\(autocomplete.map { " autocomplete=\"\($0)\"" as HTML })\(Layout.invalidAttributes(problems, name))>
        \(Layout.fieldError(problems, name, page.strings))</div>
        """
    }
}
