import Foundation
import OtklikCore
import Testing

@testable import OtklikServer

/// A file is read in segments of whole records, twice, in bounded memory: whatever the segment size —
/// down to a few bytes, so that segment ends fall inside quoted line breaks, doubled quotes and Cyrillic
/// letters — and whether a segment is read whole or as two halves at once, the rows, their lines and the
/// problems are those of reading the file in one piece.
@Suite("Imports read in segments")
struct SegmentedImportTests {
    static let cells = ["", "просто", "с, запятой", "с \"кавычками\"", "две\nстроки", "три\r\nстроки\nтут", "é😀", " пробел "]

    static func randomCSV(rows: Int, random: inout SystemRandomNumberGenerator) -> String {
        var text = "survey_id,answers.nps,comment,order_id\r\n"
        for i in 0..<rows {
            let comment = cells.randomElement(using: &random)!
            let quoted =
                // By scalars: as Characters, "\r\n" is one, and a lone "\n" would not be found (the cell left unquoted).
                comment.unicodeScalars.contains(where: { ",\"\r\n".unicodeScalars.contains($0) })
                ? "\"" + comment.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : comment
            let nps = Int.random(in: -1...11, using: &random)  // -1 and 11 are refused by the survey, not by the reader
            // Now and then a row the reader refuses: a survey that is not an id, a field too many.
            let survey = Int.random(in: 0..<8, using: &random) == 0 ? "x" : "1"
            let extra = Int.random(in: 0..<12, using: &random) == 0 ? ",more" : ""
            text += "\(survey),\(nps),\(quoted),o\(i)\(extra)" + (Bool.random(using: &random) ? "\r\n" : "\n")
        }
        return text
    }

    static func rows(
        _ bytes: [UInt8], encoding: TextEncoding, segmentSize: Int, longestRecord: Int = 64 << 20, halves: Bool = false,
        format: String? = nil
    ) throws
        -> (rows: [String], problems: [String])
    {
        var file = try FileImport(
            ImportSource(.bytes(bytes), encoding: encoding, segmentSize: segmentSize, longestRecord: longestRecord),
            fileName: "a.csv", format: format, mapping: [], defaultSurvey: nil, timeZone: TimeZone(identifier: "UTC")!)
        if halves { file.halvesFrom = 0 }
        var rows: [String] = []
        let reading = try file.forEachRow { row in
            rows.append("\(row.line)|\(row.submission.comment ?? "-")|\(row.submission.orderId ?? "")|\(row.submission.answers)")
        }
        return (rows, reading.problems.map(\.description))
    }

    @Test func anySegmentSizeReadsTheSameRows() throws {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let bytes = Array(Self.randomCSV(rows: Int.random(in: 1...60, using: &random), random: &random).utf8)
            let whole = try Self.rows(bytes, encoding: .utf8, segmentSize: 1 << 20)
            #expect(
                !whole.rows.isEmpty || !whole.problems.isEmpty,
                "\(String(decoding: bytes, as: UTF8.self).debugDescription) \(whole.problems)")
            for size in [1, 2, 3, 7, 64, Int.random(in: 4...300, using: &random), 1 << 20] {
                for halves in [false, true] {
                    let pieces = try Self.rows(bytes, encoding: .auto, segmentSize: size, halves: halves)
                    #expect(pieces.rows == whole.rows, "segment size \(size), halves \(halves)")
                    #expect(pieces.problems == whole.problems)
                }
            }
        }
    }

    @Test func ndjsonReadsTheSameRowsInAnySegmentsAndHalves() throws {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<10 {
            var text = ""
            for i in 0..<Int.random(in: 1...60, using: &random) {
                switch Int.random(in: 0..<10, using: &random) {
                case 0: text += "{\"survey_id\": 1, \"answers\": {\"nps\": \n"  // broken: a problem with its line
                case 1: text += "\n"
                default:
                    let comment = Self.cells.randomElement(using: &random)!
                    let json = String(decoding: try JSONEncoder().encode(comment), as: UTF8.self)
                    text += "{\"survey_id\":1,\"answers\":{\"nps\":\(i % 11)},\"comment\":\(json),\"order_id\":\"o\(i)\"}\n"
                }
            }
            let bytes = Array(text.utf8)
            let whole = try Self.rows(bytes, encoding: .utf8, segmentSize: 1 << 20, format: "ndjson")
            for size in [1, 5, 64, Int.random(in: 4...300, using: &random), 1 << 20] {
                let pieces = try Self.rows(bytes, encoding: .utf8, segmentSize: size, halves: true, format: "ndjson")
                #expect(pieces.rows == whole.rows, "segment size \(size)")
                #expect(pieces.problems == whole.problems)
            }
        }
    }

    @Test func windows1251IsDetectedAcrossSegments() throws {
        // "Очередь" in Windows-1251, after a long ASCII start: the first segments alone look like UTF-8.
        let ascii = Array("survey_id,answers.nps,comment\n".utf8) + Array(repeating: Array("1,9,ok\n".utf8), count: 200).flatMap { $0 }
        let cp1251: [UInt8] = Array("1,3,".utf8) + [0xCE, 0xF7, 0xE5, 0xF0, 0xE5, 0xE4, 0xFC] + [0x0A]
        let result = try Self.rows(ascii + cp1251, encoding: .auto, segmentSize: 16)
        #expect(result.rows.count == 201)
        #expect(result.rows.last?.contains("Очередь") == true)
        // Told it is UTF-8, the reader names the line that is not.
        #expect(throws: TextEncoding.Failure.self) { try Self.rows(ascii + cp1251, encoding: .utf8, segmentSize: 16) }
    }

    @Test func aQuoteNeverClosedIsFoundWithItsLine() throws {
        let text = "survey_id,answers.nps,comment\n1,9,fine\n1,9,\"never closed\n1,9,more\n" + String(repeating: "1,9,x\n", count: 50)
        for size in [8, 1 << 20] {
            for halves in [false, true] {
                let result = try Self.rows(Array(text.utf8), encoding: .utf8, segmentSize: size, longestRecord: 64, halves: halves)
                #expect(result.rows.count == 1, "the rows before the broken one are read")
                #expect(result.problems.first?.hasPrefix("line 3") == true, "\(result.problems)")
                #expect(result.problems.first?.contains("never closed") == true)
            }
        }
    }

    @Test func aFileOnDiskIsReadInPiecesAndBOMIsDropped() throws {
        var random = SystemRandomNumberGenerator()
        let text = Self.randomCSV(rows: 500, random: &random)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("segmented-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data([0xEF, 0xBB, 0xBF] + Array(text.utf8)).write(to: url)
        let source = try ImportSource(.file(path: url.path), encoding: .auto, segmentSize: 333)
        #expect(source.encoding == .utf8)
        let file = try FileImport(
            source, fileName: "a.csv", format: nil, mapping: [], defaultSurvey: nil, timeZone: TimeZone(identifier: "UTC")!)
        var lines: [Int] = []
        _ = try file.forEachRow { lines.append($0.line) }
        let whole = try Self.rows(Array(text.utf8), encoding: .utf8, segmentSize: 1 << 20)
        #expect(lines == whole.rows.map { Int($0.split(separator: "|")[0])! })
    }
}
