import XCTest
import LinearAlgebra
import Passerelle
@testable import PasserelleEvaluation
import PasserelleTestSupport

final class QrelsTests: XCTestCase {
    func testParsesGradedJudgmentsAndSkipsCommentsAndBlankLines() throws {
        let q = try Qrels.parse("# header\nq1 0 d1 2\n\nq1\t0\td2\t1\nq2 0 d3 0\n", source: "x.qrels")
        XCTAssertEqual(q.judgments["q1"], ["d1": 2, "d2": 1])
        XCTAssertEqual(q.relevant(to: "q2"), [:])
        XCTAssertEqual(q.judgedQueryIDs, ["q1"], "a query with only grade-0 lines has nothing to find")
        XCTAssertEqual(try Qrels.parse(q.formatted(), source: "again"), q)
    }

    func testMalformedLinesNameTheFileAndLine() {
        XCTAssertThrowsError(try Qrels.parse("q1 0 d1 1\nq1 0 d2\n", source: "a.qrels")) { e in
            XCTAssertEqual("\(e)", "a.qrels:2: expected 4 fields `qid 0 docid grade`, found 3")
        }
        XCTAssertThrowsError(try Qrels.parse("q1 0 d1 high\n", source: "b.qrels")) { e in
            XCTAssertTrue("\(e)".hasPrefix("b.qrels:1: grade 'high'"), "\(e)")
        }
        XCTAssertThrowsError(try Qrels.parse("q1 0 d1 1\nq1 0 d1 2\n", source: "c.qrels")) { e in
            XCTAssertTrue("\(e)".hasPrefix("c.qrels:2: q1 → d1 judged twice"), "\(e)")
        }
    }
}

final class RankingMetricsTests: XCTestCase {
    func testMetricsOfAHandWorkedRanking() {
        // Relevant: b (2), d (1), e (3, never retrieved). Ranking a b c d.
        let m = RankingMetrics.evaluate(ranking: ["a", "b", "c", "d"], relevant: ["b": 2, "d": 1, "e": 3])
        XCTAssertEqual(m[.mrr]!, 0.5, accuracy: 1e-12)
        XCTAssertEqual(m[.recall1]!, 0, accuracy: 1e-12)
        XCTAssertEqual(m[.recall10]!, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(m[.recall50]!, 2.0 / 3, accuracy: 1e-12)
        // AP = (1/2 + 2/4) / 3.
        XCTAssertEqual(m[.map]!, 1.0 / 3, accuracy: 1e-12)
        // DCG = 2/log2(3) + 1/log2(5); ideal = 3/log2(2) + 2/log2(3) + 1/log2(4).
        let dcg = 2 / log2(3.0) + 1 / log2(5.0), ideal = 3 + 2 / log2(3.0) + 0.5
        XCTAssertEqual(m[.ndcg10]!, dcg / ideal, accuracy: 1e-12)
    }

    func testPerfectAndEmptyRankings() {
        let perfect = RankingMetrics.evaluate(ranking: ["x", "y", "z"], relevant: ["x": 3, "y": 1])
        for metric in [RankingMetric.mrr, .recall10, .ndcg10, .map] { XCTAssertEqual(perfect[metric]!, 1, accuracy: 1e-12, "\(metric)") }
        XCTAssertEqual(perfect[.recall1]!, 0.5, accuracy: 1e-12)
        let empty = RankingMetrics.evaluate(ranking: [], relevant: ["x": 1])
        XCTAssertTrue(empty.values.allSatisfy { $0 == 0 })
        XCTAssertNil(RankingMetrics.firstRelevantRank(ranking: ["a"], relevant: ["x": 1]))
        XCTAssertEqual(RankingMetrics.firstRelevantRank(ranking: ["a", "x"], relevant: ["x": 1]), 2)
    }

    func testRecallCutsAtFiftyAndGradeOrderMattersForNDCG() {
        let ranking = (0..<60).map { "d\($0)" }
        let m = RankingMetrics.evaluate(ranking: ranking, relevant: ["d49": 1, "d50": 1])
        XCTAssertEqual(m[.recall50]!, 0.5, accuracy: 1e-12)
        let good = RankingMetrics.evaluate(ranking: ["a", "b"], relevant: ["a": 3, "b": 1])
        let swapped = RankingMetrics.evaluate(ranking: ["b", "a"], relevant: ["a": 3, "b": 1])
        XCTAssertGreaterThan(good[.ndcg10]!, swapped[.ndcg10]!)
        XCTAssertEqual(good[.map]!, swapped[.map]!, accuracy: 1e-12, "AP ignores grades")
    }
}

final class BaselineRetrieverTests: XCTestCase {
    static let words: @Sendable (String) -> [String] = { $0.split(separator: " ").map(String.init) }

    func testBM25ScoresMatchTheFormula() throws {
        let bm25 = BM25Retriever(documents: ["a b", "a a c", "c d e f"], termsOf: Self.words)
        let ranked = bm25.rank([EvaluationQuery(id: "q", text: "a")], depth: 10)[0]
        // N = 3, avgdl = 3, df(a) = 2: idf = ln(1 + 1.5/2.5).
        let idf = log(1 + 1.5 / 2.5)
        let d1 = idf * 2 * 2.2 / (2 + 1.2 * (0.25 + 0.75 * 3 / 3))
        let d0 = idf * 1 * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 2 / 3))
        XCTAssertEqual(ranked.map(\.index), [1, 0], "documents without the term are not ranked")
        XCTAssertEqual(Double(ranked[0].score), d1, accuracy: 1e-5)
        XCTAssertEqual(Double(ranked[1].score), d0, accuracy: 1e-5)
        let excluded = bm25.rank([EvaluationQuery(id: "q", text: "a c", corpusIndex: 1)], depth: 10)[0]
        XCTAssertFalse(excluded.contains { $0.index == 1 })
        XCTAssertEqual(bm25.rank([EvaluationQuery(id: "q", text: "zzz")], depth: 10)[0], [])
    }

    func testBM25RepeatedQueryTermsWeighMore() throws {
        let bm25 = BM25Retriever(documents: ["a x", "b x", "c"], termsOf: Self.words)
        let ranked = bm25.rank([EvaluationQuery(id: "q", text: "b a a")], depth: 10)[0]
        XCTAssertEqual(ranked.first?.index, 0)
    }

    func testTFIDFCosineEqualsBruteForceCosines() throws {
        let docs = TestCorpus.documents().map(\.text)
        let settings = TFIDFSettings()
        let retriever = try TFIDFCosineRetriever(documents: docs, settings: settings, termsOf: Self.words)
        let (vectorizer, a) = try TFIDFVectorizer.fit(count: docs.count, settings: settings) { Self.words(docs[$0]) }
        let dense = a.dense()
        let query = "concertation des habitants musée api api"
        let (x, _) = vectorizer.transform(Self.words(query))
        var brute = [(Int, Float)]()
        for d in 0..<docs.count {
            var s: Float = 0
            for (t, v) in zip(x.indices, x.values) { s += v * dense[d, Int(t)] }
            if s > 0 { brute.append((d, s)) }
        }
        brute.sort { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
        let ranked = retriever.rank([EvaluationQuery(id: "q", text: query)], depth: 100)[0]
        XCTAssertEqual(ranked.count, brute.count)
        for (r, b) in zip(ranked, brute) { XCTAssertEqual(r.score, b.1, accuracy: 1e-5) }
        XCTAssertEqual(Set(ranked.prefix(5).map(\.index)), Set(brute.prefix(5).map(\.0)))
    }
}

final class EvaluationHarnessTests: XCTestCase {
    struct Fixed: Retriever {
        var name = "fixed"
        var rankings: [String: [Int]]
        func rank(_ queries: [EvaluationQuery], depth: Int) -> [[ScoredIndex]] {
            queries.map { q in (rankings[q.id] ?? []).prefix(depth).map { ScoredIndex(index: $0, score: 1) } }
        }
    }

    func testMeansOverJudgedQueriesOnly() throws {
        let qrels = try Qrels.parse("q1 0 b 1\nq2 0 a 1\nq3 0 c 1\n", source: "t")
        let queries = ["q1", "q2", "q9"].map { EvaluationQuery(id: $0, text: "") }
        let harness = try EvaluationHarness(corpusIDs: ["a", "b", "c"], queries: queries, qrels: qrels)
        XCTAssertEqual(harness.queries.map(\.id), ["q1", "q2"])
        XCTAssertEqual(harness.missingQueries, ["q3"])
        XCTAssertEqual(harness.unjudgedQueries, 1)
        XCTAssertEqual(harness.depth, 3)
        let r = try harness.evaluate(Fixed(rankings: ["q1": [1, 0], "q2": []]))
        XCTAssertEqual(r.mean[.mrr]!, 0.5, accuracy: 1e-12)
        XCTAssertEqual(r.emptyQueries, 1)
        XCTAssertEqual(r.worst(by: .mrr, count: 1).map(\.queryID), ["q2"])
        XCTAssertEqual(r.perQuery[0].top, ["b", "a"])
    }

    func testNoJudgedQueryIsAnError() throws {
        let qrels = try Qrels.parse("q1 0 b 1\n", source: "t")
        XCTAssertThrowsError(try EvaluationHarness(corpusIDs: ["a", "b"], queries: [EvaluationQuery(id: "x", text: "")], qrels: qrels))
        XCTAssertThrowsError(try EvaluationHarness(corpusIDs: ["a"], queries: [EvaluationQuery(id: "q1", text: "")], qrels: qrels))
    }

    func testLatentRetrieverAgreesWithTheMatcher() throws {
        let model = try TestCorpus.model(dims: 3)
        let matcher = Matcher(model: model, featurizer: TestCorpus.featurizer)
        let docs = TestCorpus.documents()
        let own = LatentRetriever(model: model, featurizer: TestCorpus.featurizer)
        let folded = try LatentRetriever(model: model, featurizer: TestCorpus.featurizer, foldingIn: docs.map(\.text))
        let queries = [EvaluationQuery(id: docs[4].id, text: docs[4].text, corpusIndex: 4)]
        let expected = try matcher.similar(toPostingID: docs[4].id, top: 5).map(\.index)
        XCTAssertEqual(try own.rank(queries, depth: 5)[0].map(\.index), expected)
        XCTAssertEqual(try folded.rank(queries, depth: 5)[0].map(\.index), expected)
        XCTAssertEqual(try own.rank([EvaluationQuery(id: "q", text: "nothing known here")], depth: 5)[0], [])
    }

    func testSweepPlotDrawsEverySeriesAndReference() {
        let svg = SweepPlot(title: "t <1>", yLabel: "y", series: [.init(label: "LSA ndcg@10", points: [(50, 0.2), (100, 0.4)]),
                                                            .init(label: "LSA mrr", points: [(50, 0.3), (100, 0.5)])],
                            references: [.init(label: "bm25", value: 0.35)]).svg()
        XCTAssertTrue(svg.hasPrefix("<svg"))
        XCTAssertEqual(svg.components(separatedBy: "<polyline").count - 1, 2)
        XCTAssertEqual(svg.components(separatedBy: "stroke-dasharray").count - 1, 2, "reference line and its legend")
        XCTAssertTrue(svg.contains("t &lt;1&gt;"))
    }
}
