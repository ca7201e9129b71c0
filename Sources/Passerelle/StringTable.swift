import Foundation

/// A read-only table of strings stored as one UTF-8 blob plus offsets, decoded on access, so a model
/// with 10⁵ posting texts loads without decoding them all. Read from a model file, the blob is a slice
/// of the mapped file: nothing is copied, and pages are read only when a string is.
///
/// Encoding: `count` (UInt64 LE), `count + 1` offsets (UInt64 LE, relative to the blob start), blob.
/// Checked encoding (posting texts, format version 3): `count`, the offsets, then `count` checksums
/// (UInt64 LE, `ModelFile.payloadChecksum` of each string's bytes), then the blob; a string is checked
/// when it is read, so a command that shows ten postings' evidence reads ten texts, not all of them.
public struct StringTable: Sendable {
    private let blob: Data
    private let offsets: [Int]
    /// Per-string checksums (checked encoding), nil otherwise.
    private let checksums: [UInt64]?

    public init(_ strings: [String]) {
        var offsets = [0]
        offsets.reserveCapacity(strings.count + 1)
        var total = 0
        for s in strings {
            total += s.utf8.count
            offsets.append(total)
        }
        var blob = Data(capacity: total)
        for s in strings { blob.appendUTF8(s) }
        self.blob = blob
        self.offsets = offsets
        self.checksums = nil
    }

    public var count: Int { offsets.count - 1 }

    public subscript(i: Int) -> String {
        let lo = offsets[i], hi = offsets[i + 1]
        return blob.withUnsafeBytes { raw in
            String(decoding: UnsafeRawBufferPointer(rebasing: raw[lo..<hi]), as: UTF8.self)
        }
    }

    /// String `i`, after checking its bytes against its checksum (checked tables); nil when they differ.
    func checked(_ i: Int) -> String? {
        guard let checksums else { return self[i] }
        let lo = offsets[i], hi = offsets[i + 1]
        let bytes = blob[(blob.startIndex + lo)..<(blob.startIndex + hi)]
        guard ModelFile.payloadChecksum(bytes) == checksums[i] else { return nil }
        return self[i]
    }

    public var all: [String] { (0..<count).map { self[$0] } }

    /// Serialized form (see the type's documentation).
    public func encoded() -> Data {
        var out = Data()
        append(to: &out)
        return out
    }

    /// Bytes of the serialized form.
    var encodedSize: Int { 8 * (offsets.count + 1) + blob.count }

    /// Appends the serialized form to `out` (without an intermediate copy); with `checked`, the checked
    /// encoding.
    func append(to out: inout Data, checked: Bool = false) {
        out.appendLittleEndian(UInt64(count))
        var index = Data(count: 8 * offsets.count + (checked ? 8 * count : 0))
        index.withUnsafeMutableBytes { raw in
            for (i, o) in offsets.enumerated() { raw.storeBytes(of: UInt64(o).littleEndian, toByteOffset: 8 * i, as: UInt64.self) }
            guard checked else { return }
            let base = 8 * offsets.count
            blob.withUnsafeBytes { b in
                for i in 0..<count {
                    let sum = ModelFile.payloadChecksum(UnsafeRawBufferPointer(rebasing: b[offsets[i]..<offsets[i + 1]]))
                    raw.storeBytes(of: sum.littleEndian, toByteOffset: base + 8 * i, as: UInt64.self)
                }
            }
        }
        out.append(index)
        out.append(blob)
    }

    /// Parses a serialized table; nil when the bytes are inconsistent. The blob is a slice of `data`
    /// (no copy). With `checked`, the checked encoding (the strings' checksums are read, not yet verified).
    public init?(encoded data: Data, checked: Bool = false) {
        guard data.count >= 16, let n64 = data.readLittleEndian(UInt64.self, at: 0), n64 < UInt64(data.count) else { return nil }
        let n = Int(n64)
        let blobStart = 8 + 8 * (n + 1) + (checked ? 8 * n : 0)
        guard blobStart <= data.count else { return nil }
        let blobLength = data.count - blobStart
        var valid = true
        let offsets = [Int](unsafeUninitializedCapacity: n + 1) { buffer, initialized in
            data.withUnsafeBytes { raw in
                var previous = 0
                for i in 0...n {
                    let o = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 + 8 * i, as: UInt64.self))
                    guard o <= UInt64(blobLength), Int(o) >= previous else { valid = false; break }
                    buffer[i] = Int(o)
                    previous = Int(o)
                }
            }
            initialized = valid ? n + 1 : 0
        }
        guard valid, offsets[0] == 0, offsets[n] == blobLength else { return nil }
        if checked {
            let base = 8 + 8 * (n + 1)
            checksums = data.withUnsafeBytes { raw in
                (0..<n).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: base + 8 * $0, as: UInt64.self)) }
            }
        } else {
            checksums = nil
        }
        self.blob = data[(data.startIndex + blobStart)..<(data.startIndex + data.count)]
        self.offsets = offsets
    }
}

extension Data {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        var v = value.littleEndian
        Swift.withUnsafeBytes(of: &v) { append(contentsOf: $0) }
    }

    /// Appends a string's UTF-8 bytes (from its own storage when contiguous, without an array between).
    mutating func appendUTF8(_ s: String) {
        var s = s
        s.withUTF8 { append($0) }
    }

    /// Reads a little-endian integer at a byte offset from the start; nil when out of bounds.
    func readLittleEndian<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T? {
        guard offset >= 0, offset + MemoryLayout<T>.size <= count else { return nil }
        return withUnsafeBytes { raw in
            T(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: T.self))
        }
    }
}
