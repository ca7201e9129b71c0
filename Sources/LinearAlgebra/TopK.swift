/// One selected entry: index and score.
public struct ScoredIndex: Equatable, Sendable {
    public var index: Int
    public var score: Float
    public init(index: Int, score: Float) { self.index = index; self.score = score }
}

/// Top-k selection without a full sort: a bounded min-heap, O(n log k).
/// Ties broken by the smaller index first; NaN never selected. Result sorted by score descending.
public enum TopK {
    /// `a` ranks before `b`: higher score, or equal score and smaller index.
    @inline(__always)
    static func ranksBefore(_ a: ScoredIndex, _ b: ScoredIndex) -> Bool {
        a.score > b.score || (a.score == b.score && a.index < b.index)
    }

    /// The best `k` entries of `scores` (by score, then index), skipping NaN and `excluding`.
    /// k ≤ 0 gives []; k beyond the number of valid entries gives all of them.
    public static func select(_ scores: UnsafeBufferPointer<Float>, k: Int, excluding: Set<Int> = []) -> [ScoredIndex] {
        guard k > 0, !scores.isEmpty else { return [] }
        let capacity = min(k, scores.count)
        // Min-heap on rank: the root is the worst entry kept, the one a better candidate evicts.
        var heap = [ScoredIndex]()
        heap.reserveCapacity(capacity)
        let checkExcluded = !excluding.isEmpty
        for i in 0 ..< scores.count {
            let s = scores[i]
            if s.isNaN { continue }
            if checkExcluded && excluding.contains(i) { continue }
            let candidate = ScoredIndex(index: i, score: s)
            if heap.count < capacity {
                heap.append(candidate)
                siftUp(&heap, heap.count - 1)
            } else if ranksBefore(candidate, heap[0]) {
                heap[0] = candidate
                siftDown(&heap, 0)
            }
        }
        heap.sort(by: ranksBefore)
        return heap
    }

    public static func select(_ scores: [Float], k: Int, excluding: Set<Int> = []) -> [ScoredIndex] {
        scores.withUnsafeBufferPointer { select($0, k: k, excluding: excluding) }
    }

    /// Heap order: parent ranks after (is worse than) its children.
    private static func siftUp(_ heap: inout [ScoredIndex], _ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard ranksBefore(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private static func siftDown(_ heap: inout [ScoredIndex], _ start: Int) {
        var parent = start
        let count = heap.count
        while true {
            let left = 2 * parent + 1
            if left >= count { return }
            var worst = left
            let right = left + 1
            if right < count && ranksBefore(heap[left], heap[right]) { worst = right }
            guard ranksBefore(heap[parent], heap[worst]) else { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
