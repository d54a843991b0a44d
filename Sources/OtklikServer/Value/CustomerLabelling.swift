import OtklikCore

/// Finds the labels that a query's customers' dimensions need (`ContextDimension.ofCustomers`: customer,
/// value class, loyalty step), from the value analysis — for the metrics and for the response lists, where
/// a request is answered, never where it is parsed: who a customer is changes with every import of orders.
struct CustomerLabelling: Sendable {
    /// Every customers' dimension's labels; nil where the store keeps no orders.
    private let source: (@Sendable () async throws -> [ContextDimension: ResponseLabels])?

    init(_ source: @escaping @Sendable () async throws -> [ContextDimension: ResponseLabels]) { self.source = source }

    private init() { source = nil }

    /// Where no orders are kept: a request naming a customers' dimension is refused.
    static let unsupported = CustomerLabelling()

    /// The labels of the customers' dimensions among `dimensions` (none: nothing is read).
    func labels(for dimensions: some Sequence<ContextDimension>) async throws -> [ContextDimension: ResponseLabels] {
        let named = dimensions.filter(\.isCustomerLabel)
        guard let first = named.first else { return [:] }
        guard let source else {
            throw FieldProblem(field: first.rawValue, code: "unsupported", message: "this store keeps no customers' orders")
        }
        let wanted = Set(named)
        let all = try await source()
        var found: [ContextDimension: ResponseLabels] = [:]
        for dimension in wanted.sorted(by: { $0.rawValue < $1.rawValue }) {
            guard let labels = all[dimension] else {
                throw FieldProblem(
                    field: dimension.rawValue, code: "too_many_customers",
                    message:
                        "more than \(ResponseLabels.maxValues) customers answered: filter or group by value_class or loyalty_step instead")
            }
            found[dimension] = labels
        }
        return found
    }
}
