extension [UInt8] {
    /// Appends `value`'s bytes, least significant first: the byte order of the snapshot files
    /// (`ResponseFactsSnapshot`, `OrderFactsSnapshot`) on any machine.
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
