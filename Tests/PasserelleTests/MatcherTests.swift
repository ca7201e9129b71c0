import XCTest
import LinearAlgebra
@testable import Passerelle

final class MatcherTests: XCTestCase {
    func testRankingMatchesBruteForceCosines() throws {
        let model = try TestCorpus.model(dims: 3)
        let matcher = Matcher(model: model, featurizer: TestCorpus.featurizer)
        let (q, matches) = try matcher.rank(text: "concertation des habitants du quartier et participation citoyenne", name: "q", top: 18)
        XCTAssertEqual(matches.count, 18)
        var brute = (0..<model.postingCount).map { j in (j, VectorOps.dot(q.unit, model.postingVectors.column(j))) }
        brute.sort { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
        for (m, b) in zip(matches, brute) {
            XCTAssertEqual(m.score, b.1, accuracy: 1e-5)
            XCTAssertTrue((-1...1).contains(m.score))
        }
        XCTAssertEqual(matches.map(\.rank), Array(1...18))
        XCTAssertEqual(matches[0].id.prefix(2), "t1")
    }

    func testTermContributionsSumToTheScore() throws {
        let model = try TestCorpus.model(dims: 3)
        let matcher = Matcher(model: model, featurizer: TestCorpus.featurizer)
        let (q, matches) = try matcher.rank(text: "médiation culturelle au musée avec les publics et des artistes, api", name: "q", top: 5)
        for m in matches {
            let parts = matcher.contributions(of: q, postingIndex: m.index)
            XCTAssertEqual(parts.map(\.contribution).reduce(0, +), m.score, accuracy: 1e-4)
            XCTAssertEqual(Set(parts.map(\.term)), ["médiation", "culturelle", "musée", "publics", "artistes", "api"])
        }
        let top = matcher.contributions(of: q, postingIndex: matches[0].index, top: 2)
        XCTAssertEqual(top.count, 2)
        XCTAssertGreaterThanOrEqual(abs(top[0].contribution), abs(top[1].contribution))
    }

    func testTooLittleTextIsAnErrorNotAScore() throws {
        let model = try TestCorpus.model(dims: 3)
        let matcher = Matcher(model: model, featurizer: TestCorpus.featurizer)
        XCTAssertThrowsError(try matcher.rank(text: "", name: "empty.txt", top: 3)) { error in
            guard case EngineError.tooLittleText(let why) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("empty.txt"))
        }
        XCTAssertThrowsError(try matcher.rank(text: "musée unknown words only here", name: "few.txt", top: 3))
    }

    func testSimilarExcludesThePostingAndRejectsUnknownIDs() throws {
        let model = try TestCorpus.model(dims: 3)
        let matcher = Matcher(model: model, featurizer: TestCorpus.featurizer)
        let matches = try matcher.similar(toPostingID: "t2-d3", top: 17)
        XCTAssertEqual(matches.count, 17)
        XCTAssertFalse(matches.contains { $0.id == "t2-d3" })
        XCTAssertThrowsError(try matcher.similar(toPostingID: "missing", top: 3)) { error in
            XCTAssertEqual(error as? EngineError, .unknownID("missing"))
        }
        // A typo gets the nearest ids, nearest first.
        XCTAssertThrowsError(try matcher.similar(toPostingID: "T2-d33", top: 3)) { error in
            guard case EngineError.unknownID("T2-d33", let suggestions) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(suggestions.first, "t2-d3")
            XCTAssertTrue((error as? UserFacingError)?.userMessage.contains("did you mean 't2-d3'") == true, "\(error)")
        }
    }
}
