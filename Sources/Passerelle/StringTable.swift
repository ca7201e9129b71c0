import Foundation

/// A read-only table of strings stored as one UTF-8 blob plus offsets, decoded on access, so a model
/// with 10⁵ posting texts loads without decoding them all.
/// Encoding: `count` (UInt64 LE), `count + 1` offsets (UInt64 LE, relative to the blob start), blob.
public struct StringTable: Sendable {
    private let blob: Data
    private let offsets: [Int]

    public init(_ strings: [String]) {
        var blob = Data()
        var offsets = [0]
        offsets.reserveCapacity(strings.count + 1)
        for s in strings {
            blob.append(contentsOf: Array(s.utf8))
            offsets.append(blob.count)
        }
        self.blob = blob
        self.offsets = offsets
    }

    public var count: Int { offsets.count - 1 }

    public subscript(i: Int) -> String {
        let lo = offsets[i], hi = offsets[i + 1]
        return blob.withUnsafeBytes { raw in
            String(decoding: UnsafeRawBufferPointer(rebasing: raw[lo..<hi]), as: UTF8.self)
        }
    }

    public var all: [String] { (0..<count).map { self[$0] } }

    /// Serialized form (see the type's documentation).
    public func encoded() -> Data {
        var out = Data(capacity: 8 * (offsets.count + 1) + blob.count)
        out.appendLittleEndian(UInt64(count))
        for o in offsets { out.appendLittleEndian(UInt64(o)) }
        out.append(blob)
        return out
    }

    /// Parses a serialized table; nil when the bytes are inconsistent.
    public init?(encoded data: Data) {
        guard data.count >= 16, let n64 = data.readLittleEndian(UInt64.self, at: 0), n64 < UInt64(data.count) else { return nil }
        let n = Int(n64)
        let blobStart = 8 + 8 * (n + 1)
        guard blobStart <= data.count else { return nil }
        var offsets = [Int](repeating: 0, count: n + 1)
        let blobLength = data.count - blobStart
        var previous = 0
        for i in 0...n {
            guard let o = data.readLittleEndian(UInt64.self, at: 8 + 8 * i), o <= UInt64(blobLength), Int(o) >= previous else { return nil }
            offsets[i] = Int(o)
            previous = Int(o)
        }
        guard offsets[0] == 0, offsets[n] == blobLength else { return nil }
        self.blob = data.subdata(in: (data.startIndex + blobStart)..<(data.startIndex + data.count))
        self.offsets = offsets
    }
}

extension Data {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        var v = value.littleEndian
        Swift.withUnsafeBytes(of: &v) { append(contentsOf: $0) }
    }

    /// Reads a little-endian integer at a byte offset from the start; nil when out of bounds.
    func readLittleEndian<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T? {
        guard offset >= 0, offset + MemoryLayout<T>.size <= count else { return nil }
        return withUnsafeBytes { raw in
            T(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: T.self))
        }
    }
}
