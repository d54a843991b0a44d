import OtklikCore

/// A fixed-capacity block of index rows stored column by column, with a zone map (time bounds) and
/// per-metric score counts of the whole block. Rows are only appended; a deleted row is tombstoned by
/// survey 0 and loses its scores. Access is guarded by `AnalyticsIndex`'s lock.
final class IndexChunk: @unchecked Sendable {
    static let capacity = 1 << 16
    /// Score slots per metric: 0…10 and `IndexRow.skipped`.
    static let bins = 12

    private(set) var count = 0
    let responseIDs = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
    let submittedAt = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
    let day = UnsafeMutablePointer<UInt16>.allocate(capacity: capacity)
    /// One column per `ContextDimension.stored`, in that order.
    let dimensions: [UnsafeMutablePointer<UInt16>]
    /// One column per `MetricKind.allCases`, in that order.
    let scores: [UnsafeMutablePointer<UInt8>]
    let hasComment = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)

    private(set) var minSubmittedAt = UInt32.max
    private(set) var maxSubmittedAt = UInt32.min
    private(set) var minDay = UInt16.max
    private(set) var maxDay = UInt16.min
    /// Score counts of all live rows, `bins` per metric: lets a query that covers the block whole skip its rows.
    private(set) var rollup = [UInt32](repeating: 0, count: MetricKind.allCases.count * bins)
    private(set) var liveRows = 0

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

    /// Bytes of row storage this block holds (allocated, whether filled or not).
    static var bytesPerRow: Int { 4 + 4 + 2 + 1 + 2 * ContextDimension.stored.count + MetricKind.allCases.count }

    func append(_ row: IndexRow) {
        precondition(!isFull)
        let i = count
        responseIDs[i] = row.responseId
        submittedAt[i] = row.submittedAt
        day[i] = row.day
        dimensions[0][i] = row.survey
        dimensions[1][i] = row.location
        dimensions[2][i] = row.touchpoint
        dimensions[3][i] = row.employee
        dimensions[4][i] = row.segment
        dimensions[5][i] = row.channel
        for (m, metric) in MetricKind.allCases.enumerated() {
            let score = row.score(metric)
            scores[m][i] = score
            rollup[m * Self.bins + Int(score)] += 1
        }
        hasComment[i] = row.hasComment ? 1 : 0
        minSubmittedAt = min(minSubmittedAt, row.submittedAt)
        maxSubmittedAt = max(maxSubmittedAt, row.submittedAt)
        minDay = min(minDay, row.day)
        maxDay = max(maxDay, row.day)
        liveRows += 1
        count += 1
    }

    /// Position of a response in this block, by binary search (ids are appended in increasing order).
    func position(of responseID: UInt32) -> Int? {
        var low = 0, high = count
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
            scores[m][i] = IndexRow.skipped
        }
        liveRows -= 1
    }

    func row(at i: Int) -> IndexRow {
        IndexRow(responseId: responseIDs[i], submittedAt: submittedAt[i], day: day[i], survey: dimensions[0][i],
                 location: dimensions[1][i], touchpoint: dimensions[2][i], employee: dimensions[3][i],
                 segment: dimensions[4][i], channel: dimensions[5][i], nps: scores[0][i], csat: scores[1][i],
                 ces: scores[2][i], ladder: scores[3][i], stars: scores[4][i], hasComment: hasComment[i] != 0)
    }
}
