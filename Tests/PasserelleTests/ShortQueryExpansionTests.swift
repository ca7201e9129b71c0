import XCTest
import LinearAlgebra
@testable import Passerelle
import PasserelleCore

/// Issue 29b: the unknown words of a short query are replaced by their nearest vocabulary terms
/// (character n-grams, `ShortQueryExpansion`), in the one fold, for queries only.
final class ShortQueryExpansionTests: XCTestCase {
    func model(neighbours: Int?) throws -> LSAModel {
        var settings = TestCorpus.settings()
        settings.shortQueryNeighbours = neighbours
        return try LSAModel.fit(postings: TestCorpus.documents(), featurizer: TestCorpus.featurizer, settings: settings)
    }

    func testNewModelsExpandByDefaultAndTheSettingSurvivesTheFile() throws {
        let m = try model(neighbours: nil)
        XCTAssertEqual(m.settings.shortQueryNeighbours, ShortQueryExpansion.defaultNeighbours)
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("m.plm").path
        _ = try ModelFile.write(try model(neighbours: 2), to: path)
        XCTAssertEqual(try ModelFile.read(from: path).settings.shortQueryNeighbours, 2)
    }

    /// "musées culturel": both words unknown (the vocabulary has "musée", "culturelle"); without the rule
    /// the title is refused, with it the title ranks the museum topic first, and its vector holds the
    /// neighbours weighted by n-gram cosine × tf · idf.
    func testUnknownWordsOfATitleMeetTheirNeighbours() throws {
        let off = Matcher(model: try model(neighbours: 0), featurizer: TestCorpus.featurizer)
        XCTAssertThrowsError(try off.rank(text: "musées culturel", name: "title", top: 3))
        let m = try model(neighbours: 3)
        let on = Matcher(model: m, featurizer: TestCorpus.featurizer)
        let (q, matches) = try on.rank(text: "musées culturel", name: "title", top: 3)
        XCTAssertEqual(q.coverage.unseen, 0)
        XCTAssertTrue(matches.allSatisfy { $0.id.hasPrefix("t0") }, "\(matches)")
        let v = m.vectorizer
        let terms = Set(q.tfidf.indices.map { v.terms[Int($0)] })
        XCTAssertTrue(terms.isSuperset(of: ["musée", "culturelle"]), "\(terms)")
        // Weights: n-gram cosine × tf · idf, then normalized.
        let index = v.neighbourIndex
        var expected = [Int32: Float]()
        for w in ["culturel", "musées"] {
            for (t, s) in index.nearest(w, count: 3, minimumSimilarity: ShortQueryExpansion.minimumSimilarity) {
                expected[t, default: 0] += s * v.weight(count: 1, id: Int(t))
            }
        }
        let norm = expected.values.map { $0 * $0 }.reduce(0, +).squareRoot()
        for (t, x) in zip(q.tfidf.indices, q.tfidf.values) { XCTAssertEqual(x, expected[t]! / norm, accuracy: 1e-6) }
        XCTAssertEqual(q.tfidf.indices.count, expected.count)
    }

    /// Long texts are not expanded: their unknown words stay unknown.
    func testLongTextsAreNotExpanded() throws {
        let m = try model(neighbours: 3)
        let words = TestCorpus.topics[0] + TestCorpus.topics[1]  // 16 distinct known words
        XCTAssertFalse(ShortQueryExpansion.isShort(words, conceptPrefix: "§"))
        let long = m.vectorizer.transform(words + ["musées"], shortTextNeighbours: 3)
        let plain = m.vectorizer.transform(words + ["musées"], shortTextNeighbours: 0)
        XCTAssertEqual(long.vector, plain.vector)
        XCTAssertEqual(long.coverage.unseen, 1)
        let short = m.vectorizer.transform(["api", "musées"], shortTextNeighbours: 3)
        XCTAssertEqual(short.coverage.unseen, 0)
        XCTAssertNotEqual(short.vector, m.vectorizer.transform(["api", "musées"], shortTextNeighbours: 0).vector)
    }

    /// rank and batch give the same bits for expanded titles (one fold, one scorer); `add` does not
    /// expand a posting's words.
    func testRankEqualsBatchForExpandedTitlesAndAddDoesNotExpand() throws {
        var m = try model(neighbours: 3)
        let titles = ["musées culturel", "développeurs api", "habitant concertations", "serveurs données"]
        let docs = titles.enumerated().map { Document(id: "q\($0.offset)", title: "", text: $0.element) }
        let matcher = Matcher(model: m, featurizer: TestCorpus.featurizer)
        let block = try BatchScorer.fold(docs, model: m, featurizer: TestCorpus.featurizer)
        var scorer = BatchScorer(model: m, top: 5, blockCapacity: 3)
        let batch = scorer.score(block)
        for (i, t) in titles.enumerated() {
            let (_, ranked) = try matcher.rank(text: t, name: "q", top: 5)
            XCTAssertEqual(batch[i]?.map(\.index), ranked.map(\.index), t)
            XCTAssertEqual(batch[i]?.map(\.score), ranked.map(\.score), t)
        }
        try m.add([Document(id: "new", title: "new", text: "musées culturel")], featurizer: TestCorpus.featurizer)
        XCTAssertEqual(m.termSide!.itemVector(m.postingCount - 1).indices.count, 0)
        XCTAssertEqual(m.foldIn.termsUnseen, 2)
    }
}
