import XCTest
import LinearAlgebra

final class BlockScorerTests: XCTestCase {
    private func unitColumns(_ rows: Int, _ cols: Int, seed: UInt64) -> DenseMatrix {
        var m = TestSupport.randomDense(rows, cols, seed: seed)
        VectorOps.normalizeColumns(&m)
        return m
    }

    private func naiveScore(_ items: DenseMatrix, _ queries: DenseMatrix, item: Int, query: Int) -> Float {
        var s = 0.0
        for p in 0 ..< items.rows { s += Double(items[p, item]) * Double(queries[p, query]) }
        return Float(s)
    }

    func testScoresMatchNaiveDotProducts() {
        let items = unitColumns(12, 30, seed: 1), queries = unitColumns(12, 7, seed: 2)
        let s = BlockScorer.scores(items: items, queries: queries)
        XCTAssertEqual(s.rows, 30); XCTAssertEqual(s.cols, 7)
        for q in 0 ..< 7 { for i in 0 ..< 30 {
            XCTAssertEqual(s[i, q], naiveScore(items, queries, item: i, query: q), accuracy: 1e-5)
        } }
    }

    func testTopKInBlocksMatchesBruteForce() {
        let items = unitColumns(12, 40, seed: 3), queries = unitColumns(12, 7, seed: 4)
        for (k, block) in [(5, 3), (1, 1), (40, 2), (50, 7), (3, 256)] {
            let got = BlockScorer.topK(items: items, queries: queries, k: k, blockSize: block)
            XCTAssertEqual(got.count, 7)
            for q in 0 ..< 7 {
                let naive = (0 ..< 40).map { naiveScore(items, queries, item: $0, query: q) }
                let expected = naive.enumerated().sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
                    .prefix(k)
                XCTAssertEqual(got[q].count, min(k, 40), "k \(k) block \(block) query \(q)")
                XCTAssertEqual(got[q].map(\.index), expected.map(\.offset), "k \(k) block \(block) query \(q)")
                for (entry, reference) in zip(got[q], expected) {
                    XCTAssertEqual(entry.score, reference.element, accuracy: 1e-5)
                }
            }
        }
    }

    func testTopKParallelPathMatchesFullScores() {
        // 30,000 items × 3-query blocks crosses the threshold for parallel selection.
        let items = unitColumns(8, 30_000, seed: 8), queries = unitColumns(8, 7, seed: 9)
        let full = BlockScorer.scores(items: items, queries: queries)
        let got = BlockScorer.topK(items: items, queries: queries, k: 25, blockSize: 3)
        XCTAssertEqual(got.count, 7)
        for q in 0 ..< 7 {
            // sgemm rounds differently for different block widths (last bits), so scores are
            // compared with a tolerance; the selected items must be the same.
            let reference = TopK.select(full.column(q), k: 25)
            XCTAssertEqual(got[q].map(\.index), reference.map(\.index), "query \(q)")
            for (entry, ref) in zip(got[q], reference) { XCTAssertEqual(entry.score, ref.score, accuracy: 1e-6) }
            // Scores against naive dot products; near-ties may order differently in Double, so
            // compare the sorted score lists rather than indices.
            let naive = (0 ..< 30_000).map { naiveScore(items, queries, item: $0, query: q) }.sorted(by: >)
            for (entry, reference) in zip(got[q], naive.prefix(25)) { XCTAssertEqual(entry.score, reference, accuracy: 1e-5) }
        }
    }

    func testEmptyInputs() {
        XCTAssertEqual(BlockScorer.topK(items: DenseMatrix(zeros: 4, 0), queries: unitColumns(4, 3, seed: 5), k: 2), [[], [], []])
        XCTAssertEqual(BlockScorer.topK(items: unitColumns(4, 6, seed: 6), queries: DenseMatrix(zeros: 4, 0), k: 2), [])
        XCTAssertEqual(BlockScorer.topK(items: unitColumns(4, 6, seed: 6), queries: unitColumns(4, 2, seed: 7), k: 0), [[], []])
        let s = BlockScorer.scores(items: DenseMatrix(zeros: 4, 0), queries: unitColumns(4, 3, seed: 5))
        XCTAssertEqual(s.rows, 0); XCTAssertEqual(s.cols, 3)
    }
}
