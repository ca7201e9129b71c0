import XCTest
import LinearAlgebra

/// The one scorer: its top k equal the brute-force top k under exact scores, to the last bit, whatever
/// the block size, thread count or tile; ties by index; exclusions; the item side.
final class CosineScorerTests: XCTestCase {
    private func unitColumns(_ rows: Int, _ cols: Int, seed: UInt64) -> DenseMatrix {
        var m = TestSupport.randomDense(rows, cols, seed: seed)
        VectorOps.normalizeColumns(&m)
        return m
    }

    /// The definition: the exact score of item i and query q (`VectorOps.exactDot`, rounded once).
    private func exactScore(_ items: DenseMatrix, _ queries: DenseMatrix, item: Int, query: Int) -> Float {
        VectorOps.dot(items.column(item), queries.column(query))
    }

    private func bruteForce(_ items: DenseMatrix, _ queries: DenseMatrix, query q: Int, k: Int, excluding: Set<Int> = []) -> [ScoredIndex] {
        let all = (0 ..< items.cols).filter { !excluding.contains($0) }.map { ScoredIndex(index: $0, score: exactScore(items, queries, item: $0, query: q)) }
        return Array(all.sorted(by: ScoredIndex.ranksBefore).prefix(k))
    }

    func testTopKEqualsBruteForceExactlyForEveryBlockSizeThreadCountAndTile() {
        let items = unitColumns(12, 40, seed: 3), queries = unitColumns(12, 7, seed: 4)
        for (k, block, threads, tile) in [(5, 3, 1, 4096), (1, 1, 2, 3), (40, 2, 2, 1), (50, 7, 1, 5), (3, 256, 2, 4096)] {
            let scorer = CosineScorer(items: items)
            scorer.parallelThreshold = 0
            scorer.tile = tile
            let got = scorer.topK(queries: queries, count: k, blockSize: block, threads: threads)
            XCTAssertEqual(got.count, 7)
            for q in 0 ..< 7 {
                XCTAssertEqual(got[q], bruteForce(items, queries, query: q, k: k), "k \(k) block \(block) threads \(threads) query \(q)")
            }
        }
    }

    func testScoresAgreeWithNaiveDoubleDotProducts() {
        let items = unitColumns(12, 30, seed: 1), queries = unitColumns(12, 7, seed: 2)
        let got = CosineScorer(items: items).topK(queries: queries, count: 30)
        for q in 0 ..< 7 {
            for entry in got[q] {
                var s = 0.0
                for p in 0 ..< 12 { s += Double(items[p, entry.index]) * Double(queries[p, q]) }
                XCTAssertEqual(entry.score, Float(s), accuracy: 1e-6)
            }
        }
    }

    /// Near-ties closer than sgemm's rounding: items built so that many scores differ by a few ulps. The
    /// BLAS scores alone would order them by kernel; the result must be the exact order, for one query
    /// (sgemv) and for blocks (sgemm) alike, and the same whichever way the queries are blocked.
    func testNearTiesFollowExactScoresNotBLASRounding() {
        let d = 64, n = 3000
        var g = SeededGenerator(seed: 77)
        let base = TestSupport.uniform(d, &g)
        var values = [Float]()
        for _ in 0 ..< n {
            // The same direction plus a perturbation of about 1e-7 per entry.
            values += base.map { $0 * (1 + Float.random(in: -1 ..< 1, using: &g) * 2e-7) }
        }
        var items = DenseMatrix(rows: d, cols: n, values: values)
        VectorOps.normalizeColumns(&items)
        var queryValues = base + base.map { -$0 } + TestSupport.uniform(d, &g)
        for i in 0 ..< d { queryValues[i] *= 1 + Float(i % 3) * 1e-7 }
        var queries = DenseMatrix(rows: d, cols: 3, values: queryValues)
        VectorOps.normalizeColumns(&queries)
        let scorer = CosineScorer(items: items)
        let together = scorer.topK(queries: queries, count: 25, blockSize: 3, threads: 2)
        for q in 0 ..< 3 {
            let expected = bruteForce(items, queries, query: q, k: 25)
            XCTAssertEqual(together[q], expected, "query \(q), block of 3")
            let alone = queries.values.withUnsafeBufferPointer { scorer.scoreBlock($0.baseAddress! + q * d, width: 1, count: 25)[0] }
            XCTAssertEqual(alone, expected, "query \(q) alone (sgemv)")
        }
    }

    func testExclusionsLeaveItemsOut() {
        let items = unitColumns(6, 20, seed: 11), queries = unitColumns(6, 3, seed: 12)
        let excluding: [Set<Int>] = [[0, 1, 2], [], [19]]
        let got = CosineScorer(items: items).topK(queries: queries, count: 20, excluding: excluding)
        for q in 0 ..< 3 {
            XCTAssertEqual(got[q], bruteForce(items, queries, query: q, k: 20, excluding: excluding[q]))
            XCTAssertTrue(got[q].allSatisfy { !excluding[q].contains($0.index) })
        }
    }

    /// An item side that keeps each item's best 4 queries sees exactly the brute-force best 4.
    func testItemSideKeepsEachItemsBestQueries() {
        let items = unitColumns(8, 300, seed: 21), queries = unitColumns(8, 50, seed: 22)
        final class Side: ItemSideSelection {
            var heaps: [BoundedHeap<ScoredIndex>]
            let floors: UnsafeMutablePointer<Float>
            let lock = NSLock()
            init(items: Int) {
                heaps = Array(repeating: BoundedHeap(capacity: 4), count: items)
                floors = .allocate(capacity: items)
                floors.initialize(repeating: -.infinity, count: items)
            }
            func offer(item i: Int, query: Int, score: Float) {
                lock.lock(); defer { lock.unlock() }
                if heaps[i].offer(ScoredIndex(index: query, score: score)), heaps[i].isFull { floors[i] = heaps[i].worst!.score }
            }
        }
        for (block, threads) in [(50, 1), (7, 2), (1, 2)] {
            let side = Side(items: 300)
            let scorer = CosineScorer(items: items)
            scorer.parallelThreshold = 0
            _ = scorer.topK(queries: queries, count: 2, blockSize: block, threads: threads, itemSide: side)
            for i in 0 ..< 300 {
                let expected = (0 ..< 50).map { ScoredIndex(index: $0, score: exactScore(items, queries, item: i, query: $0)) }
                    .sorted(by: ScoredIndex.ranksBefore).prefix(4)
                XCTAssertEqual(side.heaps[i].sorted(), Array(expected), "item \(i), block \(block), threads \(threads)")
            }
            side.floors.deallocate()
        }
    }

    func testEmptyInputs() {
        XCTAssertEqual(CosineScorer(items: DenseMatrix(zeros: 4, 0)).topK(queries: unitColumns(4, 3, seed: 5), count: 2), [[], [], []])
        XCTAssertEqual(CosineScorer(items: unitColumns(4, 6, seed: 6)).topK(queries: DenseMatrix(zeros: 4, 0), count: 2), [])
        XCTAssertEqual(CosineScorer(items: unitColumns(4, 6, seed: 6)).topK(queries: unitColumns(4, 2, seed: 7), count: 0), [[], []])
        // A zero item scores 0 exactly and ranks by index among other zeros.
        let withZero = DenseMatrix(rows: 2, cols: 3, values: [0, 0, 1, 0, 0, 0])
        XCTAssertEqual(CosineScorer(items: withZero).topK(queries: DenseMatrix(rows: 2, cols: 1, values: [0, 1]), count: 3)[0].map(\.index), [0, 1, 2])
    }
}
