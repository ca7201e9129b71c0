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
    // MARK: Issue 29c: known words of a short query add their nearest other terms.

    /// A hand-made vocabulary: "animateur" is known and its plural "animateurs" is its n-gram neighbour.
    func vocabulary() -> TFIDFVectorizer {
        TFIDFVectorizer(terms: ["animateur", "animateurs", "boulanger", "§c", "culture_musée"], idf: [1.5, 2, 1.2, 1, 3],
                        documentFrequency: [4, 2, 5, 6, 1], settings: TFIDFSettings(conceptShare: 0.2), documentCount: 10)
    }

    /// A known word keeps its own weight and adds its nearest other single-word terms (never itself, never
    /// a concept or phrase) at `knownWordWeight` × n-gram cosine × their tf · idf; without the setting the
    /// vector holds the known words alone (the old behaviour).
    func testKnownWordsOfAShortTextAddTheirNeighbours() throws {
        let v = vocabulary()
        let old = v.transform(["animateur", "boulanger"], shortTextNeighbours: 3, knownWordNeighbours: 0)
        XCTAssertEqual(old.vector.indices, [0, 2])
        let new = v.transform(["animateur", "boulanger"], shortTextNeighbours: 3, knownWordNeighbours: 2)
        XCTAssertEqual(new.vector.indices, [0, 1, 2])
        XCTAssertEqual(new.coverage.unseen, 0)
        let near = v.neighbourIndex.nearest("animateur", count: 3, minimumSimilarity: ShortQueryExpansion.minimumKnownSimilarity)
        XCTAssertEqual(near.first?.term, 0, "a known word is its own nearest term")
        let s = try XCTUnwrap(near.first { $0.term == 1 }?.similarity)
        XCTAssertGreaterThan(s, 0.6)
        let raw: [Float] = [1.5, ShortQueryExpansion.knownWordWeight * s * 2, 1.2]
        let norm = raw.map { $0 * $0 }.reduce(0, +).squareRoot()
        for (x, r) in zip(new.vector.values, raw) { XCTAssertEqual(x, r / norm, accuracy: 1e-6) }
        // Weight 0 or no unknown-word neighbours (the rule off): nothing added.
        XCTAssertEqual(v.transform(["animateur", "boulanger"], shortTextNeighbours: 3, knownWordNeighbours: 2, knownWordWeight: 0).vector, old.vector)
        XCTAssertEqual(v.transform(["animateur", "boulanger"], shortTextNeighbours: 0, knownWordNeighbours: 2).vector.indices, [0, 2])
        // A long text (more than `maximumDistinctTerms` distinct terms) is not expanded.
        let filler = (0 ..< ShortQueryExpansion.maximumDistinctTerms).map { "mot\($0)" }
        XCTAssertEqual(v.transform(["animateur", "boulanger"] + filler, shortTextNeighbours: 3, knownWordNeighbours: 2).vector.indices, [0, 2])
    }

    /// New models get the default; the setting survives the file; a model without it (written before:
    /// nil) does not expand known words, so its rankings do not change under this build.
    func testKnownWordNeighboursAreAModelSettingAndOldModelsKeepTheirVectors() throws {
        var settings = TestCorpus.settings()
        settings.shortQueryNeighbours = 3
        let extra = [Document(id: "x1", title: "", text: "animateur ateliers publics musée animateur"),
                     Document(id: "x2", title: "", text: "animateurs quartier habitants animateurs assemblée")]
        var m = try LSAModel.fit(postings: TestCorpus.documents() + extra, featurizer: TestCorpus.featurizer, settings: settings)
        XCTAssertEqual(m.settings.shortQueryKnownNeighbours, ShortQueryExpansion.defaultKnownNeighbours)
        XCTAssertGreaterThan(ShortQueryExpansion.defaultKnownNeighbours, 0)
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("m.plm").path
        _ = try ModelFile.write(m, to: path)
        XCTAssertEqual(try ModelFile.read(from: path).settings.shortQueryKnownNeighbours, ShortQueryExpansion.defaultKnownNeighbours)
        let title = [Document(id: "q", title: "", text: "animateur musée")]
        let on = try m.fold(title, featurizer: TestCorpus.featurizer)
        XCTAssertTrue(on.tfidf[0].indices.map { m.vectorizer.terms[Int($0)] }.contains("animateurs"), "the known word adds its plural")
        m.settings.shortQueryKnownNeighbours = nil
        let off = try m.fold(title, featurizer: TestCorpus.featurizer)
        XCTAssertEqual(off.tfidf[0].indices.map { m.vectorizer.terms[Int($0)] }.sorted(), ["animateur", "musée"])
    }
}
