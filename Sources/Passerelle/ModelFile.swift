import Foundation
import LinearAlgebra
import PasserelleCore

/// Errors reading or writing a model file; each names the file and says what to do.
public enum ModelFileError: Error, CustomStringConvertible, Equatable {
    case notFound(path: String)
    case notAModel(path: String)
    case truncated(path: String, expected: Int, actual: Int)
    case checksumMismatch(path: String)
    case unsupportedVersion(path: String, found: UInt32, supported: UInt32)
    case malformed(path: String, what: String)
    case writeFailed(path: String, why: String)
    /// The file is there but cannot be read (permissions, a symbolic link loop): nothing is wrong with the
    /// model itself, so no rebuild is suggested.
    case unreadable(path: String, why: String)
    /// A folder, a named pipe, a device or a socket where a model file was expected.
    case notARegularFile(path: String, kind: String)

    public var description: String {
        let rebuild = "rebuild it with `passerelle index`"
        switch self {
        case .notFound(let path): return "\(path): no such model file; build one with `passerelle index`"
        case .notAModel(let path): return "\(path): not a Passerelle model file (bad magic number); \(rebuild)"
        case .truncated(let path, let expected, let actual):
            return "\(path): model file is truncated (\(actual) bytes, expected \(expected)); \(rebuild)"
        case .checksumMismatch(let path): return "\(path): model file is corrupted (checksum mismatch); \(rebuild)"
        case .unsupportedVersion(let path, let found, let supported):
            return "\(path): model format version \(found) is not supported (this build reads version \(supported)); \(rebuild)"
        case .malformed(let path, let what): return "\(path): model file is malformed (\(what)); \(rebuild)"
        case .writeFailed(let path, let why): return "\(path): cannot write the model: \(why)"
        case .unreadable(let path, let why): return "\(path): cannot read the model file: \(why) (the file was left as it is)"
        case .notARegularFile(let path, let kind): return "\(path): is \(kind), not a regular file; give the path of a model file (.plm)"
        }
    }

    /// The message in French (`UserFacingError.message(french:)`).
    public var frenchMessage: String? {
        let rebuild = "reconstruisez-le avec `passerelle index`"
        switch self {
        case .notFound(let path): return "\(path) : aucun fichier de modèle à cet endroit ; construisez-en un avec `passerelle index`"
        case .notAModel(let path): return "\(path) : ce n'est pas un fichier de modèle Passerelle (nombre magique erroné) ; \(rebuild)"
        case .truncated(let path, let expected, let actual):
            return "\(path) : le fichier de modèle est tronqué (\(actual) octets, \(expected) attendus) ; \(rebuild)"
        case .checksumMismatch(let path): return "\(path) : le fichier de modèle est endommagé (somme de contrôle différente) ; \(rebuild)"
        case .unsupportedVersion(let path, let found, let supported):
            return "\(path) : la version \(found) du format de modèle n'est pas prise en charge (cette version lit la \(supported)) ; \(rebuild)"
        case .malformed(let path, let what): return "\(path) : le fichier de modèle est mal formé (\(what)) ; \(rebuild)"
        case .writeFailed(let path, let why): return "\(path) : impossible d'écrire le modèle : \(FrenchPhrasebook.engine.translate(why))"
        case .unreadable(let path, let why): return "\(path) : impossible de lire le fichier de modèle : \(FrenchPhrasebook.engine.translate(why)) (le fichier est laissé tel quel)"
        case .notARegularFile(let path, let kind):
            return "\(path) : c'est \(FrenchPhrasebook.engine.translate(kind)), pas un fichier ordinaire ; donnez le chemin d'un fichier de modèle (.plm)"
        }
    }
}

/// The binary model file.
///
/// Layout (all integers little-endian), format version 3:
///
///     header, 64 bytes:
///       0   magic "PSRLMODL" (8 bytes)
///       8   format version (UInt32)
///       12  section count (UInt32)
///       16  payload length in bytes (UInt64) — everything after the header
///       24  checksum of the section table (UInt64, `payloadChecksum`)
///       32  reserved, zero (32 bytes)
///     payload:
///       section table: per section, tag (4 ASCII bytes), reserved (4), offset (UInt64), length (UInt64),
///                      checksum of the section's bytes (UInt64); offsets relative to the payload start
///       sections, each starting on a 16-byte boundary:
///         META  JSON: settings, sizes, singular values, explained variance, fold-in statistics and, in
///               a file written by a compaction, `includesLog` (the change log records it holds: `LogPosition`)
///         VOCB  string table of terms (id order)       IDF_  Float32 × m      DF__  Int32 × m
///         BASE  Float32 × (m × k), V column-major      PVEC  Float32 × (k × n), posting vectors column-major
///         PIDS  string table of posting ids
///         [PTXC] posting texts: a checked string table (each text has its own checksum; the section's
///                checksum covers its index, the counts, offsets and checksums, not the texts)
///         PTTL, PLNG, PMET  string tables of posting titles, languages, metadata JSON
///         [RSRC] JSON object name → text of the resources the featurizer needs (competency taxonomy, lexicon)
///         [TIDX] (version 4) the postings' unit TF-IDF vectors by term, the term half of the hybrid score
///                (`LSAModel.termIndex`, `vocabularySize × n` CSR): nonzeros (UInt64), row pointers
///                (UInt64 × (m + 1)), posting indices (Int32 × nnz), then weights (Float32 × nnz)
///         [TIDR] (with TIDX, since 2026-12-05) the term index's row checksums (UInt64 × (m + 2): m, the
///                checksum of TIDX's count and row pointers, then per row the checksum of its posting
///                indices followed by its weights, `termRowChecksums`): a model opened for one query reads
///                and checks its terms' rows alone (`TermIndexOnDemand`). An older binary ignores it; a file
///                without it is read whole.
///         [PPRF] the postings' stored match-side profiles (`StoredProfiles`): the fingerprint's length
///                (UInt64) and UTF-8 (zero-padded to 8 bytes), then a string table of one byte string per
///                posting (empty: none stored). Read whole at load (held in memory: 16 bytes of offsets a
///                posting plus its profile's bytes); an older binary ignores the section.
///
/// Each section is checked when it is read: loading a model (`info`, `rank`) reads every section but
/// the posting texts, which are read (`pread`) and checked one by one when shown (explanations quote a few).
/// Sections are read from the file one at a time, their numbers straight into the model's arrays and
/// checked there (`ModelFileBytes`): a load holds each byte once (at 100,000 postings 521 MiB at its peak
/// for 490 MB of sections, against 985 MiB when the file was read whole and then copied; half the time).
/// Nothing is memory-mapped: a mapping of a file that another program overwrites in place
/// (`cp other.plm m.plm`) or truncates kills the reader with SIGBUS (issue 23); the texts' blob stays in
/// the file, read through a descriptor held open (`FileRegion`), so a model replaced by rename keeps
/// its texts for the readers that loaded it, and one overwritten in place fails their checksums instead.
///
/// Version 3 files (no `TIDX`) are read as they were: such a model scores by the latent cosine alone
/// (`passerelle info` says so; `passerelle index` rebuilds it with the term half).
/// Versions 1 and 2 (one checksum over the whole payload, 24-byte table entries, texts in `PTXT`, a
/// plain string table) are still read; they are checked whole at load, as they were.
///
/// Floats are stored as IEEE-754 binary32 little-endian. Written to a temporary file in the same folder,
/// flushed, then renamed over the target, so a crash never leaves a half-written model in place.
public enum ModelFile {
    public static let magic: [UInt8] = Array("PSRLMODL".utf8)
    /// Version 3: a checksum per section (and per posting text), checked when the section is read.
    /// Version 2 (the whole payload under one four-lane `payloadChecksum`) and version 1 (one-lane
    /// `checksum`) files are still read.
    /// Version 4: the term index section `TIDX` (hybrid scores); otherwise as version 3.
    public static let formatVersion: UInt32 = 4
    static let headerSize = 64
    /// Bytes of a section table entry: 24 in versions 1 and 2, 32 (with the section's checksum) in 3.
    static func tableEntrySize(version: UInt32) -> Int { version >= 3 ? 32 : 24 }
    /// The one source of the date written in META: `SOURCE_DATE_EPOCH` (seconds) when set, as for
    /// reproducible builds, so that two builds of one model can be compared byte for byte.
    static func creationDate() -> Date {
        if let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let seconds = Int64(text) { return Date(timeIntervalSince1970: TimeInterval(seconds)) }
        return Date()
    }

    struct Meta: Codable {
        var format: String
        var settings: BuildSettings
        var dimensions: Int
        var vocabularySize: Int
        var postingCount: Int
        var documentCountAtFit: Int
        var singularValues: [Float]
        var explainedVarianceRatio: [Float]
        var foldIn: FoldInStatistics
        var createdAt: String
        /// The change log records this file already holds (written by a compaction that ran while the log
        /// grew: see `LogPosition`); absent in files written otherwise (their bytes are unchanged).
        var includesLog: LogPosition? = nil
    }

    // MARK: Writing

    /// Writes the model atomically, section by section straight into the temporary file (never the whole
    /// file in one buffer: see `emit`); returns the identity of the file written (for a change log begun on it).
    /// - Parameter includesLog: the change log records the model already holds (a compaction's), or nil.
    @discardableResult
    public static func write(_ model: LSAModel, to path: String, includesLog: LogPosition? = nil) throws -> ModelIdentity {
        let pending = try Pending(model, path: path, includesLog: includesLog)
        return try pending.install()
    }

    /// The identity of a file just written from `data` (its content from the header, the rest from the disk).
    static func identity(ofWritten data: Data, at path: String, includesLog: LogPosition?) -> ModelIdentity {
        let stamp = FileStamp.of(path)
        return ModelIdentity(payloadLength: data.readLittleEndian(UInt64.self, at: 16)!, checksum: data.readLittleEndian(UInt64.self, at: 24)!,
                             device: stamp?.device ?? 0, inode: stamp?.inode ?? 0, size: stamp?.size ?? 0, modified: stamp?.modified ?? 0,
                             includesLog: includesLog)
    }

    /// A model file written beside `path` but not yet put in its place: a compaction writes it (long: the
    /// whole model) without holding the writers' lock, then `install`s it under the lock (a rename).
    /// Dropped without `install`, its temporary file is removed; a process killed before leaves it as
    /// `.NAME.tmp-PID`, removed by the next atomic write beside it (`AtomicFile.removeStaleTemporaries`).
    public final class Pending: @unchecked Sendable {
        let writer: AtomicFile.Writer
        /// The file's header (its payload length and checksum: its content identity).
        let header: Data
        public let includesLog: LogPosition?
        public var temporaryPath: String { writer.temporaryPath }

        /// Writes the model to a temporary file beside `path` and makes it durable (fsync).
        /// - Complexity: O(size of the model file), written section by section: the memory it takes
        ///   beyond the model's is a staging buffer of `ModelFileOutput.stagingSize` bytes.
        public init(_ model: LSAModel, path: String, includesLog: LogPosition?) throws {
            self.includesLog = includesLog
            do {
                writer = try AtomicFile.Writer(path: path, createFolders: true)
                let output = ModelFileOutput(file: writer)
                header = try emit(model, includesLog: includesLog, to: output)
                try writer.sync()
            } catch let error as FileWriteError { throw ModelFileError.writeFailed(path: path, why: error.reason) }
        }

        /// Renames the file over the model (the folder synced); returns the identity of the model now there.
        public func install() throws -> ModelIdentity {
            do { try writer.commit() } catch let error as FileWriteError { throw ModelFileError.writeFailed(path: writer.path, why: error.reason) }
            return identity(ofWritten: header, at: writer.target, includesLog: includesLog)
        }

        /// Removes the temporary file; the model is untouched.
        public func abandon() { writer.abandon() }
    }

    /// The bytes of a model file in memory (tests, tools): the same bytes `write` puts in a file.
    static func encode(_ model: LSAModel, includesLog: LogPosition? = nil) throws -> Data {
        let output = ModelFileOutput(file: nil)
        _ = try emit(model, includesLog: includesLog, to: output)
        return output.memory
    }

    /// Writes a model file (format version 4) to `output`, section by section: a placeholder header and
    /// section table, then each section (its checksum computed as its bytes go by), then the real header
    /// and table over the placeholder. Large sections (basis, posting vectors, term index) go from the
    /// model's arrays to the output without a copy; string tables string by string (`StringTable.write`),
    /// so posting texts left in a file (a loaded model's, texts spooled at indexing) are never all read.
    /// A model with a delta segment (`PostingDelta`) is written as one segment, as it would be compacted.
    /// Returns the header.
    /// - Complexity: O(file size) time; memory beyond the model: the staging buffer and O(sections).
    static func emit(_ segmented: LSAModel, includesLog: LogPosition?, to output: ModelFileOutput) throws -> Data {
        // One segment, as a model without a delta is written: a no-op for such a model.
        var model = segmented
        try model.readWholeTermIndex()
        model.mergeDelta()
        let meta = Meta(format: LSAModel.formatName, settings: model.settings, dimensions: model.dimensions,
                        vocabularySize: model.vectorizer.vocabularySize, postingCount: model.postingCount,
                        documentCountAtFit: model.vectorizer.documentCount, singularValues: model.singularValues,
                        explainedVarianceRatio: model.explainedVarianceRatio, foldIn: model.foldIn,
                        createdAt: ISO8601DateFormatter().string(from: creationDate()), includesLog: includesLog)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let metaData = try encoder.encode(meta)
        let resources = model.resources.isEmpty ? nil : try encoder.encode(model.resources)
        let vocabulary = StringTable(model.vectorizer.terms), ids = StringTable(model.postings.ids)
        typealias Emit = (UnsafeRawBufferPointer) throws -> Void
        /// A stored string that cannot be read back or fails its checksum stops the write.
        func table(_ t: StringTable, checked: Bool = false) -> (Int, (Emit) throws -> Void) {
            (t.serializedSize(checked: checked), { emit in
                guard try t.write(checked: checked, to: emit) else { throw ModelFileError.checksumMismatch(path: model.postings.textSource ?? "model") }
            })
        }
        func data(_ d: Data) -> (Int, (Emit) throws -> Void) { (d.count, { emit in try d.withUnsafeBytes { try emit($0) } }) }
        func array<T>(_ values: [T]) -> (Int, (Emit) throws -> Void) {
            (MemoryLayout<T>.stride * values.count, { emit in try littleEndianBytes(values) { try emit($0) } })
        }
        // Writers of the sections, in file order; `hashed` is the prefix of the section its checksum covers.
        var sections: [(tag: String, size: Int, hashed: Int, write: (Emit) throws -> Void)] = []
        func add(_ tag: String, _ part: (Int, (Emit) throws -> Void), hashed: Int? = nil) {
            sections.append((tag, part.0, hashed ?? part.0, part.1))
        }
        add("META", data(metaData))
        add("VOCB", table(vocabulary))
        add("IDF_", array(model.vectorizer.idf))
        add("DF__", array(model.vectorizer.documentFrequency))
        add("BASE", array(model.basis.values))
        add("PVEC", array(model.postingVectors.values))
        add("PIDS", table(ids))
        if let texts = model.postings.texts {
            // The texts' section checksum covers its index only; each text has its own.
            add("PTXC", table(texts, checked: true), hashed: 8 * (2 * texts.count + 2))
        }
        add("PTTL", table(model.postings.titles))
        add("PLNG", table(model.postings.langs))
        add("PMET", table(model.postings.metadataJSON))
        if let resources { add("RSRC", data(resources)) }
        if let profiles = model.postings.profiles, let fingerprint = model.postings.profileFingerprint {
            // The fingerprint (a length and its UTF-8, padded to 8 bytes), then the profiles' table.
            let print = Array(fingerprint.utf8)
            let head = 8 + (print.count + 7) / 8 * 8
            let body = table(profiles)
            sections.append(("PPRF", head + body.0, head + body.0, { emit in
                var bytes = [UInt8](repeating: 0, count: head)
                withUnsafeBytes(of: UInt64(print.count).littleEndian) { for (i, b) in $0.enumerated() { bytes[i] = b } }
                bytes.replaceSubrange(8 ..< 8 + print.count, with: print)
                try bytes.withUnsafeBytes { try emit($0) }
                try body.1(emit)
            }))
        }
        if let index = model.termIndex {
            let nnz = index.values.count
            sections.append(("TIDX", 8 + 8 * (index.rows + 1) + 8 * nnz, 8 + 8 * (index.rows + 1) + 8 * nnz, { emit in
                try withUnsafeBytes(of: UInt64(nnz).littleEndian) { try emit($0) }
                try littleEndianBytes(index.rowPointers.map { Int64($0) }) { try emit($0) }
                try littleEndianBytes(index.columnIndices) { try emit($0) }
                try littleEndianBytes(index.values) { try emit($0) }
            }))
            add("TIDR", array(termRowChecksums(index)))
        }

        let entry = tableEntrySize(version: formatVersion)
        let tableSize = sections.count * entry
        var offsets = [Int](), offset = align16(tableSize)
        for section in sections {
            offsets.append(offset)
            offset = align16(offset + section.size)
        }
        let payloadSize = offsets.last.map { $0 + sections.last!.size } ?? tableSize
        try output.zeros(headerSize + tableSize)
        var checksums = [UInt64]()
        for (s, section) in sections.enumerated() {
            try output.zeros(headerSize + offsets[s] - output.count)
            let start = output.count
            var hasher = PayloadHasher(length: section.hashed)
            try section.write { bytes in
                let done = output.count - start
                if done < section.hashed {
                    hasher.update(UnsafeRawBufferPointer(rebasing: bytes.prefix(section.hashed - done)))
                }
                try output.append(bytes)
            }
            precondition(output.count - start == section.size, "section \(section.tag): \(output.count - start) bytes written, \(section.size) announced")
            checksums.append(hasher.finish())
        }
        precondition(output.count == headerSize + payloadSize)
        var table = Data(capacity: tableSize)
        for (s, section) in sections.enumerated() {
            table.append(contentsOf: Array(section.tag.utf8))
            table.appendLittleEndian(UInt32(0))
            table.appendLittleEndian(UInt64(offsets[s]))
            table.appendLittleEndian(UInt64(section.size))
            table.appendLittleEndian(checksums[s])
        }
        var header = Data(magic)
        header.appendLittleEndian(formatVersion)
        header.appendLittleEndian(UInt32(sections.count))
        header.appendLittleEndian(UInt64(payloadSize))
        header.appendLittleEndian(payloadChecksum(table))
        header.append(Data(count: headerSize - header.count))
        try output.finish(overwritingStartWith: header + table)
        return header
    }

    /// The values' bytes as little-endian, given to `body` in place on a little-endian machine (no copy),
    /// in converted blocks otherwise.
    static func littleEndianBytes<T>(_ values: [T], _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        #if _endian(little)
        try values.withUnsafeBytes { try body($0) }
        #else
        precondition(MemoryLayout<T>.size == 4 || MemoryLayout<T>.size == 8, "littleEndianBytes: 4- or 8-byte values only")
        try values.withUnsafeBytes { raw in
            let size = MemoryLayout<T>.size
            var block = [UInt8](repeating: 0, count: 1 << 16)
            var at = 0
            while at < raw.count {
                let n = min(block.count, raw.count - at)
                for i in stride(from: 0, to: n, by: size) { for b in 0 ..< size { block[i + b] = raw[at + i + size - 1 - b] } }
                try block.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0.prefix(n))) }
                at += n
            }
        }
        #endif
    }

    /// Writes bytes to `path` atomically (see `AtomicFile`), making its folder if needed; errors are
    /// `ModelFileError.writeFailed` with the reason. Kept for the callers that write other files this way.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        do { try AtomicFile.write(data, to: path, createFolders: true) } catch let error as FileWriteError {
            throw ModelFileError.writeFailed(path: path, why: error.reason)
        }
    }

    // MARK: Reading

    /// How a reader takes a model's term index (`TIDX`).
    public enum TermIndexReading: Sendable {
        /// Read and checked whole when the model is opened: what anything but a one-shot query needs.
        case whole
        /// Left in the file, its rows read and checked as a query asks for them (`LSAModel.readTermRows`,
        /// `TermIndexOnDemand`): a model opened for one query. A file without row checksums (`TIDR`, before
        /// 2026-12-05) is read whole.
        case onDemand
    }

    public static func read(from path: String, termIndex: TermIndexReading = .whole) throws -> LSAModel {
        try readWithIdentity(from: path, termIndex: termIndex).model
    }

    /// Reads a model and says which file it read (`ModelIdentity`: its content, for its change log, and
    /// its inode, to notice the file at the path being replaced).
    public static func readWithIdentity(from path: String, termIndex: TermIndexReading = .whole) throws -> (model: LSAModel, identity: ModelIdentity) {
        // What is at the path first: a file that cannot be opened is not a damaged model, and a named pipe
        // would block the read for ever.
        switch PathKind.of(path) {
        case .missing: throw ModelFileError.notFound(path: path)
        case .directory: throw ModelFileError.notARegularFile(path: path, kind: "a folder")
        case .special(let kind): throw ModelFileError.notARegularFile(path: path, kind: kind)
        case .unreachable(let why): throw ModelFileError.unreadable(path: path, why: why)
        case .regular: break
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ModelFileError.unreadable(path: path, why: systemErrorText(errno)) }
        var kept = false
        defer { if !kept { close(descriptor) } }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw ModelFileError.unreadable(path: path, why: systemErrorText(errno)) }
        let size = Int(info.st_size)
        let file = ModelFileBytes(descriptor: descriptor, size: size, path: path)
        var includesLog: LogPosition? = nil
        func identity(_ header: Data) -> ModelIdentity {
            ModelIdentity(payloadLength: header.readLittleEndian(UInt64.self, at: 16) ?? 0, checksum: header.readLittleEndian(UInt64.self, at: 24) ?? 0,
                          device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: UInt64(info.st_size),
                          modified: FileStamp(info).modified, includesLog: includesLog)
        }
        // Sections are read as they are decoded; with posting texts (format 3 and later), their blob stays in
        // the file and is read text by text (`FileRegion`, which then owns the descriptor).
        let header = try file.data(0 ..< min(size, headerSize))
        let texts = try textsBlob(size: size, bytes: { try file.data($0) })
        let region = texts.map { FileRegion(descriptor: descriptor, offset: $0.lowerBound, length: $0.count) }
        kept = region != nil
        let model = try decode(file, path: path, textsBlob: region.map { ($0.offset, $0) }, includesLog: &includesLog, termIndex: termIndex)
        return (model, identity(header))
    }

    /// The identity of the model file at `path` (content, stamp, and the change log position it holds),
    /// reading only its header, section table and META: what a server already holding the postings needs
    /// to follow a compaction made by another process (`LiveModel.followCompaction`). nil for a file this
    /// cannot tell (format before 3, a damaged header or META): the caller then reads the model whole.
    /// - Complexity: O(header + section table + META), a few kilobytes, whatever the model's size.
    public static func identity(at path: String) -> ModelIdentity? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        func bytes(_ offset: Int, _ count: Int) -> Data? {
            guard offset >= 0, count >= 0, offset + count <= Int(info.st_size) else { return nil }
            var out = Data(count: count)
            let got = out.withUnsafeMutableBytes { raw -> Int in
                var done = 0
                while done < count {
                    let n = pread(fd, raw.baseAddress! + done, count - done, off_t(offset + done))
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { return done }
                    done += n
                }
                return done
            }
            return got == count ? out : nil
        }
        guard let header = bytes(0, headerSize), Array(header.prefix(magic.count)) == magic,
              let version = header.readLittleEndian(UInt32.self, at: 8), version >= 3, version <= formatVersion,
              let count = header.readLittleEndian(UInt32.self, at: 12).map(Int.init), count > 0, count <= 64 else { return nil }
        let entry = tableEntrySize(version: version)
        guard let table = bytes(headerSize, count * entry), payloadChecksum(table) == header.readLittleEndian(UInt64.self, at: 24) else { return nil }
        for s in 0 ..< count where table[(table.startIndex + s * entry) ..< (table.startIndex + s * entry + 4)] == Data("META".utf8) {
            guard let offset = table.readLittleEndian(UInt64.self, at: s * entry + 8), let length = table.readLittleEndian(UInt64.self, at: s * entry + 16),
                  let sum = table.readLittleEndian(UInt64.self, at: s * entry + 24), offset < UInt64(info.st_size), length < UInt64(info.st_size),
                  let data = bytes(headerSize + Int(offset), Int(length)), payloadChecksum(data) == sum,
                  let meta = try? JSONDecoder().decode(Meta.self, from: data) else { return nil }
            return ModelIdentity(payloadLength: header.readLittleEndian(UInt64.self, at: 16)!, checksum: header.readLittleEndian(UInt64.self, at: 24)!,
                                 device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: UInt64(info.st_size),
                                 modified: FileStamp(info).modified, includesLog: meta.includesLog)
        }
        return nil
    }

    /// Where the posting texts' blob of a format-3 file lies (file offsets), or nil when the file has none
    /// or does not look sound (it is then read whole, and `decode` says what is wrong).
    static func textsBlob(size: Int, bytes: (Range<Int>) throws -> Data) throws -> Range<Int>? {
        guard size >= headerSize else { return nil }
        let header = try bytes(0 ..< headerSize)
        guard Array(header.prefix(magic.count)) == magic, header.readLittleEndian(UInt32.self, at: 8) == formatVersion,
              let count = header.readLittleEndian(UInt32.self, at: 12), count > 0, count <= 64 else { return nil }
        let entry = tableEntrySize(version: formatVersion)
        guard headerSize + Int(count) * entry <= size else { return nil }
        let table = try bytes(headerSize ..< headerSize + Int(count) * entry)
        for s in 0 ..< Int(count) where table[(table.startIndex + s * entry) ..< (table.startIndex + s * entry + 4)] == Data("PTXC".utf8) {
            guard let offset = table.readLittleEndian(UInt64.self, at: s * entry + 8), let length = table.readLittleEndian(UInt64.self, at: s * entry + 16),
                  offset >= UInt64(Int(count) * entry), length >= 8, offset < UInt64(size), length <= UInt64(size) - offset,
                  UInt64(headerSize) + offset + length <= UInt64(size) else { return nil }
            let start = headerSize + Int(offset)
            guard let n = try bytes(start ..< start + 8).readLittleEndian(UInt64.self, at: 0), n < length / 16 else { return nil }
            let indexSize = 8 * (2 * Int(n) + 2)
            guard indexSize <= Int(length) else { return nil }
            return (start + indexSize) ..< (start + Int(length))
        }
        return nil
    }

    /// Decodes a model from the bytes of a model file; `path` names it in errors.
    public static func decode(_ data: Data, path: String, termIndex: TermIndexReading = .whole) throws -> LSAModel {
        var includesLog: LogPosition? = nil
        return try decode(ModelFileBytes(data, path: path), path: path, textsBlob: nil, includesLog: &includesLog, termIndex: termIndex)
    }

    /// Decodes a model, reading each section from `file` as it is decoded (numbers straight into their
    /// arrays, checked as they come); with `textsBlob`, the posting texts' blob lies at that file offset and is
    /// left there, read from the region when a text is asked for.
    /// - Parameter includesLog: set to the change log records the file says it holds (`LogPosition`).
    /// - Complexity: O(bytes of the sections read); memory: the model's arrays, and no second copy of them.
    static func decode(_ file: ModelFileBytes, path: String, textsBlob: (offset: Int, region: FileRegion)?, includesLog: inout LogPosition?,
                       termIndex reading: TermIndexReading = .whole) throws -> LSAModel {
        let fileSize = file.count
        let start = try file.data(0 ..< min(fileSize, headerSize))
        guard start.count >= magic.count, Array(start.prefix(magic.count)) == magic else { throw ModelFileError.notAModel(path: path) }
        guard start.count >= headerSize else { throw ModelFileError.truncated(path: path, expected: headerSize, actual: fileSize) }
        let version = start.readLittleEndian(UInt32.self, at: 8)!
        guard (1...formatVersion).contains(version) else { throw ModelFileError.unsupportedVersion(path: path, found: version, supported: formatVersion) }
        let sectionCount = Int(start.readLittleEndian(UInt32.self, at: 12)!)
        let payloadLength = start.readLittleEndian(UInt64.self, at: 16)!
        let expectedChecksum = start.readLittleEndian(UInt64.self, at: 24)!
        guard payloadLength < UInt64(Int.max / 2), headerSize + Int(payloadLength) == fileSize else {
            throw ModelFileError.truncated(path: path, expected: headerSize + Int(min(payloadLength, UInt64(Int.max / 4))), actual: fileSize)
        }
        let payloadSize = fileSize - headerSize
        /// The posting texts' blob left in the file, in payload coordinates: only PTXC may reach into it (and
        /// must end with it); its part before the blob is read.
        let hole = textsBlob.map { ($0.offset - headerSize) ..< ($0.offset - headerSize + $0.region.length) }
        let entry = tableEntrySize(version: version)
        if version < 3 {
            // One checksum over the whole payload (formats 1 and 2, small and old): read and checked whole.
            let payload = try file.data(headerSize ..< fileSize)
            let sum = version == 1 ? checksum(payload) : payloadChecksum(payload)
            guard sum == expectedChecksum else { throw ModelFileError.checksumMismatch(path: path) }
        }
        guard sectionCount > 0, sectionCount <= 64, sectionCount * entry <= payloadSize, sectionCount * entry <= (hole?.lowerBound ?? Int.max) else {
            throw ModelFileError.malformed(path: path, what: "section table")
        }
        let sectionTable = try file.data(headerSize ..< headerSize + sectionCount * entry)
        if version >= 3 {
            guard payloadChecksum(sectionTable) == expectedChecksum else { throw ModelFileError.checksumMismatch(path: path) }
        }
        /// Each section's file range (its part before the blob for PTXC) and checksum (format 3 and later).
        var sections = [String: (range: Range<Int>, checksum: UInt64?)]()
        for s in 0..<sectionCount {
            let base = s * entry
            let tag = String(decoding: sectionTable[(sectionTable.startIndex + base)..<(sectionTable.startIndex + base + 4)], as: UTF8.self)
            let offset = sectionTable.readLittleEndian(UInt64.self, at: base + 8)!
            let length = sectionTable.readLittleEndian(UInt64.self, at: base + 16)!
            guard offset <= UInt64(payloadSize), length <= UInt64(payloadSize) - offset else {
                throw ModelFileError.malformed(path: path, what: "section \(tag) out of bounds")
            }
            var range = Int(offset) ..< Int(offset + length)
            if let hole, range.upperBound > hole.lowerBound, range.lowerBound < hole.upperBound {
                guard range.upperBound == hole.upperBound, range.lowerBound <= hole.lowerBound else {
                    throw ModelFileError.malformed(path: path, what: "section \(tag) out of bounds")
                }
                range = range.lowerBound ..< hole.lowerBound
            }
            sections[tag] = ((headerSize + range.lowerBound) ..< (headerSize + range.upperBound),
                             version >= 3 ? sectionTable.readLittleEndian(UInt64.self, at: base + 24)! : nil)
        }
        /// A section's bytes, checked against its checksum (version 3) as it is read.
        func section(_ tag: String) throws -> Data {
            guard let (range, sum) = sections[tag] else { throw ModelFileError.malformed(path: path, what: "missing section \(tag)") }
            let d = try file.data(range)
            if let sum, payloadChecksum(d) != sum { throw ModelFileError.checksumMismatch(path: path) }
            return d
        }
        func table(_ tag: String) throws -> StringTable {
            guard let t = StringTable(encoded: try section(tag)) else { throw ModelFileError.malformed(path: path, what: "section \(tag)") }
            return t
        }
        /// A section of `count` floats (or 32-bit integers), read straight into its array and checked
        /// there (checksum, then size, then finiteness: the order of `section` and `floats`).
        func numbers<T>(_ tag: String, count: Int, as type: T.Type) throws -> [T] {
            guard let (range, sum) = sections[tag] else { throw ModelFileError.malformed(path: path, what: "missing section \(tag)") }
            guard range.count == count * 4 else {
                let d = try section(tag)
                throw ModelFileError.malformed(path: path, what: "section \(tag) has \(d.count) bytes, expected \(count * 4)")
            }
            let values = try file.array(range, of: T.self)
            if let sum, values.withUnsafeBytes({ payloadChecksum($0) }) != sum { throw ModelFileError.checksumMismatch(path: path) }
            return values
        }
        let meta: Meta
        do { meta = try JSONDecoder().decode(Meta.self, from: try section("META")) } catch let e as ModelFileError { throw e } catch {
            throw ModelFileError.malformed(path: path, what: "metadata: \(error)")
        }
        guard meta.format == LSAModel.formatName else { throw ModelFileError.malformed(path: path, what: "format \(meta.format)") }
        includesLog = meta.includesLog
        let m = meta.vocabularySize, k = meta.dimensions, n = meta.postingCount
        // Sizes come from the file: check them before multiplying, or a crafted header traps on overflow
        // (found with scripts/checks/fuzz.sh's checksum-repairing target).
        func fitsInFile(_ a: Int, _ b: Int) -> Bool {
            guard a >= 0, b >= 0 else { return false }
            let (cells, o1) = a.multipliedReportingOverflow(by: b)
            let (bytes, o2) = cells.multipliedReportingOverflow(by: 4)
            return !o1 && !o2 && bytes <= fileSize
        }
        guard fitsInFile(m, 1), fitsInFile(n, 1), fitsInFile(m, k), fitsInFile(k, n), meta.documentCountAtFit >= 0 else {
            throw ModelFileError.malformed(path: path, what: "impossible sizes in the metadata (vocabulary \(m), k \(k), postings \(n))")
        }
        let terms = try table("VOCB").all
        let idf = try finite(numbers("IDF_", count: m, as: Float.self), tag: "IDF_", path: path)
        let df = try littleEndian(numbers("DF__", count: m, as: Int32.self))
        let basis = try finite(numbers("BASE", count: m * k, as: Float.self), tag: "BASE", path: path)
        let vectors = try finite(numbers("PVEC", count: k * n, as: Float.self), tag: "PVEC", path: path)
        let ids = try table("PIDS").all
        let titles = try table("PTTL"), langs = try table("PLNG"), metadata = try table("PMET")
        var texts: StringTable? = nil
        if let (range, sum) = sections["PTXC"], version >= 3 {
            // The index (count, offsets, checksums) is checked now; each text when it is read.
            // The index is checked against its checksum first, read from the file whatever the blob's place
            // said (a damaged count in the index moves the blob: the checksum, not the layout, says so).
            let indexSize = 8 * (2 * n + 2)
            guard indexSize <= fileSize - range.lowerBound else { throw ModelFileError.malformed(path: path, what: "section PTXC") }
            let index = try file.data(range.lowerBound ..< range.lowerBound + indexSize)
            if let sum, payloadChecksum(index) != sum { throw ModelFileError.checksumMismatch(path: path) }
            guard range.count >= indexSize, textsBlob == nil || range.count == indexSize,
                  let t = StringTable(encoded: textsBlob == nil ? try file.data(range) : index, checked: true, blobFile: textsBlob?.region) else {
                throw ModelFileError.malformed(path: path, what: "section PTXC")
            }
            texts = t
        } else if sections["PTXT"] != nil {
            texts = try table("PTXT")
        }
        guard terms.count == m, ids.count == n, titles.count == n, langs.count == n, metadata.count == n,
              texts.map({ $0.count == n }) ?? true, meta.singularValues.count == k else {
            throw ModelFileError.malformed(path: path, what: "section sizes disagree with the header")
        }
        guard Set(ids).count == n else { throw ModelFileError.malformed(path: path, what: "duplicate posting ids") }
        var resources = [String: String]()
        if sections["RSRC"] != nil {
            guard let decoded = try? JSONDecoder().decode([String: String].self, from: try section("RSRC")) else {
                throw ModelFileError.malformed(path: path, what: "section RSRC")
            }
            resources = decoded
        }
        /// `TIDR`'s words (`termRowChecksums`), checked like any section (checksum, then size); nil without one.
        func termRowWords() throws -> [UInt64]? {
            guard let (range, sum) = sections["TIDR"] else { return nil }
            guard range.count == 8 * (m + 2) else {
                let d = try section("TIDR")
                throw ModelFileError.malformed(path: path, what: "section TIDR has \(d.count) bytes, expected \(8 * (m + 2))")
            }
            let words = try file.array(range, of: UInt64.self)
            if let sum, words.withUnsafeBytes({ payloadChecksum($0) }) != sum { throw ModelFileError.checksumMismatch(path: path) }
            return words.map { UInt64(littleEndian: $0) }
        }
        var termIndex: CSRMatrix? = nil, onDemand: TermIndexOnDemand? = nil
        if let tidx = sections["TIDX"] {
            let rowWords = try termRowWords()
            if reading == .onDemand, let rowWords, let sum = tidx.checksum {
                onDemand = try TermIndexOnDemand.open(file, path: path, index: (tidx.range, sum), rows: rowWords, terms: m, postings: n)
                termIndex = onDemand!.emptyIndex
            } else {
                termIndex = try termIndexSection(tidx, file: file, terms: m, postings: n, path: path, whole: { try section("TIDX") })
            }
        }
        var profiles: (table: StringTable, fingerprint: String)? = nil
        if sections["PPRF"] != nil {
            let d = try section("PPRF")
            guard d.count >= 8, let length = d.readLittleEndian(UInt64.self, at: 0), length <= UInt64(d.count) - 8 else {
                throw ModelFileError.malformed(path: path, what: "section PPRF has no fingerprint")
            }
            let head = 8 + (Int(length) + 7) / 8 * 8
            guard head <= d.count, let table = StringTable(encoded: d[(d.startIndex + head)...]), table.count == n else {
                throw ModelFileError.malformed(path: path, what: "section PPRF is not a table of \(n) posting profiles")
            }
            profiles = (table, String(decoding: d[(d.startIndex + 8) ..< (d.startIndex + 8 + Int(length))], as: UTF8.self))
        }
        var postings = PostingStore(ids: ids, titles: titles, langs: langs, metadataJSON: metadata, texts: texts, textSource: path)
        if let profiles { postings.setProfiles(profiles.table, fingerprint: profiles.fingerprint) }
        let vectorizer = TFIDFVectorizer(terms: terms, idf: idf, documentFrequency: df, settings: meta.settings.tfidf,
                                         documentCount: meta.documentCountAtFit)
        var model = LSAModel(settings: meta.settings, vectorizer: vectorizer,
                             basis: DenseMatrix(rows: m, cols: k, values: basis),
                             singularValues: meta.singularValues, explainedVarianceRatio: meta.explainedVarianceRatio,
                             postingVectors: DenseMatrix(rows: k, cols: n, values: vectors),
                             postings: postings,
                             foldIn: meta.foldIn, resources: resources, termIndex: termIndex)
        model.termRowsOnDemand = onDemand
        return model
    }

    /// The term index (`TIDX`, `terms × postings` CSR), its four parts read straight into the matrix's
    /// arrays and checked as one section (the checksum hashed across the parts in file order).
    /// - Parameter whole: the section read and checked whole, to say what is wrong with a section whose
    ///   sizes do not hold together (its checksum is checked first, as for every section).
    static func termIndexSection(_ section: (range: Range<Int>, checksum: UInt64?), file: ModelFileBytes, terms m: Int, postings n: Int, path: String,
                                 whole: () throws -> Data) throws -> CSRMatrix {
        let range = section.range
        let pointersEnd = range.lowerBound + 8 + 8 * (m + 1)
        let nnz64 = range.count >= 8 ? try file.data(range.lowerBound ..< range.lowerBound + 8).readLittleEndian(UInt64.self, at: 0) : nil
        guard range.count >= 8 + 8 * (m + 1), let nnz64, nnz64 <= UInt64(range.count), range.count == 8 + 8 * (m + 1) + 8 * Int(nnz64) else {
            let d = try whole()
            throw ModelFileError.malformed(path: path, what: "section TIDX has \(d.count) bytes, not a term index of \(m) terms")
        }
        let nnz = Int(nnz64)
        let pointerWords = try file.array(range.lowerBound + 8 ..< pointersEnd, of: UInt64.self)
        let postingIndices = try file.array(pointersEnd ..< pointersEnd + 4 * nnz, of: Int32.self)
        var weights = try file.array(pointersEnd + 4 * nnz ..< range.upperBound, of: Float.self)
        if let sum = section.checksum {
            var hasher = PayloadHasher(length: range.count)
            withUnsafeBytes(of: nnz64.littleEndian) { hasher.update($0) }
            pointerWords.withUnsafeBytes { hasher.update($0) }
            postingIndices.withUnsafeBytes { hasher.update($0) }
            weights.withUnsafeBytes { hasher.update($0) }
            guard hasher.finish() == sum else { throw ModelFileError.checksumMismatch(path: path) }
        }
        weights = try finite(weights, tag: "TIDX", path: path)
        do {
            return try CSRMatrix(rows: m, cols: n, rowPointers: pointerWords.map { Int(truncatingIfNeeded: UInt64(littleEndian: $0)) },
                                 columnIndices: littleEndian(postingIndices), values: weights)
        } catch {
            throw ModelFileError.malformed(path: path, what: "section TIDX: \(error)")
        }
    }

    /// The words of section `TIDR`, which lets one query's rows of the term index be read and checked alone
    /// (`TermIndexOnDemand`): the number of terms m, the checksum of `TIDX`'s first 8 + 8 (m + 1) bytes (the
    /// count of entries and the row pointers, as stored), then per row t the checksum of its posting indices
    /// followed by its weights, as stored (`payloadChecksum` of those 8 · df(t) bytes).
    /// - Complexity: O(entries + m), one pass over the index.
    static func termRowChecksums(_ index: CSRMatrix) -> [UInt64] {
        var words = [UInt64]()
        words.reserveCapacity(index.rows + 2)
        words.append(UInt64(index.rows))
        var head = [UInt64(index.values.count).littleEndian]
        head += index.rowPointers.map { UInt64($0).littleEndian }
        words.append(head.withUnsafeBytes { payloadChecksum($0) })
        // The stored bytes: the arrays themselves on a little-endian machine (no copy of the index).
        #if _endian(little)
        let indices = index.columnIndices, weights = index.values
        #else
        let indices = index.columnIndices.map { $0.littleEndian }, weights = index.values.map { $0.bitPattern.littleEndian }
        #endif
        indices.withUnsafeBytes { ib in
            weights.withUnsafeBytes { wb in
                for t in 0 ..< index.rows {
                    let a = 4 * index.rowPointers[t], b = 4 * index.rowPointers[t + 1]
                    var hasher = PayloadHasher(length: 2 * (b - a))
                    hasher.update(UnsafeRawBufferPointer(rebasing: ib[a ..< b]))
                    hasher.update(UnsafeRawBufferPointer(rebasing: wb[a ..< b]))
                    words.append(hasher.finish())
                }
            }
        }
        return words
    }

    // MARK: Helpers

    /// 64-bit checksum of the payload: FNV-1a style mixing over 8-byte little-endian words (the tail
    /// zero-padded), with the length folded in. Detects truncation and corruption; not cryptographic.
    public static func checksum(_ data: Data) -> UInt64 {
        data.withUnsafeBytes { raw -> UInt64 in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(raw.count)
            let prime: UInt64 = 0x0000_0100_0000_01b3
            let words = raw.count / 8
            for w in 0..<words {
                let v = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self))
                h = (h ^ v) &* prime
                h ^= h >> 29
            }
            var tail: UInt64 = 0
            for (i, byte) in raw[(words * 8)...].enumerated() { tail |= UInt64(byte) << (8 * UInt64(i)) }
            h = (h ^ tail) &* prime
            return h ^ (h >> 32)
        }
    }

    /// The payload checksum of format version 2: the mixing of `checksum` run in four independent lanes
    /// over consecutive 8-byte words (word w goes to lane w mod 4), so that the multiplications overlap
    /// (about 4× faster on 10⁸ bytes); the lanes are then folded in order, with the tail words, the
    /// zero-padded byte tail and the length, as in `checksum`.
    public static func payloadChecksum(_ data: Data) -> UInt64 {
        data.withUnsafeBytes { payloadChecksum($0) }
    }

    /// `payloadChecksum` of raw bytes.
    public static func payloadChecksum(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        do {
            let prime: UInt64 = 0x0000_0100_0000_01b3
            var h0: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(raw.count)
            var h1 = h0 &+ 1, h2 = h0 &+ 2, h3 = h0 &+ 3
            let words = raw.count / 8
            let quads = words / 4
            for q in 0..<quads {
                let o = q * 32
                h0 = (h0 ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self))) &* prime; h0 ^= h0 >> 29
                h1 = (h1 ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o + 8, as: UInt64.self))) &* prime; h1 ^= h1 >> 29
                h2 = (h2 ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o + 16, as: UInt64.self))) &* prime; h2 ^= h2 >> 29
                h3 = (h3 ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o + 24, as: UInt64.self))) &* prime; h3 ^= h3 >> 29
            }
            var h = h0
            for lane in [h1, h2, h3] { h = (h ^ lane) &* prime; h ^= h >> 29 }
            for w in (quads * 4)..<words {
                h = (h ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self))) &* prime
                h ^= h >> 29
            }
            var tail: UInt64 = 0
            for (i, byte) in raw[(words * 8)...].enumerated() { tail |= UInt64(byte) << (8 * UInt64(i)) }
            h = (h ^ tail) &* prime
            return h ^ (h >> 32)
        }
    }

    static func align16(_ x: Int) -> Int { (x + 15) & ~15 }

    /// `values` read from the file (little-endian) as this machine's floats, refused when one is not
    /// finite: a NaN or an infinity in a model would turn every score it touches into one.
    /// - Complexity: O(count), one branch-free scan: a float is finite unless its exponent bits are all
    ///   ones, i.e. (bits & 0x7fffffff) ≥ 0x7f800000.
    static func finite(_ values: [Float], tag: String, path: String) throws -> [Float] {
        var out = values
        #if _endian(big)
        out = out.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
        #endif
        let largest = out.withUnsafeBytes { raw -> UInt32 in
            var m: UInt32 = 0
            for bits in raw.bindMemory(to: UInt32.self) { m = max(m, bits & 0x7fff_ffff) }
            return m
        }
        guard largest < 0x7f80_0000 else { throw ModelFileError.malformed(path: path, what: "section \(tag) holds a non-finite number") }
        return out
    }

    /// `values` read from the file (little-endian) as this machine's integers.
    static func littleEndian(_ values: [Int32]) -> [Int32] {
        #if _endian(big)
        return values.map { Int32(littleEndian: $0) }
        #else
        return values
        #endif
    }
}

/// Where a model file's bytes go while it is written (`ModelFile.emit`): a file (the atomic writer's
/// temporary) or memory (`ModelFile.encode`). Small pieces are gathered in a staging buffer; large ones
/// (a section's array) go through as they are. The start (header and section table, known last) is
/// written over at the end, with `pwrite` in a file.
final class ModelFileOutput {
    /// Bytes gathered before a write to the file.
    static let stagingSize = 1 << 20
    private let file: AtomicFile.Writer?
    private(set) var memory = Data()
    private var staging = [UInt8]()
    /// Bytes given so far (file coordinates).
    private(set) var count = 0

    init(file: AtomicFile.Writer?) {
        self.file = file
        if file != nil { staging.reserveCapacity(Self.stagingSize) }
    }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        count += bytes.count
        guard let file else { memory.append(contentsOf: bytes); return }
        if staging.count + bytes.count <= Self.stagingSize {
            staging.append(contentsOf: bytes)
            return
        }
        try flush()
        if bytes.count >= Self.stagingSize / 2 { try file.write(bytes) } else { staging.append(contentsOf: bytes) }
    }

    func zeros(_ n: Int) throws {
        guard n > 0 else { return }
        try [UInt8](repeating: 0, count: n).withUnsafeBytes { try append($0) }
    }

    private func flush() throws {
        guard let file, !staging.isEmpty else { return }
        try staging.withUnsafeBytes { try file.write($0) }
        staging.removeAll(keepingCapacity: true)
    }

    /// Writes what is staged, then `start` over the first bytes (the placeholder header and table).
    func finish(overwritingStartWith start: Data) throws {
        precondition(start.count <= count, "ModelFileOutput: the start is longer than what was written")
        guard let file else { memory.replaceSubrange(0 ..< start.count, with: start); return }
        try flush()
        try start.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = pwrite(file.fileDescriptor, raw.baseAddress! + done, raw.count - done, off_t(done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    let code = errno
                    file.abandon()
                    throw FileWriteError(path: file.path, reason: systemErrorText(code))
                }
                done += n
            }
        }
    }
}

/// `ModelFile.payloadChecksum` computed over bytes given in pieces, for a length known in advance (it
/// is mixed in first). Whole 32-byte blocks go through the four lanes as they come (every whole block
/// of the data lies in the lanes' part); the last < 32 bytes are the words and tail folded at the end.
struct PayloadHasher {
    private static let prime: UInt64 = 0x0000_0100_0000_01b3
    private let length: Int
    private var h0: UInt64, h1: UInt64, h2: UInt64, h3: UInt64
    private var pending = [UInt8]()
    private var consumed = 0

    init(length: Int) {
        self.length = length
        h0 = 0xcbf2_9ce4_8422_2325 ^ UInt64(length)
        h1 = h0 &+ 1; h2 = h0 &+ 2; h3 = h0 &+ 3
        pending.reserveCapacity(32)
    }

    @inline(__always)
    private mutating func block(_ raw: UnsafeRawBufferPointer, at o: Int) {
        let p = Self.prime
        h0 = (h0 ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self))) &* p; h0 ^= h0 >> 29
        h1 = (h1 ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o + 8, as: UInt64.self))) &* p; h1 ^= h1 >> 29
        h2 = (h2 ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o + 16, as: UInt64.self))) &* p; h2 ^= h2 >> 29
        h3 = (h3 ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o + 24, as: UInt64.self))) &* p; h3 ^= h3 >> 29
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        precondition(consumed + bytes.count <= length, "PayloadHasher: more bytes than the length announced")
        consumed += bytes.count
        var at = 0
        if !pending.isEmpty {
            let take = min(32 - pending.count, bytes.count)
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0 ..< take]))
            at = take
            guard pending.count == 32 else { return }
            pending.withUnsafeBytes { block($0, at: 0) }
            pending.removeAll(keepingCapacity: true)
        }
        while at + 32 <= bytes.count {
            block(bytes, at: at)
            at += 32
        }
        if at < bytes.count { pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[at...])) }
    }

    /// The checksum; all `length` bytes must have been given.
    func finish() -> UInt64 {
        precondition(consumed == length, "PayloadHasher: \(consumed) bytes given, \(length) announced")
        let p = Self.prime
        var h = h0
        for lane in [h1, h2, h3] { h = (h ^ lane) &* p; h ^= h >> 29 }
        return pending.withUnsafeBytes { raw -> UInt64 in
            let words = raw.count / 8
            for w in 0 ..< words {
                h = (h ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self))) &* p
                h ^= h >> 29
            }
            var tail: UInt64 = 0
            for (i, byte) in raw[(words * 8)...].enumerated() { tail |= UInt64(byte) << (8 * UInt64(i)) }
            h = (h ^ tail) &* p
            return h ^ (h >> 32)
        }
    }
}
