import LinearAlgebra

/// LSA retrieval: queries and corpus documents as unit vectors in a model's latent space, scored by
/// cosine with one `sgemm` per block of queries (`BlockScorer`).
///
/// The corpus is either the model's own postings (their stored unit vectors) or other documents folded
/// into the model's space with its frozen vocabulary and basis — the way cross-language LSI places
/// held-out French and English texts in a space fitted on concatenated English+French pairs.
public struct LatentRetriever: Retriever {
    public let name: String
    public let model: LSAModel
    public let featurizer: Featurizer
    /// `k × corpus count`, unit columns (zero for a document without any known term).
    public let corpusVectors: DenseMatrix

    /// Retrieves among the model's own postings.
    public init(model: LSAModel, featurizer: Featurizer, name: String = "lsa") {
        self.name = name
        self.model = model
        self.featurizer = featurizer
        self.corpusVectors = model.postingVectors
    }

    /// Retrieves among `documents` folded into the model's space.
    public init(model: LSAModel, featurizer: Featurizer, foldingIn documents: [String], name: String = "lsa") throws {
        self.name = name
        self.model = model
        self.featurizer = featurizer
        self.corpusVectors = try Self.fold(documents, model: model, featurizer: featurizer).vectors
    }

    /// Unit latent vectors (`k × texts.count`) of texts, and which texts have no known feature.
    static func fold(_ texts: [String], model: LSAModel, featurizer: Featurizer) throws -> (vectors: DenseMatrix, empty: [Bool]) {
        let vectors = concurrentMap(texts) { model.vectorizer.transform(featurizer.features(of: $0)).vector }
        let z = model.project(try model.vectorizer.matrix(vectors))
        return (z, vectors.map(\.isEmpty))
    }

    public func rank(_ queries: [EvaluationQuery], depth: Int) throws -> [[ScoredIndex]] {
        let (z, empty) = try Self.fold(queries.map(\.text), model: model, featurizer: featurizer)
        let top = BlockScorer.topK(items: corpusVectors, queries: z, k: min(depth + 1, corpusVectors.cols))
        return zip(queries, zip(top, empty)).map { q, pair in
            if pair.1 { return [] }
            return Array(pair.0.filter { $0.index != q.corpusIndex }.prefix(depth))
        }
    }
}
