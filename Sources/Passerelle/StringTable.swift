import Foundation
import PasserelleCore

/// Bytes of a file read on demand with `pread`, never through a memory mapping: a mapping of a file that
/// another program truncates or overwrites in place (`cp other.plm served.plm`) kills the reader with
/// SIGBUS on its next access, while a short or changed read is only an error (issue 23, item 3).
/// The descriptor stays open while the region is referenced, so a file replaced by rename (every
/// Passerelle writer) keeps its old bytes for this reader.
public final class FileRegion: Sendable {
    let descriptor: Int32
    /// Offset of the region in the file, and its length, in bytes.
    let offset: Int
    let length: Int

    /// Takes ownership of `descriptor` (closed when the region goes).
    init(descriptor: Int32, offset: Int, length: Int) {
        self.descriptor = descriptor
        self.offset = offset
        self.length = length
    }

    deinit { close(descriptor) }

    /// Bytes `range` of the region (relative to its start); nil when the file no longer holds them
    /// (truncated under the reader) or cannot be read.
    func read(_ range: Range<Int>) -> Data? {
        guard range.lowerBound >= 0, range.upperBound <= length else { return nil }
        var out = Data(count: range.count)
        let ok = out.withUnsafeMutableBytes { raw -> Bool in
            var done = 0
            while done < range.count {
                let n = pread(descriptor, raw.baseAddress! + done, range.count - done, off_t(offset + range.lowerBound + done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
        return ok ? out : nil
    }
}

/// A read-only table of strings stored as UTF-8 blobs plus offsets, decoded on access, so a model
/// with 10⁵ posting texts loads without decoding them all. The posting texts of a model file stay in the
/// file (a `FileRegion`, read with `pread` when a text is asked for); other tables are held in memory.
///
/// A table is one or more chunks (a model's table, then the postings added from its change log), seen
/// through an optional position → string map (after postings are removed), so that adding or removing
/// postings never re-reads nor copies the strings already there.
///
/// Encoding: `count` (UInt64 LE), `count + 1` offsets (UInt64 LE, relative to the blob start), blob.
/// Checked encoding (posting texts, format version 3): `count`, the offsets, then `count` checksums
/// (UInt64 LE, `ModelFile.payloadChecksum` of each string's bytes), then the blob; a string is checked
/// when it is read, so a command that shows ten postings' evidence reads ten texts, not all of them.
public struct StringTable: Sendable {
    enum Blob: Sendable {
        case memory(Data)
        case file(FileRegion)
    }

    struct Chunk: Sendable {
        let blob: Blob
        let offsets: [Int]
        /// Per-string checksums (checked encoding), nil otherwise.
        let checksums: [UInt64]?
        var count: Int { offsets.count - 1 }

        /// The bytes of string `i` of the chunk; nil when its file cannot give them.
        func bytes(_ i: Int) -> Data? {
            let lo = offsets[i], hi = offsets[i + 1]
            switch blob {
            case .memory(let data): return data[(data.startIndex + lo)..<(data.startIndex + hi)]
            case .file(let region): return region.read(lo..<hi)
            }
        }
    }

    private let chunks: [Chunk]
    /// Index of the first string of each chunk, then the total (chunks.count + 1 entries).
    private let starts: [Int]
    /// Position → string index over the chunks, when postings were taken out; nil for the identity.
    private let order: [Int]?

    fileprivate init(chunks: [Chunk], order: [Int]?) {
        self.chunks = chunks
        var starts = [0]
        for c in chunks { starts.append(starts.last! + c.count) }
        self.starts = starts
        self.order = order
    }

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
        self.init(chunks: [Chunk(blob: .memory(blob), offsets: offsets, checksums: nil)], order: nil)
    }

    /// A table of byte strings that need not be UTF-8 (stored posting profiles, `StoredProfiles`): read
    /// back with `bytes(at:)`, never as `String`s; written as any table.
    init(byteStrings: [[UInt8]]) {
        var offsets = [0]
        offsets.reserveCapacity(byteStrings.count + 1)
        var total = 0
        for b in byteStrings { total += b.count; offsets.append(total) }
        var blob = Data(capacity: total)
        for b in byteStrings { blob.append(contentsOf: b) }
        self.init(chunks: [Chunk(blob: .memory(blob), offsets: offsets, checksums: nil)], order: nil)
    }

    public var count: Int { order?.count ?? starts.last! }

    /// The chunk and index in it of position `i`.
    private func locate(_ i: Int) -> (chunk: Int, index: Int) {
        let g = order?[i] ?? i
        if chunks.count == 1 { return (0, g) }
        // The last chunk whose start is ≤ g.
        var lo = 0, hi = chunks.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= g { lo = mid } else { hi = mid - 1 }
        }
        return (lo, g - starts[lo])
    }

    public subscript(i: Int) -> String {
        let (c, j) = locate(i)
        guard let bytes = chunks[c].bytes(j) else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether string `i`'s bytes contain `needle` (no decoding; for a quick scan of metadata).
    func contains(_ i: Int, _ needle: [UInt8]) -> Bool {
        let (c, j) = locate(i)
        guard let first = needle.first, let bytes = chunks[c].bytes(j), bytes.count >= needle.count else { return false }
        return bytes.withUnsafeBytes { raw in
            let n = needle.count
            var at = 0
            while at + n <= raw.count {
                if raw[at] == first, needle.withUnsafeBytes({ memcmp(raw.baseAddress! + at, $0.baseAddress!, n) }) == 0 { return true }
                at += 1
            }
            return false
        }
    }

    /// String `i`, after checking its bytes against its checksum (checked tables); nil when they differ
    /// or the file holding them no longer gives them.
    func checked(_ i: Int) -> String? {
        let (c, j) = locate(i)
        guard let bytes = chunks[c].bytes(j) else { return nil }
        if let sums = chunks[c].checksums, ModelFile.payloadChecksum(bytes) != sums[j] { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes of string `i` as stored (checked against its checksum in a checked table); nil when they
    /// differ or the file holding them no longer gives them.
    func bytes(at i: Int) -> Data? {
        let (c, j) = locate(i)
        guard let bytes = chunks[c].bytes(j) else { return nil }
        if let sums = chunks[c].checksums, ModelFile.payloadChecksum(bytes) != sums[j] { return nil }
        return bytes
    }

    public var all: [String] { (0..<count).map { self[$0] } }

    /// This table followed by `strings` (the strings already there are neither read nor copied).
    func appending(_ strings: [String]) -> StringTable {
        let added = StringTable(strings)
        let total = starts.last!
        let order = self.order.map { $0 + Array(total ..< total + strings.count) }
        return StringTable(chunks: chunks + added.chunks, order: order)
    }

    /// The strings at these positions, in this order (nothing is read nor copied but the positions).
    func keeping(_ positions: [Int]) -> StringTable {
        StringTable(chunks: chunks, order: positions.map { order?[$0] ?? $0 })
    }

    /// Whether the table is one chunk in memory in its own order (it can be written as it is).
    private var isPlain: Bool {
        guard order == nil, chunks.count == 1, case .memory = chunks[0].blob else { return false }
        return true
    }

    /// The same strings in one chunk in memory (what is written to a model file); nil when a string of a
    /// file-backed chunk cannot be read or fails its checksum.
    func flattened() -> StringTable? {
        if isPlain { return self }
        var strings = [String]()
        strings.reserveCapacity(count)
        for i in 0..<count {
            guard let s = checked(i) else { return nil }
            strings.append(s)
        }
        return StringTable(strings)
    }

    /// Bytes of the serialized form of any table (composed or file-backed ones included), with the
    /// checked encoding's checksums when `checked`: what `write(checked:to:)` emits.
    /// - Complexity: O(count): lengths come from the offsets, no string is read.
    func serializedSize(checked: Bool) -> Int {
        var total = 8 + 8 * (count + 1) + (checked ? 8 * count : 0)
        for i in 0..<count { total += byteCount(i) }
        return total
    }

    /// UTF-8 length of string i, from the offsets (nothing is read).
    func byteCount(at i: Int) -> Int { byteCount(i) }

    private func byteCount(_ i: Int) -> Int {
        let (c, j) = locate(i)
        return chunks[c].offsets[j + 1] - chunks[c].offsets[j]
    }

    /// Emits the serialized form (count, offsets, [checksums,] blob) in pieces, string by string: a table
    /// whose strings stay in a file (a loaded model's texts, texts spooled while indexing) is never read
    /// into memory whole. The same bytes as `flattened()` then `append(to:checked:)`. Returns false, having
    /// emitted part of it, when a string of a file-backed chunk cannot be read or fails its checksum.
    /// - Complexity: O(total bytes); file-backed strings are read once, twice with `checked`.
    func write(checked: Bool, to emit: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        func word(_ v: UInt64) throws { try withUnsafeBytes(of: v.littleEndian) { try emit($0) } }
        let n = count
        try word(UInt64(n))
        // Offsets and checksums in blocks of 64 KiB, not one buffer of 16 bytes per string.
        var block = [UInt64](); block.reserveCapacity(8192)
        func put(_ v: UInt64) throws {
            block.append(v.littleEndian)
            if block.count == 8192 { try block.withUnsafeBytes { try emit($0) }; block.removeAll(keepingCapacity: true) }
        }
        var offset = 0
        try put(0)
        for i in 0..<n { offset += byteCount(i); try put(UInt64(offset)) }
        if checked {
            for i in 0..<n {
                let (c, j) = locate(i)
                guard let bytes = chunks[c].bytes(j) else { return false }
                let sum = ModelFile.payloadChecksum(bytes)
                if let stored = chunks[c].checksums, stored[j] != sum { return false }
                try put(sum)
            }
        }
        try block.withUnsafeBytes { try emit($0) }
        for i in 0..<n {
            let (c, j) = locate(i)
            guard let bytes = chunks[c].bytes(j) else { return false }
            if let stored = chunks[c].checksums, ModelFile.payloadChecksum(bytes) != stored[j] { return false }
            guard bytes.count == byteCount(i) else { return false }
            try bytes.withUnsafeBytes { try emit($0) }
        }
        return true
    }

    /// Serialized form (see the type's documentation).
    public func encoded() -> Data {
        var out = Data()
        append(to: &out)
        return out
    }

    /// Bytes of the serialized form (of a plain table: see `flattened`).
    var encodedSize: Int {
        precondition(isPlain, "StringTable: flatten a composed table before writing it")
        guard case .memory(let blob) = chunks[0].blob else { return 0 }
        return 8 * (chunks[0].offsets.count + 1) + blob.count
    }

    /// Appends the serialized form to `out` (without an intermediate copy); with `checked`, the checked
    /// encoding. The table must be plain (`flattened`).
    func append(to out: inout Data, checked: Bool = false) {
        precondition(isPlain, "StringTable: flatten a composed table before writing it")
        guard case .memory(let blob) = chunks[0].blob else { return }
        let offsets = chunks[0].offsets
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

    /// Parses a serialized table; nil when the bytes are inconsistent. With `checked`, the checked
    /// encoding (the strings' checksums are read, not yet verified). The blob is a copy of its bytes
    /// in `data` (so a table does not keep a whole file's buffer alive), or, with `blobFile`, left in the
    /// file: `data` then holds the count, offsets and checksums only, and `blobFile` the blob.
    public init?(encoded data: Data, checked: Bool = false) {
        self.init(encoded: data, checked: checked, blobFile: nil)
    }

    init?(encoded data: Data, checked: Bool, blobFile: FileRegion?) {
        guard data.count >= 16, let n64 = data.readLittleEndian(UInt64.self, at: 0), n64 < UInt64(data.count) else { return nil }
        let n = Int(n64)
        let blobStart = 8 + 8 * (n + 1) + (checked ? 8 * n : 0)
        guard blobStart <= data.count else { return nil }
        let blobLength = blobFile?.length ?? (data.count - blobStart)
        if blobFile != nil { guard blobStart == data.count else { return nil } }
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
        var checksums: [UInt64]? = nil
        if checked {
            let base = 8 + 8 * (n + 1)
            checksums = data.withUnsafeBytes { raw in
                (0..<n).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: base + 8 * $0, as: UInt64.self)) }
            }
        }
        let blob: Blob = blobFile.map { .file($0) } ?? .memory(Data(data[(data.startIndex + blobStart)..<(data.startIndex + data.count)]))
        self.init(chunks: [Chunk(blob: blob, offsets: offsets, checksums: checksums)], order: nil)
    }
}

/// A table made string by string, as the strings come (`PostingCollector`: each posting as it is read): in
/// memory, or written to an anonymous file (`TextSpool`) so that the table holds 16 bytes a string (offset,
/// checksum), not their bytes — posting texts at indexing (issue 27: bounded memory). The same strings make
/// the same table either way, and the same as `StringTable(_:)` (the model file's bytes do not depend on it).
struct StringTableBuilder {
    private var offsets = [0]
    /// The strings' bytes when held in memory.
    private var blob = Data()
    private var spool: TextSpool?

    /// A table held in memory.
    init() {}

    /// A table spooled to an anonymous file made in `folder`; in memory when the file cannot be made there
    /// (a missing or read-only folder): the spool only saves memory, and the model's own write then reports
    /// the folder's problem in its words (naming the model file and the folder).
    init(spoolingIn folder: String) { spool = try? TextSpool(folder: folder) }

    var count: Int { offsets.count - 1 }
    /// Whether the strings are in the spool file (false: in memory, asked so or fallen back).
    var isSpooled: Bool { spool != nil }

    mutating func append(_ string: String) throws {
        var string = string
        try string.withUTF8 { try append(bytes: $0) }
    }

    mutating func append(bytes: UnsafeBufferPointer<UInt8>) throws {
        if let spool {
            do { try spool.append(bytes) } catch is FileWriteError {
                // A write that fails half-way (a full disk, a file size limit): what the spool holds, this string
                // included, comes back into memory and the table goes on there.
                try fallBackToMemory(from: spool)
            }
        } else {
            blob.append(bytes)
        }
        offsets.append(offsets.last! + bytes.count)
    }

    private mutating func fallBackToMemory(from spool: TextSpool) throws {
        blob = try spool.readBack()
        self.spool = nil
    }

    /// The table (the builder is spent).
    consuming func finish() throws -> StringTable {
        if let spool {
            do { return try spool.table(offsets: offsets) } catch is FileWriteError { try fallBackToMemory(from: spool) }
        }
        return StringTable(chunks: [StringTable.Chunk(blob: .memory(blob), offsets: offsets, checksums: nil)], order: nil)
    }
}

/// An anonymous file of strings written one after the other through a 1 MiB buffer, with each string's
/// checksum: made in a folder and unlinked at once (it lives while a table or a builder holds it, and a
/// process killed meanwhile leaves nothing behind). Its strings are read back (`pread`) and checked when
/// asked for — a file-backed chunk like a loaded model's texts.
final class TextSpool {
    /// The folder as shown in errors.
    let folder: String
    private let descriptor: Int32
    private var buffer = [UInt8]()
    private var checksums = [UInt64]()
    /// Bytes written to the file so far (the buffer follows them).
    private var written = 0
    private var handedOver = false

    /// - Throws: `FileWriteError` naming the folder when the file cannot be made.
    init(folder: String) throws {
        self.folder = folder.isEmpty ? "." : folder
        var template = Array(((self.folder as NSString).appendingPathComponent(".passerelle-spool-XXXXXX")).utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw FileWriteError(path: self.folder, reason: systemErrorText(errno)) }
        unlink(String(cString: template))
        descriptor = fd
        buffer.reserveCapacity(1 << 20)
    }

    deinit { if !handedOver { close(descriptor) } }

    /// Adds one string's bytes (written once the buffer holds 1 MiB).
    /// - Throws: `FileWriteError` when a write fails; the string is then held (`readBack` gives it).
    func append(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        checksums.append(ModelFile.payloadChecksum(UnsafeRawBufferPointer(bytes)))
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        var done = 0
        defer {
            written += done
            if done == buffer.count { buffer.removeAll(keepingCapacity: true) } else { buffer.removeFirst(done) }
        }
        try buffer.withUnsafeBytes { raw in
            while done < raw.count {
                let n = Foundation.write(descriptor, raw.baseAddress! + done, raw.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw FileWriteError(path: folder, reason: systemErrorText(errno)) }
                done += n
            }
        }
    }

    /// Every byte appended, from the file and the buffer.
    /// - Throws: `FileWriteError` when the file no longer gives back what was written to it.
    func readBack() throws -> Data {
        var held = Data(count: written)
        let complete = held.withUnsafeMutableBytes { raw -> Bool in
            var done = 0
            while done < written {
                let n = pread(descriptor, raw.baseAddress! + done, written - done, off_t(done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
        guard complete else { throw FileWriteError(path: folder, reason: "the texts spooled there cannot be read back (\(systemErrorText(errno)))") }
        held.append(contentsOf: buffer)
        return held
    }

    /// The strings as a table read from the file (the descriptor goes to it).
    func table(offsets: [Int]) throws -> StringTable {
        try flush()
        handedOver = true
        let file = FileRegion(descriptor: descriptor, offset: 0, length: written)
        return StringTable(chunks: [StringTable.Chunk(blob: .file(file), offsets: offsets, checksums: checksums)], order: nil)
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
