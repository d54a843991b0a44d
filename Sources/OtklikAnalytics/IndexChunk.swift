import OtklikCore
import OtklikStore

/// A fixed-capacity block of index rows stored column by column, with a zone map (time bounds) and
/// per-metric score counts of the whole block. Rows are only appended; a deleted row is tombstoned by
/// survey 0 and loses its scores. Access is guarded by `AnalyticsIndex`'s lock.
final class IndexChunk: @unchecked Sendable {
    static let capacity = 1 << 16
    /// Score slots per metric: 0…10 and `ResponseFacts.skipped`.
    static let bins = 12

    private(set) var count = 0
    let responseIDs = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
    let submittedAt = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
    let day = UnsafeMutablePointer<UInt16>.allocate(capacity: capacity)
    /// One column per `ContextDimension.stored`, in that order.
    let dimensions: [UnsafeMutablePointer<UInt16>]
    /// One column per metric kind, at its `MetricKind.column`.
    let scores: [UnsafeMutablePointer<UInt8>]
    let hasComment = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)

    private(set) var minSubmittedAt = UInt32.max
    private(set) var maxSubmittedAt = UInt32.min
    private(set) var minDay = UInt16.max
    private(set) var maxDay = UInt16.min
    /// Score counts of all live rows, `bins` per metric: lets a query that covers the block whole skip its rows.
    private(set) var rollup = [UInt32](repeating: 0, count: MetricKind.allCases.count * bins)
    private(set) var liveRows = 0
    /// Row positions per survey id: a survey filter (nearly every dashboard query has one) reads only its
    /// survey's rows instead of testing every row of the block.
    private(set) var surveyRows: [[UInt16]] = []

    init() {
        dimensions = ContextDimension.stored.map { _ in .allocate(capacity: Self.capacity) }
        scores = MetricKind.allCases.map { _ in .allocate(capacity: Self.capacity) }
    }

    deinit {
        responseIDs.deallocate()
        submittedAt.deallocate()
        day.deallocate()
        hasComment.deallocate()
        dimensions.forEach { $0.deallocate() }
        scores.forEach { $0.deallocate() }
    }

    var isFull: Bool { count == Self.capacity }

    /// Bytes of column storage per row (allocated for the whole block, filled or not).
    static var bytesPerRow: Int { 4 + 4 + 2 + 1 + 2 * ContextDimension.stored.count + MetricKind.allCases.count }

    /// Memory this block holds: its columns, and its per-survey row lists as allocated.
    var memoryBytes: Int {
        Self.capacity * Self.bytesPerRow + surveyRows.reduce(0) { $0 + 32 + 2 * $1.capacity }
    }

    /// Appends as many of `rows` as fit; returns how many. Bounds and counts are updated once per call.
    func append(_ rows: ArraySlice<ResponseFacts>) -> Int {
        let taken = min(rows.count, Self.capacity - count)
        guard taken > 0 else { return 0 }
        var i = count
        var low = minSubmittedAt
        var high = maxSubmittedAt
        var firstDay = minDay
        var lastDay = maxDay
        let (survey, location, touchpoint, employee, segment, channel) =
            (dimensions[0], dimensions[1], dimensions[2], dimensions[3], dimensions[4], dimensions[5])
        let bins = Self.bins
        rollup.withUnsafeMutableBufferPointer { rollup in
            for row in rows.prefix(taken) {
                responseIDs[i] = row.responseId
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
                hasComment[i] = row.hasComment ? 1 : 0
                addToSurvey(row.survey, position: i)
                low = min(low, row.submittedAt)
                high = max(high, row.submittedAt)
                firstDay = min(firstDay, row.day)
                lastDay = max(lastDay, row.day)
                i += 1
            }
        }
        (minSubmittedAt, maxSubmittedAt, minDay, maxDay) = (low, high, firstDay, lastDay)
        liveRows += taken
        count = i
        return taken
    }

    func append(_ row: ResponseFacts) {
        precondition(append([row][...]) == 1, "the block is full")
    }

    private func addToSurvey(_ survey: UInt16, position: Int) {
        if Int(survey) >= surveyRows.count {
            surveyRows.append(contentsOf: repeatElement([], count: Int(survey) + 1 - surveyRows.count))
        }
        surveyRows[Int(survey)].append(UInt16(truncatingIfNeeded: position))
    }

    /// Position of a response in this block, by binary search (ids are appended in increasing order).
    func position(of responseID: UInt32) -> Int? {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if responseIDs[mid] < responseID { low = mid + 1 } else { high = mid }
        }
        return low < count && responseIDs[low] == responseID ? low : nil
    }

    /// Removes a row from every answer: survey 0 (which no query matches) and no scores.
    func tombstone(at i: Int) {
        guard dimensions[0][i] != 0 else { return }
        dimensions[0][i] = 0
        for m in 0..<scores.count {
            rollup[m * Self.bins + Int(scores[m][i])] -= 1
            scores[m][i] = ResponseFacts.skipped
        }
        liveRows -= 1
    }

    func row(at i: Int) -> ResponseFacts {
        var rowScores = MetricScores()
        for column in 0..<MetricScores.slots { rowScores[column: column] = scores[column][i] }
        return ResponseFacts(
            responseId: responseIDs[i], submittedAt: submittedAt[i], day: day[i], survey: dimensions[0][i],
            location: dimensions[1][i], touchpoint: dimensions[2][i], employee: dimensions[3][i],
            segment: dimensions[4][i], channel: dimensions[5][i], scores: rowScores,
            hasComment: hasComment[i] != 0)
    }
}
