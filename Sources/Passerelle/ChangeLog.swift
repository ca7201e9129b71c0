import Foundation
import PasserelleCore

/// What identifies the model file a change log applies to: the content part (the header's payload length
/// and checksum, which covers every section's checksum) is written in the log; the file part (device and
/// inode) tells a reader that the file at the path was replaced since it read it.
public struct ModelIdentity: Equatable, Sendable {
    public var payloadLength: UInt64
    public var checksum: UInt64
    public var device: UInt64
    public var inode: UInt64
    /// The file's size in bytes and modification time (seconds since 1970) when it was read: a file
    /// overwritten in place (`cp`) keeps its inode but not these.
    public var size: UInt64
    public var modified: Double
    /// The change log records the file already holds (a compaction that ran while writers appended:
    /// `LogPosition`), nil for a file written otherwise.
    public var includesLog: LogPosition? = nil

    /// Whether a log written for `other` applies to this model (same content).
    public func sameContent(as other: ModelIdentity) -> Bool { payloadLength == other.payloadLength && checksum == other.checksum }
}

/// "This model file holds the records of the change log of model B up to byte L": written in a model file
/// by a compaction, which writes model + log (read up to L) without holding the writers' lock while other
/// writers go on appending to B's log. Once the new file is renamed over B, the old log still applies to it
/// from byte L on (the records appended meanwhile); the compaction then rewrites the log for the new model
/// with those records (`LiveModel.installCompaction`). A reader or writer meeting the new model with B's
/// log (the compaction killed between the two renames) applies it from L: nothing is lost or applied twice.
public struct LogPosition: Codable, Equatable, Sendable {
    /// The model the log was written for (its header's payload length and checksum, as in the log's header).
    public var basePayloadLength: UInt64
    public var baseChecksum: UInt64
    /// Bytes of that log (header and whole records) the model holds: a record boundary.
    public var offset: Int

    public init(basePayloadLength: UInt64, baseChecksum: UInt64, offset: Int) {
        self.basePayloadLength = basePayloadLength; self.baseChecksum = baseChecksum; self.offset = offset
    }

    /// Whether a log whose header names the model (`payloadLength`, `checksum`) is the one this position is in.
    func names(payloadLength: UInt64, checksum: UInt64) -> Bool { basePayloadLength == payloadLength && baseChecksum == checksum }
}

/// What identifies one version of a file on disk (an atomic rename gives a new inode, `cp` over it a new
/// size or modification time); nil fields for a missing file.
public struct FileStamp: Equatable, Sendable {
    public var device: UInt64
    public var inode: UInt64
    public var size: UInt64
    public var modified: Double

    public init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = UInt64(info.st_size)
        modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }

    /// The stamp of the file at `path` (symbolic links followed); nil when there is none.
    public static func of(_ path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileStamp(info)
    }

    /// The stamp of an open file.
    public static func of(descriptor: Int32) -> FileStamp? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return FileStamp(info)
    }
}

extension ModelIdentity {
    /// The model file's stamp when it was read.
    public var stamp: FileStamp { FileStamp(device: device, inode: inode, size: size, modified: modified) }
}

extension FileStamp {
    public init(device: UInt64, inode: UInt64, size: UInt64, modified: Double) {
        self.device = device; self.inode = inode; self.size = size; self.modified = modified
    }
}

/// A posting added through the change log: its stored fields and its folded latent vector, so that a
/// reader applies it without the featurizer and gets the same bits as the `add` that wrote it.
public struct LoggedPosting: Equatable, Sendable {
    public var row: PostingRow
    /// The unit latent vector (k floats; all zeros when the posting has no known term), as `LSAModel.add` folds it.
    public var vector: [Float]
    /// Term occurrences of the posting, and those the vocabulary does not know (fold-in statistics).
    public var termsTotal: Int
    public var termsUnseen: Int
    /// Per-posting fields this build does not know but may keep (optional field tags, lower-case first
    /// letter), by tag: the way a later field (e.g. sparse term weights) rides along without a new format.
    public var extraFields: [String: Data]
    /// The posting's unit TF-IDF vector over the model's vocabulary (the term half of the hybrid score), nil
    /// for a model without a term index (format 3).
    public var terms: SparseVector?

    public init(row: PostingRow, vector: [Float], termsTotal: Int, termsUnseen: Int, extraFields: [String: Data] = [:],
                terms: SparseVector? = nil) {
        self.row = row; self.vector = vector; self.termsTotal = termsTotal; self.termsUnseen = termsUnseen; self.extraFields = extraFields
        self.terms = terms
    }
}

/// One change of a posting.
public enum PostingChange: Equatable, Sendable {
    case add(LoggedPosting)
    case remove(id: String)
}

/// The change log of a model file: postings added and removed since the file was written, appended to
/// `MODEL.log` beside it (`m.plm` → `m.plm.log`) instead of rewriting the model (13.5 s at 10⁵ postings),
/// and folded in when the model is read (`LSAModel.apply`). Compaction writes model + log as a new model
/// file (atomically) and then removes the log.
///
/// Layout (little-endian):
///
///     header, 48 bytes: magic "PSRLCLOG" (8), version (UInt32), k (UInt32), the base model's payload
///                       length (UInt64) and header checksum (UInt64), reserved (8), checksum of bytes 0..<40
///     records, one per writer's change (all its postings, or none of them):
///       body length L (UInt32), reserved (UInt32), checksum (UInt64, `ModelFile.payloadChecksum` of the
///       length's 4 bytes + the body), body:
///         change count (UInt32), then per change: kind (UInt8: "A" add, "R" remove), 3 reserved bytes,
///         field count (UInt32), fields: tag (4 ASCII bytes), length (UInt32), bytes. An added posting has ID__,
///         TITL, LANG, META, TEXT (when the model keeps texts), PVEC (k floats), COVR (term counts) and, for a model
///         with a term index, TERM (its TF-IDF weights: count, indices, values).
///       Fields of an add: ID__, TITL, LANG, META (the metadata JSON), TEXT (when the model stores texts),
///       PVEC (k × Float32), COVR (terms total and unseen, 2 × UInt64). Of a remove: ID__.
///       A tag starting with an upper-case letter must be understood (a reader that does not know it
///       refuses the log, naming it); with a lower-case letter it is optional (kept in `extraFields`).
///
/// Crash safety: a writer holds the model's `WriterLock`, appends one record and fsyncs it. A writer killed
/// mid-append leaves a torn last record: readers ignore it (with a warning) and the next writer cuts it off
/// before appending, so the log always reads as the state before or after a change, never a mix. A log
/// whose base is not the model at the path (a model replaced by `index`) no longer applies: it is ignored,
/// and replaced by the next writer — unless the model at the path was compacted from the log's base and
/// says up to which byte it holds the log (`LogPosition`, `ModelIdentity.includesLog`): the log is then
/// `carried` and its records from that byte on apply (a compaction killed between renaming the new model
/// and rewriting the log; readers that met the new model before the log was rewritten).
public enum ChangeLog {
    public static let magic: [UInt8] = Array("PSRLCLOG".utf8)
    public static let version: UInt32 = 1
    public static let headerSize = 48
    static let recordHeaderSize = 16

    /// The log of the model at `modelPath` (symbolic links followed, as for the writers' lock).
    public static func path(forModel modelPath: String) -> String {
        ((try? AtomicFile.target(of: modelPath)) ?? modelPath) + ".log"
    }

    /// A log as read: its changes (whole records only), where the last whole record ends, and what was
    /// ignored.
    public struct Contents: Sendable {
        public var records: [[PostingChange]]
        /// Bytes of the header and the whole records (where the next record goes).
        public var validLength: Int
        /// Bytes after them: a torn record (a writer killed mid-append), ignored.
        public var tornBytes: Int
        /// The log was written for another model (stale): it does not apply, and `records` is empty.
        public var stale: Bool
        /// Where the records that apply begin: after the header, or, for a log `carried` over a compaction,
        /// at the position the compacted model holds the log up to (`LogPosition.offset`).
        public var start: Int = ChangeLog.headerSize
        /// The log names the model this one was compacted from, which holds its records up to `start`.
        public var carried: Bool = false
        /// The model the log's header names (its payload length and checksum).
        public var base: (payloadLength: UInt64, checksum: UInt64)? = nil
        /// Where each of `records` ends (byte offsets in the log).
        public var recordEnds: [Int] = []
        public var changeCount: Int { records.reduce(0) { $0 + $1.count } }
    }

    /// Errors reading a log, naming it.
    public static func malformed(_ path: String, _ what: String) -> ModelFileError {
        .malformed(path: path, what: "change log: \(what)")
    }

    // MARK: Reading

    /// Reads the log at `path` for the model `base` (k dimensions); nil when there is none.
    /// - Parameter from: read records from this byte offset only (a reader that has applied those before:
    ///   the header is still checked).
    /// - Throws: `ModelFileError.malformed` for a damaged record that is not the last one, a field this
    ///   build must understand and does not, or changes of the wrong size.
    public static func read(path: String, base: ModelIdentity, dimensions k: Int, from offset: Int? = nil) throws -> Contents? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw ModelFileError.unreadable(path: path, why: systemErrorText(errno))
        }
        defer { close(fd) }
        let data = try readAll(fd, path: path)
        return try parse(data, path: path, base: base, dimensions: k, from: offset)
    }

    static func readAll(_ fd: Int32, path: String) throws -> Data {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ModelFileError.unreadable(path: path, why: systemErrorText(errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw ModelFileError.notARegularFile(path: path, kind: PathKind.describe(mode: info.st_mode)) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw ModelFileError.unreadable(path: path, why: systemErrorText(errno)) }
            if n == 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return data
    }

    static func parse(_ data: Data, path: String, base: ModelIdentity, dimensions k: Int, from offset: Int?) throws -> Contents {
        // A header cut short is a log whose creation was killed: nothing of it applies.
        guard data.count >= headerSize else { return Contents(records: [], validLength: 0, tornBytes: data.count, stale: true) }
        guard Array(data.prefix(8)) == magic else { throw malformed(path, "not a change log (bad magic number)") }
        guard data.readLittleEndian(UInt64.self, at: 40) == ModelFile.payloadChecksum(data.prefix(40)) else {
            throw ModelFileError.checksumMismatch(path: path)
        }
        let v = data.readLittleEndian(UInt32.self, at: 8)!
        guard v == version else { throw malformed(path, "version \(v) (this build reads \(version))") }
        let logK = Int(data.readLittleEndian(UInt32.self, at: 12)!)
        let length = data.readLittleEndian(UInt64.self, at: 16)!, sum = data.readLittleEndian(UInt64.self, at: 24)!
        var start = headerSize
        var carried = false
        if length != base.payloadLength || sum != base.checksum {
            // Written for the model this one was compacted from: it holds the records up to `offset`.
            guard let position = base.includesLog, position.names(payloadLength: length, checksum: sum),
                  position.offset >= headerSize, position.offset <= data.count else {
                return Contents(records: [], validLength: headerSize, tornBytes: 0, stale: true)
            }
            start = position.offset
            carried = true
        }
        guard logK == k else { throw malformed(path, "k = \(logK), the model's is \(k)") }
        var records = [[PostingChange]]()
        var ends = [Int]()
        var at = max(start, offset ?? start)
        while at < data.count {
            let rest = data.count - at
            guard rest >= recordHeaderSize, let bodyLength = data.readLittleEndian(UInt32.self, at: at).map(Int.init),
                  bodyLength <= rest - recordHeaderSize else { break }
            let end = at + recordHeaderSize + bodyLength
            let body = data[(data.startIndex + at + recordHeaderSize) ..< (data.startIndex + end)]
            let expected = data.readLittleEndian(UInt64.self, at: at + 8)!
            guard recordChecksum(body) == expected else {
                // The last record, or zeros after the last write (a file extended but not written): torn.
                if end == data.count || data[(data.startIndex + at)...].allSatisfy({ $0 == 0 }) { break }
                throw malformed(path, "record at byte \(at) fails its checksum")
            }
            records.append(try decodeRecord(body, path: path, at: at, dimensions: k))
            ends.append(end)
            at = end
        }
        return Contents(records: records, validLength: at, tornBytes: data.count - at, stale: false, start: start, carried: carried,
                        base: (length, sum), recordEnds: ends)
    }

    static func recordChecksum(_ body: Data) -> UInt64 {
        var bytes = Data()
        bytes.appendLittleEndian(UInt32(body.count))
        bytes.append(body)
        return ModelFile.payloadChecksum(bytes)
    }

    static func decodeRecord(_ body: Data, path: String, at: Int, dimensions k: Int) throws -> [PostingChange] {
        var cursor = body.startIndex
        func need(_ n: Int) throws -> Data {
            guard n >= 0, body.endIndex - cursor >= n else { throw malformed(path, "record at byte \(at) is cut short") }
            defer { cursor += n }
            return body[cursor ..< cursor + n]
        }
        func u32() throws -> Int { Int(UInt32(littleEndian: try need(4).withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) })) }
        let count = try u32()
        guard count <= body.count else { throw malformed(path, "record at byte \(at): \(count) changes") }
        var changes = [PostingChange]()
        for _ in 0 ..< count {
            let kind = try need(4).first!
            let fieldCount = try u32()
            guard fieldCount <= body.count else { throw malformed(path, "record at byte \(at): \(fieldCount) fields") }
            var fields = [String: Data]()
            for _ in 0 ..< fieldCount {
                let tag = String(decoding: try need(4), as: UTF8.self)
                fields[tag] = Data(try need(try u32()))
            }
            func text(_ tag: String) throws -> String {
                guard let d = fields.removeValue(forKey: tag) else { throw malformed(path, "record at byte \(at): no \(tag) field") }
                return String(decoding: d, as: UTF8.self)
            }
            switch kind {
            case UInt8(ascii: "A"):
                let row = PostingRow(id: try text("ID__"), title: try text("TITL"), lang: try text("LANG"), metadataJSON: try text("META"),
                                     text: fields["TEXT"] == nil ? nil : try text("TEXT"))
                guard let vector = fields.removeValue(forKey: "PVEC"), vector.count == 4 * k,
                      let coverage = fields.removeValue(forKey: "COVR"), coverage.count == 16 else {
                    throw malformed(path, "record at byte \(at): posting '\(row.id)' has no vector of k = \(k) or no term counts")
                }
                let floats = (0 ..< k).map { Float(bitPattern: vector.readLittleEndian(UInt32.self, at: 4 * $0)!) }
                guard floats.allSatisfy(\.isFinite) else { throw malformed(path, "record at byte \(at): non-finite vector") }
                let total = Int(clamping: coverage.readLittleEndian(UInt64.self, at: 0)!), unseen = Int(clamping: coverage.readLittleEndian(UInt64.self, at: 8)!)
                var terms: SparseVector? = nil
                if let bytes = fields.removeValue(forKey: "TERM") {
                    let n = bytes.count >= 4 ? Int(bytes.readLittleEndian(UInt32.self, at: 0)!) : -1
                    guard n >= 0, bytes.count == 4 + 8 * n else { throw malformed(path, "record at byte \(at): posting '\(row.id)' has malformed term weights") }
                    let indices = (0 ..< n).map { Int32(bitPattern: bytes.readLittleEndian(UInt32.self, at: 4 + 4 * $0)!) }
                    let values = (0 ..< n).map { Float(bitPattern: bytes.readLittleEndian(UInt32.self, at: 4 + 4 * n + 4 * $0)!) }
                    guard values.allSatisfy(\.isFinite) else { throw malformed(path, "record at byte \(at): non-finite term weights") }
                    terms = SparseVector(indices: indices, values: values)
                }
                try refuseUnknown(fields, path: path, at: at)
                changes.append(.add(LoggedPosting(row: row, vector: floats, termsTotal: total, termsUnseen: unseen, extraFields: fields,
                                                  terms: terms)))
            case UInt8(ascii: "R"):
                let id = try text("ID__")
                try refuseUnknown(fields, path: path, at: at)
                changes.append(.remove(id: id))
            default:
                throw malformed(path, "record at byte \(at): unknown change kind \(kind) (written by a newer passerelle?)")
            }
        }
        guard cursor == body.endIndex else { throw malformed(path, "record at byte \(at) has trailing bytes") }
        return changes
    }

    /// Fields left after the known ones: optional ones (lower-case first letter) are kept; a required one
    /// this build does not know is an error.
    static func refuseUnknown(_ fields: [String: Data], path: String, at: Int) throws {
        for tag in fields.keys.sorted() where !(tag.first?.isLowercase ?? false) {
            throw malformed(path, "record at byte \(at) has a field \(tag) this build does not know (written by a newer passerelle?)")
        }
    }

    // MARK: Writing

    static func encodeHeader(base: ModelIdentity, dimensions k: Int) -> Data {
        var h = Data(magic)
        h.appendLittleEndian(version)
        h.appendLittleEndian(UInt32(k))
        h.appendLittleEndian(base.payloadLength)
        h.appendLittleEndian(base.checksum)
        h.appendLittleEndian(UInt64(0))
        h.appendLittleEndian(ModelFile.payloadChecksum(h))
        return h
    }

    /// The bytes of one record holding `changes`.
    public static func encodeRecord(_ changes: [PostingChange]) -> Data {
        var body = Data()
        body.appendLittleEndian(UInt32(changes.count))
        func field(_ tag: String, _ bytes: Data, into out: inout Data) {
            out.append(contentsOf: Array(tag.utf8))
            out.appendLittleEndian(UInt32(bytes.count))
            out.append(bytes)
        }
        for change in changes {
            var fields = [(String, Data)]()
            switch change {
            case .add(let p):
                body.append(contentsOf: [UInt8(ascii: "A"), 0, 0, 0])
                fields = [("ID__", Data(p.row.id.utf8)), ("TITL", Data(p.row.title.utf8)), ("LANG", Data(p.row.lang.utf8)),
                          ("META", Data(p.row.metadataJSON.utf8))]
                if let t = p.row.text { fields.append(("TEXT", Data(t.utf8))) }
                var vector = Data(capacity: 4 * p.vector.count)
                for v in p.vector { vector.appendLittleEndian(v.bitPattern) }
                var coverage = Data()
                coverage.appendLittleEndian(UInt64(p.termsTotal))
                coverage.appendLittleEndian(UInt64(p.termsUnseen))
                fields += [("PVEC", vector), ("COVR", coverage)]
                if let t = p.terms {
                    // TERM: count (UInt32), the term indices (UInt32 each), then their weights (Float bits).
                    var terms = Data(capacity: 4 + 8 * t.indices.count)
                    terms.appendLittleEndian(UInt32(t.indices.count))
                    for i in t.indices { terms.appendLittleEndian(UInt32(bitPattern: i)) }
                    for v in t.values { terms.appendLittleEndian(v.bitPattern) }
                    fields.append(("TERM", terms))
                }
                fields += p.extraFields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            case .remove(let id):
                body.append(contentsOf: [UInt8(ascii: "R"), 0, 0, 0])
                fields = [("ID__", Data(id.utf8))]
            }
            body.appendLittleEndian(UInt32(fields.count))
            for (tag, bytes) in fields { field(tag, bytes, into: &body) }
        }
        var record = Data()
        record.appendLittleEndian(UInt32(body.count))
        record.appendLittleEndian(UInt32(0))
        record.appendLittleEndian(recordChecksum(body))
        record.append(body)
        return record
    }

    /// Appends one record of `changes` to the log of the model `base` and makes it durable (fsync). The
    /// caller holds the model's `WriterLock`. A missing or stale log is first replaced by an empty one
    /// (atomically); a torn last record is cut off. Returns the log's length after the append.
    /// - Parameter warning: what was repaired (a torn record cut off, a stale log replaced).
    ///
    /// - Parameter knownEnd: the log as the caller last read or wrote it (its length, a record boundary,
    ///   and its stamp). When the file still has that stamp, the record is written at that length without
    ///   reading the log again: an append costs the record, not the log (a server appending ten times a
    ///   second to a log of thousands of records). Any other stamp — another writer, a repair, a new log —
    ///   takes the reading path.
    /// - Complexity: O(record) with a matching `knownEnd`; O(log) otherwise.
    @discardableResult
    public static func append(_ changes: [PostingChange], path: String, base: ModelIdentity, dimensions k: Int,
                              knownEnd: (length: Int, stamp: FileStamp)? = nil, warning: (String) -> Void = { _ in }) throws -> Int {
        if let knownEnd, knownEnd.length >= headerSize, UInt64(knownEnd.length) == knownEnd.stamp.size {
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            if fd >= 0 {
                defer { close(fd) }
                if FileStamp.of(descriptor: fd) == knownEnd.stamp {
                    return try write(encodeRecord(changes), to: fd, at: knownEnd.length, path: path)
                }
            }
        }
        var contents = try read(path: path, base: base, dimensions: k)
        if contents == nil || contents!.stale {
            if contents != nil { warning("\(path): written for an earlier version of the model; replaced") }
            do { try AtomicFile.write(encodeHeader(base: base, dimensions: k), to: path) } catch let e as FileWriteError {
                throw ModelFileError.writeFailed(path: path, why: e.reason)
            }
            contents = Contents(records: [], validLength: headerSize, tornBytes: 0, stale: false)
        }
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ModelFileError.writeFailed(path: path, why: systemErrorText(errno)) }
        defer { close(fd) }
        let at = contents!.validLength
        if contents!.tornBytes > 0 {
            warning("\(path): a torn last change (\(contents!.tornBytes) bytes, a writer killed mid-write) was cut off")
            guard ftruncate(fd, off_t(at)) == 0 else { throw ModelFileError.writeFailed(path: path, why: systemErrorText(errno)) }
        }
        return try write(encodeRecord(changes), to: fd, at: at, path: path)
    }

    /// Writes `record` at byte `at` of the open log and fsyncs it; on a failure the log is cut back to `at`
    /// (nothing half-written stays). Returns the log's length after it.
    private static func write(_ record: Data, to fd: Int32, at: Int, path: String) throws -> Int {
        let failure: Int32? = record.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(at + done))
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return errno }
                done += n
            }
            return fsync(fd) == 0 ? nil : errno
        }
        if let failure {
            _ = ftruncate(fd, off_t(at))
            throw ModelFileError.writeFailed(path: path, why: systemErrorText(failure))
        }
        return at + record.count
    }

    /// The whole records of the log at `path` from byte `offset` on (a record boundary), as bytes and as
    /// changes: the records a compaction that read the log up to `offset` carries over (`rebase`); nil
    /// when there is no log or it does not apply to `base`.
    /// - Complexity: O(bytes of the log) to read it, O(bytes after `offset`) to decode.
    public static func records(path: String, base: ModelIdentity, dimensions k: Int, from offset: Int) throws -> (bytes: Data, contents: Contents)? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw ModelFileError.unreadable(path: path, why: systemErrorText(errno))
        }
        let data: Data
        do { defer { close(fd) }; data = try readAll(fd, path: path) }
        let contents = try parse(data, path: path, base: base, dimensions: k, from: offset)
        guard !contents.stale, contents.validLength >= offset else { return nil }
        return (Data(data[(data.startIndex + offset) ..< (data.startIndex + contents.validLength)]), contents)
    }

    /// Replaces the log at `path` by one for the model `base` holding `records` (whole records' bytes, as
    /// `records(path:base:dimensions:from:)` returns them), atomically; with no record, removes the log.
    /// The caller holds the model's `WriterLock`. Returns the new log's length (0 when removed).
    @discardableResult
    public static func rebase(_ records: Data, onto base: ModelIdentity, path: String, dimensions k: Int) throws -> Int {
        guard !records.isEmpty else {
            remove(path: path)
            return 0
        }
        var bytes = encodeHeader(base: base, dimensions: k)
        bytes.append(records)
        do { try AtomicFile.write(bytes, to: path) } catch let e as FileWriteError {
            throw ModelFileError.writeFailed(path: path, why: e.reason)
        }
        return bytes.count
    }

    /// Removes the log (after a compaction wrote its changes into the model); the folder is synced.
    public static func remove(path: String) {
        guard unlink(path) == 0 else { return }
        let folder = open(AtomicFile.folder(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 { _ = fsync(folder); close(folder) }
    }
}
