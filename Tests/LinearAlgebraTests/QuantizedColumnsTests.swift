import XCTest
import LinearAlgebra

/// The 16-bit scan: every upper bound is above the exact dot product (less one float rounding), close
/// enough to select well, and a scorer using it returns the float scan's answers to the last bit — near
/// ties, exclusions, filters, hybrid scores and the item side included.
final class QuantizedColumnsTests: XCTestCase {
    private func unitColumns(_ rows: Int, _ cols: Int, seed: UInt64) -> DenseMatrix {
        var m = TestSupport.randomDense(rows, cols, seed: seed)
        VectorOps.normalizeColumns(&m)
        return m
    }

    private func bounds(_ q: QuantizedColumns, _ query: [Float]) -> [Float] {
        var out = [Float](repeating: 0, count: q.count)
        query.withUnsafeBufferPointer { qp in out.withUnsafeMutableBufferPointer { q.upperBounds(query: qp.baseAddress!, into: $0.baseAddress!) } }
        return out
    }

    private func exactDots(_ items: DenseMatrix, _ query: [Float]) -> [Double] {
        (0 ..< items.cols).map { i in (0 ..< items.rows).reduce(0.0) { $0 + Double(items[$1, i]) * Double(query[$1]) } }
    }

    /// u_i ≥ p_i·x − one rounding, for unit and non-unit columns, dimensions that are and are not
    /// multiples of 8, up to the 500 the integer sums allow; and u_i − p_i·x stays small (the scan
    /// selects only a few more entries than the float scan).
    func testUpperBoundsAreAboveTheExactDotProductAndClose() {
        for (d, n, seed) in [(13, 200, UInt64(1)), (200, 300, 2), (500, 60, 3), (8, 50, 4), (1, 20, 5)] {
            let unit = unitColumns(d, n, seed: seed)
            let raw = TestSupport.randomDense(d, n, seed: seed + 100)
            for items in [unit, raw] {
                let q = QuantizedColumns(items)
                XCTAssertEqual(q.dimensions, d)
                XCTAssertEqual(q.count, n)
                var g = SeededGenerator(seed: seed + 200)
                for trial in 0 ..< 5 {
                    let query = TestSupport.uniform(d, &g).map { $0 * Float(trial + 1) }
                    let u = bounds(q, query), exact = exactDots(items, query)
                    let queryNorm = query.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
                    for i in 0 ..< n {
                        let columnNorm = (0 ..< d).reduce(0.0) { $0 + Double(items[$1, i]) * Double(items[$1, i]) }.squareRoot()
                        XCTAssertGreaterThanOrEqual(Double(u[i]), exact[i] - abs(exact[i]) * 0x1p-23, "d \(d) item \(i) trial \(trial)")
                        // The slack is about (‖p‖₁·‖x‖∞ + ‖x‖₁·‖p‖∞)/4094: well under 2% of ‖p‖·‖x‖·√d.
                        XCTAssertLessThan(Double(u[i]) - exact[i], 0.02 * columnNorm * queryNorm * Double(d).squareRoot(), "d \(d) item \(i)")
                    }
                }
            }
        }
    }

    /// Columns of very unequal entries (one large, the rest near the step): the coding error of the small
    /// entries is the whole entry; the bound still holds. Zero columns and a zero query bound 0.
    func testAdversarialColumnsZeroColumnsAndZeroQuery() {
        let d = 40, n = 64
        var g = SeededGenerator(seed: 9)
        var values = [Float]()
        for i in 0 ..< n {
            var column = [Float](repeating: 0, count: d)
            if i % 8 != 0 {
                for j in 0 ..< d { column[j] = Float.random(in: -1 ..< 1, using: &g) * 3e-4 }
                column[i % d] = i % 3 == 0 ? -1 : 1
            }
            values += column
        }
        let items = DenseMatrix(rows: d, cols: n, values: values)
        let q = QuantizedColumns(items)
        for trial in 0 ..< 20 {
            var query = TestSupport.uniform(d, &g).map { $0 * 2.5e-4 }
            query[trial % d] = trial % 2 == 0 ? 0.9 : -0.9
            let u = bounds(q, query), exact = exactDots(items, query)
            for i in 0 ..< n {
                XCTAssertGreaterThanOrEqual(Double(u[i]), exact[i] - abs(exact[i]) * 0x1p-23, "item \(i) trial \(trial)")
                if i % 8 == 0 { XCTAssertEqual(u[i], 0, "a zero column bounds 0") }
            }
        }
        XCTAssertEqual(bounds(q, [Float](repeating: 0, count: d)), [Float](repeating: 0, count: n))
        // Columns and queries of subnormal size (a step whose inverse overflows) are bounded too.
        let tiny = DenseMatrix(rows: 3, cols: 2, values: [1e-40, -3e-41, 0, 0, 2e-42, 1e-45])
        let tinyCoded = QuantizedColumns(tiny)
        for query: [Float] in [[1, 1, 1], [-1, 0.5, 1e-40], [3e-41, -1e-40, 0]] {
            let u = bounds(tinyCoded, query), exact = exactDots(tiny, query)
            for i in 0 ..< 2 { XCTAssertGreaterThanOrEqual(Double(u[i]), exact[i] - abs(exact[i]) * 0x1p-23 - 0x1p-149, "tiny item \(i) query \(query)") }
        }
    }

    /// A query holding a NaN gets NaN bounds, which pass no selection (as its BLAS scores would not).
    func testNonFiniteQueryGivesNaNBounds() {
        let q = QuantizedColumns(unitColumns(9, 5, seed: 4))
        var query = [Float](repeating: 0.1, count: 9)
        query[3] = .nan
        XCTAssertTrue(bounds(q, query).allSatisfy(\.isNaN))
        query[3] = .infinity
        XCTAssertTrue(bounds(q, query).allSatisfy(\.isNaN))
    }

    /// Near ties a few ulps apart (the float scan's hardest case): the quantized scorer returns the same
    /// indices, order and scores as the float scorer, with exclusions and a filter.
    func testScorerAnswersAreTheFloatScansOnNearTiesExclusionsAndFilters() {
        let d = 64, n = 3000
        let (items, queries) = TestSupport.nearTies(dimensions: d, items: n, seed: 77)
        let allowed = (0 ..< n).map { $0 % 5 != 2 }
        let excluded: Set<Int> = [0, 1, 17, 2999]
        for (k, useFilter) in [(25, false), (1, true), (200, true)] {
            let float = CosineScorer(items: items, unitColumns: true)
            let quantized = CosineScorer(items: items, unitColumns: true)
            quantized.quantized = QuantizedColumns(items)
            if useFilter { float.allowedItems = allowed; quantized.allowedItems = allowed }
            for q in 0 ..< 3 {
                let expected = queries.values.withUnsafeBufferPointer { float.scoreBlock($0.baseAddress! + q * d, width: 1, count: k, excluding: [excluded])[0] }
                let got = queries.values.withUnsafeBufferPointer { quantized.scoreBlock($0.baseAddress! + q * d, width: 1, count: k, excluding: [excluded])[0] }
                XCTAssertEqual(got, expected, "k \(k) filter \(useFilter) query \(q)")
                XCTAssertEqual(got.count, k)
            }
        }
    }

    /// The copy is what a single query is scanned through (and a block is not): a copy of other items of
    /// the same shape changes a single query's answers, never a block's.
    func testASingleQueryIsScannedThroughTheCopyAndABlockIsNot() {
        let items = unitColumns(16, 400, seed: 41), queries = unitColumns(16, 4, seed: 42)
        var negated = items
        negated.values = negated.values.map { -$0 }
        let float = CosineScorer(items: items, unitColumns: true), wrong = CosineScorer(items: items, unitColumns: true)
        wrong.quantized = QuantizedColumns(negated)
        let expected = float.topK(queries: queries, count: 5, blockSize: 4)
        XCTAssertEqual(wrong.topK(queries: queries, count: 5, blockSize: 4), expected)
        XCTAssertNotEqual(wrong.topK(queries: queries, count: 5, blockSize: 1), expected)
    }

    /// Random data, hybrid scores at several shares, and an item side fed one query at a time: the same
    /// answers as the float scan.
    func testScorerAnswersAreTheFloatScansWithHybridScoresAndAnItemSide() throws {
        let n = 500, d = 24, m = 40, b = 12
        let items = unitColumns(d, n, seed: 31), queries = unitColumns(d, b, seed: 32)
        var g = SeededGenerator(seed: 33)
        func sparse(_ rows: Int, perRow: Int) -> [SparseQuery] {
            (0 ..< rows).map { _ in
                let indices = Set((0 ..< perRow).map { _ in Int32(Int.random(in: 0 ..< m, using: &g)) }).sorted()
                let raw = indices.map { _ in Float.random(in: 0.1 ..< 1, using: &g) }
                let norm = Float(raw.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot())
                return SparseQuery(indices: indices, values: raw.map { $0 / norm })
            }
        }
        let itemTerms = sparse(n, perRow: 5), queryTerms = sparse(b, perRow: 4)
        var pointers = [0], indices = [Int32](), values = [Float]()
        for r in itemTerms { indices += r.indices; values += r.values; pointers.append(values.count) }
        let byItem = try CSRMatrix(rows: n, cols: m, rowPointers: pointers, columnIndices: indices, values: values)
        let coded = QuantizedColumns(items)
        for share in [Float(1), 0.6, 0.2] {
            let float = CosineScorer(items: items, unitColumns: true), quantized = CosineScorer(items: items, unitColumns: true)
            if share < 1 {
                float.termSide = TermSide(byFeature: byItem.transposed(), latentShare: share)
                quantized.termSide = TermSide(byFeature: byItem.transposed(), latentShare: share)
            }
            quantized.quantized = coded
            let terms: [SparseQuery]? = share < 1 ? queryTerms : nil
            let expected = float.topK(queries: queries, terms: terms, count: 10, blockSize: 1)
            let got = quantized.topK(queries: queries, terms: terms, count: 10, blockSize: 1)
            XCTAssertEqual(got, expected, "α \(share)")
            // Blocks of several queries go through sgemm, as before.
            XCTAssertEqual(quantized.topK(queries: queries, terms: terms, count: 10, blockSize: 5), expected, "α \(share), blocks of 5")
        }
        final class Side: ItemSideSelection {
            var heaps: [BoundedHeap<ScoredIndex>]
            let floors: UnsafeMutablePointer<Float>
            init(items: Int) {
                heaps = Array(repeating: BoundedHeap(capacity: 3), count: items)
                floors = .allocate(capacity: items)
                floors.initialize(repeating: -.infinity, count: items)
            }
            deinit { floors.deallocate() }
            func offer(item i: Int, query: Int, score: Float) {
                if heaps[i].offer(ScoredIndex(index: query, score: score)), heaps[i].isFull { floors[i] = heaps[i].worst!.score }
            }
        }
        let floatSide = Side(items: n), quantizedSide = Side(items: n)
        let float = CosineScorer(items: items, unitColumns: true), quantized = CosineScorer(items: items, unitColumns: true)
        quantized.quantized = coded
        _ = float.topK(queries: queries, count: 2, blockSize: 1, itemSide: floatSide)
        _ = quantized.topK(queries: queries, count: 2, blockSize: 1, itemSide: quantizedSide)
        for i in 0 ..< n { XCTAssertEqual(quantizedSide.heaps[i].sorted(), floatSide.heaps[i].sorted(), "item \(i)") }
    }
}
