import LinearAlgebra
import Passerelle

/// Cosine of TF-IDF vectors without any dimension reduction: the vector-space baseline LSA is meant to
/// improve on. Same weighting as the model (`TFIDFVectorizer`: sublinear tf, smoothed idf, L2 norm),
/// fitted on the corpus being searched. A block of queries is scored as Q·Dᵀ (CSR × CSRᵀ) through an
/// inverted index of D, one query row at a time.
public struct TFIDFCosineRetriever: Retriever {
    public let name: String
    private let vectorizer: TFIDFVectorizer
    private let index: InvertedIndex
    private let documentCount: Int
    private let termsOf: @Sendable (String) -> [String]

    /// - Parameters:
    ///   - documents: the corpus texts, in corpus order.
    ///   - settings: TF-IDF settings (the model's, so that only the SVD differs).
    ///   - termsOf: text → terms; must be thread-safe.
    public init(documents: [String], settings: TFIDFSettings, name: String = "tfidf-cosine",
                termsOf: @escaping @Sendable (String) -> [String]) throws {
        self.name = name
        self.termsOf = termsOf
        self.documentCount = documents.count
        let (vectorizer, matrix) = try TFIDFVectorizer.fit(count: documents.count, settings: settings) { termsOf(documents[$0]) }
        self.vectorizer = vectorizer
        let rows = (0..<matrix.rows).map { r in
            (matrix.rowPointers[r]..<matrix.rowPointers[r + 1]).map { (matrix.columnIndices[$0], matrix.values[$0]) }
        }
        self.index = InvertedIndex(rows: rows, termCount: vectorizer.vocabularySize)
    }

    public func rank(_ queries: [EvaluationQuery], depth: Int) -> [[ScoredIndex]] {
        forEachQuery(queries) { q in
            let (x, _) = vectorizer.transform(termsOf(q.text))
            guard !x.isEmpty else { return [] }
            var scores = [Float](repeating: 0, count: documentCount)
            var touched = [Int32]()
            accumulate(zip(x.indices, x.values).map { (Int($0), $1) }, postings: index, scores: &scores, touched: &touched)
            return selectTouched(scores, touched: touched, depth: depth, excluded: q.corpusIndex)
        }
    }
}
