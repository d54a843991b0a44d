/// An enumeration read from text that, given a text it does not know, says which texts it knows (the
/// standard decoding says only "Cannot initialize Source from invalid String value"). A client reading
/// `source: "" is not one of api, web, …` can fix its request without the documentation.
public protocol ClosedSetDecodable: RawRepresentable, CaseIterable, Decodable where RawValue == String {}

extension ClosedSetDecodable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(text)\" is not one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = value
    }
}

// The enumerations a client sends in API bodies and imports.
extension Response.Source: ClosedSetDecodable {}
extension Location.Kind: ClosedSetDecodable {}
extension JourneyStage: ClosedSetDecodable {}
extension Survey.Status: ClosedSetDecodable {}
extension Question.Kind: ClosedSetDecodable {}
extension CSATScale.Convention: ClosedSetDecodable {}
extension LocalizedText.Locale: ClosedSetDecodable {}
