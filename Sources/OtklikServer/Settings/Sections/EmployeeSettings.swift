import Foundation
import OtklikCore

extension SettingsPage {
    /// The employees section: its list and its form.
    static func employees(_ input: SettingsPage.Input) -> SettingsPage.Content {
        let s = input.s
        let snapshot = input.snapshot
        let form = input.form
        let editing = input.editing
        var content = SettingsPage.Content(canDelete: editing != nil)
        content.header = [s[.columnName], s[.fieldPosition], s[.fieldLocation], s[.fieldActive]]
        content.rows = snapshot.employees.values.sorted { $0.id < $1.id }.map { employee in
            input.row(
                employee.id.rawValue,
                [
                    employee.name, employee.position ?? "",
                    employee.locationId.flatMap { snapshot.locations[$0]?.name } ?? "", employee.active ? "✓" : "—",
                ])
        }
        let current = editing.flatMap { snapshot.employees[Identifier($0)] }
        content.fields = [
            SettingsField(name: "name", label: s[.columnName], control: .text(input.value("name", current?.name))),
            SettingsField(name: "position", label: s[.fieldPosition], control: .text(input.value("position", current?.position))),
            SettingsField(
                name: "location_id", label: s[.fieldLocation],
                control: .select(
                    input.locations, selected: input.value("location_id", current?.locationId.map { String($0.rawValue) }), allowNone: true)
            ),
            SettingsField(
                name: "active", label: s[.fieldActive], control: .checkbox(form.map { $0.has("active") } ?? (current?.active ?? true))),
        ]
        return content
    }
}
