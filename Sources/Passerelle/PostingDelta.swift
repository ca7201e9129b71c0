import LinearAlgebra

/// The postings added to a model since its segments were last merged: their latent vectors and their
/// term vectors, kept apart from the base segment so that an add costs O(its own size) instead of
/// copying the k × n posting vectors and transposing the term index twice (`LSAModel.apply`).
///
/// The delta holds the model's last `count` postings (positions `basePostingCount ..< postingCount`), in
/// `segments` that merge like a binary counter (a log-structured merge): an add makes a segment of its own
/// postings, then the last two segments merge while the older is no larger than the newer. So the
/// segments' sizes strictly decrease from the oldest, there are at most ⌊log₂ count⌋ + 1 of them, and a
/// posting is copied O(log count) times over any sequence of adds — where one growing segment, shared with
/// the snapshot a server is still answering from, was copied (and its term side transposed) whole at every
/// add: quadratic over a day of adds (issue 25's soak at 100,000 postings: adds of 0.05 s after 300 adds,
/// 2.3 s after 1,200).
///
/// Each segment is searched beside the base (`LSAModel.scoringSegments`); all are merged into the base by
/// `LSAModel.mergeDelta`, which gives exactly the matrices `apply` used to build, so that answers and model
/// bytes are the same with a delta of any segmentation, after a merge, and after a compaction.
public struct PostingDelta: Sendable {
    /// Postings added together or merged: immutable once made (snapshots share them).
    ///
    /// The term vectors are kept once, by term (the shape `TermSide` scores): a posting's own vector is
    /// read back from it when needed (`postingTermVector`, as for a base posting), so an added posting
    /// costs its entries once in memory, not twice (by posting and by term).
    public struct Segment: Sendable {
        /// Postings in the segment.
        public let count: Int
        /// `dimensions × count`, column-major: the postings' unit vectors, in the order added.
        public let vectors: [Float]
        /// The postings' TF-IDF vectors by term (`vocabulary × count` CSR: row t lists the segment's
        /// postings holding term t, ascending), or nil when the model has no term index.
        public let termsByFeature: CSRMatrix?

        /// - Parameter termRows: the postings' term vectors by posting (`count × vocabulary`, entries as
        ///   logged), transposed here.
        init(count: Int, vectors: [Float], termRows: CSRMatrix?) {
            self.init(count: count, vectors: vectors, termsByFeature: termRows?.transposed())
        }

        private init(count: Int, vectors: [Float], termsByFeature: CSRMatrix?) {
            self.count = count
            self.vectors = vectors
            self.termsByFeature = termsByFeature
        }

        /// This segment followed by `newer`: row t of the merged term side is row t of this one, then
        /// row t of `newer` with its postings renumbered after this segment's — still ascending, the
        /// matrix a transpose of both segments' rows would give.
        /// - Complexity: O((count + newer.count) · k + their nnz + vocabulary).
        func followed(by newer: Segment) -> Segment {
            var terms = termsByFeature
            if let older = terms, let added = newer.termsByFeature { terms = LSAModel.appendingColumns(added, to: older) }
            return Segment(count: count + newer.count, vectors: vectors + newer.vectors, termsByFeature: terms)
        }
    }

    /// k: floats per vector.
    public let dimensions: Int
    /// The vocabulary size when the model has a term index, else nil.
    let vocabularySize: Int?
    /// Oldest first; sizes strictly decreasing (see the type's comment).
    public private(set) var segments: [Segment] = []

    /// Postings in the delta.
    public private(set) var count = 0
    public var isEmpty: Bool { count == 0 }

    /// - Parameter terms: the vocabulary size when the model has a term index, else nil.
    init(dimensions: Int, terms: Int?) {
        self.dimensions = dimensions
        self.vocabularySize = terms
    }

    /// The added postings' unit vectors (`dimensions × count`, column-major), all segments in order.
    /// - Complexity: O(count · k) (a copy) with more than one segment.
    public var vectors: [Float] {
        segments.count == 1 ? segments[0].vectors : segments.flatMap(\.vectors)
    }

    /// The added postings' term vectors by term (`vocabulary × count`), all segments in order; nil
    /// without a term index.
    /// - Complexity: O(delta nnz + vocabulary) with more than one segment.
    public var termsByFeature: CSRMatrix? {
        guard let vocabularySize else { return nil }
        guard segments.count != 1 else { return segments[0].termsByFeature }
        return segments.dropFirst().reduce(segments.first ?? Segment(count: 0, vectors: [], termRows: CSRMatrix.empty(cols: vocabularySize))) {
            $0.followed(by: $1)
        }.termsByFeature
    }

    /// The segment holding delta position `r` (0 ..< count), and `r` within it.
    /// - Complexity: O(log count) segments walked.
    func locate(_ r: Int) -> (segment: Segment, row: Int) {
        var r = r
        for s in segments {
            if r < s.count { return (s, r) }
            r -= s.count
        }
        preconditionFailure("PostingDelta: position outside the delta's \(count) postings")
    }

    /// Appends added postings (checked by `apply`: vectors of `dimensions`, term vectors within the
    /// vocabulary when there is a term index) as a segment, then merges the last segments while the older
    /// is no larger than the newer.
    /// - Complexity: amortized O(added · (k + their terms) · log count) + O(vocabulary) per merge; the
    ///   segments already there are not copied unless merged.
    mutating func append(_ added: [LoggedPosting]) {
        guard !added.isEmpty else { return }
        var rows: CSRMatrix? = nil
        if let vocabularySize {
            var r = CSRMatrix.empty(cols: vocabularySize)
            for p in added {
                r.columnIndices += p.terms!.indices
                r.values += p.terms!.values
                r.rowPointers.append(r.values.count)
                r.rows += 1
            }
            rows = r
        }
        var newest = Segment(count: added.count, vectors: added.flatMap(\.vector), termRows: rows)
        while let older = segments.last, older.count <= newest.count {
            segments.removeLast()
            newest = older.followed(by: newest)
        }
        segments.append(newest)
        count += added.count
    }
}

/// One segment of a model's postings for scoring: its vectors, its term side, and the position of its
/// first posting in the model.
public struct ScoringSegment {
    public let vectors: DenseMatrix
    /// The vectors as 16-bit integers when the model was prepared for repeated queries (the base segment only).
    public let quantized: QuantizedColumns?
    public let termSide: TermSide?
    public let offset: Int
    public var range: Range<Int> { offset ..< offset + vectors.cols }
}

extension LSAModel {
    /// Postings in the base segment (the first ones); the others are in `delta`.
    public var basePostingCount: Int { basePostingVectors.cols }

    /// `k × postings.count`, column-major: column j is posting j's unit vector (all zeros when empty):
    /// the base segment's vectors, followed by the delta's.
    /// - Complexity: O(1) without a delta (shared storage), O(n·k) with one (a copy): for writers and
    ///   batch scoring, not per query (`scoringSegments`).
    public var postingVectors: DenseMatrix {
        guard !delta.isEmpty else { return basePostingVectors }
        return DenseMatrix(rows: dimensions, cols: postingCount, values: basePostingVectors.values + delta.vectors)
    }

    /// The postings' unit TF-IDF vectors stored by term (`vocabularySize × postings.count` CSR: row t
    /// lists the postings holding term t), the term half of the hybrid score; nil in models written
    /// before format version 4, which then score by the latent cosine alone. Both segments.
    /// - Complexity: O(1) without a delta, O(nnz + vocabulary) with one.
    public internal(set) var termIndex: CSRMatrix? {
        get {
            guard let base = baseTermIndex else { return nil }
            requireWholeTermIndex("the merged term index")
            guard !delta.isEmpty, let added = delta.termsByFeature else { return base }
            return Self.appendingColumns(added, to: base)
        }
        set {
            mergeDelta()
            baseTermIndex = newValue
            termRowsOnDemand = nil
            delta = PostingDelta(dimensions: dimensions, terms: newValue == nil ? nil : vectorizer.vocabularySize)
        }
    }

    /// α when scores are hybrid (the model has a term index and α < 1), else nil: `termSide?.latentShare`
    /// without building the merged term index.
    public var hybridLatentShare: Float? {
        guard baseTermIndex != nil, let share = settings.latentShare, share < 1 else { return nil }
        return share
    }

    /// Merges the delta into the base: afterwards the model holds one segment, with the vectors and term
    /// index `apply` built before deltas existed (the same bytes when written).
    /// - Complexity: O(n·k + nnz + vocabulary).
    public mutating func mergeDelta() {
        guard !delta.isEmpty else { return }
        let vectors = postingVectors
        let index = termIndex
        basePostingVectors = vectors
        baseTermIndex = index
        delta = PostingDelta(dimensions: dimensions, terms: index == nil ? nil : vectorizer.vocabularySize)
    }

    /// Row t of `base` followed by row t of `added` (its columns shifted by `base.cols`): the term index
    /// of the base's postings followed by the added ones. Each row stays ascending.
    static func appendingColumns(_ added: CSRMatrix, to base: CSRMatrix) -> CSRMatrix {
        precondition(added.rows == base.rows, "LSAModel: a delta of \(added.rows) terms for \(base.rows)")
        let shift = Int32(base.cols)
        var pointers = [Int](), indices = [Int32](), values = [Float]()
        pointers.reserveCapacity(base.rows + 1)
        indices.reserveCapacity(base.nonZeroCount + added.nonZeroCount)
        values.reserveCapacity(base.nonZeroCount + added.nonZeroCount)
        pointers.append(0)
        for t in 0 ..< base.rows {
            indices += base.columnIndices[base.rowPointers[t] ..< base.rowPointers[t + 1]]
            values += base.values[base.rowPointers[t] ..< base.rowPointers[t + 1]]
            for p in added.rowPointers[t] ..< added.rowPointers[t + 1] {
                indices.append(added.columnIndices[p] + shift)
                values.append(added.values[p])
            }
            pointers.append(values.count)
        }
        return try! CSRMatrix(rows: base.rows, cols: base.cols + added.cols, rowPointers: pointers, columnIndices: indices, values: values)
    }

    /// Makes the base segment's 16-bit copy (`quantizedBase`) unless it is there, when the base is large
    /// enough for the scan to pay: a process that answers many single queries (the server) calls it
    /// once per model; a one-shot `rank` does not (the copy costs more than one float scan).
    /// - Parameter minimumPostings: the base size from which the copy is made (tests lower it).
    /// - Complexity: O(k·n) once; 2·k·n bytes kept.
    public mutating func prepareForRepeatedQueries(minimumPostings: Int = quantizedScanMinimum) {
        guard quantizedBase == nil, basePostingCount >= minimumPostings, basePostingCount > 0, dimensions > 0,
              dimensions <= QuantizedColumns.maximumDimensions else { return }
        quantizedBase = QuantizedColumns(basePostingVectors)
    }

    /// Below this many base postings the float scan is kept (the vectors fit in the caches).
    public static let quantizedScanMinimum = 4096

    /// The segments to score, base first; a segment without postings is left out. Their vectors share
    /// the model's storage (no copy).
    public var scoringSegments: [ScoringSegment] {
        let share = hybridLatentShare
        var out = [ScoringSegment]()
        if basePostingCount > 0 {
            out.append(ScoringSegment(vectors: basePostingVectors, quantized: quantizedBase,
                                      termSide: share.map { TermSide(byFeature: baseTermIndex!, latentShare: $0, rowsPresent: termRowsOnDemand?.rowsRead) },
                                      offset: 0))
        }
        var offset = basePostingCount
        for segment in delta.segments {
            out.append(ScoringSegment(vectors: DenseMatrix(rows: dimensions, cols: segment.count, values: segment.vectors), quantized: nil,
                                      termSide: share.map { TermSide(byFeature: segment.termsByFeature!, latentShare: $0) },
                                      offset: offset))
            offset += segment.count
        }
        return out
    }

    /// Posting j's unit latent vector (k floats).
    public func postingVector(_ j: Int) -> [Float] {
        precondition(j >= 0 && j < postingCount, "LSAModel: posting \(j) outside 0..<\(postingCount)")
        let k = dimensions, b = basePostingCount
        if j < b { return Array(basePostingVectors.values[(j * k) ..< ((j + 1) * k)]) }
        let (segment, r) = delta.locate(j - b)
        return Array(segment.vectors[(r * k) ..< ((r + 1) * k)])
    }

    /// Posting j's weight for term t in the term index (0 when absent or without an index), the value
    /// `termSide?.weight(item: j, feature: t)` gives, without merging the segments.
    public func termWeight(posting j: Int, term t: Int) -> Float {
        let b = basePostingCount
        if j < b { return baseTermIndex.map { TermSide(byFeature: $0, latentShare: 1, rowsPresent: termRowsOnDemand?.rowsRead).weight(item: j, feature: t) } ?? 0 }
        let (segment, r) = delta.locate(j - b)
        return segment.termsByFeature.map { TermSide(byFeature: $0, latentShare: 1).weight(item: r, feature: t) } ?? 0
    }

    /// Posting j's unit TF-IDF vector from the term index (terms ascending; empty without one), as
    /// `termSide?.itemVector(j)` gives it — for an added posting, from its segment's term side.
    /// - Complexity: O(vocabulary · log df).
    public func postingTermVector(_ j: Int) -> SparseQuery {
        let b = basePostingCount
        if j < b { return baseTermIndex.map { TermSide(byFeature: $0, latentShare: 1, rowsPresent: termRowsOnDemand?.rowsRead).itemVector(j) } ?? SparseQuery() }
        let (segment, r) = delta.locate(j - b)
        return segment.termsByFeature.map { TermSide(byFeature: $0, latentShare: 1).itemVector(r) } ?? SparseQuery()
    }
}
