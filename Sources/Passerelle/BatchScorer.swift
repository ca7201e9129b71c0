import Foundation
import LinearAlgebra
import PasserelleCore

/// A candidate of a batch ranked against one posting: its id, title and score (hybrid, as `rank`'s).
public struct CandidateScore: Equatable, Sendable, RankedEntry {
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
    /// - Complexity: O(s log count) for s scores.
    public static func best(_ scores: [CandidateScore], count: Int) -> [CandidateScore] {
        var heap = BoundedHeap<CandidateScore>(capacity: count)
        for s in scores { heap.offer(s) }
        return heap.sorted()
    }
}

/// Scores a pool of candidates against every posting of a model in blocks, keeping the top N both ways:
/// for each candidate its best postings, for each posting its best candidates.
///
/// Each block of candidates (folded by `LSAModel.fold`) goes through the one scorer, `CosineScorer`:
/// `sgemm` against the postings by chunks (a chunk × block of scores at a time, at most
/// `CosineScorer.productBytes`; the full score matrix is never held), each chunk's selection pass keeping
/// each candidate's top N and each posting's top N through `PostingSelection`. Scores are exact (rescored in a fixed order), so a candidate's rows — and every
/// posting row — are the same bits whatever the block layout, shard cut, thread count or CPU kernel,
/// and equal to what `rank` prints for the same text.
///
/// Memory: at most `CosineScorer.productBytes` of scores (as much again of term cosines for a hybrid
/// model) + at most `n·N` posting entries (grown as they fill) + the model, whatever the
/// pool size.
public struct BatchScorer {
    public let model: LSAModel
    /// N: matches kept per candidate and per posting.
    public let top: Int
    /// Candidates per block (one fold, one pass over the postings).
    public let blockCapacity: Int
    /// Threads for the selection pass over the score buffer (postings split in ranges; 1 or 2 here).
    public var scanThreads: Int
    /// Postings per tile of the selection pass (nil: the scorer's default); small values in tests.
    var scanTile: Int? {
        get { scorer.tile }
        set { scorer.tile = newValue }
    }
    /// Scores per block below which the pass stays on one thread; 0 in tests.
    var parallelThreshold: Int {
        get { scorer.parallelThreshold }
        set { scorer.parallelThreshold = newValue }
    }
    private let scorer: CosineScorer
    private let postings: PostingSelection

    /// Candidates scored so far (not counting unscoreable ones).
    public private(set) var scoredCount = 0
    /// Floating-point operations of the `sgemm` calls so far (2·n·k per candidate).
    public private(set) var flops: Double = 0
    /// Seconds spent in `sgemm` and in the selection pass (with exact rescoring) over the score buffer.
    public var sgemmSeconds: Double { scorer.productSeconds }
    public var selectSeconds: Double { scorer.selectionSeconds }

    /// Candidates per block: 1,024, whatever n — the scores (and a hybrid model's term cosines) go by
    /// chunks of postings (`CosineScorer.productBytes`), so n does not bound the block, and a wide block
    /// lets each posting's selection be seeded from many candidates at once (about N exact rescorings per
    /// posting and block, `ItemSideSelection.keptPerItem`).
    public static let defaultBlockCapacity = 1024

    /// - Parameter filter: only the postings it allows are ranked for candidates and get candidates.
    public init(model: LSAModel, top: Int, blockCapacity: Int? = nil, scanThreads: Int = 2, filter: PostingFilter = PostingFilter()) {
        precondition(top >= 1, "BatchScorer: top must be at least 1")
        // One segment to score by blocks (postings added since the model was merged join the base once).
        var model = model
        model.mergeDelta()
        self.model = model
        self.top = top
        self.blockCapacity = max(1, blockCapacity ?? Self.defaultBlockCapacity)
        self.scanThreads = max(1, scanThreads)
        scorer = CosineScorer(items: model.postingVectors, unitColumns: true)
        scorer.termSide = model.termSide
        scorer.allowedItems = filter.mask(model.postings)
        postings = PostingSelection(postings: model.postingCount, top: top)
    }

    /// Folds documents for scoring: `LSAModel.fold` with `minimumKnownTerms` (the same fold as `rank`).
    public static func fold(_ documents: [Document], model: LSAModel, featurizer: Featurizer,
                            minimumKnownTerms: Int = QueryAcceptance.minimumKnownTerms, threads: Int = 2, basisRows: BasisRows? = nil) throws -> FoldedBlock {
        try model.fold(documents, featurizer: featurizer, minimumKnownTerms: minimumKnownTerms, threads: threads, basisRows: basisRows)
    }

    /// Scores a folded block (at most `blockCapacity` scored columns per product; larger blocks are split):
    /// returns, per document of the block, its top postings (score descending, ties by posting position),
    /// or nil when it was not scored. Posting selections are updated with the block's candidates.
    public mutating func score(_ block: FoldedBlock) -> [[ScoredIndex]?] {
        let k = block.vectors.rows, scored = block.vectors.cols, n = model.postingCount
        var names = [CandidateName](repeating: CandidateName(id: "", title: ""), count: scored)
        for (i, c) in block.columns.enumerated() { if let c { names[c] = CandidateName(id: block.documents[i].id, title: block.documents[i].title) } }
        postings.beginBlock(names)
        let perColumn = scorer.topK(queries: block.vectors, terms: model.baseTermIndex == nil ? nil : block.termQueries, count: min(top, n), blockSize: blockCapacity,
                                    threads: scanThreads, itemSide: postings)
        flops += 2 * Double(n) * Double(scored) * Double(k)
        scoredCount += scored
        return block.columns.map { c in c.map { perColumn[$0] } }
    }

    // MARK: Posting direction and checkpoints

    /// For each posting (model order), its best candidates so far, in `CandidateScore.ranksBefore` order.
    public func postingRankings() -> [[CandidateScore]] {
        (0 ..< model.postingCount).map { postings.sorted(posting: $0) }
    }

    /// Replaces the posting selections with saved rankings (one list per posting, from `postingRankings`),
    /// to continue an interrupted run; `scored` is the number of candidates those rankings had seen.
    public mutating func restore(postingRankings rankings: [[CandidateScore]], scored: Int) throws {
        guard rankings.count == model.postingCount else {
            throw EngineError.incompatible("the saved state has \(rankings.count) postings, the model \(model.postingCount)")
        }
        for list in rankings where list.count > top {
            throw EngineError.incompatible("the saved state keeps \(list.count) candidates for a posting, more than the \(top) this run keeps per posting")
        }
        postings.restore(rankings)
        scoredCount = scored
    }
}

/// A candidate as a posting row shows it.
struct CandidateName: Sendable {
    var id: String
    var title: String
}

/// One candidate kept by a posting: its exact score and a handle into `PostingSelection`'s names
/// (12 bytes, no reference counting: heap moves in the hot path stay cheap).
struct PostingEntry {
    var score: Float
    var handle: Int
}

/// Each posting's best candidates: one `BoundedHeap` per posting, in storage with a stable address so
/// that the selection threads (each over its own range of postings) update them without locks.
/// Entries rank by score, then candidate id (UTF-8 ascending), looked up by handle only on equal scores.
final class PostingSelection: ItemSideSelection, @unchecked Sendable {
    private let heaps: UnsafeMutablePointer<BoundedHeap<PostingEntry>>
    let floors: UnsafeMutablePointer<Float>
    private let count: Int
    private let top: Int
    /// Handle → candidate, for every candidate a heap may hold; only written between blocks.
    private var names: [Int: CandidateName] = [:]
    private var nextHandle = 0
    /// Handle of the current block's query column 0.
    private var firstHandle = 0

    init(postings count: Int, top: Int) {
        self.count = count
        self.top = top
        heaps = .allocate(capacity: max(1, count))
        heaps.initialize(repeating: BoundedHeap(capacity: top), count: count)
        floors = .allocate(capacity: max(1, count))
        floors.initialize(repeating: -.infinity, count: count)
    }

    deinit {
        heaps.deinitialize(count: count)
        heaps.deallocate()
        floors.deallocate()
    }

    /// Registers the candidates of the next block (by query column) before it is scored.
    func beginBlock(_ block: [CandidateName]) {
        pruneNames(adding: block.count)
        firstHandle = nextHandle
        for (j, name) in block.enumerated() { names[firstHandle + j] = name }
        nextHandle += block.count
    }

    var keptPerItem: Int { top }

    func offer(item i: Int, query: Int, score: Float) {
        offer(i, PostingEntry(score: score, handle: firstHandle + query))
    }

    private func offer(_ i: Int, _ entry: PostingEntry) {
        let kept = heaps[i].offer(entry) { a, b in
            a.score > b.score || (a.score == b.score && idPrecedes(a.handle, b.handle))
        }
        if kept, heaps[i].isFull { floors[i] = heaps[i].worst!.score }
    }

    /// Candidate `a`'s id before `b`'s (UTF-8 ascending): the tie-break, looked up only on equal scores.
    private func idPrecedes(_ a: Int, _ b: Int) -> Bool {
        names[a]!.id.utf8.lexicographicallyPrecedes(names[b]!.id.utf8)
    }

    func sorted(posting i: Int) -> [CandidateScore] {
        heaps[i].elements.map { entry -> CandidateScore in
            let name = names[entry.handle]!
            return CandidateScore(id: name.id, title: name.title, score: entry.score)
        }.sorted(by: CandidateScore.ranksBefore)
    }

    /// Replaces every selection with saved rankings (a resumed run).
    func restore(_ rankings: [[CandidateScore]]) {
        names = [:]
        for i in 0 ..< count {
            heaps[i] = BoundedHeap(capacity: top)
            floors[i] = -.infinity
            beginBlock(rankings[i].map { CandidateName(id: $0.id, title: $0.title) })
            for (j, entry) in rankings[i].enumerated() { offer(item: i, query: j, score: entry.score) }
        }
    }

    /// Forgets names no heap holds once the table is over twice what the heaps can hold.
    private func pruneNames(adding incoming: Int) {
        guard names.count + incoming > 2 * count * top + 2 * incoming else { return }
        var kept = [Int: CandidateName](minimumCapacity: count * top)
        for i in 0 ..< count { for entry in heaps[i].elements { kept[entry.handle] = names[entry.handle] } }
        names = kept
    }
}
