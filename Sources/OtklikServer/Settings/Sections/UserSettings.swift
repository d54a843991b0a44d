import Foundation
import OtklikCore

extension SettingsPage {
    /// The users section: its list and its form.
    static func users(_ input: SettingsPage.Input) throws -> SettingsPage.Content {
        let s = input.s
        let page = input.page
        let editing = input.editing
        var content = SettingsPage.Content(canDelete: editing != nil)
        content.header = [s[.fieldEmail], s[.fieldName], s[.fieldRole]]
        let users = input.users
        content.rows = users.map { user in
            var role = s.role(user.role)
            if let until = user.lockedUntil, until > Date() {
                role += " · \(s[.lockedUntil]) \(s.dateTime(until, timeZone: page.timeZone))"
            }
            return input.row(user.id.rawValue, [user.email, user.name, role])
        }
        let current = editing.flatMap { id in users.first { $0.id.rawValue == id } }
        if editing != nil && current == nil { throw WebError.notFound }
        content.fields = [
            current == nil
                ? SettingsField(name: "email", label: s[.fieldEmail], control: .text(input.value("email", nil), type: "email")) : nil,
            SettingsField(name: "name", label: s[.fieldName], control: .text(input.value("name", current?.name))),
            SettingsField(
                name: "role", label: s[.fieldRole],
                control: .select(
                    Role.allCases.map { ($0.rawValue, s.role($0)) }, selected: input.value("role", current?.role.rawValue ?? "analyst"),
                    allowNone: false)),
            SettingsField(
                name: "employee_id", label: s[.fieldEmployee],
                control: .select(
                    input.employees, selected: input.value("employee_id", current?.employeeId.map { String($0.rawValue) }), allowNone: true)
            ),
            SettingsField(
                name: "location_ids", label: s[.fieldLocations],
                control: .multiSelect(
                    input.locations, selected: input.values("location_ids", current?.locationIds.map { String($0.rawValue) } ?? []))),
            SettingsField(
                name: "password", label: current == nil ? s[.fieldPassword] : s[.fieldNewPasswordOptional],
                control: .text("", type: "password")),
        ].compactMap { $0 }
        content.canDelete = current != nil && current?.id != input.signedIn.user.id
        return content
    }
}
