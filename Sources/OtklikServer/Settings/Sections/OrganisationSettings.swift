import Foundation
import OtklikCore

extension SettingsPage {
    /// The organisation section: its list and its form.
    static func organisation(_ input: SettingsPage.Input) -> SettingsPage.Content {
        let s = input.s
        let snapshot = input.snapshot
        let editing = input.editing
        var content = SettingsPage.Content(canDelete: editing != nil)
        content.canDelete = false
        let organisation = snapshot.organisation
        content.fields = [
            SettingsField(name: "name", label: s[.setupOrganisation], control: .text(input.value("name", organisation.name))),
            SettingsField(
                name: "default_locale", label: s[.fieldDefaultLocale],
                control: .select(
                    [("ru", "Русский"), ("en", "English")], selected: input.value("default_locale", organisation.defaultLocale.rawValue),
                    allowNone: false)),
            SettingsField(
                name: "time_zone", label: s[.fieldTimeZone],
                control: .select(
                    SettingsPage.timeZoneChoices(keeping: organisation.timeZone), selected: input.value("time_zone", organisation.timeZone),
                    allowNone: false)),
        ]
        return content
    }
}
