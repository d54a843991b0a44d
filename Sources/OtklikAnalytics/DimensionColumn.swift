/// One dimension's values of a block's rows: 16 bits a row, or 8 in a sealed block whose values all fit in 8
/// (`IndexChunk.seal`: surveys, channels, segments, and touchpoints or locations in the hundreds).
///
/// Both widths are read the same way, without a branch: two bytes loaded at the row's place and masked to the
/// value's width (8-bit columns have a byte of room after the last row for it). So a scan's loops serve both
/// widths with one body, while the 8-bit ones read half the bytes: scans of many rows are bound by reading
/// the columns from memory.
struct DimensionColumn {
    let base: UnsafeMutableRawPointer
    /// The width in bytes, as a shift: 0 for 8 bits, 1 for 16.
    let shift: Int
    private let mask: UInt16

    init(wide column: UnsafeMutablePointer<UInt16>) {
        (base, shift, mask) = (UnsafeMutableRawPointer(column), 1, 0xFFFF)
    }

    init(narrow column: UnsafeMutablePointer<UInt8>) {
        (base, shift, mask) = (UnsafeMutableRawPointer(column), 0, 0xFF)
    }

    var isNarrow: Bool { shift == 0 }

    /// The column as 16-bit values; only a block being filled or sealed (before `IndexChunk` narrows it) has
    /// them.
    var wide: UnsafeMutablePointer<UInt16> {
        precondition(!isNarrow, "an 8-bit column read as a 16-bit one")
        return base.assumingMemoryBound(to: UInt16.self)
    }

    /// Bytes of a column of `rows` rows at `shift`'s width, the 8-bit one's byte of room included.
    static func bytes(rows: Int, shift: Int) -> Int { shift == 0 ? rows + 1 : 2 * rows }

    subscript(row: Int) -> UInt16 {
        @inline(__always) get { base.loadUnaligned(fromByteOffset: row &<< shift, as: UInt16.self) & mask }
        nonmutating set {
            if isNarrow {
                base.storeBytes(of: UInt8(newValue), toByteOffset: row, as: UInt8.self)
            } else {
                base.storeBytes(of: newValue, toByteOffset: 2 * row, as: UInt16.self)
            }
        }
    }
}
