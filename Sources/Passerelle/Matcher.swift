import LinearAlgebra
import PasserelleCore

/// One ranked posting.
public struct Match: Equatable, Sendable {
    /// 1-based rank.
    public var rank: Int
    /// Column of the posting in the model.
    public var index: Int
    public var id: String
    public var title: String
    /// The score, in [-1, 1]: α · latent cosine + (1 − α) · term cosine (`LSAModel.termSide`), or the
    /// latent cosine alone in a model without a term index.
    public var score: Float

    public init(rank: Int, index: Int, id: String, title: String, score: Float) {
        self.rank = rank; self.index = index; self.id = id; self.title = title; self.score = score
    }
}

/// One term's share of a score.
public struct TermContribution: Equatable, Sendable {
    public var term: String
    public var contribution: Float
}

/// Ranks postings for texts and postings for postings, in the latent space of one model.
public struct Matcher: Sendable {
    public private(set) var model: LSAModel
    public let featurizer: Featurizer
    /// A query needs at least this many term occurrences known to the vocabulary to be scored
    /// (`QueryAcceptance`, the one rule: 1).
    public var minimumKnownTerms: Int

    public init(model: LSAModel, featurizer: Featurizer, minimumKnownTerms: Int = QueryAcceptance.minimumKnownTerms) {
        self.model = model
        self.featurizer = featurizer
        self.minimumKnownTerms = minimumKnownTerms
    }

    /// Folds a text into the latent space (`LSAModel.fold`, a block of one); throws `tooLittleText` when it
    /// has too few known terms, so that no score (and never a NaN) is produced from next to nothing.
    public func fold(_ text: String, name: String) throws -> FoldedQuery {
        let f = featurizer.countedFeatures(of: text)
        return try fold(features: f.features, own: f.own, text: text, name: name)
    }

    /// Folds a text analyzed once (`AnalyzedText`), the same as `fold(_:name:)` on its text.
    public func fold(_ analyzed: AnalyzedText, name: String) throws -> FoldedQuery {
        try fold(features: analyzed.features, own: analyzed.ownFeatureCount, text: analyzed.text, name: name)
    }

    private func fold(features: [String], own: Int, text: String, name: String) throws -> FoldedQuery {
        let block = try model.fold([Document(id: name, title: name, text: text)], features: [features], ownFeatureCounts: [own],
                                   minimumKnownTerms: minimumKnownTerms, threads: 1)
        guard let query = block.foldedQuery(at: 0) else {
            let known = block.coverage[0].total - block.coverage[0].unseen
            if known >= minimumKnownTerms && !block.tfidf[0].isEmpty {
                throw EngineError.tooLittleText("\(name) shares no latent dimension with the postings")
            }
            if known == 0 {
                throw EngineError.tooLittleText("\(name) has no term the model knows; is it a scanned document, an empty file, or a language the postings do not use?")
            }
            throw EngineError.tooLittleText("\(name) has \(known) term\(known == 1 ? "" : "s") known to the model (at least \(minimumKnownTerms) needed); is it a scanned document or an empty file?")
        }
        return query
    }

    /// This matcher with its model's term index rows of `query`'s terms read, when the model was opened for
    /// one query (`ModelFile.TermIndexReading.onDemand`) and scores with the term cosine; itself otherwise (a
    /// model scoring by the latent cosine alone, α = 1, reads no row). Scores and explanations of this query
    /// are then those of the model read whole.
    /// - Throws: `ModelFileError` naming the model file (a damaged row).
    public func readingTermRows(for query: FoldedQuery) throws -> Matcher {
        guard !model.hasWholeTermIndex, model.hybridLatentShare != nil else { return self }
        return try changingModel { try $0.readTermRows(query.tfidf.indices) }
    }

    /// This matcher with its model's whole term index read (for a posting's own term vector as the query).
    public func readingWholeTermIndex() throws -> Matcher {
        guard !model.hasWholeTermIndex else { return self }
        return try changingModel { try $0.readWholeTermIndex() }
    }

    /// A copy of this matcher whose model `change` changed.
    private func changingModel(_ change: (inout LSAModel) throws -> Void) rethrows -> Matcher {
        var copy = self
        try change(&copy.model)
        return copy
    }

    /// Top postings for a folded query, best first; `excluding` columns are skipped, and with a
    /// `filter` only the postings it allows are ranked. Exact scores (hybrid when the model has a term
    /// index), the same on every CPU and equal to `batch`'s (`CosineScorer`).
    public func top(for query: FoldedQuery, count: Int, excluding: Set<Int> = [], filter: PostingFilter = PostingFilter()) -> [Match] {
        top(for: query.unit, terms: SparseQuery(indices: query.tfidf.indices, values: query.tfidf.values), count: count,
            excluding: excluding, filter: filter)
    }

    /// Top postings for a unit latent vector (k) and, with a term index, the query's unit TF-IDF vector.
    public func top(for unit: [Float], terms: SparseQuery, count: Int, excluding: Set<Int> = [], filter: PostingFilter = PostingFilter()) -> [Match] {
        precondition(unit.count == model.dimensions, "Matcher.top: query has \(unit.count) dimensions, the model \(model.dimensions)")
        guard model.dimensions > 0, model.postingCount > 0, count > 0 else { return [] }
        let allowed = filter.mask(model.postings)
        // Each segment (the base, the postings added since: `PostingDelta`) gives its exact top `count`;
        // the top of their union, under the scorer's total order, is the merged model's.
        var selected = [ScoredIndex]()
        for segment in model.scoringSegments {
            let scorer = CosineScorer(items: segment.vectors, unitColumns: true)
            scorer.termSide = segment.termSide
            scorer.quantized = segment.quantized
            scorer.allowedItems = allowed.map { Array($0[segment.range]) }
            let skipped = Set(excluding.lazy.filter { segment.range.contains($0) }.map { $0 - segment.offset })
            let found = unit.withUnsafeBufferPointer { q in
                scorer.scoreBlock(q.baseAddress!, width: 1, terms: [terms], count: min(count, segment.vectors.cols),
                                  excluding: skipped.isEmpty ? nil : [skipped])[0]
            }
            selected += found.map { ScoredIndex(index: $0.index + segment.offset, score: $0.score) }
        }
        selected.sort(by: ScoredIndex.ranksBefore)
        return selected.prefix(count).enumerated().map { r, s in
            Match(rank: r + 1, index: s.index, id: model.postings.ids[s.index], title: model.postings.title(at: s.index),
                  score: min(1, max(-1, s.score)))
        }
    }

    /// Postings ranked for a text (a CV, or a posting not in the model).
    public func rank(text: String, name: String, top count: Int, filter: PostingFilter = PostingFilter()) throws -> (FoldedQuery, [Match]) {
        let q = try fold(text, name: name)
        return (q, top(for: q, count: count, filter: filter))
    }

    /// Postings most similar to the posting with this id, itself excluded.
    public func similar(toPostingID id: String, top count: Int, filter: PostingFilter = PostingFilter()) throws -> [Match] {
        guard let j = model.postingIndex(id: id) else { throw model.unknownPosting(id) }
        return top(for: model.postingVector(j), terms: postingTerms(j), count: count, excluding: [j], filter: filter)
    }

    /// Posting j's unit TF-IDF vector (from the term index; empty without one).
    public func postingTerms(_ j: Int) -> SparseQuery {
        model.hybridLatentShare == nil ? SparseQuery() : model.postingTermVector(j)
    }

    /// Splits a score into per-term contributions that sum to it.
    ///
    /// With x the query's unit TF-IDF vector, V the basis (`m × k`), p̂ the posting's unit latent vector
    /// and a its unit TF-IDF vector, the score is
    ///     s = α · (Vᵀx)·p̂ / ‖Vᵀx‖ + (1 − α) · x·a = Σₜ xₜ · (α · (V p̂)ₜ / ‖Vᵀx‖ + (1 − α) · aₜ),
    /// so term t contributes cₜ = xₜ · (α · (V p̂)ₜ / ‖Vᵀx‖ + (1 − α) · aₜ), with Σₜ cₜ = s (up to
    /// rounding); without a term index α = 1. Only the query's terms contribute; (V p̂)ₜ is a strided
    /// `sdot` over row t of V, aₜ a binary search in the term index.
    ///
    /// `rows`: the query's rows of V gathered once (`basisRows(of:)`), for a query explained against several
    /// postings: the same exact dot products (`VectorOps.exactDot` sums in the same order whatever the
    /// stride), read contiguously instead of one pass at stride m over V per term and posting.
    public func contributions(of query: FoldedQuery, postingIndex j: Int, top count: Int = .max, rows: QueryBasisRows? = nil) -> [TermContribution] {
        let norm = query.projectionNorm
        let share = model.hybridLatentShare
        let alpha = share ?? 1
        guard norm > 0 || share != nil else { return [] }
        let p = model.postingVector(j)
        let k = model.dimensions
        precondition(rows == nil || rows!.values.count == query.tfidf.indices.count * k, "Matcher: basis rows of another query")
        var out = [TermContribution]()
        for (r, (t, x)) in zip(query.tfidf.indices, query.tfidf.values).enumerated() {
            let dot: Float
            if let rows, k > 0 {
                dot = rows.values.withUnsafeBufferPointer { v in p.withUnsafeBufferPointer { Float(VectorOps.exactDot(v.baseAddress! + r * k, $0.baseAddress!, count: k)) } }
            } else {
                dot = model.basis.rowDot(Int(t), with: p)
            }
            let latent = norm > 0 ? x * dot / norm : 0
            let term = share == nil ? 0 : x * model.termWeight(posting: j, term: Int(t))
            out.append(TermContribution(term: model.vectorizer.terms[Int(t)], contribution: alpha * latent + (1 - alpha) * term))
        }
        out.sort { abs($0.contribution) > abs($1.contribution) || (abs($0.contribution) == abs($1.contribution) && $0.term < $1.term) }
        return Array(out.prefix(count))
    }
}

/// A query's rows of the basis V (`|terms| × k`, row-major, in the order of `FoldedQuery.tfidf`'s terms).
public struct QueryBasisRows: Sendable {
    public let values: [Float]
}

extension Matcher {
    /// The query's rows of V, gathered once for `contributions(of:postingIndex:top:rows:)`.
    /// - Complexity: O(|terms| · k), one strided pass per term.
    public func basisRows(of query: FoldedQuery) -> QueryBasisRows {
        let k = model.dimensions, m = model.basis.rows
        var values = [Float](repeating: 0, count: query.tfidf.indices.count * k)
        model.basis.values.withUnsafeBufferPointer { v in
            for (r, t) in query.tfidf.indices.enumerated() {
                for c in 0 ..< k { values[r * k + c] = v[Int(t) + c * m] }
            }
        }
        return QueryBasisRows(values: values)
    }
}
