import Foundation
import Passerelle

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

    static func none(_ path: String) -> ChangeLogState {
        ChangeLogState(path: path, bytes: 0, records: 0, added: 0, removed: 0, tornBytes: 0, stale: false, stamp: nil)
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
    /// - Parameter notice: warnings (a log left for another version of the model).
    public static func read(path: String, notice: Notice = { _ in }) throws -> (model: LSAModel, identity: ModelIdentity, log: ChangeLogState) {
        let logPath = ChangeLog.path(forModel: path)
        var attempt = 0
        while true {
            attempt += 1
            var (model, identity) = try ModelFile.readWithIdentity(from: path)
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
        log.stamp = stamp
        log.bytes = contents.validLength
        log.tornBytes = contents.tornBytes
        log.count(contents.records)
        next.log = log
        return next
    }

    /// Appends `changes` to the model's log (durably) and applies them to `loaded`. The caller holds the
    /// model's writers' lock and has read the model and log under it.
    public static func commit(_ changes: [PostingChange], to loaded: inout ModelProvider.Loaded, notice: Notice = { _ in }) throws {
        guard let identity = loaded.identity, var log = loaded.log else {
            throw UserError("\(loaded.path): this model cannot take changes (it was not read from a model file)")
        }
        var model = loaded.model
        try model.apply(changes)
        let length = try ChangeLog.append(changes, path: log.path, base: identity, dimensions: model.dimensions) { notice("warning: \($0)") }
        if log.bytes == 0 || log.stale { log = .none(log.path) }
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
        return log.bytes > compactionThreshold(modelBytes: identity.size)
    }

    /// Writes the model with its log applied as a new model file (atomically), then removes the log. The
    /// caller holds the writers' lock. Killed between the two, the old log no longer matches the new
    /// model and is ignored: the state is the new one, never the changes twice.
    public static func compact(_ loaded: inout ModelProvider.Loaded) throws {
        guard let log = loaded.log else { return }
        guard log.records > 0 || log.stale || log.tornBytes > 0 else { return }
        var identity = loaded.identity
        if log.records > 0 { identity = try ModelFile.write(loaded.model, to: loaded.path) }
        ChangeLog.remove(path: log.path)
        loaded.identity = identity
        loaded.log = .none(log.path)
    }
}
