import Foundation
import Passerelle
import PasserelleCore

/// A model file's change log as a loaded model last saw it (`ChangeLog`): what `info` reports and what a
/// server compares with the disk to notice another process's change.
public struct ChangeLogState: Sendable, Equatable {
    public var path: String
    /// Bytes of the log's header and whole records applied (0 when there is no log).
    public var bytes: Int
    public var records: Int
    public var added: Int
    public var removed: Int
    /// Bytes after the last whole record (a change being written, or a torn one), not applied.
    public var tornBytes: Int
    /// A log left for another version of the model (ignored).
    public var stale: Bool
    /// The log file as read (nil when there was none).
    public var stamp: FileStamp?
    /// Where the applied records begin: after the header, or, in a log `carried` over a compaction, where
    /// the records the compacted model does not hold yet begin (`LogPosition`).
    public var start: Int = ChangeLog.headerSize
    /// The log names the model this one was compacted from (a compaction killed before it rewrote the log).
    public var carried: Bool = false
    /// The model the log's header names, with `offset` = `start` (nil when there is no log, or a stale one).
    public var base: LogPosition? = nil

    static func none(_ path: String) -> ChangeLogState {
        ChangeLogState(path: path, bytes: 0, records: 0, added: 0, removed: 0, tornBytes: 0, stale: false, stamp: nil)
    }

    /// Bytes of records applied (the log's size that counts towards a compaction).
    public var recordBytes: Int { max(0, bytes - start) }

    /// Takes the header fields of a log as read.
    mutating func take(_ contents: ChangeLog.Contents) {
        start = contents.start
        carried = contents.carried
        base = contents.base.map { LogPosition(basePayloadLength: $0.payloadLength, baseChecksum: $0.checksum, offset: contents.start) }
    }

    mutating func count(_ records: [[PostingChange]]) {
        self.records += records.count
        for r in records {
            for c in r {
                if case .add = c { added += 1 } else { removed += 1 }
            }
        }
    }
}

/// Reading a model with its change log, appending to the log, compacting: the live half of a model file,
/// for every front end (`add`, `remove`, `compact`, `info`, the server).
public enum LiveModel {
    /// The model at `path` with its change log applied, as one consistent state: when the model file is
    /// replaced while its log is read (a compaction), both are read again.
    /// - Parameters:
    ///   - termIndex: how the model's term index is read (`ModelFile.TermIndexReading`); a log that removes
    ///     postings makes it whole (`LSAModel.apply`).
    ///   - notice: warnings (a log left for another version of the model).
    public static func read(path: String, termIndex: ModelFile.TermIndexReading = .whole, notice: Notice = { _ in })
        throws -> (model: LSAModel, identity: ModelIdentity, log: ChangeLogState) {
        let logPath = ChangeLog.path(forModel: path)
        var attempt = 0
        while true {
            attempt += 1
            var (model, identity) = try ModelFile.readWithIdentity(from: path, termIndex: termIndex)
            let logStamp = FileStamp.of(logPath)
            let contents = try ChangeLog.read(path: logPath, base: identity, dimensions: model.dimensions)
            // The model at the path must still be the one read, or the log may belong to its successor.
            if attempt < 20, FileStamp.of(path) != identity.stamp { continue }
            var log = ChangeLogState.none(logPath)
            if let contents {
                log.stamp = logStamp
                log.tornBytes = contents.tornBytes
                log.stale = contents.stale
                if contents.stale {
                    notice("warning: \(logPath) was written for another version of \(path) and is ignored (the next add or remove replaces it)")
                } else {
                    log.take(contents)
                    log.bytes = contents.validLength
                    log.count(contents.records)
                    try applyLogged(contents.records, to: &model, logPath: logPath)
                }
            }
            return (model, identity, log)
        }
    }

    /// Applies records read from the log; a change that does not fit the model (a duplicate or unknown
    /// id: the log and model disagree) is an error naming the log.
    static func applyLogged(_ records: [[PostingChange]], to model: inout LSAModel, logPath: String) throws {
        do { try model.apply(records.flatMap { $0 }) } catch let error as EngineError {
            throw ModelFileError.malformed(path: logPath, what: "change log: \(error) (it does not match the model)")
        }
    }

    /// Reads the records added to the log since `loaded` read it and applies them; nil when the log was
    /// replaced or cut (a compaction, a torn record cut off): the caller then reads the model again.
    public static func update(_ loaded: ModelProvider.Loaded) throws -> ModelProvider.Loaded? {
        guard let identity = loaded.identity, var log = loaded.log else { return nil }
        let stamp = FileStamp.of(log.path)
        guard let stamp, log.stamp == nil || log.stamp!.inode == stamp.inode, Int(stamp.size) >= log.bytes else { return nil }
        guard let contents = try ChangeLog.read(path: log.path, base: identity, dimensions: loaded.model.dimensions,
                                                from: log.bytes == 0 ? nil : log.bytes), !contents.stale else { return nil }
        var next = loaded
        try applyLogged(contents.records, to: &next.model, logPath: log.path)
        log.take(contents)
        log.stamp = stamp
        log.bytes = contents.validLength
        log.tornBytes = contents.tornBytes
        log.count(contents.records)
        next.log = log
        return next
    }

    /// Follows a compaction another process made of the state `loaded` holds: when the model file now at
    /// the path was written from `loaded`'s log base and records up to a byte `loaded` has applied (its
    /// `includesLog`), its postings are those `loaded` holds, so the new file's identity and log are taken
    /// and only the records `loaded` has not applied yet are applied — the model is not read again. nil
    /// when the file is anything else (replaced by `index`, compacted past what `loaded` read): the caller
    /// reads it whole. The second result says whether records were applied (the postings changed).
    /// - Complexity: O(the new file's header and META + the log), not O(model).
    public static func followCompaction(_ loaded: ModelProvider.Loaded) throws -> (loaded: ModelProvider.Loaded, changed: Bool)? {
        guard let log = loaded.log, let base = log.base, let identity = ModelFile.identity(at: loaded.path),
              let position = identity.includesLog, position.basePayloadLength == base.basePayloadLength,
              position.baseChecksum == base.baseChecksum, position.offset >= log.start, position.offset <= log.bytes else { return nil }
        let stamp = FileStamp.of(log.path)
        var next = loaded
        var state = ChangeLogState.none(log.path)
        var fresh = [[PostingChange]]()
        if let contents = try ChangeLog.read(path: log.path, base: identity, dimensions: loaded.model.dimensions), !contents.stale {
            // The records `loaded` has applied end at `log.bytes` in the old log: there still (carried), or
            // as many bytes after the new header (rebased: the same record bytes).
            let applied = contents.carried ? log.bytes : ChangeLog.headerSize + (log.bytes - position.offset)
            guard applied == contents.start || contents.recordEnds.contains(applied) else { return nil }
            fresh = zip(contents.records, contents.recordEnds).filter { $0.1 > applied }.map { $0.0 }
            state.take(contents)
            state.bytes = contents.validLength
            state.tornBytes = contents.tornBytes
            state.count(contents.records)
            state.stamp = stamp
        } else if log.bytes != position.offset {
            return nil
        }
        // Both files must still be those read (another compaction would start again from the disk).
        guard FileStamp.of(loaded.path) == identity.stamp, FileStamp.of(log.path) == stamp else { return nil }
        try applyLogged(fresh, to: &next.model, logPath: log.path)
        next.identity = identity
        next.log = state
        return (next, !fresh.isEmpty)
    }

    /// Appends `changes` to the model's log (durably) and applies them to `loaded`. The caller holds the
    /// model's writers' lock and has read the model and log under it.
    public static func commit(_ changes: [PostingChange], to loaded: inout ModelProvider.Loaded, notice: Notice = { _ in }) throws {
        guard let identity = loaded.identity, var log = loaded.log else {
            throw UserError("\(loaded.path): this model cannot take changes (it was not read from a model file)")
        }
        var model = loaded.model
        try model.apply(changes)
        // The log as last read or written, when it is a clean one of this model: appended without reading it again.
        let knownEnd = log.bytes > 0 && !log.stale && !log.carried && log.tornBytes == 0 ? log.stamp.map { (length: log.bytes, stamp: $0) } : nil
        let length = try ChangeLog.append(changes, path: log.path, base: identity, dimensions: model.dimensions, knownEnd: knownEnd) { notice("warning: \($0)") }
        if log.bytes == 0 || log.stale {
            // A new log, begun on this model.
            log = .none(log.path)
            log.base = LogPosition(basePayloadLength: identity.payloadLength, baseChecksum: identity.checksum, offset: ChangeLog.headerSize)
        }
        log.bytes = length
        log.tornBytes = 0
        log.stamp = FileStamp.of(log.path)
        log.count([changes])
        loaded.model = model
        loaded.log = log
    }

    /// Log size past which `add` and the server compact: a quarter of the model file, at least 8 MiB.
    public static func compactionThreshold(modelBytes: UInt64) -> Int { max(8 << 20, Int(modelBytes / 4)) }

    /// Whether the log has grown past `compactionThreshold`.
    public static func shouldCompact(_ loaded: ModelProvider.Loaded) -> Bool {
        guard let log = loaded.log, log.records > 0, let identity = loaded.identity else { return false }
        return log.recordBytes > compactionThreshold(modelBytes: identity.size)
    }

    /// A compaction written to a temporary file beside the model, not yet in its place (`prepareCompaction`).
    public struct PreparedCompaction: Sendable {
        /// The new model file (model + log records up to `position`).
        public let file: ModelFile.Pending
        /// The model file it was made from: the install is given up when another replaced it meanwhile.
        public let from: ModelIdentity
        /// The log records it holds: those of the log of model `position.base…` up to byte `position.offset`.
        public let position: LogPosition
        /// The model written, in one segment (its delta merged: `LSAModel.mergeDelta`): what the install
        /// serves from then on, so a long-running server does not search a growing delta. Variable so
        /// that a server prepares it for repeated queries before taking the lock to install it.
        public var model: LSAModel
    }

    /// Writes `loaded` (a model and its log as applied) as a new model file beside it, to a temporary file
    /// made durable, recording in it which log records it holds (`LogPosition`): the long half of a
    /// compaction, which needs no lock (the snapshot does not change; other writers go on appending to the
    /// log meanwhile). nil when the log holds no record to compact.
    /// - Complexity: O(size of the model file), without the writers' lock.
    public static func prepareCompaction(_ loaded: ModelProvider.Loaded) throws -> PreparedCompaction? {
        guard let identity = loaded.identity, let log = loaded.log, log.records > 0, let base = log.base else { return nil }
        let position = LogPosition(basePayloadLength: base.basePayloadLength, baseChecksum: base.baseChecksum, offset: log.bytes)
        var model = loaded.model
        model.mergeDelta()
        // The profiles it holds are kept; the postings added since are profiled (`StoredProfiles`).
        model = try StoredProfiles.storing(model, pipeline: loaded.pipeline)
        let file = try ModelFile.Pending(model, path: loaded.path, includesLog: position)
        return PreparedCompaction(file: file, from: identity, position: position, model: model)
    }

    /// The short half of a compaction, under the writers' lock: renames the prepared file over the model,
    /// then rewrites the log for it with the records appended since the compaction read it (rebased: the
    /// same record bytes after a header naming the new model), or removes the log when there are none.
    /// `loaded` must be the state read under the lock (the model and every whole record of its log); it
    /// then names the new file and log (same postings, same answers).
    ///
    /// Killed after the model's rename and before the log's, the new model holds `position`, so the old
    /// log still applies to it from there (`ChangeLog.Contents.carried`): never lost, never twice.
    /// - Parameter rebaseLog: false leaves the old log in place (only to test a compaction killed there).
    /// - Returns: false, with the prepared file removed, when the model file or its log is no longer the
    ///   one the compaction was made from (another process compacted or replaced it).
    /// - Complexity: O(bytes of the log appended since the compaction read it) and two renames.
    @discardableResult
    public static func installCompaction(_ prepared: PreparedCompaction, into loaded: inout ModelProvider.Loaded,
                                         rebaseLog: Bool = true) throws -> Bool {
        guard let identity = loaded.identity, let log = loaded.log, identity == prepared.from, FileStamp.of(loaded.path) == identity.stamp,
              let base = log.base, base.basePayloadLength == prepared.position.basePayloadLength,
              base.baseChecksum == prepared.position.baseChecksum, log.bytes >= prepared.position.offset else {
            prepared.file.abandon()
            return false
        }
        // The records appended meanwhile, as the disk has them: they must be those `loaded` applied.
        let k = loaded.model.dimensions
        var tail = (bytes: Data(), records: [[PostingChange]]())
        if log.bytes > prepared.position.offset {
            guard let read = try ChangeLog.records(path: log.path, base: identity, dimensions: k, from: prepared.position.offset),
                  read.contents.validLength == log.bytes else {
                prepared.file.abandon()
                return false
            }
            tail = (read.bytes, read.contents.records)
        }
        let installed = try prepared.file.install()
        guard rebaseLog else { return true }
        var next = ChangeLogState.none(log.path)
        let length = try ChangeLog.rebase(tail.bytes, onto: installed, path: log.path, dimensions: k)
        if length > 0 {
            next.bytes = length
            next.count(tail.records)
            next.stamp = FileStamp.of(log.path)
            next.base = LogPosition(basePayloadLength: installed.payloadLength, baseChecksum: installed.checksum, offset: ChangeLog.headerSize)
        }
        // The same postings in one segment: the compacted model with the records appended meanwhile.
        var merged = prepared.model
        try applyLogged(tail.records, to: &merged, logPath: log.path)
        loaded.model = merged
        loaded.identity = installed
        loaded.log = next
        return true
    }

    /// A compaction that holds the writers' lock only to install: `read` was read without the lock; the
    /// new file is written, then `lock` takes the lock, the log records appended meanwhile are read
    /// (`update`) and `installCompaction` puts the file in place. nil, with nothing changed, when there is
    /// nothing to compact or the model file or its log was replaced meanwhile (the caller then compacts
    /// under the lock with `compact`).
    /// - Complexity: O(size of the model file) without the lock; O(log appended meanwhile) under it.
    public static func compact(unlocked read: ModelProvider.Loaded, lock: () throws -> WriterLock) throws -> ModelProvider.Loaded? {
        guard let identity = read.identity, let prepared = try prepareCompaction(read) else { return nil }
        let held = try lock()
        defer { held.release() }
        guard FileStamp.of(read.path) == identity.stamp, var loaded = try update(read) else {
            prepared.file.abandon()
            return nil
        }
        return try installCompaction(prepared, into: &loaded) ? loaded : nil
    }

    /// Writes the model with its log applied as a new model file and puts it in place (`prepareCompaction`
    /// then `installCompaction`), or removes a log that holds nothing to apply (stale, torn, or carried
    /// over a compaction with no record after it). The caller holds the writers' lock.
    public static func compact(_ loaded: inout ModelProvider.Loaded) throws {
        guard let log = loaded.log else { return }
        if let prepared = try prepareCompaction(loaded) {
            guard try installCompaction(prepared, into: &loaded) else {
                throw UserError("\(loaded.path) changed while it was compacted (another process replaced it); try again")
            }
        } else if log.stale || log.tornBytes > 0 || log.carried {
            ChangeLog.remove(path: log.path)
            loaded.log = .none(log.path)
        }
    }
}
