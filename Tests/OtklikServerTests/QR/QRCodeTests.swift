import Foundation
import Testing

@testable import OtklikServer

/// The encoder is only as good as a real reader says: every symbol is written as PNG and decoded
/// by zbarimg, an independent implementation, so the tables, Reed–Solomon, masking and format bits
/// are all checked at once.
@Suite("QR code")
struct QRCodeTests {
    static let zbarimg = "/usr/bin/zbarimg"

    static let texts = [
        "https://otklik.example/s/abc",
        "http://127.0.0.1:8080/s/abc123?l=4&t=3&e=12&table=7",
        "https://otklik.example/s/" + String(repeating: "a1b2c3d4e5", count: 27) + "?l=4&t=3&e=12&table=7",
        "Оцените визит: https://otklik.example/s/abc — спасибо!",
    ]

    /// Writes `png` to a temporary file and returns what zbarimg reads from it. Fails (never skips)
    /// when zbarimg is missing, because then nothing here would prove the symbols are readable.
    static func decode(_ png: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(
            FileManager.default.isExecutableFile(atPath: zbarimg),
            "\(zbarimg) not found: install zbar-tools (apt-get install zbar-tools); scripts/test does this",
            sourceLocation: sourceLocation)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("otklik-qr-\(UUID().uuidString).png")
        try Data(png).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: zbarimg)
        // QR only: zbar's 1-D decoders occasionally "find" an Interleaved 2 of 5 code in the modules
        // of a large symbol and print it as a second line.
        process.arguments = ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice  // zbarimg chatters about D-Bus on stderr.
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(
            process.terminationStatus == 0, "zbarimg found no QR code (exit \(process.terminationStatus))",
            sourceLocation: sourceLocation)
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    @Test(arguments: texts, QRCode.Correction.allCases)
    func pngRoundTripsThroughZbar(text: String, correction: QRCode.Correction) throws {
        let code = try QRCode(encoding: text, correction: correction)
        #expect(try Self.decode(code.png()) == text, "version \(code.version)")
    }

    @Test func largeVersionsWithVersionInformationRoundTrip() throws {
        // Versions ≥ 7 carry version information blocks; 40 is the largest symbol there is.
        for (length, correction) in [(200, QRCode.Correction.medium), (1_000, .quartile), (2_953, .low)] {
            let text = String((0..<length).map { index in Array("abcdefghijklmnopqrstuvwxyz0123456789")[index * 7 % 36] })
            let code = try QRCode(encoding: text, correction: correction)
            #expect(code.version >= 7)
            #expect(try Self.decode(code.png(moduleSize: 3)) == text, "version \(code.version)")
        }
    }

    @Test func pngHasSignatureAndExpectedDimensions() throws {
        let code = try QRCode(encoding: "HELLO")
        let png = code.png(moduleSize: 5, quietZone: 2)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(Array(png[12..<16]) == Array("IHDR".utf8))
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == (code.size + 4) * 5)
        #expect(Array(png.suffix(8).prefix(4)) == Array("IEND".utf8))
    }

    @Test func versionGrowsWithLength() throws {
        let hello = try QRCode(encoding: "HELLO", correction: .medium)
        #expect(hello.size == 21)
        #expect(hello.version == 1)
        // 14 bytes is the byte-mode capacity of version 1-M; one more needs version 2.
        #expect(try QRCode(encoding: String(repeating: "a", count: 14)).version == 1)
        #expect(try QRCode(encoding: String(repeating: "a", count: 15)).version == 2)
        var previous = 0
        for length in stride(from: 1, through: 2_000, by: 37) {
            let code = try QRCode(encoding: String(repeating: "a", count: length))
            #expect(code.size == 17 + 4 * code.version)
            #expect(code.version >= previous)
            previous = code.version
        }
        #expect(previous > 30)
    }

    @Test func tooLongTextThrows() throws {
        #expect(throws: QRCode.Failure.tooLong) { try QRCode(encoding: String(repeating: "a", count: 5_000)) }
        // 1 273 bytes is exactly version 40-H.
        #expect(try QRCode(encoding: String(repeating: "a", count: 1_273), correction: .high).version == 40)
        #expect(throws: QRCode.Failure.tooLong) {
            try QRCode(encoding: String(repeating: "a", count: 1_274), correction: .high)
        }
    }

    @Test func svgHasViewBoxTitleAndOnePath() throws {
        let code = try QRCode(encoding: "https://otklik.example/s/abc")
        let side = (code.size + 2 * 4) * 8
        let svg = code.svg(title: "Rate us & <win> \"now\" 'ok'")
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.hasSuffix("</svg>"))
        #expect(svg.contains("viewBox=\"0 0 \(side) \(side)\""))
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("<title>Rate us &amp; &lt;win&gt; &quot;now&quot; &#39;ok&#39;</title>"))
        #expect(svg.components(separatedBy: "<path").count == 2)

        let small = code.svg(moduleSize: 2, quietZone: 1)
        #expect(small.contains("viewBox=\"0 0 \((code.size + 2) * 2) \((code.size + 2) * 2)\""))
        #expect(!small.contains("<title>"))
    }

    @Test func finderCornersAreDarkAndOutsideIsLight() throws {
        let code = try QRCode(encoding: "HELLO")
        let last = code.size - 1
        #expect(code.isDark(x: 0, y: 0) && code.isDark(x: last, y: 0) && code.isDark(x: 0, y: last))
        // Top-left finder: dark ring, light ring, dark 3×3 centre, then the light separator.
        #expect(!code.isDark(x: 1, y: 1) && code.isDark(x: 2, y: 2) && code.isDark(x: 3, y: 3) && !code.isDark(x: 7, y: 7))
        #expect(!code.isDark(x: -1, y: 0) && !code.isDark(x: 0, y: code.size))
    }
}
