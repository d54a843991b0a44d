import OtklikCore

/// Finds the labels that a query's customers' dimensions need (`ContextDimension.ofCustomers`: customer,
/// value class, loyalty step), from the value analysis — for the metrics and for the response lists, where
/// a request is answered, never where it is parsed: who a customer is changes with every import of orders.
struct CustomerLabelling: Sendable {
    let labels: @Sendable () async throws -> [ContextDimension: ResponseLabels]

    /// The labels of the customers' dimensions among `dimensions` (none: nothing is read).
    func labels(for dimensions: some Sequence<ContextDimension>) async throws -> [ContextDimension: ResponseLabels] {
        let wanted = Set(dimensions.filter(\.isCustomerLabel))
        guard !wanted.isEmpty else { return [:] }
        let all = try await labels()
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
