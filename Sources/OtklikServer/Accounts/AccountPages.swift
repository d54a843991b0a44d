import OtklikCore

/// The account pages' views: pure functions from what they show to HTML.
enum AccountPages {
    static func setup(_ page: PageContext, form: FormData, problems: [FieldProblem]) -> HTML {
        let s = page.strings
        return Layout.page(
            page, title: s[.setupTitle],
            body: """
                <section class="card narrow"><h1>\(s[.setupTitle])</h1><p class="lead">\(s[.setupLead])</p>
                <form method="post" action="\(SiteURL.setup)" novalidate>\(Layout.csrfField(page))
                \(FormField.input(page, "organisation", s[.setupOrganisation], value: form["organisation"], problems: problems, autocomplete: "organization"))
                \(FormField.input(page, "name", s[.fieldYourName], value: form["name"], problems: problems, autocomplete: "name"))
                \(FormField.input(page, "email", s[.fieldEmail], type: "email", value: form["email"], problems: problems, autocomplete: "email"))
                \(FormField.input(page, "password", s[.fieldPassword], type: "password", problems: problems, autocomplete: "new-password", hint: s[.passwordHint]))
                \(FormField.input(page, "password_again", s[.fieldPasswordAgain], type: "password", problems: problems, autocomplete: "new-password"))
                <button type="submit" class="primary">\(s[.setupSubmit])</button></form></section>
                """)
    }

    static func login(_ page: PageContext, email: String, next: String?, message: String?) -> HTML {
        let s = page.strings
        return Layout.page(
            page, title: s[.loginTitle],
            body: """
                <section class="card narrow"><h1>\(s[.loginTitle])</h1>
                \(message.map { "<p class=\"error\" role=\"alert\">\($0)</p>" as HTML })
                <form method="post" action="\(SiteURL.login())">\(Layout.csrfField(page))
                <input type="hidden" name="next" value="\(next ?? "")">
                \(FormField.input(page, "email", s[.fieldEmail], type: "email", value: email, problems: [], autocomplete: "username"))
                \(FormField.input(page, "password", s[.fieldPassword], type: "password", problems: [], autocomplete: "current-password"))
                <button type="submit" class="primary">\(s[.signIn])</button></form></section>
                """)
    }

    static func account(_ page: PageContext, user: User, problems: [FieldProblem], notice: TextKey?) -> HTML {
        let s = page.strings
        return Layout.page(
            page, title: s[.accountTitle], tab: .account,
            body: """
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
                \(FormField.input(page, "current_password", s[.fieldCurrentPassword], type: "password", problems: problems, autocomplete: "current-password"))
                \(FormField.input(page, "new_password", s[.fieldNewPassword], type: "password", problems: problems, autocomplete: "new-password", hint: s[.passwordHint]))
                \(FormField.input(page, "new_password_again", s[.fieldPasswordAgain], type: "password", problems: problems, autocomplete: "new-password"))
                <button type="submit" class="primary">\(s[.changePassword])</button></form></section>
                """)
    }
}
