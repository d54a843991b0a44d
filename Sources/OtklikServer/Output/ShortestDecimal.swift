/// The shortest decimal text that reads back as the same `Double` — the standard library's `description`,
/// digit for digit — for the numbers answers are mostly made of (0.001 ≤ x < 10¹⁵, not whole), in about
/// half the time of the standard library's printer (~70 ns a number, most of a large answer's time).
///
/// Exact, with 128-bit integers and no tables beyond the powers of ten: the number x = m·2ᵉ and the
/// halfway points to its neighbours, x ± 2ᵉ⁻¹, are scaled by 10ᵏ so that x has 18 or 19 digits before the
/// point. Every integer strictly between the scaled halfway points reads back as x. Trailing digits are
/// dropped while that interval still holds an integer — the fewest digits — and the one closest to x is
/// kept, rounding halfway to even. In this range two general cases cannot occur, so they are not handled: a
/// halfway point is never an integer at this scale (that needs 2^(shift−1) to divide 10ᵏ, so e ≥ 0), and the
/// nearer lower neighbour of a power of two never matters (those have at most ten decimals, far more than
/// 2ᵉ⁻² from any shorter decimal).
enum ShortestDecimal {
    /// 10⁰ … 10²¹ (k ≤ 21 for x ≥ 0.001).
    private static let powersOfTen: [UInt128] = (0...21).map { k in
        (0..<k).reduce(UInt128(1)) { power, _ in power * 10 }
    }
    /// "00", "01", … "99" as ASCII (also `RawBytes.unsigned`'s). A literal, read where it lies: an array in a
    /// `static let` is reached through `swift_once` at every use, several times a group (1.6% of the CPU of
    /// a 10,000-group answer in-process, `perf`; too little to see through HTTP).
    static var digitPairs: UnsafePointer<UInt8> {
        let pairs: StaticString =
            "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"
        return pairs.utf8Start
    }

    /// Writes the text of `value` into `buffer` (21 bytes at most: "0.00" and 17 digits) and returns its
    /// length, or returns nil when `value` is outside 0.001 ≤ x < 10¹⁵ or whole (printed another way).
    static func write(_ value: Double, into buffer: UnsafeMutablePointer<UInt8>) -> Int? {
        guard value >= 0.001 && value < 1e15 else { return nil }
        let bits = value.bitPattern
        let m = bits & (1 << 52 - 1) | 1 << 52  // value = m · 2^(e2 − 52)
        let e2 = Int(bits >> 52) - 1023  // −10 … 49 here
        let e10 = (e2 * 78913) >> 18  // ⌊e2 · log₁₀2⌋: value ≥ 10^e10
        let k = 17 - e10  // value · 10ᵏ has 18 or 19 digits before the point
        let shift = UInt64(2 - (e2 - 52))  // 5 … 64: the scaled numbers below are in units of 2^-shift
        let power = powersOfTen.withUnsafeBufferPointer { $0[k] }
        // 4m · 10ᵏ < 2⁵⁵ · 2⁷⁰; the halfway points are 2 · 10ᵏ away.
        let exact = UInt128(m << 2) &* power
        let (low, high) = (exact &- power &<< 1, exact &+ power &<< 1)
        let mask = UInt128(1) &<< shift &- 1
        // The integers a … b read back as value.
        var a = UInt64(truncatingIfNeeded: low &>> shift) &+ 1
        var b = UInt64(truncatingIfNeeded: high &>> shift)
        let rest = exact & mask
        // Drop trailing digits while a … b still holds a number with fewer; `kept` follows the exact value, with
        // its first dropped digit and whether any later one (or the binary fraction) is not zero, to round.
        var (dropped, kept, firstDropped, laterDropped) = (0, UInt64(truncatingIfNeeded: exact &>> shift), UInt64(0), rest != 0)
        while true {
            let (a10, b10) = ((a &+ 9) / 10, b / 10)
            if a10 > b10 { break }
            (a, b) = (a10, b10)
            laterDropped = laterDropped || firstDropped != 0
            firstDropped = kept % 10
            kept /= 10
            dropped &+= 1
        }
        // One integer left: it. Several: the nearest to the exact value, which lies in the middle of an interval
        // at least one wide, so the nearest is inside it.
        var digits = a
        if a != b {
            digits = kept
            if dropped == 0 {
                let half = UInt128(1) &<< (shift &- 1)
                if rest > half || (rest == half && kept & 1 == 1) { digits &+= 1 }
            } else if firstDropped > 5 || (firstDropped == 5 && (laterDropped || kept & 1 == 1)) {
                digits &+= 1
            }
        }
        return text(digits, exponent: dropped &- k, into: buffer)
    }

    /// Writes digits · 10^exponent as fixed-point text ("123.45", "0.0012"); nil when that is whole.
    @inline(__always)
    private static func text(_ digits: UInt64, exponent: Int, into buffer: UnsafeMutablePointer<UInt8>) -> Int? {
        // Three groups of eight digits (digits < 2·10¹⁸), each split into halves and pairs so that the
        // divisions do not wait on one another; then the leading zeros are skipped.
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        return withUnsafeMutableBytes(of: &scratch) { raw -> Int? in
            let all = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let (high, low) = (digits / 100_000_000, digits % 100_000_000)
            let pairs = digitPairs
            eight(UInt32(truncatingIfNeeded: high / 100_000_000), at: all, pairs)
            eight(UInt32(truncatingIfNeeded: high % 100_000_000), at: all + 8, pairs)
            eight(UInt32(truncatingIfNeeded: low), at: all + 16, pairs)
            var first = 0
            while first < 23 && all[first] == 48 { first &+= 1 }
            let count = 24 &- first
            let significant = all + first
            let point = count &+ exponent  // digits before the decimal point
            guard point < count else { return nil }
            if point <= 0 {
                buffer[0] = 48
                buffer[1] = 46
                for z in 0 ..< -point { buffer[2 &+ z] = 48 }
                (buffer + (2 &- point)).update(from: significant, count: count)
                return 2 &- point &+ count
            }
            buffer.update(from: significant, count: point)
            buffer[point] = 46
            (buffer + (point &+ 1)).update(from: significant + point, count: count &- point)
            return count &+ 1
        }
    }

    /// `value` (< 10⁸) as eight digits with leading zeros.
    @inline(__always)
    private static func eight(_ value: UInt32, at text: UnsafeMutablePointer<UInt8>, _ pairs: UnsafePointer<UInt8>) {
        let (high, low) = (value / 10_000, value % 10_000)
        func pair(_ pair: UInt32, at text: UnsafeMutablePointer<UInt8>) {
            text[0] = pairs[Int(pair) &* 2]
            text[1] = pairs[Int(pair) &* 2 &+ 1]
        }
        pair(high / 100, at: text)
        pair(high % 100, at: text + 2)
        pair(low / 100, at: text + 4)
        pair(low % 100, at: text + 6)
    }
}
