import OtklikCore
import OtklikStore

extension AnalyticsIndex {
    /// The ids of one page of responses that pass the filter, newest first (or oldest first when
    /// `filter.ascending`), after `cursor`, at most `limit`. Everything a filter can ask but the comment
    /// text search is answered here, from the same columns and selection code the metric queries use;
    /// the store then reads only those rows (`Store.responses(ids:commentContaining:)`). So a response
    /// list costs a few blocks of the index, never a scan of the database, whatever the filter.
    /// `filter.search` is not applied here.
    public func responseIDs(_ filter: ResponseFilter, after cursor: Response.ID?, limit: Int) -> [Response.ID] {
        guard limit > 0 else { return [] }
        var query = MetricQuery(
            metrics: [.nps], from: filter.fromSeconds, to: filter.toSeconds,
            filters: filter.dimensions, scoreBands: filter.scoreBands, hasComment: filter.hasComment,
            tags: filter.tags)
        query.labels = filter.labels
        if let surveys = filter.surveyIds {
            query.filters[.survey] = query.filters[.survey].map { $0.intersection(surveys) } ?? surveys
        }
        let after = cursor.map { $0.rawValue }

        return lock.read {
            // A plan with no grouping cannot exceed the cell limit.
            guard
                let plan = try? ScanPlan(query: query, index: self, listsRows: true), !plan.matchesNothing
            else { return [] }
            let scratch = ScanScratch()
            var ids: [Response.ID] = []
            ids.reserveCapacity(min(limit, 1024))
            for chunk in filter.ascending ? chunks : chunks.reversed() where chunk.count > 0 {
                // Blocks hold increasing ids: skip those wholly on the wrong side of the cursor or the period.
                let (first, last) = (Int64(chunk.minResponseID), Int64(chunk.maxResponseID))
                if let after, filter.ascending ? last <= after : first >= after { continue }
                let period = plan.period(of: chunk)
                if period == .outside { continue }
                let selected = plan.select(chunk, checkTime: period == .partly, into: scratch)
                // The block's matching ids past the cursor (above it ascending, below it descending), in order: a
                // sealed block keeps its rows in employee order, so its ids are sorted, those past the cursor only
                // (an export's pages each start inside a block, and sorted all of it each time).
                var matching = (0..<(selected ?? chunk.count)).map {
                    Int64(chunk.responseID(at: selected == nil ? $0 : Int(scratch.selection[$0])))
                }
                if let after { matching.removeAll { filter.ascending ? $0 <= after : $0 >= after } }
                if chunk.isSealed { matching.sort() }
                for j in 0..<min(matching.count, limit - ids.count) {
                    ids.append(Identifier(matching[filter.ascending ? j : matching.count - 1 - j]))
                }
                if ids.count == limit { return ids }
            }
            return ids
        }
    }
}
