/// Money is a whole number of minor units (kopecks, pence) in an `Int64`: sums are exact, and a purchase and
/// its cancellation net to exactly zero — binary floating point promises neither.
public enum Money {
    /// Digits of the minor unit: 2 for every currency the product serves (RUB, GBP, EUR, USD).
    public static let minorDigits = 2

    /// A decimal number as written in a file: `mantissa × 10^−scale` ("6.95" is 695 and 2).
    public struct ExactDecimal: Hashable, Sendable {
        public var mantissa: Int64
        public var scale: Int

        public init(mantissa: Int64, scale: Int) {
            self.mantissa = mantissa
            self.scale = scale
        }

        /// Reads "12", "-6.95", "0,5" (a decimal comma, as Russian spreadsheets write it), "+3."; spaces (also
        /// no-break) between digit groups are allowed. Nil for anything else, and beyond 18 digits.
        public init?(_ text: Substring) {
            var mantissa: Int64 = 0
            var scale = 0
            var digits = 0
            var negative = false
            var seenPoint = false
            var index = text.unicodeScalars.startIndex
            let scalars = text.unicodeScalars
            while index < scalars.endIndex, scalars[index] == " " { index = scalars.index(after: index) }
            if index < scalars.endIndex, scalars[index] == "-" || scalars[index] == "+" {
                negative = scalars[index] == "-"
                index = scalars.index(after: index)
            }
            for scalar in scalars[index...] {
                switch scalar {
                case "0"..."9":
                    digits += 1
                    guard digits <= 18 else { return nil }
                    mantissa = mantissa * 10 + Int64(scalar.value - 48)
                    if seenPoint { scale += 1 }
                case ".", ",":
                    guard !seenPoint else { return nil }
                    seenPoint = true
                case " ", "\u{00A0}", "\u{202F}":
                    guard !seenPoint else { return nil }
                default: return nil
                }
            }
            guard digits > 0 else { return nil }
            self.mantissa = negative ? -mantissa : mantissa
            self.scale = scale
        }

        /// `self × other`, exactly; nil when it does not fit.
        public func multiplied(by other: ExactDecimal) -> ExactDecimal? {
            let (product, overflow) = mantissa.multipliedReportingOverflow(by: other.mantissa)
            guard !overflow, scale + other.scale <= 36 else { return nil }
            return ExactDecimal(mantissa: product, scale: scale + other.scale)
        }

        /// In minor units, rounded half away from zero (so −x rounds to −(x rounded): a cancellation still nets
        /// its purchase to zero); `exact` is false when something was rounded off. Nil when it does not fit.
        public var minorUnits: (value: Int64, exact: Bool)? {
            if scale <= Money.minorDigits {
                var value = mantissa
                for _ in scale..<Money.minorDigits {
                    let (next, overflow) = value.multipliedReportingOverflow(by: 10)
                    if overflow { return nil }
                    value = next
                }
                return (value, true)
            }
            var divisor: Int64 = 1
            for _ in Money.minorDigits..<scale {
                let (next, overflow) = divisor.multipliedReportingOverflow(by: 10)
                if overflow {
                    // The divisor is 10¹⁹ or more and |mantissa| < 9.3 × 10¹⁸: under one minor unit, which rounds
                    // to ±1 only from half of 10¹⁹ (that is, at 10¹⁹ exactly, and never beyond).
                    let roundsAway = scale - Money.minorDigits == 19 && mantissa.magnitude >= 5_000_000_000_000_000_000
                    return (roundsAway ? (mantissa < 0 ? -1 : 1) : 0, mantissa == 0)
                }
                divisor = next
            }
            let quotient = mantissa / divisor
            let remainder = mantissa % divisor
            let roundsAway = remainder.magnitude * 2 >= divisor.magnitude
            let value = roundsAway ? quotient + (mantissa < 0 ? -1 : 1) : quotient
            return (value, remainder == 0)
        }
    }

    /// `a × b / c` rounded half away from zero, without overflow for amounts of money (c > 0).
    public static func scaled(_ a: Int64, by b: Int64, over c: Int64) -> Int64 {
        let product = a.multipliedFullWidth(by: b)
        let (quotient, remainder) = c.dividingFullWidth(product)
        let roundsAway = remainder.magnitude * 2 >= c.magnitude
        return roundsAway && remainder != 0 ? quotient + ((a < 0) != (b < 0) ? -1 : 1) : quotient
    }

    /// "1234.50", "-0.07": the amount in major units with the minor digits, for files and the API.
    public static func plainText(_ minor: Int64) -> String {
        let sign = minor < 0 ? "-" : ""
        let magnitude = minor.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
