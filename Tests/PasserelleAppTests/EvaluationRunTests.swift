import XCTest
import Foundation
import Passerelle
import PasserelleApp
import PasserelleCore
import DocumentReaders
import PasserelleTestSupport

/// `EvaluationRun` (the use case of `passerelle eval`), in process, on the eight postings of `IndexRunTests`.
final class EvaluationRunTests: XCTestCase {
    /// The model of the eight postings, and its folder.
    func smallModel() throws -> (ModelProvider.Loaded, URL) {
        let folder = try IndexRunTests.postingFolder()
        let root = folder.deletingLastPathComponent()
        let out = root.appendingPathComponent("m.plm").path
        _ = try IndexRun(settings: IndexRunTests.settings(), home: ProjectHome(root: TestFixtures.packageRoot)).run(postings: [folder.path], out: out, lock: IndexRunTests.lock)
        return (try ModelProvider.load(path: out), root)
    }

    /// Task similar: each posting's query is itself, its relevant document the other of its pair.
    func testSimilarTaskMeasuresTheModelAndBaselinesAndSweeps() throws {
        let (loaded, root) = try smallModel()
        let qrels = root.appendingPathComponent("pairs.qrels")
        let pairs = ["cook", "dev", "nurse", "driver"].flatMap { t in ["\(t)-1 0 \(t)-2 1", "\(t)-2 0 \(t)-1 1"] }
        try (pairs.joined(separator: "\n") + "\n").write(to: qrels, atomically: true, encoding: .utf8)
        var settings = EvaluationRun.Settings(task: .similar, queries: [], qrels: qrels.path)
        settings.sweep = [2, 3]
        settings.plot = root.appendingPathComponent("sweep.svg").path
        let notices = IndexRunTests.Notices()
        let outcome = try EvaluationRun(settings: settings, notice: notices.add).run(loaded)
        XCTAssertEqual(outcome.harness.queries.count, 8)
        XCTAssertEqual(outcome.corpusCount, 8)
        let names = outcome.results.map(\.system)
        XCTAssertTrue(names[0].hasPrefix("lsa k=4"), "the model first: \(names)")
        XCTAssertTrue(names.contains("lsa-plain k=4"), "\(names)")
        XCTAssertTrue(names.contains("tfidf-cosine") && names.contains("bm25"), "\(names)")
        for r in outcome.results {
            for (metric, value) in r.mean { XCTAssertTrue((0...1).contains(value), "\(r.system) \(metric) = \(value)") }
        }
        // The pairs share their words: the lexical baseline finds every partner first.
        let tfidf = try XCTUnwrap(outcome.results.first { $0.system == "tfidf-cosine" })
        XCTAssertEqual(tfidf.mean[.mrr]!, 1, accuracy: 1e-9)
        XCTAssertEqual(outcome.sweep.map(\.requested), [2, 3])
        XCTAssertEqual(outcome.sweep.map(\.actual), [2, 3])
        let svg = try String(contentsOfFile: settings.plot!, encoding: .utf8)
        XCTAssertTrue(svg.contains("<svg") && svg.contains("pairs: quality against k (8 queries, 8 documents)"), String(svg.prefix(300)))
        XCTAssertEqual(notices.all.filter { $0.hasPrefix("sweep k = ") }.count, 2, "\(notices.all)")
        XCTAssertEqual(notices.all.last, "wrote \(settings.plot!)")
    }

    func testModelAloneQueriesFromAnIdsFileAndUnknownIds() throws {
        let (loaded, root) = try smallModel()
        let qrels = root.appendingPathComponent("q.qrels")
        try "cook-1 0 cook-2 1\ndev-1 0 dev-2 1\n".write(to: qrels, atomically: true, encoding: .utf8)
        let ids = root.appendingPathComponent("ids.txt")
        try "cook-1\n\n".write(to: ids, atomically: true, encoding: .utf8)
        var settings = EvaluationRun.Settings(task: .similar, queries: [ids.path], qrels: qrels.path)
        settings.baselines = false
        let notices = IndexRunTests.Notices()
        let outcome = try EvaluationRun(settings: settings, notice: notices.add).run(loaded)
        XCTAssertEqual(outcome.results.count, 1, "the model alone: \(outcome.results.map(\.system))")
        XCTAssertEqual(outcome.harness.queries.map(\.id), ["cook-1"])
        XCTAssertTrue(notices.all.contains { $0.hasPrefix("warning: 1 judged queries are not among the queries given") }, "\(notices.all)")
        try "cook-1\nnobody\n".write(to: ids, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try EvaluationRun(settings: settings).run(loaded)) {
            XCTAssertTrue("\($0)".contains("'nobody' is not a corpus id"), "\($0)")
        }
    }
}
