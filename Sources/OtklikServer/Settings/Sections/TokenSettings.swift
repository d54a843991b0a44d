import Foundation
import OtklikCore

extension SettingsPage {
    /// The tokens section: its list and its form.
    static func tokens(_ input: SettingsPage.Input) -> SettingsPage.Content {
        let s = input.s
        let page = input.page
        let editing = input.editing
        var content = SettingsPage.Content(canDelete: editing != nil)
        content.header = [s[.columnName], s[.fieldScopes], s[.columnCreated], s[.surveysColumnStatus]]
        content.rows = input.tokens.map { token in
            let state = token.revokedAt == nil ? s[.tokenActive] : s[.tokenRevoked]
            let revoke: HTML =
                token.revokedAt == nil
                ? """
                <form method="post" action="\(SiteURL.settingsItem(.tokens, id: token.id.rawValue))" class="inline">\(Layout.csrfField(page))
                <button type="submit" name="action" value="delete" class="danger">\(s[.tokenRevoke])</button></form>
                """ : .empty
            return """
                <tr><td>\(token.name) <code>\(token.prefix)…</code></td><td>\(token.scopes.map(\.rawValue).sorted().joined(separator: ", "))</td>
                <td>\(s.dateTime(token.createdAt, timeZone: page.timeZone))</td><td>\(state) \(revoke)</td></tr>
                """
        }
        content.fields = [
            SettingsField(name: "name", label: s[.fieldTokenName], control: .text(input.value("name", nil))),
            SettingsField(
                name: "scopes", label: s[.fieldScopes],
                control: .checkboxes(
                    [("ingest", s[.scopeIngest]), ("read", s[.scopeRead]), ("admin", s[.scopeAdmin])],
                    selected: input.values("scopes", ["read"]))),
        ]
        content.canDelete = false
        return content
    }
}
