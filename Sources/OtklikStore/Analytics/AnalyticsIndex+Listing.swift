import OtklikCore

extension AnalyticsIndex {
    /// The ids of one page of responses that pass the filter, newest first (or oldest first when
    /// `filter.ascending`), after `cursor`, at most `limit`. Everything a filter can ask but the comment
    /// text search is answered here, from the same columns and selection code the metric queries use;
    /// the store then reads only those rows (`Store.responses(ids:commentContaining:)`). So a response
    /// list costs a few blocks of the index, never a scan of the database, whatever the filter.
    /// `filter.search` is not applied here.
    public func responseIDs(_ filter: ResponseFilter, after cursor: Response.ID?, limit: Int) -> [Response.ID] {
        guard limit > 0 else { return [] }
        var query = MetricQuery(metrics: [.nps], filters: filter.dimensions, scoreBand: filter.scoreBand,
                                hasComment: filter.hasComment)
        if let surveys = filter.surveyIds {
            query.filters[.survey] = query.filters[.survey].map { $0.intersection(surveys) } ?? surveys
        }
        // The store compares whole seconds: from rounds down, to rounds up (as `SQLiteStore` does).
        query.from = filter.from.map { Int64($0.timeIntervalSince1970.rounded(.down)) }
        query.to = filter.to.map { Int64($0.timeIntervalSince1970.rounded(.up)) }
        let after = cursor.map { $0.rawValue }

        return lock.read {
            // A plan with no grouping cannot exceed the cell limit.
            guard let plan = try? ScanPlan(query: query, maxValue: maxValue, stageOfTouchpoint: stageOfTouchpoint,
                                           chunks: chunks, excludeDeleted: deletedRows > 0)
            else { return [] }
            let scratch = ScanScratch()
            let from = query.from ?? .min, to = query.to ?? .max
            var ids: [Response.ID] = []
            ids.reserveCapacity(min(limit, 1024))
            for chunk in filter.ascending ? chunks : chunks.reversed() where chunk.count > 0 {
                // Blocks hold increasing ids: skip those wholly on the wrong side of the cursor or the period.
                let first = Int64(chunk.responseIDs[0]), last = Int64(chunk.responseIDs[chunk.count - 1])
                if let after, filter.ascending ? last <= after : first >= after { continue }
                if Int64(chunk.maxSubmittedAt) < from || Int64(chunk.minSubmittedAt) >= to { continue }
                let inside = Int64(chunk.minSubmittedAt) >= from && Int64(chunk.maxSubmittedAt) < to
                let selected = plan.select(chunk, checkTime: !inside, into: scratch)
                var positions = UnsafeMutableBufferPointer(start: scratch.selection, count: selected ?? 0)
                // Several surveys' row lists come one after another: put them in row order.
                if selected != nil, zip(positions, positions.dropFirst()).contains(where: { $0 > $1 }) { positions.sort() }
                let count = selected ?? chunk.count
                for k in 0..<count {
                    let k = filter.ascending ? k : count - 1 - k
                    let position = selected == nil ? k : Int(positions[k])
                    let id = Int64(chunk.responseIDs[position])
                    if let after, filter.ascending ? id <= after : id >= after { continue }
                    ids.append(Identifier(id))
                    if ids.count == limit { return ids }
                }
            }
            return ids
        }
    }
}
