import Foundation
import XCTest
import DocumentReaders
import Passerelle
@testable import PasserelleApp
import PasserelleCore

/// Issue 23, in process: a command never destroys its own inputs (`OutputGuard`), a failed batch leaves its
/// previous output untouched, `--resume` notices a pool edited in place, `info` no longer counts removed
/// postings as added, and HTML reports carry no control character.
final class OwnInputsTests: XCTestCase {
    var dir: URL!
    override func setUp() { dir = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-own-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }
    func bytes(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }

    /// A copy of the shared test model that this test may change, loaded from its own file.
    func modelCopy(_ name: String = "m.plm") throws -> ModelProvider.Loaded {
        try ModelFile.write(try ShippedModel.loaded().model, to: path(name))
        return try ModelProvider.load(path: path(name))
    }

    static let text = "Médiation culturelle, ateliers avec les publics du musée, projets participatifs et visites guidées"
    func pool(_ name: String, count: Int, badLine: Int? = nil) throws -> String {
        let lines = (1 ... count).map { i in
            i == badLine ? "{\"id\": \"broken" : "{\"id\": \"c\(i)\", \"title\": \"C \(i)\", \"text\": \"\(Self.text) \(i)\"}"
        }
        return try write(name, lines.joined(separator: "\n") + "\n")
    }

    // MARK: the rule

    func testTheSameFileIsFoundThroughSymbolicAndHardLinksAndOtherSpellings() throws {
        let input = try write("in.jsonl", "x\n")
        try FileManager.default.createSymbolicLink(atPath: path("link.jsonl"), withDestinationPath: input)
        XCTAssertEqual(link(input, path("hard.jsonl")), 0)
        for output in [input, path("link.jsonl"), path("hard.jsonl"), dir.path + "/./in.jsonl", dir.path + "/sub/../in.jsonl"] {
            try? FileManager.default.createDirectory(atPath: path("sub"), withIntermediateDirectories: true)
            XCTAssertThrowsError(try OutputGuard.check(output: output, inputs: [(input, "the pool")]), output) { error in
                XCTAssertTrue("\(error)".contains("is the pool"), "\(error)")
                XCTAssertTrue("\(error)".contains(output), "the output is named: \(error)")
            }
        }
        // Another file, a file not there yet, standard input: fine.
        XCTAssertNoThrow(try OutputGuard.check(output: try write("other.jsonl", "x\n"), inputs: [(input, "the pool")]))
        XCTAssertNoThrow(try OutputGuard.check(output: path("new.jsonl"), inputs: [(input, "the pool")]))
        XCTAssertNoThrow(try OutputGuard.check(output: input, inputs: [("-", "the CV")]))
        XCTAssertEqual(String(decoding: bytes(input), as: UTF8.self), "x\n")
    }

    // MARK: batch

    func testBatchRefusesToWriteOverItsModelOrItsPoolAndChangesNeither() throws {
        let loaded = try modelCopy()
        let model = bytes(loaded.path)
        let pool = try pool("pool.jsonl", count: 3)
        let poolBytes = bytes(pool)
        try FileManager.default.createSymbolicLink(atPath: path("alias.plm"), withDestinationPath: loaded.path)
        for (out, role) in [(loaded.path, "the model"), (path("alias.plm"), "the model"), (pool, "a candidate file")] {
            XCTAssertThrowsError(try BatchRun.run(BatchSettings(candidates: [pool]), loaded: loaded, destination: .file(path: out, resume: false))) {
                XCTAssertTrue("\($0)".contains(role), "\($0)")
            }
        }
        XCTAssertEqual(bytes(loaded.path), model, "the model is untouched (it was truncated under its mapping: SIGBUS)")
        XCTAssertEqual(bytes(pool), poolBytes, "the pool is untouched (it was emptied)")
        XCTAssertNoThrow(try ModelProvider.load(path: loaded.path))
    }

    func testAFailingBatchLeavesTheExistingOutputAsItWasAndNoPartialFile() throws {
        let loaded = try ShippedModel.loaded()
        let out = try write("rows.jsonl", "the previous run's rows\n")
        let pool = try pool("pool.jsonl", count: 3, badLine: 2)
        XCTAssertThrowsError(try BatchRun.run(BatchSettings(candidates: [pool]), loaded: loaded, destination: .file(path: out, resume: false))) {
            XCTAssertTrue("\($0)".contains("pool.jsonl:2"), "\($0)")
        }
        XCTAssertEqual(String(decoding: bytes(out), as: UTF8.self), "the previous run's rows\n", "was cut to 0 bytes")
        XCTAssertFalse(FileManager.default.fileExists(atPath: BatchCheckpoint.partialPath(forOutput: out)), "no checkpoint: nothing to resume")
        // A run that succeeds replaces it whole.
        let good = try self.pool("good.jsonl", count: 3)
        _ = try BatchRun.run(BatchSettings(candidates: [good]), loaded: loaded, destination: .file(path: out, resume: false))
        XCTAssertTrue(String(decoding: bytes(out), as: UTF8.self).hasPrefix("{\"direction\": \"candidate\", \"id\": \"c1\""))
        XCTAssertFalse(FileManager.default.fileExists(atPath: BatchCheckpoint.partialPath(forOutput: out)))
    }

    /// An interrupted run (a bad record after a checkpoint), then the pool edited in place: same path, same
    /// record count, same size — resuming would mix rows of both. Refused; resuming the same bytes is not.
    func testResumeRefusesAPoolEditedInPlaceButResumesTheSameOne() throws {
        let loaded = try ShippedModel.loaded()
        let out = path("rows.jsonl")
        let pool = try pool("pool.jsonl", count: 6, badLine: 6)
        var settings = BatchSettings(candidates: [pool])
        settings.blockSize = 1
        settings.checkpointInterval = 0
        settings.pipelined = false
        XCTAssertThrowsError(try BatchRun.run(settings, loaded: loaded, destination: .file(path: out, resume: false)))
        XCTAssertNotNil(try BatchCheckpoint.read(from: BatchCheckpoint.path(forOutput: out)), "interrupted after a checkpoint")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "the output appears only when complete")
        // The same pool: resumed (and it fails again on the same record, not on a changed pool).
        XCTAssertThrowsError(try BatchRun.run(settings, loaded: loaded, destination: .file(path: out, resume: true))) {
            XCTAssertTrue("\($0)".contains("pool.jsonl:6"), "\($0)")
        }
        // Record 1 edited in place, same length: the pool's size and count are unchanged.
        let before = bytes(pool)
        var edited = String(decoding: before, as: UTF8.self)
        edited = edited.replacingOccurrences(of: "\"C 1\"", with: "\"X 1\"")
        try Data(edited.utf8).write(to: URL(fileURLWithPath: pool))
        XCTAssertEqual(bytes(pool).count, before.count)
        XCTAssertThrowsError(try BatchRun.run(settings, loaded: loaded, destination: .file(path: out, resume: true))) {
            XCTAssertTrue("\($0)".contains("the candidates changed since the checkpoint"), "\($0)")
        }
    }

    // MARK: info

    func testPostingsAddedThenRemovedAreNoLongerCountedAsAdded() throws {
        var loaded = try modelCopy()
        let original = loaded.model.postingCount
        let documents = (1 ... 3).map { Document(id: "new-\($0)", title: "Nouveau \($0)", text: "\(Self.text) \($0) zorglubesque quasimodesque") }
        try ModelEditing.add(documents, to: &loaded)
        XCTAssertEqual(ModelDescription(model: loaded.model, path: loaded.path).postingsAdded, 3)
        // One fitted posting and one added one go: two added are left.
        try ModelEditing.remove(ids: [loaded.model.postings.ids[0], "new-2"], from: &loaded)
        var reloaded = try ModelProvider.load(path: loaded.path)
        var description = ModelDescription(model: reloaded.model, path: reloaded.path)
        XCTAssertEqual(description.postings, original + 1)
        XCTAssertEqual(description.postingsAdded, 2, "the removed posting was still counted as added")
        XCTAssertGreaterThan(description.unseenTermRatio, 0)
        try ModelEditing.remove(ids: ["new-1", "new-3"], from: &reloaded)
        description = ModelDescription(model: reloaded.model, path: reloaded.path)
        XCTAssertEqual(description.postingsAdded, 0)
        XCTAssertEqual(description.unseenTermRatio, 0, "no added posting left: no unseen share")
        XCTAssertFalse(description.refitAdvised)
    }

    // MARK: HTML

    func testHTMLReportsCarryNoControlCharacterFromIdsTitlesOrText() throws {
        let service = MatchService(loaded: try ShippedModel.loaded())
        let cvText = try ShippedModel.cv("cv-fr-design").text
        let hostile = "\u{1B}]0;pwned\u{07}\u{1B}[2J\u{0}\u{9B}\u{202E}"
        let cv = Document(id: "cv\(hostile)", title: "Titre\(hostile)", text: "Gestion de projet\(hostile) culturel.\n" + cvText)
        let q = try service.rank(cv: cv, file: "cv\(hostile).txt", options: QueryOptions(top: 5))
        var report = try service.report(command: "rank", queries: [q])
        report.generated = "2026-12-03"
        let html = try ReportRenderer.render(report, format: .html, style: .plain, width: 100)
        let controls = html.unicodeScalars.filter { ($0.value < 0x20 && !["\n", "\t", "\r"].contains($0)) || (0x7F ... 0x9F).contains($0.value) || $0 == "\u{202E}" }
        XCTAssertEqual(controls.map { String(format: "U+%04X", $0.value) }, [])
        XCTAssertTrue(html.contains("␛]0;pwned␇"), "shown as visible stand-ins")
    }
}
