import Foundation
import Synchronization
import XCTest
import Passerelle
import PasserelleApp
import PasserelleTestSupport

/// `passerelle add`, `remove` and `compact` killed (SIGKILL) at random points: the model and its change
/// log always load, and hold the state before the killed command or after it, never a part of it.
final class ChangeLogCrashTests: XCTestCase {
    /// Starts the binary and kills it after `delay` seconds (if it is still running); returns whether it
    /// finished on its own with status 0.
    func runKilled(_ arguments: [String], after delay: Double) throws -> Bool { try Self.runKilled(arguments, after: delay) }

    static func runKilled(_ arguments: [String], after delay: Double) throws -> Bool {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = CLI.packageRoot
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        if done.wait(timeout: .now() + delay) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            done.wait()
        }
        return process.terminationReason == .exit && process.terminationStatus == 0
    }

    func testKilledWritersLeaveTheOldOrTheNewStateNeverAMix() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("m.plm").path
        try FileManager.default.copyItem(atPath: CLI.shippedModelPath, toPath: model)
        // How long one add takes here, unkilled: the kills are spread over that time.
        let first = dir.appendingPathComponent("first.jsonl")
        try #"{"id": "first", "title": "Développeur backend", "text": "Développeur backend Swift, API REST, PostgreSQL, tests, déploiement continu, Docker."}"#
            .write(to: first, atomically: true, encoding: .utf8)
        let started = Date()
        XCTAssertTrue(try runKilled(["add", "--model", model, first.path], after: 120))
        let addSeconds = Date().timeIntervalSince(started)

        var expected = Set(try ModelProvider.load(path: model).model.postings.ids)
        var generator = SystemRandomNumberGenerator()
        for round in 0 ..< 5 {
            let before = expected
            var after = expected
            let arguments: [String]
            switch round % 5 {
            case 3:
                // compact: the same postings either way.
                arguments = ["compact", "--model", model]
            case 4:
                let victim = expected.sorted()[round]
                after.remove(victim)
                arguments = ["remove", "--model", model, victim]
            default:
                let file = dir.appendingPathComponent("new-\(round).jsonl")
                let lines = (0 ..< 3).map { i in
                    #"{"id": "r\#(round)-\#(i)", "title": "Chargé·e de médiation \#(i)", "text": "Médiation culturelle au musée, ateliers avec les publics, expositions, partenariats avec les artistes \#(round) \#(i)."}"#
                }
                try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
                after.formUnion((0 ..< 3).map { "r\(round)-\($0)" })
                arguments = ["add", "--model", model, file.path]
            }
            let delay = Double.random(in: 0 ..< addSeconds * 1.2, using: &generator)
            let finished = try runKilled(arguments, after: delay)
            let state = Set(try ModelProvider.load(path: model).model.postings.ids)
            XCTAssertTrue(state == before || state == after, "round \(round) (\(arguments[0]) killed after \(delay) s): a mixed state")
            if finished { XCTAssertEqual(state, after, "round \(round): finished but its change is missing") }
            expected = state
        }
        // Whatever the kills left, a last writer and a compaction run cleanly and keep every posting.
        XCTAssertTrue(try runKilled(["compact", "--model", model], after: 120))
        XCTAssertEqual(Set(try ModelProvider.load(path: model).model.postings.ids), expected)
    }

    /// `passerelle compact` killed at random moments while an `add` runs beside it (not killed): the
    /// compaction writes its file without the writers' lock, so the add proceeds meanwhile; whatever
    /// the moment of the kill, the add's postings are there exactly once and nothing else changed.
    func testACompactionKilledWhileAnAddRunsBesideItLosesAndDoublesNothing() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("m.plm").path
        try FileManager.default.copyItem(atPath: CLI.shippedModelPath, toPath: model)
        func postings(_ name: String, count: Int) throws -> (path: String, ids: [String]) {
            let file = dir.appendingPathComponent("\(name).jsonl")
            let ids = (0 ..< count).map { "\(name)-\($0)" }
            try ids.map { #"{"id": "\#($0)", "title": "Chargé·e de médiation", "text": "Médiation culturelle au musée, ateliers avec les publics, expositions, partenariats \#($0)."}"# }
                .joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
            return (file.path, ids)
        }
        // A log to compact, and how long a compaction takes here: the kills are spread over it.
        let first = try postings("first", count: 2)
        XCTAssertTrue(try runKilled(["add", "--model", model, first.path], after: 120))
        var expected = try ModelProvider.load(path: model).model.postings.ids
        let started = Date()
        XCTAssertTrue(try runKilled(["compact", "--model", model], after: 120))
        let compactSeconds = Date().timeIntervalSince(started)
        XCTAssertEqual(try ModelProvider.load(path: model).model.postings.ids, expected)
        var generator = SystemRandomNumberGenerator()
        for round in 0 ..< 3 {
            let added = try postings("r\(round)", count: 2)
            let beforeAdd = try postings("pre\(round)", count: 1)
            XCTAssertTrue(try runKilled(["add", "--model", model, beforeAdd.path], after: 120))
            expected += beforeAdd.ids
            let delay = Double.random(in: 0 ..< compactSeconds * 1.2, using: &generator)
            let addDone = DispatchSemaphore(value: 0)
            let addOK = Mutex(false)
            DispatchQueue.global().async {
                let ok = (try? Self.runKilled(["add", "--model", model, added.path], after: 300)) ?? false
                addOK.withLock { $0 = ok }
                addDone.signal()
            }
            _ = try runKilled(["compact", "--model", model], after: delay)
            addDone.wait()
            XCTAssertTrue(addOK.withLock { $0 }, "round \(round): the add beside the compaction failed")
            expected += added.ids
            let state = try ModelProvider.load(path: model)
            XCTAssertEqual(state.model.postings.ids, expected, "round \(round) (compact killed after \(delay) s): lost or doubled postings")
        }
        XCTAssertTrue(try runKilled(["compact", "--model", model], after: 120))
        XCTAssertEqual(try ModelProvider.load(path: model).model.postings.ids, expected)
        XCTAssertEqual(try ModelFile.read(from: model).postings.ids, expected)
    }
}
