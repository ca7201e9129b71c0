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
///
/// Each section is checked when it is read: loading a model (`info`, `rank`) reads every section but
/// the posting texts, which are read (`pread`) and checked one by one when shown (explanations quote a few).
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

    /// Writes the model atomically; returns the identity of the file written (for a change log begun on it).
    /// - Parameter includesLog: the change log records the model already holds (a compaction's), or nil.
    @discardableResult
    public static func write(_ model: LSAModel, to path: String, includesLog: LogPosition? = nil) throws -> ModelIdentity {
        let data = try encode(model, includesLog: includesLog)
        try writeAtomically(data, to: path)
        return identity(ofWritten: data, at: path, includesLog: includesLog)
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
        /// - Complexity: O(size of the model file): the encoding and one write.
        public init(_ model: LSAModel, path: String, includesLog: LogPosition?) throws {
            self.includesLog = includesLog
            let data = try encode(model, includesLog: includesLog)
            header = Data(data.prefix(headerSize))
            do {
                writer = try AtomicFile.Writer(path: path, createFolders: true)
                try writer.write(data)
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

    /// The bytes of a model file (format version 3), built in one buffer: each section is appended in
    /// place (floats, string tables) rather than built apart and copied in.
    static func encode(_ segmented: LSAModel, includesLog: LogPosition? = nil) throws -> Data {
        // One segment, as a model without a delta (`PostingDelta`) is written: a no-op for such a model.
        var model = segmented
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
        // Writers of the sections, in file order; each appends its bytes to the buffer.
        var sections: [(tag: String, size: Int, write: (inout Data) -> Void)] = [
            ("META", metaData.count, { $0.append(metaData) }),
            ("VOCB", vocabulary.encodedSize, { vocabulary.append(to: &$0) }),
            ("IDF_", 4 * model.vectorizer.idf.count, { appendFloats(model.vectorizer.idf, to: &$0) }),
            ("DF__", 4 * model.vectorizer.documentFrequency.count, { appendInt32s(model.vectorizer.documentFrequency, to: &$0) }),
            ("BASE", 4 * model.basis.values.count, { appendFloats(model.basis.values, to: &$0) }),
            ("PVEC", 4 * model.postingVectors.values.count, { appendFloats(model.postingVectors.values, to: &$0) }),
            ("PIDS", ids.encodedSize, { ids.append(to: &$0) }),
        ]
        // Tables built from a change log (chunks, an order) are written as one (`flattened`); a stored
        // text that cannot be read back or fails its checksum stops the write.
        func plain(_ table: StringTable) throws -> StringTable {
            guard let flat = table.flattened() else { throw ModelFileError.checksumMismatch(path: model.postings.textSource ?? "model") }
            return flat
        }
        if let texts = try model.postings.texts.map(plain) {
            sections.append(("PTXC", texts.encodedSize + 8 * texts.count, { texts.append(to: &$0, checked: true) }))
        }
        let titles = try plain(model.postings.titles), langs = try plain(model.postings.langs), metadata = try plain(model.postings.metadataJSON)
        sections += [
            ("PTTL", titles.encodedSize, { titles.append(to: &$0) }),
            ("PLNG", langs.encodedSize, { langs.append(to: &$0) }),
            ("PMET", metadata.encodedSize, { metadata.append(to: &$0) }),
        ]
        if let resources { sections.append(("RSRC", resources.count, { $0.append(resources) })) }
        if let index = model.termIndex {
            let nnz = index.values.count
            sections.append(("TIDX", 8 + 8 * (index.rows + 1) + 8 * nnz, { out in
                out.appendLittleEndian(UInt64(nnz))
                for p in index.rowPointers { out.appendLittleEndian(UInt64(p)) }
                appendInt32s(index.columnIndices, to: &out)
                appendFloats(index.values, to: &out)
            }))
        }

        let entry = tableEntrySize(version: formatVersion)
        let tableSize = sections.count * entry
        var offsets = [Int](), offset = align16(tableSize)
        for section in sections {
            offsets.append(offset)
            offset = align16(offset + section.size)
        }
        let payloadSize = offsets.last.map { $0 + sections.last!.size } ?? tableSize
        var file = Data(capacity: headerSize + payloadSize)
        file.append(Data(count: headerSize + tableSize))
        var checksums = [UInt64]()
        for (s, section) in sections.enumerated() {
            file.append(Data(count: headerSize + offsets[s] - file.count))
            let start = file.count
            section.write(&file)
            precondition(file.count - start == section.size, "section \(section.tag): \(file.count - start) bytes written, \(section.size) announced")
            // The texts' section checksum covers its index only; each text has its own.
            let checkedEnd = section.tag == "PTXC" ? start + 8 * (2 * model.postings.count + 2) : file.count
            checksums.append(payloadChecksum(file[start ..< checkedEnd]))
        }
        precondition(file.count == headerSize + payloadSize)
        var table = Data(capacity: tableSize)
        for (s, section) in sections.enumerated() {
            table.append(contentsOf: Array(section.tag.utf8))
            table.appendLittleEndian(UInt32(0))
            table.appendLittleEndian(UInt64(offsets[s]))
            table.appendLittleEndian(UInt64(section.size))
            table.appendLittleEndian(checksums[s])
        }
        file.replaceSubrange(headerSize ..< (headerSize + tableSize), with: table)
        var header = Data(magic)
        header.appendLittleEndian(formatVersion)
        header.appendLittleEndian(UInt32(sections.count))
        header.appendLittleEndian(UInt64(payloadSize))
        header.appendLittleEndian(payloadChecksum(table))
        header.append(Data(count: headerSize - header.count))
        file.replaceSubrange(0 ..< headerSize, with: header)
        return file
    }

    /// Writes bytes to `path` atomically (see `AtomicFile`), making its folder if needed; errors are
    /// `ModelFileError.writeFailed` with the reason. Kept for the callers that write other files this way.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        do { try AtomicFile.write(data, to: path, createFolders: true) } catch let error as FileWriteError {
            throw ModelFileError.writeFailed(path: path, why: error.reason)
        }
    }

    // MARK: Reading

    public static func read(from path: String) throws -> LSAModel {
        try readWithIdentity(from: path).model
    }

    /// Reads a model and says which file it read (`ModelIdentity`: its content, for its change log, and
    /// its inode, to notice the file at the path being replaced).
    public static func readWithIdentity(from path: String) throws -> (model: LSAModel, identity: ModelIdentity) {
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
        /// Bytes `range` of the file, read (never mapped: see `FileRegion`); a short read is a truncated file.
        func bytes(_ range: Range<Int>) throws -> Data {
            var out = Data(count: range.count)
            let got = out.withUnsafeMutableBytes { raw -> Int in
                var done = 0
                while done < range.count {
                    let n = pread(descriptor, raw.baseAddress! + done, range.count - done, off_t(range.lowerBound + done))
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { return n < 0 ? -Int(errno) : done }
                    done += n
                }
                return done
            }
            if got < 0 { throw ModelFileError.unreadable(path: path, why: systemErrorText(Int32(-got))) }
            guard got == range.count else { throw ModelFileError.truncated(path: path, expected: range.upperBound, actual: range.lowerBound + got) }
            return out
        }
        // Format 3 with posting texts: everything is read but the texts' blob, which stays in the file and
        // is read text by text (`FileRegion`). Anything else is read whole and decoded as it is.
        var includesLog: LogPosition? = nil
        func identity(_ data: Data) -> ModelIdentity {
            ModelIdentity(payloadLength: data.readLittleEndian(UInt64.self, at: 16) ?? 0, checksum: data.readLittleEndian(UInt64.self, at: 24) ?? 0,
                          device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: UInt64(info.st_size),
                          modified: FileStamp(info).modified, includesLog: includesLog)
        }
        if let texts = try textsBlob(size: size, bytes: bytes) {
            let data = try bytes(0 ..< texts.lowerBound) + bytes(texts.upperBound ..< size)
            kept = true
            let region = FileRegion(descriptor: descriptor, offset: texts.lowerBound, length: texts.count)
            let model = try decode(data, path: path, textsBlob: (texts.lowerBound, region), includesLog: &includesLog)
            return (model, identity(data))
        }
        let data = try bytes(0 ..< size)
        let model = try decode(data, path: path, textsBlob: nil, includesLog: &includesLog)
        return (model, identity(data))
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
    public static func decode(_ data: Data, path: String) throws -> LSAModel {
        var includesLog: LogPosition? = nil
        return try decode(data, path: path, textsBlob: nil, includesLog: &includesLog)
    }

    /// Decodes a model; with `textsBlob`, `data` is the file without the posting texts' blob, which lies
    /// at that file offset and is read from the region when a text is asked for.
    /// - Parameter includesLog: set to the change log records the file says it holds (`LogPosition`).
    static func decode(_ data: Data, path: String, textsBlob: (offset: Int, region: FileRegion)?, includesLog: inout LogPosition?) throws -> LSAModel {
        let fileSize = data.count + (textsBlob?.region.length ?? 0)
        guard data.count >= magic.count, Array(data.prefix(magic.count)) == magic else { throw ModelFileError.notAModel(path: path) }
        guard data.count >= headerSize else { throw ModelFileError.truncated(path: path, expected: headerSize, actual: data.count) }
        let version = data.readLittleEndian(UInt32.self, at: 8)!
        guard (1...formatVersion).contains(version) else { throw ModelFileError.unsupportedVersion(path: path, found: version, supported: formatVersion) }
        let sectionCount = Int(data.readLittleEndian(UInt32.self, at: 12)!)
        let payloadLength = data.readLittleEndian(UInt64.self, at: 16)!
        let expectedChecksum = data.readLittleEndian(UInt64.self, at: 24)!
        guard payloadLength < UInt64(Int.max / 2), headerSize + Int(payloadLength) == fileSize else {
            throw ModelFileError.truncated(path: path, expected: headerSize + Int(min(payloadLength, UInt64(Int.max / 4))), actual: fileSize)
        }
        let payload = data[(data.startIndex + headerSize)..<(data.startIndex + data.count)]
        /// Payload bytes `offset ..< offset + length` (file coordinates less the header) in `data`, around
        /// the texts' blob when it was left in the file: a section reaching into the blob gets its part
        /// before the blob (only PTXC ends with it); nil for a section crossing it otherwise.
        let hole = textsBlob.map { ($0.offset - headerSize) ..< ($0.offset - headerSize + $0.region.length) }
        func slice(_ offset: Int, _ length: Int) -> Data? {
            guard let hole else { return payload[(payload.startIndex + offset)..<(payload.startIndex + offset + length)] }
            if offset + length <= hole.lowerBound { return payload[(payload.startIndex + offset)..<(payload.startIndex + offset + length)] }
            if offset >= hole.upperBound {
                return payload[(payload.startIndex + offset - hole.count)..<(payload.startIndex + offset - hole.count + length)]
            }
            guard offset + length == hole.upperBound, offset <= hole.lowerBound else { return nil }
            return payload[(payload.startIndex + offset)..<(payload.startIndex + hole.lowerBound)]
        }
        let payloadSize = fileSize - headerSize
        let entry = tableEntrySize(version: version)
        if version < 3 {
            let sum = version == 1 ? checksum(payload) : payloadChecksum(payload)
            guard sum == expectedChecksum else { throw ModelFileError.checksumMismatch(path: path) }
        }
        guard sectionCount > 0, sectionCount <= 64, sectionCount * entry <= payload.count, sectionCount * entry <= (hole?.lowerBound ?? Int.max) else {
            throw ModelFileError.malformed(path: path, what: "section table")
        }
        if version >= 3 {
            guard payloadChecksum(payload.prefix(sectionCount * entry)) == expectedChecksum else { throw ModelFileError.checksumMismatch(path: path) }
        }
        var sections = [String: (data: Data, checksum: UInt64?)]()
        for s in 0..<sectionCount {
            let base = s * entry
            let tag = String(decoding: payload[(payload.startIndex + base)..<(payload.startIndex + base + 4)], as: UTF8.self)
            let offset = payload.readLittleEndian(UInt64.self, at: base + 8)!
            let length = payload.readLittleEndian(UInt64.self, at: base + 16)!
            guard offset <= UInt64(payloadSize), length <= UInt64(payloadSize) - offset, let bytes = slice(Int(offset), Int(length)) else {
                throw ModelFileError.malformed(path: path, what: "section \(tag) out of bounds")
            }
            sections[tag] = (bytes, version >= 3 ? payload.readLittleEndian(UInt64.self, at: base + 24)! : nil)
        }
        /// A section's bytes, checked against its checksum (version 3) as it is read.
        func section(_ tag: String) throws -> Data {
            guard let (d, sum) = sections[tag] else { throw ModelFileError.malformed(path: path, what: "missing section \(tag)") }
            if let sum, payloadChecksum(d) != sum { throw ModelFileError.checksumMismatch(path: path) }
            return d
        }
        func table(_ tag: String) throws -> StringTable {
            guard let t = StringTable(encoded: try section(tag)) else { throw ModelFileError.malformed(path: path, what: "section \(tag)") }
            return t
        }
        let meta: Meta
        do { meta = try JSONDecoder().decode(Meta.self, from: try section("META")) } catch let e as ModelFileError { throw e } catch {
            throw ModelFileError.malformed(path: path, what: "metadata: \(error)")
        }
        guard meta.format == LSAModel.formatName else { throw ModelFileError.malformed(path: path, what: "format \(meta.format)") }
        includesLog = meta.includesLog
        let m = meta.vocabularySize, k = meta.dimensions, n = meta.postingCount
        // Sizes come from the file: check them before multiplying, or a crafted header traps on overflow
        // (found with scripts/fuzz.sh's checksum-repairing target).
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
        let idf = try floats(try section("IDF_"), count: m, tag: "IDF_", path: path)
        let df = try int32s(try section("DF__"), count: m, tag: "DF__", path: path)
        let basis = try floats(try section("BASE"), count: m * k, tag: "BASE", path: path)
        let vectors = try floats(try section("PVEC"), count: k * n, tag: "PVEC", path: path)
        let ids = try table("PIDS").all
        let titles = try table("PTTL"), langs = try table("PLNG"), metadata = try table("PMET")
        var texts: StringTable? = nil
        if let (d, sum) = sections["PTXC"], version >= 3 {
            // The index (count, offsets, checksums) is checked now; each text when it is read.
            let indexSize = 8 * (2 * n + 2)
            guard d.count >= indexSize, textsBlob == nil || d.count == indexSize else { throw ModelFileError.malformed(path: path, what: "section PTXC") }
            if let sum, payloadChecksum(d.prefix(indexSize)) != sum { throw ModelFileError.checksumMismatch(path: path) }
            guard let t = StringTable(encoded: d, checked: true, blobFile: textsBlob?.region) else { throw ModelFileError.malformed(path: path, what: "section PTXC") }
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
        var termIndex: CSRMatrix? = nil
        if sections["TIDX"] != nil {
            let d = try section("TIDX")
            guard d.count >= 8 + 8 * (m + 1), let nnz64 = d.readLittleEndian(UInt64.self, at: 0),
                  nnz64 <= UInt64(d.count), d.count == 8 + 8 * (m + 1) + 8 * Int(nnz64) else {
                throw ModelFileError.malformed(path: path, what: "section TIDX has \(d.count) bytes, not a term index of \(m) terms")
            }
            let nnz = Int(nnz64)
            var pointers = [Int](repeating: 0, count: m + 1)
            for r in 0 ... m { pointers[r] = Int(truncatingIfNeeded: d.readLittleEndian(UInt64.self, at: 8 + 8 * r)!) }
            let start = d.startIndex + 8 + 8 * (m + 1)
            let postingIndices = try int32s(d[start ..< start + 4 * nnz], count: nnz, tag: "TIDX", path: path)
            let weights = try floats(d[(start + 4 * nnz) ..< (start + 8 * nnz)], count: nnz, tag: "TIDX", path: path)
            do {
                termIndex = try CSRMatrix(rows: m, cols: n, rowPointers: pointers, columnIndices: postingIndices, values: weights)
            } catch {
                throw ModelFileError.malformed(path: path, what: "section TIDX: \(error)")
            }
        }
        let vectorizer = TFIDFVectorizer(terms: terms, idf: idf, documentFrequency: df, settings: meta.settings.tfidf,
                                         documentCount: meta.documentCountAtFit)
        return LSAModel(settings: meta.settings, vectorizer: vectorizer,
                        basis: DenseMatrix(rows: m, cols: k, values: basis),
                        singularValues: meta.singularValues, explainedVarianceRatio: meta.explainedVarianceRatio,
                        postingVectors: DenseMatrix(rows: k, cols: n, values: vectors),
                        postings: PostingStore(ids: ids, titles: titles, langs: langs, metadataJSON: metadata, texts: texts, textSource: path),
                        foldIn: meta.foldIn, resources: resources, termIndex: termIndex)
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

    /// Appends floats as little-endian binary32 (their memory as is on a little-endian machine).
    static func appendFloats(_ values: [Float], to out: inout Data) {
        #if _endian(little)
        values.withUnsafeBytes { out.append(contentsOf: $0) }
        #else
        out.append(floatData(values))
        #endif
    }

    static func appendInt32s(_ values: [Int32], to out: inout Data) {
        #if _endian(little)
        values.withUnsafeBytes { out.append(contentsOf: $0) }
        #else
        out.append(int32Data(values))
        #endif
    }

    static func floatData(_ values: [Float]) -> Data {
        var out = Data(count: values.count * 4)
        out.withUnsafeMutableBytes { raw in
            for (i, v) in values.enumerated() { raw.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: i * 4, as: UInt32.self) }
        }
        return out
    }

    static func int32Data(_ values: [Int32]) -> Data {
        var out = Data(count: values.count * 4)
        out.withUnsafeMutableBytes { raw in
            for (i, v) in values.enumerated() { raw.storeBytes(of: v.littleEndian, toByteOffset: i * 4, as: Int32.self) }
        }
        return out
    }

    static func floats(_ data: Data, count: Int, tag: String, path: String) throws -> [Float] {
        guard data.count == count * 4 else { throw ModelFileError.malformed(path: path, what: "section \(tag) has \(data.count) bytes, expected \(count * 4)") }
        // One copy into uninitialized storage, then a branch-free scan: a float is finite unless its
        // exponent bits are all ones, i.e. (bits & 0x7fffffff) ≥ 0x7f800000.
        var out = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            data.withUnsafeBytes { src in UnsafeMutableRawBufferPointer(buffer).copyMemory(from: src) }
            initialized = count
        }
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

    static func int32s(_ data: Data, count: Int, tag: String, path: String) throws -> [Int32] {
        guard data.count == count * 4 else { throw ModelFileError.malformed(path: path, what: "section \(tag) has \(data.count) bytes, expected \(count * 4)") }
        var out = [Int32](repeating: 0, count: count)
        out.withUnsafeMutableBytes { dst in data.withUnsafeBytes { src in dst.copyMemory(from: src) } }
        return out.map { Int32(littleEndian: $0) }
    }
}
