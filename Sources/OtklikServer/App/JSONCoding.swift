import Foundation

/// The one JSON convention of the API, imports and exports: snake_case keys, dates as RFC 3339 strings
/// (fractional seconds and any offset accepted) or Unix seconds on input, RFC 3339 UTC on output.
public enum JSONCoding {
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            if let seconds = try? container.decode(Double.self) {
                guard seconds.isFinite, abs(seconds) < 32_503_680_000 else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "Unix time out of range")
                }
                return Date(timeIntervalSince1970: seconds)
            }
            let text = try container.decode(String.self)
            guard let date = parseDate(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected an RFC 3339 date-time such as 2025-03-07T14:30:00+03:00")
            }
            return date
        }
        return decoder
    }

    public static func makeEncoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(formatDate(date))
        }
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Parses RFC 3339 ("2025-03-07T14:30:00Z", "2025-03-07T14:30:00.123+03:00") or a bare date
    /// ("2025-03-07", taken as UTC midnight).
    public static func parseDate(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: false)) {
            return date
        }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date
        }
        if text.count == 10, let date = try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day()) {
            return date
        }
        return nil
    }

    /// RFC 3339 in UTC with seconds precision, e.g. "2025-03-07T11:30:00Z".
    public static func formatDate(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
