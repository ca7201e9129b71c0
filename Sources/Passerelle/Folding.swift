import Dispatch
import LinearAlgebra
import PasserelleCore

/// A text folded into the model's latent space (one column of a `FoldedBlock`).
public struct FoldedQuery: Sendable {
    /// L2-normalized TF-IDF vector x over the model's vocabulary.
    public var tfidf: SparseVector
    /// ‖Vᵀx‖ before normalization: the denominator of the score decomposition (`Matcher.contributions`).
    public var projectionNorm: Float
    /// Vᵀx / ‖Vᵀx‖ (k).
    public var unit: [Float]
    public var coverage: TermCoverage
}

/// A block of texts folded into the latent space, ready for scoring: the output of `LSAModel.fold`.
public struct FoldedBlock: Sendable {
    public var documents: [Document]
    /// For each document, its column in `vectors`, or nil when it cannot be scored (see `problems`).
    public var columns: [Int?]
    /// For each document, why it is not scored (too little text), or nil.
    public var problems: [String?]
    /// `k × scored`, column-major, unit columns.
    public var vectors: DenseMatrix
    /// For each document, its L2-normalized TF-IDF vector and term coverage.
    /// (`termQueries` gives the scored columns' vectors in the scorer's form.)
    public var tfidf: [SparseVector]
    public var coverage: [TermCoverage]
    /// For each scored column, ‖Vᵀx‖ before normalization.
    public var projectionNorms: [Float]

    /// The scored columns' TF-IDF vectors, in column order: the term half of their hybrid scores.
    public var termQueries: [SparseQuery] {
        var out = [SparseQuery](repeating: SparseQuery(), count: vectors.cols)
        for (i, c) in columns.enumerated() { if let c { out[c] = SparseQuery(indices: tfidf[i].indices, values: tfidf[i].values) } }
        return out
    }

    /// The document at `i` as a `FoldedQuery`, nil when it is not scored.
    public func foldedQuery(at i: Int) -> FoldedQuery? {
        guard let c = columns[i] else { return nil }
        let k = vectors.rows
        return FoldedQuery(tfidf: tfidf[i], projectionNorm: projectionNorms[c],
                           unit: Array(vectors.values[(c * k) ..< ((c + 1) * k)]), coverage: coverage[i])
    }
}

/// The basis V of a model stored row-major (Vᵀ as `k × m` column-major): folding a block of texts is then
/// one contiguous axpy of k floats per nonzero. Made once per run (4·m·k bytes), shared by threads.
public final class BasisRows: Sendable {
    public let values: [Float]
    public let dimensions: Int
    public let vocabularySize: Int
    public init(_ model: LSAModel) {
        values = model.basis.transposed().values
        dimensions = model.basis.cols
        vocabularySize = model.basis.rows
    }
}

extension LSAModel {
    /// Folds texts into the latent space — the one fold of `rank`, `similar`, `batch`, `eval` and `add`:
    /// features (in parallel over `threads`), TF-IDF with the frozen vocabulary, z = Vᵀx by one sparse
    /// product, then z / ‖z‖. A text with fewer than `minimumKnownTerms` known term occurrences, or (in a
    /// model without a term index) whose projection is zero, is not given a column, with the reason in
    /// `problems` (never a score from nothing, never a NaN); with a term index a zero projection stays a
    /// zero column, scored by its term cosine alone.
    ///
    /// The vectors are the same bits on every CPU and thread count, and for a text alone or in any block
    /// (`CSRMatrix.transposedProduct`, `VectorOps.normalize`), so `rank` and `batch` agree exactly.
    /// - Parameter basisRows: the basis transposed once (see `BasisRows`); without it each nonzero reads a
    ///   strided row of V, which suits a handful of texts.
    /// - Complexity: analysis O(text length); the product O(nnz · k); normalization O(k) per text.
    /// - Parameter expandsShortTexts: whether a short text's unknown words are replaced by their nearest
    ///   vocabulary terms (`ShortQueryExpansion`, queries); false for postings folded in by `add`.
    public func fold(_ documents: [Document], featurizer: Featurizer, minimumKnownTerms: Int = QueryAcceptance.minimumKnownTerms, threads: Int = 2,
                     basisRows: BasisRows? = nil, expandsShortTexts: Bool = true) throws -> FoldedBlock {
        try fold(documents, minimumKnownTerms: minimumKnownTerms, threads: threads, basisRows: basisRows,
                 expandsShortTexts: expandsShortTexts) { featurizer.countedFeatures(of: documents[$0].text) }
    }

    /// The same fold for texts already analyzed (`AnalyzedText.features`): `rank` analyzes its CV once
    /// for the scores and the explanations.
    /// - Parameter ownFeatureCounts: for each text, how many of its features are its own
    ///   (`AnalyzedText.ownFeatureCount`; the rest repeat its first line and are not counted as evidence);
    ///   nil: all.
    /// - Precondition: `features.count == documents.count`, each from the model's featurizer.
    public func fold(_ documents: [Document], features: [[String]], ownFeatureCounts: [Int]? = nil,
                     minimumKnownTerms: Int = QueryAcceptance.minimumKnownTerms, threads: Int = 2,
                     basisRows: BasisRows? = nil) throws -> FoldedBlock {
        precondition(features.count == documents.count, "LSAModel.fold: \(features.count) feature lists for \(documents.count) documents")
        precondition(ownFeatureCounts.map { $0.count == documents.count } ?? true, "LSAModel.fold: own counts for another number of documents")
        return try fold(documents, minimumKnownTerms: minimumKnownTerms, threads: threads, basisRows: basisRows, expandsShortTexts: true) {
            (features[$0], ownFeatureCounts?[$0] ?? features[$0].count)
        }
    }

    /// The one fold: `featuresOf(i)` gives document i's features and how many of them are its own
    /// (`Featurizer.countedFeatures`), called once per document, from `threads` threads at a time.
    private func fold(_ documents: [Document], minimumKnownTerms: Int, threads: Int, basisRows: BasisRows?, expandsShortTexts: Bool,
                      featuresOf: @Sendable (Int) -> (features: [String], own: Int)) throws -> FoldedBlock {
        let count = documents.count
        let neighbours = expandsShortTexts ? settings.shortQueryNeighbours ?? 0 : 0
        let known = neighbours > 0 ? settings.shortQueryKnownNeighbours ?? 0 : 0
        let results = ConcurrentResults<(SparseVector, TermCoverage)>(count: count)
        let workers = max(1, min(threads, count))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < count {
                let (features, own) = featuresOf(i)
                results.set(i, vectorizer.transform(features, ownTerms: own, shortTextNeighbours: neighbours,
                                                    knownWordNeighbours: known))
                i += workers
            }
        }
        var tfidf = [SparseVector](), coverage = [TermCoverage](), problems = [String?]()
        var columns = [Int?](), scoredVectors = [SparseVector]()
        for i in 0 ..< count {
            let (x, c) = results.get(i)
            tfidf.append(x)
            coverage.append(c)
            let known = c.total - c.unseen
            if known < max(1, minimumKnownTerms) || x.isEmpty {
                problems.append("\(known) term\(known == 1 ? "" : "s") known to the model (at least \(max(1, minimumKnownTerms)) needed)")
                columns.append(nil)
            } else {
                problems.append(nil)
                columns.append(scoredVectors.count)
                scoredVectors.append(x)
            }
        }
        let k = dimensions
        var raw: DenseMatrix
        if basis.rows == 0 || scoredVectors.isEmpty {
            raw = DenseMatrix(zeros: k, scoredVectors.count)
        } else if let basisRows {
            precondition(basisRows.dimensions == k && basisRows.vocabularySize == basis.rows, "LSAModel.fold: basisRows of another model")
            let x = try vectorizer.matrix(scoredVectors)
            raw = basisRows.values.withUnsafeBufferPointer { x.transposedProduct(rowMajor: $0.baseAddress!, n: k) }
        } else {
            raw = try vectorizer.matrix(scoredVectors).transposedProduct(strided: basis)
        }
        var norms = [Float](repeating: 0, count: scoredVectors.count)
        raw.values.withUnsafeMutableBufferPointer { v in
            for c in 0 ..< scoredVectors.count where k > 0 {
                norms[c] = Float(VectorOps.normalize(v.baseAddress! + c * k, count: k))
            }
        }
        // A zero projection shares no latent dimension with the postings: with a term index the text is
        // still scored by its term cosine (a zero latent vector); without one, no column (others renumbered).
        if hybridLatentShare == nil, norms.contains(where: { !($0 > 0) }) {
            var keptValues = [Float](), keptNorms = [Float](), renumber = [Int?](repeating: nil, count: norms.count)
            for c in 0 ..< norms.count where norms[c] > 0 {
                renumber[c] = keptNorms.count
                keptNorms.append(norms[c])
                keptValues.append(contentsOf: raw.values[(c * k) ..< ((c + 1) * k)])
            }
            for i in 0 ..< count {
                guard let c = columns[i] else { continue }
                columns[i] = renumber[c]
                if renumber[c] == nil { problems[i] = "its terms share no latent dimension with the postings" }
            }
            raw = DenseMatrix(rows: k, cols: keptNorms.count, values: keptValues)
            norms = keptNorms
        }
        return FoldedBlock(documents: documents, columns: columns, problems: problems, vectors: raw,
                           tfidf: tfidf, coverage: coverage, projectionNorms: norms)
    }
}
