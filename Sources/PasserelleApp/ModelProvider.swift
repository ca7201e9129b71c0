import Foundation
import Passerelle
import DocumentReaders
import PasserelleCore

/// Loads the model a command works on: the file given with --model; else the model `index` wrote
/// without --out (Models/postings.plm), when there is one; else the default model built from
/// Data/postings on first use, cached in Models/ and rebuilt when its sources change (read only: `add`
/// and `remove` on it are refused, as its next rebuild would drop their change).
public enum ModelProvider {
    /// A model with the text pipeline its queries are read with (`load`).
    public struct Loaded: Sendable {
        public var model: LSAModel
        public var path: String
        public var pipeline: Pipeline
        public var featurizer: Featurizer { pipeline.featurizer }
        /// The writers' lock on the model file, held while this value lives (see `load(path:forWriting:wait:)`).
        public var lock: WriterLock?
        /// The model file read (nil for a model not read from a file of its own: the default model).
        public var identity: ModelIdentity? = nil
        /// Its change log as applied (nil when the model takes no changes: the default model).
        public var log: ChangeLogState? = nil

        /// The opened model with its pipeline: the one opening already built, else built now from the
        /// model's settings and resources.
        /// - Complexity: building a pipeline analyses the model's lexicons and taxonomy forms — most of the
        ///   CPU of a load (`passerelle info`, which needs none, spent 92% of its time there).
        public init(_ opened: Opened) throws {
            self.init(model: opened.model, path: opened.path,
                      pipeline: try opened.pipeline ?? EngineSetup.pipeline(settings: opened.model.settings, resources: opened.model.resources),
                      lock: opened.lock, identity: opened.identity, log: opened.log)
        }

        init(model: LSAModel, path: String, pipeline: Pipeline, lock: WriterLock?, identity: ModelIdentity? = nil, log: ChangeLogState? = nil) {
            self.model = model
            self.path = path
            self.pipeline = pipeline
            self.lock = lock
            self.identity = identity
            self.log = log
        }
    }

    /// A model read with its change log, without the text pipeline: what describing a model needs
    /// (`info`, the server's model route). `Loaded(_:)` adds the pipeline.
    public struct Opened: Sendable {
        public var model: LSAModel
        public var path: String
        /// The writers' lock on the model file, held while this value (or the `Loaded` made from it) lives.
        public var lock: WriterLock?
        /// The model file read (nil for a model not read from a file of its own: the default model).
        public var identity: ModelIdentity? = nil
        /// Its change log as applied (nil when the model takes no changes: the default model).
        public var log: ChangeLogState? = nil
        /// The pipeline when opening had to build one (the default model rebuilt from Data/), so that
        /// `Loaded(_:)` does not build it twice.
        var pipeline: Pipeline? = nil
    }

    /// Loads the model with its pipeline: `open` then `Loaded(_:)`.
    public static func load(path: String?, forWriting: Bool = false, wait: Bool = true, termIndex: ModelFile.TermIndexReading = .whole,
                            notice: @escaping Notice = { _ in }) throws -> Loaded {
        try Loaded(open(path: path, forWriting: forWriting, wait: wait, termIndex: termIndex, notice: notice))
    }

    /// Reads the model and its change log, without building its pipeline. `forWriting` (add, remove) takes the model's writers' lock first and keeps it in
    /// the result until the command has renamed the new model over the old: a second writer waits (or,
    /// without `wait`, fails) instead of reading the model before the first one's change lands and then
    /// overwriting it. Readers pass `forWriting: false` and take no lock.
    /// - Parameters:
    ///   - termIndex: `.onDemand` for a process that answers one query (`rank`, `similar`): the term index
    ///     stays in the file, read row by row as the query asks (`MatchService` does); `.whole` otherwise.
    ///   - notice: what the provider is doing (building the default model, waiting for a lock).
    public static func open(path: String?, forWriting: Bool = false, wait: Bool = true, termIndex: ModelFile.TermIndexReading = .whole,
                            notice: @escaping Notice = { _ in }) throws -> Opened {
        if let path {
            // Anything but a regular file (missing, a pipe, unreadable…) gets the reader's error, which says
            // what the path is, before a lock is tried beside it.
            if forWriting, case .regular = PathKind.of(path) {} else if forWriting { _ = try ModelFile.read(from: path) }
            let lock = forWriting ? try lockForWriting(path, wait: wait, notice: notice) : nil
            // The model with its change log (postings added and removed since the file was written).
            let (model, identity, log) = try LiveModel.read(path: path, termIndex: forWriting ? .whole : termIndex, notice: notice)
            return Opened(model: model, path: path, lock: lock, identity: identity, log: log)
        }
        let home = try ProjectHome.locate()
        // One obvious model: the one `index` wrote without --out, when there is one.
        if FileManager.default.fileExists(atPath: home.indexedModel.path) {
            return try open(path: home.indexedModel.path, forWriting: forWriting, wait: wait, termIndex: termIndex, notice: notice)
        }
        if forWriting {
            throw UserError("the default model (\(home.defaultModel.path)) is rebuilt from \(home.postings.path) whenever a file there changes, so postings added to it or removed from it would be lost: put the files in \(home.postings.path), or build a model of your own with `passerelle index \(home.postings.path) …` (written to \(home.indexedModel.path), which commands then use without --model), or name one with --model",
                            french: "le modèle par défaut (\(home.defaultModel.path)) est reconstruit à partir de \(home.postings.path) dès qu'un de ses fichiers change : les offres qu'on lui ajouterait ou retirerait seraient perdues. Mettez les fichiers dans \(home.postings.path), ou construisez votre propre modèle avec `passerelle index \(home.postings.path) …` (écrit dans \(home.indexedModel.path), que les commandes utilisent alors sans --model), ou nommez-en un avec --model")
        }
        let resources = try home.resources()
        var settings = EngineSetup.defaultSettings(resources: resources)
        let background = try home.shippedBackground.map { try DocumentReader().read(paths: [$0.path]).documents.map(\.text) } ?? []
        if let url = home.shippedBackground { settings.background = url.lastPathComponent }
        settings.sourceFingerprint = try home.fingerprint(settings: settings, resources: resources)
        let path = home.defaultModel.path
        var lock = forWriting ? try lockForWriting(path, wait: wait, createFolders: true, notice: notice) : nil
        if let model = try cachedDefaultModel(at: path, fingerprint: settings.sourceFingerprint, announce: true, notice: notice) {
            return Opened(model: model, path: path, lock: lock)
        }
        if lock == nil {
            // Rebuilding the cache is a write too: under the lock, and another process may have rebuilt it
            // while this one waited.
            lock = try lockForWriting(path, wait: wait, createFolders: true, notice: notice)
            if let model = try cachedDefaultModel(at: path, fingerprint: settings.sourceFingerprint, announce: false, notice: notice) {
                return Opened(model: model, path: path, lock: nil)
            }
        }
        notice("building the default model from \(home.postings.path) (cached in \(path))")
        let read = try DocumentReader().read(paths: [home.postings.path])
        for w in read.warnings { notice("warning: \(w)") }
        let pipeline = try EngineSetup.pipeline(settings: settings, resources: resources)
        let model = try StoredProfiles.storing(LSAModel.fit(postings: read.documents, featurizer: pipeline.featurizer, settings: settings,
                                                            resources: resources, background: background), pipeline: pipeline)
        try ModelFile.write(model, to: path)
        return Opened(model: model, path: path, lock: forWriting ? lock : nil, pipeline: pipeline)
    }

    /// The cached default model when it is there and built from the current Data/; nil when it must be
    /// (re)built. A damaged cache is rebuilt; a cache that cannot be read at all (permissions, not a
    /// regular file) is an error, as writing over it would fail or hide the problem.
    private static func cachedDefaultModel(at path: String, fingerprint: String?, announce: Bool, notice: @escaping Notice) throws -> LSAModel? {
        do {
            let model = try ModelFile.read(from: path)
            if model.settings.sourceFingerprint == fingerprint { return model }
            if announce { notice("Data/postings changed since \(path) was built; rebuilding it") }
        } catch ModelFileError.notFound {
            return nil
        } catch let error as ModelFileError {
            switch error {
            case .unreadable, .notARegularFile: throw error
            default: if announce { notice("\(error); rebuilding the default model") }
            }
        }
        return nil
    }

    /// The writers' lock of a model file, saying through `notice` when another writer holds it.
    public static func lockForWriting(_ path: String, wait: Bool, createFolders: Bool = false, notice: @escaping Notice = { _ in }) throws -> WriterLock {
        try WriterLock(for: path, wait: wait, createFolders: createFolders) { lockPath in
            notice("waiting for another passerelle changing \(path) (\(lockPath))")
        }
    }
}
