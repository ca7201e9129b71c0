/// The postings' side of `BatchScorer`: bounded heaps of candidates, one per posting, kept in flat
/// arrays (struct of arrays) and seen through raw pointers by the scan threads.

/// A candidate as a posting row shows it.
struct CandidateName: Sendable {
    var id: String
    var title: String
}

/// The postings' bounded heaps seen through raw pointers by the scan threads (each thread touches only
/// the postings of its range).
struct PostingHeaps: @unchecked Sendable {
    let scores: UnsafeMutablePointer<Float>
    let handles: UnsafeMutablePointer<Int>
    let counts: UnsafeMutablePointer<Int>
    let floors: UnsafeMutablePointer<Float>
    let top: Int
    let names: [Int: CandidateName]

    /// Candidate `handle` with `score` for posting i (called when score ≥ floor: rare once heaps fill,
    /// so kept out of line).
    @inline(never) func offer(posting i: Int, score: Float, handle: Int) {
        let s = scores + i * top, h = handles + i * top
        let count = counts[i]
        if count < top {
            guard !score.isNaN else { return }
            s[count] = score; h[count] = handle
            counts[i] = count + 1
            Self.siftUp(s, h, count, names)
            if count + 1 == top { floors[i] = s[0] }
            return
        }
        // Full: replace the root if the newcomer ranks before it (equal score → smaller id).
        if score == s[0] && !Self.idPrecedes(handle, h[0], names) { return }
        s[0] = score; h[0] = handle
        Self.siftDown(s, h, top, names)
        floors[i] = s[0]
    }

    @inline(__always) static func idPrecedes(_ a: Int, _ b: Int, _ names: [Int: CandidateName]) -> Bool {
        names[a]!.id.utf8.lexicographicallyPrecedes(names[b]!.id.utf8)
    }

    /// a is worse than b: lower score, or equal score and larger id.
    @inline(__always) static func worse(_ s: UnsafeMutablePointer<Float>, _ h: UnsafeMutablePointer<Int>, _ a: Int, _ b: Int, _ names: [Int: CandidateName]) -> Bool {
        s[a] < s[b] || (s[a] == s[b] && idPrecedes(h[b], h[a], names))
    }

    static func siftUp(_ s: UnsafeMutablePointer<Float>, _ h: UnsafeMutablePointer<Int>, _ start: Int, _ names: [Int: CandidateName]) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard worse(s, h, child, parent, names) else { return }
            s.swapAt(child, parent); h.swapAt(child, parent)
            child = parent
        }
    }

    static func siftDown(_ s: UnsafeMutablePointer<Float>, _ h: UnsafeMutablePointer<Int>, _ count: Int, _ names: [Int: CandidateName]) {
        var parent = 0
        while true {
            let left = 2 * parent + 1
            if left >= count { return }
            var w = left
            if left + 1 < count && worse(s, h, left + 1, left, names) { w = left + 1 }
            guard worse(s, h, w, parent, names) else { return }
            s.swapAt(w, parent); h.swapAt(w, parent)
            parent = w
        }
    }
}

extension UnsafeMutablePointer {
    @inline(__always) func swapAt(_ a: Int, _ b: Int) {
        let t = self[a]; self[a] = self[b]; self[b] = t
    }
}
