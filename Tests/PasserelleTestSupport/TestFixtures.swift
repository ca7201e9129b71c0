import Foundation
import DocumentReaders
import Passerelle
import PasserelleApp

/// The shipped-postings models the tests read, each built once per test process and shared by every test
/// target of that process (`swift test` runs all targets in one process): tests that change a model copy
/// the file first. Two kinds, because they are two things users get:
/// - `indexedModelPath`: `passerelle index Data/postings` (the binary, with the shipped background, as a
///   user indexes; end-to-end tests and the quality floors measured on it);
/// - `fittedModelPath`: `LSAModel.fit` of the shipped postings with the engine's default settings (the
///   library's path, no background: the application and server tests).
public enum TestFixtures {
    /// The package root (holds Data/): this file is Tests/PasserelleTestSupport/TestFixtures.swift.
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped CVs.
    public static var candidates: URL { packageRoot.appendingPathComponent("Data/candidates") }

    /// A new empty temporary folder whose name starts with `prefix`.
    public static func temporaryDirectory(_ prefix: String = "passerelle-test") -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The folder that `scripts/checks/test-xctest.sh` shares between the test processes it starts (one per test
    /// class, two at a time): a fixture built by one is read by the others. Unset (a plain `swift test`),
    /// each process builds its own in a temporary folder.
    public static let sharedFolderVariable = "PASSERELLE_TEST_FIXTURES"

    /// The file `name` of a fixture: built by `build(path)` once per test process — or, when
    /// `PASSERELLE_TEST_FIXTURES` names a folder, once for all the processes of the run: the first one
    /// builds it under an exclusive `flock` on `name.lock` and renames it into place, the others wait on the
    /// lock and then read the file.
    static func fixture(_ name: String, build: (String) throws -> Void) throws -> String {
        guard let shared = ProcessInfo.processInfo.environment[sharedFolderVariable], !shared.isEmpty else {
            let path = temporaryDirectory("passerelle-fixture").appendingPathComponent(name).path
            try build(path)
            return path
        }
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        let path = (shared as NSString).appendingPathComponent(name)
        let lock = open(path + ".lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw FixtureError("\(path).lock: cannot open (errno \(errno))") }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw FixtureError("\(path).lock: flock failed (errno \(errno))") }
        }
        defer { flock(lock, LOCK_UN) }
        if FileManager.default.fileExists(atPath: path) { return path }
        let partial = (shared as NSString).appendingPathComponent("partial-\(getpid())-\(name)")
        try build(partial)
        guard rename(partial, path) == 0 else { throw FixtureError("\(path): rename failed (errno \(errno))") }
        return path
    }

    /// `passerelle index Data/postings --out …` run once by the binary (per process, or per run: `fixture`).
    public static var indexedModelPath: String { indexed.path }
    private static let indexed: (path: String, ()) = {
        do {
            let path = try fixture("indexed-postings.plm") { out in
                let r = try CLI.run(["index", "Data/postings", "--out", out])
                guard r.status == 0 else { throw FixtureError("index failed: \(r.stderr)") }
            }
            return (path, ())
        } catch {
            fatalError("cannot index the shipped postings (is the binary built? swift build --build-tests): \(error)")
        }
    }()

    /// The shipped postings fitted in-process with `EngineSetup.defaultSettings`, written once to a file
    /// (per process, or per run: `fixture`).
    public static var fittedModelPath: String { fitted.path }
    private static let fitted: (path: String, ()) = {
        do {
            let path = try fixture("fitted-postings.plm") { out in
                let home = try ProjectHome.locate(from: packageRoot)
                let resources = try home.resources()
                let postings = try DocumentReader().read(paths: [home.postings.path]).documents
                let settings = EngineSetup.defaultSettings(resources: resources)
                let pipeline = try EngineSetup.pipeline(settings: settings, resources: resources)
                let model = try LSAModel.fit(postings: postings, featurizer: pipeline.featurizer, settings: settings, resources: resources)
                try ModelFile.write(model, to: out)
            }
            return (path, ())
        } catch {
            fatalError("cannot build the test model: \(error)")
        }
    }()

    /// The fitted model loaded once (`ModelProvider.load`): the tests that only query share it.
    public static var fittedModel: ModelProvider.Loaded {
        get throws { try fittedLoaded.get() }
    }
    private static let fittedLoaded: Result<ModelProvider.Loaded, any Error> = Result { try ModelProvider.load(path: fittedModelPath) }

    /// The indexed model loaded once: in-process queries against what `rank --model` reads.
    public static var indexedModel: ModelProvider.Loaded {
        get throws { try indexedLoaded.get() }
    }
    private static let indexedLoaded: Result<ModelProvider.Loaded, any Error> = Result { try ModelProvider.load(path: indexedModelPath) }

    /// One query service over the indexed model for the tests of a process (its caches shared).
    public static var indexedService: MatchService {
        get throws { try indexedServiceResult.get() }
    }
    private static let indexedServiceResult: Result<MatchService, any Error> = Result { MatchService(loaded: try indexedLoaded.get()) }
}
