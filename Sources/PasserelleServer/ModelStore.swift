import Foundation
import Synchronization
import Passerelle
import PasserelleApp
import DocumentReaders

/// One state of the served model, never changed once made: a request takes the current snapshot once and
/// works on it to the end, so it never sees a model half-way through an add or a remove.
public struct ModelSnapshot: Sendable {
    /// The model as the application library hands it to every front end (never holding a lock here).
    public let loaded: ModelProvider.Loaded
    /// Rank, similar and reports on this model (its posting profiles cached for every request on it).
    public let service: MatchService
    /// 1 for the model loaded at start, then one more for each change the server made or saw on disk.
    public let generation: Int

    init(loaded: ModelProvider.Loaded, generation: Int) {
        var loaded = loaded
        loaded.lock = nil
        self.loaded = loaded
        service = MatchService(loaded: loaded)
        self.generation = generation
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
/// Past `LiveModel.compactionThreshold`, the log is compacted into the model file after an edit, on the
/// writers' queue (writers wait for it: at 10⁵ postings that is the time of writing the model file).
public final class ModelStore: Sendable {
    private let state: Mutex<ModelSnapshot>
    private let writers = DispatchQueue(label: "passerelle.serve.model-writer")
    /// Why add and remove are refused (the default model, rebuilt from Data/postings), or nil.
    public let readOnlyReason: String?
    private let lockWaitSeconds: Double
    private let notice: Notice
    /// The poll (set once in `init`, cancelled in `deinit`).
    private nonisolated(unsafe) let timer: DispatchSourceTimer?
    /// How often the model file and its log are looked at for other processes' changes.
    public static let pollInterval = 0.2

    /// Loads the model as the CLI does (`--model`, else the project's model, else the default one).
    public init(modelPath: String?, lockWaitSeconds: Double = 5, watch: Bool = true, notice: @escaping Notice = { _ in }) throws {
        let loaded = try ModelProvider.load(path: modelPath, notice: notice)
        var reason: String? = nil
        if modelPath == nil, let home = try? ProjectHome.locate(),
           URL(fileURLWithPath: loaded.path).standardizedFileURL == home.defaultModel.standardizedFileURL {
            reason = "the server serves the default model (\(loaded.path)), rebuilt from \(home.postings.path) whenever a file there changes, so postings added to it or removed from it would be lost: build a model of your own with `passerelle index \(home.postings.path)` (written to \(home.indexedModel.path), which `serve` then uses), or start the server with --model FILE"
        }
        readOnlyReason = reason
        self.lockWaitSeconds = lockWaitSeconds
        self.notice = notice
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
            writers.async { continuation.resume(with: Result { try self.refreshNow() }) }
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
        guard let next = try changedOnDisk(current.loaded) else { return current }
        let snapshot = ModelSnapshot(loaded: next, generation: current.generation + 1)
        state.withLock { $0 = snapshot }
        return snapshot
    }

    /// The model as the disk now has it when it differs from `loaded`, else nil.
    private func changedOnDisk(_ loaded: ModelProvider.Loaded) throws -> ModelProvider.Loaded? {
        guard let identity = loaded.identity, let log = loaded.log else { return nil }
        if FileStamp.of(loaded.path) != identity.stamp {
            return try ModelProvider.load(path: loaded.path, notice: notice)
        }
        guard FileStamp.of(log.path) != log.stamp else { return nil }
        if let updated = try LiveModel.update(loaded) { return updated }
        return try ModelProvider.load(path: loaded.path, notice: notice)
    }

    /// Changes the model: `change` gets a copy of the current model (brought up to date with the disk
    /// first, not to lose another process's change) and records its change with `ModelEditing`; when it
    /// returns, the changed model becomes the served one. Writers run one at a time, off the concurrency
    /// pool, under the model file's writers' lock.
    public func edit<R: Sendable>(_ change: @escaping @Sendable (inout ModelProvider.Loaded) throws -> R) async throws -> (result: R, snapshot: ModelSnapshot) {
        if let readOnlyReason { throw APIError.conflict(readOnlyReason) }
        return try await withCheckedThrowingContinuation { continuation in
            writers.async {
                continuation.resume(with: Result { try self.editNow(change) })
                self.compactIfLarge()
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
        let next = ModelSnapshot(loaded: loaded, generation: current.generation + 1)
        state.withLock { $0 = next }
        return (result, next)
    }

    /// Compacts the log into the model file once it has passed its threshold (on the writers' queue,
    /// after the edit was answered).
    private func compactIfLarge() {
        let current = snapshot
        guard LiveModel.shouldCompact(current.loaded) else { return }
        do {
            let lock = try takeWriterLock(current.path)
            defer { lock.release() }
            var loaded = try refreshNow().loaded
            try LiveModel.compact(&loaded)
            // Same postings, same answers: the generation stays.
            let next = ModelSnapshot(loaded: loaded, generation: snapshot.generation)
            state.withLock { $0 = next }
        } catch {
            notice("warning: could not compact the change log of \(current.path): \(error)")
        }
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
