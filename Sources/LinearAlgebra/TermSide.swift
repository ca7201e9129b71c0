/// A sparse query vector: feature indices ascending and unique, with their weights.
public struct SparseQuery: Sendable, Equatable {
    public var indices: [Int32]
    public var values: [Float]
    public init(indices: [Int32] = [], values: [Float] = []) {
        precondition(indices.count == values.count, "SparseQuery: \(indices.count) indices, \(values.count) values")
        self.indices = indices
        self.values = values
    }
}

/// The term half of a hybrid score, score = α · (latent cosine) + (1 − α) · (term cosine), for
/// `CosineScorer`.
///
/// Why: the latent cosine alone blurs what makes a short text specific (a job title against job
/// titles); the term cosine keeps it. Both are cosines of unit vectors, so the sum stays in [−1, 1].
///
/// The items' sparse unit vectors are stored by feature (`byFeature`, `features × items` CSR: row t
/// lists the items holding feature t, ascending, with their weights): an inverted index, so one query
/// costs Σ_{t ∈ query} df(t) multiply-adds, not one per item and feature.
///
/// **Same bits everywhere.** The term cosine of item i and query q is defined as
/// `Float(Σ_t q_t · x_{i,t})`, the products (exact in double) summed in double in ascending feature
/// order — a function of the inputs alone, with no BLAS. The hybrid score is then
/// `Float(α · exactLatent + (1 − α) · termCosine)` in double (`combine`); `CosineScorer` selects with
/// `α · blasLatent + (1 − α) · termCosine` in float, which is within its tolerance of the exact sum
/// (α ≤ 1 scales the BLAS error down; the float rounding of the estimate is covered by `extraTolerance`).
public struct TermSide: Sendable {
    /// `features × items`: row t holds the items with feature t (ascending item index) and their weights.
    public let byFeature: CSRMatrix
    /// α in [0, 1]: the latent cosine's share; the term cosine gets 1 − α.
    public let latentShare: Float
    /// nil: every feature's row is in `byFeature`. Otherwise the features whose rows were read (an index read
    /// row by row for one query): the other rows are empty in `byFeature` and asking for one is a programming
    /// error (a trap), never a term cosine silently computed from a missing row.
    public let rowsPresent: FeatureMask?

    public init(byFeature: CSRMatrix, latentShare: Float, rowsPresent: FeatureMask? = nil) {
        precondition(latentShare >= 0 && latentShare <= 1, "TermSide: latent share \(latentShare) outside [0, 1]")
        precondition(rowsPresent == nil || rowsPresent!.count == byFeature.rows, "TermSide: a mask of \(rowsPresent!.count) rows for \(byFeature.rows)")
        self.byFeature = byFeature
        self.latentShare = latentShare
        self.rowsPresent = rowsPresent
    }

    /// Traps unless feature t's row is present (`rowsPresent`).
    @inline(__always)
    func requireRow(_ t: Int) {
        if let rowsPresent {
            precondition(rowsPresent.contains(t), "TermSide: the row of feature \(t) was not read (an index read for one query answers only its terms)")
        }
    }

    public var itemCount: Int { byFeature.cols }
    public var featureCount: Int { byFeature.rows }

    /// Rounding slack added to the scorer's tolerance for the float estimate of the sum (a few units in
    /// the last place of numbers at most 1 in magnitude).
    public static let extraTolerance: Float = Float(16 * 0x1p-24)

    /// The hybrid score from an exact latent dot product (double) and a term cosine: the one formula.
    @inlinable
    public static func combine(latent: Double, term: Float, latentShare: Float) -> Float {
        let a = Double(latentShare)
        return Float(a * latent + (1 - a) * Double(term))
    }

    /// Term cosines of one query against every item, written to `out` (`itemCount` floats);
    /// `scratch` holds `itemCount` doubles (overwritten). Features outside the index are ignored.
    /// One span of `TermChunks` (the scorer's path), so there is one way these sums are made.
    /// - Complexity: O(n) to clear and convert, plus Σ_{t ∈ query} df(t).
    public func termScores(_ query: SparseQuery, scratch: UnsafeMutablePointer<Double>, out: UnsafeMutablePointer<Float>) {
        var chunks = TermChunks(side: self, queries: [query])
        chunks.scores(items: 0 ..< itemCount, scratch: scratch, out: out)
    }

    /// The term cosine of one item and a query, the same bits as `termScores` gives for it.
    /// - Complexity: O(|query| · log df).
    public func termScore(item i: Int, _ query: SparseQuery) -> Float {
        var s = 0.0
        for (t, w) in zip(query.indices, query.values) {
            let t = Int(t)
            guard t >= 0, t < featureCount else { continue }
            s += Double(w) * Double(weight(item: i, feature: t))
        }
        return Float(s)
    }

    /// x_{i,t}: item i's weight for feature t (0 when absent), by binary search in row t.
    public func weight(item i: Int, feature t: Int) -> Float {
        requireRow(t)
        var lo = byFeature.rowPointers[t], hi = byFeature.rowPointers[t + 1]
        let target = Int32(truncatingIfNeeded: i)
        while lo < hi {
            let mid = (lo + hi) / 2
            let c = byFeature.columnIndices[mid]
            if c == target { return byFeature.values[mid] }
            if c < target { lo = mid + 1 } else { hi = mid }
        }
        return 0
    }

    /// Item i's sparse vector (features ascending). Needs every row (`rowsPresent` nil).
    /// - Complexity: O(features · log df).
    public func itemVector(_ i: Int) -> SparseQuery {
        precondition(rowsPresent == nil, "TermSide: an item's whole vector needs every row of the index")
        var indices = [Int32](), values = [Float]()
        for t in 0 ..< featureCount {
            let w = weight(item: i, feature: t)
            if w != 0 { indices.append(Int32(t)); values.append(w) }
        }
        return SparseQuery(indices: indices, values: values)
    }
}

/// Term cosines of a block of queries against the items chunk by chunk (ascending, contiguous from item
/// 0), for `CosineScorer`'s chunked products: a chunk's term cosines are in cache when its scores are
/// selected, and the sums go to a scratch of one chunk (in L1) instead of one of n doubles.
///
/// The same bits as `TermSide.termScores`: each item's sum takes its products in the query's term order,
/// in double, rounded once — a chunk only limits which items a pass over a term's row reaches. Each
/// (query, term) keeps a cursor into the term's row of `byFeature` (items ascending), so a row is read
/// once over all chunks.
/// - Complexity: Σ df over the queries' terms, plus O(rows · queries) per chunk to clear and round,
///   plus O(Σ |query|) per chunk for the cursors. Memory: 3 words per (query, term).
public struct TermChunks {
    private let side: TermSide
    /// Query j's terms are entries `starts[j] ..< starts[j + 1]`.
    private var starts: [Int] = [0]
    private var weights: [Double] = []
    private var cursors: [Int] = []
    private var ends: [Int] = []
    /// The first item of the next chunk.
    private var next = 0

    public init(side: TermSide, queries: [SparseQuery]) {
        self.side = side
        let pointers = side.byFeature.rowPointers
        for q in queries {
            for (t, w) in zip(q.indices, q.values) {
                let t = Int(t)
                guard t >= 0, t < side.featureCount else { continue }
                side.requireRow(t)
                weights.append(Double(w))
                cursors.append(pointers[t])
                ends.append(pointers[t + 1])
            }
            starts.append(weights.count)
        }
    }

    /// Term cosines of every query against items `range` (the chunk after the previous one): query j's
    /// at `out[j · range.count + i − range.lowerBound]`. `scratch` holds `range.count` doubles (overwritten).
    public mutating func scores(items range: Range<Int>, scratch: UnsafeMutablePointer<Double>, out: UnsafeMutablePointer<Float>) {
        precondition(range.lowerBound == next, "TermChunks: chunks must follow each other from item 0")
        next = range.upperBound
        let rows = range.count, first = range.lowerBound, last = Int32(truncatingIfNeeded: range.upperBound)
        side.byFeature.columnIndices.withUnsafeBufferPointer { ci in
            side.byFeature.values.withUnsafeBufferPointer { vv in
                weights.withUnsafeBufferPointer { wp in
                    ends.withUnsafeBufferPointer { ep in
                        cursors.withUnsafeMutableBufferPointer { cp in
                            for j in 0 ..< starts.count - 1 {
                                scratch.update(repeating: 0, count: rows)
                                for k in starts[j] ..< starts[j + 1] {
                                    let q = wp[k], end = ep[k], start = cp[k]
                                    guard start < end else { continue }
                                    // The row's entries inside the span: start ..< stop (all of the rest when the last one is).
                                    var stop = end
                                    if ci[end - 1] >= last {
                                        var lo = start, hi = end - 1
                                        while lo < hi { let mid = (lo + hi) / 2; if ci[mid] < last { lo = mid + 1 } else { hi = mid } }
                                        stop = lo
                                    }
                                    for p in start ..< stop { scratch[Int(ci[p]) - first] += q * Double(vv[p]) }
                                    cp[k] = stop
                                }
                                let column = out + j * rows
                                for r in 0 ..< rows { column[r] = Float(scratch[r]) }
                            }
                        }
                    }
                }
            }
        }
    }
}
