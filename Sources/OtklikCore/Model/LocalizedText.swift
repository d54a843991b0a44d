/// Product text in the two languages Otklik speaks. Russian comes first; English may be empty, in which
/// case the Russian text is shown.
public struct LocalizedText: Hashable, Sendable, Codable {
    public var ru: String
    public var en: String

    public init(ru: String, en: String = "") {
        self.ru = ru
        self.en = en
    }

    /// Either language may be left out; an absent one is empty.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ru = try container.decodeIfPresent(String.self, forKey: .ru) ?? ""
        en = try container.decodeIfPresent(String.self, forKey: .en) ?? ""
    }

    private enum CodingKeys: String, CodingKey { case ru, en }

    public func text(for locale: Locale) -> String {
        switch locale {
        case .ru: return ru.isEmpty ? en : ru
        case .en: return en.isEmpty ? ru : en
        }
    }

    /// The languages of the product. Russian first.
    public enum Locale: String, Hashable, Sendable, Codable, CaseIterable {
        case ru, en
    }
}
