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
    /// 1 for the model loaded at start, then one more for each change the server made.
    public let generation: Int
    /// The model file as it was when this snapshot was read or written, to notice another process's write.
    let stamp: FileStamp?

    init(loaded: ModelProvider.Loaded, generation: Int) {
        var loaded = loaded
        loaded.lock = nil
        self.loaded = loaded
        service = MatchService(loaded: loaded)
        self.generation = generation
        stamp = FileStamp(path: loaded.path)
    }

    public var model: LSAModel { loaded.model }
    public var path: String { loaded.path }
}

/// What identifies one version of a file on disk (an atomic rename gives a new inode).
struct FileStamp: Equatable, Sendable {
    var inode: UInt64
    var size: UInt64
    var modified: Double

    init?(path: String) {
        guard let a = try? FileManager.default.attributesOfItem(atPath: path),
              let inode = (a[.systemFileNumber] as? NSNumber)?.uint64Value,
              let size = (a[.size] as? NSNumber)?.uint64Value,
              let date = a[.modificationDate] as? Date else { return nil }
        self.inode = inode
        self.size = size
        self.modified = date.timeIntervalSinceReferenceDate
    }
}

/// The served model: readers take the current immutable snapshot (a lock held for the time of a copy of
/// a reference); writers (add, remove) take turns on one serial queue, and across processes on the model
/// file's `WriterLock` (the one `passerelle add` and `remove` take). A writer changes a copy of the model,
/// writes it to the file atomically, and only then swaps the new snapshot in: a change that fails (a
/// duplicate id, a full disk) leaves both the file and the served model as they were, and no change is
/// lost to another writer.
public final class ModelStore: Sendable {
    private let state: Mutex<ModelSnapshot>
    private let writers = DispatchQueue(label: "passerelle.serve.model-writer")
    /// Why add and remove are refused (the default model, rebuilt from Data/postings), or nil.
    public let readOnlyReason: String?
    private let lockWaitSeconds: Double

    /// Loads the model as the CLI does (`--model`, else the project's model, else the default one).
    public init(modelPath: String?, lockWaitSeconds: Double = 5, notice: @escaping Notice = { _ in }) throws {
        let loaded = try ModelProvider.load(path: modelPath, notice: notice)
        var reason: String? = nil
        if modelPath == nil, let home = try? ProjectHome.locate(),
           URL(fileURLWithPath: loaded.path).standardizedFileURL == home.defaultModel.standardizedFileURL {
            reason = "the server serves the default model (\(loaded.path)), rebuilt from \(home.postings.path) whenever a file there changes, so postings added to it or removed from it would be lost: build a model of your own with `passerelle index \(home.postings.path)` (written to \(home.indexedModel.path), which `serve` then uses), or start the server with --model FILE"
        }
        readOnlyReason = reason
        self.lockWaitSeconds = lockWaitSeconds
        state = Mutex(ModelSnapshot(loaded: loaded, generation: 1))
    }

    /// The model as it is now; it does not change under the caller.
    public var snapshot: ModelSnapshot { state.withLock { $0 } }

    /// Changes the model: `change` gets a copy of the current model (re-read from the file if another
    /// process wrote it since) and writes it with `ModelEditing` (atomically); when it returns, the changed
    /// model becomes the served one. Writers run one at a time, off the concurrency pool, under the model
    /// file's writers' lock.
    public func edit<R: Sendable>(_ change: @escaping @Sendable (inout ModelProvider.Loaded) throws -> R) async throws -> (result: R, snapshot: ModelSnapshot) {
        if let readOnlyReason { throw APIError.conflict(readOnlyReason) }
        return try await withCheckedThrowingContinuation { continuation in
            writers.async {
                continuation.resume(with: Result { try self.editNow(change) })
            }
        }
    }

    private func editNow<R>(_ change: (inout ModelProvider.Loaded) throws -> R) throws -> (result: R, snapshot: ModelSnapshot) {
        let current = snapshot
        let lock = try takeWriterLock(current.path)
        defer { lock.release() }
        var loaded = current.loaded
        if FileStamp(path: current.path) != current.stamp {
            // `passerelle add`/`remove` changed the file since: start from what it holds now, not to lose it.
            loaded.model = try ModelFile.read(from: current.path)
            loaded.pipeline = try EngineSetup.pipeline(settings: loaded.model.settings, resources: loaded.model.resources)
        }
        let result = try change(&loaded)
        let next = ModelSnapshot(loaded: loaded, generation: current.generation + 1)
        state.withLock { $0 = next }
        return (result, next)
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
