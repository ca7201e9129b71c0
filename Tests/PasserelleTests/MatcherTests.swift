import XCTest
import LinearAlgebra
@testable import Passerelle
import PasserelleCore

final class MatcherTests: XCTestCase {
    func testRankingMatchesBruteForceCosines() throws {
        let model = try TestCorpus.model(dims: 3)
        let matcher = Matcher(model: model, featurizer: TestCorpus.featurizer)
        let (q, matches) = try matcher.rank(text: "concertation des habitants du quartier et participation citoyenne", name: "q", top: 18)
        XCTAssertEqual(matches.count, 18)
        // The hybrid score: α · latent cosine + (1 − α) · term cosine.
        let side = try XCTUnwrap(model.termSide)
        let alpha = side.latentShare
        var brute = (0..<model.postingCount).map { j -> (Int, Float) in
            let term = zip(q.tfidf.indices, q.tfidf.values).map { Double($0.1) * Double(side.weight(item: j, feature: Int($0.0))) }.reduce(0, +)
            return (j, alpha * VectorOps.dot(q.unit, model.postingVectors.column(j)) + (1 - alpha) * Float(term))
        }
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
            // The hybrid score's terms (latent and term halves together) still sum to it.
            XCTAssertNotNil(model.termSide)
            XCTAssertEqual(parts.map(\.contribution).reduce(0, +), m.score, accuracy: 1e-4)
            XCTAssertEqual(Set(parts.map(\.term)), ["médiation", "culturelle", "musée", "publics", "artistes", "api"])
        }
        let top = matcher.contributions(of: q, postingIndex: matches[0].index, top: 2)
        XCTAssertEqual(top.count, 2)
        XCTAssertGreaterThanOrEqual(abs(top[0].contribution), abs(top[1].contribution))
    }

    /// The query's basis rows gathered once (issue 25g) give the same contributions, bit for bit, as the
    /// strided pass over V per term and posting: `exactDot` sums in the same order whatever the stride.
    func testContributionsFromGatheredBasisRowsAreTheSameBits() throws {
        let model = try TestCorpus.model(dims: 7)
        XCTAssertGreaterThanOrEqual(model.dimensions, 5, "k ≥ 5 takes the four-lane path and its tail")
        let matcher = Matcher(model: model, featurizer: TestCorpus.featurizer)
        var compared = 0
        for text in ["médiation culturelle au musée avec les publics et des artistes, api",
                     "concertation des habitants du quartier et participation citoyenne", "développeur api backend swift données"] {
            let (q, matches) = try matcher.rank(text: text, name: "q", top: 18)
            let rows = matcher.basisRows(of: q)
            for m in matches {
                let strided = matcher.contributions(of: q, postingIndex: m.index)
                let gathered = matcher.contributions(of: q, postingIndex: m.index, rows: rows)
                XCTAssertEqual(gathered.map(\.term), strided.map(\.term))
                XCTAssertEqual(gathered.map(\.contribution.bitPattern), strided.map(\.contribution.bitPattern))
                compared += strided.count
            }
        }
        XCTAssertGreaterThan(compared, 100)
    }

    func testTooLittleTextIsAnErrorNotAScore() throws {
        let model = try TestCorpus.model(dims: 3)
        let matcher = Matcher(model: model, featurizer: TestCorpus.featurizer)
        XCTAssertThrowsError(try matcher.rank(text: "", name: "empty.txt", top: 3)) { error in
            guard case EngineError.tooLittleText(let why) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("empty.txt"))
        }
        XCTAssertThrowsError(try matcher.rank(text: "words the model never saw", name: "unknown.txt", top: 3)) { error in
            guard case EngineError.tooLittleText(let why) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("no term the model knows"), why)
        }
    }

    /// Issue 29: one known term is enough to rank (a job title, a few words): `QueryAcceptance`.
    func testOneKnownTermRanksByItsTerm() throws {
        let model = try TestCorpus.model(dims: 3)
        let matcher = Matcher(model: model, featurizer: TestCorpus.featurizer)
        XCTAssertEqual(matcher.minimumKnownTerms, QueryAcceptance.minimumKnownTerms)
        XCTAssertEqual(QueryAcceptance.minimumKnownTerms, 1)
        let (q, matches) = try matcher.rank(text: "musée unknown words only here", name: "few.txt", top: 3)
        XCTAssertEqual(q.coverage.total - q.coverage.unseen, 1)
        XCTAssertEqual(matches.count, 3)
        XCTAssertTrue(matches.allSatisfy { $0.id.hasPrefix("t0") }, "\(matches)")
        // The batch path folds it the same way (the one rule).
        let block = try BatchScorer.fold([Document(id: "few", title: "", text: "musée unknown words only here")], model: model,
                                         featurizer: TestCorpus.featurizer)
        XCTAssertNotNil(block.columns[0])
    }

    /// Postings added after the fit get their term vectors: an added copy of a posting scores exactly as
    /// the original for any query, and a removal keeps the others' vectors.
    func testAddedAndRemovedPostingsKeepTermVectors() throws {
        var model = try TestCorpus.model(dims: 3)
        let original = TestCorpus.documents()[4]
        try model.add([Document(id: "copy", title: "copy", text: original.text)], featurizer: TestCorpus.featurizer)
        let side = try XCTUnwrap(model.termSide)
        XCTAssertEqual(side.itemVector(model.postingCount - 1), side.itemVector(4))
        let matcher = Matcher(model: model, featurizer: TestCorpus.featurizer)
        let (_, matches) = try matcher.rank(text: "médiation culturelle au musée", name: "q", top: model.postingCount)
        let scores = Dictionary(uniqueKeysWithValues: matches.map { ($0.id, $0.score) })
        XCTAssertEqual(scores["copy"], scores[original.id])
        let before = side.itemVector(10)
        try model.remove(ids: [TestCorpus.documents()[2].id])
        XCTAssertEqual(model.termSide!.itemVector(9), before)
        XCTAssertEqual(model.termIndex!.cols, model.postingCount)
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
