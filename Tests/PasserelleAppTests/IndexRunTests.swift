import XCTest
import Foundation
import Passerelle
@testable import PasserelleApp
import PasserelleCore
import DocumentReaders
import PasserelleTestSupport

/// `IndexRun` (the use case of `passerelle index`), in process.
final class IndexRunTests: XCTestCase {
    /// Eight short postings in four pairs on one topic each (a pair's two texts share their words).
    static let postings: [(id: String, text: String)] = [
        ("cook-1", "Cuisinier en restauration collective\nPréparer les repas, cuisiner les légumes, respecter l'hygiène en cuisine."),
        ("cook-2", "Commis de cuisine\nCuisiner les repas du restaurant, éplucher les légumes, hygiène de la cuisine."),
        ("dev-1", "Développeur web\nDévelopper des applications web en JavaScript, écrire des tests, déployer le code."),
        ("dev-2", "Développeuse logiciel\nDévelopper le logiciel, écrire le code et les tests, déployer les applications."),
        ("nurse-1", "Infirmier de nuit\nSoigner les patients, administrer les traitements, surveiller les constantes à l'hôpital."),
        ("nurse-2", "Aide-soignante\nAccompagner les patients à l'hôpital, surveiller les constantes, soins d'hygiène."),
        ("driver-1", "Chauffeur poids lourd\nConduire le camion, livrer les marchandises, charger la remorque."),
        ("driver-2", "Livreur\nLivrer les colis et marchandises, conduire le véhicule de livraison, charger le camion."),
    ]

    /// A folder of the postings as .txt files, in a new temporary folder.
    static func postingFolder() throws -> URL {
        let root = TestFixtures.temporaryDirectory("index-run")
        let folder = root.appendingPathComponent("postings")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for p in postings { try p.text.write(to: folder.appendingPathComponent("\(p.id).txt"), atomically: true, encoding: .utf8) }
        return folder
    }

    static func lock(_ path: String) throws -> WriterLock {
        try ModelProvider.lockForWriting(path, wait: true, createFolders: true)
    }

    /// Small and fast: the shipped project's resources, no background, k = 4.
    static func settings() -> IndexSettings {
        var s = IndexSettings()
        s.dimensions = 4
        s.usesBackground = false
        return s
    }

    /// Notices collected across threads.
    final class Notices: @unchecked Sendable {
        private let lock = NSLock()
        private var lines = [String]()
        var all: [String] { lock.withLock { lines } }
        func add(_ s: String) { lock.withLock { lines.append(s) } }
    }

    func testBuildsTheModelOfAFolderAndReportsItsCounts() throws {
        let folder = try Self.postingFolder()
        let out = folder.deletingLastPathComponent().appendingPathComponent("Models/m.plm").path
        var stages = [String]()
        let run = IndexRun(settings: Self.settings(), home: ProjectHome(root: TestFixtures.packageRoot),
                           progress: IndexRun.Progress(stage: { stages.append($0) }))
        let summary = try run.run(postings: [folder.path], out: out, lock: Self.lock)
        XCTAssertEqual(summary.path, out)
        XCTAssertEqual(summary.postings, 8)
        XCTAssertEqual(summary.dimensions, 4)
        XCTAssertGreaterThan(summary.explainedVariance, 0)
        XCTAssertLessThanOrEqual(summary.explainedVariance, 1.0001)
        XCTAssertEqual(stages, ["reading the postings", "analyzing 8 postings, TF-IDF, then the SVD (k = 4)", "profiling 8 postings for explanations",
                                "writing \(out)"])
        let loaded = try ModelProvider.load(path: out)
        XCTAssertEqual(loaded.model.postingCount, 8)
        XCTAssertEqual(loaded.model.vectorizer.vocabularySize, summary.terms)
        XCTAssertEqual(Set(loaded.model.postings.ids), Set(Self.postings.map(\.id)))
        XCTAssertNil(loaded.model.settings.background, "usesBackground = false fits on the postings alone")
        XCTAssertNotNil(loaded.model.settings.conceptFeatures, "the project's taxonomy is used by default")
        XCTAssertNotNil(loaded.model.postings.text(at: 0), "texts stored by default")
        XCTAssertEqual(loaded.model.postings.storedProfileCount, 8, "index stores every posting's explanation profile")
        XCTAssertTrue(loaded.pipeline.usesStoredProfiles(of: loaded.model))
    }

    /// A JSON Lines file of `count` postings made from the eight texts (about 600 bytes each: 2,400 of them are
    /// 1.4 MB, more than the spool's 1 MiB buffer), with line `bad` (1-based) replaced when given.
    static func postingLines(_ count: Int, replacing bad: (line: Int, text: String)? = nil) throws -> String {
        var lines = try (0 ..< count).map { i -> String in
            let p = postings[i % postings.count]
            let text = p.text + "\n" + String(repeating: "Poste \(i) ouvert aux débutants, formation assurée en interne. ", count: 6)
            let object = ["id": "\(p.id)-\(i)", "title": "\(p.id) \(i)", "text": text, "region": i % 3 == 0 ? "Bretagne" : "Occitanie"]
            return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
        if let bad { lines[bad.line - 1] = bad.text }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Issue 27: `index` hands each posting to the spool file as its reader parses it (never all held). The
    /// model file is byte for byte that of the documents read whole and fitted from memory (the path before);
    /// a bad line or a duplicate id in the middle of the file (after the spool wrote its first megabyte) stops
    /// the run naming the file and the line, and writes nothing: the model already there is unchanged and no
    /// temporary or spool file is left in its folder.
    func testStreamedPostingsGiveTheModelOfTheWholeReadAndAnErrorInTheMiddleWritesNothing() throws {
        setenv("SOURCE_DATE_EPOCH", "1700000000", 1)
        defer { unsetenv("SOURCE_DATE_EPOCH") }
        let root = TestFixtures.temporaryDirectory("index-streamed")
        let jsonl = root.appendingPathComponent("offres.jsonl")
        try Self.postingLines(2400).write(to: jsonl, atomically: true, encoding: .utf8)
        var settings = Self.settings()
        settings.competencies = false
        settings.analyzer = "plain"
        let out = root.appendingPathComponent("m.plm").path
        let run = IndexRun(settings: settings, home: ProjectHome(root: TestFixtures.packageRoot))
        XCTAssertEqual(try run.run(postings: [jsonl.path], out: out, lock: Self.lock).postings, 2400)

        let resources = try run.resources()
        let engine = try run.engineSettings(resources: resources)
        let pipeline = try EngineSetup.pipeline(settings: engine, resources: resources)
        let documents = try DocumentReader().read(paths: [jsonl.path]).documents
        let whole = try StoredProfiles.storing(LSAModel.fit(postings: documents, featurizer: pipeline.featurizer, settings: engine,
                                                            resources: resources), pipeline: pipeline)
        let wholePath = TestFixtures.temporaryDirectory("index-whole").appendingPathComponent("m.plm").path
        _ = try ModelFile.write(whole, to: wholePath)
        let written = try Data(contentsOf: URL(fileURLWithPath: out))
        XCTAssertEqual(written, try Data(contentsOf: URL(fileURLWithPath: wholePath)), "streamed and whole reads write the same bytes")

        let listing = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        let cases: [(line: Int, text: String, says: String)] = [
            (1801, "{\"id\": \"broken\", \"text\": ", "offres.jsonl:1801: invalid JSON line"),
            (2000, try Self.postingLines(5).split(separator: "\n")[4].description, "offres.jsonl:2000: invalid JSON line: duplicate id 'nurse-1-4' (first on line 5)"),
        ]
        for bad in cases {
            try Self.postingLines(2400, replacing: (bad.line, bad.text)).write(to: jsonl, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try run.run(postings: [jsonl.path], out: out, lock: Self.lock)) { error in
                XCTAssertTrue("\(error)".contains(bad.says), "\(error)")
            }
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), written, "the model already there is unchanged")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted(), listing, "nothing left beside it")
        }
    }

    func testSettingsReachTheModel() throws {
        let folder = try Self.postingFolder()
        let out = folder.deletingLastPathComponent().appendingPathComponent("m.plm").path
        var settings = Self.settings()
        settings.competencies = false
        settings.storesPostingText = false
        settings.seed = 7
        settings.powerIterations = 2
        settings.latentShare = 0.25
        settings.analyzer = "plain"
        let notices = Notices()
        let summary = try IndexRun(settings: settings, home: ProjectHome(root: TestFixtures.packageRoot), notice: notices.add)
            .run(postings: [folder.path], out: out, lock: Self.lock)
        let model = try ModelProvider.load(path: out).model
        XCTAssertEqual(summary.postings, 8)
        XCTAssertNil(model.settings.conceptFeatures)
        XCTAssertNil(model.settings.crossLanguage, "the plain analyzer has no language per paragraph")
        XCTAssertEqual(model.settings.seed, 7)
        XCTAssertEqual(model.settings.powerIterations, 2)
        XCTAssertEqual(model.settings.latentShare, 0.25)
        XCTAssertEqual(model.settings.analyzer, AnalyzerCatalog.names["plain"])
        XCTAssertNil(model.postings.text(at: 0))
        XCTAssertTrue(notices.all.contains { $0.contains("has no language per paragraph: building without cross-language terms") }, "\(notices.all)")
    }

    /// Issue 29e: `--analyzer fr-en-v2` builds a fr-en-v2 model that keeps its cross-language terms (any
    /// French/English version tells the paragraphs apart); "fr-en" is fr-en-v1.
    func testFrenchEnglishV2IsBuiltWithItsTranslations() throws {
        let folder = try Self.postingFolder()
        let out = folder.deletingLastPathComponent().appendingPathComponent("m2.plm").path
        var settings = Self.settings()
        settings.competencies = false
        settings.analyzer = "fr-en-v2"
        let notices = Notices()
        _ = try IndexRun(settings: settings, home: ProjectHome(root: TestFixtures.packageRoot), notice: notices.add)
            .run(postings: [folder.path], out: out, lock: Self.lock)
        let model = try ModelProvider.load(path: out).model
        XCTAssertEqual(model.settings.analyzer, "fr-en-v2")
        XCTAssertNotNil(model.settings.crossLanguage, "\(notices.all)")
        XCTAssertFalse(notices.all.contains { $0.contains("has no language per paragraph") }, "\(notices.all)")
        XCTAssertEqual(AnalyzerCatalog.names["fr-en"], "fr-en-v1")
    }

    func testRefusesToWriteOverAPostingAndNeedsAPathOutsideAProject() throws {
        let folder = try Self.postingFolder()
        let source = folder.appendingPathComponent("cook-1.txt").path
        let before = try Data(contentsOf: URL(fileURLWithPath: source))
        let run = IndexRun(settings: Self.settings(), home: ProjectHome(root: TestFixtures.packageRoot))
        XCTAssertThrowsError(try run.run(postings: [folder.path], out: source, lock: Self.lock))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: source)), before, "the posting is untouched")
        let homeless = IndexRun(settings: Self.settings(), home: nil)
        XCTAssertThrowsError(try homeless.modelPath(out: nil)) { error in
            XCTAssertTrue("\(error)".contains("--out FILE"), "\(error)")
        }
        XCTAssertEqual(try homeless.modelPath(out: "x.plm"), "x.plm")
    }

    func testUnknownAnalyzerAndUnreadableTaxonomyAreClearErrors() throws {
        let folder = try Self.postingFolder()
        let out = folder.deletingLastPathComponent().appendingPathComponent("m.plm").path
        var settings = Self.settings()
        settings.analyzer = "klingon"
        XCTAssertThrowsError(try IndexRun(settings: settings, home: ProjectHome(root: TestFixtures.packageRoot)).run(postings: [folder.path], out: out, lock: Self.lock)) {
            XCTAssertTrue("\($0)".contains("klingon"), "\($0)")
        }
        settings = Self.settings()
        settings.taxonomy = folder.appendingPathComponent("missing.tsv").path
        XCTAssertThrowsError(try IndexRun(settings: settings, home: ProjectHome(root: TestFixtures.packageRoot)).run(postings: [folder.path], out: out, lock: Self.lock)) {
            XCTAssertTrue("\($0)".contains("missing.tsv: cannot read the taxonomy"), "\($0)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "nothing written on an error")
    }
}
