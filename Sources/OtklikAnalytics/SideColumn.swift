/// A side column of an index block: values a row may have none, one or several of — tags today; topics or
/// a customer later — kept as (row, value) entries beside the fixed columns. A block whose rows have none
/// holds two empty arrays, so a dimension costs only the organisations that use it (6 bytes per value
/// given). Entries arrive in row order; sealing a block moves them with their rows and sorts them by
/// value, so the rows of one value are found by binary search.
struct SideColumn {
    private(set) var rows: [UInt16] = []
    private(set) var values: [UInt32] = []
    /// Set once the block is sealed: entries are in (value, row) order.
    private(set) var isSortedByValue = false

    var isEmpty: Bool { rows.isEmpty }
    var memoryBytes: Int { 2 * rows.count + 4 * values.count }

    mutating func append(row: Int, values rowValues: [UInt32]) {
        for value in rowValues {
            rows.append(UInt16(truncatingIfNeeded: row))
            values.append(value)
        }
    }

    /// The block's rows were reordered: row r is now at `newPosition[r]`.
    mutating func seal(newPosition: [UInt16]) {
        var entries = zip(rows, values).map { (row: newPosition[Int($0.0)], value: $0.1) }
        entries.sort { ($0.value, $0.row) < ($1.value, $1.row) }
        rows = entries.map(\.row)
        values = entries.map(\.value)
        isSortedByValue = true
    }

    /// The values of one row (a rare question: carrying a row over to a rebuilt index).
    func values(at row: Int) -> [UInt32] {
        zip(rows, values).filter { Int($0.0) == row }.map(\.1)
    }

    /// Sets the bit of every row holding at least one of `wanted` (ascending), in a bitmap of the block.
    func mark(rowsWith wanted: [UInt32], in marks: UnsafeMutablePointer<UInt64>) {
        guard !rows.isEmpty, !wanted.isEmpty else { return }
        func set(_ k: Int) {
            let row = Int(rows[k])
            marks[row &>> 6] |= 1 &<< UInt64(row & 63)
        }
        if isSortedByValue {
            for value in wanted {
                var k = Self.lowerBound(values, value)
                while k < values.count && values[k] == value {
                    set(k)
                    k += 1
                }
            }
        } else {
            for k in 0..<values.count where Self.contains(wanted, values[k]) { set(k) }
        }
    }

    /// The first position in `sorted` whose value is not below `value`.
    private static func lowerBound(_ sorted: [UInt32], _ value: UInt32) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private static func contains(_ sorted: [UInt32], _ value: UInt32) -> Bool {
        let k = lowerBound(sorted, value)
        return k < sorted.count && sorted[k] == value
    }
}
