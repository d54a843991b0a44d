import Foundation
import OtklikCore

extension SettingsPage {
    /// The locations section: its list and its form.
    static func locations(_ input: SettingsPage.Input) -> SettingsPage.Content {
        let s = input.s
        let snapshot = input.snapshot
        let editing = input.editing
        var content = SettingsPage.Content(canDelete: editing != nil)
        content.header = [s[.columnName], s[.fieldKind], s[.fieldParent], s[.fieldAddress]]
        content.rows = snapshot.locations.values.sorted { $0.id < $1.id }.map { location in
            input.row(
                location.id.rawValue,
                [
                    location.name, s.locationKind(location.kind),
                    location.parentId.flatMap { snapshot.locations[$0]?.name } ?? "", location.address ?? "",
                ])
        }
        let current = editing.flatMap { snapshot.locations[Identifier($0)] }
        content.fields = [
            SettingsField(name: "name", label: s[.columnName], control: .text(input.value("name", current?.name))),
            SettingsField(
                name: "kind", label: s[.fieldKind],
                control: .select(
                    Location.Kind.allCases.map { ($0.rawValue, s.locationKind($0)) },
                    selected: input.value("kind", current?.kind.rawValue ?? "branch"), allowNone: false)),
            SettingsField(
                name: "parent_id", label: s[.fieldParent],
                control: .select(
                    input.locations.filter { $0.0 != editing.map(String.init) },
                    selected: input.value("parent_id", current?.parentId.map { String($0.rawValue) }), allowNone: true)),
            SettingsField(name: "address", label: s[.fieldAddress], control: .text(input.value("address", current?.address))),
        ]
        return content
    }
}
