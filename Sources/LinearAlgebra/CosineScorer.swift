import CLAPACK
import Dispatch
import Foundation
import Synchronization

/// The other direction of a block scoring: each item keeps its own best queries (in Passerelle, each
/// posting its best candidates). The scorer reads `floors` in its hot loop and calls `offer` for the
/// rare pairs that may enter; offers for disjoint item ranges come from concurrent threads.
public protocol ItemSideSelection: AnyObject {
    /// `floors[i]`: the exact score of item i's worst kept query once its selection is full, −∞ before.
    /// Only the selection writes it (inside `offer`), for its own item.
    var floors: UnsafeMutablePointer<Float> { get }
    /// N, the most queries an item keeps (the capacity of each item's selection); 0 when not known.
    /// Known, it lets the scorer prove from a block's BLAS scores alone that an item's N-th best is at
    /// least some bound before offering anything (`SelectionPass.seed`): about N offers per item and
    /// block instead of one per query that beats the item's floor as the floor rises.
    var keptPerItem: Int { get }
    /// Query `query` (its column in the block being scored) reaches item i with this exact score.
    func offer(item i: Int, query: Int, score: Float)
}

extension ItemSideSelection {
    /// Not known: offers follow the floors alone.
    public var keptPerItem: Int { 0 }
}

/// Cosine scoring of blocks of query vectors against fixed item vectors, keeping the top k per query
/// (and, optionally, per item): the one scorer of `rank`, `similar`, `batch` and `eval`.
///
/// **Fast and the same bits everywhere.** The scores of a block come from one BLAS product
/// (`sgemv` for one query, `sgemm` for more): `itemsᵀ · queries`, `n × b`. Their last bits depend on the
/// CPU's kernel, the block shape and the thread count, so they only *select*: an entry whose BLAS score
/// s can still reach the current k-th best (s ≥ floor − tolerance) is rescored exactly
/// (`VectorOps.exactDot`, fixed order, double) and offered to a `BoundedHeap` under that exact score.
/// With γ_d ≈ d·2⁻²⁴ the error bound of any float dot product of length d, |s − pᵀq| ≤ γ_d‖p‖‖q‖; the
/// tolerance is twice that plus rounding, so no entry that belongs in the exact top k is ever skipped,
/// and the result — indices, order and scores — is a function of the inputs alone. The rescoring costs
/// about k·ln(n/k) exact dot products per query against the n·d multiply-adds of the product. On the item
/// side, when the selection tells its capacity N (`keptPerItem`), a block's own BLAS scores first prove a
/// lower bound on each item's N-th best (`SelectionPass.seed`, the same tolerance argument twice over), so
/// an item is rescored about N times per block rather than each time its rising floor is beaten.
///
/// With `quantized` set, a single query is first scanned through the items' 16-bit copy: each score is
/// then an upper bound (coarse score plus its error bound, `QuantizedColumns`), which may only let more
/// entries through to the exact rescoring — the answers do not change, half the bytes are read.
///
/// Ties (equal exact scores) rank by the smaller item index.
///
/// Memory: one reusable score buffer of at most `productBytes` (a chunk of items × the block; `n` floats
/// for a single query), whatever the number of queries; with a term side, `n × blockSize` term cosines.
public final class CosineScorer {
    /// `d × n`, column-major: column i is item i's vector (unit length, or zero).
    public let items: DenseMatrix
    /// Largest column norm of `items` (1 for unit columns): scales the tolerance.
    let itemNormBound: Double
    /// Items per tile of the selection pass, overriding the default: as many as keep a tile's scores
    /// for the block within `tileBytes` (a tile is blended, seeded and scanned while it stays in L2);
    /// small in tests.
    public var tile: Int?
    /// Bytes of one tile's scores (all queries of the block) for the default tile.
    public static let tileBytes = 256 << 10
    /// Below this many scores per block the selection pass stays on one thread.
    public var parallelThreshold = 1 << 16
    /// Bytes of scores per product: a block of b > 1 queries is scored against chunks of
    /// `productBytes / (4·b)` items, each selected while its scores are in cache (8 MB: 2,048 items for
    /// a block of 1,024, enough rows for `sgemm` to run at its peak).
    public var productBytes = 8 << 20
    /// Items per product, overriding `productBytes` (tests: chunks of 1, odd sizes, more than n).
    public var itemsPerProduct: Int?
    /// Bytes of term cosines computed at a time with a term side (64 MB): as many whole chunks of items
    /// as fit, all n when they fit. Term cosines are scattered from each query term's row of items
    /// (`TermChunks`), so each span costs a visit per (query, term): spans much larger than a chunk.
    public var termBytes = 64 << 20
    /// When set (one flag per item), only items flagged true are ranked or offered to the item side: a
    /// filter applied before the top k, so the top k is the top k of what passes.
    public var allowedItems: [Bool]? {
        didSet { precondition(allowedItems == nil || allowedItems!.count == items.cols, "CosineScorer: one flag per item") }
    }
    /// When set, scores are hybrid: α · latent cosine + (1 − α) · term cosine (`TermSide`), and every
    /// query column comes with its sparse term vector. Its items are this scorer's items.
    public var termSide: TermSide? {
        didSet { precondition(termSide == nil || termSide!.itemCount == items.cols, "CosineScorer: term side of \(termSide!.itemCount) items, \(items.cols) here") }
    }
    /// When set (the items' 16-bit copy, `QuantizedColumns`), a block of one query is scanned through it
    /// instead of `sgemv`: half the bytes read, each score replaced by an upper bound that the
    /// selection treats as it treats a BLAS score, so the exact rescoring gives the same answers.
    public var quantized: QuantizedColumns? {
        didSet {
            precondition(quantized == nil || (quantized!.dimensions == items.rows && quantized!.count == items.cols),
                         "CosineScorer: quantized copy of \(quantized!.dimensions) × \(quantized!.count), items \(items.rows) × \(items.cols)")
        }
    }
    private var buffer: [Float] = []
    /// Term cosines of the items of one or more chunks (`termChunkItems × width`), with a term side.
    private var termBuffer: [Float] = []
    private var termScratch: [Double] = []
    /// Seconds spent in the BLAS products and in the selection passes (with exact rescoring) so far.
    public private(set) var productSeconds: Double = 0
    public private(set) var selectionSeconds: Double = 0

    /// - Parameter unitColumns: the columns are unit vectors or zero (a model's posting vectors): the norm
    ///   bound is then 1 without a pass over the items (which would cost as much as scoring one query).
    public init(items: DenseMatrix, unitColumns: Bool = false) {
        self.items = items
        if unitColumns { itemNormBound = 1; return }
        var bound = 0.0
        items.values.withUnsafeBufferPointer { v in
            for i in 0 ..< items.cols { bound = max(bound, VectorOps.exactNorm(v.baseAddress! + i * items.rows, count: items.rows)) }
        }
        itemNormBound = bound
    }

    /// Half-width of the band around a selection floor inside which BLAS scores are rescored exactly,
    /// for vectors of `dimensions` entries and norms at most `normBound`: (2d + 8)·2⁻²⁴·max(1, normBound).
    public static func tolerance(dimensions d: Int, normBound: Double) -> Float {
        Float(Double(2 * d + 8) * 0x1p-24 * max(1, normBound))
    }

    /// The exact cosine (dot product) of item i and a query vector of `items.rows` floats; with a term
    /// side, the exact hybrid score (the query's term vector is then needed).
    public func exactScore(item i: Int, query: UnsafePointer<Float>, terms: SparseQuery? = nil) -> Float {
        let latent = items.values.withUnsafeBufferPointer { v in
            VectorOps.exactDot(v.baseAddress! + i * items.rows, query, count: items.rows)
        }
        guard let termSide else { return Float(latent) }
        return TermSide.combine(latent: latent, term: termSide.termScore(item: i, terms ?? SparseQuery()),
                                latentShare: termSide.latentShare)
    }

    /// The best `count` items for each query column of `queries` (`d × b`), best first, exact scores.
    /// - Parameters:
    ///   - excluding: per query column, items left out of its ranking (a posting's own column in `similar`).
    ///   - blockSize: queries per block (each block's products hold at most `productBytes` of scores).
    ///   - threads: threads of the selection pass (items split in ranges).
    ///   - itemSide: also keeps each item's best queries; query columns are numbered from 0 in `queries`.
    ///   - terms: per query column, its sparse term vector (required with a `termSide`, ignored without).
    /// - Complexity: one `n × d × b` product (BLAS), O(n·b) compares, O(b·k·log(n/k)·d) exact rescoring;
    ///   with a term side, Σ df over each query's terms more.
    public func topK(queries: DenseMatrix, terms: [SparseQuery]? = nil, count: Int, excluding: [Set<Int>]? = nil, blockSize: Int = 256,
                     threads: Int = 1, itemSide: ItemSideSelection? = nil) -> [[ScoredIndex]] {
        precondition(queries.rows == items.rows, "CosineScorer: queries have dimension \(queries.rows), items \(items.rows)")
        precondition(excluding == nil || excluding!.count == queries.cols, "CosineScorer: one exclusion set per query")
        precondition(termSide == nil || terms?.count == queries.cols, "CosineScorer: a hybrid scorer needs one term vector per query")
        let b = queries.cols
        guard b > 0 else { return [] }
        let block = max(1, min(blockSize, b))
        var results = [[ScoredIndex]]()
        results.reserveCapacity(b)
        var q0 = 0
        while q0 < b {
            let width = min(block, b - q0)
            results += queries.values.withUnsafeBufferPointer { qp in
                scoreBlock(qp.baseAddress! + q0 * queries.rows, width: width, terms: terms.map { Array($0[q0 ..< q0 + width]) },
                           count: count, firstColumn: q0,
                           excluding: excluding.map { Array($0[q0 ..< q0 + width]) }, threads: threads, itemSide: itemSide)
            }
            q0 += width
        }
        return results
    }

    /// Scores one block of `width` query columns (`d × width`, contiguous at `queries`).
    /// `firstColumn` numbers the block's queries for `itemSide` offers; `terms`: the columns' sparse term
    /// vectors (required with a `termSide`).
    ///
    /// The items go by chunks of `chunkItems(width:)`: one product per chunk (`chunk × width` scores, at
    /// most `productBytes`), then the selection pass over that chunk while its scores are still in cache;
    /// each thread's per-query heaps carry over from chunk to chunk. The block's width is then no longer
    /// bounded by a buffer of `n × width` scores (a single query, `width` 1, takes all items in one chunk).
    /// - Complexity: one `n × d × width` product (BLAS, in ⌈n / chunk⌉ calls), O(n·width) compares, exact
    ///   rescoring as `topK` (item side: about N(1 + ln(width/N)) offers per item without `keptPerItem`,
    ///   about N with it); memory `4·chunk·width` bytes of scores (≤ `productBytes`), with a term side up
    ///   to `termBytes` more of term cosines.
    public func scoreBlock(_ queries: UnsafePointer<Float>, width: Int, terms: [SparseQuery]? = nil, count: Int, firstColumn: Int = 0,
                           excluding: [Set<Int>]? = nil, threads: Int = 1, itemSide: ItemSideSelection? = nil) -> [[ScoredIndex]] {
        let d = items.rows, n = items.cols
        guard width > 0 else { return [] }
        guard n > 0, count > 0 || itemSide != nil else { return [[ScoredIndex]](repeating: [], count: width) }
        precondition(termSide == nil || terms?.count == width, "CosineScorer: a hybrid scorer needs one term vector per query")
        var queryNormBound = 0.0
        for j in 0 ..< width { queryNormBound = max(queryNormBound, VectorOps.exactNorm(queries + j * d, count: d)) }
        var tolerance = Self.tolerance(dimensions: d, normBound: itemNormBound * queryNormBound)
        if termSide != nil { tolerance += TermSide.extraTolerance }
        let hybrid = termSide != nil && terms != nil
        let chunk = chunkItems(width: width)
        if buffer.count < chunk * width { buffer = [Float](repeating: 0, count: chunk * width) }
        var termChunks = hybrid ? TermChunks(side: termSide!, queries: terms!) : nil
        // Term cosines go by spans of whole chunks: items span0 ..< span1, `termRows` of them.
        let termSpan = hybrid ? min(n, chunk * max(1, termBytes / (4 * width * chunk))) : 0
        var span0 = 0, span1 = 0
        if hybrid {
            if termBuffer.count < termSpan * width { termBuffer = [Float](repeating: 0, count: termSpan * width) }
            if termScratch.count < termSpan { termScratch = [Double](repeating: 0, count: termSpan) }
        }
        let parts = n * width >= parallelThreshold ? max(1, min(threads, chunk)) : 1
        let states = (0 ..< parts).map { _ in SelectionState(width: width, count: count) }
        let pass = SelectionPass(items: items, queries: queries, width: width, count: count, tolerance: tolerance,
                                 tile: max(1, tile ?? Self.tileBytes / (4 * width)), excluding: excluding, allowed: allowedItems, firstColumn: firstColumn,
                                 itemSide: itemSide, latentShare: hybrid ? termSide!.latentShare : nil)
        var c0 = 0
        while c0 < n {
            let c1 = min(n, c0 + chunk)
            let t0 = DispatchTime.now().uptimeNanoseconds
            product(queries, width: width, items: c0 ..< c1)
            if termChunks != nil && c0 >= span1 {
                span0 = c0
                span1 = min(n, c0 + termSpan)
                termScratch.withUnsafeMutableBufferPointer { sp in termBuffer.withUnsafeMutableBufferPointer { tp in
                    termChunks!.scores(items: span0 ..< span1, scratch: sp.baseAddress!, out: tp.baseAddress!)
                } }
            }
            let t1 = DispatchTime.now().uptimeNanoseconds
            productSeconds += Double(t1 - t0) / 1e9
            let ranges = (0 ..< parts).map { t in (c0 + t * (c1 - c0) / parts) ..< (c0 + (t + 1) * (c1 - c0) / parts) }
            termBuffer.withUnsafeBufferPointer { tp in buffer.withUnsafeMutableBufferPointer { cp in
                nonisolated(unsafe) let scores = cp.baseAddress!
                let chunkScores = ChunkScores(values: scores, terms: hybrid ? tp.baseAddress! + (c0 - span0) : nil, termRows: span1 - span0,
                                              first: c0, rows: c1 - c0)
                if parts == 1 {
                    pass.run(chunkScores, range: ranges[0], state: states[0])
                } else {
                    DispatchQueue.concurrentPerform(iterations: parts) { t in pass.run(chunkScores, range: ranges[t], state: states[t]) }
                }
            } }
            selectionSeconds += Double(DispatchTime.now().uptimeNanoseconds - t1) / 1e9
            c0 = c1
        }
        return (0 ..< width).map { j in
            if parts == 1 { return states[0].heaps[j].sorted() }
            var merged = BoundedHeap<ScoredIndex>(capacity: count)
            for state in states { for e in state.heaps[j].elements { merged.offer(e) } }
            return merged.sorted()
        }
    }

    /// Items per product for a block of `width` queries: all n for one query (`sgemv` or the quantized
    /// scan read each item once anyway), else as many as `productBytes` of scores hold (at least 1).
    public func chunkItems(width: Int) -> Int {
        let n = items.cols
        guard width > 1, items.rows > 0 else { return max(1, n) }
        return max(1, min(n, itemsPerProduct ?? productBytes / (4 * width)))
    }

    /// The BLAS (or quantized) scores of `range`'s items against the block, into `buffer` (`rows × width`,
    /// column-major: query j's scores at `j · rows`, rows = `range.count`).
    private func product(_ queries: UnsafePointer<Float>, width: Int, items range: Range<Int>) {
        let d = items.rows, rows = range.count
        items.values.withUnsafeBufferPointer { ip in
            buffer.withUnsafeMutableBufferPointer { cp in
                if d == 0 {
                    cp.update(repeating: 0)
                } else if width == 1, let quantized {
                    quantized.upperBounds(query: queries, into: cp.baseAddress!)
                } else if width == 1 {
                    // One query: one pass over the items (`sgemm` with one column would pack them first).
                    cblas_sgemv(CblasColMajor, CblasTrans, Int32(d), Int32(rows), 1, ip.baseAddress! + range.lowerBound * d, Int32(d),
                                queries, 1, 0, cp.baseAddress, 1)
                } else {
                    // C (rows × width) = chunkᵀ (rows × d) · Q (d × width)
                    cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(rows), Int32(width), Int32(d), 1,
                                ip.baseAddress! + range.lowerBound * d, Int32(d), queries, Int32(d), 0, cp.baseAddress, Int32(rows))
                }
            }
        }
    }
}

/// One chunk's scores: item i (first ≤ i < first + rows) against query j at `values[j · rows + i − first]`,
/// and with a term side its term cosine at `terms[j · termRows + i − first]`.
private struct ChunkScores: @unchecked Sendable {
    let values: UnsafeMutablePointer<Float>
    let terms: UnsafePointer<Float>?
    let termRows: Int
    let first: Int
    let rows: Int
    /// Query j's scores, indexed by item − first.
    func column(_ j: Int) -> UnsafeMutablePointer<Float> { values + j * rows }
}

/// What one thread's selection keeps from chunk to chunk of a block: each query's best items of its
/// ranges so far and the threshold they set, and scratch reused per tile.
private final class SelectionState: @unchecked Sendable {
    var heaps: [BoundedHeap<ScoredIndex>]
    /// Per query: its heap's worst exact score less the tolerance once full; −∞ before (+∞ when k = 0).
    var thresholds: [Float]
    /// Per item of the tile: the least BLAS score that may still enter its selection.
    var itemThresholds: [Float] = []
    /// Per group of queries and item of the tile: the group's largest BLAS score (`SelectionPass.seed`).
    var groupMaxima: [Float] = []

    init(width: Int, count: Int) {
        heaps = (0 ..< width).map { _ in BoundedHeap<ScoredIndex>(capacity: count) }
        thresholds = [Float](repeating: count > 0 ? -.infinity : .infinity, count: width)
    }
}

/// The selection pass over one chunk's BLAS scores, for a range of its items.
private struct SelectionPass: @unchecked Sendable {
    let items: DenseMatrix
    let queries: UnsafePointer<Float>
    let width: Int
    let count: Int
    let tolerance: Float
    let tile: Int
    let excluding: [Set<Int>]?
    let allowed: [Bool]?
    let firstColumn: Int
    let itemSide: ItemSideSelection?
    /// α when the scores are hybrid (the chunk's `terms` then hold the term cosines).
    let latentShare: Float?

    /// Most groups of queries `seed` takes maxima over (memory: groups × tile floats per thread).
    static let seedGroups = 64

    /// Updates `state` with the items of `range` (inside `scores`' chunk): each query's best items under
    /// exact scores and, with an item side, each item's offers.
    /// The hot loop is one compare per score against the query's threshold (its floor less the
    /// tolerance) and, with an item side, the item's; exact rescoring and heap work only for entries
    /// that pass. A NaN score passes neither compare.
    func run(_ scores: ChunkScores, range: Range<Int>, state: SelectionState) {
        var t0 = range.lowerBound
        while t0 < range.upperBound {
            let t1 = min(range.upperBound, t0 + tile)
            if let terms = scores.terms, let latentShare { blend(scores, terms: terms, latentShare: latentShare, range: t0 ..< t1) }
            if let itemSide {
                prepareItemThresholds(scores, tile: t0 ..< t1, itemSide: itemSide, state: state)
                state.itemThresholds.withUnsafeMutableBufferPointer { tp in
                    for j in 0 ..< width {
                        scanBothSides(scores, query: j, tile: t0 ..< t1, itemThresholds: tp.baseAddress!, state: state)
                    }
                }
            } else {
                for j in 0 ..< width { scanQuerySide(scores, query: j, tile: t0 ..< t1, state: state) }
            }
            t0 = t1
        }
    }

    /// Hybrid: α · (BLAS latent) + (1 − α) · term, the selection estimate, in place of the BLAS scores.
    private func blend(_ scores: ChunkScores, terms: UnsafePointer<Float>, latentShare a: Float, range: Range<Int>) {
        let b = 1 - a
        for j in 0 ..< width {
            let column = scores.column(j), termColumn = terms + j * scores.termRows
            for i in range.lowerBound - scores.first ..< range.upperBound - scores.first { column[i] = a * column[i] + b * termColumn[i] }
        }
    }

    /// Sets each item's threshold for the tile: its floor less the tolerance, raised to `seed`'s bound
    /// when the item side's capacity is known and the block has enough queries.
    private func prepareItemThresholds(_ scores: ChunkScores, tile: Range<Int>, itemSide: ItemSideSelection, state: SelectionState) {
        let length = tile.count, floors = itemSide.floors
        if state.itemThresholds.count < length { state.itemThresholds = [Float](repeating: 0, count: length) }
        for i in tile { state.itemThresholds[i - tile.lowerBound] = floors[i] - tolerance }
        let kept = itemSide.keptPerItem, groups = min(width, Self.seedGroups)
        guard kept > 0, kept <= groups, excluding == nil else { return }
        seed(scores, tile: tile, kept: kept, groups: groups, state: state)
    }

    /// Raises each item's threshold to what the block's own scores prove: the queries split in `groups`
    /// contiguous groups, if the kept-th largest of the item's group maxima is L, then `kept` distinct
    /// queries have estimates ≥ L, hence exact scores ≥ L − tolerance, so the item's kept-th best is at
    /// least that; a query whose estimate is below L − 2·tolerance has an exact score below L − tolerance
    /// (strictly) and cannot be among the item's best. An item is then offered about `kept` of the block's
    /// queries, not every query that beats its floor as the floor rises (≈ kept·(1 + ln(width/kept))).
    /// Excluded pairs are never offered, so with exclusions there is no seed (the caller checks).
    /// - Complexity: O(tile · width) maxima, O(tile · groups · kept) to pick the bound.
    private func seed(_ scores: ChunkScores, tile: Range<Int>, kept: Int, groups: Int, state: SelectionState) {
        let length = tile.count
        if state.groupMaxima.count < groups * length { state.groupMaxima = [Float](repeating: 0, count: groups * length) }
        state.groupMaxima.withUnsafeMutableBufferPointer { gp in
            let maxima = gp.baseAddress!
            maxima.update(repeating: -.infinity, count: groups * length)
            for j in 0 ..< width {
                let group = maxima + (j * groups / width) * length
                let column = scores.column(j) + (tile.lowerBound - scores.first)
                // NaN never replaces a maximum (the compare is false).
                for i in 0 ..< length { let v = column[i]; group[i] = v > group[i] ? v : group[i] }
            }
            withUnsafeTemporaryAllocation(of: Float.self, capacity: kept) { bp in
                let best = bp.baseAddress!
                for i in 0 ..< length {
                    best.update(repeating: -.infinity, count: kept)
                    for g in 0 ..< groups {
                        // Insertion into the kept largest so far, descending.
                        let v = maxima[g * length + i]
                        guard v > best[kept - 1] else { continue }
                        var k = kept - 1
                        while k > 0 && best[k - 1] < v { best[k] = best[k - 1]; k -= 1 }
                        best[k] = v
                    }
                    let bound = best[kept - 1]
                    if bound.isFinite { state.itemThresholds[i] = max(state.itemThresholds[i], bound - 2 * tolerance) }
                }
            }
        }
    }

    /// Query j against the tile's items, with an item side: one load and one compare per score against
    /// the lower of the query's and the item's thresholds.
    private func scanBothSides(_ scores: ChunkScores, query j: Int, tile: Range<Int>, itemThresholds: UnsafeMutablePointer<Float>, state: SelectionState) {
        let column = scores.column(j) + (tile.lowerBound - scores.first), floors = itemSide!.floors
        var threshold = state.thresholds[j]
        for k in 0 ..< tile.count {
            let s = column[k], itemThreshold = itemThresholds[k]
            guard s >= min(threshold, itemThreshold) else { continue }
            let reachesQuery = s >= threshold, reachesItem = s >= itemThreshold, i = tile.lowerBound + k
            visit(scores, i, query: j, reachesQuery: reachesQuery, reachesItem: reachesItem, threshold: &threshold, state: state)
            if reachesItem { itemThresholds[k] = max(itemThreshold, floors[i] - tolerance) }
        }
        state.thresholds[j] = threshold
    }

    /// Query j against the tile's items, without an item side.
    private func scanQuerySide(_ scores: ChunkScores, query j: Int, tile: Range<Int>, state: SelectionState) {
        let column = scores.column(j) + (tile.lowerBound - scores.first)
        var threshold = state.thresholds[j]
        for k in 0 ..< tile.count where column[k] >= threshold {
            visit(scores, tile.lowerBound + k, query: j, reachesQuery: true, reachesItem: false, threshold: &threshold, state: state)
        }
        state.thresholds[j] = threshold
    }

    /// Rescores item i against query j exactly and offers it where its BLAS score may reach.
    private func visit(_ scores: ChunkScores, _ i: Int, query j: Int, reachesQuery: Bool, reachesItem: Bool, threshold: inout Float,
                       state: SelectionState) {
        if let excluding, excluding[j].contains(i) { return }
        if let allowed, !allowed[i] { return }
        let d = items.rows
        let latent = items.values.withUnsafeBufferPointer { VectorOps.exactDot($0.baseAddress! + i * d, queries + j * d, count: d) }
        let exact = latentShare.map { TermSide.combine(latent: latent, term: scores.terms![j * scores.termRows + i - scores.first], latentShare: $0) } ?? Float(latent)
        if reachesQuery, state.heaps[j].offer(ScoredIndex(index: i, score: exact)), state.heaps[j].isFull {
            threshold = state.heaps[j].worst!.score - tolerance
        }
        if reachesItem { itemSide!.offer(item: i, query: firstColumn + j, score: exact) }
    }
}

/// A fixed number of slots written once each from concurrent tasks, read after they all finish.
public final class ConcurrentResults<T: Sendable>: Sendable {
    private let slots: Mutex<[T?]>
    public init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }
    public func set(_ i: Int, _ value: T) { slots.withLock { $0[i] = value } }
    public func get(_ i: Int) -> T { slots.withLock { $0[i]! } }
    /// The value of slot i, which is emptied (its memory goes with the caller's copy).
    public func take(_ i: Int) -> T { slots.withLock { s in defer { s[i] = nil }; return s[i]! } }
}
