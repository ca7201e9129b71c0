import Foundation
import Synchronization
import XCTest
import Passerelle
import PasserelleApp
import PasserelleServer
import PasserelleCore
import PasserelleTestSupport

/// The served model follows the disk: another process's add (its change log) and a model file replaced
/// under the server — even overwritten in place, which used to kill it with SIGBUS (issue 23, item 3) —
/// are taken in by the poll; the server's writes and another process's never lose one another.
final class ModelStoreLiveTests: XCTestCase {
    var folder: URL!
    var path: String!
    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("model.plm").path
        try FileManager.default.copyItem(atPath: TestModel.path, toPath: path)
    }
    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    /// Waits (up to `seconds`: the store polls every 0.2 s, the deadline is for a loaded machine) until
    /// `condition` holds on the served snapshot; returns whether it did.
    func eventually(_ store: ModelStore, within seconds: Double = Wait.defaultSeconds, _ condition: (ModelSnapshot) -> Bool) -> Bool {
        (try? Wait.until("the served snapshot", within: seconds) { condition(store.snapshot) }) != nil
    }

    /// What another process's `passerelle add` does (its own lock descriptor, its own read of the files).
    func addAsAnotherProcess(_ id: String) throws { try Self.addAsAnotherProcess(id, path: path) }

    static func addAsAnotherProcess(_ id: String, path: String) throws {
        var loaded = try ModelProvider.load(path: path, forWriting: true)
        try ModelEditing.add([Document(id: id, title: "Ajouté ailleurs", text: "Design de services publics, ateliers avec les usagers, médiation culturelle.")], to: &loaded)
        loaded.lock?.release()
    }

    func testAnotherProcessAddIsSeenByThePoll() throws {
        let store = try ModelStore(modelPath: path)
        let before = store.snapshot
        try addAsAnotherProcess("from-cli")
        XCTAssertTrue(eventually(store) { $0.model.postingIndex(id: "from-cli") != nil }, "the server never saw the add")
        let after = store.snapshot
        XCTAssertEqual(after.model.postingCount, before.model.postingCount + 1)
        XCTAssertGreaterThan(after.generation, before.generation)
        // Applied from the log, not by reading the model again: the same bits as a fresh load.
        let fresh = try ModelProvider.load(path: path).model
        XCTAssertEqual(after.model.postings.ids, fresh.postings.ids)
        XCTAssertEqual(after.model.postingVectors.values, fresh.postingVectors.values)
    }

    func testAModelFileReplacedOrOverwrittenUnderTheServerIsReloadedWithoutACrash() throws {
        let store = try ModelStore(modelPath: path)
        let cv = Document(id: "cv", title: "", text: "Développeur backend, API REST, bases de données, tests, déploiement continu, Docker, Kubernetes, médiation culturelle.")
        _ = try store.snapshot.service.rank(cv: cv, file: nil, options: QueryOptions(top: 5))
        // Another model, with fewer postings.
        var other = try ModelFile.read(from: path)
        try other.remove(ids: Array(other.postings.ids.prefix(3)))
        let otherPath = folder.appendingPathComponent("other.plm").path
        try ModelFile.write(other, to: otherPath)
        // `cp other.plm model.plm`: the same file rewritten in place (truncated, then written).
        let bytes = try Data(contentsOf: URL(fileURLWithPath: otherPath))
        let fd = open(path, O_WRONLY | O_TRUNC)
        XCTAssertGreaterThanOrEqual(fd, 0)
        // Half-written first: a reader of the old snapshot must not crash (it used to: SIGBUS).
        _ = bytes.prefix(bytes.count / 2).withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
        for i in 0 ..< store.snapshot.model.postingCount { _ = store.snapshot.model.postings.text(at: i) }
        _ = try? store.snapshot.service.rank(cv: cv, file: nil, options: QueryOptions(top: 5))
        _ = bytes.suffix(from: bytes.count / 2).withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
        close(fd)
        XCTAssertTrue(eventually(store) { $0.model.postingCount == other.postingCount }, "the replaced model was never loaded")
        let report = try store.snapshot.service.rank(cv: cv, file: nil, options: QueryOptions(top: 5))
        XCTAssertEqual(report.matches.count, 5)
        // Replaced by rename (index --out): loaded too.
        try ModelFile.write(try ModelFile.read(from: TestModel.path), to: path)
        let full = try ModelFile.read(from: TestModel.path).postingCount
        XCTAssertTrue(eventually(store) { $0.model.postingCount == full }, "the renamed model was never loaded")
    }

    /// The server's writes and another process's, interleaved: every posting of both is kept, on disk and
    /// in the served model.
    func testServerAndAnotherProcessWritingAtOnceLoseNothing() async throws {
        // The other writer holds the lock while it loads the model (seconds in a debug build): the server
        // waits for it rather than answering 409 (tested in PostingsAPITests).
        let store = try ModelStore(modelPath: path, lockWaitSeconds: 300)
        let before = store.snapshot.model.postingCount
        let path: String = self.path
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for i in 0 ..< 4 {
                    _ = try await store.edit { loaded in
                        try ModelEditing.add([Document(id: "srv-\(i)", title: "Serveur \(i)", text: "Médiation culturelle et participation citoyenne, atelier \(i).")], to: &loaded)
                    }
                }
            }
            group.addTask {
                for i in 0 ..< 4 { try Self.addAsAnotherProcess("cli-\(i)", path: path) }
            }
            try await group.waitForAll()
        }
        let served = try await store.refresh()
        let onDisk = try ModelProvider.load(path: path).model
        for m in [served.model, onDisk] {
            XCTAssertEqual(m.postingCount, before + 8)
            for i in 0 ..< 4 {
                XCTAssertNotNil(m.postingIndex(id: "srv-\(i)"))
                XCTAssertNotNil(m.postingIndex(id: "cli-\(i)"))
            }
        }
        XCTAssertEqual(served.model.postings.ids, onDisk.postings.ids)
    }

    /// A compaction never blocks edits: it is held after writing its file (before its install) while the
    /// server and another process add and remove; those edits complete meanwhile (on the old code they
    /// waited for the compaction on the writers' queue). Once installed, the model file holds the
    /// compacted postings, the log only the records appended meanwhile, and disk and served model hold
    /// every posting exactly once, in the same order, with the same vectors.
    func testACompactionDoesNotBlockEditsAndLosesNoneOfTheirs() async throws {
        let written = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), ended = DispatchSemaphore(value: 0)
        let installed = Mutex<[Bool]>([])
        let store = try ModelStore(modelPath: path, lockWaitSeconds: 300, compaction: .init(threshold: 0, prepared: {
            written.signal()
            release.wait()
        }, ended: { ok in
            installed.withLock { $0.append(ok) }
            ended.signal()
        }))
        let base = store.snapshot.model.postings.ids
        func add(_ id: String) async throws {
            _ = try await store.edit { loaded in
                try ModelEditing.add([Document(id: id, title: "Serveur", text: "Médiation culturelle et participation citoyenne, atelier \(id).")], to: &loaded)
            }
        }
        // The first edit starts a compaction (threshold 0), which holds once its file is written.
        try await add("srv-0")
        await Self.wait(written)
        // Meanwhile: edits by the server and by another process, an add and a remove of a compacted posting.
        try await add("srv-1")
        try Self.addAsAnotherProcess("cli-0", path: path)
        _ = try await store.edit { loaded in try ModelEditing.remove(ids: ["srv-0"], from: &loaded) }
        try await add("srv-2")
        let expected = base + ["srv-1", "cli-0", "srv-2"]
        XCTAssertEqual(store.snapshot.model.postings.ids, expected)
        // Later edits start no second compaction while one runs.
        release.signal()
        await Self.wait(ended)
        XCTAssertEqual(installed.withLock { $0 }, [true])
        // The model file holds the log as the compaction read it (srv-0 added); the log the rest, rebased.
        let file = try ModelFile.readWithIdentity(from: path)
        XCTAssertEqual(file.model.postings.ids, base + ["srv-0"])
        XCTAssertNotNil(file.identity.includesLog)
        let onDisk = try ModelProvider.load(path: path)
        XCTAssertEqual(onDisk.log?.carried, false, "the log was not rebased onto the new model")
        XCTAssertEqual(onDisk.log?.records, 4)
        let served = try await store.refresh()
        for m in [served.model, onDisk.model] {
            XCTAssertEqual(m.postings.ids, expected)
        }
        XCTAssertEqual(served.model.postingVectors.values, onDisk.model.postingVectors.values)
        XCTAssertEqual(served.loaded.identity, onDisk.identity)
        // And the server goes on writing to the rebased log (and compacts it again, unheld this time).
        release.signal()
        try await add("srv-3")
        await Self.wait(ended)
        XCTAssertEqual(installed.withLock { $0 }, [true, true])
        // The served model is the compacted one, in one segment (not the delta the adds built).
        XCTAssertEqual(store.snapshot.model.delta.count, 0)
        XCTAssertEqual(store.snapshot.model.basePostingCount, expected.count + 1)
        XCTAssertEqual(try ModelProvider.load(path: path).model.postings.ids, expected + ["srv-3"])
        XCTAssertEqual(try ModelFile.read(from: path).postings.ids, expected + ["srv-3"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".log"))
    }

    /// Another process compacts what the server holds: the server follows it without reading the model
    /// again (same postings: the generation stays) and goes on applying the log, written by either side.
    func testACompactionByAnotherProcessIsFollowedWithoutReloading() async throws {
        let store = try ModelStore(modelPath: path, lockWaitSeconds: 300, watch: false)
        try addAsAnotherProcess("cli-0")
        _ = try await store.edit { loaded in
            try ModelEditing.add([Document(id: "srv-0", title: "Serveur", text: "Médiation culturelle et participation citoyenne.")], to: &loaded)
        }
        let before = try await store.refresh()
        // `passerelle compact` in another process: the file written without the lock, another add meanwhile.
        let read = try ModelProvider.load(path: path)
        let prepared = try XCTUnwrap(try LiveModel.prepareCompaction(read))
        try addAsAnotherProcess("cli-1")
        var locked = try ModelProvider.load(path: path, forWriting: true)
        XCTAssertTrue(try LiveModel.installCompaction(prepared, into: &locked))
        locked.lock?.release()
        let after = try await store.refresh()
        XCTAssertEqual(after.generation, before.generation + 1, "only cli-1 changed the postings: the model was read again")
        let onDisk = try ModelProvider.load(path: path)
        XCTAssertEqual(after.loaded.identity, onDisk.identity)
        XCTAssertEqual(after.loaded.log, onDisk.log)
        XCTAssertEqual(after.model.postings.ids, onDisk.model.postings.ids)
        XCTAssertEqual(after.model.postingVectors.values, onDisk.model.postingVectors.values)
        XCTAssertEqual(after.model.termIndex, onDisk.model.termIndex)
        // Compacted again with nothing after it: the log goes, the postings stay, the generation too.
        locked = try ModelProvider.load(path: path, forWriting: true)
        try LiveModel.compact(&locked)
        locked.lock?.release()
        let again = try await store.refresh()
        XCTAssertEqual(again.generation, after.generation)
        XCTAssertEqual(again.loaded.identity, try ModelProvider.load(path: path).identity)
        _ = try await store.edit { loaded in
            try ModelEditing.add([Document(id: "srv-1", title: "Serveur", text: "Médiation culturelle, ateliers.")], to: &loaded)
        }
        XCTAssertEqual(try ModelProvider.load(path: path).model.postings.ids, onDisk.model.postings.ids + ["srv-1"])
    }

    /// Waits for a semaphore off the concurrency pool.
    static func wait(_ semaphore: DispatchSemaphore) async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async { semaphore.wait(); c.resume() }
        }
    }

    /// An edit that reaches the writers' queue after its deadline is not made and says so (503): a request
    /// answered "over the time limit" changed nothing, and a backlog of expired edits drains at once.
    func testAnEditPastItsDeadlineChangesNothingAndAnswers503() async throws {
        let store = try ModelStore(modelPath: path)
        let before = store.snapshot
        let logBefore = try? Data(contentsOf: URL(fileURLWithPath: path + ".log"))
        do {
            _ = try await store.edit(before: ContinuousClock.now - .seconds(1)) { loaded in
                try ModelEditing.add([Document(id: "late", title: "Trop tard", text: "Médiation culturelle et participation citoyenne.")], to: &loaded)
            }
            XCTFail("an expired edit was made")
        } catch let error as APIError {
            XCTAssertEqual(error.status, .serviceUnavailable)
            XCTAssertTrue(error.message.contains("nothing was changed"), error.message)
        }
        XCTAssertEqual(store.snapshot.generation, before.generation)
        XCTAssertNil(store.snapshot.model.postingIndex(id: "late"))
        XCTAssertEqual(try? Data(contentsOf: URL(fileURLWithPath: path + ".log")), logBefore)
        // One within its deadline is made.
        _ = try await store.edit(before: ContinuousClock.now + .seconds(600)) { loaded in
            try ModelEditing.add([Document(id: "in-time", title: "À temps", text: "Médiation culturelle et participation citoyenne.")], to: &loaded)
        }
        XCTAssertNotNil(store.snapshot.model.postingIndex(id: "in-time"))
    }
}
