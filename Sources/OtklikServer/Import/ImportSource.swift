import Foundation

/// The bytes of a file to import, handed out in segments of whole records (about 8 MB each), as UTF-8:
/// a file of any size is read in bounded memory, and as many times as the import needs (once to check,
/// once to write). A segment ends after a line break outside quotes, so no record — and no UTF-8
/// character — is ever split between two.
public struct ImportSource: Sendable {
    public enum Origin: Sendable {
        case file(path: String)
        /// Bytes already in memory (an upload, a test).
        case bytes([UInt8])
    }

    public let origin: Origin
    /// The encoding the bytes are read as: `utf8` or `cp1251`, never `auto` (settled when opened).
    public let encoding: TextEncoding
    /// Bytes in all, for progress.
    public let size: Int

    /// Bytes read at a time (tests make it tiny to put segment ends everywhere).
    let segmentSize: Int
    /// A record longer than this has a quote that is never closed, or the file is not text.
    let longestRecord: Int

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Opens a file or bytes; with `auto`, reads it through once to tell UTF-8 from Windows-1251 (a
    /// UTF-8 file that breaks UTF-8 halfway would otherwise be half imported as something else).
    public init(_ origin: Origin, encoding: TextEncoding, segmentSize: Int = 8 << 20, longestRecord: Int = 64 << 20) throws {
        self.origin = origin
        self.segmentSize = segmentSize
        self.longestRecord = longestRecord
        switch origin {
        case .file(let path):
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let size = attributes[.size] as? Int, FileManager.default.isReadableFile(atPath: path)
            else { throw Failure(description: "\(path): cannot read the file") }
            self.size = size
        case .bytes(let bytes): size = bytes.count
        }
        self.encoding = encoding == .auto ? try Self.detectEncoding(origin, segmentSize: segmentSize) : encoding
    }

    /// A gzip file's bytes, decompressed by the system's gzip (always there on a server; no zlib binding to keep).
    public static func gunzip(_ path: String) throws -> [UInt8] {
        guard FileManager.default.isReadableFile(atPath: path) else { throw Failure(description: "\(path): cannot read the file") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", "--", path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let bytes = [UInt8](output.fileHandleForReading.readDataToEndOfFile())
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(path): not a readable gzip file (\(message.trimmingCharacters(in: .whitespacesAndNewlines)))")
        }
        return bytes
    }

    /// UTF-8 when every byte of the file is valid UTF-8, Windows-1251 otherwise.
    private static func detectEncoding(_ origin: Origin, segmentSize: Int) throws -> TextEncoding {
        var valid = true
        var carry: [UInt8] = []
        try chunks(origin, segmentSize: segmentSize) { chunk, last in
            // A chunk may end inside a character: its last, incomplete one is checked with the next chunk.
            let bytes = carry + chunk
            let complete = last ? bytes.count : completeUTF8Prefix(bytes)
            carry = Array(bytes[complete...])
            if TextEncoding.firstInvalidUTF8(bytes[..<complete]) != nil {
                valid = false
                return false
            }
            return true
        }
        return valid ? .utf8 : .cp1251
    }

    /// Calls `body` with each segment as UTF-8, the line it starts on, and the bytes of the file read so
    /// far. `quotes`: a line break inside double quotes does not end a record (CSV); false for NDJSON.
    public func forEachSegment(quotes: Bool, _ body: ([UInt8], _ firstLine: Int, _ bytesRead: Int) throws -> Void) throws {
        var pending: [UInt8] = []
        var line = 1
        var read = 0
        var first = true
        var failure: Error?
        try Self.chunks(origin, segmentSize: segmentSize) { chunk, last in
            read += chunk.count
            var bytes = chunk
            if first {
                first = false
                if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            }
            pending += bytes
            let cut = last ? pending.count : Self.lastRecordEnd(pending[...], quotes: quotes)
            guard cut > 0 else {
                if pending.count > longestRecord {
                    // The reader finds the quote that is never closed, with its line; if it finds nothing,
                    // the record is too long to be one.
                    do {
                        try body(try decode(pending, firstLine: line), line, read)
                        failure = Failure(
                            description:
                                "line \(line): a record longer than \(longestRecord >> 20 > 0 ? "\(longestRecord >> 20) MB" : "\(longestRecord) bytes") — a quoted field is probably never closed"
                        )
                    } catch {
                        failure = error
                    }
                    return false
                }
                return true
            }
            let segment = Array(pending[..<cut])
            pending.removeFirst(cut)
            do {
                let text = try decode(segment, firstLine: line)
                try body(text, line, read)
            } catch {
                failure = error
                return false
            }
            line += segment.count { $0 == 0x0A }
            return true
        }
        if let failure { throw failure }
    }

    private func decode(_ segment: [UInt8], firstLine: Int) throws -> [UInt8] {
        switch encoding {
        case .cp1251: return TextEncoding.cp1251ToUTF8(segment[...])
        case .utf8, .auto:
            if let invalid = TextEncoding.firstInvalidUTF8(segment[...]) {
                let line = firstLine + segment[..<invalid].count { $0 == 0x0A }
                throw TextEncoding.Failure(line: line, byteOffset: invalid)
            }
            return segment
        }
    }

    /// The length of `bytes` without a UTF-8 sequence cut short at its end.
    static func completeUTF8Prefix(_ bytes: [UInt8]) -> Int {
        var i = bytes.count - 1
        while i >= max(0, bytes.count - 4) {
            let byte = bytes[i]
            if byte & 0xC0 != 0x80 {
                let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                return i + length <= bytes.count ? bytes.count : i
            }
            i -= 1
        }
        return bytes.count
    }

    /// Where the last complete record of `bytes` ends (after its line break; an index of `bytes`), or its start
    /// when none does. Quotes are counted from the start of `bytes`.
    static func lastRecordEnd(_ bytes: ArraySlice<UInt8>, quotes: Bool) -> Int {
        var end = 0
        var quoted = false
        bytes.withUnsafeBufferPointer { buffer in
            var i = 0
            while i < buffer.count {
                // Skip eight bytes at a time while they hold neither a line feed nor a quote.
                if i + 8 <= buffer.count {
                    let word = UnsafeRawPointer(buffer.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if !ASCII.contains(word, 0x0A) && !(quotes && ASCII.contains(word, 0x22)) {
                        i += 8
                        continue
                    }
                }
                let byte = buffer[i]
                defer { i += 1 }
                if quotes && byte == 0x22 {
                    quoted.toggle()  // a doubled quote toggles twice: still inside
                } else if byte == 0x0A && !quoted {
                    end = i + 1
                }
            }
        }
        return bytes.startIndex + end
    }

    /// The origin's bytes in chunks of `segmentSize`; `body` returns false to stop.
    private static func chunks(_ origin: Origin, segmentSize: Int, _ body: ([UInt8], _ last: Bool) throws -> Bool) throws {
        switch origin {
        case .bytes(let bytes):
            var start = 0
            repeat {
                let end = min(start + segmentSize, bytes.count)
                guard try body(Array(bytes[start..<end]), end == bytes.count) else { return }
                start = end
            } while start < bytes.count
        case .file(let path):
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw Failure(description: "\(path): cannot read the file")
            }
            defer { try? handle.close() }
            while true {
                let data = try handle.read(upToCount: segmentSize) ?? Data()
                let last = data.count < segmentSize
                guard try body([UInt8](data), last), !last else { return }
            }
        }
    }
}
