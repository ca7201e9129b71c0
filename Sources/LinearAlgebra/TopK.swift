/// One selected entry: an index (a posting's column, a document's position) and its score.
public struct ScoredIndex: Equatable, Sendable, RankedEntry {
    public var index: Int
    public var score: Float
    public init(index: Int, score: Float) { self.index = index; self.score = score }

    /// Higher score first; equal scores by the smaller index, so that every selection is a total order.
    @inlinable public static func ranksBefore(_ a: ScoredIndex, _ b: ScoredIndex) -> Bool {
        a.score > b.score || (a.score == b.score && a.index < b.index)
    }
}

/// Top-k selection of a score array without a full sort, through `BoundedHeap`.
public enum TopK {
    /// The best `k` entries of `scores` (by score, then index), best first, skipping NaN and `excluding`.
    /// k ≤ 0 gives []; k beyond the number of valid entries gives all of them.
    /// - Complexity: O(n log k) for n scores, O(k) memory.
    public static func select(_ scores: UnsafeBufferPointer<Float>, k: Int, excluding: Set<Int> = []) -> [ScoredIndex] {
        guard k > 0, !scores.isEmpty else { return [] }
        var heap = BoundedHeap<ScoredIndex>(capacity: min(k, scores.count))
        let checkExcluded = !excluding.isEmpty
        for i in 0 ..< scores.count {
            let s = scores[i]
            if s.isNaN || (checkExcluded && excluding.contains(i)) { continue }
            heap.offer(ScoredIndex(index: i, score: s))
        }
        return heap.sorted()
    }

    public static func select(_ scores: [Float], k: Int, excluding: Set<Int> = []) -> [ScoredIndex] {
        scores.withUnsafeBufferPointer { select($0, k: k, excluding: excluding) }
    }
}
