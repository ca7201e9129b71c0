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
        let (items, queries) = TestSupport.nearTies(dimensions: d, items: n, seed: 77)
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

    // MARK: Chunked products and the seeded item side (issue 27)

    /// An item side that keeps each item's best `kept` queries and says so (`keptPerItem`), so that the
    /// scorer seeds its thresholds from each block's BLAS scores.
    final class KeptQueries: ItemSideSelection {
        var heaps: [BoundedHeap<ScoredIndex>]
        let floors: UnsafeMutablePointer<Float>
        let kept: Int
        let lock = NSLock()
        var offers = 0
        var keptPerItem: Int { kept }
        init(items: Int, kept: Int) {
            self.kept = kept
            heaps = Array(repeating: BoundedHeap(capacity: kept), count: items)
            floors = .allocate(capacity: items)
            floors.initialize(repeating: -.infinity, count: items)
        }
        deinit { floors.deallocate() }
        func offer(item i: Int, query: Int, score: Float) {
            lock.lock(); defer { lock.unlock() }
            offers += 1
            if heaps[i].offer(ScoredIndex(index: query, score: score)), heaps[i].isFull { floors[i] = heaps[i].worst!.score }
        }
    }

    /// Near-ties both ways: the queries are the first items themselves (`TestSupport.nearTies` with the
    /// same seed draws the same base and the same first perturbations), so every score is within a few
    /// ulps of every other, item j and query j are equal vectors, and item i / query j ties item j /
    /// query i exactly. Whatever the chunk of items per product (1, odd, more than n), the tile, the
    /// threads and the block, both directions equal brute force to the last bit — an entry dropped by a
    /// chunk boundary, a tile boundary or a seed bound one tolerance too tight shows here.
    func testChunkedProductsAndSeededItemSideEqualBruteForceForEveryChunkTileAndBlock() {
        let d = 24, n = 150, b = 40, k = 6, kept = 4
        let items = TestSupport.nearTies(dimensions: d, items: n, seed: 91).items
        let queries = TestSupport.nearTies(dimensions: d, items: b, seed: 91).items
        XCTAssertEqual(items.column(3), queries.column(3), "the fixture's queries are its first items")
        let perItem = (0 ..< n).map { i in
            Array((0 ..< b).map { ScoredIndex(index: $0, score: exactScore(items, queries, item: i, query: $0)) }
                .sorted(by: ScoredIndex.ranksBefore).prefix(kept))
        }
        let perQuery = (0 ..< b).map { bruteForce(items, queries, query: $0, k: k) }
        // (items per product, tile, threads, block): chunks of 1, odd chunks and tiles, one chunk of all n
        // and more than n, blocks narrower than `kept` (no seed), equal to it, and wider.
        for (chunk, tile, threads, block) in [(1, 1, 1, 40), (7, 3, 2, 40), (n, nil, 2, 40), (1000, 5, 1, 13), (64, 4096, 2, 33),
                                               (11, 2, 2, 3), (13, 7, 1, 4), (29, nil, 2, 5)] as [(Int, Int?, Int, Int)] {
            let scorer = CosineScorer(items: items)
            scorer.parallelThreshold = 0
            scorer.itemsPerProduct = chunk
            scorer.tile = tile
            let side = KeptQueries(items: n, kept: kept)
            let got = scorer.topK(queries: queries, count: k, blockSize: block, threads: threads, itemSide: side)
            let label = "chunk \(chunk), tile \(tile.map(String.init) ?? "default"), \(threads) thread(s), block \(block)"
            for q in 0 ..< b { XCTAssertEqual(got[q], perQuery[q], "\(label): query \(q)") }
            for i in 0 ..< n { XCTAssertEqual(side.heaps[i].sorted(), perItem[i], "\(label): item \(i)") }
        }
    }

    /// The seed is what makes a wide block cheap: with one block of 200 queries, each item is offered
    /// about `kept` of them (plus near-ties), against about kept·(1 + ln(200/kept)) without the seed; the
    /// answers are the same either way.
    func testTheSeedCutsItemOffersToAboutTheKeptCount() {
        let d = 16, n = 400, b = 200, kept = 5
        let items = unitColumns(d, n, seed: 41), queries = unitColumns(d, b, seed: 42)
        final class Unseeded: ItemSideSelection {
            let inner: KeptQueries
            var floors: UnsafeMutablePointer<Float> { inner.floors }
            init(_ inner: KeptQueries) { self.inner = inner }
            func offer(item i: Int, query: Int, score: Float) { inner.offer(item: i, query: query, score: score) }
        }
        let seeded = KeptQueries(items: n, kept: kept), plain = KeptQueries(items: n, kept: kept)
        _ = CosineScorer(items: items).topK(queries: queries, count: 3, blockSize: b, itemSide: seeded)
        _ = CosineScorer(items: items).topK(queries: queries, count: 3, blockSize: b, itemSide: Unseeded(plain))
        for i in 0 ..< n { XCTAssertEqual(seeded.heaps[i].sorted(), plain.heaps[i].sorted(), "item \(i)") }
        XCTAssertLessThan(Double(seeded.offers) / Double(n), 2.0 * Double(kept), "offers per item with the seed")
        XCTAssertGreaterThan(Double(plain.offers) / Double(n), 3.0 * Double(kept), "offers per item without it")
    }

    func testEmptyInputs() {
        XCTAssertEqual(CosineScorer(items: DenseMatrix(zeros: 4, 0)).topK(queries: unitColumns(4, 3, seed: 5), count: 2), [[], [], []])
        XCTAssertEqual(CosineScorer(items: unitColumns(4, 6, seed: 6)).topK(queries: DenseMatrix(zeros: 4, 0), count: 2), [])
        XCTAssertEqual(CosineScorer(items: unitColumns(4, 6, seed: 6)).topK(queries: unitColumns(4, 2, seed: 7), count: 0), [[], []])
        // A zero item scores 0 exactly and ranks by index among other zeros.
        let withZero = DenseMatrix(rows: 2, cols: 3, values: [0, 0, 1, 0, 0, 0])
        XCTAssertEqual(CosineScorer(items: withZero).topK(queries: DenseMatrix(rows: 2, cols: 1, values: [0, 1]), count: 3)[0].map(\.index), [0, 1, 2])
    }

    // MARK: Hybrid scores (issue 29)

    /// Random sparse unit vectors over `features` features: `rows` of them, about `perRow` entries each.
    private func sparseRows(_ rows: Int, features: Int, perRow: Int, seed: UInt64) -> [SparseQuery] {
        var g = SeededGenerator(seed: seed)
        return (0 ..< rows).map { _ in
            var picked = Set<Int32>()
            for _ in 0 ..< perRow { picked.insert(Int32(Int.random(in: 0 ..< features, using: &g))) }
            let indices = picked.sorted()
            var values = indices.map { _ in Float.random(in: 0.1 ..< 1, using: &g) }
            let norm = Float(values.map { Double($0) * Double($0) }.reduce(0, +).squareRoot())
            values = values.map { $0 / norm }
            return SparseQuery(indices: indices, values: values)
        }
    }

    private func termSide(_ rows: [SparseQuery], features: Int, share: Float) throws -> TermSide {
        var pointers = [0], indices = [Int32](), values = [Float]()
        for r in rows { indices += r.indices; values += r.values; pointers.append(values.count) }
        let byItem = try CSRMatrix(rows: rows.count, cols: features, rowPointers: pointers, columnIndices: indices, values: values)
        return TermSide(byFeature: byItem.transposed(), latentShare: share)
    }

    /// The definition of the hybrid score: Float(α · exact latent + (1 − α) · term cosine), the term
    /// cosine summed in double in the query's feature order, rounded to float.
    private func hybridScore(_ items: DenseMatrix, _ queries: DenseMatrix, _ itemTerms: [SparseQuery], _ queryTerms: [SparseQuery],
                             item i: Int, query q: Int, share: Float) -> Float {
        var term = 0.0
        let row = Dictionary(uniqueKeysWithValues: zip(itemTerms[i].indices, itemTerms[i].values))
        for (t, w) in zip(queryTerms[q].indices, queryTerms[q].values) { term += Double(w) * Double(row[t] ?? 0) }
        let exactLatent = items.values.withUnsafeBufferPointer { iv in queries.values.withUnsafeBufferPointer { qv in
            VectorOps.exactDot(iv.baseAddress! + i * items.rows, qv.baseAddress! + q * queries.rows, count: items.rows) } }
        return TermSide.combine(latent: exactLatent, term: Float(term), latentShare: share)
    }

    /// The hybrid top k equals the brute-force top k under the exact hybrid score, bit for bit, for every
    /// block size, thread count and tile, and the item side (a posting's best candidates) too.
    func testHybridTopKEqualsBruteForceForEveryBlockingAndTheItemSide() throws {
        let n = 60, d = 10, m = 25, b = 9
        let items = unitColumns(d, n, seed: 11), queries = unitColumns(d, b, seed: 12)
        let itemTerms = sparseRows(n, features: m, perRow: 4, seed: 13), queryTerms = sparseRows(b, features: m, perRow: 3, seed: 14)
        for share in [Float(0), 0.3, 0.5, 0.9] {
            let side = try termSide(itemTerms, features: m, share: share)
            for (k, block, threads, tile) in [(5, 3, 1, 4096), (1, 1, 2, 3), (60, 2, 2, 1), (7, 256, 2, 5)] {
                let scorer = CosineScorer(items: items, unitColumns: true)
                scorer.termSide = side
                scorer.parallelThreshold = 0
                scorer.tile = tile
                let got = scorer.topK(queries: queries, terms: queryTerms, count: k, blockSize: block, threads: threads)
                for q in 0 ..< b {
                    let all = (0 ..< n).map { ScoredIndex(index: $0, score: hybridScore(items, queries, itemTerms, queryTerms, item: $0, query: q, share: share)) }
                    XCTAssertEqual(got[q], Array(all.sorted(by: ScoredIndex.ranksBefore).prefix(k)), "α \(share) k \(k) block \(block) query \(q)")
                    for e in got[q] {
                        let exact = queries.values.withUnsafeBufferPointer { scorer.exactScore(item: e.index, query: $0.baseAddress! + q * d, terms: queryTerms[q]) }
                        XCTAssertEqual(e.score, exact)
                    }
                }
            }
        }
    }

    /// A query whose latent vector is zero (its terms share no latent dimension) still ranks by its term
    /// cosine; with α = 1 the term side changes nothing.
    func testHybridZeroLatentQueryRanksByTermsAndShareOneIsLatentAlone() throws {
        let n = 20, d = 6, m = 12
        let items = unitColumns(d, n, seed: 21)
        let itemTerms = sparseRows(n, features: m, perRow: 3, seed: 22)
        let scorer = CosineScorer(items: items, unitColumns: true)
        scorer.termSide = try termSide(itemTerms, features: m, share: 0.5)
        let zero = [Float](repeating: 0, count: d)
        let query = itemTerms[7]
        let got = zero.withUnsafeBufferPointer { scorer.scoreBlock($0.baseAddress!, width: 1, terms: [query], count: 3)[0] }
        XCTAssertEqual(got.first?.index, 7)
        XCTAssertEqual(got.first!.score, 0.5, accuracy: 1e-6)
        let latentOnly = CosineScorer(items: items, unitColumns: true)
        let withShareOne = CosineScorer(items: items, unitColumns: true)
        withShareOne.termSide = try termSide(itemTerms, features: m, share: 1)
        let q = unitColumns(d, 1, seed: 23)
        XCTAssertEqual(latentOnly.topK(queries: q, count: 5), withShareOne.topK(queries: q, terms: [query], count: 5))
    }

    /// Hybrid scores by chunks: term cosines computed a span of items at a time (`TermChunks`, spans
    /// of one or several chunks, the last one short) give the same bits as brute force, for the queries
    /// and for a seeded item side.
    func testHybridChunksAndTermSpansEqualBruteForceBothWays() throws {
        let n = 70, d = 8, m = 20, b = 12, k = 4, kept = 3
        let items = unitColumns(d, n, seed: 51), queries = unitColumns(d, b, seed: 52)
        let itemTerms = sparseRows(n, features: m, perRow: 5, seed: 53), queryTerms = sparseRows(b, features: m, perRow: 4, seed: 54)
        let side = try termSide(itemTerms, features: m, share: 0.4)
        let exact = (0 ..< n).map { i in (0 ..< b).map { hybridScore(items, queries, itemTerms, queryTerms, item: i, query: $0, share: 0.4) } }
        // (items per product, term bytes): spans of one chunk (the minimum), of three chunks of 3 (floats
        // for 9 items × 12 queries), of all n.
        for (chunk, termBytes) in [(1, 0), (3, 4 * 9 * b), (9, 4 * 20 * b), (16, 1 << 20), (n, 0)] {
            let scorer = CosineScorer(items: items, unitColumns: true)
            scorer.termSide = side
            scorer.parallelThreshold = 0
            scorer.itemsPerProduct = chunk
            scorer.termBytes = termBytes
            let sideSelection = KeptQueries(items: n, kept: kept)
            let got = scorer.topK(queries: queries, terms: queryTerms, count: k, blockSize: b, threads: 2, itemSide: sideSelection)
            for q in 0 ..< b {
                let all = (0 ..< n).map { ScoredIndex(index: $0, score: exact[$0][q]) }
                XCTAssertEqual(got[q], Array(all.sorted(by: ScoredIndex.ranksBefore).prefix(k)), "chunk \(chunk), term bytes \(termBytes), query \(q)")
            }
            for i in 0 ..< n {
                let expected = (0 ..< b).map { ScoredIndex(index: $0, score: exact[i][$0]) }.sorted(by: ScoredIndex.ranksBefore).prefix(kept)
                XCTAssertEqual(sideSelection.heaps[i].sorted(), Array(expected), "chunk \(chunk), term bytes \(termBytes), item \(i)")
            }
        }
    }

    /// `TermChunks` gives `termScores`' bits for every item, whatever the cut into spans.
    func testTermChunksAreTermScoresBitForBit() throws {
        let n = 37, m = 15
        let itemTerms = sparseRows(n, features: m, perRow: 6, seed: 61), queryTerms = sparseRows(5, features: m, perRow: 5, seed: 62)
        let side = try termSide(itemTerms, features: m, share: 0.5)
        var scratch = [Double](repeating: 0, count: n)
        let whole = queryTerms.map { q in
            var out = [Float](repeating: 0, count: n)
            scratch.withUnsafeMutableBufferPointer { sp in out.withUnsafeMutableBufferPointer { side.termScores(q, scratch: sp.baseAddress!, out: $0.baseAddress!) } }
            return out
        }
        for span in [1, 2, 5, 36, 37] {
            var chunks = TermChunks(side: side, queries: queryTerms)
            var start = 0
            while start < n {
                let range = start ..< min(n, start + span)
                var out = [Float](repeating: .nan, count: range.count * queryTerms.count)
                scratch.withUnsafeMutableBufferPointer { sp in out.withUnsafeMutableBufferPointer { chunks.scores(items: range, scratch: sp.baseAddress!, out: $0.baseAddress!) } }
                for (j, column) in whole.enumerated() {
                    for i in range {
                        XCTAssertEqual(out[j * range.count + i - range.lowerBound].bitPattern, column[i].bitPattern, "span \(span), query \(j), item \(i)")
                    }
                }
                start = range.upperBound
            }
        }
    }
}
