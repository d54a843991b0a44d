import Foundation

/// A minimal PNG encoder for QR images, so no zlib or image library is needed.
///
/// Deflate is used only in its *stored* (uncompressed) form: QR images are small, and black-and-white
/// images are packed to one bit per pixel, which already keeps the files compact.
enum PNGWriter {
    /// Encodes 8-bit greyscale `pixels` (row-major, `width × height`, 0 black … 255 white).
    /// If every pixel is pure black or white the image is written at 1 bit per pixel, else at 8.
    static func greyscale(width: Int, height: Int, pixels: [UInt8]) -> [UInt8] {
        precondition(width > 0 && height > 0 && pixels.count == width * height, "pixel count must be width × height")
        let bilevel = pixels.allSatisfy { $0 == 0 || $0 == 255 }
        let rowBytes = bilevel ? (width + 7) / 8 : width
        var scanlines: [UInt8] = []
        scanlines.reserveCapacity((rowBytes + 1) * height)
        for y in 0..<height {
            scanlines.append(0)  // Filter type "None" for every row.
            let row = pixels[y * width..<(y + 1) * width]
            if bilevel {
                var packed = [UInt8](repeating: 0, count: rowBytes)
                for (x, value) in row.enumerated() where value != 0 { packed[x / 8] |= 0x80 >> UInt8(x % 8) }
                scanlines += packed
            } else {
                scanlines += row
            }
        }

        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        // Bit depth, colour type 0 (greyscale), deflate compression, adaptive filtering, no interlace.
        header += [bilevel ? 1 : 8, 0, 0, 0, 0]

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        appendChunk("IHDR", header, to: &png)
        appendChunk("IDAT", zlibStored(scanlines), to: &png)
        appendChunk("IEND", [], to: &png)
        return png
    }

    /// Length, type, data, then CRC-32 over type and data.
    private static func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        png.appendBigEndian(UInt32(data.count))
        let typed = Array(type.utf8) + data
        png += typed
        png.appendBigEndian(crc32(typed))
    }

    /// A zlib stream of stored deflate blocks (at most 65 535 bytes each) and its Adler-32 trailer.
    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var stream: [UInt8] = [0x78, 0x01]  // Deflate, 32 KiB window; the check bits make 0x7801 divisible by 31.
        var start = 0
        repeat {
            let end = min(start + 65_535, data.count)
            let length = UInt16(end - start)
            stream.append(end == data.count ? 1 : 0)  // BFINAL on the last block, BTYPE 00 (stored).
            stream += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            stream += data[start..<end]
            start = end
        } while start < data.count
        stream.appendBigEndian(adler32(data))
        return stream
    }

    /// Reduces modulo 65 521 once per 5 552 bytes, the most that cannot overflow 32 bits (as zlib does).
    private static func adler32(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        var start = 0
        while start < data.count {
            let end = min(start + 5_552, data.count)
            for byte in data[start..<end] {
                a += UInt32(byte)
                b += a
            }
            a %= 65_521
            b %= 65_521
            start = end
        }
        return b << 16 | a
    }

    /// CRC-32 (IEEE, reflected polynomial 0xEDB88320), byte-wise table.
    private static let crcTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    private static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

extension [UInt8] {
    fileprivate mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)])
    }
}
