import Foundation
import OtklikCore

extension SettingsPage {
    /// The touchpoints section: its list and its form.
    static func touchpoints(_ input: SettingsPage.Input) -> SettingsPage.Content {
        let s = input.s
        let snapshot = input.snapshot
        let editing = input.editing
        var content = SettingsPage.Content(canDelete: editing != nil)
        content.header = [s[.columnName], s[.fieldStage], s[.fieldDepth], s[.fieldChannel], s[.fieldOwner], s[.fieldLocation]]
        content.rows = snapshot.touchpoints.values.sorted { $0.id < $1.id }.map { touchpoint in
            input.row(
                touchpoint.id.rawValue,
                [
                    touchpoint.name, s.stage(touchpoint.stage), touchpoint.depth.map(s.depth) ?? "",
                    touchpoint.channelId.flatMap { snapshot.channels[$0].map { s.text($0.name) } } ?? "",
                    touchpoint.ownerId.flatMap { snapshot.employees[$0]?.name } ?? "",
                    touchpoint.locationId.flatMap { snapshot.locations[$0]?.name } ?? s[.everyLocation],
                ])
        }
        let current = editing.flatMap { snapshot.touchpoints[Identifier($0)] }
        content.fields = [
            SettingsField(name: "name", label: s[.columnName], control: .text(input.value("name", current?.name))),
            SettingsField(
                name: "stage", label: s[.fieldStage],
                control: .select(
                    JourneyStage.allCases.map { ($0.rawValue, s.stage($0)) },
                    selected: input.value("stage", current?.stage.rawValue ?? "use"), allowNone: false)),
            SettingsField(
                name: "depth", label: s[.fieldDepth],
                control: .select(
                    Touchpoint.Depth.allCases.map { ($0.rawValue, s.depth($0)) }, selected: input.value("depth", current?.depth?.rawValue),
                    allowNone: true)),
            SettingsField(
                name: "channel_id", label: s[.fieldChannel],
                control: .select(
                    input.channels, selected: input.value("channel_id", current?.channelId.map { String($0.rawValue) }), allowNone: true)),
            SettingsField(
                name: "owner_id", label: s[.fieldOwner],
                control: .select(
                    input.employees, selected: input.value("owner_id", current?.ownerId.map { String($0.rawValue) }), allowNone: true)),
            SettingsField(
                name: "location_id", label: s[.fieldLocation],
                control: .select(
                    input.locations, selected: input.value("location_id", current?.locationId.map { String($0.rawValue) }), allowNone: true)
            ),
        ]
        return content
    }
}
