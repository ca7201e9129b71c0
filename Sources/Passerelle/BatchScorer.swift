import Foundation
import LinearAlgebra
import CLAPACK

/// A candidate of a batch ranked against one posting: its id and cosine.
public struct CandidateScore: Equatable, Sendable {
    public var id: String
    public var title: String
    public var score: Float
    public init(id: String, title: String, score: Float) { self.id = id; self.title = title; self.score = score }

    /// Posting-direction order: higher score first, equal scores by candidate id (UTF-8 bytes ascending),
    /// so that a run, its shards merged, and a resumed run all rank ties the same way.
    public static func ranksBefore(_ a: CandidateScore, _ b: CandidateScore) -> Bool {
        a.score > b.score || (a.score == b.score && a.id.utf8.lexicographicallyPrecedes(b.id.utf8))
    }

    /// The best `count` of `scores`, in `ranksBefore` order.
    public static func best(_ scores: [CandidateScore], count: Int) -> [CandidateScore] {
        Array(scores.sorted(by: ranksBefore).prefix(max(0, count)))
    }
}

/// The basis V of a model stored row-major (Vᵀ as `k × m` column-major): folding a block of texts is then
/// one contiguous `saxpy` of k floats per nonzero. Made once per run (4·m·k bytes), shared by threads.
public final class BasisRows: Sendable {
    public let values: [Float]
    public let dimensions: Int
    public let vocabularySize: Int
    public init(_ model: LSAModel) {
        values = model.basis.transposed().values
        dimensions = model.basis.cols
        vocabularySize = model.basis.rows
    }
}

/// A block of candidates folded into the latent space, ready for `BatchScorer.score`.
public struct FoldedBlock: Sendable {
    public var documents: [Document]
    /// For each document, its column in `vectors`, or nil when it cannot be scored (see `problems`).
    public var columns: [Int?]
    /// For each document, why it is not scored (too little text), or nil.
    public var problems: [String?]
    /// `k × scored`, unit columns.
    public var vectors: DenseMatrix
    /// For each document, its L2-normalized TF-IDF vector and term coverage.
    public var tfidf: [SparseVector]
    public var coverage: [TermCoverage]
    /// For each scored column, ‖Vᵀx‖ before normalization (the denominator of term contributions).
    public var projectionNorms: [Float]

    /// The document at `i` as a `FoldedQuery` (for term contributions through `Matcher`), nil when not scored.
    public func foldedQuery(at i: Int) -> FoldedQuery? {
        guard let c = columns[i] else { return nil }
        let k = vectors.rows
        let unit = Array(vectors.values[(c * k) ..< ((c + 1) * k)])
        return FoldedQuery(tfidf: tfidf[i], projection: unit.map { $0 * projectionNorms[c] }, unit: unit, coverage: coverage[i])
    }
}

/// Scores a pool of candidates against every posting of a model in blocks, keeping the top N both ways:
/// for each candidate its best postings, for each posting its best candidates.
///
/// Each block of b candidates is folded in (`LSAModel.project` of a b-row CSR), scored against all n
/// postings by one `sgemm` into a reusable `n × blockCapacity` buffer (the full score matrix is never
/// held), then one pass over the buffer feeds the candidates' top-N and the postings' bounded heaps.
/// Memory: `4·n·blockCapacity` bytes of scores + `n·N` heap entries (12 bytes and a shared id each) +
/// the model, whatever the pool size.
///
/// Orders are deterministic: a candidate's postings by score then posting position; a posting's
/// candidates by score then candidate id (`CandidateScore.ranksBefore`). A candidate's scores do not
/// depend on the other candidates of its block, so shards and resumed runs give the same rows.
public struct BatchScorer {
    public let model: LSAModel
    /// N: matches kept per candidate and per posting.
    public let top: Int
    /// Candidates per `sgemm` (the score buffer holds `postingCount × blockCapacity` floats).
    public let blockCapacity: Int
    /// Threads for the pass over the score buffer (postings split in ranges; 1 or 2 here).
    public var scanThreads: Int
    /// Postings per tile of the top-N pass (their floors stay in L1); small values in tests.
    var scanTile = 4096
    /// Scores per block below which the pass stays on one thread; 0 in tests.
    var parallelThreshold = 1 << 16

    /// Posting heaps, struct of arrays: posting i owns slots `i·top ..< i·top + heapCount[i]`,
    /// a min-heap whose root is its worst kept candidate.
    private var heapScores: [Float]
    private var heapHandles: [Int]
    private var heapCount: [Int]
    /// Worst kept score of posting i once its heap is full, -∞ before: the one compare of the hot loop.
    private var heapFloor: [Float]
    /// Handle → candidate id and title for every candidate a heap may hold (pruned as heaps evict).
    private var idOfHandle: [Int: CandidateName] = [:]
    private var nextHandle = 0
    private var buffer: [Float]
    /// The block's query vectors, `k × blockCapacity`, zero-padded.
    private var queries: [Float] = []

    /// Candidates scored so far (not counting unscoreable ones).
    public private(set) var scoredCount = 0
    /// Floating-point operations of the `sgemm` calls so far (2·n·k per candidate).
    public private(set) var flops: Double = 0
    /// Seconds spent in `sgemm` and in the top-N pass over the score buffer.
    public private(set) var sgemmSeconds: Double = 0
    public private(set) var selectSeconds: Double = 0

    /// Block capacity that keeps the score buffer near `bufferBytes` (default 128 MB), between 16 and 1024.
    public static func blockCapacity(postings n: Int, bufferBytes: Int = 128 << 20) -> Int {
        max(16, min(1024, bufferBytes / max(1, 4 * n)))
    }

    public init(model: LSAModel, top: Int, blockCapacity: Int? = nil, scanThreads: Int = 2) {
        precondition(top >= 1, "BatchScorer: top must be at least 1")
        self.model = model
        self.top = top
        let n = model.postingCount
        self.blockCapacity = max(1, blockCapacity ?? Self.blockCapacity(postings: n))
        self.scanThreads = max(1, scanThreads)
        heapScores = [Float](repeating: 0, count: n * top)
        heapHandles = [Int](repeating: 0, count: n * top)
        heapCount = [Int](repeating: 0, count: n)
        heapFloor = [Float](repeating: -.infinity, count: n)
        buffer = [Float](repeating: 0, count: n * self.blockCapacity)
    }

    // MARK: Folding

    /// Folds documents into the latent space: features (in parallel over `threads`), TF-IDF, one sparse
    /// product with the basis. Documents with fewer than `minimumKnownTerms` known term occurrences, or
    /// no latent component, are left out with a reason (never a score from next to nothing).
    /// - Parameter basisRows: the basis transposed once (see `BasisRows`); without it each nonzero reads
    ///   a strided row of V, which suits a handful of documents only.
    public static func fold(_ documents: [Document], model: LSAModel, featurizer: Featurizer,
                            minimumKnownTerms: Int = 5, threads: Int = 2, basisRows: BasisRows? = nil) throws -> FoldedBlock {
        let count = documents.count
        let results = ConcurrentResults<(SparseVector, TermCoverage)>(count: count)
        let workers = max(1, min(threads, count))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < count {
                results.set(i, model.vectorizer.transform(featurizer.features(of: documents[i].text)))
                i += workers
            }
        }
        var tfidf = [SparseVector](), coverage = [TermCoverage](), problems = [String?]()
        var columns = [Int?](), scoredVectors = [SparseVector]()
        for i in 0 ..< count {
            let (x, c) = results.get(i)
            tfidf.append(x)
            coverage.append(c)
            let known = c.total - c.unseen
            if known < minimumKnownTerms || x.isEmpty {
                problems.append("\(known) term\(known == 1 ? "" : "s") known to the model (at least \(minimumKnownTerms) needed)")
                columns.append(nil)
            } else {
                problems.append(nil)
                columns.append(scoredVectors.count)
                scoredVectors.append(x)
            }
        }
        let k = model.dimensions
        var raw: DenseMatrix
        if model.basis.rows == 0 || scoredVectors.isEmpty {
            raw = DenseMatrix(zeros: k, scoredVectors.count)
        } else if let basisRows {
            precondition(basisRows.dimensions == k && basisRows.vocabularySize == model.basis.rows, "BatchScorer.fold: basisRows of another model")
            let x = try model.vectorizer.matrix(scoredVectors)
            raw = basisRows.values.withUnsafeBufferPointer { x.transposedProduct(rowMajor: $0.baseAddress!, n: k) }
        } else {
            raw = try model.vectorizer.matrix(scoredVectors).transposedProduct(strided: model.basis)
        }
        // Norms before normalization; a zero projection shares no latent dimension: not scored.
        var norms = [Float](repeating: 0, count: scoredVectors.count)
        raw.values.withUnsafeMutableBufferPointer { v in
            for c in 0 ..< scoredVectors.count {
                let col = v.baseAddress! + c * k
                let norm = k == 0 ? 0 : cblas_snrm2(Int32(k), col, 1)
                norms[c] = norm
                if norm > 0, norm.isFinite { cblas_sscal(Int32(k), 1 / norm, col, 1) }
            }
        }
        // Drop columns whose projection is zero (renumbering the others).
        if norms.contains(where: { !($0 > 0 && $0.isFinite) }) {
            var keptValues = [Float](), keptNorms = [Float](), renumber = [Int?](repeating: nil, count: norms.count)
            for c in 0 ..< norms.count where norms[c] > 0 && norms[c].isFinite {
                renumber[c] = keptNorms.count
                keptNorms.append(norms[c])
                keptValues.append(contentsOf: raw.values[(c * k) ..< ((c + 1) * k)])
            }
            for i in 0 ..< count {
                guard let c = columns[i] else { continue }
                columns[i] = renumber[c]
                if renumber[c] == nil { problems[i] = "its terms share no latent dimension with the postings" }
            }
            raw = DenseMatrix(rows: k, cols: keptNorms.count, values: keptValues)
            norms = keptNorms
        }
        return FoldedBlock(documents: documents, columns: columns, problems: problems, vectors: raw,
                           tfidf: tfidf, coverage: coverage, projectionNorms: norms)
    }

    // MARK: Scoring

    /// Scores a folded block (at most `blockCapacity` scored columns at a time; larger blocks are split):
    /// returns, per document of the block, its top postings (score descending, ties by posting position),
    /// or nil when it was not scored. Posting heaps are updated with the block's candidates.
    public mutating func score(_ block: FoldedBlock) -> [[ScoredIndex]?] {
        let k = block.vectors.rows, scored = block.vectors.cols
        var perColumn = [[ScoredIndex]]()
        perColumn.reserveCapacity(scored)
        var ids = [CandidateName](repeating: CandidateName(id: "", title: ""), count: scored)
        for (i, c) in block.columns.enumerated() { if let c { ids[c] = CandidateName(id: block.documents[i].id, title: block.documents[i].title) } }
        var c0 = 0
        while c0 < scored {
            let width = min(blockCapacity, scored - c0)
            perColumn += scoreColumns(block.vectors, from: c0, width: width, dimensions: k, ids: Array(ids[c0 ..< (c0 + width)]))
            c0 += width
        }
        return block.columns.map { c in c.map { perColumn[$0] } }
    }

    private mutating func scoreColumns(_ vectors: DenseMatrix, from c0: Int, width: Int, dimensions k: Int, ids: [CandidateName]) -> [[ScoredIndex]] {
        let n = model.postingCount
        guard n > 0 else { return [[ScoredIndex]](repeating: [], count: width) }
        // Handles for this block's candidates.
        let firstHandle = nextHandle
        for (j, id) in ids.enumerated() { idOfHandle[firstHandle + j] = id }
        nextHandle += width
        let t0 = DispatchTime.now().uptimeNanoseconds
        // Every sgemm has the same shape (n × blockCapacity × k; a short block is padded with zero
        // columns): BLAS kernels may round differently for other shapes, and a candidate's scores must
        // not depend on how the pool was cut into blocks (shards, resumed runs).
        let padded = blockCapacity
        if queries.count != k * padded { queries = [Float](repeating: 0, count: k * padded) }
        queries.withUnsafeMutableBufferPointer { qb in
            vectors.values.withUnsafeBufferPointer { v in
                qb.baseAddress!.update(from: v.baseAddress! + c0 * k, count: width * k)
                (qb.baseAddress! + width * k).update(repeating: 0, count: (padded - width) * k)
            }
        }
        model.postingVectors.values.withUnsafeBufferPointer { p in
            queries.withUnsafeBufferPointer { q in
                buffer.withUnsafeMutableBufferPointer { c in
                    if k == 0 {
                        c.update(repeating: 0)
                    } else {
                        // C (n × padded) = Pᵀ (n × k) · Q (k × padded)
                        cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(n), Int32(padded), Int32(k), 1,
                                    p.baseAddress, Int32(k), q.baseAddress, Int32(k), 0, c.baseAddress, Int32(n))
                    }
                }
            }
        }
        flops += 2 * Double(n) * Double(width) * Double(k)
        scoredCount += width
        let t1 = DispatchTime.now().uptimeNanoseconds
        sgemmSeconds += Double(t1 - t0) / 1e9
        defer { selectSeconds += Double(DispatchTime.now().uptimeNanoseconds - t1) / 1e9 }

        // One pass over the buffer, postings split in ranges (disjoint heaps); per range, per column, a
        // partial candidate top-N, merged below.
        let threads = n * width >= parallelThreshold ? min(scanThreads, n) : 1
        let ranges = (0 ..< threads).map { t in (t * n / threads) ..< ((t + 1) * n / threads) }
        let partials = ConcurrentResults<[[ScoredIndex]]>(count: threads)
        let top = self.top, tile = max(1, scanTile)
        let names = idOfHandle
        buffer.withUnsafeBufferPointer { cb in
            heapScores.withUnsafeMutableBufferPointer { hs in
                heapHandles.withUnsafeMutableBufferPointer { hh in
                    heapCount.withUnsafeMutableBufferPointer { hc in
                        heapFloor.withUnsafeMutableBufferPointer { hf in
                            let heaps = PostingHeaps(scores: hs.baseAddress!, handles: hh.baseAddress!, counts: hc.baseAddress!,
                                                     floors: hf.baseAddress!, top: top, names: names)
                            nonisolated(unsafe) let scores = cb.baseAddress!
                            DispatchQueue.concurrentPerform(iterations: threads) { t in
                                partials.set(t, Self.scan(scores, n: n, width: width, range: ranges[t], firstHandle: firstHandle,
                                                          top: top, tile: tile, heaps: heaps))
                            }
                        }
                    }
                }
            }
        }
        var result = [[ScoredIndex]]()
        result.reserveCapacity(width)
        for j in 0 ..< width {
            if threads == 1 { result.append(partials.get(0)[j]); continue }
            var all = [ScoredIndex]()
            for t in 0 ..< threads { all += partials.get(t)[j] }
            all.sort { $0.score > $1.score || ($0.score == $1.score && $0.index < $1.index) }
            result.append(Array(all.prefix(top)))
        }
        pruneNames()
        return result
    }

    /// The hot loop: for each column j (candidate) and posting i in `range`, one compare against the
    /// candidate's current N-th best and one against the posting's; heap work only on the rare hits.
    private static func scan(_ scores: UnsafePointer<Float>, n: Int, width: Int, range: Range<Int>, firstHandle: Int,
                             top: Int, tile: Int, heaps: PostingHeaps) -> [[ScoredIndex]] {
        // Tiles of postings: a tile's heap floors stay in L1 while every column's segment streams by.
        var cs = [Float](repeating: 0, count: width * top), ci = [Int](repeating: 0, count: width * top)
        var counts = [Int](repeating: 0, count: width), floors = [Float](repeating: -.infinity, count: width)
        let postingFloors = heaps.floors
        cs.withUnsafeMutableBufferPointer { csp in
            ci.withUnsafeMutableBufferPointer { cip in
                counts.withUnsafeMutableBufferPointer { cnt in
                    floors.withUnsafeMutableBufferPointer { fl in
                        var t0 = range.lowerBound
                        while t0 < range.upperBound {
                            let t1 = min(range.upperBound, t0 + tile)
                            for j in 0 ..< width {
                                let column = scores + j * n
                                let handle = firstHandle + j
                                let s0 = csp.baseAddress! + j * top, i0 = cip.baseAddress! + j * top
                                var count = cnt[j]
                                var floor = fl[j]
                                for i in t0 ..< t1 {
                                    let s = column[i]
                                    if s > floor {
                                        // Candidate heap: worst (lowest score; equal → larger index) at the root.
                                        if count < top {
                                            s0[count] = s; i0[count] = i; count += 1
                                            siftUp(s0, i0, count - 1)
                                            if count == top { floor = s0[0] }
                                        } else {
                                            s0[0] = s; i0[0] = i
                                            siftDown(s0, i0, count)
                                            floor = s0[0]
                                        }
                                    }
                                    if s >= postingFloors[i] { heaps.offer(posting: i, score: s, handle: handle) }
                                }
                                cnt[j] = count
                                fl[j] = floor
                            }
                            t0 = t1
                        }
                    }
                }
            }
        }
        var out = [[ScoredIndex]]()
        out.reserveCapacity(width)
        for j in 0 ..< width {
            var kept = (0 ..< counts[j]).map { ScoredIndex(index: ci[j * top + $0], score: cs[j * top + $0]) }
            kept.sort { $0.score > $1.score || ($0.score == $1.score && $0.index < $1.index) }
            out.append(kept)
        }
        return out
    }

    @inline(__always) private static func worse(_ s: UnsafeMutablePointer<Float>, _ x: UnsafeMutablePointer<Int>, _ a: Int, _ b: Int) -> Bool {
        s[a] < s[b] || (s[a] == s[b] && x[a] > x[b])
    }

    private static func siftUp(_ s: UnsafeMutablePointer<Float>, _ x: UnsafeMutablePointer<Int>, _ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard worse(s, x, child, parent) else { return }
            s.swapAt(child, parent); x.swapAt(child, parent)
            child = parent
        }
    }

    private static func siftDown(_ s: UnsafeMutablePointer<Float>, _ x: UnsafeMutablePointer<Int>, _ count: Int) {
        var parent = 0
        while true {
            let left = 2 * parent + 1
            if left >= count { return }
            var w = left
            if left + 1 < count && worse(s, x, left + 1, left) { w = left + 1 }
            guard worse(s, x, w, parent) else { return }
            s.swapAt(w, parent); x.swapAt(w, parent)
            parent = w
        }
    }

    /// Forgets ids no heap holds any more once the table is twice the heaps' size.
    private mutating func pruneNames() {
        guard idOfHandle.count > 2 * heapHandles.count + 2 * blockCapacity else { return }
        var kept = [Int: CandidateName](minimumCapacity: heapHandles.count)
        for i in 0 ..< heapCount.count {
            for s in (i * top) ..< (i * top + heapCount[i]) { kept[heapHandles[s]] = idOfHandle[heapHandles[s]] }
        }
        idOfHandle = kept
    }

    // MARK: Posting direction and checkpoints

    /// For each posting (model order), its best candidates so far, in `CandidateScore.ranksBefore` order.
    public func postingRankings() -> [[CandidateScore]] {
        (0 ..< heapCount.count).map { i in
            let entries = ((i * top) ..< (i * top + heapCount[i])).map { slot -> CandidateScore in
                let name = idOfHandle[heapHandles[slot]]!
                return CandidateScore(id: name.id, title: name.title, score: heapScores[slot])
            }
            return entries.sorted(by: CandidateScore.ranksBefore)
        }
    }

    /// Replaces the posting heaps with saved rankings (one list per posting, from `postingRankings`), to
    /// continue an interrupted run; `scored` is the number of candidates those rankings had seen.
    public mutating func restore(postingRankings rankings: [[CandidateScore]], scored: Int) throws {
        guard rankings.count == model.postingCount else {
            throw EngineError.incompatible("the saved state has \(rankings.count) postings, the model \(model.postingCount)")
        }
        heapCount = [Int](repeating: 0, count: model.postingCount)
        heapFloor = [Float](repeating: -.infinity, count: model.postingCount)
        idOfHandle = [:]
        for (i, list) in rankings.enumerated() {
            guard list.count <= top else {
                throw EngineError.incompatible("the saved state keeps \(list.count) candidates for a posting, more than --top \(top)")
            }
            for entry in list {
                idOfHandle[nextHandle] = CandidateName(id: entry.id, title: entry.title)
                let slot = i * top + heapCount[i]
                heapScores[slot] = entry.score
                heapHandles[slot] = nextHandle
                heapCount[i] += 1
                nextHandle += 1
            }
            // Re-heapify (worst at root) and set the floor.
            let names = idOfHandle
            heapScores.withUnsafeMutableBufferPointer { hs in
                heapHandles.withUnsafeMutableBufferPointer { hh in
                    let s = hs.baseAddress! + i * top, h = hh.baseAddress! + i * top
                    for c in 0 ..< heapCount[i] { PostingHeaps.siftUp(s, h, c, names) }
                    if heapCount[i] == top { heapFloor[i] = s[0] }
                }
            }
        }
        scoredCount = scored
    }
}
