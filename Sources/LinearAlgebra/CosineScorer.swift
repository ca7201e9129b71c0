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
    /// Query `query` (its column in the block being scored) reaches item i with this exact score.
    func offer(item i: Int, query: Int, score: Float)
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
/// about k·ln(n/k) exact dot products per query against the n·d multiply-adds of the product.
///
/// With `quantized` set, a single query is first scanned through the items' 16-bit copy: each score is
/// then an upper bound (coarse score plus its error bound, `QuantizedColumns`), which may only let more
/// entries through to the exact rescoring — the answers do not change, half the bytes are read.
///
/// Ties (equal exact scores) rank by the smaller item index.
///
/// Memory: one reusable `n × blockSize` score buffer (4 bytes each), whatever the number of queries.
public final class CosineScorer {
    /// `d × n`, column-major: column i is item i's vector (unit length, or zero).
    public let items: DenseMatrix
    /// Largest column norm of `items` (1 for unit columns): scales the tolerance.
    let itemNormBound: Double
    /// Items per tile of the selection pass (their floors stay in L1); small in tests.
    public var tile = 4096
    /// Below this many scores per block the selection pass stays on one thread.
    public var parallelThreshold = 1 << 16
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
    /// Term cosines of the block being scored (`n × width`), when there is a term side.
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
    ///   - blockSize: queries per BLAS product (the buffer holds `n × blockSize` floats).
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
        if buffer.count < n * width { buffer = [Float](repeating: 0, count: n * width) }
        let t0 = DispatchTime.now().uptimeNanoseconds
        items.values.withUnsafeBufferPointer { ip in
            buffer.withUnsafeMutableBufferPointer { cp in
                if d == 0 {
                    cp.update(repeating: 0)
                } else if width == 1, let quantized {
                    quantized.upperBounds(query: queries, into: cp.baseAddress!)
                } else if width == 1 {
                    // One query: one pass over the items (`sgemm` with one column would pack them first).
                    cblas_sgemv(CblasColMajor, CblasTrans, Int32(d), Int32(n), 1, ip.baseAddress, Int32(d),
                                queries, 1, 0, cp.baseAddress, 1)
                } else {
                    // C (n × width) = itemsᵀ (n × d) · Q (d × width)
                    cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(n), Int32(width), Int32(d), 1,
                                ip.baseAddress, Int32(d), queries, Int32(d), 0, cp.baseAddress, Int32(n))
                }
            }
        }
        // Hybrid: the term cosines of each column (exact, no BLAS), and the selection estimate
        // α · (BLAS latent) + (1 − α) · term in the buffer.
        if let termSide, let terms {
            if termBuffer.count < n * width { termBuffer = [Float](repeating: 0, count: n * width) }
            if termScratch.count < n { termScratch = [Double](repeating: 0, count: n) }
            let a = termSide.latentShare, b = 1 - termSide.latentShare
            termScratch.withUnsafeMutableBufferPointer { sp in
                termBuffer.withUnsafeMutableBufferPointer { tp in
                    buffer.withUnsafeMutableBufferPointer { cp in
                        for j in 0 ..< width {
                            let column = tp.baseAddress! + j * n, scores = cp.baseAddress! + j * n
                            termSide.termScores(terms[j], scratch: sp.baseAddress!, out: column)
                            for i in 0 ..< n { scores[i] = a * scores[i] + b * column[i] }
                        }
                    }
                }
            }
        }
        let t1 = DispatchTime.now().uptimeNanoseconds
        productSeconds += Double(t1 - t0) / 1e9
        defer { selectionSeconds += Double(DispatchTime.now().uptimeNanoseconds - t1) / 1e9 }
        let parts = n * width >= parallelThreshold ? max(1, min(threads, n)) : 1
        let ranges = (0 ..< parts).map { t in (t * n / parts) ..< ((t + 1) * n / parts) }
        let partials = ConcurrentResults<[BoundedHeap<ScoredIndex>]>(count: parts)
        let hybrid = termSide != nil && terms != nil
        let pass = SelectionPass(items: items, queries: queries, width: width, count: count, tolerance: tolerance,
                                 tile: max(1, tile), excluding: excluding, allowed: allowedItems, firstColumn: firstColumn,
                                 itemSide: itemSide, latentShare: hybrid ? termSide!.latentShare : nil)
        termBuffer.withUnsafeBufferPointer { tp in buffer.withUnsafeBufferPointer { cp in
            nonisolated(unsafe) let scores = cp.baseAddress!
            nonisolated(unsafe) let termScores = hybrid ? tp.baseAddress : nil
            if parts == 1 {
                partials.set(0, pass.run(scores, termScores: termScores, range: ranges[0]))
            } else {
                DispatchQueue.concurrentPerform(iterations: parts) { t in partials.set(t, pass.run(scores, termScores: termScores, range: ranges[t])) }
            }
        } }
        return (0 ..< width).map { j in
            if parts == 1 { return partials.get(0)[j].sorted() }
            var merged = BoundedHeap<ScoredIndex>(capacity: count)
            for t in 0 ..< parts { for e in partials.get(t)[j].elements { merged.offer(e) } }
            return merged.sorted()
        }
    }
}

/// The selection pass over one block's BLAS scores, for a range of items.
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
    /// α when the scores are hybrid (`termScores` then holds the term cosines, `n × width`).
    let latentShare: Float?

    /// For each query column, its best items of `range` under exact scores.
    /// The hot loop is one compare per score against the query's threshold (its floor less the
    /// tolerance) and, with an item side, one against the item's; exact rescoring and heap work only for
    /// entries that pass. A NaN score passes neither compare.
    func run(_ scores: UnsafePointer<Float>, termScores: UnsafePointer<Float>?, range: Range<Int>) -> [BoundedHeap<ScoredIndex>] {
        let d = items.rows, n = items.cols
        var heaps = (0 ..< width).map { _ in BoundedHeap<ScoredIndex>(capacity: count) }
        var thresholds = [Float](repeating: count > 0 ? -.infinity : .infinity, count: width)
        items.values.withUnsafeBufferPointer { ip in
            let itemBase = ip.baseAddress!
            var t0 = range.lowerBound
            while t0 < range.upperBound {
                let t1 = min(range.upperBound, t0 + tile)
                for j in 0 ..< width {
                    let column = scores + j * n, query = queries + j * d
                    let excluded = excluding?[j]
                    var threshold = thresholds[j]
                    /// Rescores item i exactly and offers it where its BLAS score may reach.
                    func visit(_ i: Int, reachesQuery: Bool, reachesItem: Bool) {
                        if let excluded, excluded.contains(i) { return }
                        if let allowed, !allowed[i] { return }
                        let latent = VectorOps.exactDot(itemBase + i * d, query, count: d)
                        let exact = latentShare.map { TermSide.combine(latent: latent, term: termScores![j * n + i], latentShare: $0) }
                            ?? Float(latent)
                        if reachesQuery, heaps[j].offer(ScoredIndex(index: i, score: exact)), heaps[j].isFull {
                            threshold = heaps[j].worst!.score - tolerance
                        }
                        if reachesItem { itemSide!.offer(item: i, query: firstColumn + j, score: exact) }
                    }
                    if let itemFloors = itemSide?.floors {
                        for i in t0 ..< t1 {
                            let s = column[i]
                            let reachesQuery = s >= threshold, reachesItem = s >= itemFloors[i] - tolerance
                            if reachesQuery || reachesItem { visit(i, reachesQuery: reachesQuery, reachesItem: reachesItem) }
                        }
                    } else {
                        for i in t0 ..< t1 where column[i] >= threshold {
                            visit(i, reachesQuery: true, reachesItem: false)
                        }
                    }
                    thresholds[j] = threshold
                }
                t0 = t1
            }
        }
        return heaps
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
