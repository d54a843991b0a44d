import OtklikCore
import OtklikStore

/// A query compiled to lookup tables over the index's columns: one bitset per filter, one table per group
/// dimension that maps a raw value straight to its offset in the counts array. The row loop then does
/// only loads, bit tests and additions.
struct ScanPlan: @unchecked Sendable {
    /// Per cell: `bins` counts per metric. Every matched row adds one count to each metric (a skipped
    /// question to the `skipped` bin), so the first metric's bins add up to the responses matched.
    let stride: Int
    let cells: Int
    private let metrics: [MetricKind]
    private let metricColumns: [Int]
    private let filters: [(column: Int, bits: [UInt64])]
    /// Per group dimension: the column read and the offset (already × stride) for each raw value.
    private let groupTables: [(column: Int, offsets: [Int32])]
    private let groupDimensions: [GroupDimension]
    private let bucket: TimeBucket?
    /// Bucket starts (day numbers) in order, and the offset of each day from `firstDay`.
    private let bucketStarts: [Int]
    private let dayOffsets: [Int32]
    private let firstDay: Int
    private let from: Int64
    private let to: Int64
    private let bands: [(column: Int, low: UInt8, high: UInt8)]
    private let hasComment: UInt8?
    private let responseIDs: Set<UInt32>?
    /// The same tables as raw memory, for the row loops.
    private let tables: RawTables
    /// The surveys of a survey filter that accepts only a few (their rows are read from the block's
    /// per-survey lists); nil when there is no such filter.
    private let surveysFromPostings: [UInt16]?

    init(
        query: MetricQuery, maxValue: [UInt16], stageOfTouchpoint: [UInt16], chunks: [IndexChunk],
        excludeDeleted: Bool
    ) throws(AnalyticsIndex.QueryError) {
        precondition(!query.metrics.isEmpty, "a query counts at least one metric")
        let bins = IndexChunk.bins
        metrics = query.metrics
        metricColumns = query.metrics.map(\.column)
        let stride = query.metrics.count * bins
        self.stride = stride
        from = query.from ?? .min
        to = query.to ?? .max

        func column(_ dimension: ContextDimension) -> Int {
            ContextDimension.stored.firstIndex(of: dimension == .stage ? .touchpoint : dimension)!
        }

        // Filters: a bitset of accepted raw values. A stage filter becomes a touchpoint filter.
        var filters: [(column: Int, bits: [UInt64])] = []
        var filterList = query.filters.sorted { $0.key.rawValue < $1.key.rawValue }
        if excludeDeleted && query.filters[.survey] == nil {
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
        var dimensions: [GroupDimension] = query.groupBy.map { dimension in
            if dimension == .stage {
                return GroupDimension(dimension: dimension, cardinality: JourneyStage.allCases.count + 1, values: nil)
            }
            let largest = Int64(maxValue[column(dimension)])
            if let accepted = query.filters[dimension] {
                let values = accepted.filter { (0...largest).contains($0) }.sorted()
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
        var multiplier = bucketCount
        var tables: [(column: Int, offsets: [Int32])] = []
        for group in dimensions.reversed() {
            let offsets: [Int32]
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
            tables.append((column(group.dimension), offsets))
            multiplier *= group.cardinality
        }
        dimensions.reverse()
        groupTables = tables
        groupDimensions = dimensions.reversed()
        self.bucketStarts = bucketStarts
        self.dayOffsets = dayOffsets.map { $0 * Int32(stride) }

        bands = query.scoreBands.map {
            (
                $0.metric.column, UInt8(clamping: $0.range.lowerBound),
                UInt8(clamping: $0.range.upperBound)
            )
        }
        hasComment = query.hasComment.map { $0 ? 1 : 0 }
        responseIDs = query.responseIDs
        if let surveys = query.filters[.survey], surveys.count <= 16 {
            surveysFromPostings = surveys.filter { (1...ContextDimension.maxID).contains($0) }.map { UInt16($0) }.sorted()
        } else {
            surveysFromPostings = nil
        }
        self.tables = RawTables(
            filterBits: filters.map(\.bits), groupOffsets: groupTables.map(\.offsets),
            dayOffsets: self.dayOffsets)
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
        guard filters.isEmpty, groupTables.isEmpty, bands.isEmpty, hasComment == nil, responseIDs == nil else { return nil }
        guard bucket != nil else { return 0 }
        let first = Int(dayOffsets[Int(chunk.minDay) - firstDay])
        let last = Int(dayOffsets[Int(chunk.maxDay) - firstDay])
        return first == last ? first / stride : nil
    }

    func addRollup(of chunk: IndexChunk, to counts: inout [UInt32], cell: Int) {
        let base = cell * stride
        let bins = IndexChunk.bins
        for (m, column) in metricColumns.enumerated() {
            for bin in 0..<bins { counts[base + m * bins + bin] &+= chunk.rollup[column * bins + bin] }
        }
    }

    /// Adds the block's matching rows to `counts`, column by column: first the rows that pass the
    /// filters (a selection vector, only when something filters), then each row's cell offset from the
    /// group tables, then one increment per metric. Every pass is a tight loop over raw pointers.
    func scan(_ chunk: IndexChunk, checkTime: Bool, into counts: inout [UInt32], scratch: ScanScratch) {
        let n = chunk.count
        let tables = self.tables
        let selection = scratch.selection
        let offsets = scratch.offsets
        // 1. Filters → selection vector (or all rows).
        let filtering: Bool
        let selected: Int
        if let count = select(chunk, checkTime: checkTime, into: scratch) {
            (filtering, selected) = (true, count)
        } else {
            (filtering, selected) = (false, n)
        }
        guard selected > 0 else { return }

        // 2. Cell offset of each selected row: the first table assigns, the others add. (Separate
        // passes measured faster than one fused loop: each is a tight loop of loads.)
        // A block whose days all fall in one time bucket (the usual case: rows arrive in time order) adds
        // its bucket's offset as a constant instead of looking up every row's day.
        var base: Int32 = 0
        var perRowDays = bucket != nil
        if bucket != nil {
            let first = tables.dayOffsets[Int(chunk.minDay) - firstDay]
            let last = tables.dayOffsets[Int(chunk.maxDay) - firstDay]
            if first == last {
                base = first
                perRowDays = false
            }
        }
        if !filtering && groupTables.count == 1 && metricColumns.count == 1 {
            // The commonest dashboard shape (one dimension, maybe by time, one metric, no filter): one loop.
            let column = UnsafePointer(chunk.dimensions[groupTables[0].column])
            let table = UnsafePointer(tables.groupOffsets[0])
            let scores = UnsafePointer(chunk.scores[metricColumns[0]])
            let days = UnsafePointer(chunk.day)
            let dayTable = UnsafePointer(tables.dayOffsets)
            let firstDay = self.firstDay
            counts.withUnsafeMutableBufferPointer { counts in
                let cells = counts.baseAddress! + Int(base)
                if perRowDays {
                    for row in 0..<n {
                        cells[Int(table[Int(column[row])]) &+ Int(dayTable[Int(days[row]) &- firstDay]) &+ Int(scores[row])] &+= 1
                    }
                } else {
                    for row in 0..<n { cells[Int(table[Int(column[row])]) &+ Int(scores[row])] &+= 1 }
                }
            }
            return
        }
        var assigned = false
        func addOffsets<T: FixedWidthInteger>(_ column: UnsafePointer<T>, _ table: UnsafePointer<Int32>, bias: Int) {
            switch (filtering, assigned) {
            case (true, true): for k in 0..<selected { offsets[k] &+= table[Int(column[Int(selection[k])]) &- bias] }
            case (true, false): for k in 0..<selected { offsets[k] = table[Int(column[Int(selection[k])]) &- bias] &+ base }
            case (false, true): for k in 0..<selected { offsets[k] &+= table[Int(column[k]) &- bias] }
            case (false, false): for k in 0..<selected { offsets[k] = table[Int(column[k]) &- bias] &+ base }
            }
            assigned = true
        }
        for (g, group) in groupTables.enumerated() {
            addOffsets(UnsafePointer(chunk.dimensions[group.column]), tables.groupOffsets[g], bias: 0)
        }
        if perRowDays {
            addOffsets(UnsafePointer(chunk.day), tables.dayOffsets, bias: firstDay)
        }
        if !assigned { offsets.initialize(repeating: base, count: selected) }

        // 3. One increment per metric.
        counts.withUnsafeMutableBufferPointer { counts in
            let counts = counts.baseAddress!
            for (m, column) in metricColumns.enumerated() {
                let scores = UnsafePointer(chunk.scores[column])
                let cells = counts + m * IndexChunk.bins
                if filtering {
                    for k in 0..<selected { cells[Int(offsets[k]) &+ Int(scores[Int(selection[k])])] &+= 1 }
                } else {
                    for k in 0..<selected { cells[Int(offsets[k]) &+ Int(scores[k])] &+= 1 }
                }
            }
        }
    }

    /// The rows of the block that pass every filter, as positions in `scratch.selection` (ascending,
    /// except that a filter on several surveys lists each survey's rows in turn); returns how many, or
    /// nil when nothing filters (every row passes). A filter on a few surveys starts from the block's rows
    /// of those surveys; the first other test reads the rows directly; the next ones narrow the selection
    /// in place.
    func select(_ chunk: IndexChunk, checkTime: Bool, into scratch: ScanScratch) -> Int? {
        let n = chunk.count
        let tables = self.tables
        let selection = scratch.selection
        var selected = n
        var haveSelection = false
        if let surveys = surveysFromPostings {
            selected = 0
            let surveyColumn = UnsafePointer(chunk.dimensions[0])
            for survey in surveys where Int(survey) < chunk.surveyRows.count {
                chunk.surveyRows[Int(survey)].withUnsafeBufferPointer { rows in
                    for row in rows {
                        selection[selected] = row
                        // A deleted row keeps its place in the list but no longer has the survey.
                        selected &+= surveyColumn[Int(row)] == survey ? 1 : 0
                    }
                }
            }
            haveSelection = true
        }
        func narrow(_ keep: (Int) -> Bool) {
            var kept = 0
            if haveSelection {
                for k in 0..<selected {
                    let row = selection[k]
                    selection[kept] = row
                    kept &+= keep(Int(row)) ? 1 : 0
                }
            } else {
                for row in 0..<n {
                    selection[kept] = UInt16(truncatingIfNeeded: row)
                    kept &+= keep(row) ? 1 : 0
                }
                haveSelection = true
            }
            selected = kept
        }
        if checkTime {
            let timeFrom = UInt32(clamping: from)
            let timeTo = UInt32(clamping: min(to, Int64(UInt32.max) + 1) - 1)
            let submittedAt = chunk.submittedAt
            narrow { submittedAt[$0] >= timeFrom && submittedAt[$0] <= timeTo }
        }
        for (f, filter) in filters.enumerated() where !(surveysFromPostings != nil && filter.column == 0) {
            // The most common test, written out (no closure): a bit per accepted value.
            let column = UnsafePointer(chunk.dimensions[filter.column])
            let bits = UnsafePointer(tables.filterBits[f])
            var kept = 0
            if haveSelection {
                for k in 0..<selected {
                    let row = selection[k]
                    let value = Int(column[Int(row)])
                    selection[kept] = row
                    kept &+= Int(truncatingIfNeeded: (bits[value &>> 6] &>> UInt64(value & 63)) & 1)
                }
            } else {
                for row in 0..<n {
                    let value = Int(column[row])
                    selection[kept] = UInt16(truncatingIfNeeded: row)
                    kept &+= Int(truncatingIfNeeded: (bits[value &>> 6] &>> UInt64(value & 63)) & 1)
                }
                haveSelection = true
            }
            selected = kept
        }
        for band in bands {
            let column = UnsafePointer(chunk.scores[band.column])
            narrow { column[$0] >= band.low && column[$0] <= band.high }
        }
        if let hasComment {
            let column = UnsafePointer(chunk.hasComment)
            narrow { column[$0] == hasComment }
        }
        if let responseIDs {
            let column = UnsafePointer(chunk.responseIDs)
            narrow { responseIDs.contains(column[$0]) }
        }
        return haveSelection ? selected : nil
    }

    /// Reads the non-empty cells back, into flat arrays.
    func groups(from counts: [UInt32]) -> MetricCounts {
        let bins = IndexChunk.bins
        let bucketCount = bucket == nil ? 1 : max(bucketStarts.count, 1)
        let dimensions = groupDimensions.map(\.dimension)
        var values: [Int64] = []
        var starts: [Int] = []
        var responses: [Int] = []
        var scores: [ScoreCounts] = []
        counts.withUnsafeBufferPointer { counts in
            for cell in 0..<cells {
                let base = cell * stride
                var matched = 0
                for bin in 0..<bins { matched += Int(counts[base + bin]) }
                guard matched > 0 else { continue }
                responses.append(matched)
                var rest = cell / bucketCount
                let first = values.count
                values.append(contentsOf: repeatElement(0, count: dimensions.count))
                for (d, group) in groupDimensions.enumerated().reversed() {
                    let index = rest % group.cardinality
                    values[first + d] = group.values.map { $0.isEmpty ? 0 : $0[index] } ?? Int64(index)
                    rest /= group.cardinality
                }
                if bucket != nil { starts.append(bucketStarts[cell % bucketCount]) }
                for m in 0..<metrics.count {
                    var score = ScoreCounts()
                    for bin in 0..<ScoreCounts.binCount { score[bin] = Int(counts[base + m * bins + bin]) }
                    scores.append(score)
                }
            }
        }
        return MetricCounts(
            dimensions: dimensions, metrics: metrics, values: values, bucketStarts: starts,
            responses: responses, scores: scores)
    }
}

/// A grouped dimension: how many cells it spans and, when only some values can occur (it is filtered
/// too), which value each cell index stands for.
struct GroupDimension {
    let dimension: ContextDimension
    let cardinality: Int
    let values: [Int64]?
}

/// Lookup tables copied to raw memory once per query, so the row loops do plain loads (no array
/// bounds checks or reference counting per row).
final class RawTables: @unchecked Sendable {
    let filterBits: [UnsafeMutablePointer<UInt64>]
    let groupOffsets: [UnsafeMutablePointer<Int32>]
    let dayOffsets: UnsafeMutablePointer<Int32>

    init(filterBits: [[UInt64]], groupOffsets: [[Int32]], dayOffsets: [Int32]) {
        func copy<T>(_ array: [T]) -> UnsafeMutablePointer<T> {
            let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(array.count, 1))
            pointer.initialize(from: array, count: array.count)
            return pointer
        }
        self.filterBits = filterBits.map(copy)
        self.groupOffsets = groupOffsets.map(copy)
        self.dayOffsets = copy(dayOffsets)
    }

    deinit {
        filterBits.forEach { $0.deallocate() }
        groupOffsets.forEach { $0.deallocate() }
        dayOffsets.deallocate()
    }
}

/// Working memory of one scanning thread, reused for every block it scans (a fresh allocation per block
/// costs page faults on every query).
final class ScanScratch: @unchecked Sendable {
    let selection = UnsafeMutablePointer<UInt16>.allocate(capacity: IndexChunk.capacity)
    let offsets = UnsafeMutablePointer<Int32>.allocate(capacity: IndexChunk.capacity)

    deinit {
        selection.deallocate()
        offsets.deallocate()
    }
}
