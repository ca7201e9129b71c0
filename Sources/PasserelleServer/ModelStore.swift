import Foundation
import Synchronization
import Passerelle
import PasserelleApp
import DocumentReaders
import PasserelleCore

/// One state of the served model, never changed once made: a request takes the current snapshot once and
/// works on it to the end, so it never sees a model half-way through an add or a remove. Its model is
/// prepared for repeated queries (`LSAModel.prepareForRepeatedQueries`: the 16-bit scan of the postings,
/// made once per base and carried over by adds).
public struct ModelSnapshot: Sendable {
    /// The model as the application library hands it to every front end (never holding a lock here).
    public let loaded: ModelProvider.Loaded
    /// Rank, similar and reports on this model (its posting profiles cached for every request on it).
    public let service: MatchService
    /// 1 for the model loaded at start, then one more for each change the server made or saw on disk.
    public let generation: Int

    /// The model as a snapshot holds it: without the writers' lock (snapshots outlive writes), prepared
    /// for repeated queries (a no-op when the base's copy is already there).
    private static func served(_ loaded: ModelProvider.Loaded) -> ModelProvider.Loaded {
        var loaded = loaded
        loaded.lock = nil
        loaded.model.prepareForRepeatedQueries()
        return loaded
    }

    init(loaded: ModelProvider.Loaded, generation: Int) {
        let loaded = Self.served(loaded)
        self.loaded = loaded
        service = MatchService(loaded: loaded)
        self.generation = generation
    }

    /// The model `previous` served, changed: after adds alone, the posting profiles its service cached
    /// carry over (`MatchService.init(loaded:following:)`).
    init(loaded: ModelProvider.Loaded, generation: Int, following previous: ModelSnapshot) {
        let loaded = Self.served(loaded)
        self.loaded = loaded
        service = MatchService(loaded: loaded, following: previous.service)
        self.generation = generation
    }

    /// The same postings in a new file (a compaction): the service, and the posting profiles it has
    /// cached, carry over.
    init(recorded loaded: ModelProvider.Loaded, serving previous: ModelSnapshot) {
        let loaded = Self.served(loaded)
        self.loaded = loaded
        service = previous.service
        generation = previous.generation
    }

    public var model: LSAModel { loaded.model }
    public var path: String { loaded.path }
}

/// The served model: readers take the current immutable snapshot (a lock held for the time of a copy of
/// a reference); writers (add, remove) take turns on one serial queue, and across processes on the model
/// file's `WriterLock` (the one `passerelle add` and `remove` take). A writer appends its change to the
/// model's change log (`ModelEditing`, one fsynced record), and only then swaps the new snapshot in: a
/// change that fails (a duplicate id, a full disk) leaves both the files and the served model as they
/// were, and no change is lost to another writer.
///
/// Changes made by other processes are picked up by polling (every `pollInterval`, on the writers' queue):
/// records appended to the log are applied to the served model; a model file replaced (an `index --out`,
/// a compaction, a `cp` over it) is read again whole, and swapped in once read. The model file is never
/// memory-mapped (`ModelFile`), so a file overwritten under the server cannot crash it; until the new
/// model is read, explanations quoting a text of the overwritten file fail its checksum (an error, never
/// a wrong text).
///
/// Past `LiveModel.compactionThreshold`, the log is compacted into the model file after an edit, in the
/// background, without blocking writers: the snapshot is written to a temporary file on a queue of its
/// own, without the writers' lock (`LiveModel.prepareCompaction`, the long part: seconds at 10⁵ postings),
/// while edits go on appending to the log; then, on the writers' queue and under the lock, the file is
/// renamed over the model and the records appended meanwhile are carried over to a new log
/// (`LiveModel.installCompaction`: two renames and a copy of those records). Killed at any moment, the
/// disk holds the old state or the new one (`LogPosition`).
public final class ModelStore: Sendable {
    private let state: Mutex<ModelSnapshot>
    private let writers = DispatchQueue(label: "passerelle.serve.model-writer")
    /// Where the compacted model is written (off the writers' queue); one compaction at a time.
    private let compactor = DispatchQueue(label: "passerelle.serve.compactor", qos: .utility)
    private let compacting = Mutex(false)
    private let compaction: CompactionSettings
    /// Gives freed memory back to the system after writes (at most once a second).
    private let heapTrimming = HeapTrimming()

    /// When the server compacts, and what tests watch of it.
    public struct CompactionSettings: Sendable {
        /// Log bytes past which an edit starts a compaction; nil: `LiveModel.compactionThreshold`.
        public var threshold: Int? = nil
        /// Called on the compaction's queue once the new file is written, before it is installed (a test
        /// holds it there to edit meanwhile).
        public var prepared: @Sendable () -> Void = {}
        /// Called when a compaction ends, with whether the new model file was put in place.
        public var ended: @Sendable (Bool) -> Void = { _ in }
        public init(threshold: Int? = nil, prepared: @escaping @Sendable () -> Void = {}, ended: @escaping @Sendable (Bool) -> Void = { _ in }) {
            self.threshold = threshold; self.prepared = prepared; self.ended = ended
        }
    }
    /// Why add and remove are refused (the default model, rebuilt from Data/postings), or nil.
    public let readOnlyReason: String?
    private let lockWaitSeconds: Double
    private let notice: Notice
    /// The poll (set once in `init`, cancelled in `deinit`).
    private nonisolated(unsafe) let timer: DispatchSourceTimer?
    /// How often the model file and its log are looked at for other processes' changes.
    public static let pollInterval = 0.2

    /// Loads the model as the CLI does (`--model`, else the project's model, else the default one).
    /// - Parameter compaction: when to compact (default: `LiveModel.compactionThreshold`), and test hooks.
    public init(modelPath: String?, lockWaitSeconds: Double = 5, watch: Bool = true, notice: @escaping Notice = { _ in },
                compaction: CompactionSettings = CompactionSettings()) throws {
        let loaded = try ModelProvider.load(path: modelPath, notice: notice)
        var reason: String? = nil
        if modelPath == nil, let home = try? ProjectHome.locate(),
           URL(fileURLWithPath: loaded.path).standardizedFileURL == home.defaultModel.standardizedFileURL {
            reason = "the server serves the default model (\(loaded.path)), rebuilt from \(home.postings.path) whenever a file there changes, so postings added to it or removed from it would be lost: build a model of your own with `passerelle index \(home.postings.path)` (written to \(home.indexedModel.path), which `serve` then uses), or start the server with --model FILE"
        }
        readOnlyReason = reason
        self.lockWaitSeconds = lockWaitSeconds
        self.notice = notice
        self.compaction = compaction
        state = Mutex(ModelSnapshot(loaded: loaded, generation: 1))
        timer = watch && loaded.identity != nil ? DispatchSource.makeTimerSource(queue: writers) : nil
        if let timer {
            timer.schedule(deadline: .now() + Self.pollInterval, repeating: Self.pollInterval)
            timer.setEventHandler { [weak self] in self?.refreshQuietly() }
            timer.resume()
        }
    }

    deinit { timer?.cancel() }

    /// The model as it is now; it does not change under the caller.
    public var snapshot: ModelSnapshot { state.withLock { $0 } }

    /// Changes made on disk by other processes, taken in now (on the writers' queue); returns the
    /// snapshot served after it. For tests and for callers that need to see a change at once.
    @discardableResult
    public func refresh() async throws -> ModelSnapshot {
        try await withCheckedThrowingContinuation { continuation in
            writers.async {
                WorkerPriority.set(WorkerPriority.write)
                continuation.resume(with: Result { try self.refreshNow() })
            }
        }
    }

    private func refreshQuietly() {
        do { try refreshNow() } catch {
            // The served model stays; the next poll tries again (a file half-way through being copied).
            notice("warning: could not read the changed model: \(error)")
        }
    }

    /// Takes in another process's change, if any (runs on the writers' queue).
    @discardableResult
    private func refreshNow() throws -> ModelSnapshot {
        let current = snapshot
        guard let found = try changedOnDisk(current.loaded) else { return current }
        let (next, changed) = found
        let snapshot = changed ? ModelSnapshot(loaded: next, generation: current.generation + 1, following: current)
            : ModelSnapshot(recorded: next, serving: current)
        state.withLock { $0 = snapshot }
        return snapshot
    }

    /// The model as the disk now has it when it differs from `loaded`, else nil; `changed` is false when
    /// only the files changed, not the postings (another process compacted what the server holds).
    private func changedOnDisk(_ loaded: ModelProvider.Loaded) throws -> (loaded: ModelProvider.Loaded, changed: Bool)? {
        guard let identity = loaded.identity, let log = loaded.log else { return nil }
        if FileStamp.of(loaded.path) != identity.stamp {
            // A compaction by another process of what the server holds: followed without reading the
            // model again (which would hold the writers' queue for the time of a whole read).
            if let followed = try LiveModel.followCompaction(loaded) { return followed }
            return (try ModelProvider.load(path: loaded.path, notice: notice), true)
        }
        guard FileStamp.of(log.path) != log.stamp else { return nil }
        if let updated = try LiveModel.update(loaded) { return (updated, true) }
        return (try ModelProvider.load(path: loaded.path, notice: notice), true)
    }

    /// Changes the model: `change` gets a copy of the current model (brought up to date with the disk
    /// first, not to lose another process's change) and records its change with `ModelEditing`; when it
    /// returns, the changed model becomes the served one. Writers run one at a time, off the concurrency
    /// pool, under the model file's writers' lock.
    ///
    /// `deadline`: when the writers' queue reaches this edit after it, the change is not made and the edit
    /// throws 503 — so that a request answered "over the time limit" changed nothing, and a backlog of
    /// expired edits drains at once instead of holding the queue (and the server's shutdown) for each.
    public func edit<R: Sendable>(before deadline: ContinuousClock.Instant? = nil,
                                  _ change: @escaping @Sendable (inout ModelProvider.Loaded) throws -> R) async throws -> (result: R, snapshot: ModelSnapshot) {
        if let readOnlyReason { throw APIError.conflict(readOnlyReason) }
        return try await withCheckedThrowingContinuation { continuation in
            writers.async {
                WorkerPriority.set(WorkerPriority.write)   // a thread of Dispatch's pool a rank may have lowered
                if let deadline, ContinuousClock.now >= deadline {
                    continuation.resume(throwing: APIError(.serviceUnavailable, "the server was too busy to make the change within its time limit; nothing was changed: try again",
                                                           fr: "le serveur était trop occupé pour faire la modification dans le temps imparti ; rien n'a été modifié : réessayez"))
                    return
                }
                continuation.resume(with: Result { try self.editNow(change) })
                self.compactIfLarge()
                self.heapTrimming.request()
            }
        }
    }

    private func editNow<R>(_ change: (inout ModelProvider.Loaded) throws -> R) throws -> (result: R, snapshot: ModelSnapshot) {
        var current = snapshot
        let lock = try takeWriterLock(current.path)
        defer { lock.release() }
        current = try refreshNow()
        var loaded = current.loaded
        let result = try change(&loaded)
        let next = ModelSnapshot(loaded: loaded, generation: current.generation + 1, following: current)
        state.withLock { $0 = next }
        return (result, next)
    }

    /// Starts a compaction of the log into the model file once it has passed its threshold (after an edit
    /// was answered; none when one is already running).
    private func compactIfLarge() {
        let current = snapshot
        let due = compaction.threshold.map { t in current.loaded.log.map { $0.records > 0 && $0.recordBytes > t } ?? false }
            ?? LiveModel.shouldCompact(current.loaded)
        guard due, compacting.withLock({ busy in
            defer { busy = true }
            return !busy
        }) else { return }
        compactor.async {
            var installed = false
            defer {
                self.compacting.withLock { $0 = false }
                self.compaction.ended(installed)
            }
            do {
                // The long part, without the lock: edits go on meanwhile.
                guard var prepared = try LiveModel.prepareCompaction(current.loaded) else { return }
                // Its 16-bit copy too (O(k·n)), so that the install does not make it on the writers' queue.
                prepared.model.prepareForRepeatedQueries()
                self.compaction.prepared()
                installed = try self.writers.sync { try self.install(prepared) }
                self.heapTrimming.request()
            } catch {
                self.notice("warning: could not compact the change log of \(current.path): \(error)")
            }
        }
    }

    /// Puts a prepared compaction in place (on the writers' queue, under the lock): the served snapshot
    /// then names the new files; same postings and answers, so its service and generation carry over.
    private func install(_ prepared: LiveModel.PreparedCompaction) throws -> Bool {
        let lock: WriterLock
        do { lock = try takeWriterLock(snapshot.path) } catch {
            prepared.file.abandon()
            throw error
        }
        defer { lock.release() }
        let current: ModelSnapshot
        do { current = try refreshNow() } catch {
            prepared.file.abandon()
            throw error
        }
        var loaded = current.loaded
        guard try LiveModel.installCompaction(prepared, into: &loaded) else { return false }
        let next = ModelSnapshot(recorded: loaded, serving: current)
        state.withLock { $0 = next }
        return true
    }

    /// The model file's writers' lock; while another process holds it, tries again for `lockWaitSeconds`,
    /// then answers 409.
    private func takeWriterLock(_ path: String) throws -> WriterLock {
        let deadline = Date().addingTimeInterval(lockWaitSeconds)
        while true {
            do {
                return try WriterLock(for: path, wait: false)
            } catch let error as FileWriteError where error.lockHeld {
                if Date() >= deadline {
                    throw APIError.conflict("another passerelle is changing \(path) (it holds the model's writers' lock); try again when it is done")
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
    }
}
