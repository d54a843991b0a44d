import OtklikCore

/// Every catalogued id's name as a ready-written entry of a JSON object (`"17":"Анна Петрова"`), made once per
/// reload in the organisation's language. A metrics answer names each id it holds once (`names`), up to
/// thousands of employees: looking each name up in a dictionary and escaping it byte by byte took a third of
/// writing a 1,365-employee answer; now an entry is one copy.
public struct NameEntries: Sendable {
    /// The language the names are in (the organisation's when made).
    public let locale: LocalizedText.Locale
    private var tables: [ContextDimension: Table] = [:]

    /// One dimension's entries end to end; id `i`'s is `bytes[starts[i]..<starts[i + 1]]`, empty when the
    /// catalog has no such id.
    struct Table: Sendable {
        fileprivate var bytes: [UInt8] = []
        fileprivate var starts: [Int32] = [0]

        /// Lends the entries to `body` for writing many of them: a slice of the table per entry retained and
        /// released its storage each time, 7% of writing an answer that names 2,000 employees.
        func withEntries<R>(_ body: (Entries) -> R) -> R {
            bytes.withUnsafeBufferPointer { bytes in starts.withUnsafeBufferPointer { body(Entries(bytes: bytes, starts: $0)) } }
        }
    }

    /// A table's entries, lent by `Table.withEntries`.
    struct Entries {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>
        fileprivate let starts: UnsafeBufferPointer<Int32>

        /// Writes the entry of `id`; false when there is none (an id the catalog does not know).
        func write(_ id: Int, into out: inout OutputBytes) -> Bool {
            guard id + 1 < starts.count else { return false }
            let (start, end) = (Int(starts[id]), Int(starts[id + 1]))
            guard start < end else { return false }
            out.append(UnsafeBufferPointer(rebasing: bytes[start..<end]))
            return true
        }
    }

    /// The entries of `dimension`, looked up once for all the ids an answer names; nil for a dimension named
    /// elsewhere.
    func table(_ dimension: ContextDimension) -> Table? { tables[dimension] }

    init(_ catalog: CatalogSnapshot) {
        locale = catalog.organisation.defaultLocale
        func table(_ dimension: ContextDimension, _ ids: some Sequence<Int64>) {
            let known = ids.filter { (1...Int64(ContextDimension.maxID)).contains($0) }.sorted()
            var table = Table()
            var out = OutputBytes()
            for id in known {
                while table.starts.count <= id { table.starts.append(Int32(out.count)) }
                Self.write(id: id, name: catalog.name(of: dimension, id, locale: locale) ?? "", into: &out)
            }
            table.starts.append(Int32(out.count))
            table.bytes = out.bytes
            tables[dimension] = table
        }
        table(.survey, catalog.surveys.keys.map(\.rawValue))
        table(.location, catalog.locations.keys.map(\.rawValue))
        table(.touchpoint, catalog.touchpoints.keys.map(\.rawValue))
        table(.employee, catalog.employees.keys.map(\.rawValue))
        table(.segment, catalog.segments.keys.map(\.rawValue))
        table(.channel, catalog.channels.keys.map(\.rawValue))
    }

    /// `"id":"name"`, the name escaped.
    static func write(id: Int64, name: String, into out: inout OutputBytes) {
        out.byte(UInt8(ascii: "\""))
        out.integer(Int(id))
        out.raw("\":")
        out.json(name)
    }
}
