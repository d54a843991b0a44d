import OtklikCore
import OtklikStore

/// A fixed-capacity block of index rows stored column by column, with a zone map (time bounds) and
/// per-metric score counts of the whole block. Rows are only appended; a deleted row is tombstoned by
/// survey 0 and loses its scores. Access is guarded by `AnalyticsIndex`'s lock.
///
/// A block that fills up is sealed: its rows are reordered by employee (each employee's rows become one
/// run, found by binary search) and it gets row lists for survey, touchpoint, segment and channel. A filter on a
/// few employees, surveys, touchpoints, segments or channels then reads only their rows, and a grouping by employee counts a run
/// at a time instead of looking up every row's cell. Nothing in an answer depends on the order of rows
/// inside a block; ids are still increasing from one block to the next.
///
/// Every block has counts (per value, per day: `hasCounts`) that answer a question without reading its
/// rows; the block being filled keeps them current as rows arrive, since the newest answers are the ones
/// asked about most.
final class IndexChunk: @unchecked Sendable {
    static let capacity = 1 << 16
    /// Score slots per metric: 0…10 and `ResponseFacts.skipped`.
    static let bins = 12

    private(set) var count = 0
    /// The response id of each row, until a block whose ids are consecutive is sealed: it then keeps only
    /// each row's distance from the first id (`idOffsets`, half the bytes). Read through `responseID(at:)`.
    private var responseIDs: UnsafeMutablePointer<UInt32>? = .allocate(capacity: capacityStep)
    private var idOffsets: UnsafeMutablePointer<UInt16>?
    private(set) var submittedAt = UnsafeMutablePointer<UInt32>.allocate(capacity: capacityStep)
    private(set) var day = UnsafeMutablePointer<UInt16>.allocate(capacity: capacityStep)
    /// One column per `ContextDimension.stored`, in that order: 16-bit, or 8-bit once sealed where the
    /// values fit (`DimensionColumn`).
    private(set) var dimensions: [DimensionColumn]
    /// One column per metric kind, at its `MetricKind.column`.
    private(set) var scores: [UnsafeMutablePointer<UInt8>]
    /// Rows the columns above have room for. The block being filled grows them as it needs, 4,096 rows at a
    /// time up to `capacity`, rather than holding room for a whole block from its first row: at 1M responses
    /// that room was 1.3 of 33.2 bytes per response (doubling still left 0.4), and a store of a few thousand
    /// paid 1.7 MB. A step copies the block's columns (at most 1.7 MB, sixteen times per block: tens of
    /// nanoseconds per row appended). Always a multiple of 64, so that a word-wide read of a block's last rows
    /// stays inside its columns.
    private(set) var rowCapacity = capacityStep
    /// Rows of room the columns start with and grow by.
    static let capacityStep = 4_096
    /// One bit per row: the answer has a comment.
    let hasComment = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity / 64)
    /// The rows' tags (codes of `AnalyticsIndex`'s dictionary), several per row: a side column, empty in a
    /// block with no tagged response.
    private(set) var tags = SideColumn()

    private(set) var minSubmittedAt = UInt32.max
    private(set) var maxSubmittedAt = UInt32.min
    private(set) var minDay = UInt16.max
    private(set) var maxDay = UInt16.min
    private(set) var minResponseID = UInt32.max
    private(set) var maxResponseID = UInt32.min
    /// Score counts of all live rows, `bins` per metric: lets a query that covers the block whole skip its rows.
    private(set) var rollup = [UInt32](repeating: 0, count: MetricKind.allCases.count * bins)
    private(set) var liveRows = 0

    /// Set when the block is full and its rows are in employee order.
    private(set) var isSealed = false
    /// The block being filled only (nil once sealed, in employee order): per row, the latest time of the rows
    /// up to it. Answers arrive roughly in the order of their times, so this ascending column finds a
    /// period's rows as one range by binary search (`rows(from:to:)`), however out of order a few arrive
    /// (two requests committed in the other order, a device that sends late); `lateBy` bounds how far. 4
    /// bytes a row of one block.
    private(set) var latestSoFar: UnsafeMutablePointer<UInt32>? = .allocate(capacity: capacityStep)
    /// How much earlier than the latest before it any row's time is: 0 while rows arrive in time order.
    private(set) var lateBy: UInt32 = 0
    /// Set when `valueCounts`, `dayRollups`, `rowsPerDay` and `dayTimes` hold every row: from a block's first
    /// append on (`countAppended`), made anew when it is sealed.
    private(set) var hasCounts = false
    /// Sealed blocks: the employee of each run of rows, ascending, and the row where the run starts (it ends
    /// where the next one starts, the last at `count`).
    private(set) var employeeRuns: (values: [UInt16], starts: [Int32]) = ([], [])
    /// Sealed blocks: each employee run's score counts per metric kind, so that a grouping by employee adds
    /// a run whole instead of reading its rows (`RunCounts`). Nil from the first deletion in the block.
    private(set) var runCounts: RunCounts?
    /// Sealed blocks: the rows of each survey, touchpoint, segment and channel (`listedColumns`).
    private(set) var rowLists: [RowLists] = []
    /// The live rows' score counts per value of each counted column (`countedColumns`: survey,
    /// location, touchpoint, segment, channel), and per day too for the columns with fewest values
    /// (`ValueCounts`): a question that reads one of them and nothing else ("NPS by segment", "NPS of survey
    /// 7 by week", the dashboard's heat map over all surveys) adds them instead of reading the rows. Nil for a
    /// column whose counts would not fit the block's budget (`countBudget`, smallest columns first:
    /// touchpoint ids in the thousands get none) or a count that would not fit in 16 bits, and for the
    /// columns not counted.
    private(set) var valueCounts: [ValueCounts?] = []
    /// The live rows' score counts per day from `minDay`, `countsPerValue` each: a time
    /// bucketing with nothing to filter or group by adds a day at a time, whichever buckets the block's days
    /// fall in.
    private(set) var dayRollups: [UInt32] = []
    /// Rows per day from `minDay` (tells which time bucket holds most of the block's rows).
    private(set) var rowsPerDay: [Int32] = []
    /// Per day from `minDay`, the first and the last time a row of it was submitted (`.max`
    /// and 0 for a day without rows). A period that starts and ends at midnights, as a period of dates does,
    /// then takes or leaves each day whole, and the per-day counts answer a block the period cuts through.
    private(set) var dayTimes: [(first: UInt32, last: UInt32)] = []
    /// Sealed blocks: within each employee's run the days never decrease (rows arrived in time order, as
    /// they do but for imports of old answers), so a time bucket's rows are one stretch of each run.
    private(set) var daysAscendingInRuns = false

    /// The stored dimensions that get row lists when a block is sealed (employee gets runs instead).
    /// Channel's lists (2 bytes a response) came when the dimensions in 8 bits had freed 5: a channel's
    /// answers over a year or two, by survey or touchpoint, 0.60–0.68 of the time through HTTP.
    static let listedColumns = [ContextDimension.survey, .touchpoint, .segment, .channel].map {
        ContextDimension.stored.firstIndex(of: $0)!
    }
    static let employeeColumn = ContextDimension.stored.firstIndex(of: .employee)!
    static let touchpointColumn = ContextDimension.stored.firstIndex(of: .touchpoint)!
    /// The stored dimensions whose score counts per value a sealed block keeps (`valueCounts`); the
    /// employee has runs instead and too many values.
    static let countedColumns = [ContextDimension.survey, .location, .touchpoint, .segment, .channel].map {
        ContextDimension.stored.firstIndex(of: $0)!
    }
    /// Counts per day in `dayRollups`: `bins` for each metric kind.
    static let countsPerValue = MetricKind.allCases.count * bins
    /// Bytes all of a block's `valueCounts` may take: three quarters of a byte a row.
    static let countBudget = capacity * 3 / 4

    /// Per score 0…15, the two words a run's counts add up in (`ScanPlan.countRuns`, `RunCounts`): a 1 in the
    /// score's byte lane (bins 0–7 in the first word, 8–15 in the second). 255 rows add up without carrying
    /// into the next bin.
    static let byteLanes: [UInt64] = {
        var lanes = [UInt64](repeating: 0, count: 32)
        for score in 0..<16 {
            let shift = UInt64(8 * (score % 8))
            lanes[2 * score + score / 8] = 1 << shift
        }
        return lanes
    }()

    /// Where the columns go once the block is sealed.
    private let arena: ColumnArena

    init(arena: ColumnArena) {
        self.arena = arena
        dimensions = ContextDimension.stored.map { _ in DimensionColumn(wide: .allocate(capacity: Self.capacityStep)) }
        scores = MetricKind.allCases.map { _ in .allocate(capacity: Self.capacityStep) }
        hasComment.initialize(repeating: 0, count: Self.capacity / 64)
    }

    deinit {
        hasComment.deallocate()
        guard !isSealed else { return }  // a sealed block's columns are the arena's, freed with it
        responseIDs?.deallocate()
        idOffsets?.deallocate()
        submittedAt.deallocate()
        day.deallocate()
        dimensions.forEach { $0.base.deallocate() }
        scores.forEach { $0.deallocate() }
        latestSoFar?.deallocate()
    }

    var isFull: Bool { count == Self.capacity }

    /// Memory this block holds: its columns (as many rows as they have room for, filled or not; the comment
    /// flag is a bit, for the whole block), and a sealed block's runs and row lists.
    var memoryBytes: Int {
        let columns = 4 + 2 + MetricKind.allCases.count + (idOffsets == nil ? 4 : 2) + (latestSoFar == nil ? 0 : 4)
        let dimensionBytes = dimensions.reduce(0) { $0 + DimensionColumn.bytes(rows: rowCapacity, shift: $1.shift) }
        return rowCapacity * columns + dimensionBytes + Self.capacity / 8 + 6 * employeeRuns.values.count
            + rowLists.reduce(0) { $0 + $1.memoryBytes } + valueCounts.reduce(0) { $0 + 2 * ($1?.counts.count ?? 0) }
            + tags.memoryBytes + 4 * (rowsPerDay.count + dayRollups.count) + 8 * dayTimes.count
            + (runCounts?.memoryBytes ?? 0)
    }

    func responseID(at row: Int) -> UInt32 {
        if let idOffsets { return minResponseID &+ UInt32(idOffsets[row]) }
        return responseIDs![row]
    }

    /// For the block being filled: the range of rows outside which no row's time lies in `from ..< to`, by
    /// two binary searches over `latestSoFar`; `exact` when every row inside it does (rows in time order).
    /// A row of time t at or after `from` has a latest-so-far of at least t; one before `to` at most
    /// t + `lateBy`.
    func rows(from: Int64, to: Int64) -> (rows: Range<Int>, exact: Bool)? {
        guard let latestSoFar else { return nil }
        func firstRow(reaching time: Int64) -> Int {
            var (low, high) = (0, count)
            while low < high {
                let mid = (low + high) / 2
                if Int64(latestSoFar[mid]) < time { low = mid + 1 } else { high = mid }
            }
            return low
        }
        let start = firstRow(reaching: from)
        // `to` is Int64.max for a period with no end.
        let (widened, overflow) = to.addingReportingOverflow(Int64(lateBy))
        return (start..<max(start, firstRow(reaching: overflow ? .max : widened)), lateBy == 0)
    }

    func hasComment(at row: Int) -> Bool { (hasComment[row >> 6] >> UInt64(row & 63)) & 1 != 0 }

    /// Appends as many of `rows` as fit; returns how many. `tagged` holds the tag codes of tagged rows, in
    /// the rows' id order; the ones of the rows taken are taken from it. Bounds and counts are updated once
    /// per call; a block that becomes full is sealed.
    /// - Parameter loading: the caller (`AnalyticsIndex.Loader`) seals the block when it becomes full, and counts
    ///   it (`countAll`) if it is the last: a block filled by many batches is not counted after each.
    func append(_ rows: ArraySlice<ResponseFacts>, tagged: inout ArraySlice<TaggedRow>, loading: Bool = false) -> Int {
        let taken = min(rows.count, Self.capacity - count)
        guard taken > 0 else { return 0 }
        makeRoom(forRows: count + taken)
        let start = count
        var i = count
        var low = minSubmittedAt
        var high = maxSubmittedAt
        var firstDay = minDay
        var lastDay = maxDay
        let (survey, location, touchpoint, employee, segment, channel) =
            (dimensions[0].wide, dimensions[1].wide, dimensions[2].wide, dimensions[3].wide, dimensions[4].wide, dimensions[5].wide)
        let bins = Self.bins
        rollup.withUnsafeMutableBufferPointer { rollup in
            for row in rows.prefix(taken) {
                responseIDs![i] = row.responseId
                submittedAt[i] = row.submittedAt
                day[i] = row.day
                survey[i] = row.survey
                location[i] = row.location
                touchpoint[i] = row.touchpoint
                employee[i] = row.employee
                segment[i] = row.segment
                channel[i] = row.channel
                for column in 0..<MetricScores.slots {
                    let score = row.scores[column: column]
                    scores[column][i] = score
                    rollup[column * bins + Int(score)] += 1
                }
                if row.hasComment { hasComment[i >> 6] |= 1 << UInt64(i & 63) }
                if let next = tagged.first, next.responseId == row.responseId {
                    tags.append(row: i, values: next.codes)
                    tagged = tagged.dropFirst()
                }
                low = min(low, row.submittedAt)
                high = max(high, row.submittedAt)
                latestSoFar![i] = high
                lateBy = max(lateBy, high - row.submittedAt)
                firstDay = min(firstDay, row.day)
                lastDay = max(lastDay, row.day)
                minResponseID = min(minResponseID, row.responseId)
                maxResponseID = max(maxResponseID, row.responseId)
                i += 1
            }
        }
        (minSubmittedAt, maxSubmittedAt, minDay, maxDay) = (low, high, firstDay, lastDay)
        liveRows += taken
        count = i
        if loading {
            hasCounts = false
        } else if isFull {
            seal()
        } else {
            countAppended(start..<count)
        }
        return taken
    }

    /// Counts a block that is not sealed anew (the last block, after `AnalyticsIndex.Loader` filled it).
    func countAll() {
        if !isSealed { makeCounts() }
    }

    /// Adds rows just appended to the counts, or makes the counts anew when a row has no place in them: a
    /// day before their first, a value above their largest, a metric kind no earlier row answered, or more
    /// days than the budget holds. (A block filled by one batch, as at start-up, is sealed without this.)
    private func countAppended(_ rows: Range<Int>) {
        if !(hasCounts && addToCounts(rows)) { makeCounts() }
    }

    /// Adds `rows` to the counts as they are laid out, growing them by the new days at the end; false when
    /// a row has no place in them (the caller then makes them anew, so a half-added batch does no harm).
    private func addToCounts(_ rows: Range<Int>) -> Bool {
        guard Int(minDay) == countsFirstDay else { return false }
        let days = Int(maxDay) - countsFirstDay + 1
        if days > rowsPerDay.count {
            // Counts laid out on one day have no counts per day yet: a second day lays them out anew.
            guard rowsPerDay.count > 1 else { return false }
            let bytes = valueCounts.reduce(0) { bytes, counts in
                bytes + (counts.map { 2 * ($0.days > 1 ? days : 1) * $0.values * $0.stride } ?? 0)
            }
            guard bytes <= Self.countBudget else { return false }
            for column in valueCounts.indices where (valueCounts[column]?.days ?? 0) > 1 {
                valueCounts[column]!.extend(toDays: days)
            }
            let more = days - rowsPerDay.count
            rowsPerDay += repeatElement(0, count: more)
            dayTimes += repeatElement((.max, 0), count: more)
            dayRollups += repeatElement(0, count: more * Self.countsPerValue)
        }
        let survey = dimensions[0]
        let counted = Self.countedColumns.filter { valueCounts[$0] != nil }
        // The kinds counted per value (the others were skipped by every row so far, and must still be).
        let (kinds, uncounted) =
            valueCounts.lazy.compactMap { $0 }.first.map { counts in
                (counts.kinds, scores.indices.filter { !counts.kinds.contains($0) })
            } ?? ([], [])
        for row in rows {
            let d = Int(day[row]) - countsFirstDay
            countDay(of: row, d)
            guard survey[row] != 0 else { continue }
            for kind in uncounted where scores[kind][row] != ResponseFacts.skipped { return false }
            for column in counted where Int(dimensions[column][row]) >= valueCounts[column]!.values { return false }
            for (kind, score) in scores.enumerated() { dayRollups[d * Self.countsPerValue + kind * Self.bins + Int(score[row])] += 1 }
            for column in counted {
                let value = Int(dimensions[column][row])
                for kind in kinds { valueCounts[column]!.add(kind: kind, score: scores[kind][row], day: d, value: value) }
            }
        }
        return true
    }

    /// Counts a row in its day's `rowsPerDay` and `dayTimes` (`d` from the counts' first day).
    private func countDay(of row: Int, _ d: Int) {
        rowsPerDay[d] += 1
        dayTimes[d] = (min(dayTimes[d].first, submittedAt[row]), max(dayTimes[d].last, submittedAt[row]))
    }

    /// The day `rowsPerDay`, `dayTimes`, `dayRollups` and per-day `valueCounts` count from.
    private var countsFirstDay = 0

    /// Counts every row anew: rows and first and last times per day, counts per day and per value.
    private func makeCounts() {
        rowsPerDay = [Int32](repeating: 0, count: Int(maxDay - minDay) + 1)
        dayTimes = Array(repeating: (.max, 0), count: rowsPerDay.count)
        for row in 0..<count { countDay(of: row, Int(day[row] - minDay)) }
        valueCounts = countByValue()
        dayRollups = countByDay()
        countsFirstDay = Int(minDay)
        hasCounts = true
    }

    /// Grows the columns, a `capacityStep` at a time, until they have room for `rows` (at most `capacity`).
    private func makeRoom(forRows rows: Int) {
        guard rows > rowCapacity else { return }
        let grown = min((rows + Self.capacityStep - 1) / Self.capacityStep * Self.capacityStep, Self.capacity)
        moveColumns(to: .heap(rows: grown))
        rowCapacity = grown
    }

    /// Where `moveColumns` puts the columns: the heap, with room for more rows; or the arena, at their size.
    private enum ColumnRoom {
        case heap(rows: Int)
        case arena(ColumnArena)
    }

    /// Moves every column's rows into new room, freeing the old. Into the arena (the block sealed), a
    /// dimension whose values all fit in 8 bits moves into an 8-bit column.
    private func moveColumns(to room: ColumnRoom) {
        let filled = count
        func allocate<T>(_: T.Type, rows: Int) -> UnsafeMutablePointer<T> {
            switch room {
            case .heap(let capacity): return .allocate(capacity: capacity)
            case .arena(let arena): return arena.allocate(MemoryLayout<T>.stride * rows).bindMemory(to: T.self, capacity: rows)
            }
        }
        let narrowing = if case .arena = room { true } else { false }
        func moved<T>(_ column: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
            let target = allocate(T.self, rows: filled)
            target.moveInitialize(from: column, count: filled)
            column.deallocate()
            return target
        }
        func movedDimension(_ column: DimensionColumn) -> DimensionColumn {
            let values = column.wide
            guard narrowing, (0..<filled).allSatisfy({ values[$0] <= UInt8.max }) else { return DimensionColumn(wide: moved(values)) }
            let narrow = allocate(UInt8.self, rows: DimensionColumn.bytes(rows: filled, shift: 0))
            for row in 0..<filled { narrow[row] = UInt8(truncatingIfNeeded: values[row]) }
            narrow[filled] = 0
            values.deallocate()
            return DimensionColumn(narrow: narrow)
        }
        idOffsets = idOffsets.map(moved)
        responseIDs = responseIDs.map(moved)
        submittedAt = moved(submittedAt)
        latestSoFar = latestSoFar.map(moved)
        day = moved(day)
        dimensions = dimensions.map(movedDimension)
        scores = scores.map(moved)
    }

    /// Reorders the rows by employee (a stable counting sort: each employee's rows stay in id order) and
    /// builds the runs and row lists. Once, when the block is full.
    func seal() {
        precondition(isFull && !isSealed)
        // The employee column's row lists, end to end, are the new order: order[new position] = old position.
        let byEmployee = RowLists(column: dimensions[Self.employeeColumn].wide, count: count)
        let order = byEmployee.positions
        var runs: (values: [UInt16], starts: [Int32]) = ([], [])
        for value in 0..<(byEmployee.starts.count - 1) where !byEmployee.range(of: UInt16(value)).isEmpty {
            runs.values.append(UInt16(value))
            runs.starts.append(byEmployee.starts[value])
        }
        func permute<T>(_ column: UnsafeMutablePointer<T>) {
            let copy = UnsafeMutablePointer<T>.allocate(capacity: count)
            defer { copy.deallocate() }
            copy.initialize(from: column, count: count)
            for row in 0..<count { column[row] = copy[Int(order[row])] }
        }
        if maxResponseID - minResponseID == UInt32(count - 1) {
            // Consecutive ids (the usual case): a row's id is the first plus its distance from it.
            let offsets = UnsafeMutablePointer<UInt16>.allocate(capacity: Self.capacity)
            for row in 0..<count { offsets[row] = UInt16(truncatingIfNeeded: responseIDs![Int(order[row])] - minResponseID) }
            idOffsets = offsets
            responseIDs?.deallocate()
            responseIDs = nil
        } else {
            permute(responseIDs!)
        }
        permute(submittedAt)
        permute(day)
        dimensions.forEach { permute($0.wide) }
        scores.forEach(permute)
        let comments = Array(UnsafeBufferPointer(start: hasComment, count: Self.capacity / 64))
        hasComment.update(repeating: 0, count: Self.capacity / 64)
        for row in 0..<count where (comments[Int(order[row]) >> 6] >> UInt64(order[row] & 63)) & 1 != 0 {
            hasComment[row >> 6] |= 1 << UInt64(row & 63)
        }
        if !tags.isEmpty {
            var newPosition = [UInt16](repeating: 0, count: count)
            for row in 0..<count { newPosition[Int(order[row])] = UInt16(truncatingIfNeeded: row) }
            tags.seal(newPosition: newPosition)
        }
        employeeRuns = runs
        runCounts = RunCounts(self)
        rowLists = Self.listedColumns.map { RowLists(column: dimensions[$0].wide, count: count) }
        daysAscendingInRuns = runs.starts.indices.allSatisfy { run in
            employeeRun(run).dropFirst().allSatisfy { day[$0] >= day[$0 - 1] }
        }
        makeCounts()
        isSealed = true
        latestSoFar?.deallocate()
        latestSoFar = nil
        // The sealed block's columns, one after another, in the arena's 2 MB pages for the block's life;
        // dimensions of at most 256 values in 8 bits. A scan of many rows reads half the bytes of those; at the
        // reference shape every dimension but the employee fits, 5 of the 12 bytes a response's dimensions took.
        moveColumns(to: .arena(arena))
    }

    /// The metric kinds (their `MetricKind.column`) some live row of the block answers, from `rollup`: its
    /// bins below `ResponseFacts.skipped`.
    var answeredKinds: [Int] {
        scores.indices.filter { kind in (0..<Int(ResponseFacts.skipped)).contains { rollup[kind * Self.bins + $0] > 0 } }
    }

    /// The counts per value of the counted columns: per value for the columns with fewer values first while
    /// they fit the budget, then per day and value for those whose days fit what is left (`valueCounts`).
    /// Only the metric kinds some live row answers are counted (an organisation that asks no CES pays for
    /// none).
    private func countByValue() -> [ValueCounts?] {
        let survey = dimensions[0]
        let answered = answeredKinds
        let kinds = answered.isEmpty ? [0] : answered
        let perValue = kinds.count * Self.bins
        let days = Int(maxDay - minDay) + 1
        var layout: [(column: Int, values: Int, days: Int)] = []
        var budget = Self.countBudget
        let largest = Self.countedColumns.map { column in (0..<count).reduce(0) { max($0, Int(dimensions[column][$1])) } }
        for (column, largest) in zip(Self.countedColumns, largest).sorted(by: { $0.1 < $1.1 }) {
            let size = 2 * (largest + 1) * perValue
            guard size <= budget else { break }
            layout.append((column, largest + 1, 1))
            budget -= size
        }
        for i in layout.indices {
            let more = 2 * layout[i].values * perValue * (days - 1)
            guard more <= budget else { break }
            layout[i].days = days
            budget -= more
        }
        var counted = [ValueCounts?](repeating: nil, count: ContextDimension.stored.count)
        let (minDay, day) = (Int(self.minDay), self.day)
        for (column, values, days) in layout {
            let value = dimensions[column]
            var counts = [UInt32](repeating: 0, count: days * values * perValue)
            for row in 0..<count where survey[row] != 0 {
                let slot = (days == 1 ? 0 : Int(day[row]) - minDay) * values + Int(value[row])
                for (k, kind) in kinds.enumerated() { counts[slot * perValue + k * Self.bins + Int(scores[kind][row])] += 1 }
            }
            guard counts.allSatisfy({ $0 <= UInt32(UInt16.max) }) else { continue }
            counted[column] = ValueCounts(days: days, values: values, kinds: kinds, counts: counts.map { UInt16($0) })
        }
        return counted
    }

    private func countByDay() -> [UInt32] {
        let (survey, minDay) = (dimensions[0], Int(self.minDay))
        var counts = [UInt32](repeating: 0, count: (Int(maxDay) - minDay + 1) * Self.countsPerValue)
        for row in 0..<count where survey[row] != 0 {
            let base = (Int(day[row]) - minDay) * Self.countsPerValue
            for (column, score) in scores.enumerated() { counts[base + column * Self.bins + Int(score[row])] += 1 }
        }
        return counts
    }

    /// The rows of a sealed block's `run`-th employee run.
    func employeeRun(_ run: Int) -> Range<Int> {
        let starts = employeeRuns.starts
        return Int(starts[run])..<(run + 1 < starts.count ? Int(starts[run + 1]) : count)
    }

    /// The rows of one employee in a sealed block.
    func employeeRows(_ employee: UInt16) -> Range<Int> {
        let values = employeeRuns.values
        var low = 0
        var high = values.count
        while low < high {
            let mid = (low + high) / 2
            if values[mid] < employee { low = mid + 1 } else { high = mid }
        }
        guard low < values.count, values[low] == employee else { return 0..<0 }
        return employeeRun(low)
    }

    /// Position of a response in this block: by binary search while rows are in id order, by looking
    /// through a sealed block's ids otherwise (only deletions ask).
    func position(of responseID: UInt32) -> Int? {
        guard (minResponseID...maxResponseID).contains(responseID) else { return nil }
        if isSealed {
            if let idOffsets {
                let offset = UInt16(truncatingIfNeeded: responseID - minResponseID)
                for row in 0..<count where idOffsets[row] == offset { return row }
                return nil
            }
            for row in 0..<count where responseIDs![row] == responseID { return row }
            return nil
        }
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if self.responseID(at: mid) < responseID { low = mid + 1 } else { high = mid }
        }
        return low < count && self.responseID(at: low) == responseID ? low : nil
    }

    /// Removes a row from every answer: survey 0 (which no query matches) and no scores.
    func tombstone(at i: Int) {
        guard dimensions[0][i] != 0 else { return }
        runCounts = nil
        for m in 0..<scores.count {
            let bin = m * Self.bins + Int(scores[m][i])
            rollup[bin] -= 1
            if hasCounts {
                let day = Int(day[i] - minDay)
                for column in Self.countedColumns where valueCounts[column] != nil {
                    valueCounts[column]!.remove(kind: m, score: scores[m][i], day: day, value: Int(dimensions[column][i]))
                }
                dayRollups[day * Self.countsPerValue + bin] -= 1
            }
            scores[m][i] = ResponseFacts.skipped
        }
        dimensions[0][i] = 0
        liveRows -= 1
    }

    func row(at i: Int) -> ResponseFacts {
        var rowScores = MetricScores()
        for column in 0..<MetricScores.slots { rowScores[column: column] = scores[column][i] }
        return ResponseFacts(
            responseId: responseID(at: i), submittedAt: submittedAt[i], day: day[i], survey: dimensions[0][i],
            location: dimensions[1][i], touchpoint: dimensions[2][i], employee: dimensions[3][i],
            segment: dimensions[4][i], channel: dimensions[5][i], scores: rowScores,
            hasComment: hasComment(at: i))
    }
}

/// A row's tag codes, on their way into a block (`IndexChunk.append(_:tagged:)`).
struct TaggedRow {
    let responseId: UInt32
    /// Distinct codes.
    let codes: [UInt32]
}

/// The rows of a sealed block for each value of one column, in one array: value v's rows, ascending, are
/// `positions[starts[v]..<starts[v + 1]]`.
struct RowLists {
    let positions: [UInt16]
    let starts: [Int32]

    init(column: UnsafePointer<UInt16>, count: Int) {
        let largest = Int((0..<count).reduce(UInt16(0)) { max($0, column[$1]) })
        var starts = [Int32](repeating: 0, count: largest + 2)
        for row in 0..<count { starts[Int(column[row]) + 1] += 1 }
        for value in 0...largest { starts[value + 1] += starts[value] }
        var next = starts
        var positions = [UInt16](repeating: 0, count: count)
        for row in 0..<count {
            let value = Int(column[row])
            positions[Int(next[value])] = UInt16(truncatingIfNeeded: row)
            next[value] += 1
        }
        self.positions = positions
        self.starts = starts
    }

    /// The largest value the column holds.
    var largestValue: Int { starts.count - 2 }

    /// Where value's rows are in `positions`.
    func range(of value: UInt16) -> Range<Int> {
        Int(value) + 1 < starts.count ? Int(starts[Int(value)])..<Int(starts[Int(value) + 1]) : 0..<0
    }

    var memoryBytes: Int { 2 * positions.count + 4 * starts.count }
}

/// A sealed block's score counts of its live rows per value of one column — and per day (from the block's
/// first) when `days` > 1 — for the metric kinds some row answers (`kinds`): value v of day d has
/// `counts[(d × values + v) × stride + k × bins + score]` for `kinds[k]`. A kind not counted was skipped by
/// every row: its `skipped` count is the value's rows (`rows(at:)`).
struct ValueCounts {
    private(set) var days: Int
    let values: Int
    /// The metric columns counted, ascending.
    let kinds: [Int]
    private(set) var counts: [UInt16]

    init(days: Int, values: Int, kinds: [Int], counts: [UInt16]) {
        (self.days, self.values, self.kinds, self.counts) = (days, values, kinds, counts)
        slots = (0..<MetricKind.allCases.count).map { kinds.firstIndex(of: $0) ?? -1 }
    }

    /// Per metric column, its place in `kinds`, -1 when not counted.
    let slots: [Int]
    var stride: Int { kinds.count * IndexChunk.bins }

    /// Where a (day, value)'s counts start.
    func start(day: Int, value: Int) -> Int { ((days == 1 ? 0 : day) * values + value) * stride }

    /// The live rows of the (day, value) starting at `start`: every row has a score or a skip for each kind.
    func rows(at start: Int) -> UInt32 { (0..<IndexChunk.bins).reduce(0) { $0 + UInt32(counts[start + $1]) } }

    mutating func remove(kind: Int, score: UInt8, day: Int, value: Int) {
        guard slots[kind] >= 0 else { return }
        counts[start(day: day, value: value) + slots[kind] * IndexChunk.bins + Int(score)] -= 1
    }

    /// Counts a new row of the block being filled (its kind counted, its value within `values`).
    mutating func add(kind: Int, score: UInt8, day: Int, value: Int) {
        guard slots[kind] >= 0 else { return }
        counts[start(day: day, value: value) + slots[kind] * IndexChunk.bins + Int(score)] += 1
    }

    /// Room for the counts of later days (a block being filled has reached a new day); counts per day only.
    mutating func extend(toDays newDays: Int) {
        precondition(days > 1 && newDays >= days)
        counts += repeatElement(0, count: (newDays - days) * values * stride)
        days = newDays
    }
}

/// A sealed block's score counts per employee run and metric kind, in the byte lanes `ScanPlan.countRuns`
/// adds to its cells (`IndexChunk.byteLanes`: bins 0–7 a byte each in one word, 8–11 in another): 12 bytes a
/// run and kind answered in the block, 1.1 bytes a response at the reference shape (2,000 employees, three
/// kinds). A year's answers by employee, the dashboard's, then add two words a run instead of reading its rows.
struct RunCounts {
    /// Per metric kind (its `MetricKind.column`), where its runs' counts start in `low` and `high`; nil for a
    /// kind no row of the block answers (each of its runs' rows counts as skipped).
    let starts: [Int?]
    let low: [UInt64]
    let high: [UInt32]
    /// The runs of more than 255 rows, ascending, whose counts would overflow a byte lane: their rows are
    /// read (the reference data's busiest employee has 484 answers in a block, the median one 20).
    let long: [Int32]

    /// Bytes a block's run counts may take: a byte and a half a row. Many employees make short runs, whose
    /// counts would take more bytes than their rows' scores and save little reading (10,000 employees: 5.5
    /// bytes a response for runs of ~7 rows); the reference shape's 2,000 take 1.1.
    static let budget = IndexChunk.capacity * 3 / 2

    /// A run's counts of one kind: a word of bins 0–7 (`low`) and one of bins 8–11 (`high`).
    private static let bytesPerRun = MemoryLayout<UInt64>.size + MemoryLayout<UInt32>.size

    /// Nil for a block with a deleted row, or whose counts would not fit the budget.
    init?(_ chunk: IndexChunk) {
        guard chunk.isFull, chunk.liveRows == chunk.count else { return nil }
        let runs = chunk.employeeRuns.starts.count
        let answered = chunk.answeredKinds
        guard Self.bytesPerRun * runs * answered.count <= Self.budget else { return nil }
        long = (0..<runs).filter { chunk.employeeRun($0).count > 255 }.map(Int32.init)
        var starts = [Int?](repeating: nil, count: chunk.scores.count)
        var low: [UInt64] = []
        var high: [UInt32] = []
        for kind in answered {
            let scores = chunk.scores[kind]
            starts[kind] = low.count
            for run in 0..<runs {
                var (l, h): (UInt64, UInt64) = (0, 0)
                // A long run's lanes are never read: they may have carried.
                for row in chunk.employeeRun(run) {
                    let score = Int(scores[row]) &* 2
                    l &+= IndexChunk.byteLanes[score]
                    h &+= IndexChunk.byteLanes[score &+ 1]
                }
                low.append(l)
                high.append(UInt32(truncatingIfNeeded: h))
            }
        }
        (self.starts, self.low, self.high) = (starts, low, high)
    }

    var memoryBytes: Int { Self.bytesPerRun * low.count + MemoryLayout<Int32>.size * long.count }
}
