import Foundation
import LinearAlgebra
import Passerelle
import PasserelleCore

/// The latent cosine combined with the term-space cosine, score = α·(zᵩ·z_d) + (1 − α)·(xᵩ·x_d), for
/// `passerelle eval` only: a measurement of what the combination would bring, through the one fold
/// (`LSAModel.fold` gives both the unit latent vector z and the unit TF-IDF vector x of every text) and
/// the one scorer (`CosineScorer` on the concatenation [√α·z ; √(1 − α)·x], whose dot products are
/// exactly that score, still a sum of term contributions). The term part is stored dense (vocabulary ×
/// corpus floats), which suits an evaluation corpus of a few thousand documents, not a posting store.
public struct HybridRetriever: Retriever {
    public let name: String
    public let model: LSAModel
    public let featurizer: Featurizer
    public let latentShare: Float
    let corpusVectors: DenseMatrix

    /// - Parameters:
    ///   - documents: the corpus texts (the model's postings or other documents), folded like queries.
    ///   - latentShare: α in [0, 1].
    public init(model: LSAModel, featurizer: Featurizer, corpus documents: [String], latentShare: Float, name: String? = nil) throws {
        self.name = name ?? String(format: "hybrid α=%.2f", latentShare)
        self.model = model
        self.featurizer = featurizer
        self.latentShare = latentShare
        let block = try model.fold(documents.enumerated().map { Document(id: String($0.offset), title: "", text: $0.element) },
                                   featurizer: featurizer, threads: ProcessInfo.processInfo.activeProcessorCount)
        self.corpusVectors = Self.concatenated(block, model: model, latentShare: latentShare).matrix
    }

    /// `(k + m) × count` columns [√α·z ; √(1 − α)·x] (zero for a text without a column) and the column of each text.
    static func concatenated(_ block: FoldedBlock, model: LSAModel, latentShare: Float) -> (matrix: DenseMatrix, columns: [Int?]) {
        let k = model.dimensions, m = model.vectorizer.vocabularySize, d = k + m
        let a = latentShare.squareRoot(), b = (1 - latentShare).squareRoot()
        var values = [Float](repeating: 0, count: d * block.documents.count)
        for i in block.documents.indices {
            guard let c = block.columns[i] else { continue }
            for r in 0 ..< k { values[i * d + r] = a * block.vectors.values[c * k + r] }
            for (t, w) in zip(block.tfidf[i].indices, block.tfidf[i].values) { values[i * d + k + Int(t)] = b * w }
        }
        return (DenseMatrix(rows: d, cols: block.documents.count, values: values), block.columns)
    }

    public func rank(_ queries: [EvaluationQuery], depth: Int) throws -> [[ScoredIndex]] {
        let documents = queries.map { Document(id: $0.id, title: $0.title, text: $0.text) }
        let block = try model.fold(documents, featurizer: featurizer, threads: ProcessInfo.processInfo.activeProcessorCount)
        let q = Self.concatenated(block, model: model, latentShare: latentShare).matrix
        let exclusions = queries.map { $0.corpusIndex.map { Set([$0]) } ?? [] }
        let ranked = CosineScorer(items: corpusVectors, unitColumns: true)
            .topK(queries: q, count: min(depth, corpusVectors.cols), excluding: exclusions, threads: ProcessInfo.processInfo.activeProcessorCount)
        return block.columns.enumerated().map { i, c in c == nil ? [] : ranked[i] }
    }
}
