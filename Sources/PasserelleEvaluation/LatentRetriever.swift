import Foundation
import LinearAlgebra
import Passerelle
import PasserelleCore

/// LSA retrieval for `passerelle eval`: queries folded and scored by exactly what `rank` runs —
/// `LSAModel.fold` and `CosineScorer` — against the model's postings or other documents folded in.
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
    /// The term half of the hybrid score over the corpus (the model's own, or built from the folded-in
    /// documents' TF-IDF vectors with the model's α); nil when the model scores by the latent cosine alone.
    public let termSide: TermSide?
    /// Queries with fewer known term occurrences get an empty ranking (as `rank` refuses them).
    public var minimumKnownTerms: Int

    /// Retrieves among the model's own postings.
    public init(model: LSAModel, featurizer: Featurizer, name: String = "lsa", minimumKnownTerms: Int = 1) {
        self.name = name
        self.model = model
        self.featurizer = featurizer
        self.corpusVectors = model.postingVectors
        self.termSide = model.termSide
        self.minimumKnownTerms = minimumKnownTerms
    }

    /// Retrieves among `documents` folded into the model's space.
    public init(model: LSAModel, featurizer: Featurizer, foldingIn documents: [String], name: String = "lsa",
                minimumKnownTerms: Int = 1) throws {
        self.name = name
        self.model = model
        self.featurizer = featurizer
        self.minimumKnownTerms = minimumKnownTerms
        let (vectors, terms) = try Self.unitVectors(documents, model: model, featurizer: featurizer, minimumKnownTerms: 1)
        self.corpusVectors = vectors
        self.termSide = try model.termSide.map { side in
            var rows = try CSRMatrix(rows: 0, cols: model.vectorizer.vocabularySize, rowPointers: [0], columnIndices: [], values: [])
            for x in terms {
                rows.columnIndices += x.indices
                rows.values += x.values
                rows.rowPointers.append(rows.values.count)
                rows.rows += 1
            }
            _ = try CSRMatrix(rows: rows.rows, cols: rows.cols, rowPointers: rows.rowPointers, columnIndices: rows.columnIndices, values: rows.values)
            return TermSide(byFeature: rows.transposed(), latentShare: side.latentShare)
        }
    }

    /// `k × texts.count` unit vectors (a zero column for a text that cannot be folded) and the texts'
    /// unit TF-IDF vectors.
    static func unitVectors(_ texts: [String], model: LSAModel, featurizer: Featurizer, minimumKnownTerms: Int) throws -> (DenseMatrix, [SparseVector]) {
        let documents = texts.enumerated().map { Document(id: String($0.offset), title: "", text: $0.element) }
        let block = try model.fold(documents, featurizer: featurizer, minimumKnownTerms: minimumKnownTerms,
                                   threads: ProcessInfo.processInfo.activeProcessorCount)
        let k = model.dimensions
        var values = [Float](repeating: 0, count: k * texts.count)
        for (i, c) in block.columns.enumerated() {
            guard let c else { continue }
            for r in 0 ..< k { values[i * k + r] = block.vectors.values[c * k + r] }
        }
        return (DenseMatrix(rows: k, cols: texts.count, values: values), block.tfidf)
    }

    public func rank(_ queries: [EvaluationQuery], depth: Int) throws -> [[ScoredIndex]] {
        let documents = queries.map { Document(id: $0.id, title: $0.title, text: $0.text) }
        let block = try model.fold(documents, featurizer: featurizer, minimumKnownTerms: minimumKnownTerms,
                                   threads: ProcessInfo.processInfo.activeProcessorCount)
        let exclusions = queries.indices.compactMap { i in block.columns[i].map { _ in queries[i].corpusIndex.map { Set([$0]) } ?? [] } }
        let scorer = CosineScorer(items: corpusVectors, unitColumns: true)
        scorer.termSide = termSide
        let ranked = scorer
            .topK(queries: block.vectors, terms: termSide == nil ? nil : block.termQueries, count: min(depth, corpusVectors.cols), excluding: exclusions, threads: ProcessInfo.processInfo.activeProcessorCount)
        return block.columns.map { c in c.map { ranked[$0] } ?? [] }
    }
}
