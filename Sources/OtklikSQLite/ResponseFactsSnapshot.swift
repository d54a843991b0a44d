import Foundation
import OtklikCore
import OtklikStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every response's facts (`ResponseFacts`, and the tags of the tagged ones) as the start-up reads them, in a
/// file beside the database (`otklik.sqlite-facts`): the next start reads 28 bytes a response from it instead of
/// making SQLite decode every row (10M responses: about 280 MB read, against 7–10 s of decoding).
///
/// What lets a start trust it, all checked against the database (`Key`):
/// - it covers the responses up to an id (`highestID`); the database's rows up to that id change only by a
///   write that also moves `store_marks.responses_rewritten` (a deletion, an erasure, a response stored
///   under an id chosen by its writer), so they are as the file has them while that mark is as it was;
///   responses added since are read from the table, after the file's;
/// - a random `nonce`, written into `store_marks.facts_snapshot` after the file is in place: a database
///   restored from a backup, or another store's database put in the directory, does not hold it;
/// - the time zone the days were counted in, the last migration applied (one may rewrite rows), and the
///   number of score slots.
/// The file is written whole to a temporary name and renamed, so a crash leaves the old one or the new one.
///
/// Layout, little-endian: the header (`magic`, then the key's fields, the highest id, the number of rows, the
/// file's length and the frames' checksum), then frames of up to 65,536 rows: the number of rows, of tagged
/// rows and of tag bytes (4 bytes each), the rows (`rowBytes` each, their fields in declaration order), and
/// each tagged row's id (4 bytes), number of tags (2) and each tag's length (2) and UTF-8 bytes.
struct ResponseFactsSnapshot {
    /// What the database must still say for the file to be read.
    struct Key: Equatable {
        var nonce: String
        var rewrittenMark: Int64
        /// The last migration applied (a migration may rewrite rows). Not SQLite's `schema_version`: opening a
        /// pool on a database with an empty log creates and drops a table, so that moves at every start.
        var migration: String
        var timeZone: String

        /// The same key under a fresh random nonce: a new file's.
        func withNewNonce() -> Key {
            var key = self
            key.nonce = (0..<2).map { _ in String(UInt64.random(in: 0...UInt64.max), radix: 16) }.joined(separator: "-")
            return key
        }
    }

    static let magic: [UInt8] = Array("OTKFACT2".utf8)
    static let rowBytes = 4 + 4 + 2 + 6 * 2 + MetricScores.slots + 1
    private static let frameHeaderBytes = 12

    /// The snapshot's file for a database file; nil for a database in memory.
    static func file(forDatabase path: String) -> String? {
        path.isEmpty || path == ":memory:" ? nil : path + "-facts"
    }

    // MARK: Reading

    /// An open snapshot that matches its key and whose frames are all whole; read it with `forEachBatch`.
    final class Reader {
        let highestID: Int64
        let rows: Int
        private let descriptor: Int32
        private let frames: [Frame]

        /// Where a frame starts in the file, and its counts of rows, of tagged rows and of tag bytes.
        private struct Frame {
            let offset: Int
            let rows: Int
            let tagged: Int
            let tagBytes: Int

            /// Its bytes, header included.
            var length: Int { frameHeaderBytes + rows * rowBytes + tagBytes }
        }

        /// Nil when there is no file, or it does not match `key`, or it is not whole: the caller reads the table.
        init?(path: String, key: Key) {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            self.descriptor = descriptor
            var status = stat()
            guard fstat(descriptor, &status) == 0, let header = Self.read(descriptor, at: 0, count: min(Int(status.st_size), 4096)),
                let parsed = Header(header), parsed.key == key, parsed.length == Int(status.st_size)
            else {
                close(descriptor)
                return nil
            }
            // The frames' own lengths, checked end to end before a single row is handed on.
            var frames: [Frame] = []
            var offset = parsed.bytes
            var rows = 0
            while offset < parsed.length {
                guard let bytes = Self.read(descriptor, at: offset, count: frameHeaderBytes) else { break }
                let counts = (0..<3).map { Int(bytes.load(at: $0 * 4, as: UInt32.self)) }
                let frame = Frame(offset: offset, rows: counts[0], tagged: counts[1], tagBytes: counts[2])
                frames.append(frame)
                offset += frame.length
                rows += frame.rows
            }
            // Then every frame's bytes against the checksum, before a single row is handed on: a row handed on
            // cannot be taken back, and a flipped byte would be a wrong score or a tag of a response not there.
            // One more read of the file from the page cache: about a tenth of a second at 10M responses.
            guard offset == parsed.length, rows == parsed.rows, Self.checksum(of: frames, descriptor) == parsed.checksum else {
                close(descriptor)
                return nil
            }
            self.frames = frames
            self.rows = rows
            highestID = parsed.highestID
        }

        deinit { close(descriptor) }

        /// Hands on every frame's rows and tags, in id order.
        func forEachBatch(_ body: ([ResponseFacts], [ResponseTags]) throws -> Void) throws {
            var facts: [ResponseFacts] = []
            facts.reserveCapacity(65_536)
            for frame in frames {
                guard let bytes = Self.read(descriptor, at: frame.offset, count: frame.length) else {
                    throw SnapshotUnreadable()
                }
                facts.removeAll(keepingCapacity: true)
                bytes.withUnsafeBytes { raw in
                    for row in 0..<frame.rows { facts.append(Self.facts(raw, at: frameHeaderBytes + row * rowBytes)) }
                }
                var at = frameHeaderBytes + frame.rows * rowBytes
                var tags: [ResponseTags] = []
                tags.reserveCapacity(frame.tagged)
                for _ in 0..<frame.tagged {
                    let id = bytes.load(at: at, as: UInt32.self)
                    let count = Int(bytes.load(at: at + 4, as: UInt16.self))
                    at += 6
                    var texts: [String] = []
                    for _ in 0..<count {
                        let length = Int(bytes.load(at: at, as: UInt16.self))
                        texts.append(String(decoding: bytes[(at + 2)..<(at + 2 + length)], as: UTF8.self))
                        at += 2 + length
                    }
                    tags.append(ResponseTags(responseId: id, tags: texts))
                }
                try body(facts, tags)
            }
        }

        private static func checksum(of frames: [Frame], _ descriptor: Int32) -> UInt64? {
            var sum = ResponseFactsSnapshot.Checksum()
            for frame in frames {
                guard let bytes = read(descriptor, at: frame.offset, count: frame.length) else { return nil }
                sum.add(frame: bytes)
            }
            return sum.value
        }

        /// A row, as `[UInt8].append(_: [ResponseFacts])` wrote it.
        private static func facts(_ raw: UnsafeRawBufferPointer, at offset: Int) -> ResponseFacts {
            func load<T: FixedWidthInteger>(_ at: Int, _: T.Type) -> T {
                T(littleEndian: raw.loadUnaligned(fromByteOffset: offset + at, as: T.self))
            }
            var scores = MetricScores()
            for column in 0..<MetricScores.slots { scores[column: column] = raw[offset + 22 + column] }
            return ResponseFacts(
                responseId: load(0, UInt32.self), submittedAt: load(4, UInt32.self), day: load(8, UInt16.self),
                survey: load(10, UInt16.self), location: load(12, UInt16.self), touchpoint: load(14, UInt16.self),
                employee: load(16, UInt16.self), segment: load(18, UInt16.self), channel: load(20, UInt16.self),
                scores: scores, hasComment: raw[offset + 22 + MetricScores.slots] != 0)
        }

        /// `count` bytes at `offset`, or nil when the file has fewer.
        private static func read(_ descriptor: Int32, at offset: Int, count: Int) -> [UInt8]? {
            var bytes = [UInt8](repeating: 0, count: count)
            var done = 0
            while done < count {
                let n = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, count - done, off_t(offset + done)) }
                guard n > 0 else { return nil }
                done += n
            }
            return bytes
        }
    }

    struct SnapshotUnreadable: Error {}

    // MARK: Writing

    /// Writes the batches handed to it to a temporary file; `finish` puts it in place. Any failure to write
    /// leaves no snapshot (a start without one reads the table), never a failed start.
    /// One reader hands it batches, one at a time and in order (`@unchecked`).
    final class Writer: @unchecked Sendable {
        private let path: String
        private let temporaryPath: String
        private let key: Key
        private var descriptor: Int32
        private var buffer: [UInt8] = []
        private var rows = 0
        private var length = 0
        private var highestID: Int64 = 0
        private var checksum = Checksum()
        private var failed = false

        init?(path: String, key: Key) {
            self.path = path
            temporaryPath = "\(path).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
            self.key = key
            Self.removeLeftovers(of: path)
            descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { return nil }
            // The header is written last, at offset 0, once the counts are known.
            length = Header(key: key, highestID: 0, rows: 0, length: 0, checksum: 0).bytes
            buffer.reserveCapacity(65_536 * rowBytes + 65_536)
        }

        deinit {
            if descriptor >= 0 {
                close(descriptor)
                unlink(temporaryPath)
            }
        }

        func append(_ facts: [ResponseFacts], _ tags: [ResponseTags]) {
            guard !failed, !facts.isEmpty else { return }
            buffer.removeAll(keepingCapacity: true)
            buffer.appendLittleEndian(UInt32(facts.count))
            buffer.appendLittleEndian(UInt32(tags.count))
            buffer.appendLittleEndian(UInt32(0))  // tag bytes, filled in below
            buffer.append(facts)
            let tagsStart = buffer.count
            for tagged in tags {
                buffer.appendLittleEndian(tagged.responseId)
                let texts = tagged.tags.prefix(Int(UInt16.max)).map { Array($0.utf8.prefix(Int(UInt16.max))) }
                buffer.appendLittleEndian(UInt16(texts.count))
                for text in texts {
                    buffer.appendLittleEndian(UInt16(text.count))
                    buffer.append(contentsOf: text)
                }
            }
            buffer.store(UInt32(buffer.count - tagsStart), at: 8)
            checksum.add(frame: buffer)
            failed = !write(buffer, at: length)
            length += buffer.count
            rows += facts.count
            highestID = max(highestID, Int64(facts[facts.count - 1].responseId))
        }

        /// Writes the header, makes the file durable and renames it into place. False when anything failed
        /// (the temporary file is removed).
        func finish() -> Bool {
            guard !failed else { return false }
            let header = Header(key: key, highestID: highestID, rows: rows, length: length, checksum: checksum.value)
            guard write(header.encoded(), at: 0), fsync(descriptor) == 0, close(descriptor) == 0 else { return false }
            descriptor = -1
            guard rename(temporaryPath, path) == 0 else {
                unlink(temporaryPath)
                return false
            }
            return true
        }

        /// Temporary files of writers killed before they finished (a few hundred megabytes each at 10M responses).
        /// A writer still running elsewhere loses its file and leaves no snapshot, which is safe.
        private static func removeLeftovers(of path: String) {
            let file = URL(fileURLWithPath: path)
            let directory = file.deletingLastPathComponent()
            let prefix = file.lastPathComponent + "."
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
                unlink(directory.appendingPathComponent(name).path)
            }
        }

        private func write(_ bytes: [UInt8], at offset: Int) -> Bool {
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + done, bytes.count - done, off_t(offset + done)) }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
    }

    // MARK: Checksum

    /// A 64-bit checksum of the frames, eight bytes at a time (a flipped bit anywhere changes it), about a
    /// cycle a word: not a cryptographic one, the file is Otklik's own cache beside its database.
    struct Checksum {
        private(set) var value: UInt64 = 0x243F_6A88_85A3_08D3

        mutating func add(frame bytes: [UInt8]) {
            var hash = value ^ UInt64(bytes.count)
            bytes.withUnsafeBytes { raw in
                var at = 0
                while at + 8 <= raw.count {
                    hash = (hash ^ raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
                    hash ^= hash >> 29
                    at += 8
                }
                while at < raw.count {
                    hash = (hash ^ UInt64(raw[at])) &* 0x9E37_79B9_7F4A_7C15
                    at += 1
                }
            }
            value = hash
        }
    }

    // MARK: Header

    private struct Header {
        var key: Key
        var highestID: Int64
        var rows: Int
        var length: Int
        var checksum: UInt64

        init(key: Key, highestID: Int64, rows: Int, length: Int, checksum: UInt64) {
            (self.key, self.highestID, self.rows, self.length, self.checksum) = (key, highestID, rows, length, checksum)
        }

        /// Nil unless `bytes` start with a whole header of this layout.
        init?(_ bytes: [UInt8]) {
            var at = magic.count
            guard bytes.count >= at + 1, Array(bytes.prefix(at)) == magic, Int(bytes[at]) == MetricScores.slots else { return nil }
            at += 1
            func int() -> Int64? {
                guard at + 8 <= bytes.count else { return nil }
                defer { at += 8 }
                return bytes.load(at: at, as: Int64.self)
            }
            func text() -> String? {
                guard at + 2 <= bytes.count else { return nil }
                let length = Int(bytes.load(at: at, as: UInt16.self))
                guard at + 2 + length <= bytes.count else { return nil }
                defer { at += 2 + length }
                return String(decoding: bytes[(at + 2)..<(at + 2 + length)], as: UTF8.self)
            }
            guard let nonce = text(), let zone = text(), let migration = text(), let rewritten = int(), let highestID = int(),
                let rows = int(), let length = int(), let checksum = int()
            else { return nil }
            self.checksum = UInt64(bitPattern: checksum)
            key = Key(nonce: nonce, rewrittenMark: rewritten, migration: migration, timeZone: zone)
            (self.highestID, self.rows, self.length) = (highestID, Int(rows), Int(length))
        }

        func encoded() -> [UInt8] {
            var bytes = magic
            bytes.append(UInt8(MetricScores.slots))
            for text in [key.nonce, key.timeZone, key.migration] {
                let utf8 = Array(text.utf8)
                bytes.appendLittleEndian(UInt16(utf8.count))
                bytes.append(contentsOf: utf8)
            }
            for value in [key.rewrittenMark, highestID, Int64(rows), Int64(length), Int64(bitPattern: checksum)] {
                bytes.appendLittleEndian(value)
            }
            return bytes
        }

        /// The encoded header's length.
        var bytes: Int { encoded().count }
    }
}

extension [UInt8] {
    fileprivate mutating func store<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        Swift.withUnsafeBytes(of: value.littleEndian) { value in
            for (i, byte) in value.enumerated() { self[offset + i] = byte }
        }
    }

    fileprivate func load<T: FixedWidthInteger>(at offset: Int, as _: T.Type) -> T {
        withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }

    /// The rows, `ResponseFactsSnapshot.rowBytes` each: the id, the time, the day, the six dimensions, the scores
    /// and whether there is a comment (`Reader.facts(_:at:)` reads them back).
    fileprivate mutating func append(_ rows: [ResponseFacts]) {
        let start = count
        append(contentsOf: repeatElement(0, count: rows.count * ResponseFactsSnapshot.rowBytes))
        withUnsafeMutableBytes { raw in
            var at = start
            func put<T: FixedWidthInteger>(_ value: T) {
                raw.storeBytes(of: value.littleEndian, toByteOffset: at, as: T.self)
                at += MemoryLayout<T>.size
            }
            for row in rows {
                put(row.responseId)
                put(row.submittedAt)
                put(row.day)
                put(row.survey)
                put(row.location)
                put(row.touchpoint)
                put(row.employee)
                put(row.segment)
                put(row.channel)
                for column in 0..<MetricScores.slots { put(row.scores[column: column]) }
                put(UInt8(row.hasComment ? 1 : 0))
            }
        }
    }
}
