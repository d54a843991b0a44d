import Dispatch
import OtklikCore
import OtklikStore

/// A query compiled to lookup tables over the index's columns: one bitset per filter, one table per group
/// dimension that maps a raw value straight to its offset in the counts array. The row loop then does
/// only loads, bit tests and additions.
struct ScanPlan: @unchecked Sendable {
    /// Per cell: each metric's counts (`layout`). Every matched row adds one count to each metric (a skipped
    /// question to the `skipped` bin), so the first metric's counts add up to the responses matched.
    var stride: Int { layout.stride }
    /// Where each metric's counts lie in a cell: by score, or by the classes the query tells apart.
    let layout: CellLayout
    let cells: Int
    private let metrics: [MetricKind]
    private let metricColumns: [Int]
    private let filters: [(column: Int, bits: [UInt64])]
    /// The only filter is the one that keeps deleted rows out (every survey, asked for none): block counts,
    /// which hold live rows only, still answer.
    private let filtersOnlyDeleted: Bool
    /// When nothing is read but one column — grouped by it alone, filtered on it alone, or both (NPS by
    /// segment; NPS of survey 7; touchpoints 1–50 by touchpoint) — that column and, per raw value, the offset
    /// (× stride) of its cell (0 without grouping), -1 for a value a filter refuses: blocks' counts per value
    /// then answer (`addValueCounts`).
    private let countedValues: (column: Int, offsets: [Int32])?
    /// `countedValues` leaves some values out.
    private let filtersCountedColumn: Bool
    /// Per group dimension with more than one possible value: the column read and the offset (already ×
    /// stride) for each raw value.
    private let groupTables: [(column: Int, offsets: [Int32])]
    private let groupDimensions: [GroupDimension]
    private let bucket: TimeBucket?
    /// Bucket starts (day numbers) in order, and the offset of each day from `firstDay`.
    private let bucketStarts: [Int]
    private let dayOffsets: [Int32]
    private let firstDay: Int
    private let from: Int64
    private let to: Int64
    /// Bands each row is tested against: all of them but those taken off the rows (`binsOutsideBands`).
    private let bands: [(column: Int, low: UInt8, high: UInt8)]
    /// The bins of the first metric that bands taken off the rows leave out. A band on the only metric
    /// counted (NPS by segment for NPS 3–7) may drop the bins outside it once the rows are counted
    /// (`matchedCells`) instead of testing rows: a row out of the band would only have added to
    /// those bins. The query then counts as if it had no band, and takes the blocks' counts per value and per
    /// day.
    private let binsOutsideBands: [Int]
    private let hasComment: UInt64?
    private let responseIDs: Set<UInt32>?
    /// The same tables as raw memory, for the row loops.
    private let tables: RawTables
    /// Per filter, its accepted raw values (ascending, none above the largest stored) when they are few
    /// enough to read from a sealed block's runs or row lists; nil otherwise.
    private let filterValues: [[UInt16]?]
    /// Per filter, its accepted values as a few ranges (`mostTestedRanges`), for a test of sixteen rows at
    /// a time (`markRanges`); nil when they take more.
    private let filterRanges: [[ClosedRange<UInt16>]?]
    /// The codes of the tags asked for (ascending; a tag never seen has none), or nil without a tag filter.
    private let tagFilter: [UInt32]?
    /// Grouped by tag: the offset (already × stride) of each tag code's cells, -1 for a tag the filter
    /// refuses; nil when not grouped by tag. A row counts once for each of its tags.
    private let tagGroup: [Int32]?
    /// Tag texts by code, for naming the groups.
    private let tagTexts: [String]
    /// The customers' dimensions the query filters or groups by, each read as a column of its label codes
    /// that `fillLabels` writes for every block scanned: column `ContextDimension.stored.count + k` is
    /// `labels[k]`'s.
    private let labels: [ResponseLabels]
    /// No row can pass: a filter accepts no value that occurs (a location or stage nobody answered at, a tag
    /// never given, no response ids), so no block need be read.
    let matchesNothing: Bool

    /// Compiles `query` against the index's current state; under its lock. A plan that `listsRows` (a
    /// response list's) picks rows rather than counting them: every band is then tested on the rows.
    init(query: MetricQuery, index: AnalyticsIndex, listsRows: Bool = false) throws(AnalyticsIndex.QueryError) {
        precondition(!query.metrics.isEmpty, "a query counts at least one metric")
        precondition(query.filters[.tag] == nil, "tags filter by their text (MetricQuery.tags)")
        let (storedMaxValue, stageOfTouchpoint, chunks) = (index.maxValue, index.stageOfTouchpoint, index.chunks)
        // Customers' dimensions become columns of label codes after the stored ones; their filters name
        // values (a customer's id), turned into codes here. A value no response has matches nothing.
        let labelDimensions = ContextDimension.ofCustomers.filter { query.filters[$0] != nil || query.groupBy.contains($0) }
        let labels = labelDimensions.map { dimension in
            guard let labels = query.labels[dimension] else {
                preconditionFailure("\(dimension.rawValue) needs its labels (MetricQuery.labels)")
            }
            return labels
        }
        self.labels = labels
        let maxValue = storedMaxValue + labels.map { UInt16($0.values.count - 1) }
        var rawFilters = query.filters
        for (dimension, labels) in zip(labelDimensions, labels) {
            guard let values = query.filters[dimension] else { continue }
            rawFilters[dimension] = Set(values.compactMap { labels.code(of: $0).map(Int64.init) })
        }
        let excludeDeleted = index.deletedRows > 0
        let bins = IndexChunk.bins
        metrics = query.metrics
        metricColumns = query.metrics.map(\.column)
        from = query.from ?? .min
        to = query.to ?? .max

        func column(_ dimension: ContextDimension) -> Int {
            if let k = labelDimensions.firstIndex(of: dimension) { return ContextDimension.stored.count + k }
            return ContextDimension.stored.firstIndex(of: dimension == .stage ? .touchpoint : dimension)!
        }

        // Filters: a bitset of accepted raw values. A stage filter becomes a touchpoint filter.
        var filters: [(column: Int, bits: [UInt64])] = []
        var filterList = rawFilters.sorted { $0.key.rawValue < $1.key.rawValue }
        if excludeDeleted && rawFilters[.survey] == nil {
            filterList.append((.survey, Set((1...Int64(maxValue[0] == 0 ? 1 : maxValue[0])))))
        }
        for (dimension, values) in filterList {
            var bits = [UInt64](repeating: 0, count: (Int(ContextDimension.maxID) + 1) / 64)
            func set(_ raw: Int) { bits[raw >> 6] |= 1 << UInt64(raw & 63) }
            if dimension == .stage {
                for (touchpoint, stage) in stageOfTouchpoint.enumerated() where values.contains(Int64(stage)) {
                    set(touchpoint)
                }
            } else {
                for value in values where (0...ContextDimension.maxID).contains(value) { set(Int(value)) }
            }
            filters.append((column(dimension), bits))
        }
        self.filters = filters
        filtersOnlyDeleted = rawFilters.isEmpty && filters.count == 1

        // Time buckets over the days of the blocks the period reaches (a year of a ten-year history gets a
        // year of buckets).
        bucket = query.bucket
        var bucketStarts: [Int] = []
        var dayOffsets: [Int32] = []
        var firstDay = 0
        if let bucket = query.bucket {
            let (from, to) = (from, to)
            let live = chunks.filter {
                $0.count > 0 && Int64($0.maxSubmittedAt) >= from && Int64($0.minSubmittedAt) < to
            }
            let low = Int(live.map(\.minDay).min() ?? 0)
            let high = Int(live.map(\.maxDay).max() ?? 0)
            firstDay = low
            var start = bucket.start(ofDay: low)
            while start <= high {
                let next = bucket.next(afterStart: start)
                for _ in max(start, low)..<min(next, high + 1) { dayOffsets.append(Int32(bucketStarts.count)) }
                bucketStarts.append(start)
                start = next
            }
        }
        self.firstDay = firstDay

        // Group tables: cell = Σ value index × product of the cardinalities after it; time bucket last. A
        // grouped dimension that is also filtered gets cells only for its accepted values (ten employees
        // grouped by week need ten rows of weeks, not two thousand): `values` then maps an index back.
        let tagFilter = query.tags.map { $0.compactMap { index.tagCodes[$0] }.sorted() }
        self.tagFilter = tagFilter
        tagTexts = index.tagTexts
        var dimensions: [GroupDimension] = query.groupBy.map { dimension -> GroupDimension in
            if dimension == .tag {
                if let tagFilter {
                    return GroupDimension(dimension: dimension, cardinality: max(tagFilter.count, 1), values: tagFilter.map(Int64.init))
                }
                return GroupDimension(dimension: dimension, cardinality: index.tagTexts.count + 1, values: nil)
            }
            if dimension == .stage {
                return GroupDimension(dimension: dimension, cardinality: JourneyStage.allCases.count + 1, values: nil)
            }
            let largest = Int64(maxValue[column(dimension)])
            if let f = filterList.prefix(rawFilters.count).firstIndex(where: { $0.key == dimension }) {
                // The accepted values in order, read off the filter's bitset: sorting a set of hundreds of
                // ids took longer.
                let bits = filters[f].bits
                let values = (0...largest).filter { bits[Int($0) >> 6] >> UInt64($0 & 63) & 1 != 0 }
                return GroupDimension(dimension: dimension, cardinality: max(values.count, 1), values: values)
            }
            return GroupDimension(dimension: dimension, cardinality: Int(largest) + 1, values: nil)
        }
        let bucketCount = query.bucket == nil ? 1 : max(bucketStarts.count, 1)
        let cells = dimensions.reduce(bucketCount) { $0 * $1.cardinality }
        guard cells <= AnalyticsIndex.maxCells else {
            throw .tooManyGroups(cells: cells, limit: AnalyticsIndex.maxCells)
        }
        self.cells = cells
        // Bands on the only metric counted can be taken off the rows (`binsOutsideBands`, below): they need
        // its counts by score.
        let foldable = listsRows || query.metrics.count != 1 ? [] : query.scoreBands.filter { $0.metric == query.metrics[0] }
        // Many cells count by class when the asker tells no more apart: a 200 × 2,000 grouping's cells take 6.4
        // MB for NPS instead of 19, zeroed, scattered into, merged and read back (through HTTP A31 0.80, A18
        // 0.81). Not when grouped by employee alone (and time): their runs' counts, added a run at a time,
        // are added faster by score than each to its class (A16 1.12 by class).
        let byClass =
            foldable.isEmpty && query.groupBy != [.employee] && cells * query.metrics.count * bins >= index.countsByClassFrom
        layout = CellLayout(metrics: query.metrics, classes: byClass ? query.scoreClasses : [:])
        let stride = layout.stride
        var multiplier = bucketCount
        var tables: [(column: Int, offsets: [Int32])] = []
        var tagGroup: [Int32]?
        for group in dimensions.reversed() {
            let offsets: [Int32]
            if group.dimension == .tag {
                var table = [Int32](repeating: -1, count: index.tagTexts.count + 1)
                for (i, code) in (group.values ?? (0..<Int64(table.count)).map { $0 }).enumerated() {
                    table[Int(code)] = Int32(i * multiplier * stride)
                }
                tagGroup = table
                multiplier *= group.cardinality
                continue
            }
            if group.dimension == .stage {
                // Only touchpoint ids that occur (up to the largest stored) need an entry.
                let touchpoints = Int(maxValue[column(.touchpoint)]) + 1
                offsets = stageOfTouchpoint.prefix(touchpoints).map { Int32(Int($0) * multiplier * stride) }
            } else if let values = group.values {
                // Values the filter refuses never reach the table's lookup: they may share offset 0.
                var table = [Int32](repeating: 0, count: Int(maxValue[column(group.dimension)]) + 1)
                for (index, value) in values.enumerated() { table[Int(value)] = Int32(index * multiplier * stride) }
                offsets = table
            } else {
                // Values above the largest stored one never occur: the table stops there.
                offsets = (0..<group.cardinality).map { Int32($0 * multiplier * stride) }
            }
            // A dimension with one possible value (no location stored yet; one employee asked for) always
            // adds 0: the rows need not read it, and a grouping by it and by employee counts by runs.
            if group.cardinality > 1 { tables.append((column(group.dimension), offsets)) }
            multiplier *= group.cardinality
        }
        dimensions.reverse()
        self.tagGroup = tagGroup
        groupTables = tables
        groupDimensions = dimensions.reversed()
        self.bucketStarts = bucketStarts
        self.dayOffsets = dayOffsets.map { $0 * Int32(stride) }

        hasComment = query.hasComment.map { $0 ? 1 : 0 }
        responseIDs = query.responseIDs
        // Bands on the only metric counted can be taken off the rows (`binsOutsideBands`). That pays only
        // when the blocks' counts then answer without reading a row: one counted column grouped or filtered
        // (`countedValues`), or nothing but time. Where rows are read anyway, the band keeps out rows that
        // would otherwise be counted: taken off, R9 of seed 2 (another band on the rows) was 40% slower, NPS
        // by touchpoint × segment for detractors over a quarter 10–35%, CSAT by survey × channel for 4–5
        // over all history 20–30%.
        let rowBands = query.scoreBands.filter { !foldable.contains($0) }
        let testsOnlyColumns = rowBands.isEmpty && hasComment == nil && responseIDs == nil && tagFilter == nil && tagGroup == nil
        let counted = Self.countedValues(
            filters: Array(filters.prefix(rawFilters.count)), groupTables: tables, maxValue: maxValue,
            testsOnlyColumns: testsOnlyColumns)
        let onlyTime = (filters.isEmpty || filtersOnlyDeleted) && tables.isEmpty
        let folds = !foldable.isEmpty && testsOnlyColumns && (counted != nil || onlyTime)
        binsOutsideBands = folds ? (0..<bins).filter { bin in !foldable.allSatisfy { $0.range.contains(bin) } } : []
        bands = (folds ? rowBands : query.scoreBands).map {
            (
                $0.metric.column, UInt8(clamping: $0.range.lowerBound),
                UInt8(clamping: $0.range.upperBound)
            )
        }
        // A band left on the rows has them read.
        countedValues = bands.isEmpty ? counted : nil
        filterValues = filters.map { filter in
            let largest = Int(maxValue[filter.column])
            var values: [UInt16] = []
            for raw in 0...largest where (filter.bits[raw >> 6] >> UInt64(raw & 63)) & 1 != 0 {
                values.append(UInt16(raw))
                if values.count > Self.mostListedValues { return nil }
            }
            return values
        }
        filterRanges = filters.map { Self.ranges(of: $0.bits, upTo: Int(maxValue[$0.column])) }
        matchesNothing =
            filterValues.contains { $0?.isEmpty == true } || tagFilter?.isEmpty == true || responseIDs?.isEmpty == true
        filtersCountedColumn = countedValues?.offsets.contains(-1) ?? false
        self.tables = RawTables(
            filterBits: filters.map(\.bits), groupOffsets: groupTables.map(\.offsets),
            dayOffsets: self.dayOffsets, tagGroup: tagGroup, binOffsets: layout.offsets)
    }

    private static func countedValues(
        filters: [(column: Int, bits: [UInt64])], groupTables: [(column: Int, offsets: [Int32])], maxValue: [UInt16],
        testsOnlyColumns: Bool
    ) -> (column: Int, offsets: [Int32])? {
        guard testsOnlyColumns, groupTables.count <= 1,
            let column = groupTables.first?.column ?? filters.first?.column,
            IndexChunk.countedColumns.contains(column), filters.allSatisfy({ $0.column == column })
        else { return nil }
        let offsets = (0...Int(maxValue[column])).map { value -> Int32 in
            let accepted = filters.allSatisfy { ($0.bits[value >> 6] >> UInt64(value & 63)) & 1 != 0 }
            return accepted ? groupTables.first?.offsets[value] ?? 0 : -1
        }
        return (column, offsets)
    }

    /// How a block's time bounds meet the query's period: no row can be in it, some may be (their times are
    /// checked), or every row is.
    enum BlockPeriod { case outside, partly, inside }

    func period(of chunk: IndexChunk) -> BlockPeriod {
        if Int64(chunk.maxSubmittedAt) < from || Int64(chunk.minSubmittedAt) >= to { return .outside }
        return Int64(chunk.minSubmittedAt) >= from && Int64(chunk.maxSubmittedAt) < to ? .inside : .partly
    }

    /// The one cell a whole block falls into, if its counts can be used as they are: nothing to filter or
    /// group by, and the block's days within one time bucket.
    func wholeChunkCell(_ chunk: IndexChunk) -> Int? {
        guard testsNoRow, groupTables.isEmpty, tagGroup == nil else { return nil }
        return blockBucketOffset(chunk).map { Int($0) / stride }
    }

    /// Nothing tests a row but whether it was deleted: no filter, band, comment, id list or tag. (The block
    /// counts this allows hold live rows only.)
    private var testsNoRow: Bool {
        (filters.isEmpty || filtersOnlyDeleted) && bands.isEmpty && hasComment == nil && responseIDs == nil && tagFilter == nil
    }

    /// The offset (× stride) of the time bucket every day of the block falls in: 0 without time buckets,
    /// nil when the block's days reach into more than one.
    private func blockBucketOffset(_ chunk: IndexChunk) -> Int32? {
        guard bucket != nil else { return 0 }
        let first = dayOffsets[Int(chunk.minDay) - firstDay]
        return first == dayOffsets[Int(chunk.maxDay) - firstDay] ? first : nil
    }

    /// The days of a block (from its `minDay`) the period takes, when it takes or leaves each day whole
    /// (`IndexChunk.dayTimes`: a period of dates starts and ends at midnights): every day of a block inside
    /// the period. Nil when a day's rows lie on both sides of a bound (a period given to the second) or the
    /// block has no counts.
    private func daysInPeriod(of chunk: IndexChunk, _ period: BlockPeriod) -> Range<Int>? {
        guard chunk.hasCounts else { return nil }
        if period == .inside { return 0..<chunk.dayTimes.count }
        var (low, high) = (chunk.dayTimes.count, 0)
        for (d, times) in chunk.dayTimes.enumerated() where times.first <= times.last {
            let (first, last) = (Int64(times.first), Int64(times.last))
            if first >= from && last < to {
                (low, high) = (min(low, d), d + 1)
            } else if last >= from && first < to {
                return nil
            }
        }
        return low < high ? low..<high : 0..<0
    }

    /// Adds a block's counts (per value or per day) when they answer for it without reading a row:
    /// the period takes its days whole and, but for counts per value, every day it takes lies in one time
    /// bucket. Returns false when rows must be read (`scan`, which may still use the counts and move a few
    /// rows).
    func addBlockCounts(of chunk: IndexChunk, _ period: BlockPeriod, to counts: inout [UInt32]) -> Bool {
        guard let days = daysInPeriod(of: chunk, period) else { return false }
        return addValueCounts(of: chunk, days: days, to: &counts, moving: nil) || addDayRollups(of: chunk, days: days, to: &counts)
    }

    /// The offset (× stride) of the time bucket holding a block's `day` (counted from its `minDay`): 0
    /// without time buckets.
    private func bucketOffset(of chunk: IndexChunk, day: Int) -> Int32 {
        bucket == nil ? 0 : dayOffsets[Int(chunk.minDay) + day - firstDay]
    }

    /// Marks a day outside the period in `addValueCounts`'s cells per day.
    private static let outsidePeriod = Int32.min

    /// Adds a block's counts per value (`IndexChunk.valueCounts`) for the days the period takes
    /// (`days`) when they answer for it: the one column read is a counted one, grouped by (survey,
    /// touchpoint, segment …, or stage through the touchpoint) or filtered on or both (`countedValues`), the
    /// values a filter refuses left out. Counts per day go each to its day's time bucket; counts per value
    /// go to the time bucket holding most of the block's rows, and when its days reach into other buckets
    /// (a week's boundary falls inside most blocks) or out of the period, the rows of those — at most half —
    /// are then moved with `moving`'s scratch, each adding one to its own cell (none out of the period) and
    /// taking one from the big bucket's (counts wrap, and end right): two increments for a few rows instead
    /// of one for every row. Returns false when the rows must be read, or moved without `moving`.
    private func addValueCounts(
        of chunk: IndexChunk, days: Range<Int>, to counts: inout [UInt32], moving scratch: ScanScratch?
    ) -> Bool {
        guard let (column, offsets) = countedValues, column < chunk.valueCounts.count,  // blocks with counts have them
            let valueCounts = chunk.valueCounts[column]
        else { return false }
        let bins = IndexChunk.bins
        let slots = metricColumns.map { valueCounts.slots[$0] }
        let stored = valueCounts.counts
        let binOffsets = self.binOffsets
        /// Adds the counts of the (day, value) at `start` to the cell at `cell`.
        func add(_ start: Int, to cell: Int, _ counts: UnsafeMutableBufferPointer<UInt32>) {
            for (m, slot) in slots.enumerated() {
                if slot < 0 {
                    counts[cell + binOffsets(m * bins + Int(ResponseFacts.skipped))] &+= valueCounts.rows(at: start)
                } else if binOffsets.byScore {
                    // Bins side by side, added as vectors: a grouping by touchpoint × week adds tens of millions.
                    let from = start + slot * bins
                    for bin in 0..<bins { counts[cell + m * bins + bin] &+= UInt32(stored[from + bin]) }
                } else {
                    let from = start + slot * bins
                    for bin in 0..<bins { counts[cell + binOffsets(m * bins + bin)] &+= UInt32(stored[from + bin]) }
                }
            }
        }
        if valueCounts.days > 1 {
            // Counts per day too: each day goes to its own time bucket, and no row is read.
            offsets.withUnsafeBufferPointer { offsets in
                counts.withUnsafeMutableBufferPointer { counts in
                    for day in days {
                        let base = Int(bucketOffset(of: chunk, day: day))
                        for value in 0..<valueCounts.values where offsets[value] >= 0 {
                            add(valueCounts.start(day: day, value: value), to: base + Int(offsets[value]), counts)
                        }
                    }
                }
            }
            return true
        }
        // Constants, not variables: a `var` captured by the nested functions below is checked for exclusive
        // access at every read (`swift_beginAccess`: 30% of a grouping by touchpoint × week).
        let (base, moveRows): (Int32, Bool)
        let dayCells: [Int32]
        // The cells other than the big bucket's that rows are moved to (`outsidePeriod` among them: taken out).
        let otherCells: [Int32]
        if days.count == chunk.dayTimes.count, let offset = blockBucketOffset(chunk) {
            (base, moveRows, dayCells, otherCells) = (offset, false, [], [])
        } else {
            // Each day's cell: its time bucket's, or none out of the period.
            dayCells = chunk.rowsPerDay.indices.map { d in
                days.contains(d) ? bucketOffset(of: chunk, day: d) : Self.outsidePeriod
            }
            var rowsPerCell: [Int32: Int] = [:]
            for (d, rows) in chunk.rowsPerDay.enumerated() where rows > 0 { rowsPerCell[dayCells[d], default: 0] += Int(rows) }
            guard let biggest = rowsPerCell.filter({ $0.key != Self.outsidePeriod }).max(by: { ($0.value, $1.key) < ($1.value, $0.key) })
            else { return true }  // no row in the period
            // Rows lie in more than one cell here: a block taken whole within one bucket took the path above,
            // and a block the period cuts through has rows out of it. A deleted row is gone from the value
            // counts but not from the rows per day. Under a filter the other values' rows would be visited to
            // be left out: its row lists read fewer.
            guard scratch != nil, chunk.liveRows == chunk.count, !filtersCountedColumn,
                (chunk.count - biggest.value) * 2 <= chunk.count
            else { return false }
            (base, moveRows) = (biggest.key, true)
            otherCells = rowsPerCell.keys.filter { $0 != base }
        }
        offsets.withUnsafeBufferPointer { offsets in
            let offsets = offsets.baseAddress!
            counts.withUnsafeMutableBufferPointer { counts in
                for value in 0..<valueCounts.values where offsets[value] >= 0 {
                    add(valueCounts.start(day: 0, value: value), to: Int(base) + Int(offsets[value]), counts)
                }
                guard moveRows, let scratch else { return }
                dayCells.withUnsafeBufferPointer { dayCells in
                    let days = UnsafePointer(chunk.day)
                    let dayCell = dayCells.baseAddress!
                    let values = chunk.dimensions[column]
                    let scores = metricColumns.map { UnsafePointer(chunk.scores[$0]) }
                    // One or two metrics (the usual cases) add their counts directly, not by a loop over the metrics.
                    let (first, second) = (scores[0], scores.count == 2 ? scores[1] : nil)
                    let minDay = Int(chunk.minDay)
                    let cells = counts.baseAddress!
                    func bucket(_ row: Int) -> Int32 { dayCell[Int(days[row]) &- minDay] }
                    func move(_ row: Int, to bucket: Int32) {
                        let cell = cells + Int(offsets[Int(values[row])])
                        let outside = bucket == Self.outsidePeriod
                        if scores.count == 1 {
                            let score = binOffsets(Int(first[row]))
                            if !outside { cell[Int(bucket) &+ score] &+= 1 }
                            cell[Int(base) &+ score] &-= 1
                        } else if let second {
                            let (score, other) = (binOffsets(Int(first[row])), binOffsets(bins &+ Int(second[row])))
                            if !outside {
                                cell[Int(bucket) &+ score] &+= 1
                                cell[Int(bucket) &+ other] &+= 1
                            }
                            cell[Int(base) &+ score] &-= 1
                            cell[Int(base) &+ other] &-= 1
                        } else {
                            if !outside { Self.count(row, scores, binOffsets, into: cell + Int(bucket)) }
                            Self.count(row, scores, binOffsets, into: cell + Int(base), adding: .max)
                        }
                    }
                    if chunk.daysAscendingInRuns {
                        // In each employee's run the big bucket's rows are one stretch: the others are at its ends.
                        // The big bucket's days are one range (buckets and the period are runs of days): a row's
                        // day is compared with its ends, and only a moved row looks up its cell. An end with no
                        // row outside that range in the whole block is not looked at.
                        let baseDays = dayCells.indices.filter { dayCells[$0] == base }
                        let (low, high) = (minDay + baseDays.first!, minDay + baseDays.last!)
                        let rowsPerDay = chunk.rowsPerDay
                        let movesFirst = rowsPerDay[..<(low - minDay)].contains { $0 > 0 }
                        let movesLast = rowsPerDay[(high - minDay + 1)...].contains { $0 > 0 }
                        let (starts, n) = (chunk.employeeRuns.starts, chunk.count)
                        @inline(__always)
                        func forEachRowToMove(_ body: (Int) -> Void) {
                            for run in starts.indices {
                                var (head, tail) = (Int(starts[run]), (run + 1 < starts.count ? Int(starts[run + 1]) : n) - 1)
                                if movesFirst {
                                    while head <= tail && Int(days[head]) < low {
                                        body(head)
                                        head += 1
                                    }
                                }
                                if movesLast {
                                    while tail >= head && Int(days[tail]) > high {
                                        body(tail)
                                        tail -= 1
                                    }
                                }
                            }
                        }
                        // All of them bound for one other bucket of the period (a block across one week's
                        // boundary, as most are): counted per value in a small table of their own, one
                        // increment a row instead of two, and the table moved whole after (Q2 25% faster).
                        guard otherCells.count == 1, let other = otherCells.first, other != Self.outsidePeriod else {
                            forEachRowToMove { move($0, to: bucket($0)) }
                            return
                        }
                        let perValue = stride
                        let moved = UnsafeMutablePointer<UInt32>.allocate(capacity: valueCounts.values * perValue)
                        moved.initialize(repeating: 0, count: valueCounts.values * perValue)
                        defer { moved.deallocate() }
                        if let second {
                            forEachRowToMove { row in
                                let cell = moved + Int(values[row]) &* perValue
                                cell[binOffsets(Int(first[row]))] &+= 1
                                cell[binOffsets(bins &+ Int(second[row]))] &+= 1
                            }
                        } else if scores.count == 1 {
                            forEachRowToMove { row in moved[Int(values[row]) &* perValue &+ binOffsets(Int(first[row]))] &+= 1 }
                        } else {
                            forEachRowToMove { row in Self.count(row, scores, binOffsets, into: moved + Int(values[row]) &* perValue) }
                        }
                        for value in 0..<valueCounts.values where offsets[value] >= 0 {
                            let cell = cells + Int(offsets[value])
                            for k in 0..<perValue {
                                let count = moved[value &* perValue &+ k]
                                cell[Int(base) &+ k] &-= count
                                cell[Int(other) &+ k] &+= count
                            }
                        }
                    } else {
                        let selection = scratch.selection
                        var moved = 0
                        for row in 0..<chunk.count {
                            selection[moved] = UInt16(truncatingIfNeeded: row)
                            moved &+= Self.one(bucket(row) != base)
                        }
                        for k in 0..<moved {
                            let row = Int(selection[k])
                            move(row, to: bucket(row))
                        }
                    }
                }
            }
        }
        return true
    }

    /// Adds a block's counts per day (`IndexChunk.dayRollups`) for the days the period takes, each to
    /// its day's time bucket, when they answer for it: nothing to filter or group by but time (NPS by week,
    /// by day; NPS of a period that cuts through the block).
    private func addDayRollups(of chunk: IndexChunk, days: Range<Int>, to counts: inout [UInt32]) -> Bool {
        guard chunk.hasCounts, testsNoRow, groupTables.isEmpty, tagGroup == nil else { return false }
        let bins = IndexChunk.bins
        let perDay = IndexChunk.countsPerValue
        let rollups = chunk.dayRollups
        for d in days {
            let cell = Int(bucketOffset(of: chunk, day: d))
            for (m, column) in metricColumns.enumerated() {
                let from = d * perDay + column * bins
                for bin in 0..<bins { counts[cell + Int(layout.offsets[m * bins + bin])] &+= rollups[from + bin] }
            }
        }
        return true
    }

    func addRollup(of chunk: IndexChunk, to counts: inout [UInt32], cell: Int) {
        let base = cell * stride
        let bins = IndexChunk.bins
        for (m, column) in metricColumns.enumerated() {
            for bin in 0..<bins { counts[base + Int(layout.offsets[m * bins + bin])] &+= chunk.rollup[column * bins + bin] }
        }
    }

    /// Adds the block's matching rows to `counts`: first the rows that pass the filters (a selection vector
    /// or a bitmap, only when something filters), then per row its cell from the group tables and one
    /// increment per metric, in tight loops over raw pointers. A block whose counts per value answer the
    /// query once a few rows are moved between time buckets (`addValueCounts`) reads only those.
    func scan(_ chunk: IndexChunk, checkTime: Bool, into counts: inout [UInt32], scratch: ScanScratch) {
        if let days = daysInPeriod(of: chunk, checkTime ? .partly : .inside),
            addValueCounts(of: chunk, days: days, to: &counts, moving: scratch)
        {
            return
        }
        let n = chunk.count
        let tables = self.tables
        let selection = scratch.selection
        let offsets = scratch.offsets
        // A block whose days all fall in one time bucket (the usual case: rows arrive in time order) adds
        // its bucket's offset as a constant instead of looking up every row's day.
        let blockBucket = blockBucketOffset(chunk)
        let base = blockBucket ?? 0
        let perRowDays = blockBucket == nil

        // 1. Filters → the rows that pass: all, a selection vector, or a bitmap (counted as it is where the
        // rows are looked up anyway: listing them first costs more). Only counting by employees' runs (step 2)
        // and by tag needs the selected rows in row order; counting row by row, or the whole block as one run
        // (nothing grouped but the block's one time bucket), takes them in any order.
        // Grouped by employee alone in a block of one time bucket: each employee's run of rows shares a cell.
        let runsShareCells = !perRowDays && groupTables.count == 1 && groupTables[0].column == IndexChunk.employeeColumn
        let rows: RowSource
        switch narrow(chunk, checkTime: checkTime, into: scratch, inRowOrder: runsShareCells || tagGroup != nil) {
        case .all: rows = .all(n)
        case .rows(let count): rows = .listed(selection, count: count)
        case .bitmap: rows = .marked(scratch.marks, rows: n)
        }
        if case .listed(_, 0) = rows { return }

        // 2. Rows that share one cell counted by runs: the whole block when nothing is grouped, an employee's
        // rows when grouped by employee and the selected rows fill the runs (a few rows scattered over many
        // runs — a narrow filter: a tag, a comment and a period — cost a search for their run each, more than
        // one increment). Rows marked in a bitmap are counted row by row (step 3) instead, however many: each
        // run's words of the bitmap cost more than a marked row's cell looked up. One channel of eight by
        // employee over a year 2.5 → 1.4 ms; answers with a comment by employee over 90 days 0.63 → 0.37; a
        // band that keeps nearly every row 3.9 → 2.8.
        if !perRowDays && tagGroup == nil {
            if groupTables.isEmpty {
                countRuns(chunk, starts: [0], cellOffset: { _ in base }, rows: rows, into: &counts)
                return
            }
            if chunk.isSealed && runsShareCells && !rows.isMarked && rows.count >= 2 * chunk.employeeRuns.starts.count {
                let table = tables.groupOffsets[0]
                let values = chunk.employeeRuns.values
                countRuns(
                    chunk, starts: chunk.employeeRuns.starts, cellOffset: { table[Int(values[$0])] &+ base }, rows: rows,
                    runCounts: chunk.runCounts, into: &counts)
                return
            }
        }
        // 3. Each row's cell from the group tables, and its counts.
        guard let tagGroup = tables.tagGroup else {
            countRows(chunk, rows, base: base, perRowDays: perRowDays, into: &counts, scratch: scratch)
            return
        }

        // Grouped by tag: the cell offset of each selected row by the other groupings (one pass per table),
        // then its tags.
        let filtering: Bool
        let selected: Int
        switch rows {
        case .all(let count): (filtering, selected) = (false, count)
        case .listed(_, let count): (filtering, selected) = (true, count)
        case .marked: (filtering, selected) = (true, listMarkedRows(chunk, scratch))
        }
        guard selected > 0 else { return }
        var assigned = false
        func addOffsets(_ column: DimensionColumn, _ table: UnsafePointer<Int32>, bias: Int) {
            switch (filtering, assigned) {
            case (true, true): for k in 0..<selected { offsets[k] &+= table[Int(column[Int(selection[k])]) &- bias] }
            case (true, false): for k in 0..<selected { offsets[k] = table[Int(column[Int(selection[k])]) &- bias] &+ base }
            case (false, true): for k in 0..<selected { offsets[k] &+= table[Int(column[k]) &- bias] }
            case (false, false): for k in 0..<selected { offsets[k] = table[Int(column[k]) &- bias] &+ base }
            }
            assigned = true
        }
        for (g, group) in groupTables.enumerated() {
            addOffsets(column(group.column, of: chunk, scratch), tables.groupOffsets[g], bias: 0)
        }
        if perRowDays {
            addOffsets(DimensionColumn(wide: chunk.day), tables.dayOffsets, bias: firstDay)
        }
        if !assigned {
            // Grouped by tag alone (maybe by a time bucket the whole block falls in): every row's other cell is `base`.
            countByTagAlone(
                chunk, tagGroup, base: Int(base), selection: filtering ? selection : nil, selected: selected, into: &counts,
                scratch: scratch)
            return
        }
        countByTag(chunk, tagGroup, selection: filtering ? selection : nil, selected: selected, into: &counts, scratch: scratch)
    }

    /// Steps 2 and 3 at once: each row's cell summed from the group tables and one count added per metric,
    /// in one loop per usual shape (one to three metrics, up to three lookups: looping over the lookups and
    /// metrics cost more instructions per row than the lookups themselves). Rows marked in a bitmap are
    /// read straight from its bits: listing them first and making a pass per table took 1.6–2× as long
    /// when a filter keeps many rows in a few hundred cells (a score band over a year by channel × segment).
    private func countRows(
        _ chunk: IndexChunk, _ rows: RowSource, base: Int32, perRowDays: Bool, into counts: inout [UInt32],
        scratch: ScanScratch
    ) {
        // Each layout its own copy of the loops (a generic specialised twice): one loop for both, choosing the
        // bin through a closure, made one metric's 2.4 times as slow; and the loops of one layout, changed,
        // moved the other's registers and made it 40% slower.
        if binOffsets.byScore {
            countRows(chunk, rows, base: base, perRowDays: perRowDays, into: &counts, scratch: scratch, bins: BinsByScore())
        } else {
            countRows(
                chunk, rows, base: base, perRowDays: perRowDays, into: &counts, scratch: scratch,
                bins: BinsByClass(table: tables.binOffsets))
        }
    }

    private func countRows<Bins: BinPlacement>(
        _ chunk: IndexChunk, _ rows: RowSource, base: Int32, perRowDays: Bool, into counts: inout [UInt32],
        scratch: ScanScratch, bins placement: Bins
    ) {
        var lookups = groupTables.indices.map { g in
            CellLookup(column: column(groupTables[g].column, of: chunk, scratch), table: tables.groupOffsets[g], bias: 0)
        }
        if perRowDays { lookups.append(CellLookup(column: DimensionColumn(wide: chunk.day), table: tables.dayOffsets, bias: firstDay)) }
        let scores = metricColumns.map { UnsafePointer(chunk.scores[$0]) }
        let bins = IndexChunk.bins
        let binOffsets = self.binOffsets
        counts.withUnsafeMutableBufferPointer { counts in
            let cells = counts.baseAddress! + Int(base)
            // A loop per usual number of metrics: one; NPS and CSAT; with CES, the dashboard's three (the loop
            // over the metrics cost more than the lookups).
            @inline(__always)
            func count(cellOf: (Int) -> Int) {
                switch scores.count {
                case 1:
                    let score = scores[0]
                    rows.forEach { cells[cellOf($0) &+ placement.offset(Int(score[$0]))] &+= 1 }
                case 2:
                    let (first, second) = (scores[0], scores[1])
                    rows.forEach { row in
                        let cell = cells + cellOf(row)
                        let (i, j) = (placement.offset(Int(first[row])), placement.offset(bins &+ Int(second[row])))
                        if Bins.loadsBeforeStores {
                            let (x, y) = (cell[i], cell[j])
                            cell[i] = x &+ 1
                            cell[j] = y &+ 1
                        } else {
                            cell[i] &+= 1
                            cell[j] &+= 1
                        }
                    }
                case 3:
                    let (first, second, third) = (scores[0], scores[1], scores[2])
                    rows.forEach { row in
                        let cell = cells + cellOf(row)
                        let (i, j) = (placement.offset(Int(first[row])), placement.offset(bins &+ Int(second[row])))
                        let k = placement.offset(2 &* bins &+ Int(third[row]))
                        if Bins.loadsBeforeStores {
                            let (x, y, z) = (cell[i], cell[j], cell[k])
                            cell[i] = x &+ 1
                            cell[j] = y &+ 1
                            cell[k] = z &+ 1
                        } else {
                            cell[i] &+= 1
                            cell[j] &+= 1
                            cell[k] &+= 1
                        }
                    }
                default:
                    rows.forEach { Self.count($0, scores, binOffsets, into: cells + cellOf($0)) }
                }
            }
            switch lookups.count {
            case 0:
                count { _ in 0 }
            // One and two lookups (the usual shapes) get a loop per width of their columns: reading either
            // width through one masked load (`DimensionColumn`) cost two instructions more per lookup, and the
            // scans whose columns sit in the caches (a quarter's rows by touchpoint × segment) are bound by
            // instructions, not by memory.
            case 1:
                @inline(__always)
                func count1<A: FixedWidthInteger>(_ a: TypedLookup<A>) { count { a.offset($0) } }
                let a = lookups[0]
                if a.column.isNarrow { count1(a.typed(UInt8.self)) } else { count1(a.typed(UInt16.self)) }
            case 2:
                @inline(__always)
                func count2<A: FixedWidthInteger, B: FixedWidthInteger>(_ a: TypedLookup<A>, _ b: TypedLookup<B>) {
                    count { a.offset($0) &+ b.offset($0) }
                }
                let (a, b) = (lookups[0], lookups[1])
                switch (a.column.isNarrow, b.column.isNarrow) {
                case (true, true): count2(a.typed(UInt8.self), b.typed(UInt8.self))
                case (true, false): count2(a.typed(UInt8.self), b.typed(UInt16.self))
                case (false, true): count2(a.typed(UInt16.self), b.typed(UInt8.self))
                case (false, false): count2(a.typed(UInt16.self), b.typed(UInt16.self))
                }
            case 3:
                let (a, b, c) = (lookups[0], lookups[1], lookups[2])
                count { a.offset($0) &+ b.offset($0) &+ c.offset($0) }
            default:
                lookups.withUnsafeBufferPointer { lookups in
                    count { row in lookups.reduce(0) { $0 &+ $1.offset(row) } }
                }
            }
        }
    }

    /// Step 3 when grouped by tag: each selected row counts once in the cells of each of its tags (from the
    /// block's tag entries), and in the untagged cell when it has none. `scratch.offsets` holds the cell
    /// offset of each selected row by the other groupings.
    private func countByTag(
        _ chunk: IndexChunk, _ tagGroup: UnsafePointer<Int32>, selection: UnsafePointer<UInt16>?, selected: Int,
        into counts: inout [UInt32], scratch: ScanScratch
    ) {
        let offsets = scratch.offsets
        // Each row's offset by its place in the block (-1: not selected), and a bit per row that has a tag.
        let rowOffsets = scratch.rowOffsets
        rowOffsets.update(repeating: -1, count: chunk.count)
        for k in 0..<selected { rowOffsets[selection.map { Int($0[k]) } ?? k] = offsets[k] }
        let tagged = scratch.marks
        tagged.update(repeating: 0, count: IndexChunk.capacity / 64)
        let scores = metricColumns.map { UnsafePointer(chunk.scores[$0]) }
        let binOffsets = self.binOffsets
        counts.withUnsafeMutableBufferPointer { counts in
            func add(row: Int, cell: Int) { Self.count(row, scores, binOffsets, into: counts.baseAddress! + cell) }
            for (row, code) in zip(chunk.tags.rows, chunk.tags.values) {
                let row = Int(row)
                tagged[row &>> 6] |= 1 &<< UInt64(row & 63)
                let (base, tag) = (rowOffsets[row], tagGroup[Int(code)])
                if base >= 0 && tag >= 0 { add(row: row, cell: Int(base) &+ Int(tag)) }
            }
            let untagged = tagGroup[0]
            guard untagged >= 0 else { return }
            for k in 0..<selected {
                let row = selection.map { Int($0[k]) } ?? k
                if (tagged[row &>> 6] >> UInt64(row & 63)) & 1 == 0 { add(row: row, cell: Int(offsets[k]) &+ Int(untagged)) }
            }
        }
    }

    /// `countByTag` when every selected row's cell by the other groupings is `base`: all of them first count
    /// as untagged — the block's own counts when nothing filters, else their scores by `countRuns` — and each
    /// tagged row is then taken back once and counted under its tags (counts wrap, and end right). Four of
    /// five rows carry no tag in a typical store, so this reads the tagged rows only, not every row twice.
    private func countByTagAlone(
        _ chunk: IndexChunk, _ tagGroup: UnsafePointer<Int32>, base: Int, selection: UnsafePointer<UInt16>?, selected: Int,
        into counts: inout [UInt32], scratch: ScanScratch
    ) {
        let untagged = Int(tagGroup[0])
        if untagged >= 0 {
            if let selection {
                countRuns(
                    chunk, starts: [0], cellOffset: { _ in Int32(base &+ untagged) }, rows: .listed(selection, count: selected),
                    into: &counts)
            } else {
                // Nothing filters: the block lies inside the period and holds no deleted row.
                addRollup(of: chunk, to: &counts, cell: (base + untagged) / stride)
            }
        }
        // Which rows are selected (without a filter, all), and which were taken back already (a row may have
        // several tags).
        let isSelected = scratch.rowOffsets
        if let selection {
            isSelected.update(repeating: 0, count: chunk.count)
            for k in 0..<selected { isSelected[Int(selection[k])] = 1 }
        }
        let takenBack = scratch.marks
        takenBack.update(repeating: 0, count: IndexChunk.capacity / 64)
        let scores = metricColumns.map { UnsafePointer(chunk.scores[$0]) }
        let binOffsets = self.binOffsets
        counts.withUnsafeMutableBufferPointer { counts in
            let cells = counts.baseAddress! + base
            for (row, code) in zip(chunk.tags.rows, chunk.tags.values) {
                let row = Int(row)
                guard selection == nil || isSelected[row] != 0 else { continue }
                if untagged >= 0 && (takenBack[row &>> 6] >> UInt64(row & 63)) & 1 == 0 {
                    takenBack[row &>> 6] |= 1 &<< UInt64(row & 63)
                    Self.count(row, scores, binOffsets, into: cells + untagged, adding: .max)
                }
                let tag = Int(tagGroup[Int(code)])
                if tag >= 0 { Self.count(row, scores, binOffsets, into: cells + tag) }
            }
        }
    }

    /// Counts runs of rows that share one cell: the whole block when nothing is grouped, each employee's
    /// rows of a sealed block grouped by employee. `starts` are where the runs start (each ends where the
    /// next starts, the last at the block's end); of their rows, only those of `rows` count. A run's scores
    /// are added up in byte lanes of two 64-bit words (bins 0–7 and 8–11, one table load and addition each
    /// per row), flushed to the cells at the run's end or every 255 rows: register additions instead of one
    /// memory increment per row, which costs several nanoseconds when consecutive rows hit the same cell.
    /// (Shifting `1 << 5 × score` into one word instead was vectorised by the compiler into slower code.)
    /// `runCounts`, the block's employee runs' counts made when it was sealed, stand for all of their rows.
    private func countRuns(
        _ chunk: IndexChunk, starts: [Int32], cellOffset: (Int) -> Int32, rows: RowSource, runCounts: RunCounts? = nil,
        into counts: inout [UInt32]
    ) {
        let n = chunk.count
        let bins = IndexChunk.bins
        assert(bins == 12, "a flush adds bins 0–7 from one word and 8–11 from the other")
        let binOffsets = self.binOffsets
        IndexChunk.byteLanes.withUnsafeBufferPointer { lanes in
            starts.withUnsafeBufferPointer { starts in
                counts.withUnsafeMutableBufferPointer { counts in
                    for (m, column) in metricColumns.enumerated() {
                        let scores = UnsafePointer(chunk.scores[column])
                        // The lanes widened to eight (and four) cells at once; bins 8–11 (10, 11 and a skipped
                        // question) only when a row had one. Runs are short (~33 rows of 2,000 employees in a
                        // block), so this add per run weighs as much as the rows.
                        func flush(_ low: UInt64, _ high: UInt64, run: Int) {
                            guard binOffsets.byScore else {
                                // By class: each lane to its class's count.
                                let cell = counts.baseAddress! + Int(cellOffset(run))
                                let offsets = binOffsets.table + m &* bins
                                for bin in 0..<8 { cell[Int(offsets[bin])] &+= UInt32(truncatingIfNeeded: low &>> UInt64(8 &* bin)) & 0xff }
                                for bin in 8..<bins {
                                    cell[Int(offsets[bin])] &+= UInt32(truncatingIfNeeded: high &>> UInt64(8 &* (bin &- 8))) & 0xff
                                }
                                return
                            }
                            let cells = UnsafeMutableRawPointer(counts.baseAddress! + Int(cellOffset(run)) + m * bins)
                            let first = cells.loadUnaligned(as: SIMD8<UInt32>.self)
                            let lanes = SIMD8<UInt32>(truncatingIfNeeded: unsafeBitCast(low, to: SIMD8<UInt8>.self))
                            cells.storeBytes(of: first &+ lanes, as: SIMD8<UInt32>.self)
                            guard high != 0 else { return }
                            let rest = cells + 8 * MemoryLayout<UInt32>.stride
                            let highLanes = SIMD4<UInt32>(
                                truncatingIfNeeded: unsafeBitCast(UInt32(truncatingIfNeeded: high), to: SIMD4<UInt8>.self))
                            rest.storeBytes(of: rest.loadUnaligned(as: SIMD4<UInt32>.self) &+ highLanes, as: SIMD4<UInt32>.self)
                        }
                        func end(of run: Int) -> Int { run + 1 < starts.count ? Int(starts[run + 1]) : n }
                        switch rows {
                        case .all:
                            func addRows(of run: Int) {
                                var row = Int(starts[run])
                                let last = end(of: run)
                                while row < last {
                                    let stop = min(row + 255, last)
                                    // Two rows at a time into two pairs of words: one pair's additions wait
                                    // on each other, two pairs' overlap. (A lane still holds at most 255.)
                                    var (low, high, otherLow, otherHigh): (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
                                    while row &+ 1 < stop {
                                        let (score, other) = (Int(scores[row]) &* 2, Int(scores[row &+ 1]) &* 2)
                                        low &+= lanes[score]
                                        high &+= lanes[score &+ 1]
                                        otherLow &+= lanes[other]
                                        otherHigh &+= lanes[other &+ 1]
                                        row &+= 2
                                    }
                                    if row < stop {
                                        let score = Int(scores[row]) &* 2
                                        low &+= lanes[score]
                                        high &+= lanes[score &+ 1]
                                        row &+= 1
                                    }
                                    flush(low &+ otherLow, high &+ otherHigh, run: run)
                                }
                            }
                            guard let runCounts else {
                                for run in 0..<starts.count { addRows(of: run) }
                                continue
                            }
                            // The runs' counts made when the block was sealed; the long runs' rows read.
                            let first = runCounts.starts[column]
                            // A kind no row of the block answers: every row of a run is skipped.
                            let skipped = lanes[2 &* Int(ResponseFacts.skipped) &+ 1]
                            var nextLong = 0
                            for run in 0..<starts.count {
                                if nextLong < runCounts.long.count && Int(runCounts.long[nextLong]) == run {
                                    nextLong &+= 1
                                    addRows(of: run)
                                } else if let first {
                                    flush(runCounts.low[first &+ run], UInt64(runCounts.high[first &+ run]), run: run)
                                } else {
                                    flush(0, UInt64(end(of: run) &- Int(starts[run])) &* skipped, run: run)
                                }
                            }
                        case .marked(let marks, _):
                            // Each run's words of the bitmap, cut to the run.
                            for run in 0..<starts.count {
                                let (first, last) = (Int(starts[run]), end(of: run))
                                guard first < last else { continue }
                                var (low, high): (UInt64, UInt64) = (0, 0)
                                var taken = 0
                                for word in (first &>> 6)...((last &- 1) &>> 6) {
                                    var bits = marks[word]
                                    if word == first &>> 6 { bits &= ~0 &<< UInt64(first & 63) }
                                    if word == (last &- 1) &>> 6 { bits &= ~0 &>> UInt64(63 &- ((last &- 1) & 63)) }
                                    while bits != 0 {
                                        let score = Int(scores[word &* 64 &+ bits.trailingZeroBitCount]) &* 2
                                        bits &= bits &- 1
                                        low &+= lanes[score]
                                        high &+= lanes[score &+ 1]
                                        taken &+= 1
                                        if taken == 255 {
                                            flush(low, high, run: run)
                                            (low, high, taken) = (0, 0, 0)
                                        }
                                    }
                                }
                                if taken > 0 { flush(low, high, run: run) }
                            }
                        case .listed(let selection, let selected):
                            // The selection is ascending (with one run, the whole block, any order will do): walk it,
                            // finding each next run that holds a selected row.
                            var k = 0
                            var run = 0
                            while k < selected {
                                let row = Int(selection[k])
                                if row >= end(of: run) {
                                    if run + 1 < starts.count && row < end(of: run + 1) {
                                        run += 1
                                    } else {
                                        var (low, high) = (run + 1, starts.count - 1)
                                        while low < high {
                                            let mid = (low + high + 1) / 2
                                            if Int(starts[mid]) <= row { low = mid } else { high = mid - 1 }
                                        }
                                        run = low
                                    }
                                }
                                let last = end(of: run)
                                var (low, high): (UInt64, UInt64) = (0, 0)
                                var taken = 0
                                while k < selected && Int(selection[k]) < last {
                                    let score = Int(scores[Int(selection[k])]) &* 2
                                    low &+= lanes[score]
                                    high &+= lanes[score &+ 1]
                                    k &+= 1
                                    taken &+= 1
                                    if taken == 255 {
                                        flush(low, high, run: run)
                                        (low, high, taken) = (0, 0, 0)
                                    }
                                }
                                if taken > 0 { flush(low, high, run: run) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The rows of the block that pass every filter, as ascending positions in `scratch.selection`;
    /// returns how many, or nil when nothing filters (every row passes). In a sealed block a filter on a
    /// few employees, surveys or touchpoints supplies the candidate rows from its runs or row lists; then
    /// every test (that filter's too, if rows were deleted: a deleted row keeps its place in the lists)
    /// narrows them in place. Otherwise the tests are ANDed into a bitmap of the block (a tag filter's rows,
    /// marked from the block's tag entries, start it), a word per 64 rows, and the rows are read from it at
    /// the end: writing the selection row by row at a position that depends on the previous test stalls the
    /// loads behind it, which made a test over a whole block cost 2–3 ns a row.
    func select(_ chunk: IndexChunk, checkTime: Bool, into scratch: ScanScratch) -> Int? {
        switch narrow(chunk, checkTime: checkTime, into: scratch) {
        case .all: return nil
        case .rows(let count): return count
        case .bitmap: return listMarkedRows(chunk, scratch)
        }
    }

    /// The rows `select` keeps: every row, `count` rows listed in `scratch.selection`, or the rows whose bit
    /// is set in `scratch.marks` (a word per 64 rows; bits past the block's last row are not cleared).
    enum Narrowed {
        case all
        case rows(Int)
        case bitmap
    }

    /// `select`, but rows the tests marked in a bitmap are left there: counting straight from the bits is
    /// faster than listing the rows first when each row is looked up in tables anyway (`countRows`).
    /// With `inRowOrder` false, a selection may list the rows in any order.
    func narrow(_ chunk: IndexChunk, checkTime: Bool, into scratch: ScanScratch, inRowOrder: Bool = true) -> Narrowed {
        let n = chunk.count
        let tables = self.tables
        if !labels.isEmpty {
            // A block with no labelled row has none a filter on a label (other than "none") accepts.
            let labelled = fillLabels(chunk, scratch)
            for filter in filters where filter.column >= ContextDimension.stored.count {
                if !labelled[filter.column - ContextDimension.stored.count] && filter.bits[0] & 1 == 0 { return .rows(0) }
            }
        }
        let selection = scratch.selection
        let marks = scratch.marks
        let words = (n + 63) / 64
        // The bitmap's words the tests read: all, or a period's in a block in time order (the others are 0).
        var tested = 0..<words
        var selected = n
        var haveSelection = false
        // Set once `marks` holds the rows still in (no selection yet).
        var inBitmap = false
        // The filter whose rows were read from lists need not be tested again, unless rows were deleted
        // (a deleted row keeps its place in the lists).
        var answered: Int?
        // When the candidates are all there is to test, several values' rows may stay in the bitmap they are
        // marked in (the rows are then counted from it, not listed). So may an eighth of the block or more when
        // only bands and the comment are left: both are tested a block at a time, faster than listing that many
        // rows and testing each (49 touchpoints of 200 with a CSAT band over a year by employee: 0.79–0.81 of
        // the time through HTTP). Fewer are listed: a whole block's test would cost more than theirs.
        let onlyBlockTests =
            tagFilter == nil && !checkTime && filters.count == 1 && responseIDs == nil && chunk.liveRows == chunk.count
        let onlyCandidates = onlyBlockTests && hasComment == nil && bands.isEmpty
        let listBelow = onlyCandidates ? 0 : onlyBlockTests ? n / 8 : Int.max
        if chunk.isSealed,
            let (filter, candidates) = candidates(chunk, into: scratch, listBelow: listBelow, inRowOrder: inRowOrder)
        {
            if let candidates {
                selected = candidates
                haveSelection = true
            } else {
                inBitmap = true
            }
            if chunk.liveRows == chunk.count { answered = filter }
        }
        // Applies one test, `keep(row)` answering 1 or 0: narrows the selection in place, or ANDs the bits
        // into `marks`. (`kept += condition ? 1 : 0` compiles to a branch, which mispredicts on every other
        // row when half of them pass: the tests add their 0 or 1 as it is.)
        func restrict(_ keep: (Int) -> Int) {
            if haveSelection {
                var kept = 0
                for k in 0..<selected {
                    let row = selection[k]
                    selection[kept] = row
                    kept &+= keep(Int(row))
                }
                selected = kept
                return
            }
            for word in tested {
                let first = word &* 64
                var bits: UInt64 = 0
                if first &+ 64 <= n {
                    // Eight rows to a byte, each shifted by a constant, and the halves ORed apart. With a shift
                    // by a variable per row and one chain of ORs through the word, a year of two channels'
                    // answers by survey × channel took 16% longer through HTTP.
                    for byte in 0..<8 {
                        let row = first &+ byte &* 8
                        let low = keep(row) | keep(row &+ 1) &<< 1 | keep(row &+ 2) &<< 2 | keep(row &+ 3) &<< 3
                        let high = keep(row &+ 4) | keep(row &+ 5) &<< 1 | keep(row &+ 6) &<< 2 | keep(row &+ 7) &<< 3
                        bits |= UInt64(truncatingIfNeeded: low | high &<< 4) &<< UInt64(byte &* 8)
                    }
                } else {
                    for i in 0..<(n &- first) { bits |= UInt64(truncatingIfNeeded: keep(first &+ i)) &<< UInt64(i) }
                }
                marks[word] = inBitmap ? marks[word] & bits : bits
            }
            inBitmap = true
        }
        // In the block being filled (the newest answers, asked about most; they arrive about in time order), a
        // period's rows lie in one range, and the other tests read only its rows: as the selection they narrow
        // when it is at most half of the block, else as the words of the bitmap they mark. (90 days to
        // yesterday at one touchpoint and channel: the block's last two thirds, tested three times over.) The
        // time is still tested inside the range when some row came late. A tag filter's rows start the bitmap
        // themselves, so its period's rows are only ever the selection.
        var timeTested = false
        if checkTime, !haveSelection, let (period, exact) = chunk.rows(from: from, to: to) {
            if period.isEmpty { return .rows(0) }
            if period.count <= n / 2 {
                for (k, row) in period.enumerated() { selection[k] = UInt16(truncatingIfNeeded: row) }
                (selected, haveSelection, timeTested) = (period.count, true, exact)
            } else if tagFilter == nil {
                tested = period.lowerBound / 64..<(period.upperBound + 63) / 64
                marks.update(repeating: 0, count: words)
                for word in tested { marks[word] = ~0 }
                marks[tested.lowerBound] &= ~0 &<< UInt64(period.lowerBound % 64)
                if period.upperBound % 64 != 0 { marks[tested.upperBound - 1] &= (1 &<< UInt64(period.upperBound % 64)) &- 1 }
                (inBitmap, timeTested) = (true, exact)
            }
        }
        // A tag filter marks its rows from the block's tag entries: they are the bitmap to start from, or
        // narrow the candidates.
        if let tagFilter {
            marks.update(repeating: 0, count: IndexChunk.capacity / 64)
            chunk.tags.mark(rowsWith: tagFilter, in: marks)
            if haveSelection {
                restrict { Int(truncatingIfNeeded: (marks[$0 &>> 6] &>> UInt64($0 & 63)) & 1) }
            } else {
                inBitmap = true
            }
        }
        if let hasComment {
            if haveSelection {
                let bits = UnsafePointer(chunk.hasComment)
                restrict { Int(truncatingIfNeeded: ((bits[$0 &>> 6] &>> UInt64($0 & 63)) ^ hasComment ^ 1) & 1) }
            } else {
                // Whole words of the block's comment bits (the rows after the last are cut when read back).
                let flip: UInt64 = hasComment == 1 ? 0 : ~0
                for word in tested {
                    let bits = chunk.hasComment[word] ^ flip
                    marks[word] = inBitmap ? marks[word] & bits : bits
                }
                inBitmap = true
            }
        }
        if checkTime && !timeTested, let days = daysInPeriod(of: chunk, .partly) {
            // A period that takes the block's days whole (a period of dates, the usual one) tests the rows' day,
            // 16 bits a row and sixteen rows to a vector, instead of their time, 32 bits a row and eight to a
            // byte: the time's test was a third of NPS by segment over three days.
            guard !days.isEmpty else { return .rows(0) }
            let dayColumn = DimensionColumn(wide: chunk.day)
            let (low, high) = (chunk.minDay &+ UInt16(days.lowerBound), chunk.minDay &+ UInt16(days.upperBound &- 1))
            if haveSelection {
                restrict { Self.one(dayColumn[$0] &- low <= high &- low) }
            } else {
                Self.markRanges(dayColumn, [low...high], rows: n, words: tested, into: marks, and: inBitmap)
                inBitmap = true
            }
        } else if checkTime && !timeTested {
            let timeFrom = UInt32(clamping: from)
            let timeTo = UInt32(clamping: min(to, Int64(UInt32.max) + 1) - 1)
            let submittedAt = chunk.submittedAt
            if timeTo < timeFrom {
                restrict { _ in 0 }
            } else {
                // One unsigned comparison per row (no branch to mispredict): a time before `timeFrom` wraps
                // around to above the width.
                let width = timeTo &- timeFrom
                restrict { Self.one(submittedAt[$0] &- timeFrom <= width) }
            }
        }
        for (f, filter) in filters.enumerated() where f != answered {
            // A bit per accepted value.
            let bits = UnsafePointer(tables.filterBits[f])
            if !haveSelection && clearRejectedRows(of: filter.column, accepted: bits, chunk, words: words, marks, inBitmap: inBitmap) {
                inBitmap = true
                continue
            }
            let column = self.column(filter.column, of: chunk, scratch)
            if let ranges = filterRanges[f] {
                if !haveSelection {
                    Self.markRanges(column, ranges, rows: n, words: tested, into: marks, and: inBitmap)
                    inBitmap = true
                    continue
                }
                if ranges.count == 1 {
                    // One range: a subtraction and a comparison per row instead of a look-up in the bitset.
                    let (low, width) = (ranges[0].lowerBound, ranges[0].upperBound &- ranges[0].lowerBound)
                    restrict { Self.one(column[$0] &- low <= width) }
                    continue
                }
            }
            restrict { row in
                let value = Int(column[row])
                return Int(truncatingIfNeeded: (bits[value &>> 6] &>> UInt64(value & 63)) & 1)
            }
        }
        if haveSelection {
            for band in bands {
                let column = UnsafePointer(chunk.scores[band.column])
                restrict { Self.one(column[$0] &- band.low <= band.high &- band.low) }
            }
        } else if !bands.isEmpty {
            markBands(chunk, words: tested, into: marks, and: inBitmap)
            inBitmap = true
        }
        if let responseIDs {
            restrict { Self.one(responseIDs.contains(chunk.responseID(at: $0))) }
        }
        if inBitmap { return .bitmap }
        return haveSelection ? .rows(selected) : .all
    }

    /// A filter that keeps most of a sealed block's rows, applied through the row lists of the values it
    /// rejects: their rows' bits are cleared in `marks` (set to every row first unless `inBitmap`). Returns
    /// false, having done nothing, when the column has no row lists, rows were deleted (a deleted row keeps
    /// its place in its old value's list), or the rejected rows are too many for their bits to be cleared
    /// faster than every row is tested (a listed row costs about one and a half tested ones). A CSAT mean for 13
    /// of 20 surveys over 180 days went from 1.85 to 1.43 ms through HTTP.
    private func clearRejectedRows(
        of column: Int, accepted: UnsafePointer<UInt64>, _ chunk: IndexChunk, words: Int, _ marks: UnsafeMutablePointer<UInt64>,
        inBitmap: Bool
    ) -> Bool {
        guard chunk.isSealed, chunk.liveRows == chunk.count, let l = IndexChunk.listedColumns.firstIndex(of: column) else { return false }
        let list = chunk.rowLists[l]
        let rejected = (0..<list.starts.count - 1).filter { accepted[$0 &>> 6] &>> UInt64($0 & 63) & 1 == 0 }
        let rows = rejected.reduce(0) { $0 + list.range(of: UInt16($1)).count }
        guard 3 * rows < 2 * chunk.count else { return false }
        if !inBitmap { marks.update(repeating: ~0, count: words) }
        list.positions.withUnsafeBufferPointer { positions in
            for value in rejected {
                for k in list.range(of: UInt16(value)) {
                    let row = Int(positions[k])
                    marks[row &>> 6] &= ~(1 &<< UInt64(row & 63))
                }
            }
        }
        return true
    }

    /// Lists the rows marked in `scratch.marks` in `scratch.selection`; returns how many.
    private func listMarkedRows(_ chunk: IndexChunk, _ scratch: ScanScratch) -> Int {
        Self.listRows(words: (chunk.count + 63) / 64, into: scratch.selection) { Self.markedWord($0, of: scratch.marks, rows: chunk.count) }
    }

    /// Word `word` of a block's bitmap without the bits past its last row.
    @inline(__always)
    static func markedWord(_ word: Int, of marks: UnsafePointer<UInt64>, rows: Int) -> UInt64 {
        word == rows / 64 ? marks[word] & ((1 &<< UInt64(rows % 64)) &- 1) : marks[word]
    }

    /// Writes (or with `and`, ANDs) into each of `words` of `marks` a bit per row whose value in `column` lies
    /// in one of `ranges` (`filterRanges`): sixteen rows of the column compared at once in a vector's lanes
    /// (value − low ≤ width, unsigned), and the lanes that pass turned into sixteen bits by adding up each
    /// lane's own bit. Row by row through the filter's bitset, a channel took about a nanosecond a row: most
    /// of a year of three channels' answers counted by survey × segment with two bands (3.5 → 2.9 ms through
    /// HTTP), of one channel's by week with two bands over 180 days (1.46 → 1.13 ms), of 658 employees'
    /// (one range of ids, too many to list) over a year (5.1 → 3.9 ms). Words of four 16-bit lanes (SWAR) were
    /// slower: the compiler spread them over vector registers without 64-bit multiplications.
    private static func markRanges(
        _ column: DimensionColumn, _ ranges: [ClosedRange<UInt16>], rows n: Int, words: Range<Int>,
        into marks: UnsafeMutablePointer<UInt64>, and: Bool
    ) {
        let raw = UnsafeRawPointer(column.base)
        /// Marks each of `words`, sixteen rows at a time by `sixteen` (the bits of rows `row` to `row` + 15);
        /// the block's last, partly filled word row by row.
        @inline(__always)
        func mark(_ sixteen: (Int) -> UInt64) {
            for word in words {
                let first = word &* 64
                var bits: UInt64 = 0
                if first &+ 64 <= n {
                    for sixteenth in 0..<4 { bits |= sixteen(first &+ sixteenth &* 16) &<< UInt64(sixteenth &* 16) }
                } else {
                    for i in 0..<(n &- first) where ranges.contains(where: { $0.contains(column[first &+ i]) }) {
                        bits |= 1 &<< UInt64(i)
                    }
                }
                marks[word] = and ? marks[word] & bits : bits
            }
        }
        // Each width on vector types of its own, each number of ranges in a loop of its own. (The lanes'
        // arithmetic is compiled to vector instructions only on concrete SIMD types: written once, generic
        // over the lanes, it was done a lane at a time, 3.5 times as slow.)
        if column.isNarrow {
            // Sixteen 8-bit lanes; each half's passing lanes add up to its eight bits. A range above 255 holds
            // no value of the column; one that reaches past it ends there.
            typealias Lanes = SIMD16<UInt8>
            let laneBits = Lanes(1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128)
            let bounds = ranges.filter { $0.lowerBound <= UInt8.max }.map { range in
                (
                    low: Lanes(repeating: UInt8(range.lowerBound)),
                    width: Lanes(repeating: UInt8(min(range.upperBound, 255) - range.lowerBound))
                )
            }
            @inline(__always)
            func sixteen(_ row: Int, _ inRanges: (Lanes) -> SIMDMask<Lanes.MaskStorage>) -> UInt64 {
                let passed = Lanes(repeating: 0).replacing(
                    with: laneBits, where: inRanges(raw.loadUnaligned(fromByteOffset: row, as: Lanes.self)))
                return UInt64(passed.lowHalf.wrappedSum()) | UInt64(passed.highHalf.wrappedSum()) &<< 8
            }
            @inline(__always)
            func hit(_ values: Lanes, _ bound: (low: Lanes, width: Lanes)) -> SIMDMask<Lanes.MaskStorage> {
                values &- bound.low .<= bound.width
            }
            switch bounds.count {
            case 0: mark { _ in 0 }
            case 1: mark { sixteen($0) { hit($0, bounds[0]) } }
            case 2:
                let (a, b) = (bounds[0], bounds[1])
                mark { sixteen($0) { hit($0, a) .| hit($0, b) } }
            case 3:
                let (a, b, c) = (bounds[0], bounds[1], bounds[2])
                mark { sixteen($0) { hit($0, a) .| hit($0, b) .| hit($0, c) } }
            default:
                let (a, b, c, d) = (bounds[0], bounds[1], bounds[2], bounds[3])
                mark { sixteen($0) { hit($0, a) .| hit($0, b) .| hit($0, c) .| hit($0, d) } }
            }
        } else {
            typealias Lanes = SIMD16<UInt16>
            let laneBits = Lanes(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768)
            let bounds = ranges.map { (low: Lanes(repeating: $0.lowerBound), width: Lanes(repeating: $0.upperBound &- $0.lowerBound)) }
            @inline(__always)
            func sixteen(_ row: Int, _ inRanges: (Lanes) -> SIMDMask<Lanes.MaskStorage>) -> UInt64 {
                let values = raw.loadUnaligned(fromByteOffset: row &* 2, as: Lanes.self)
                return UInt64(Lanes(repeating: 0).replacing(with: laneBits, where: inRanges(values)).wrappedSum())
            }
            @inline(__always)
            func hit(_ values: Lanes, _ bound: (low: Lanes, width: Lanes)) -> SIMDMask<Lanes.MaskStorage> {
                values &- bound.low .<= bound.width
            }
            switch bounds.count {
            case 0: mark { _ in 0 }
            case 1: mark { sixteen($0) { hit($0, bounds[0]) } }
            case 2:
                let (a, b) = (bounds[0], bounds[1])
                mark { sixteen($0) { hit($0, a) .| hit($0, b) } }
            case 3:
                let (a, b, c) = (bounds[0], bounds[1], bounds[2])
                mark { sixteen($0) { hit($0, a) .| hit($0, b) .| hit($0, c) } }
            default:
                let (a, b, c, d) = (bounds[0], bounds[1], bounds[2], bounds[3])
                mark { sixteen($0) { hit($0, a) .| hit($0, b) .| hit($0, c) .| hit($0, d) } }
            }
        }
    }

    /// Writes (or with `and`, ANDs) into each of `words` of `marks` a bit per row whose scores lie in every band.
    /// 64 rows of a score column are read as eight 64-bit words and compared in their byte lanes at once
    /// (SWAR; scores are below 128, so a lane's subtraction never borrows from its neighbour; a little-endian
    /// load puts row i in lane i, as on the x86-64 and ARM64 Swift builds for); the bands'
    /// lanes are ANDed, each word's top bits shifted to a bit of its own and the 8 × 8 bits transposed
    /// into row order. The compiler had vectorised the row-at-a-time test into four rows per dozen
    /// instructions (83% of a query with two bands, A9, which then took half the time through HTTP).
    private func markBands(_ chunk: IndexChunk, words: Range<Int>, into marks: UnsafeMutablePointer<UInt64>, and: Bool) {
        let n = chunk.count
        let lanes: UInt64 = 0x0101_0101_0101_0101
        let topBits: UInt64 = 0x8080_8080_8080_8080
        // No stored score reaches 128: bounds above it mean the same as 127 to every row.
        let swar = bands.map { band in
            (
                scores: UnsafeRawPointer(chunk.scores[band.column]), low: UInt64(min(band.low, 127)) &* lanes,
                high: UInt64(min(band.high, 127)) &* lanes | topBits
            )
        }
        // Word p's lane i (row 8p + i) to bit 8i + p.
        let toBits = SIMD8<UInt64>(7, 6, 5, 4, 3, 2, 1, 0)
        swar.withUnsafeBufferPointer { swar in
            for word in words {
                let first = word &* 64
                var bits: UInt64 = 0
                if first &+ 64 <= n {
                    var inBands = SIMD8<UInt64>(repeating: topBits)
                    for band in swar {
                        let scores = band.scores.loadUnaligned(fromByteOffset: first, as: SIMD8<UInt64>.self)
                        // A lane's top bit: score ≥ low, and high ≥ score.
                        inBands &= ((scores | topBits) &- band.low) & (band.high &- scores)
                    }
                    let spread = inBands &>> toBits
                    bits = Self.transposeBits(
                        (spread[0] | spread[1]) | (spread[2] | spread[3]) | (spread[4] | spread[5]) | (spread[6] | spread[7]))
                } else {
                    // The block's last, partly filled word: row by row.
                    for i in 0..<(n &- first) {
                        var keep = 1
                        for band in bands {
                            keep &= Self.one(chunk.scores[band.column][first &+ i] &- band.low <= band.high &- band.low)
                        }
                        bits |= UInt64(truncatingIfNeeded: keep) &<< UInt64(i)
                    }
                }
                marks[word] = and ? marks[word] & bits : bits
            }
        }
    }

    /// Transposes a 64-bit word as an 8 × 8 matrix of bits (bit 8i + p ↔ bit 8p + i) in three rounds of
    /// swapping blocks across the diagonal.
    @inline(__always)
    static func transposeBits(_ matrix: UInt64) -> UInt64 {
        var x = matrix
        var t = (x ^ (x &>> 7)) & 0x00AA_00AA_00AA_00AA
        x ^= t ^ (t &<< 7)
        t = (x ^ (x &>> 14)) & 0x0000_CCCC_0000_CCCC
        x ^= t ^ (t &<< 14)
        t = (x ^ (x &>> 28)) & 0x0000_0000_F0F0_F0F0
        return x ^ t ^ (t &<< 28)
    }

    /// Writes the rows whose bit is set in a block's bitmap (`word(i)` gives its i-th word) to `selection`,
    /// ascending, 64 rows a word; returns how many.
    @inline(__always)
    private static func listRows(words: Int, into selection: UnsafeMutablePointer<UInt16>, _ word: (Int) -> UInt64) -> Int {
        var selected = 0
        for w in 0..<words {
            var bits = word(w)
            while bits != 0 {
                selection[selected] = UInt16(truncatingIfNeeded: w &* 64 &+ bits.trailingZeroBitCount)
                selected &+= 1
                bits &= bits &- 1
            }
        }
        return selected
    }

    /// Counts a row's score of each metric in the cell of one group (`cells`: its start), where `binOffsets`
    /// put them: `adding` 1, or `.max` to take one back (counts wrap, and end right).
    @inline(__always)
    private static func count(
        _ row: Int, _ scores: [UnsafePointer<UInt8>], _ binOffsets: BinOffsets, into cells: UnsafeMutablePointer<UInt32>,
        adding: UInt32 = 1
    ) {
        for (m, column) in scores.enumerated() { cells[binOffsets(m &* IndexChunk.bins &+ Int(column[row]))] &+= adding }
    }

    /// `layout`'s offsets of the bins in raw memory, for the row loops.
    private var binOffsets: BinOffsets { BinOffsets(byScore: layout.byScore, table: tables.binOffsets) }

    /// 1 for true, 0 for false, without a branch.
    @inline(__always)
    private static func one(_ condition: Bool) -> Int { Int(truncatingIfNeeded: unsafeBitCast(condition, to: UInt8.self)) }

    /// Most accepted values a filter may have for its rows to be read from runs or row lists.
    static let mostListedValues = 512

    /// Most ranges of accepted values a filter may have to be tested sixteen rows at a time (`markRanges`): a
    /// few channels, a stretch of ids, all but one value.
    static let mostTestedRanges = 4

    /// The accepted values of a filter's bitset as ascending ranges, up to `largest` (no stored value is
    /// above it, so a range that reaches it may end anywhere beyond); nil when they take more than
    /// `mostTestedRanges`. Read a word of the bitset at a time: a filter may accept thousands of values.
    static func ranges(of bits: [UInt64], upTo largest: Int) -> [ClosedRange<UInt16>]? {
        // The first value from `raw` on (up to `largest`) that the filter accepts, or with `accepted` false
        // refuses.
        func next(from raw: Int, accepted: Bool) -> Int? {
            guard raw <= largest else { return nil }
            var word = raw >> 6
            var rest = (accepted ? bits[word] : ~bits[word]) & (~0 << UInt64(raw & 63))
            while rest == 0 {
                word += 1
                guard word << 6 <= largest else { return nil }
                rest = accepted ? bits[word] : ~bits[word]
            }
            let found = word << 6 | rest.trailingZeroBitCount
            return found <= largest ? found : nil
        }
        var ranges: [ClosedRange<UInt16>] = []
        var raw = 0
        while let start = next(from: raw, accepted: true) {
            guard ranges.count < mostTestedRanges else { return nil }
            let end = (next(from: start, accepted: false) ?? largest + 1) - 1
            ranges.append(UInt16(start)...UInt16(end))
            raw = end + 1
        }
        return ranges
    }

    /// How many rows of a sealed block filter `f` keeps, counted from its runs or row lists; nil when its
    /// column has neither, or row lists and too many values to read them (an employee filter of any size is
    /// counted from the runs).
    private func listedRows(of f: Int, in chunk: IndexChunk) -> Int? {
        let column = filters[f].column
        if column == IndexChunk.employeeColumn {
            var rows = 0
            forEachAcceptedRun(of: f, in: chunk) { rows += $0.count }
            return rows
        }
        guard let values = filterValues[f] else { return nil }
        guard let list = IndexChunk.listedColumns.firstIndex(of: column) else { return nil }
        return values.reduce(0) { $0 + chunk.rowLists[list].range(of: $1).count }
    }

    /// Most employees a filter may name for their runs to be found by a binary search each; with more, every
    /// run of the block is looked at once. A block has a run per employee who answered in it (up to 2,000
    /// in the reference data): hundreds of employees' searches, made twice per block (to weigh and to list),
    /// cost more than a pass over the runs, and a filter of more than 512 values had no candidates at all.
    static let searchedEmployees = 256

    /// The rows of each run of a sealed block whose employee filter `f` accepts, ascending: a binary search
    /// per employee for up to `searchedEmployees`, one pass over the block's runs for more.
    @inline(__always)
    private func forEachAcceptedRun(of f: Int, in chunk: IndexChunk, _ body: (Range<Int>) -> Void) {
        if let values = filterValues[f], values.count <= Self.searchedEmployees {
            for value in values { body(chunk.employeeRows(value)) }
            return
        }
        let bits = tables.filterBits[f]
        chunk.employeeRuns.values.withUnsafeBufferPointer { values in
            for run in values.indices {
                let value = Int(values[run])
                if (bits[value &>> 6] &>> UInt64(value & 63)) & 1 != 0 { body(chunk.employeeRun(run)) }
            }
        }
    }

    /// About how much a scan of the block costs, in rows read whole. In a sealed block the rows of the
    /// filter that keeps fewest (by its runs or row lists) are listed, each then tested and counted at about
    /// four times the cost of a row read whole; the block read whole costs its rows. A query that reads few
    /// rows is not worth waking a second core for, however many rows its blocks hold. Only filters of a few
    /// values are weighed: an employee's rows are found by a binary search, and 148 of them per block cost
    /// 5% of a query that needed the second core anyway.
    func scanCost(_ chunk: IndexChunk) -> Int {
        guard chunk.isSealed else { return chunk.count }
        var fewest = chunk.count
        for f in filters.indices where filterValues[f].map({ $0.count <= 32 }) ?? false {
            fewest = min(fewest, listedRows(of: f, in: chunk) ?? fewest)
        }
        return min(chunk.count, 4 * fewest)
    }

    /// Writes the rows of the filter that keeps fewest rows of a sealed block (by its runs or row lists)
    /// to `scratch.selection`, ascending, and returns that filter and how many rows; nil when no filter
    /// keeps less than half of the block (testing every row of the column is then as cheap: a listed row
    /// costs about one and a half tested ones; with a quarter as the bound, 50 of 200 touchpoints — a third
    /// of the rows — were tested row by row, 25% slower through HTTP).
    /// When they are `listBelow` or more, several values' rows are left in `scratch.marks` instead (`rows` is nil). With
    /// `inRowOrder` false, several values' rows are listed one list after the other, not ascending: a copy
    /// per value instead of a bit set and read back per row (a third of counting five surveys' rows by
    /// segment × week).
    private func candidates(
        _ chunk: IndexChunk, into scratch: ScanScratch, listBelow: Int, inRowOrder: Bool
    ) -> (filter: Int, rows: Int?)? {
        var best: (filter: Int, rows: Int)?
        for f in filters.indices {
            guard let rows = listedRows(of: f, in: chunk) else { continue }
            if rows < best?.rows ?? chunk.count / 2 { best = (f, rows) }
        }
        guard let best else { return nil }
        let listed = best.rows < listBelow
        let selection = scratch.selection
        var selected = 0
        if filters[best.filter].column == IndexChunk.employeeColumn {
            // Runs are in employee order, and so are the values: the rows come out ascending.
            forEachAcceptedRun(of: best.filter, in: chunk) { rows in
                for row in rows {
                    selection[selected] = UInt16(truncatingIfNeeded: row)
                    selected &+= 1
                }
            }
            return (best.filter, selected)
        }
        let values = filterValues[best.filter]!
        let list = chunk.rowLists[IndexChunk.listedColumns.firstIndex(of: filters[best.filter].column)!]
        // One list, or several in any order: copied one after the other.
        let copied = values.count == 1 || !inRowOrder
        list.positions.withUnsafeBufferPointer { positions in
            if copied {
                for value in values {
                    let range = list.range(of: value)
                    (selection + selected).update(from: positions.baseAddress! + range.lowerBound, count: range.count)
                    selected += range.count
                }
                return
            }
            // Several values' lists: mark their rows in a bitmap and read it back in row order.
            let marks = scratch.marks
            marks.update(repeating: 0, count: IndexChunk.capacity / 64)
            for value in values {
                for k in list.range(of: value) {
                    let row = Int(positions[k])
                    marks[row &>> 6] |= 1 &<< UInt64(row & 63)
                }
            }
            if listed { selected = Self.listRows(words: IndexChunk.capacity / 64, into: selection) { marks[$0] } }
        }
        return (best.filter, listed || copied ? selected : nil)
    }

    /// The position in `labels` of a customers' dimension the query reads.
    private func labelIndex(_ dimension: ContextDimension) -> Int? { labels.firstIndex { $0.dimension == dimension } }

    /// A block's column: a stored dimension's, or a label column `fillLabels` wrote for it.
    @inline(__always)
    private func column(_ column: Int, of chunk: IndexChunk, _ scratch: ScanScratch) -> DimensionColumn {
        column < ContextDimension.stored.count
            ? chunk.dimensions[column] : DimensionColumn(wide: scratch.labelColumns[column - ContextDimension.stored.count])
    }

    /// Writes the label code of each of the block's rows into its label columns (0: no label). Labels are
    /// sorted by response and a block holds an interval of ids: its labels are one stretch, spread over a
    /// table by id first (a sealed block's rows are in employee order, not id order) and then read per row.
    /// Returns, per label column, whether any row has a label.
    private func fillLabels(_ chunk: IndexChunk, _ scratch: ScanScratch) -> [Bool] {
        let (first, last) = (chunk.minResponseID, chunk.maxResponseID)
        let n = chunk.count
        return labels.enumerated().map { k, labels in
            let column = scratch.labelColumns[k]
            column.update(repeating: 0, count: n)
            let start = labels.position(atLeast: first)
            let end = last == .max ? labels.responseIDs.count : labels.position(atLeast: last + 1)
            guard start < end else { return false }
            let width = Int(last - first) + 1
            guard width <= ScanScratch.labelTableCapacity else {
                // Ids spread far apart (a block of old answers imported late): a search per row.
                for row in 0..<n { column[row] = labels.code(ofResponse: chunk.responseID(at: row)) }
                return true
            }
            let table = scratch.labelTable
            table.update(repeating: 0, count: width)
            labels.responseIDs.withUnsafeBufferPointer { ids in
                labels.codes.withUnsafeBufferPointer { codes in
                    for i in start..<end { table[Int(ids[i] &- first)] = codes[i] }
                }
            }
            for row in 0..<n { column[row] = table[Int(chunk.responseID(at: row) &- first)] }
            return true
        }
    }

    /// Reads the non-empty cells back, into flat arrays. `part`, when the scan was split between two cores,
    /// holds the second core's counts: they are added in on the way (`counts` is the first core's, with the
    /// blocks added whole), so the cells are walked once, not once to add and once to read. Many cells (a
    /// 200 × 2,000 grouping has 400,000, 19 MB) are read back on two cores, each taking half of them.
    func groups(from counts: inout [UInt32], adding part: [UInt32]? = nil) -> MetricCounts {
        let dimensions = groupDimensions.map(\.dimension)
        let halves = cells * stride >= Self.readBackOnTwoCoresFrom ? 2 : 1
        let ranges = (0..<halves).map { h in (cells * h / halves)..<(cells * (h + 1) / halves) }
        // First the non-empty cells and their responses, so that the arrays below are made at their size: room
        // reserved for every cell was tens of megabytes mapped and unmapped per answer.
        let matched = counts.withUnsafeMutableBufferPointer { counts in
            let counts = Shared(counts.baseAddress)
            let cellsAdding = { (part: Shared<UnsafePointer<UInt32>?>) in
                Self.perHalf(halves) { h in
                    guard !ranges[h].isEmpty, let counts = counts.pointer else { return (cells: [Int32](), responses: [Int]()) }
                    return self.matchedCells(in: ranges[h], counts: counts, adding: part.pointer)
                }
            }
            guard let part else { return cellsAdding(Shared(nil)) }
            return part.withUnsafeBufferPointer { cellsAdding(Shared($0.baseAddress)) }
        }
        let total = matched.reduce(0) { $0 + $1.cells.count }
        var values = [Int64](repeating: 0, count: total * dimensions.count)
        var starts = [Int](repeating: 0, count: bucket == nil ? 0 : total)
        let scores = counts.withUnsafeBufferPointer { counts in
            values.withUnsafeMutableBufferPointer { values in
                starts.withUnsafeMutableBufferPointer { starts in
                    [ScoreCounts](unsafeUninitializedCapacity: total * metrics.count) { scores, initialized in
                        let target = Shared((counts.baseAddress, values.baseAddress, starts.baseAddress, scores.baseAddress))
                        _ = Self.perHalf(halves) { h in
                            // Empty arrays may have no address: only a half with groups has memory to read and write.
                            guard !matched[h].cells.isEmpty, case (let counts?, let values, let starts, let scores?) = target.pointer
                            else { return }
                            let first = matched[..<h].reduce(0) { $0 + $1.cells.count }
                            readGroups(
                                matched[h].cells, counts: counts, values: values.map { $0 + first * dimensions.count },
                                starts: bucket == nil ? nil : starts.map { $0 + first }, scores: scores + first * metrics.count)
                        }
                        initialized = total * metrics.count
                    }
                }
            }
        }
        // A label column holds codes: the answer gives the values they stand for (a customer's id).
        for (d, dimension) in dimensions.enumerated() {
            guard dimension.isCustomerLabel, let k = labelIndex(dimension) else { continue }
            let codeValues = labels[k].values
            for i in 0..<total { values[i * dimensions.count + d] = codeValues[Int(values[i * dimensions.count + d])] }
        }
        var result = MetricCounts(
            dimensions: dimensions, metrics: metrics, values: values, bucketStarts: starts,
            responses: matched.count == 1 ? matched[0].responses : matched.flatMap(\.responses), scores: scores)
        if let d = dimensions.firstIndex(of: .tag) {
            var names: [Int64: String] = [:]
            for i in 0..<total {
                let code = values[i * dimensions.count + d]
                if code > 0 { names[code] = tagTexts[Int(code) - 1] }
            }
            result.names[.tag] = names
        }
        for labels in labels where !labels.names.isEmpty && dimensions.contains(labels.dimension) {
            result.names[labels.dimension] = labels.names
        }
        return result
    }

    /// The counts (cells × bins) from which two cores read the cells back: 1 MB, about 20,000 cells of one
    /// metric, half a millisecond's work, against the tens of microseconds of waking the second core.
    /// Reading back on two: 150,000 groups of 400,000 cells (A31) 0.90 through HTTP, 91,000 of 100,000
    /// (A18) 0.95.
    static let readBackOnTwoCoresFrom = 1 << 18

    /// Runs `body` for each half, on two cores when there are two; the results in order.
    private static func perHalf<T>(_ halves: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard halves > 1 else { return [body(0)] }
        let results = UnsafeMutablePointer<T?>.allocate(capacity: halves)
        results.initialize(repeating: nil, count: halves)
        defer {
            results.deinitialize(count: halves)
            results.deallocate()
        }
        let slots = Shared(results)
        DispatchQueue.concurrentPerform(iterations: halves) { h in slots.pointer[h] = body(h) }
        return (0..<halves).map { results[$0]! }
    }

    /// The non-empty cells among `range` and the responses in each, after adding the second core's counts in
    /// and emptying the bins outside the bands taken off the rows (`binsOutsideBands`): a cell left with no
    /// count is a group no row of the bands fell in.
    private func matchedCells(
        in range: Range<Int>, counts: UnsafeMutablePointer<UInt32>, adding part: UnsafePointer<UInt32>?
    ) -> (cells: [Int32], responses: [Int]) {
        var cells: [Int32] = []
        var responses: [Int] = []
        let firstWidth = layout.firstWidth
        let stride = stride
        if stride == 4 {
            // One metric by class (NPS's three and skipped): a cell is one vector, added and summed at once
            // (the loops below, of a length unknown to the compiler, took a third of A31's answer).
            assert(binsOutsideBands.isEmpty, "bands taken off the rows keep the counts by score")
            for cell in range {
                let at = UnsafeMutableRawPointer(counts + cell &* 4)
                var counted = at.loadUnaligned(as: SIMD4<UInt32>.self)
                if let theirs = part.map({ UnsafeRawPointer($0 + cell &* 4).loadUnaligned(as: SIMD4<UInt32>.self) }), theirs != .zero {
                    counted &+= theirs
                    at.storeBytes(of: counted, as: SIMD4<UInt32>.self)
                }
                let sum = Int(counted.wrappedSum())
                if sum > 0 {
                    cells.append(Int32(cell))
                    responses.append(sum)
                }
            }
            return (cells, responses)
        }
        for cell in range {
            let base = cell * stride
            // The second core's counts are added a cell at a time, and written only where it counted any:
            // one pass over the cells instead of two, and no store to the many it never reached (a 200 ×
            // 2,000 grouping over 30 days leaves most of its 400,000 cells empty).
            if let part {
                var any: UInt32 = 0
                for k in 0..<stride { any |= part[base &+ k] }
                if any != 0 {
                    for k in 0..<stride { counts[base &+ k] &+= part[base &+ k] }
                }
            }
            for bin in binsOutsideBands { counts[base + bin] = 0 }
            var sum = 0
            for bin in 0..<firstWidth { sum &+= Int(counts[base &+ bin]) }
            if sum > 0 {
                cells.append(Int32(cell))
                responses.append(sum)
            }
        }
        return (cells, responses)
    }

    /// Writes each matched cell's dimension values, time bucket and counts per metric from `values`,
    /// `starts` and `scores` on.
    private func readGroups(
        _ matched: [Int32], counts: UnsafePointer<UInt32>, values: UnsafeMutablePointer<Int64>?,
        starts: UnsafeMutablePointer<Int>?, scores: UnsafeMutablePointer<ScoreCounts>
    ) {
        guard let firstCell = matched.first.map(Int.init) else { return }
        let layout = layout
        let bucketCount = bucket == nil ? 1 : max(bucketStarts.count, 1)
        let dimensionCount = groupDimensions.count
        // Each cell's index in every grouped dimension and its time bucket, counted up from the previous
        // matched cell's (an odometer) rather than divided out of the cell's number: four divisions a group
        // were a third of reading back 91,000 groups. Only the first cell is divided out.
        var index = [Int](repeating: 0, count: dimensionCount)
        var bucketIndex = firstCell % bucketCount
        var rest = firstCell / bucketCount
        for d in Swift.stride(from: dimensionCount - 1, through: 0, by: -1) {
            index[d] = rest % groupDimensions[d].cardinality
            rest /= groupDimensions[d].cardinality
        }
        var cell = firstCell
        for (i, matched) in matched.enumerated() {
            while cell < Int(matched) {
                cell += 1
                bucketIndex += 1
                if bucketIndex == bucketCount {
                    bucketIndex = 0
                    var d = dimensionCount - 1
                    while d >= 0 {
                        index[d] += 1
                        if index[d] < groupDimensions[d].cardinality { break }
                        index[d] = 0
                        d -= 1
                    }
                }
            }
            for (d, group) in groupDimensions.enumerated() {
                values![i * dimensionCount + d] = group.values.map { $0.isEmpty ? 0 : $0[index[d]] } ?? Int64(index[d])
            }
            starts?[i] = bucketStarts[bucketIndex]
            let base = counts + cell * stride
            for m in 0..<metrics.count {
                let target = scores + i * metrics.count + m
                target.initialize(to: ScoreCounts())
                layout.readScoreCounts(base, metric: m, into: &target.pointee)
            }
        }
    }
}

/// Memory handed to the cores reading cells back (`ScanPlan.groups(from:adding:)`): each reads or writes only
/// its own half.
private struct Shared<Pointer>: @unchecked Sendable {
    let pointer: Pointer
    init(_ pointer: Pointer) { self.pointer = pointer }
}

/// A grouped dimension: how many cells it spans and, when only some values can occur (it is filtered
/// too), which value each cell index stands for.
struct GroupDimension {
    let dimension: ContextDimension
    let cardinality: Int
    let values: [Int64]?
}

/// Where each metric's counts lie in a group's cell. By score: 12 a metric (0…10 and a skipped question),
/// each at its score. By class (`MetricQuery.scoreClasses`): one count per class and one for skipped — NPS's
/// detractors, passives, promoters and skipped in 4 — read back at each class's lowest score. A metric
/// without classes (a mean) keeps its 12.
struct CellLayout {
    /// Per metric m and bin b (a score or skipped), `offsets[m × IndexChunk.bins + b]`: where the bin's count
    /// lies from the cell's start.
    let offsets: [Int32]
    /// Counts per cell.
    let stride: Int
    /// The first metric's counts: they add up to the responses in the cell.
    let firstWidth: Int
    /// Every metric by score: `offsets[m × bins + b]` is `m × bins + b`.
    let byScore: Bool
    /// By class, per metric m, its classes' counts as pairs (the score a class is read back at, its offset)
    /// in `readBack[readStarts[m]..<readStarts[m + 1]]`.
    private let readBack: [Int32]
    private let readStarts: [Int]

    init(metrics: [MetricKind], classes: [MetricKind: [Int]]) {
        let bins = IndexChunk.bins
        var offsets: [Int32] = []
        var readBack: [Int32] = []
        var readStarts = [0]
        var widths: [Int] = []
        for metric in metrics {
            let first = Int32(widths.reduce(0, +))
            let lowest = classes[metric] ?? Array(0..<ScoreCounts.binCount)
            precondition(lowest.count == ScoreCounts.binCount, "a class for each score 0…10")
            // Classes numbered by their lowest score, in order; skipped after them.
            let named = Array(Set(lowest)).sorted()
            for score in 0..<ScoreCounts.binCount { offsets.append(first + Int32(named.firstIndex(of: lowest[score])!)) }
            for (k, score) in named.enumerated() { readBack += [Int32(score), first + Int32(k)] }
            readStarts.append(readBack.count)
            offsets.append(first + Int32(named.count))
            widths.append(named.count + 1)
        }
        precondition(offsets.count == metrics.count * bins, "\(bins) bins a metric")
        (self.offsets, self.readBack, self.readStarts) = (offsets, readBack, readStarts)
        stride = widths.reduce(0, +)
        firstWidth = widths.first ?? 0
        byScore = stride == metrics.count * bins
    }

    /// Metric m's counts by score, read from the cell at `cell` into `counts` (zeros): a class's count at its
    /// lowest score. Written in place: made on the stack, a store per class, and then copied, each copy's wide
    /// loads waited for the narrow stores before them — two thirds of reading back 86,631 NPS groups by class.
    @inline(__always)
    func readScoreCounts(_ cell: UnsafePointer<UInt32>, metric m: Int, into counts: inout ScoreCounts) {
        if byScore {
            counts = ScoreCounts { Int(cell[m &* IndexChunk.bins &+ $0]) }
            return
        }
        // A store per class: a load and a test per score took longer.
        readBack.withUnsafeBufferPointer { readBack in
            for k in Swift.stride(from: readStarts[m], to: readStarts[m + 1], by: 2) {
                counts[Int(readBack[k])] = Int(cell[Int(readBack[k &+ 1])])
            }
        }
    }
}

/// The rows of a block to count: all of them, those listed in a selection vector, or those marked in a
/// bitmap (a word per 64 rows).
enum RowSource {
    case all(Int)
    case listed(UnsafePointer<UInt16>, count: Int)
    case marked(UnsafePointer<UInt64>, rows: Int)

    var isMarked: Bool {
        if case .marked = self { return true }
        return false
    }

    /// How many rows (for a bitmap, its bits are counted).
    var count: Int {
        switch self {
        case .all(let rows): return rows
        case .listed(_, let count): return count
        case .marked(let marks, let rows):
            var count = 0
            for word in 0..<(rows + 63) / 64 { count &+= ScanPlan.markedWord(word, of: marks, rows: rows).nonzeroBitCount }
            return count
        }
    }

    /// Calls `body` with each row, ascending (a loop of its own per source once inlined).
    @inline(__always)
    func forEach(_ body: (Int) -> Void) {
        switch self {
        case .all(let rows):
            for row in 0..<rows { body(row) }
        case .listed(let selection, let count):
            for k in 0..<count { body(Int(selection[k])) }
        case .marked(let marks, let rows):
            for word in 0..<(rows + 63) / 64 {
                var bits = ScanPlan.markedWord(word, of: marks, rows: rows)
                let first = word &* 64
                while bits != 0 {
                    body(first &+ bits.trailingZeroBitCount)
                    bits &= bits &- 1
                }
            }
        }
    }
}

/// One group table applied to one column of a block: a row's cell offset is `table[column[row] - bias]`
/// (the bias is the first day for the day column, 0 for a dimension).
struct CellLookup {
    let column: DimensionColumn
    let table: UnsafePointer<Int32>
    let bias: Int

    init(column: DimensionColumn, table: UnsafeMutablePointer<Int32>, bias: Int) {
        (self.column, self.table, self.bias) = (column, UnsafePointer(table), bias)
    }

    @inline(__always)
    func offset(_ row: Int) -> Int { Int(table[Int(column[row]) &- bias]) }

    /// The lookup on the column as values of its own width (`UInt8` or `UInt16`, as `column.isNarrow` says).
    func typed<T: FixedWidthInteger>(_: T.Type) -> TypedLookup<T> {
        TypedLookup(column: UnsafePointer(column.base.assumingMemoryBound(to: T.self)), table: table, bias: bias)
    }
}

/// `CellLookup` on a column read as values of one width: a plain load per row.
struct TypedLookup<T: FixedWidthInteger> {
    let column: UnsafePointer<T>
    let table: UnsafePointer<Int32>
    let bias: Int

    @inline(__always)
    func offset(_ row: Int) -> Int { Int(table[Int(column[row]) &- bias]) }
}

/// Where a cell's bin (metric m's score or skipped, `m × IndexChunk.bins + score`) is counted
/// (`CellLayout.offsets`): by score without a load, the row loops' usual case.
struct BinOffsets {
    let byScore: Bool
    let table: UnsafePointer<Int32>

    init(byScore: Bool, table: UnsafeMutablePointer<Int32>) { (self.byScore, self.table) = (byScore, UnsafePointer(table)) }

    @inline(__always)
    func callAsFunction(_ bin: Int) -> Int { byScore ? bin : Int(table[bin]) }
}

/// Where a row's score is counted in its cell (`ScanPlan.countRows`): the bin itself (`BinsByScore`), or its
/// class's count through the layout's table (`BinsByClass`: a load more a row, paid by many cells' fewer counts).
/// `BinOffsets` chosen once per block instead of per row, so that each gets its own copy of the row loops.
protocol BinPlacement {
    /// The offset in a cell of metric m's bin b, given `m × IndexChunk.bins + b`.
    func offset(_ bin: Int) -> Int
    /// Whether a row's counts are all loaded before any is stored (each metric's bins are its own: they never
    /// alias). By class the cells are many (`AnalyticsIndex.countsByClassFrom`), beyond the first-level cache,
    /// and an increment after another's store waited for it: NPS and CSAT by touchpoint × segment over a quarter
    /// took 3.2 times one metric's time (5.4 ms against 1.7; loaded first, 3.7–3.9; all three metrics 7.4 → 4.4).
    /// By score the cells may sit in the first-level cache, where NPS and CSAT by segment × channel for a band
    /// were 25% slower so.
    static var loadsBeforeStores: Bool { get }
}

struct BinsByScore: BinPlacement {
    @inline(__always) func offset(_ bin: Int) -> Int { bin }
    static var loadsBeforeStores: Bool { false }
}

struct BinsByClass: BinPlacement {
    let table: UnsafePointer<Int32>
    init(table: UnsafeMutablePointer<Int32>) { self.table = UnsafePointer(table) }
    @inline(__always) func offset(_ bin: Int) -> Int { Int(table[bin]) }
    static var loadsBeforeStores: Bool { true }
}

/// Lookup tables copied to raw memory once per query, so the row loops do plain loads (no array
/// bounds checks or reference counting per row).
final class RawTables: @unchecked Sendable {
    let filterBits: [UnsafeMutablePointer<UInt64>]
    let groupOffsets: [UnsafeMutablePointer<Int32>]
    let dayOffsets: UnsafeMutablePointer<Int32>

    /// `ScanPlan.tagGroup`, when grouped by tag.
    let tagGroup: UnsafeMutablePointer<Int32>?
    /// `CellLayout.offsets`.
    let binOffsets: UnsafeMutablePointer<Int32>

    init(filterBits: [[UInt64]], groupOffsets: [[Int32]], dayOffsets: [Int32], tagGroup: [Int32]?, binOffsets: [Int32]) {
        func copy<T>(_ array: [T]) -> UnsafeMutablePointer<T> {
            let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(array.count, 1))
            pointer.initialize(from: array, count: array.count)
            return pointer
        }
        self.filterBits = filterBits.map(copy)
        self.groupOffsets = groupOffsets.map(copy)
        self.dayOffsets = copy(dayOffsets)
        self.tagGroup = tagGroup.map(copy)
        self.binOffsets = copy(binOffsets)
    }

    deinit {
        filterBits.forEach { $0.deallocate() }
        groupOffsets.forEach { $0.deallocate() }
        dayOffsets.deallocate()
        tagGroup?.deallocate()
        binOffsets.deallocate()
    }
}

/// Working memory of one scanning thread, reused for every block it scans (a fresh allocation per block
/// costs page faults on every query).
final class ScanScratch: @unchecked Sendable {
    let selection = UnsafeMutablePointer<UInt16>.allocate(capacity: IndexChunk.capacity)
    let offsets = UnsafeMutablePointer<Int32>.allocate(capacity: IndexChunk.capacity)
    /// A bit per row of a block.
    let marks = UnsafeMutablePointer<UInt64>.allocate(capacity: IndexChunk.capacity / 64)
    /// Per row of a block, grouping by tag: its cell offset (`countByTag`) or whether it is selected
    /// (`countByTagAlone`).
    let rowOffsets = UnsafeMutablePointer<Int32>.allocate(capacity: IndexChunk.capacity)
    /// Per customers' dimension a query reads, the label code of each row of the block (`ScanPlan.fillLabels`);
    /// allocated by the first query that reads one.
    var labelColumns: [UnsafeMutablePointer<UInt16>] { labelMemory.columns }
    /// A block's labels by response id from its first (`ScanPlan.fillLabels`).
    var labelTable: UnsafeMutablePointer<UInt16> { labelMemory.table }
    /// Widest interval of ids a block's labels are spread over by table; wider ones are searched per row.
    static let labelTableCapacity = 4 * IndexChunk.capacity
    private var allocatedLabelMemory: (columns: [UnsafeMutablePointer<UInt16>], table: UnsafeMutablePointer<UInt16>)?

    private var labelMemory: (columns: [UnsafeMutablePointer<UInt16>], table: UnsafeMutablePointer<UInt16>) {
        if let memory = allocatedLabelMemory { return memory }
        let memory = (
            columns: ContextDimension.ofCustomers.map { _ in UnsafeMutablePointer<UInt16>.allocate(capacity: IndexChunk.capacity) },
            table: UnsafeMutablePointer<UInt16>.allocate(capacity: Self.labelTableCapacity)
        )
        allocatedLabelMemory = memory
        return memory
    }

    deinit {
        selection.deallocate()
        offsets.deallocate()
        marks.deallocate()
        rowOffsets.deallocate()
        if let memory = allocatedLabelMemory {
            memory.columns.forEach { $0.deallocate() }
            memory.table.deallocate()
        }
    }
}
