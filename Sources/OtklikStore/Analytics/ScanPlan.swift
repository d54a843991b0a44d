import OtklikCore

/// A query compiled to lookup tables over the index's columns: one bitset per filter, one table per group
/// dimension that maps a raw value straight to its offset in the counts array. The row loop then does
/// only loads, bit tests and additions.
struct ScanPlan: @unchecked Sendable {
    /// Per cell: `bins` counts per metric, then the number of matched responses.
    let stride: Int
    let cells: Int
    private let metricColumns: [Int]
    private let filters: [(column: Int, bits: [UInt64])]
    /// Per group dimension: the column read and the offset (already × stride) for each raw value.
    private let groupTables: [(column: Int, offsets: [Int32])]
    private let groupDimensions: [(dimension: ContextDimension, cardinality: Int)]
    private let bucket: TimeBucket?
    /// Bucket starts (day numbers) in order, and the offset of each day from `firstDay`.
    private let bucketStarts: [Int]
    private let dayOffsets: [Int32]
    private let firstDay: Int
    private let from: Int64
    private let to: Int64
    private let band: (column: Int, low: UInt8, high: UInt8)?
    private let hasComment: UInt8?

    init(query: MetricQuery, maxValue: [UInt16], stageOfTouchpoint: [UInt16], chunks: [IndexChunk],
         excludeDeleted: Bool) throws(AnalyticsIndex.QueryError) {
        let bins = IndexChunk.bins
        metricColumns = query.metrics.map { MetricKind.allCases.firstIndex(of: $0)! }
        let stride = query.metrics.count * bins + 1
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

        // Time buckets over the days the matching blocks cover.
        bucket = query.bucket
        var bucketStarts: [Int] = []
        var dayOffsets: [Int32] = []
        var firstDay = 0
        if let bucket = query.bucket {
            let live = chunks.filter { $0.count > 0 }
            let low = Int(live.map(\.minDay).min() ?? 0), high = Int(live.map(\.maxDay).max() ?? 0)
            firstDay = low
            var start = bucket.start(ofDay: low)
            while start <= high {
                let next = bucket.next(afterStart: start)
                for day in max(start, low)..<min(next, high + 1) { dayOffsets.append(Int32(bucketStarts.count)) }
                bucketStarts.append(start)
                start = next
            }
        }
        self.firstDay = firstDay

        // Group tables: cell = Σ value index × product of the cardinalities after it; time bucket last.
        var dimensions: [(dimension: ContextDimension, cardinality: Int)] = query.groupBy.map { dimension in
            (dimension, dimension == .stage ? JourneyStage.allCases.count + 1 : Int(maxValue[column(dimension)]) + 1)
        }
        let bucketCount = query.bucket == nil ? 1 : max(bucketStarts.count, 1)
        let cells = dimensions.reduce(bucketCount) { $0 * $1.cardinality }
        guard cells <= AnalyticsIndex.maxCells else {
            throw .tooManyGroups(cells: cells, limit: AnalyticsIndex.maxCells)
        }
        self.cells = cells
        var multiplier = bucketCount
        var tables: [(column: Int, offsets: [Int32])] = []
        for (dimension, cardinality) in dimensions.reversed() {
            let offsets: [Int32]
            if dimension == .stage {
                offsets = stageOfTouchpoint.map { Int32(Int($0) * multiplier * stride) }
            } else {
                offsets = (0...Int(ContextDimension.maxID)).map { Int32(min($0, cardinality - 1) * multiplier * stride) }
            }
            tables.append((column(dimension), offsets))
            multiplier *= cardinality
        }
        dimensions.reverse()
        groupTables = tables
        groupDimensions = dimensions.reversed()
        self.bucketStarts = bucketStarts
        self.dayOffsets = dayOffsets.map { $0 * Int32(stride) }

        band = query.scoreBand.map {
            (MetricKind.allCases.firstIndex(of: $0.metric)!, UInt8(clamping: $0.range.lowerBound),
             UInt8(clamping: $0.range.upperBound))
        }
        hasComment = query.hasComment.map { $0 ? 1 : 0 }
    }

    /// The one cell a whole block falls into, if its counts can be used as they are: nothing to filter or
    /// group by, and the block's days within one time bucket.
    func wholeChunkCell(_ chunk: IndexChunk) -> Int? {
        guard filters.isEmpty, groupTables.isEmpty, band == nil, hasComment == nil else { return nil }
        guard bucket != nil else { return 0 }
        let first = Int(dayOffsets[Int(chunk.minDay) - firstDay]), last = Int(dayOffsets[Int(chunk.maxDay) - firstDay])
        return first == last ? first / stride : nil
    }

    func addRollup(of chunk: IndexChunk, to counts: inout [UInt32], cell: Int) {
        let base = cell * stride
        let bins = IndexChunk.bins
        for (m, column) in metricColumns.enumerated() {
            for bin in 0..<bins { counts[base + m * bins + bin] &+= chunk.rollup[column * bins + bin] }
        }
        counts[base + stride - 1] &+= UInt32(chunk.liveRows)
    }

    /// Adds the block's matching rows to `counts`.
    func scan(_ chunk: IndexChunk, checkTime: Bool, into counts: inout [UInt32]) {
        let n = chunk.count
        let bins = IndexChunk.bins
        let stride = self.stride
        let timeFrom = UInt32(clamping: from), timeTo = to > Int64(UInt32.max) ? UInt32.max : UInt32(clamping: to)
        let unbounded = to > Int64(UInt32.max)
        let submittedAt = chunk.submittedAt
        let days = chunk.day
        let filterColumns = filters.map { chunk.dimensions[$0.column] }
        let groupColumns = groupTables.map { chunk.dimensions[$0.column] }
        let scoreColumns = metricColumns.map { chunk.scores[$0] }
        let bandColumn = band.map { chunk.scores[$0.column] }
        let comments = chunk.hasComment
        let firstDay = self.firstDay
        counts.withUnsafeMutableBufferPointer { counts in
            dayOffsets.withUnsafeBufferPointer { dayOffsets in
                rows: for i in 0..<n {
                    if checkTime {
                        let t = submittedAt[i]
                        if t < timeFrom || (!unbounded && t >= timeTo) { continue }
                    }
                    for f in 0..<filterColumns.count {
                        let value = Int(filterColumns[f][i])
                        if filters[f].bits[value >> 6] & (1 << UInt64(value & 63)) == 0 { continue rows }
                    }
                    if let bandColumn, let band {
                        let score = bandColumn[i]
                        if score < band.low || score > band.high { continue }
                    }
                    if let hasComment, comments[i] != hasComment { continue }
                    var base = 0
                    for g in 0..<groupColumns.count {
                        base += Int(groupTables[g].offsets[Int(groupColumns[g][i])])
                    }
                    if bucket != nil { base += Int(dayOffsets[Int(days[i]) - firstDay]) }
                    for m in 0..<scoreColumns.count {
                        counts[base + m * bins + Int(scoreColumns[m][i])] &+= 1
                    }
                    counts[base + stride - 1] &+= 1
                }
            }
        }
    }

    /// Reads the non-empty cells back into groups.
    func groups(from counts: [UInt32]) -> [MetricGroup] {
        let bins = IndexChunk.bins
        let bucketCount = bucket == nil ? 1 : max(bucketStarts.count, 1)
        var groups: [MetricGroup] = []
        for cell in 0..<cells {
            let base = cell * stride
            let responses = Int(counts[base + stride - 1])
            guard responses > 0 else { continue }
            var key: [ContextDimension: Int64] = [:]
            var rest = cell / bucketCount
            for (dimension, cardinality) in groupDimensions.reversed() {
                key[dimension] = Int64(rest % cardinality)
                rest /= cardinality
            }
            var metricCounts: [MetricKind: ScoreCounts] = [:]
            for (m, column) in metricColumns.enumerated() {
                let scoreBins = (0..<ScoreCounts.binCount).map { Int(counts[base + m * bins + $0]) }
                metricCounts[MetricKind.allCases[column]] = ScoreCounts(bins: scoreBins)
            }
            groups.append(MetricGroup(key: key, bucketStart: bucket == nil ? nil : bucketStarts[cell % bucketCount],
                                      responses: responses, counts: metricCounts))
        }
        return groups
    }
}
