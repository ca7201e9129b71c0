import Foundation
import XCTest
import DocumentReaders
import Passerelle
import PasserelleApp

/// Live postings through the application library (`ModelEditing`, `LiveModel`): changes go to the model's
/// change log without rewriting the model, answer exactly as the compacted model does, and concurrent
/// writers never lose one another's change.
final class LiveModelTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    var folder: URL!
    override func setUp() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-live-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    /// A model of the shipped postings but the last `heldBack`, written to `m.plm` (this test's own file); the
    /// held-back postings. Each size is fitted once for the class (`fitted`): tests change only their copy.
    func model(heldBack: Int = 4) throws -> (path: String, held: [Document]) {
        let (bytes, held) = try Self.fitted(heldBack: heldBack)
        let path = folder.appendingPathComponent("m.plm").path
        try bytes.write(to: URL(fileURLWithPath: path))
        return (path, held)
    }

    nonisolated(unsafe) private static var fits = [Int: (Data, [Document])]()
    private static let fitsLock = NSLock()

    /// The model file's bytes fitted without the last `heldBack` shipped postings, and those postings.
    static func fitted(heldBack: Int) throws -> (Data, [Document]) {
        fitsLock.lock(); defer { fitsLock.unlock() }
        if let fit = fits[heldBack] { return fit }
        let home = try ProjectHome.locate(from: root)
        let resources = try home.resources()
        let postings = try DocumentReader().read(paths: [home.postings.path]).documents
        let settings = EngineSetup.defaultSettings(resources: resources)
        let pipeline = try EngineSetup.pipeline(settings: settings, resources: resources)
        let model = try LSAModel.fit(postings: Array(postings.dropLast(heldBack)), featurizer: pipeline.featurizer, settings: settings, resources: resources)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-live-fit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("m.plm").path
        try ModelFile.write(model, to: path)
        let fit = (try Data(contentsOf: URL(fileURLWithPath: path)), Array(postings.suffix(heldBack)))
        fits[heldBack] = fit
        return fit
    }

    /// rank and similar as JSON bytes, the way every front end renders them.
    func answers(_ loaded: ModelProvider.Loaded, cv: Document, similarTo id: String) throws -> [String] {
        let service = MatchService(loaded: loaded)
        let rank = try service.report(command: "rank", queries: [try service.rank(cv: cv, file: "cv.txt", options: QueryOptions(top: 8))])
        let similar = try service.report(command: "similar", queries: [try service.similar(postingID: id, options: QueryOptions(top: 8))])
        return [try ReportRenderer.render(rank, format: .json, style: .plain, width: 100),
                try ReportRenderer.render(similar, format: .json, style: .plain, width: 100)]
    }

    func testChangesGoToTheLogAndAnswerTheSameBytesAsTheCompactedModel() throws {
        let (path, held) = try model()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        var loaded = try ModelProvider.load(path: path, forWriting: true)
        let removedID = loaded.model.postings.ids[3]
        try ModelEditing.add(Array(held.prefix(2)), to: &loaded)
        try ModelEditing.remove(ids: [removedID], from: &loaded)
        try ModelEditing.add(Array(held.suffix(2)), to: &loaded)
        loaded.lock?.release()
        // The model file is untouched: the changes are in its log.
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        XCTAssertEqual(loaded.log?.records, 3)
        XCTAssertEqual(loaded.log?.added, 4)
        XCTAssertEqual(loaded.log?.removed, 1)

        let cv = Document(id: "cv", title: "", text: "Développeur backend, API REST, bases de données PostgreSQL, tests, déploiement continu, Docker, Kubernetes. Médiation culturelle et ateliers.")
        let live = try ModelProvider.load(path: path)
        XCTAssertEqual(live.model.postingCount, loaded.model.postingCount)
        XCTAssertNil(live.model.postingIndex(id: removedID))
        let withLog = try answers(live, cv: cv, similarTo: held[0].id)
        XCTAssertEqual(try answers(loaded, cv: cv, similarTo: held[0].id), withLog)

        var writer = try ModelProvider.load(path: path, forWriting: true)
        try LiveModel.compact(&writer)
        writer.lock?.release()
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".log"))
        XCTAssertNotEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        let compacted = try ModelProvider.load(path: path)
        XCTAssertEqual(compacted.model.postings.ids, live.model.postings.ids)
        XCTAssertEqual(compacted.model.postingVectors.values, live.model.postingVectors.values)
        XCTAssertEqual(try answers(compacted, cv: cv, similarTo: held[0].id), withLog)
        // The description counts the log; the compacted model has none.
        XCTAssertEqual(ModelDescription(loaded: live).changeLog?.added, 4)
        XCTAssertNil(ModelDescription(loaded: compacted).changeLog)
        XCTAssertEqual(ModelDescription(loaded: compacted).postingsAdded, 4)
    }

    /// Killed between its rename and the log's removal, a compaction leaves the new model with the old log:
    /// the log names the old model, so it is ignored (never applied twice), and the next writer replaces it.
    func testALogLeftByAnInterruptedCompactionIsNotAppliedTwice() throws {
        let (path, held) = try model()
        var loaded = try ModelProvider.load(path: path, forWriting: true)
        try ModelEditing.add(Array(held.prefix(2)), to: &loaded)
        let log = try Data(contentsOf: URL(fileURLWithPath: path + ".log"))
        try LiveModel.compact(&loaded)
        loaded.lock?.release()
        try log.write(to: URL(fileURLWithPath: path + ".log"))
        let box = ErrorBox()
        var again = try ModelProvider.load(path: path, forWriting: true) { box.add(UserError($0)) }
        let notices = box.all.map { "\($0)" }
        XCTAssertEqual(again.model.postingCount, loaded.model.postingCount)
        XCTAssertTrue(again.log?.stale == true)
        XCTAssertTrue(notices.contains { $0.contains("another version") }, "\(notices)")
        try ModelEditing.add(Array(held.suffix(1)), to: &again)
        again.lock?.release()
        let read = try ModelProvider.load(path: path)
        XCTAssertEqual(read.model.postingCount, loaded.model.postingCount + 1)
        XCTAssertEqual(read.log?.stale, false)
    }

    /// Writers in two threads (each its own lock descriptor, as two processes): every add lands.
    func testConcurrentWritersLoseNoUpdate() throws {
        let (path, held) = try model(heldBack: 8)
        let initial = try ModelProvider.load(path: path).model.postingCount
        let errors = ErrorBox()
        DispatchQueue.concurrentPerform(iterations: 2) { w in
            for i in 0 ..< 4 {
                do {
                    var loaded = try ModelProvider.load(path: path, forWriting: true)
                    try ModelEditing.add([held[w * 4 + i]], to: &loaded)
                    loaded.lock?.release()
                } catch { errors.add(error) }
            }
        }
        XCTAssertEqual(errors.all.map { "\($0)" }, [])
        let final = try ModelProvider.load(path: path).model
        XCTAssertEqual(final.postingCount, initial + 8)
        for d in held { XCTAssertNotNil(final.postingIndex(id: d.id), d.id) }
    }

    func testAnInvalidValidThroughIsRefusedNamingThePosting() throws {
        let (path, held) = try model(heldBack: 1)
        var loaded = try ModelProvider.load(path: path, forWriting: true)
        var bad = held[0]
        bad.metadata["valid_through"] = "bientôt"
        XCTAssertThrowsError(try ModelEditing.add([bad], sources: ["new.jsonl"], to: &loaded)) { error in
            XCTAssertTrue("\(error)".contains("new.jsonl") && "\(error)".contains("valid_through") && "\(error)".contains(bad.id), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".log"))
    }
}

final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors = [Error]()
    func add(_ e: Error) { lock.lock(); errors.append(e); lock.unlock() }
    var all: [Error] { lock.lock(); defer { lock.unlock() }; return errors }
}
