import Foundation
import XCTest
import Passerelle
import PasserelleApp
import PasserelleTestSupport

/// `rank` opens a model for its one query (`ModelFile.TermIndexReading.onDemand`): the term index's rows of
/// the query's terms are read and checked alone. A damaged row the query reads is an error naming the model
/// and nothing on stdout — never a score computed from a damaged or missing row; `similar` by posting id and
/// `info` read the index whole and refuse the file too.
final class DamagedTermRowTests: XCTestCase {
    func testADamagedRowOfTheQuerysTermsFailsTheRankClearly() throws {
        let folder = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("m.plm").path
        try FileManager.default.copyItem(atPath: CLI.shippedModelPath, toPath: model)
        let query = "médiation culturelle avec les publics"
        let before = try CLI.run(["rank", "--text", query, "--model", model, "--format", "json"])
        XCTAssertEqual(before.status, 0, before.stderr)

        // The row of the query's first term: its first weight, flipped in the file.
        let loaded = try ModelProvider.load(path: model)
        let folded = try Matcher(model: loaded.model, featurizer: loaded.featurizer).fold(query, name: "q")
        let index = try XCTUnwrap(loaded.model.baseTermIndex)
        let t = try XCTUnwrap(folded.tfidf.indices.map(Int.init).first { index.rowPointers[$0] < index.rowPointers[$0 + 1] })
        var bytes = try Data(contentsOf: URL(fileURLWithPath: model))
        let tidx = try XCTUnwrap(BadInputTests.section("TIDX", in: bytes))
        let weights = tidx.lowerBound + 8 + 8 * (index.rows + 1) + 4 * index.nonZeroCount
        bytes[weights + 4 * index.rowPointers[t]] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: model))

        let rank = try CLI.run(["rank", "--text", query, "--model", model, "--format", "json"])
        XCTAssertEqual(rank.status, 1, rank.stdout)
        XCTAssertTrue(rank.stderr.contains(model) && rank.stderr.contains("corrupted"), rank.stderr)
        XCTAssertTrue(rank.stdout.isEmpty, "no partial report")
        let id = loaded.model.postings.ids[0]
        for command in [["similar", id, "--model", model], ["info", "--model", model]] {
            let run = try CLI.run(command)
            XCTAssertEqual(run.status, 1, "\(command): \(run.stdout)")
            XCTAssertTrue(run.stderr.contains(model) && run.stderr.contains("corrupted"), "\(command): \(run.stderr)")
        }
    }
}
