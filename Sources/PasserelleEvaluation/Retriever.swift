import LinearAlgebra
import Passerelle

/// One query of an evaluation: its text, and (for the "similar" task) its own position in the corpus,
/// which is left out of its ranking.
public struct EvaluationQuery: Sendable {
    public var id: String
    public var title: String
    public var text: String
    /// Position of the query in the corpus (similar task), excluded from its ranking; nil for texts.
    public var corpusIndex: Int?

    public init(id: String, title: String = "", text: String, corpusIndex: Int? = nil) {
        self.id = id
        self.title = title
        self.text = text
        self.corpusIndex = corpusIndex
    }
}

/// A retrieval system under evaluation: ranks corpus positions for each query.
public protocol Retriever: Sendable {
    /// Short name shown in tables ("lsa", "bm25", "tfidf-cosine", …).
    var name: String { get }
    /// The best `depth` corpus positions per query, best first, never the query's own `corpusIndex`.
    /// A query without any usable term gets an empty ranking (it is scored 0, never guessed).
    func rank(_ queries: [EvaluationQuery], depth: Int) throws -> [[ScoredIndex]]
}

/// Selects the top `depth` among the scored (touched) documents of one accumulator pass.
/// `touched` lists positions with a score; positions equal to `excluded` are skipped.
func selectTouched(_ scores: [Float], touched: [Int32], depth: Int, excluded: Int?) -> [ScoredIndex] {
    var local = [Float]()
    local.reserveCapacity(touched.count)
    for d in touched { local.append(Int(d) == excluded ? .nan : scores[Int(d)]) }
    // TopK breaks ties by the smaller local index; sort touched so that this is the smaller corpus index.
    return TopK.select(local, k: depth).map { ScoredIndex(index: Int(touched[$0.index]), score: $0.score) }
}

/// Accumulates `weight × posting weight` over the postings lists of a query's terms (term-at-a-time).
/// - Parameters:
///   - query: (term id, query weight) pairs.
///   - postings: term id → (document positions, weights), positions ascending.
func accumulate(_ query: [(Int, Float)], postings: InvertedIndex, scores: inout [Float], touched: inout [Int32]) {
    var seen = [Bool](repeating: false, count: scores.count)
    for (t, w) in query {
        let start = postings.offsets[t], end = postings.offsets[t + 1]
        for p in start..<end {
            let d = Int(postings.documents[p])
            if !seen[d] { seen[d] = true; touched.append(Int32(d)) }
            scores[d] += w * postings.weights[p]
        }
    }
    touched.sort()
}

/// Term → postings list (document position, weight), stored flat: list t is `offsets[t]..<offsets[t+1]`.
/// This is the transposed (CSC) form of a documents × terms CSR matrix.
struct InvertedIndex: Sendable {
    var offsets: [Int]
    var documents: [Int32]
    var weights: [Float]

    /// Builds the index from per-document (term id, weight) lists over `termCount` terms.
    init(rows: [[(Int32, Float)]], termCount: Int) {
        var counts = [Int](repeating: 0, count: termCount + 1)
        for row in rows { for (t, _) in row { counts[Int(t) + 1] += 1 } }
        for t in 0..<termCount { counts[t + 1] += counts[t] }
        offsets = counts
        var next = counts
        documents = [Int32](repeating: 0, count: counts[termCount])
        weights = [Float](repeating: 0, count: counts[termCount])
        for (d, row) in rows.enumerated() {
            for (t, w) in row {
                let p = next[Int(t)]
                documents[p] = Int32(d)
                weights[p] = w
                next[Int(t)] += 1
            }
        }
    }
}

/// Runs `body` for each query in parallel (results in query order).
func forEachQuery<R: Sendable>(_ queries: [EvaluationQuery], _ body: @Sendable (EvaluationQuery) -> R) -> [R] {
    concurrentMap(queries, body)
}
