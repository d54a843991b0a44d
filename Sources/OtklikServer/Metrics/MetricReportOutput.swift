import OtklikAnalytics
import OtklikCore

/// A metric report as compact JSON, written group by group (`ChunkedResult`):
///
/// ```json
/// {"metrics":["nps"],"by":["touchpoint","week"],"from":null,"to":null,"fields":["value","interval","n"],
///  "responses":1234,"total":{"nps":{"value":41.2,"low":39.8,"high":42.6,"n":1234}},
///  "columns":["touchpoint","week","nps.value","nps.low","nps.high","nps.n"],
///  "groups":[[3,"2024-W05",42.1,38,46.2,512],…],
///  "names":{"touchpoint":{"3":"Приёмка"}}}
/// ```
///
/// The column names are written once; each group is an array in their order with only the fields asked
/// for (values exact, interval bounds to two decimals); the names of the grouped entities come once, in
/// `names`, for the ids that occur. A dimension's value is its id (0 = not given), a stage, value class or
/// loyalty step its code (`"delivery"`, `"A"`, `"regular"`; null for none), a time bucket its label
/// (`2024-W05`, `2024-03`).
public struct MetricReportJSON: ChunkedResult {
    private let report: MetricReport
    private let metrics: [MetricKind]
    private var next = 0
    private var stage = Stage.head
    /// Per grouped dimension, which ids occurred, a bit each (ids are 0…65,535; tag codes up to the largest
    /// named): their names go in `names`. Bits, not Bools: the tail reads 1,024 words, not 65,536 flags. All
    /// dimensions' words in one array, each dimension's at `seenWords` (none for one named by code).
    private var seen: [UInt64] = []
    private var seenWords: [Range<Int>] = []
    private let bucketLabels: BucketLabelJSON
    /// From how many groups left a batch of them is written on two threads at once (`writeHalvesAtOnce`).
    private let halvesFrom: Int
    /// The most bytes a group takes (its dimensions, time bucket and metric cells): room is made for
    /// `GroupWriter.groupsPerRoom` groups at once.
    private let groupRoom: Int
    /// Each metric's cells as written before, by their shares' key, when only headline fields are asked for
    /// and the report has many groups (`CellMemo`).
    private(set) var memo: CellMemo?
    /// The memos of the two halves of `writeHalvesAtOnce`, kept from one batch of groups to the next.
    private var halfMemos: [CellMemo]?
    /// Whether each group's cells are written from its counts alone (`writeFromCounts`, with the previous
    /// period's): when no counts or histogram are asked for, nor a headline or a previous period of a mean
    /// (weighted CSAT's, stars').
    private let fromCounts: Bool

    private enum Stage { case head, groups, tail, done }

    // Below a thousand groups or so, waking the second thread costs more than it saves (also for groups of many
    // numbers: NPS and CSAT with their means, 16 numbers a group, in halves from 320 groups made Q3's 400 5–14%
    // slower through HTTP).
    public init(_ report: MetricReport) { self.init(report, halvesFrom: 1_024) }

    /// `halvesFrom`, `memoFrom` (groups from which a `CellMemo` is kept) and `fromCounts` (false: every group's
    /// cells from its whole summary): tests move them to compare the ways of writing on one report.
    init(_ report: MetricReport, halvesFrom: Int, memoFrom: Int = CellMemo.groupsFrom, fromCounts: Bool = true) {
        self.halvesFrom = halvesFrom
        self.report = report
        metrics = report.metrics
        bucketLabels = BucketLabelJSON(report.storage.bucket, starts: report.storage.counts.bucketStarts)
        // Each cell a comma and a number; a histogram's cell a number per score slot and its brackets.
        let cellsPerMetric = report.fields.reduce(0) { cells, field in
            switch field {
            case .value, .n, .lowSample: cells + 1
            case .interval: cells + 2
            case .mean: cells + 3
            case .previous: cells + 4
            case .counts, .histogram: cells + ScoreCounts.binCount + 1
            }
        }
        // "[", each dimension a comma and a number (or a short code), the time bucket's comma and its 16-byte
        // label, every metric's cells, "]".
        let dimensions = report.storage.counts.dimensions.count
        groupRoom = 1 + dimensions * (RawBytes.numberRoom + 1) + 17 + report.metrics.count * cellsPerMetric * (RawBytes.numberRoom + 1) + 1
        let headline = MetricField.headline
        let sharesOnly = metrics.allSatisfy { MetricSummary.shares($0, counts: ScoreCounts(), csatScale: report.storage.csatScale) != nil }
        self.fromCounts =
            fromCounts && !report.fields.isEmpty
            && report.fields.allSatisfy { field in
                field == .n || field == .lowSample || field == .mean || ((headline.contains(field) || field == .previous) && sharesOnly)
            }
        // A headline's cells depend on its shares' key alone (the mean on the whole histogram).
        if self.fromCounts, report.fields.allSatisfy(headline.contains), report.rows.count >= memoFrom,
            report.responses <= CellMemo.answersPerGroup * report.rows.count
        {
            memo = CellMemo()
        }
        for dimension in report.storage.counts.dimensions {
            let named = report.storage.counts.names[dimension]
            let largest = named.map { Int($0.keys.max() ?? 0) } ?? Int(ContextDimension.maxID)
            let words = dimension.isNamedByCode ? 0 : largest / 64 + 1
            seenWords.append(seen.count..<seen.count + words)
            seen += repeatElement(0, count: words)
        }
    }

    /// Column names, dimensions first, then `<metric>.<field>` per metric.
    public var columns: [String] {
        report.by + metrics.flatMap { metric in fieldNames(metric).map { "\(metric.rawValue).\($0)" } }
    }

    private func fieldNames(_ metric: MetricKind) -> [String] {
        report.fields.flatMap { field -> [String] in
            switch field {
            case .value: ["value"]
            case .interval: ["low", "high"]
            case .n: ["n"]
            case .mean: ["mean", "mean_low", "mean_high"]
            case .counts: report.total[metric.rawValue]?.namedCounts.map(\.name) ?? []
            case .histogram: ["histogram"]
            case .previous: ["previous", "previous_n", "change", "significant"]
            case .lowSample: ["low_sample"]
            }
        }
    }

    public mutating func write(into out: inout OutputBytes) -> Bool {
        switch stage {
        case .head:
            writeHead(&out)
            stage = report.rows.isEmpty ? .tail : .groups
            return true
        case .groups:
            if report.rows.count - next >= halvesFrom {
                writeHalvesAtOnce(min(report.rows.count - next, 16_384), into: &out)
                return true
            }
            // A few hundred groups per call: the caller checks for a full piece in between.
            let end = min(next + 256, report.rows.count)
            writeGroups(next..<end, &out)
            next = end
            if next == report.rows.count { stage = .tail }
            return true
        case .tail:
            writeTail(&out)
            stage = .done
            return false
        case .done:
            return false
        }
    }

    /// Writes the next `count` groups as two halves at once, one per core (or both on this one when the second
    /// core wakes too late: `SecondCore`), each with its own bytes and its own record of the ids seen, then
    /// appends them in order. Printing the numbers is most of a large answer's
    /// time (21,200 groups of NPS by touchpoint × week: 63,600 doubles at ~70 ns each).
    private mutating func writeHalvesAtOnce(_ count: Int, into out: inout OutputBytes) {
        let (start, middle, end) = (next, next + count / 2, next + count)
        if memo != nil && halfMemos == nil { halfMemos = [CellMemo(), CellMemo()] }
        let halves = [
            HalfWriter(self, rows: start..<middle, memo: halfMemos?[0]), HalfWriter(self, rows: middle..<end, memo: halfMemos?[1]),
        ]
        SecondCore.share(2) { half, _ in halves[half].write() }
        for half in halves {
            out.append(half.out)
            for w in seen.indices { seen[w] |= half.json.seen[w] }
        }
        next = end
        if next == report.rows.count { stage = .tail }
    }

    /// One half of `writeHalvesAtOnce`: a copy of the writer and its own output; only its thread touches it.
    private final class HalfWriter: @unchecked Sendable {
        var json: MetricReportJSON
        let rows: Range<Int>
        var out: OutputBytes

        /// `memo`: the half's own (a memo is used by one thread at a time).
        init(_ json: MetricReportJSON, rows: Range<Int>, memo: CellMemo?) {
            (self.json, self.rows) = (json, rows)
            self.json.memo = memo
            // Room for a typical group of a metric or two (~30–60 bytes), so that the room rarely grows.
            out = OutputBytes(capacity: 64 * rows.count + 4096)
        }

        func write() {
            // Locals while writing: a class's stored properties are checked for exclusive access at every use.
            // The output's room is moved out, not copied: shared with `self.out`, its first write copied all of
            // it (64 bytes a group).
            var json = self.json
            var out = OutputBytes(capacity: 0)
            swap(&out, &self.out)
            json.writeGroups(rows, &out)
            (self.json, self.out) = (json, out)
        }
    }

    /// The groups at positions `rows` of `report.rows`, each after a comma but the very first. The report's
    /// arrays are read through pointers taken once, and room is made once per few dozen groups: per group, the
    /// arrays' bounds and uniqueness checks and the room's were a third of writing 86,000 NPS groups.
    private mutating func writeGroups(_ rows: Range<Int>, _ out: inout OutputBytes) {
        guard !rows.isEmpty else { return }
        var seen = self.seen
        self.seen = []  // the words' one reference while writing: no copy at the first bit set
        defer { self.seen = seen }
        let writer = GroupWriter(self)
        let counts = report.storage.counts
        let room = groupRoom + 1
        counts.values.withUnsafeBufferPointer { values in
            counts.scores.withUnsafeBufferPointer { scores in
                counts.bucketStarts.withUnsafeBufferPointer { starts in
                    report.rows.withUnsafeBufferPointer { order in
                        seen.withUnsafeMutableBufferPointer { seen in
                            let arrays = GroupWriter.Arrays(values: values, scores: scores, starts: starts, seen: seen)
                            var position = rows.lowerBound
                            while position < rows.upperBound {
                                let end = min(position + GroupWriter.groupsPerRoom, rows.upperBound)
                                out.withRoom(room * (end - position)) { out in
                                    for position in position..<end {
                                        if position > 0 { out.byte(UInt8(ascii: ",")) }
                                        writer.write(row: order[position], arrays, into: &out)
                                    }
                                }
                                position = end
                            }
                        }
                    }
                }
            }
        }
    }

    private func writeHead(_ out: inout OutputBytes) {
        out.raw("{\"metrics\":[")
        for (i, metric) in metrics.enumerated() {
            if i > 0 { out.byte(UInt8(ascii: ",")) }
            out.json(metric.rawValue)
        }
        out.raw("],\"by\":")
        out.json(report.by)
        out.raw(",\"from\":")
        if let from = report.from { out.json(from) } else { out.raw("null") }
        out.raw(",\"to\":")
        if let to = report.to { out.json(to) } else { out.raw("null") }
        out.raw(",\"fields\":")
        out.json(report.fields.map(\.rawValue))
        out.raw(",\"responses\":")
        out.integer(report.responses)
        out.raw(",\"total\":{")
        for (i, metric) in metrics.enumerated() {
            if i > 0 { out.byte(UInt8(ascii: ",")) }
            out.key(metric.rawValue)
            out.byte(UInt8(ascii: "{"))
            if let total = report.total[metric.rawValue] {
                var first = true
                // A total has no previous period of its own.
                Self.writeCells(total, nil, fields: report.fields.filter { $0 != .previous }) { name, value in
                    if !first { out.byte(UInt8(ascii: ",")) }
                    first = false
                    out.key(name)
                    out.withRoom(groupRoom) { value(&$0) }
                }
            }
            out.byte(UInt8(ascii: "}"))
        }
        out.raw("},\"columns\":")
        out.json(columns)
        out.raw(",\"groups\":[")
    }

    /// Writes one group at a time: the writer's settings as plain values, taken once per batch of groups (a
    /// closure that captured the writer retained and released each of its references per group, half of
    /// writing a 91,000-group answer).
    private struct GroupWriter {
        /// How many groups' room is made at once.
        static let groupsPerRoom = 64

        /// The report's arrays a group is read from, and the words of the ids seen.
        struct Arrays {
            let values: UnsafeBufferPointer<Int64>
            let scores: UnsafeBufferPointer<ScoreCounts>
            let starts: UnsafeBufferPointer<Int>
            let seen: UnsafeMutableBufferPointer<UInt64>
        }

        let storage: MetricReport.Storage
        let dimensions: [ContextDimension]
        /// Per dimension, where its words of the ids seen start (-1: named by code, none).
        let seenStart: [Int]
        let metrics: [MetricKind]
        let fields: [MetricField]
        let memo: CellMemo?
        let fromCounts: Bool
        /// The previous period's counts, when its figures are written from them (`fields` has `previous`).
        let previous: MetricReport.PreviousPeriod?
        let bucketLabels: BucketLabelJSON?
        let csatScale: CSATScale
        let minimumSample: Int

        init(_ json: MetricReportJSON) {
            let storage = json.report.storage
            self.storage = storage
            dimensions = storage.counts.dimensions
            seenStart = zip(dimensions, json.seenWords).map { $0.isNamedByCode ? -1 : $1.lowerBound }
            metrics = json.metrics
            fields = json.report.fields
            memo = json.memo
            fromCounts = json.fromCounts
            previous = fields.contains(.previous) ? storage.previous : nil
            bucketLabels = storage.bucket != nil && !storage.counts.bucketStarts.isEmpty ? json.bucketLabels : nil
            csatScale = storage.csatScale
            minimumSample = storage.minimumSample
        }

        @inline(__always)
        func write(row: Int, _ arrays: Arrays, into out: inout RawBytes) {
            let d = dimensions.count
            out.byte(UInt8(ascii: "["))
            for i in 0..<d {
                if i > 0 { out.byte(UInt8(ascii: ",")) }
                let value = arrays.values[row &* d &+ i]
                let start = seenStart[i]
                if start >= 0 {
                    arrays.seen[start &+ Int(value) &>> 6] |= 1 &<< (UInt64(value) & 63)
                    out.integer(Int(value))
                } else if let code = dimensions[i].code(of: value) {
                    out.code(code)
                } else {
                    out.raw("null")
                }
            }
            if let bucketLabels {
                if d > 0 { out.byte(UInt8(ascii: ",")) }
                out.short(bucketLabels.label(of: arrays.starts[row]))
            }
            let m = metrics.count
            var first = d == 0 && bucketLabels == nil
            for metric in 0..<m {
                if fromCounts {
                    if !first { out.byte(UInt8(ascii: ",")) }
                    first = false
                    let (kind, scores) = (metrics[metric], arrays.scores[row &* m &+ metric])
                    let shares = MetricSummary.shares(kind, counts: scores, csatScale: csatScale)
                    // The metric's index in the key's top bits: each metric's cells are its own. (The memo is
                    // read in place: bound to a constant, it was retained and released per group. There is none
                    // when the previous period is asked for: its cells depend on more than the key.)
                    if memo?.isUseful == true, let key = shares?.key.map({ $0 | UInt64(metric) << 60 }) {
                        guard !memo.unsafelyUnwrapped.write(key, into: &out) else { continue }
                        let start = out.cursor
                        MetricReportJSON.writeFromCounts(
                            kind, scores, shares, fields: fields, csatScale: csatScale, minimumSample: minimumSample, into: &out)
                        memo.unsafelyUnwrapped.keep(key, from: start, to: out.cursor)
                    } else {
                        MetricReportJSON.writeFromCounts(
                            kind, scores, shares, fields: fields, csatScale: csatScale, minimumSample: minimumSample,
                            previous: previous?.scores(ofRow: row, metric: metric), into: &out)
                    }
                    continue
                }
                MetricReportJSON.writeCells(
                    storage.summary(row: row, metric: metric), storage.comparison(row: row, metric: metric), fields: fields
                ) { _, value in
                    if !first { out.byte(UInt8(ascii: ",")) }
                    first = false
                    value(&out)
                }
            }
            out.byte(UInt8(ascii: "]"))
        }
    }

    /// A metric's cells, in the order of `fields` (`fromCounts`), straight from its counts: the figures
    /// `writeCells` writes from a whole summary, without making one (a quarter of writing 2,000 NPS groups
    /// went into making their summaries, and a mean's computed a headline nobody asked for). `shares`: the
    /// metric's, for its headline. `previous`: the group's counts in the previous period, when the report
    /// compares with it (a report made without a period has none: its cells are then empty, as `writeCells`
    /// writes them; the API refuses to compare without one).
    private static func writeFromCounts(
        _ metric: MetricKind, _ counts: ScoreCounts, _ shares: MetricSummary.Shares?, fields: [MetricField], csatScale: CSATScale,
        minimumSample: Int, previous: ScoreCounts? = nil, into out: inout RawBytes
    ) {
        for (i, field) in fields.enumerated() {
            if i > 0 { out.byte(UInt8(ascii: ",")) }
            switch field {
            case .value: out.json(shares!.value)
            case .interval:
                let interval = shares!.estimate?.interval
                out.json(rounded: interval?.low)
                out.byte(UInt8(ascii: ","))
                out.json(rounded: interval?.high)
            case .n: out.integer(counts.n)
            case .lowSample: out.json(MetricSummary.isLowSample(n: counts.n, minimumSample: minimumSample))
            case .mean:
                let (mean, interval) = MetricSummary.meanEstimate(metric, counts: counts, csatScale: csatScale)
                out.json(mean)
                out.byte(UInt8(ascii: ","))
                out.json(rounded: interval?.low)
                out.byte(UInt8(ascii: ","))
                out.json(rounded: interval?.high)
            case .previous:
                guard let previous, let before = MetricSummary.shares(metric, counts: previous, csatScale: csatScale) else {
                    out.raw("null,null,null,false")
                    continue
                }
                let (then, now) = (before.estimate, shares!.estimate)
                let change = MetricComparison.change(
                    from: before.value, to: shares!.value, errors: (then?.standardError, now?.standardError),
                    centres: (then?.centre, now?.centre))
                out.json(before.value)
                out.byte(UInt8(ascii: ","))
                out.integer(before.n)
                out.byte(UInt8(ascii: ","))
                out.json(change.difference)
                out.byte(UInt8(ascii: ","))
                out.json(change.significant)
            case .counts, .histogram: preconditionFailure("not written from the counts: \(field)")
            }
        }
    }

    /// The cells of one metric for `fields`, in the order of `fieldNames`, each handed to `emit` with its name.
    /// The comparison is made only for `previous`: every group and metric copied it (394 bytes, twice, even
    /// when there is none), 3.4% of the CPU of a 2,000-group answer (A22), a twelfth of writing its JSON.
    private static func writeCells(
        _ summary: MetricSummary, _ comparison: @autoclosure () -> MetricComparison?, fields: [MetricField],
        emit: (String, (inout RawBytes) -> Void) -> Void
    ) {
        for field in fields {
            switch field {
            case .value: emit("value") { $0.json(summary.value) }
            case .interval:
                emit("low") { $0.json(rounded: summary.interval?.low) }
                emit("high") { $0.json(rounded: summary.interval?.high) }
            case .n: emit("n") { $0.integer(summary.n) }
            case .mean:
                let (mean, interval) = summary.meanEstimate
                emit("mean") { $0.json(mean) }
                emit("mean_low") { $0.json(rounded: interval?.low) }
                emit("mean_high") { $0.json(rounded: interval?.high) }
            case .counts:
                for (name, count) in summary.namedCounts { emit(name) { $0.integer(count) } }
            case .histogram:
                emit("histogram") { out in
                    out.byte(UInt8(ascii: "["))
                    for (i, count) in summary.histogram.enumerated() {
                        if i > 0 { out.byte(UInt8(ascii: ",")) }
                        out.integer(count)
                    }
                    out.byte(UInt8(ascii: "]"))
                }
            case .previous:
                let comparison = comparison()
                emit("previous") { $0.json(comparison?.previous.value) }
                emit("previous_n") { out in
                    if let comparison { out.integer(comparison.previous.n) } else { out.raw("null") }
                }
                emit("change") { $0.json(comparison?.difference) }
                emit("significant") { $0.json(comparison?.significant ?? false) }
            case .lowSample: emit("low_sample") { $0.json(summary.lowSample) }
            }
        }
    }

    private func writeTail(_ out: inout OutputBytes) {
        out.raw("],\"names\":{")
        let storage = report.storage
        // The catalog's names written once per reload, when in the language the answer is in and not named
        // by the counts themselves (tags, customers).
        let entries = storage.catalog.nameEntries.flatMap { $0.locale == storage.catalog.organisation.defaultLocale ? $0 : nil }
        var firstDimension = true
        for (i, dimension) in storage.counts.dimensions.enumerated() where !dimension.isNamedByCode {
            if !firstDimension { out.byte(UInt8(ascii: ",")) }
            firstDimension = false
            out.key(dimension.rawValue)
            out.byte(UInt8(ascii: "{"))
            func writeSeen(_ catalogued: NameEntries.Entries?) {
                var first = true
                for (w, word) in seen[seenWords[i]].enumerated() where word != 0 {
                    var bits = word
                    while bits != 0 {
                        let value = w << 6 | bits.trailingZeroBitCount
                        bits &= bits - 1
                        if !first { out.byte(UInt8(ascii: ",")) }
                        first = false
                        if catalogued?.write(value, into: &out) != true {
                            NameEntries.write(id: Int64(value), name: storage.label(dimension, Int64(value)), into: &out)
                        }
                    }
                }
            }
            if storage.counts.names[dimension] == nil, let table = entries?.table(dimension) {
                table.withEntries { writeSeen($0) }
            } else {
                writeSeen(nil)
            }
            out.byte(UInt8(ascii: "}"))
        }
        out.raw("}}")
    }
}

/// The bytes of metric cells written before, by their key (`MetricSummary.Shares.key` and the metric's place):
/// many small groups have few distinct keys — 91,000 CSAT groups of ~13 answers by employee × segment have a
/// few hundred, 87,000 NPS groups of ~14 about 5,000 (the most frequent 1,024 cover 92% of the groups) — and
/// each is worked out and printed once, then copied. Open addressing over a fixed table, half of it filled at
/// most; once full, or out of room for bytes, it keeps no more. Used by one thread at a time: the writer
/// has one, and each half of `writeHalvesAtOnce` its own, kept from one batch of groups to the next.
final class CellMemo: @unchecked Sendable {
    /// From how many groups, of at most how many answers on average, a report's writer keeps one: groups of
    /// hundreds of answers rarely share their counts, and looking them up cost 3–9% more (NPS by touchpoint ×
    /// segment over 90 days, 10,000 groups of ~120).
    static let groupsFrom = 512
    static let answersPerGroup = 32
    private static let slots = 8192
    /// How many lookups before the memo is judged by its hits: NPS's 87,000 groups of ~14 answers hit in 49% of
    /// the first 512 lookups (and would have been given up on), 72% of the first 2,048, 94% of all.
    private static let lookupsBeforeJudging = 2_048
    private static let arenaSize = 128 * 1024
    /// The key of each slot with its top bit set (0: empty).
    private let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: slots)
    /// Where each slot's bytes are in `arena`: offset << 8 | count.
    private let spans = UnsafeMutablePointer<UInt32>.allocate(capacity: slots)
    private let arena = UnsafeMutablePointer<UInt8>.allocate(capacity: arenaSize)
    private var used = 0
    private var entries = 0
    private var lookups = 0
    private(set) var hits = 0
    /// False once most lookups have missed: the keys and copies then cost more than they save.
    private(set) var isUseful = true

    init() { keys.initialize(repeating: 0, count: Self.slots) }

    deinit {
        keys.deallocate()
        spans.deallocate()
        arena.deallocate()
    }

    /// Writes the bytes kept for `key` (63 bits at most); false when there are none.
    @inline(__always)
    func write(_ key: UInt64, into out: inout RawBytes) -> Bool {
        let tagged = key | 1 << 63
        var slot = Self.slot(of: tagged)
        while true {
            let found = keys[slot]
            if found == tagged {
                let span = Int(spans[slot])
                out.bytes(arena + (span >> 8), count: span & 0xFF)
                hits &+= 1
                lookups &+= 1
                return true
            }
            if found == 0 {
                lookups &+= 1
                if lookups >= Self.lookupsBeforeJudging && hits * 2 < lookups { isUseful = false }
                return false
            }
            slot = (slot &+ 1) & (Self.slots - 1)
        }
    }

    /// Keeps the bytes from `start` to `end` as `key`'s, if there is room.
    func keep(_ key: UInt64, from start: UnsafeMutablePointer<UInt8>, to end: UnsafeMutablePointer<UInt8>) {
        let count = end - start
        guard count < 256, used + count <= Self.arenaSize, entries < Self.slots / 2 else { return }
        let tagged = key | 1 << 63
        var slot = Self.slot(of: tagged)
        while keys[slot] != 0 { slot = (slot &+ 1) & (Self.slots - 1) }
        keys[slot] = tagged
        spans[slot] = UInt32(used << 8 | count)
        (arena + used).update(from: start, count: count)
        used += count
        entries += 1
    }

    @inline(__always)
    private static func slot(of key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 51) }
}

/// A metric report as the app's CSV table (the dashboard's "CSV" links and `format=csv` of the API write the
/// same): one row per group and metric with the groups' names, the value, its interval, n and the low-sample
/// flag; without grouping, one row per metric for the total. UTF-8 with a byte-order mark, for Excel.
public struct MetricReportCSV: ChunkedResult {
    private let report: MetricReport
    private var next = -1
    /// Each name's and period's cell as written (neutralised and quoted), made once per answer: a group's
    /// names were looked up, made into strings and quoted again for every group and metric (CSV took twice
    /// as long as JSON for 21,200 groups).
    private var nameCells: [[Int64: [UInt8]]]
    private var periodCells: [Int: [UInt8]] = [:]
    private let metricCells: [[UInt8]]
    /// The current group's name and period cells, each followed by a comma: the start of each of its lines.
    private var prefix: [UInt8] = []

    public init(_ report: MetricReport) {
        self.report = report
        nameCells = report.storage.counts.dimensions.map { _ in [:] }
        metricCells = report.metrics.map { Array(CSVField.cell($0.rawValue).utf8) }
    }

    public static let valueColumns = ["metric", "value", "interval_low", "interval_high", "n", "low_sample"]

    public mutating func write(into out: inout OutputBytes) -> Bool {
        if next == -1 {
            out.raw("\u{FEFF}")
            row(report.by + Self.valueColumns, &out)
            if report.by.isEmpty {
                for (m, metric) in report.metrics.enumerated() {
                    if let total = report.total[metric.rawValue] { line(m, total, &out) }
                }
            }
            next = 0
            return !report.rows.isEmpty
        }
        let storage = report.storage
        let counts = storage.counts
        let d = counts.dimensions.count
        let m = report.metrics.count
        let end = min(next + 256, report.rows.count)
        while next < end {
            let row = report.rows[next]
            prefix.removeAll(keepingCapacity: true)
            for i in 0..<d {
                let value = counts.values[row * d + i]
                prefix += Self.cell(value, in: &nameCells[i]) { storage.label(counts.dimensions[i], value) }
                prefix.append(UInt8(ascii: ","))
            }
            if let bucket = storage.bucket, !counts.bucketStarts.isEmpty {
                let start = counts.bucketStarts[row]
                prefix += Self.cell(start, in: &periodCells) { bucket.label(ofStart: start) }
                prefix.append(UInt8(ascii: ","))
            }
            for metric in 0..<m { line(metric, storage.summary(row: row, metric: metric), &out) }
            next += 1
        }
        return next < report.rows.count
    }

    /// The cell of `key` as written, from `cells` or made from `text()` and kept there.
    private static func cell<Key: Hashable>(_ key: Key, in cells: inout [Key: [UInt8]], _ text: () -> String) -> [UInt8] {
        if let cell = cells[key] { return cell }
        let cell = Array(CSVField.cell(text()).utf8)
        cells[key] = cell
        return cell
    }

    /// One line: the group's cells (`prefix`), then the `m`-th metric's.
    private func line(_ m: Int, _ summary: MetricSummary, _ out: inout OutputBytes) {
        out.append(prefix[...])
        out.append(metricCells[m][...])
        out.byte(UInt8(ascii: ","))
        out.fixed4(summary.value)
        out.byte(UInt8(ascii: ","))
        out.fixed4(summary.interval?.low)
        out.byte(UInt8(ascii: ","))
        out.fixed4(summary.interval?.high)
        out.byte(UInt8(ascii: ","))
        out.integer(summary.n)
        out.byte(UInt8(ascii: ","))
        out.raw(summary.lowSample ? "true" : "false")
        out.raw("\r\n")
    }

    private func row(_ cells: [String], _ out: inout OutputBytes) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { out.byte(UInt8(ascii: ",")) }
            out.csv(cell)
        }
        out.raw("\r\n")
    }
}

/// A report's time-bucket labels as JSON strings (`"2025-W03"`, quotes included), each printed once and
/// kept in sixteen bytes (at most fifteen, the length in the last): a group's label is then a table lookup
/// and one store, not a dictionary lookup and a string escaped (a third of writing NPS by touchpoint × week).
struct BucketLabelJSON {
    private let firstDay: Int
    /// Per day from `firstDay`: the label of the bucket that starts on it.
    private let labels: [SIMD16<UInt8>]

    init(_ bucket: TimeBucket?, starts: [Int]) {
        guard let bucket, let first = starts.min(), let last = starts.max() else {
            (firstDay, labels) = (0, [])
            return
        }
        var labels = [SIMD16<UInt8>](repeating: .zero, count: last - first + 1)
        for start in starts where labels[start - first] == .zero {
            // Digits, "-", "W" and "Q": nothing to escape.
            let text = Array("\"\(bucket.label(ofStart: start))\"".utf8)
            precondition(text.count < 16, "a bucket's label is at most a date")
            var packed = SIMD16<UInt8>.zero
            for (i, byte) in text.enumerated() { packed[i] = byte }
            packed[15] = UInt8(text.count)
            labels[start - first] = packed
        }
        (firstDay, self.labels) = (first, labels)
    }

    /// The label of the bucket starting on day `start`, for `RawBytes.short`.
    func label(of start: Int) -> SIMD16<UInt8> { labels[start - firstDay] }
}
