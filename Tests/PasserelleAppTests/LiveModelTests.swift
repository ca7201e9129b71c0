import Foundation
import XCTest
import DocumentReaders
import Passerelle
@testable import PasserelleApp
import PasserelleCore

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

    /// Killed between its rename and the log's removal, a compaction leaves the new model with the old log.
    /// The new model records that it holds that log up to its end (`LogPosition`), so the log is carried
    /// with nothing left to apply: never applied twice, and the next writer appends after it.
    /// An add keeps the posting profiles the service detected (positions and texts unchanged), with the
    /// same answers as a fresh service; a removal starts afresh. `info` shows what is pending and since when.
    func testAnAddKeepsThePostingProfilesAndInfoShowsThePendingChanges() throws {
        let (path, held) = try model()
        let written = try XCTUnwrap(FileStamp.of(path)).modified
        var loaded = try ModelProvider.load(path: path, forWriting: true)
        defer { loaded.lock?.release() }
        XCTAssertNil(ModelDescription(loaded: loaded).changeLog)
        let cv = Document(id: "cv", title: "", text: "Médiation culturelle, ateliers avec les publics, exposition au musée, accueil des scolaires.")
        let service = MatchService(loaded: loaded)
        _ = try service.rank(cv: cv, file: "cv.txt", options: QueryOptions(top: 5))
        XCTAssertGreaterThan(service.postingProfiles.cachedCount, 0)
        try ModelEditing.add([held[0]], to: &loaded)
        XCTAssertEqual(loaded.model.delta.count, 1)
        let following = MatchService(loaded: loaded, following: service)
        XCTAssertEqual(following.postingProfiles.cachedCount, service.postingProfiles.cachedCount, "the add dropped the profiles")
        let rank = { (s: MatchService) in
            try ReportRenderer.render(try s.report(command: "rank", queries: [try s.rank(cv: cv, file: "cv.txt", options: QueryOptions(top: 8))]),
                                      format: .json, style: .plain, width: 100)
        }
        XCTAssertEqual(try rank(following), try rank(MatchService(loaded: loaded)))
        let log = try XCTUnwrap(ModelDescription(loaded: loaded).changeLog)
        XCTAssertEqual([log.records, log.added, log.removed, log.deltaPostings], [1, 1, 0, 1])
        XCTAssertEqual(log.pendingSince, ModelDescription.timestamp(written))
        XCTAssertNotNil(log.lastChange)
        let json = String(decoding: try JSONEncoder().encode(ModelDescription(loaded: loaded)), as: UTF8.self)
        XCTAssertTrue(json.contains("\"delta_postings\":1") && json.contains("\"pending_since\":\""), json)
        // A removal moves positions: nothing carried; the delta merged.
        _ = try ModelEditing.remove(ids: [loaded.model.postings.ids[0]], from: &loaded)
        XCTAssertEqual(MatchService(loaded: loaded, following: following).postingProfiles.cachedCount, 0)
        let after = try XCTUnwrap(ModelDescription(loaded: loaded).changeLog)
        XCTAssertEqual([after.records, after.added, after.removed, after.deltaPostings], [2, 1, 1, 0])
    }

    func testALogLeftByAnInterruptedCompactionIsNotAppliedTwice() throws {
        let (path, held) = try model()
        var loaded = try ModelProvider.load(path: path, forWriting: true)
        try ModelEditing.add(Array(held.prefix(2)), to: &loaded)
        let log = try Data(contentsOf: URL(fileURLWithPath: path + ".log"))
        try LiveModel.compact(&loaded)
        loaded.lock?.release()
        XCTAssertEqual(try ModelFile.readWithIdentity(from: path).identity.includesLog?.offset, log.count)
        try log.write(to: URL(fileURLWithPath: path + ".log"))
        var again = try ModelProvider.load(path: path, forWriting: true)
        XCTAssertEqual(again.model.postingCount, loaded.model.postingCount)
        XCTAssertEqual(again.model.postings.ids, loaded.model.postings.ids)
        XCTAssertEqual(again.log?.carried, true)
        XCTAssertEqual(again.log?.records, 0)
        try ModelEditing.add(Array(held.suffix(1)), to: &again)
        again.lock?.release()
        let read = try ModelProvider.load(path: path)
        XCTAssertEqual(read.model.postings.ids, loaded.model.postings.ids + [held.last!.id])
        XCTAssertEqual(read.log?.stale, false)
        XCTAssertEqual(read.log?.records, 1)
    }

    /// A compaction writes its file without the writers' lock while writers go on appending, then
    /// installs it under the lock, carrying the records appended meanwhile over to a new log. Stopped at
    /// each of its steps (as a kill -9 would leave it: file written but not renamed; renamed but the log
    /// not rewritten; done), the disk reads as every posting exactly once, in the writers' order, the same
    /// bits and answers as the model kept in memory; a writer goes on from each of those states.
    func testACompactionInterleavedWithWritersAndStoppedAtEachStepLosesAndDoublesNothing() throws {
        let (path, held) = try model(heldBack: 8)
        let cv = Document(id: "cv", title: "", text: "Développeur backend, API REST, bases de données PostgreSQL, tests, déploiement continu, Docker, Kubernetes. Médiation culturelle et ateliers.")
        var expected = try ModelProvider.load(path: path).model.postings.ids
        var memory: ModelProvider.Loaded! = nil
        func write(add: [Document] = [], remove: [String] = []) throws {
            var w = try ModelProvider.load(path: path, forWriting: true)
            defer { w.lock?.release() }
            if !add.isEmpty { try ModelEditing.add(add, to: &w) }
            if !remove.isEmpty { try ModelEditing.remove(ids: remove, from: &w) }
            expected.removeAll { remove.contains($0) }
            expected += add.map(\.id)
            memory = w
        }
        /// The disk as a reader sees it must be `expected`, with the bits and answers of the writer's model.
        func check(_ step: String) throws {
            let disk = try ModelProvider.load(path: path)
            XCTAssertEqual(disk.model.postings.ids, expected, step)
            XCTAssertEqual(disk.model.postingVectors.values, memory.model.postingVectors.values, step)
            XCTAssertEqual(disk.model.termIndex, memory.model.termIndex, step)
            XCTAssertEqual(try answers(disk, cv: cv, similarTo: expected.last!), try answers(memory, cv: cv, similarTo: expected.last!), step)
        }
        try write(add: [held[0], held[1]])

        // 1. Written, installed and rebased, with writers in between.
        let read1 = try ModelProvider.load(path: path)
        let prepared1 = try XCTUnwrap(try LiveModel.prepareCompaction(read1))
        XCTAssertTrue(FileManager.default.fileExists(atPath: prepared1.file.temporaryPath))
        try check("file written, not renamed (killed here: the old state)")
        try write(add: [held[2]])
        try write(remove: [held[0].id])
        try check("writers appended during the compaction")
        var locked = try ModelProvider.load(path: path, forWriting: true)
        XCTAssertTrue(try LiveModel.installCompaction(prepared1, into: &locked))
        locked.lock?.release()
        XCTAssertFalse(FileManager.default.fileExists(atPath: prepared1.file.temporaryPath))
        XCTAssertEqual(try ModelFile.read(from: path).postings.ids.suffix(2), [held[0].id, held[1].id], "the file holds the log as read")
        XCTAssertEqual(locked.log?.records, 2, "the two records appended meanwhile are carried over")
        XCTAssertEqual(locked.log?.carried, false)
        XCTAssertEqual(locked.model.postings.ids, expected)
        try check("installed and rebased")
        try write(add: [held[3]])
        try check("a writer after the install")

        // 2. Renamed, killed before the log is rewritten: the old log still applies from where the file holds it.
        let prepared2 = try XCTUnwrap(try LiveModel.prepareCompaction(try ModelProvider.load(path: path)))
        try write(add: [held[4]])
        locked = try ModelProvider.load(path: path, forWriting: true)
        XCTAssertTrue(try LiveModel.installCompaction(prepared2, into: &locked, rebaseLog: false))
        locked.lock?.release()
        XCTAssertEqual(try ModelProvider.load(path: path).log?.carried, true)
        try check("renamed, the log not rewritten (killed here)")
        try write(add: [held[5]], remove: [held[1].id])
        try check("a writer appending to the carried log")
        locked = try ModelProvider.load(path: path, forWriting: true)
        try LiveModel.compact(&locked)
        locked.lock?.release()
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".log"))
        XCTAssertEqual(try ModelFile.read(from: path).postings.ids, expected)
        try check("compacted under the lock from the carried log")

        // 3. Another process compacted (or replaced the model) meanwhile: the install is given up, nothing changes.
        try write(add: [held[6]])
        let prepared3 = try XCTUnwrap(try LiveModel.prepareCompaction(try ModelProvider.load(path: path)))
        locked = try ModelProvider.load(path: path, forWriting: true)
        try LiveModel.compact(&locked)
        locked.lock?.release()
        try write(add: [held[7]])
        locked = try ModelProvider.load(path: path, forWriting: true)
        XCTAssertFalse(try LiveModel.installCompaction(prepared3, into: &locked))
        locked.lock?.release()
        XCTAssertFalse(FileManager.default.fileExists(atPath: prepared3.file.temporaryPath))
        try check("a stale compaction given up")

        // 4. The lock-free compaction `passerelle compact` runs.
        try write(remove: [held[2].id])
        let done = try XCTUnwrap(try LiveModel.compact(unlocked: try ModelProvider.load(path: path)) {
            try ModelProvider.lockForWriting(path, wait: true)
        })
        XCTAssertEqual(done.model.postings.ids, expected)
        XCTAssertEqual(try ModelFile.read(from: path).postings.ids, expected)
        try check("compacted without the lock")
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
