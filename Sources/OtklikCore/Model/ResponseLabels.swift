/// A dimension the analytics index does not store, handed to a query as one label per response: the
/// response's customer, or that customer's value class or loyalty step as the value analysis sees them now
/// (`ContextDimension.ofCustomers`). Made once per analysis and shared by every query until orders,
/// marks, settings or responses change: queries read it, never copy it.
///
/// Labels are small codes (1…65,535) so that a query can treat them as one more 16-bit column of a block;
/// `values` says what each code stands for in answers (a customer's id; a class's or step's own code).
/// Responses without a label — no customer, a customer with no class — have code 0, value 0 ("none").
public final class ResponseLabels: Sendable, Hashable {
    public let dimension: ContextDimension
    /// The labelled responses, ascending.
    public let responseIDs: [UInt32]
    /// The code of each of `responseIDs`.
    public let codes: [UInt16]
    /// `values[code]`: what a code stands for (ascending from code 1; `values[0]` is 0).
    public let values: [Int64]
    /// Names of values the catalog cannot name (a customer's id in the business's own system).
    public let names: [Int64: String]
    private let codeOfValue: [Int64: UInt16]

    /// Most distinct values: codes are 16-bit.
    public static let maxValues = 65_535

    public enum Failure: Error, Hashable {
        case tooManyValues(Int)
    }

    /// - Parameter labels: a value (not 0) per labelled response, in any order, each response once.
    public init(
        _ dimension: ContextDimension, labels: [(response: UInt32, value: Int64)], names: [Int64: String] = [:]
    ) throws(Failure) {
        let distinct = Set(labels.map(\.value)).sorted()
        guard distinct.count <= Self.maxValues else { throw .tooManyValues(distinct.count) }
        var codeOfValue: [Int64: UInt16] = [:]
        codeOfValue.reserveCapacity(distinct.count)
        for (i, value) in distinct.enumerated() { codeOfValue[value] = UInt16(i + 1) }
        let sorted = labels.sorted { $0.response < $1.response }
        self.dimension = dimension
        responseIDs = sorted.map(\.response)
        codes = sorted.map { codeOfValue[$0.value]! }
        values = [0] + distinct
        self.codeOfValue = codeOfValue
        self.names = names
    }

    /// The code of a value; 0 for 0 ("none"); nil for a value no response has.
    public func code(of value: Int64) -> UInt16? { value == 0 ? 0 : codeOfValue[value] }

    /// The first position in `responseIDs` not below `id`.
    public func position(atLeast id: UInt32) -> Int {
        var (low, high) = (0, responseIDs.count)
        while low < high {
            let mid = (low + high) / 2
            if responseIDs[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// A response's code (0 without a label), by binary search.
    public func code(ofResponse id: UInt32) -> UInt16 {
        let k = position(atLeast: id)
        return k < responseIDs.count && responseIDs[k] == id ? codes[k] : 0
    }

    /// The responses whose value is one of `wanted` (0 cannot be listed: unlabelled responses are all the others).
    public func responses(withValues wanted: Set<Int64>) -> [UInt32] {
        let wantedCodes = Set(wanted.compactMap { $0 == 0 ? nil : codeOfValue[$0] })
        return zip(responseIDs, codes).filter { wantedCodes.contains($0.1) }.map(\.0)
    }

    /// One set of labels is one analysis's: compared by identity (hashing millions of labels per query would
    /// cost more than the query).
    public static func == (a: ResponseLabels, b: ResponseLabels) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
