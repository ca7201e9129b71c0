import Foundation
import XCTest
import DocumentReaders
import Passerelle
import PasserelleApp
import PasserelleCore

/// `BatchRun` through the public API, as a server streaming rows to a response would use it.
final class BatchRunTests: XCTestCase {
    nonisolated(unsafe) static var loaded: ModelProvider.Loaded?
    nonisolated(unsafe) static var folder: URL?

    /// The target's shipped-postings model (`ShippedModel`) and a temporary folder for the outputs.
    override class func setUp() {
        super.setUp()
        do {
            loaded = try ShippedModel.loaded()
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-batchrun-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            folder = dir
        } catch {
            XCTFail("setUp: \(error)")
        }
    }

    override class func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
        super.tearDown()
    }

    /// Collects the rows in memory.
    final class Collected: BatchOutput {
        var text = ""
        var pending = ""
        var flushes = 0
        var bytes: Int { text.utf8.count }
        func write(_ text: String) { pending += text }
        func flush() throws { text += pending; pending = ""; flushes += 1 }
        func sync() throws { try flush() }
    }

    func testStreamedRowsEqualTheFileRowsAndEveryCandidateAndPostingHasOne() throws {
        let loaded = try XCTUnwrap(Self.loaded)
        var settings = BatchSettings(candidates: [ShippedModel.root.appendingPathComponent("Data/candidates").path])
        settings.top = 3
        settings.blockSize = 2   // several blocks: rows streamed as blocks finish
        let stream = Collected()
        var progress = [Int]()
        var events = BatchEvents()
        events.progress = { progress.append($0) }
        let summary = try BatchRun.run(settings, loaded: loaded, destination: .stream(stream), events: events)
        let candidates = try FileManager.default.contentsOfDirectory(atPath: ShippedModel.root.appendingPathComponent("Data/candidates").path).filter { $0.hasSuffix(".txt") }
        XCTAssertEqual(summary.scored, candidates.count)
        XCTAssertEqual(summary.postings, loaded.model.postingCount)
        XCTAssertEqual(progress.last, candidates.count)
        XCTAssertEqual(progress, progress.sorted(), "progress only grows")
        XCTAssertGreaterThan(stream.flushes, 2, "rows are handed on block by block, not at the end")
        let rows = stream.text.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertEqual(rows.filter { $0?["direction"] as? String == "candidate" }.count, candidates.count)
        XCTAssertEqual(rows.filter { $0?["direction"] as? String == "posting" }.count, loaded.model.postingCount)
        for row in rows { XCTAssertEqual((row?["matches"] as? [Any])?.count ?? -1, row?["direction"] as? String == "candidate" ? 3 : min(3, candidates.count)) }

        // The same run to a file gives the same bytes (one pipeline, whatever the destination).
        let out = try XCTUnwrap(Self.folder).appendingPathComponent("rows.jsonl").path
        _ = try BatchRun.run(settings, loaded: loaded, destination: .file(path: out, resume: false))
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), stream.text)
    }

    func testAnEmptyPoolIsAnErrorNotRowsOfNothing() throws {
        let loaded = try XCTUnwrap(Self.loaded)
        let empty = try XCTUnwrap(Self.folder).appendingPathComponent("empty.jsonl")
        try Data().write(to: empty)
        XCTAssertThrowsError(try BatchRun.run(BatchSettings(candidates: [empty.path]), loaded: loaded, destination: .stream(Collected()))) { error in
            XCTAssertTrue((error as? UserFacingError)?.userMessage.contains("no candidate") == true, "\(error)")
        }
    }
}
