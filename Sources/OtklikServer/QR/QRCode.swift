import Foundation

/// A QR code symbol (ISO/IEC 18004, model 2), built in-process so survey links can be printed or
/// shown without a third-party image service or a C dependency.
///
/// The text is encoded as one byte-mode segment of its UTF-8 bytes; the smallest version (1–40)
/// that holds it at the requested correction level is chosen, and of the eight masks the one with
/// the lowest standard penalty score is applied.
public struct QRCode: Sendable {
    /// How much of the symbol may be damaged and still decode; higher levels cost capacity.
    public enum Correction: Sendable, CaseIterable {
        /// About 7 % of codewords recoverable.
        case low
        /// About 15 %; the usual choice for screens and paper.
        case medium
        /// About 25 %.
        case quartile
        /// About 30 %; for symbols that may be partly covered or worn.
        case high
    }

    /// Why a symbol could not be built.
    public enum Failure: Error, Sendable, Equatable {
        /// The UTF-8 bytes do not fit a version 40 symbol at the requested correction level.
        case tooLong
    }

    /// Version 1–40; the symbol is `17 + 4 × version` modules per side.
    public let version: Int
    /// The correction level the symbol was built with.
    public let correction: Correction
    /// Modules per side, without the quiet zone.
    public let size: Int
    /// Row-major, `true` for dark.
    private let modules: [Bool]

    /// Encodes `text` as UTF-8 bytes in the smallest version that fits.
    /// - Throws: `Failure.tooLong` when even version 40 is too small.
    public init(encoding text: String, correction: Correction = .medium) throws {
        let bytes = Array(text.utf8)
        guard let version = (1...40).first(where: { Self.fits(byteCount: bytes.count, version: $0, correction: correction) })
        else { throw Failure.tooLong }
        self.version = version
        self.correction = correction
        let codewords = Self.interleaved(
            Self.dataCodewords(bytes, version: version, correction: correction),
            version: version, correction: correction)
        var matrix = Matrix(version: version)
        matrix.placeFunctionPatterns()
        matrix.placeData(codewords)
        matrix.applyBestMask(correction: correction)
        size = matrix.size
        modules = matrix.modules
    }

    /// Whether the module at column `x`, row `y` is dark; coordinates outside the symbol are the
    /// (light) quiet zone, so renderers need no bounds checks of their own.
    public func isDark(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }

    /// A compact SVG: a white background and one path whose subpaths are horizontal runs of dark
    /// modules, which keeps the markup small and avoids hairline seams between adjacent squares.
    /// - Parameters:
    ///   - moduleSize: user units per module; the viewBox is `(size + 2 × quietZone) × moduleSize`.
    ///   - quietZone: light border in modules; the standard asks for 4.
    ///   - title: accessible name, emitted as `<title>` when given.
    public func svg(moduleSize: Int = 8, quietZone: Int = 4, title: String? = nil) -> String {
        let unit = max(1, moduleSize)
        let border = max(0, quietZone)
        let side = (size + 2 * border) * unit
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                let start = x
                while x < size, isDark(x: x, y: y) { x += 1 }
                let width = (x - start) * unit
                path += "M\((start + border) * unit) \((y + border) * unit)h\(width)v\(unit)h-\(width)z"
            }
        }
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" width=\"\(side)\" "
            + "height=\"\(side)\" role=\"img\" shape-rendering=\"crispEdges\">"
        if let title { svg += "<title>\(HTML.escaped(title))</title>" }
        svg += "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/><path fill=\"#000\" d=\"\(path)\"/></svg>"
        return svg
    }

    /// A black-on-white PNG with `moduleSize` pixels per module and a `quietZone`-module border.
    public func png(moduleSize: Int = 8, quietZone: Int = 4) -> [UInt8] {
        let unit = max(1, moduleSize)
        let border = max(0, quietZone)
        let side = (size + 2 * border) * unit
        let lightRow = [UInt8](repeating: 255, count: side)
        var pixels = [UInt8]()
        pixels.reserveCapacity(side * side)
        for _ in 0..<border * unit { pixels += lightRow }
        for y in 0..<size {
            // Each module row is `unit` identical pixel rows: build it once, then repeat it.
            var row = lightRow
            for x in 0..<size where isDark(x: x, y: y) {
                let start = (x + border) * unit
                row.replaceSubrange(start..<start + unit, with: repeatElement(0, count: unit))
            }
            for _ in 0..<unit { pixels += row }
        }
        for _ in 0..<border * unit { pixels += lightRow }
        return PNGWriter.greyscale(width: side, height: side, pixels: pixels)
    }
}

// MARK: - Capacity tables

extension QRCode.Correction {
    /// Row in the capacity tables.
    fileprivate var tableIndex: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .quartile: 2
        case .high: 3
        }
    }

    /// The two-bit level indicator in the format information; the standard's order is not L-M-Q-H.
    fileprivate var formatBits: Int {
        switch self {
        case .low: 1
        case .medium: 0
        case .quartile: 3
        case .high: 2
        }
    }
}

extension QRCode {
    /// Error-correction codewords per block, by level then version (index 0 unused); ISO 18004 table 9.
    private static let eccCodewordsPerBlock: [[Int]] = [
        [
            0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30,
            30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
        [
            0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
            28, 28, 28, 28, 28, 28, 28, 28, 28,
        ],
        [
            0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30,
            30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
        [
            0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30,
            30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
    ]

    /// Error-correction blocks, by level then version (index 0 unused); ISO 18004 table 9.
    private static let eccBlockCount: [[Int]] = [
        [
            0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21,
            22, 24, 25,
        ],
        [
            0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38,
            40, 43, 45, 47, 49,
        ],
        [
            0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51,
            53, 56, 59, 62, 65, 68,
        ],
        [
            0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60,
            63, 66, 70, 74, 77, 81,
        ],
    ]

    /// Modules left for codewords once function patterns and format/version areas are taken;
    /// derived in closed form instead of tabulated (it matches the standard's totals).
    private static func rawDataModules(version: Int) -> Int {
        var result = (16 * version + 128) * version + 64
        if version >= 2 {
            let alignments = version / 7 + 2
            result -= (25 * alignments - 10) * alignments - 55
            if version >= 7 { result -= 36 }
        }
        return result
    }

    private static func dataCodewordCount(version: Int, correction: Correction) -> Int {
        let level = correction.tableIndex
        return rawDataModules(version: version) / 8
            - eccCodewordsPerBlock[level][version] * eccBlockCount[level][version]
    }

    /// The byte-mode character count field is 8 bits up to version 9 and 16 bits after.
    private static func countBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    private static func fits(byteCount: Int, version: Int, correction: Correction) -> Bool {
        byteCount < 1 << countBits(version: version)
            && 4 + countBits(version: version) + 8 * byteCount <= 8 * dataCodewordCount(version: version, correction: correction)
    }

    // MARK: - Codewords

    /// Mode indicator, count, payload, terminator and the alternating pad bytes the standard prescribes.
    private static func dataCodewords(_ bytes: [UInt8], version: Int, correction: Correction) -> [UInt8] {
        let capacity = dataCodewordCount(version: version, correction: correction)
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: countBits(version: version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        bits.append(0, count: min(4, capacity * 8 - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var codewords = bits.bytes
        var pad: UInt8 = 0xEC
        while codewords.count < capacity {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// Splits the data into blocks (the later ones one codeword longer), appends each block's
    /// Reed–Solomon remainder, and interleaves column by column so a burst of damage is spread
    /// over many blocks.
    private static func interleaved(_ data: [UInt8], version: Int, correction: Correction) -> [UInt8] {
        let blockCount = eccBlockCount[correction.tableIndex][version]
        let eccLength = eccCodewordsPerBlock[correction.tableIndex][version]
        let shortDataLength = data.count / blockCount
        let longBlocks = data.count % blockCount
        let divisor = ReedSolomon.generator(degree: eccLength)
        var dataBlocks: [[UInt8]] = []
        var start = 0
        for index in 0..<blockCount {
            let length = shortDataLength + (index >= blockCount - longBlocks ? 1 : 0)
            dataBlocks.append(Array(data[start..<start + length]))
            start += length
        }
        let eccBlocks = dataBlocks.map { ReedSolomon.remainder(of: $0, divisor: divisor) }
        var result: [UInt8] = []
        result.reserveCapacity(rawDataModules(version: version) / 8)
        for column in 0...shortDataLength {
            for block in dataBlocks where column < block.count { result.append(block[column]) }
        }
        for column in 0..<eccLength {
            for block in eccBlocks { result.append(block[column]) }
        }
        return result
    }
}

// MARK: - Helpers

/// Most-significant-bit-first bit accumulator for the data stream.
private struct BitBuffer {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    mutating func append(_ value: Int, count length: Int) {
        for shift in stride(from: length - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if (value >> shift) & 1 == 1 { bytes[bytes.count - 1] |= UInt8(0x80 >> (count % 8)) }
            count += 1
        }
    }
}

/// Reed–Solomon over GF(2⁸) with the QR field polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D).
private enum ReedSolomon {
    /// `exp[i] = αⁱ`, doubled in length so products of two logs need no reduction modulo 255.
    static let exp: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 512)
        var value = 1
        for index in 0..<512 {
            table[index] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        return table
    }()

    static let log: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for index in 0..<255 { table[Int(exp[index])] = index }
        return table
    }()

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        a == 0 || b == 0 ? 0 : exp[log[Int(a)] + log[Int(b)]]
    }

    /// Coefficients of ∏(x − αⁱ) for i in 0..<degree, highest power first, leading 1 omitted.
    static func generator(degree: Int) -> [UInt8] {
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for index in 0..<degree {
                coefficients[index] = multiply(coefficients[index], root)
                if index + 1 < degree { coefficients[index] ^= coefficients[index + 1] }
            }
            root = multiply(root, 2)
        }
        return coefficients
    }

    /// The remainder of data·x^degree divided by the generator: the block's correction codewords.
    static func remainder(of data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for index in result.indices { result[index] ^= multiply(divisor[index], factor) }
        }
        return result
    }
}

/// The module grid while it is being built: which modules are function patterns (never masked,
/// never carrying data) is tracked alongside their colour.
private struct Matrix {
    let version: Int
    let size: Int
    var modules: [Bool]
    var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        modules = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
    }

    subscript(x: Int, y: Int) -> Bool {
        get { modules[y * size + x] }
        set { modules[y * size + x] = newValue }
    }

    mutating func setFunction(x: Int, y: Int, dark: Bool) {
        self[x, y] = dark
        isFunction[y * size + x] = true
    }

    /// Centre coordinates of alignment patterns: 6, then evenly spaced (even steps) ending at size − 7.
    var alignmentCentres: [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let step = (version * 8 + count * 3 + 5) / (count * 4 - 4) * 2
        return [6] + (0..<count - 1).map { size - 7 - $0 * step }.reversed()
    }

    mutating func placeFunctionPatterns() {
        for index in 0..<size {
            setFunction(x: 6, y: index, dark: index % 2 == 0)
            setFunction(x: index, y: 6, dark: index % 2 == 0)
        }
        for (x, y) in [(3, 3), (size - 4, 3), (3, size - 4)] { placeFinder(centreX: x, centreY: y) }
        let centres = alignmentCentres
        for (i, x) in centres.enumerated() {
            for (j, y) in centres.enumerated() {
                let last = centres.count - 1
                // Skip the three corners already occupied by finder patterns.
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 { setFunction(x: x + dx, y: y + dy, dark: max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        // Reserve the format areas now (real bits are written once the mask is known).
        placeFormat(correction: .medium, mask: 0)
        placeVersion()
    }

    /// A 7×7 finder with its one-module light separator, clipped at the symbol edge.
    private mutating func placeFinder(centreX: Int, centreY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let x = centreX + dx
                let y = centreY + dy
                guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                let distance = max(abs(dx), abs(dy))
                setFunction(x: x, y: y, dark: distance != 2 && distance != 4)
            }
        }
    }

    /// 15 format bits: level and mask protected by a (15,5) BCH code, XOR-ed with 0x5412 so they
    /// are never all light; written twice (around the top-left finder and split across the others).
    mutating func placeFormat(correction: QRCode.Correction, mask: Int) {
        let data = correction.formatBits << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        for index in 0...5 { setFunction(x: 8, y: index, dark: bit(index)) }
        setFunction(x: 8, y: 7, dark: bit(6))
        setFunction(x: 8, y: 8, dark: bit(7))
        setFunction(x: 7, y: 8, dark: bit(8))
        for index in 9..<15 { setFunction(x: 14 - index, y: 8, dark: bit(index)) }
        for index in 0..<8 { setFunction(x: size - 1 - index, y: 8, dark: bit(index)) }
        for index in 8..<15 { setFunction(x: 8, y: size - 15 + index, dark: bit(index)) }
        setFunction(x: 8, y: size - 8, dark: true)  // The "dark module", always set.
    }

    /// Versions 7 and up carry their number in two 6×3 blocks, protected by an (18,6) Golay code.
    private mutating func placeVersion() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = version << 12 | remainder
        for index in 0..<18 {
            let dark = (bits >> index) & 1 == 1
            let a = size - 11 + index % 3
            let b = index / 3
            setFunction(x: a, y: b, dark: dark)
            setFunction(x: b, y: a, dark: dark)
        }
    }

    /// Writes codeword bits in the standard zigzag: two-column strips from the right edge,
    /// alternately upwards and downwards, skipping the vertical timing column. Remainder bits stay light.
    mutating func placeData(_ codewords: [UInt8]) {
        var bitIndex = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in stride(from: right, through: right - 1, by: -1)
                where !isFunction[y * size + x] && bitIndex < codewords.count * 8 {
                    self[x, y] = (codewords[bitIndex >> 3] >> (7 - (bitIndex & 7))) & 1 == 1
                    bitIndex += 1
                }
            }
            right -= 2
        }
    }

    /// Whether mask `pattern` flips the module at column `x`, row `y` (ISO 18004 table 10).
    static func masks(_ pattern: Int, x: Int, y: Int) -> Bool {
        switch pattern {
        case 0: (x + y) % 2 == 0
        case 1: y % 2 == 0
        case 2: x % 3 == 0
        case 3: (x + y) % 3 == 0
        case 4: (x / 3 + y / 2) % 2 == 0
        case 5: x * y % 2 + x * y % 3 == 0
        case 6: (x * y % 2 + x * y % 3) % 2 == 0
        default: ((x + y) % 2 + x * y % 3) % 2 == 0
        }
    }

    /// XOR is its own inverse, so applying a mask twice restores the data.
    mutating func toggleMask(_ pattern: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] && Self.masks(pattern, x: x, y: y) {
                self[x, y].toggle()
            }
        }
    }

    /// Tries all eight masks with their format bits and keeps the one with the lowest penalty,
    /// which avoids patterns that confuse readers (false finders, large blocks, colour imbalance).
    mutating func applyBestMask(correction: QRCode.Correction) {
        var best = (mask: 0, penalty: Int.max)
        for mask in 0..<8 {
            toggleMask(mask)
            placeFormat(correction: correction, mask: mask)
            let score = penalty()
            if score < best.penalty { best = (mask, score) }
            toggleMask(mask)
        }
        toggleMask(best.mask)
        placeFormat(correction: correction, mask: best.mask)
    }

    /// The four penalty rules of ISO 18004 §7.8.3.
    func penalty() -> Int {
        var score = 0
        for horizontal in [true, false] {
            for line in 0..<size {
                var runColour = false
                var runLength = 0
                var window = 0
                for index in 0..<size {
                    let dark = horizontal ? self[index, line] : self[line, index]
                    // Rule 1: runs of five or more same-coloured modules.
                    if index > 0, dark == runColour {
                        runLength += 1
                        if runLength == 5 { score += 3 } else if runLength > 5 { score += 1 }
                    } else {
                        runColour = dark
                        runLength = 1
                    }
                    // Rule 3: the last 11 modules (dark = 1, oldest highest) look like a 1:1:3:1:1
                    // finder with four light modules on one side.
                    window = (window << 1 | (dark ? 1 : 0)) & 0x7FF
                    if index >= 10, window == 0b101_1101_0000 || window == 0b000_0101_1101 { score += 40 }
                }
            }
        }
        // Rule 2: each 2×2 block of one colour.
        for y in 0..<size - 1 {
            for x in 0..<size - 1 {
                let colour = self[x, y]
                if colour == self[x + 1, y], colour == self[x, y + 1], colour == self[x + 1, y + 1] { score += 3 }
            }
        }
        // Rule 4: 10 points for every full 5 % the dark share strays from 50 %.
        var dark = 0
        for module in modules where module { dark += 1 }
        let total = size * size
        score += (abs(dark * 20 - total * 10) + total - 1) / total * 10 - 10
        return score
    }
}
