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

    /// `passerelle index Data/postings --out …` run once by the binary.
    public static var indexedModelPath: String { indexed.path }
    private static let indexed: (path: String, ()) = {
        let path = temporaryDirectory("passerelle-indexed").appendingPathComponent("postings.plm").path
        let r = try? CLI.run(["index", "Data/postings", "--out", path])
        precondition(r?.status == 0, "index failed: \(r?.stderr ?? "no process (is the binary built? swift build --build-tests)")")
        return (path, ())
    }()

    /// The shipped postings fitted in-process with `EngineSetup.defaultSettings`, written once to a file.
    public static var fittedModelPath: String { fitted.path }
    private static let fitted: (path: String, ()) = {
        do {
            let home = try ProjectHome.locate(from: packageRoot)
            let resources = try home.resources()
            let postings = try DocumentReader().read(paths: [home.postings.path]).documents
            let settings = EngineSetup.defaultSettings(resources: resources)
            let pipeline = try EngineSetup.pipeline(settings: settings, resources: resources)
            let model = try LSAModel.fit(postings: postings, featurizer: pipeline.featurizer, settings: settings, resources: resources)
            let path = temporaryDirectory("passerelle-fitted").appendingPathComponent("shipped.plm").path
            try ModelFile.write(model, to: path)
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
