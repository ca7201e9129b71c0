import Foundation
import LinearAlgebra
import Passerelle

/// Okapi BM25 over analyzed terms, the lexical baseline most search engines ship (Lucene, Elasticsearch):
///
///     score(q, d) = Σ_{t ∈ q} qtf(t) · idf(t) · tf(t,d) · (k1 + 1) / (tf(t,d) + k1 · (1 − b + b · |d| / avgdl))
///     idf(t)      = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))           (Lucene's, never negative)
///
/// with k1 = 1.2 and b = 0.75 by default, |d| the number of terms of d and avgdl their mean over the corpus.
/// `qtf(t)` counts the term's occurrences in the query, so a long query (a whole posting) weighs its
/// repeated terms as a bag of words would. Query terms absent from the corpus are ignored.
/// Scoring is term-at-a-time over postings lists (BLAS has no sparse routine for this).
public struct BM25Retriever: Retriever {
    public let name: String
    public let k1: Float
    public let b: Float
    private let vocabulary: [String: Int32]
    private let index: InvertedIndex
    private let documentCount: Int
    private let termsOf: @Sendable (String) -> [String]

    /// - Parameters:
    ///   - documents: the corpus texts, in corpus order.
    ///   - termsOf: text → terms (the model's analyzer); must be thread-safe.
    public init(documents: [String], name: String = "bm25", k1: Float = 1.2, b: Float = 0.75,
                termsOf: @escaping @Sendable (String) -> [String]) {
        self.name = name
        self.k1 = k1
        self.b = b
        self.termsOf = termsOf
        self.documentCount = documents.count
        let analyzed = concurrentMap(documents) { termsOf($0) }
        var vocabulary = [String: Int32]()
        var counted = [[(Int32, Int)]]()
        var lengths = [Int]()
        var df = [Int]()
        for terms in analyzed {
            var counts = [Int32: Int]()
            for t in terms {
                let id: Int32
                if let known = vocabulary[t] { id = known } else {
                    id = Int32(vocabulary.count)
                    vocabulary[t] = id
                    df.append(0)
                }
                counts[id, default: 0] += 1
            }
            for id in counts.keys { df[Int(id)] += 1 }
            counted.append(counts.sorted { $0.key < $1.key })
            lengths.append(terms.count)
        }
        let n = Float(max(1, documents.count))
        let averageLength = max(1, Float(lengths.reduce(0, +)) / n)
        let idf = df.map { logf(1 + (n - Float($0) + 0.5) / (Float($0) + 0.5)) }
        let rows = counted.enumerated().map { d, row in
            row.map { (t, c) -> (Int32, Float) in
                let tf = Float(c)
                let norm = k1 * (1 - b + b * Float(lengths[d]) / averageLength)
                return (t, idf[Int(t)] * tf * (k1 + 1) / (tf + norm))
            }
        }
        self.vocabulary = vocabulary
        self.index = InvertedIndex(rows: rows, termCount: vocabulary.count)
    }

    public func rank(_ queries: [EvaluationQuery], depth: Int) -> [[ScoredIndex]] {
        forEachQuery(queries) { q in
            var counts = [Int: Float]()
            for t in termsOf(q.text) { if let id = vocabulary[t] { counts[Int(id), default: 0] += 1 } }
            guard !counts.isEmpty else { return [] }
            var scores = [Float](repeating: 0, count: documentCount)
            var touched = [Int32]()
            accumulate(counts.sorted { $0.key < $1.key }, postings: index, scores: &scores, touched: &touched)
            return selectTouched(scores, touched: touched, depth: depth, excluded: q.corpusIndex)
        }
    }
}
