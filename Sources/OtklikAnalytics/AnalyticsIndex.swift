import Dispatch
import OtklikCore
import OtklikStore
import Synchronization

/// The in-memory analytics index (docs/architecture.md, principle 2): every response as 27 bytes of
/// columns and a bit, in blocks with time bounds and score counts per block (a full block also has
/// employee runs and row lists: `IndexChunk`). Built from the store at start, appended
/// to on every commit; every metric query of the API, the dashboard and the CLI is answered here, never by
/// scanning the database. A query counts scores per group; the metric formulas live in OtklikCore.
public final class AnalyticsIndex: @unchecked Sendable {
    public enum QueryError: Error, Hashable, Sendable {
        /// The grouping would make more cells than a query may hold.
        case tooManyGroups(cells: Int, limit: Int)
    }

    /// Most group cells one query may produce (dimension values × time buckets).
    public static let maxCells = 4_000_000

    /// The counts by score (cells × metrics × bins) from which a query that tells only score classes apart
    /// (`MetricQuery.scoreClasses`) counts by class: 256 KB, half of a core's second-level cache. Fewer cells
    /// sit in the caches anyway, and keep the faster additions by score. From 1 MB instead, NPS by touchpoint
    /// × segment over a quarter (10,000 cells) was 3–6% slower through HTTP. Tests lower it to reach every path.
    var countsByClassFrom = 1 << 16

    /// The cost of a scan (`ScanPlan.scanCost`, in rows read whole) from which it is shared with a second
    /// core. Not waiting for a second core that wakes too late (`SecondCore`) made sharing cheaper; from
    /// 100,000 instead of 300,000, through HTTP: 0.75–0.86 for R10, R17, R18 of seed 1 and A2, A17 (hundreds
    /// of microseconds), the rest 0.95–1.06, the noise of such answers. From 30,000, questions of half a
    /// millisecond were 7–16% slower.
    var twoCoresFrom = 100_000
    /// Tests: the second core always takes part in a shared scan (it may otherwise come too late to).
    var secondCoreAlwaysHelps = false

    let lock = ReadWriteLock()
    private(set) var chunks: [IndexChunk] = []
    /// Largest value seen per stored dimension: sizes the group tables.
    private(set) var maxValue = [UInt16](repeating: 0, count: ContextDimension.stored.count)
    /// Journey stage code per touchpoint id.
    private(set) var stageOfTouchpoint = [UInt16](repeating: 0, count: Int(ContextDimension.maxID) + 1)
    private(set) var deletedRows = 0
    /// The tag dictionary: code c (from 1; 0 is "untagged") stands for `tagTexts[c - 1]`. Codes are never
    /// reused, so a block's codes stay valid for the index's life.
    private(set) var tagTexts: [String] = []
    private(set) var tagCodes: [String: UInt32] = [:]
    /// Where sealed blocks keep their columns (2 MB pages). Taken over with another index's blocks
    /// (`replace`): the blocks given up hold the old arena, which frees its slabs when the last of them goes.
    private(set) var arena = ColumnArena()

    public init() {}

    // MARK: Writing

    public func append(_ row: ResponseFacts, tags: [String] = []) {
        append(contentsOf: [row], tags: tags.isEmpty ? [] : [ResponseTags(responseId: row.responseId, tags: tags)])
    }

    /// Appends rows in id order, with the tags of the tagged ones (in the same order).
    public func append(contentsOf rows: [ResponseFacts], tags: [ResponseTags] = []) {
        guard !rows.isEmpty else { return }
        lock.write { appendLocked(rows, tags: tags) }
    }

    /// - Parameter seal: seals the blocks that become full, in place of the block itself (`Loader`).
    private func appendLocked(_ rows: [ResponseFacts], tags: [ResponseTags], seal: ((IndexChunk) -> Void)? = nil) {
        var tagged = tags.map { TaggedRow(responseId: $0.responseId, codes: codes(of: $0.tags)) }[...]
        var rest = rows[...]
        while !rest.isEmpty {
            if chunks.last?.isFull ?? true { chunks.append(IndexChunk(arena: arena)) }
            let chunk = chunks[chunks.count - 1]
            rest = rest.dropFirst(chunk.append(rest, tagged: &tagged, loading: seal != nil))
            if let seal, chunk.isFull { seal(chunk) }
        }
        precondition(tagged.isEmpty, "tags of responses not in the batch, or not in id order")
        for (d, dimension) in ContextDimension.stored.enumerated() {
            maxValue[d] = max(maxValue[d], rows.lazy.map { $0.value(of: dimension) }.max() ?? 0)
        }
    }

    /// Fills the index with many rows (at start, and when it is built again) on two cores: the blocks that
    /// become full are sealed on another while the next fill (sealing was 58% of the work of building an index
    /// of 10M responses from their facts). The index must answer nothing until `finish` has returned.
    public final class Loader: @unchecked Sendable {
        private let index: AnalyticsIndex
        private let sealing = DispatchQueue(label: "otklik.index-sealing", qos: .userInitiated)
        /// Full blocks waiting to be sealed, at most: when rows come faster than blocks are sealed (two cores
        /// reading the table), the filler waits instead of holding more blocks' unsealed columns (2 MB each).
        private let waiting = DispatchSemaphore(value: 4)

        fileprivate init(_ index: AnalyticsIndex) { self.index = index }

        /// Appends rows in id order, with the tags of the tagged ones, like `AnalyticsIndex.append(contentsOf:tags:)`.
        public func append(contentsOf rows: [ResponseFacts], tags: [ResponseTags] = []) {
            guard !rows.isEmpty else { return }
            index.lock.write {
                // A full block is no longer written by the appender: the next rows go to a new one.
                index.appendLocked(rows, tags: tags) { chunk in
                    self.waiting.wait()
                    self.sealing.async {
                        chunk.seal()
                        self.waiting.signal()
                    }
                }
            }
        }

        /// Returns when every full block is sealed and the last one counted. Call it also when filling failed.
        public func finish() async {
            await withCheckedContinuation { done in sealing.async { done.resume() } }
            index.lock.write { index.chunks.last?.countAll() }
        }
    }

    /// A loader for an empty index (`Loader`).
    public func loader() -> Loader { Loader(self) }

    /// The distinct codes of a response's tags, new tags getting the next codes.
    private func codes(of tags: [String]) -> [UInt32] {
        var codes: [UInt32] = []
        for tag in tags {
            let code: UInt32
            if let known = tagCodes[tag] {
                code = known
            } else {
                tagTexts.append(tag)
                code = UInt32(tagTexts.count)
                tagCodes[tag] = code
            }
            if !codes.contains(code) { codes.append(code) }
        }
        return codes
    }

    /// Takes a deleted response out of every answer. Returns false if the index does not hold it.
    @discardableResult
    public func remove(responseID: UInt32) -> Bool {
        lock.write {
            // Blocks hold increasing ids; find the block whose range contains the id.
            guard let chunk = chunks.last(where: { $0.count > 0 && $0.minResponseID <= responseID }),
                let i = chunk.position(of: responseID), chunk.dimensions[0][i] != 0
            else { return false }
            chunk.tombstone(at: i)
            deletedRows += 1
            return true
        }
    }

    /// Takes over another index's rows (built aside, so queries never see a half-built index). Rows this
    /// index received after `other` was read from the store (ids above its last) are carried over, with
    /// their day recomputed by `day` (the time zone may be what changed) and their tags coded anew.
    public func replace(with other: AnalyticsIndex, day: (UInt32) -> UInt16) {
        let (chunks, maxValue, deleted, tagTexts, tagCodes, arena) = other.lock.read {
            (other.chunks, other.maxValue, other.deletedRows, other.tagTexts, other.tagCodes, other.arena)
        }
        let lastID = chunks.last.map { $0.count > 0 ? $0.maxResponseID : 0 } ?? 0
        lock.write {
            var newer: [ResponseFacts] = []
            var newerTags: [ResponseTags] = []
            for chunk in self.chunks.reversed() {
                guard chunk.count > 0, chunk.maxResponseID > lastID else { break }
                for i in 0..<chunk.count where chunk.responseID(at: i) > lastID && chunk.dimensions[0][i] != 0 {
                    var row = chunk.row(at: i)
                    row.day = day(row.submittedAt)
                    newer.append(row)
                    let codes = chunk.tags.values(at: i)
                    if !codes.isEmpty {
                        newerTags.append(ResponseTags(responseId: row.responseId, tags: codes.map { self.tagTexts[Int($0) - 1] }))
                    }
                }
            }
            newer.sort { $0.responseId < $1.responseId }
            newerTags.sort { $0.responseId < $1.responseId }
            self.chunks = chunks
            self.arena = arena
            self.maxValue = maxValue
            self.deletedRows = deleted
            (self.tagTexts, self.tagCodes) = (tagTexts, tagCodes)
            if !newer.isEmpty { appendLocked(newer, tags: newerTags) }
        }
    }

    /// Sets the journey stage of each touchpoint (for the `stage` dimension).
    public func setStages(_ stages: [Touchpoint.ID: JourneyStage]) {
        lock.write {
            stageOfTouchpoint = [UInt16](repeating: 0, count: Int(ContextDimension.maxID) + 1)
            for (id, stage) in stages where (0...ContextDimension.maxID).contains(id.rawValue) {
                stageOfTouchpoint[Int(id.rawValue)] = stage.code
            }
        }
    }

    // MARK: Reading

    /// Live responses held.
    public var count: Int { lock.read { chunks.reduce(0) { $0 + $1.liveRows } } }

    /// Bytes of memory the index takes: columns (including unfilled space in the last block) and row lists.
    public var memoryBytes: Int { lock.read { chunks.reduce(0) { $0 + $1.memoryBytes } } }

    /// Every tag the index has seen, sorted (the filter menus).
    public var tags: [String] { lock.read { tagTexts }.sorted() }

    /// The part of `memoryBytes` the side columns take (tags): paid only where responses have them.
    public var sideColumnBytes: Int { lock.read { chunks.reduce(0) { $0 + $1.tags.memoryBytes } } }

    /// All rows in order, tombstones included (for tests and diagnostics).
    public func allRows() -> [ResponseFacts] {
        lock.read { chunks.flatMap { chunk in (0..<chunk.count).map(chunk.row(at:)) } }
    }

    /// Counts scores per group. Groups with no matching response are not returned.
    public func counts(_ query: MetricQuery) throws(QueryError) -> [MetricGroup] {
        try table(query).groups
    }

    /// The same counts in flat arrays: what the metrics service uses, since a query can have tens of
    /// thousands of groups.
    public func table(_ query: MetricQuery) throws(QueryError) -> MetricCounts {
        let result: Result<MetricCounts, QueryError> = lock.read {
            do throws(QueryError) { return .success(try run(query)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private func run(_ query: MetricQuery) throws(QueryError) -> MetricCounts {
        let plan = try ScanPlan(query: query, index: self)
        var counts = [UInt32](repeating: 0, count: plan.cells * plan.stride)
        if plan.matchesNothing { return plan.groups(from: &counts) }
        // Blocks whose counts answer for them (the whole block's, per day or per value) are added without
        // touching their rows; only the others are scanned, on two cores when they are many.
        var scanned: [(chunk: IndexChunk, checkTime: Bool)] = []
        for chunk in chunks where chunk.count > 0 {
            let period = plan.period(of: chunk)
            if period == .outside { continue }
            if period == .inside, let cell = plan.wholeChunkCell(chunk) {
                plan.addRollup(of: chunk, to: &counts, cell: cell)
            } else if !plan.addBlockCounts(of: chunk, period, to: &counts) {
                scanned.append((chunk, period == .partly))
            }
        }
        // Two cores pay when there are many rows to read (`twoCoresFrom`). Weighing the rows a filter lists
        // instead of the blocks' rows: 26 employees' answers over 90 days (R14 of seed 3) 0.45 → 0.41 ms, one
        // touchpoint's over 60 days (R12) 0.33 → 0.32. The cost is summed only until it reaches the bound.
        var cost = 0
        for (chunk, _) in scanned where cost < twoCoresFrom { cost += plan.scanCost(chunk) }
        if cost >= twoCoresFrom && scanned.count >= 2 {
            // Two cores, each taking the next block no one has taken yet, and the counts merged after. (Halves
            // fixed in advance waited for the slower one: a core that starts late — waking it takes tens of
            // microseconds — or runs slower beside another process, or a half of costlier blocks.) A second
            // core that wakes after the blocks ran out is not waited for (`SecondCore`).
            // The first core counts on top of `counts` (handed over, not copied: it already holds the blocks
            // added whole), the second into cells of its own, added in while the cells are read back: one more
            // array of cells, not two (a 200 × 2,000 grouping's are 19 MB each).
            // The second core zeroes its cells itself, while the first already counts: 19 MB of zeros on the
            // way to every answer of a 200 × 2,000 grouping.
            let size = counts.count
            let workers = [PartialCounts(counts), PartialCounts()]
            counts = []
            let blocks = scanned
            let helped = SecondCore.share(
                blocks.count, alwaysHelped: secondCoreAlwaysHelps,
                helperBegins: { workers[1].counts = [UInt32](repeating: 0, count: size) },
                task: { next, worker in
                    plan.scan(
                        blocks[next].chunk, checkTime: blocks[next].checkTime, into: &workers[worker].counts,
                        scratch: workers[worker].scratch)
                })
            counts = workers[0].take()
            return plan.groups(from: &counts, adding: helped ? workers[1].take() : nil)
        }
        let scratch = ScanScratch()
        for (chunk, checkTime) in scanned { plan.scan(chunk, checkTime: checkTime, into: &counts, scratch: scratch) }
        return plan.groups(from: &counts)
    }
}

/// The counts of one worker of a parallel scan, and its scratch space; only its own worker touches them.
private final class PartialCounts: @unchecked Sendable {
    var counts: [UInt32]
    lazy var scratch = ScanScratch()
    init(_ counts: [UInt32] = []) { self.counts = counts }

    /// The counts, handed over without a copy.
    func take() -> [UInt32] {
        defer { counts = [] }
        return counts
    }
}
