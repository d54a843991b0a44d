import Foundation
import OtklikAnalytics
import OtklikCore
import OtklikStore

/// Answers metric requests from the analytics index: counts per group from the index, values from
/// OtklikCore's formulas, names from the catalog. Used by the pages, the API, the CLI report and the
/// benchmarks. Every request carries its scope, applied here, in one place.
public struct MetricsService: Sendable {
    let index: AnalyticsIndex
    let catalog: Catalog
    /// Answers comment searches (the index holds no text).
    let store: any Store
    let minimumSample: Int
    /// Labels responses by their customers as they are now (the value analysis).
    var customers = CustomerLabelling.unsupported

    public enum Failure: Error, Sendable {
        case invalid(FieldProblem)
    }

    /// Parses a request from query parameters: for the edges (the API, the CLI), nowhere else.
    public func request(_ parameters: [String: String], scope: DataScope, now: Date = Date()) throws(Failure) -> MetricRequest {
        switch MetricRequest.parse(parameters, scope: scope, catalog: catalog.snapshot, now: now) {
        case .success(let request): return request
        case .failure(let problem): throw .invalid(problem)
        }
    }

    /// Answers a request; a comment search is first resolved by the store into the responses it matches.
    public func report(_ request: MetricRequest) async throws -> MetricReport {
        try report(resolved: try await resolvingSearch(request))
    }

    /// The request with its comment search replaced by the responses it matches (`MetricQuery.responseIDs`),
    /// so that several reports of one page search once; and with the labels of the customers' dimensions it
    /// filters by (the requests derived from it with `MetricRequest.with` may group by them too).
    public func resolvingSearch(_ request: MetricRequest) async throws -> MetricRequest {
        var resolved = request
        if let search = request.commentSearch {
            resolved.query.responseIDs = try await store.responseIDs(commentContaining: search)
            resolved.commentSearch = nil
        }
        resolved.query.labels = try await labels(for: Array(request.query.filters.keys) + request.query.groupBy)
        return resolved
    }

    /// The labels of the customers' dimensions among `dimensions`, as the value analysis has them now.
    public func labels(for dimensions: [ContextDimension]) async throws -> [ContextDimension: ResponseLabels] {
        do {
            return try await customers.labels(for: dimensions)
        } catch let problem as FieldProblem {
            throw Failure.invalid(problem)
        }
    }

    /// Answers a request that needs nothing but the index — no comment search, no customers' labels — or
    /// nil for one that needs the store first (`report`): for callers that must not wait (the fast lane).
    public func indexReport(_ request: MetricRequest) throws(Failure) -> MetricReport? {
        guard request.commentSearch == nil, request.query.customerDimensions.isEmpty else { return nil }
        return try report(resolved: request)
    }

    /// Answers a request whose comment search and customers' labels are resolved (`resolvingSearch`), from the
    /// index alone.
    public func report(resolved request: MetricRequest) throws(Failure) -> MetricReport {
        precondition(request.commentSearch == nil, "resolve the comment search first (resolvingSearch)")
        let needed = request.query.customerDimensions
        guard needed.isSubset(of: request.query.labels.keys) else {
            // A page grouped a resolved request by a customers' dimension it did not filter by.
            throw .invalid(
                FieldProblem(
                    field: needed.subtracting(request.query.labels.keys).first!.rawValue, code: "unresolved",
                    message: "resolve the customers' labels first (resolvingSearch)"))
        }
        let snapshot = catalog.snapshot
        var request = request
        request.scope.restrict(&request.query, snapshot: snapshot)
        return try report(request, snapshot: snapshot)
    }

    /// A group's values as a key (`rows(of:in:)`), held inline: matching 91,000 groups with the previous
    /// period's made an array each. Four values: the most a request groups by (three dimensions and a time
    /// bucket).
    struct GroupKey: Hashable {
        private var values: (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)
        private var count = 0

        mutating func append(_ value: Int64) {
            switch count {
            case 0: values.0 = value
            case 1: values.1 = value
            case 2: values.2 = value
            case 3: values.3 = value
            default: preconditionFailure("a request groups by three dimensions and a time bucket at most")
            }
            count += 1
        }

        static func == (a: GroupKey, b: GroupKey) -> Bool {
            a.count == b.count && a.values == b.values
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(values.0)
            hasher.combine(values.1)
            hasher.combine(values.2)
            hasher.combine(values.3)
        }

        /// In the order of the values, the first first (keys of one table have as many values).
        static func < (a: GroupKey, b: GroupKey) -> Bool { a.values < b.values }
    }

    /// For each row of `keys`, the row of `earlier` with the same key, or -1. When both ascend — the index gives
    /// groups in the order of their cells, and a dimension's values ascend with its cells unless they are
    /// relabelled (a customer's code) — one pass over both finds them; otherwise a dictionary of the earlier
    /// keys, which hashed each with SipHash and missed the cache at almost every one: a fifth of answering 91,000
    /// groups against the previous quarter.
    static func rows(of keys: [GroupKey], in earlier: [GroupKey]) -> [Int32] {
        func ascending(_ keys: [GroupKey]) -> Bool { zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 } }
        guard ascending(keys) && ascending(earlier) else {
            let rowOf = Dictionary(zip(earlier, earlier.indices.lazy.map(Int32.init)), uniquingKeysWith: { first, _ in first })
            return keys.map { rowOf[$0] ?? -1 }
        }
        var next = 0
        return keys.map { key in
            while next < earlier.count && earlier[next] < key { next += 1 }
            return next < earlier.count && earlier[next] == key ? Int32(next) : -1
        }
    }

    private func report(_ request: MetricRequest, snapshot: CatalogSnapshot) throws(Failure) -> MetricReport {
        let scale = try csatScale(for: request, snapshot: snapshot)
        var query = request.query
        if request.needsOnlyShares {
            // Each share counted by its classes: many groups' counts then take a third of the memory.
            for metric in query.metrics { query.scoreClasses[metric] = MetricSummary.shareClasses(metric, csatScale: scale) }
        }
        let counts = try table(query)
        let metrics = request.metrics
        let m = metrics.count
        var total = [ScoreCounts](repeating: ScoreCounts(), count: m)
        // Through raw buffers, as plain integers (each group's counts per metric, metric by metric, are one row
        // of `m` × 11), added with wrapping additions the compiler vectorises: a division and an array's
        // uniqueness check per group and metric were 6% of reading back 91,000 groups, and the checked
        // additions, one at a time, 5% of answering 86,000 (no total comes near Int's range).
        precondition(MemoryLayout<ScoreCounts>.stride == ScoreCounts.binCount * MemoryLayout<Int>.stride, "counts are 11 integers")
        total.withUnsafeMutableBufferPointer { total in
            counts.scores.withUnsafeBufferPointer { scores in
                total.withMemoryRebound(to: Int.self) { total in
                    scores.withMemoryRebound(to: Int.self) { scores in
                        let row = total.count
                        for first in stride(from: 0, to: scores.count, by: row) {
                            for k in 0..<row { total[k] &+= scores[first &+ k] }
                        }
                    }
                }
            }
        }
        var responses = counts.responses.reduce(0, +)
        if request.query.groupBy.contains(.tag) {
            // A response counts in the group of each of its tags: the groups do not add up to the total.
            var whole = query
            (whole.groupBy, whole.bucket) = ([], nil)
            let all = try table(whole)
            total = all.count == 0 ? total.map { _ in ScoreCounts() } : Array(all.scores)
            responses = all.responses.first ?? 0
        }
        var previous: MetricReport.PreviousPeriod?
        if request.comparePrevious, let from = request.query.from, request.query.to != nil {
            // Without time buckets each group is compared with itself over the previous period of the same
            // length; with them, each bucket with the bucket before it (this week against last week), so the
            // earlier table reaches back one bucket before the period and is matched on the bucket's start too.
            var earlier = request.query
            let d = counts.dimensions.count
            // A group's key: its values, then (with time buckets) its bucket's start, or the start of the bucket
            // before it to find the earlier group.
            func key(_ table: MetricCounts, _ row: Int, bucketStart: Int?) -> GroupKey {
                var key = GroupKey()
                for value in table.values[(row * d)..<(row * d + d)] { key.append(value) }
                if let bucketStart { key.append(Int64(bucketStart)) }
                return key
            }
            let bucket = request.query.bucket
            if let bucket {
                var converter = LocalDayConverter(timeZone: snapshot.timeZone)
                let firstBucket = bucket.start(ofDay: converter.day(ofUnixSeconds: from))
                earlier.from = converter.startOfDay(bucket.start(ofDay: firstBucket - 1))
            } else {
                earlier = request.previousPeriod!.query
            }
            earlier.scoreClasses = query.scoreClasses
            let before = try table(earlier)
            let earlierKeys = (0..<before.count).map { row in key(before, row, bucketStart: bucket.map { _ in before.bucketStarts[row] }) }
            let keys = (0..<counts.count).map { row in
                key(counts, row, bucketStart: bucket.map { $0.start(ofDay: counts.bucketStarts[row] - 1) })
            }
            let rows = Self.rows(of: keys, in: earlierKeys)
            previous = MetricReport.PreviousPeriod(counts: before, rows: rows)
        }
        let storage = MetricReport.Storage(
            counts: counts, bucket: request.query.bucket, catalog: snapshot, csatScale: scale,
            minimumSample: minimumSample, previous: previous)
        let totals = zip(metrics, total).map { MetricSummary($0, counts: $1, csatScale: scale, minimumSample: minimumSample) }
        return MetricReport(
            metrics: metrics, from: request.fromLabel, to: request.toLabel,
            by: request.query.groupBy.map(\.rawValue) + (request.query.bucket.map { [$0.rawValue] } ?? []),
            responses: responses,
            total: Dictionary(uniqueKeysWithValues: zip(metrics.map(\.rawValue), totals)),
            storage: storage, rows: arrange(storage, request), fields: request.fields)
    }

    private func table(_ query: MetricQuery) throws(Failure) -> MetricCounts {
        do {
            return try index.table(query)
        } catch {
            switch error {
            case .tooManyGroups(let cells, let limit):
                throw .invalid(
                    FieldProblem(
                        field: "by", code: "too_many_groups",
                        message: "this grouping makes \(cells) cells; at most \(limit): narrow the period or group by less"))
            }
        }
    }

    /// The CSAT scale of the surveys in scope: one scale, or the request must narrow it down.
    private func csatScale(for request: MetricRequest, snapshot: CatalogSnapshot) throws(Failure) -> CSATScale {
        guard request.metrics.contains(.csat) else { return .fivePointTopTwoBox }
        let surveyIDs = request.query.filters[.survey].map { ids in ids.map { Survey.ID($0) } } ?? Array(snapshot.surveys.keys)
        let scales = Set(surveyIDs.compactMap { snapshot.surveys[$0]?.indexedQuestion(for: .csat)?.csatScale })
        guard scales.count <= 1 else {
            let points = Set(scales.map(\.points))
            if points.count == 1, let override = request.csatConvention {
                return CSATScale(points: points.first!, convention: override)
            }
            throw .invalid(
                FieldProblem(
                    field: "survey", code: "mixed_scales",
                    message: "the surveys in scope score CSAT differently; filter by survey"
                        + (points.count == 1 ? " or set convention" : "")))
        }
        var scale = scales.first ?? .fivePointTopTwoBox
        if let override = request.csatConvention { scale.convention = override }
        return scale
    }

    /// The rows to show, in order: groups with too few answers dropped, sorted, limited.
    private func arrange(_ storage: MetricReport.Storage, _ request: MetricRequest) -> [Int] {
        let m = request.metrics.count
        // Without a minimum every group stays: no sum of each group's counts (91,000 of them in a large answer).
        var rows =
            request.minimumN > 0
            ? (0..<storage.counts.count).filter { storage.counts.scores[$0 * m].n >= request.minimumN } : Array(0..<storage.counts.count)
        let (metric, csatScale) = (request.metrics[0], storage.csatScale)
        // A net's or a share's value, a mean and any n straight from the counts: a summary made per group to sort
        // by was half of answering the ten best of 91,000 groups.
        func value(_ row: Int) -> Double? {
            let counts = storage.counts.scores[row * m]
            // The headline: a net's or a share's from its counts, a mean's (weighted CSAT's, stars') from the summary.
            func headline() -> Double? {
                if let shares = MetricSummary.shares(metric, counts: counts, csatScale: csatScale) { return shares.value }
                return storage.summary(row: row, metric: 0).value
            }
            switch request.sort {
            case .key: return nil
            case .n: return Double(counts.n)
            case .value: return headline()
            case .mean: return MetricSummary.meanEstimate(metric, counts: counts, csatScale: csatScale).mean ?? headline()
            }
        }
        if request.sort != .key {
            // Stable: ties keep key order; groups without a value go last.
            let keys = rows.map(value)
            func before(_ a: Int, _ b: Int) -> Bool {
                switch (keys[a], keys[b]) {
                case (let x?, let y?) where x != y: return request.descending ? x > y : x < y
                case (nil, _?): return false
                case (_?, nil): return true
                default: return a < b
                }
            }
            if let limit = request.limit, limit <= 64, limit < rows.count / 8 {
                // The first few only: each group against the last of those kept so far, most of them once.
                var first: [Int] = []
                first.reserveCapacity(limit + 1)
                for i in rows.indices where first.count < limit || before(i, first[first.count - 1]) {
                    first.insert(i, at: first.firstIndex { before(i, $0) } ?? first.count)
                    if first.count > limit { first.removeLast() }
                }
                rows = first.map { rows[$0] }
            } else {
                rows = rows.indices.sorted(by: before).map { rows[$0] }
            }
        } else if request.descending {
            rows.reverse()
        }
        if let limit = request.limit { rows = Array(rows.prefix(limit)) }
        return rows
    }
}
