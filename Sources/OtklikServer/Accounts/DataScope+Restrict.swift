import OtklikAnalytics
import OtklikCore
import OtklikStore

/// `DataScope`'s rules (OtklikCore) applied with the catalog's location tree, to the queries of the
/// metrics, the response lists and the contact requests.
extension DataScope {
    /// The values of `dimension` this scope admits, or nil when it does not restrict that dimension.
    func allowed(_ dimension: ContextDimension, snapshot: CatalogSnapshot) -> Set<Int64>? {
        allowed(dimension, subtree: snapshot.subtree(of:))
    }

    func restrict(_ query: inout MetricQuery, snapshot: CatalogSnapshot) {
        restrict(&query.filters, subtree: snapshot.subtree(of:))
    }

    func restrict(_ filter: inout ResponseFilter, snapshot: CatalogSnapshot) {
        var filters = filter.dimensions
        filters[.survey] = filter.surveyIds
        restrict(&filters, subtree: snapshot.subtree(of:))
        filter.surveyIds = filters.removeValue(forKey: .survey)
        filter.dimensions = filters
    }

    /// Whether one response is inside the scope (opening a response by id).
    func admits(_ response: Response, snapshot: CatalogSnapshot) -> Bool {
        admits(location: response.context.locationId, employee: response.context.employeeId, subtree: snapshot.subtree(of:))
    }
}
