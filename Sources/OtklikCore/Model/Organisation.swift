/// Settings of the one organisation an Otklik installation serves.
public struct Organisation: Hashable, Sendable, Codable {
    public var name: String
    public var defaultLocale: LocalizedText.Locale
    /// IANA identifier (e.g. "Europe/Moscow"). Days, weeks, months and quarters are counted in this zone.
    public var timeZone: String

    public init(name: String, defaultLocale: LocalizedText.Locale = .ru, timeZone: String = "Europe/Moscow") {
        self.name = name
        self.defaultLocale = defaultLocale
        self.timeZone = timeZone
    }
}
