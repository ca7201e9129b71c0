import Foundation
import TextAnalysis
import LinearAlgebra

/// Settings of the TF-IDF weighting, stored in the model file.
public struct TFIDFSettings: Codable, Sendable, Equatable {
    /// A term is kept when it occurs in at least `minDF` documents (absolute count).
    public var minDF: Int
    /// A term is dropped when it occurs in more than `maxDF` × n documents (fraction in (0, 1]).
    public var maxDF: Double
    /// `tf = 1 + ln(count)` when true, `tf = count` otherwise.
    public var sublinearTF: Bool
    /// Share of a vector's squared norm given to concept features (terms starting with `conceptPrefix`),
    /// in [0, 1): the term block and the concept block are normalized separately, then weighted by
    /// √(1 − share) and √share, so that language-neutral concepts carry a fixed part of every cosine
    /// whatever the length of the text. A vector with only one block present gets all of it.
    public var conceptShare: Float
    /// Features starting with this prefix form the concept block.
    public var conceptPrefix: String
    /// When > 0, the concept share grows with the evidence: a text with n concept occurrences gives its
    /// concepts conceptShare · (1 − e^(−n / conceptSaturation)) of its squared norm, so one stray hit in a
    /// text outside the taxonomy's field weighs little, and a text rich in competencies gets nearly the
    /// full share. 0 keeps the share fixed.
    public var conceptSaturation: Float
    /// When > 0, concepts are not given a share of the norm: they join the terms in one normalization,
    /// each weighted conceptScale · tf · idf, like a term counted conceptScale times as much. A concept
    /// found in most documents (a generic one: reception, team work) then weighs what its idf says,
    /// little, instead of carrying a fixed part of every cosine; a rare, telling one weighs more.
    /// Overrides `conceptShare` and `conceptSaturation`. 0 (default) keeps the share.
    public var conceptScale: Float
    /// Concept occurrences that earn no share at all: a text with n occurrences is weighed as if it had
    /// max(0, n − conceptThreshold). A text outside the taxonomy's field (a France Travail posting for a
    /// nurse, a ROME fiche) shows one to three stray hits (reception, team work), a text of the field
    /// dozens; even a small share given to those stray hits outweighs the few hundredths of term cosine
    /// that separate the right role from the next (measured on the dev collection, README). 0: every
    /// occurrence counts.
    public var conceptThreshold: Float

    public init(minDF: Int = 1, maxDF: Double = 1.0, sublinearTF: Bool = true, conceptShare: Float = 0, conceptPrefix: String = "§",
                conceptSaturation: Float = 0, conceptScale: Float = 0, conceptThreshold: Float = 0) {
        self.conceptScale = conceptScale
        self.conceptThreshold = conceptThreshold
        self.minDF = minDF
        self.maxDF = maxDF
        self.sublinearTF = sublinearTF
        self.conceptShare = conceptShare
        self.conceptPrefix = conceptPrefix
        self.conceptSaturation = conceptSaturation
    }

    /// Whether a text with `occurrences` concept occurrences keeps its concept features at all: not when
    /// they are all stray hits (`conceptThreshold`), so that such a text is weighed on its words alone.
    public func keepsConcepts(occurrences: Int) -> Bool {
        conceptScale > 0 || conceptThreshold <= 0 || Float(occurrences) > conceptThreshold
    }

    /// The concept share of a text with `occurrences` concept occurrences (0 with a concept scale: one block).
    public func effectiveConceptShare(occurrences: Int) -> Float {
        guard conceptScale <= 0 else { return 0 }
        let evidence = max(0, Float(occurrences) - conceptThreshold)
        guard conceptSaturation > 0 else { return conceptShare }
        return conceptShare * (1 - expf(-evidence / conceptSaturation))
    }

    enum CodingKeys: String, CodingKey { case minDF, maxDF, sublinearTF, conceptShare, conceptPrefix, conceptSaturation, conceptScale, conceptThreshold }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        minDF = try c.decode(Int.self, forKey: .minDF)
        maxDF = try c.decode(Double.self, forKey: .maxDF)
        sublinearTF = try c.decode(Bool.self, forKey: .sublinearTF)
        conceptShare = try c.decodeIfPresent(Float.self, forKey: .conceptShare) ?? 0
        conceptPrefix = try c.decodeIfPresent(String.self, forKey: .conceptPrefix) ?? "§"
        conceptSaturation = try c.decodeIfPresent(Float.self, forKey: .conceptSaturation) ?? 0
        conceptScale = try c.decodeIfPresent(Float.self, forKey: .conceptScale) ?? 0
        conceptThreshold = try c.decodeIfPresent(Float.self, forKey: .conceptThreshold) ?? 0
    }
}

/// A sparse vector over the vocabulary: sorted unique `indices` with their `values`.
public struct SparseVector: Equatable, Sendable {
    public var indices: [Int32]
    public var values: [Float]
    public init(indices: [Int32] = [], values: [Float] = []) {
        self.indices = indices
        self.values = values
    }
    public var isEmpty: Bool { indices.isEmpty }
}

/// What `transform` saw: how many of the text's terms the vocabulary knows — the evidence a query
/// carries (`EvidenceCheck`, `QueryAcceptance`, `known_terms`) and the unseen share of added postings.
/// Counts the text's own features only: the extra copies of its first line (`Featurizer.firstLineRepeat`)
/// weigh the title in the vector but are not counted again (issue 29d: with 4 copies a one-line CV
/// counted five times its words and lost its thin-evidence warning).
public struct TermCoverage: Equatable, Sendable {
    /// Terms (occurrences) of the text, its first line's extra copies left out.
    public var total: Int
    /// Of those, occurrences of terms absent from the vocabulary (frozen at fit time).
    public var unseen: Int
    public init(total: Int = 0, unseen: Int = 0) { self.total = total; self.unseen = unseen }
}

/// TF-IDF vectorizer over analyzed terms, in the manner of scikit-learn's `TfidfVectorizer`
/// (`smooth_idf=True, norm="l2"`), so that both give the same vectors for the same terms:
///
///     tf(t, d)  = 1 + ln(count(t, d))        (sublinear; `count(t, d)` when `sublinearTF` is off)
///     idf(t)    = ln((1 + n) / (1 + df(t))) + 1
///     w(t, d)   = tf(t, d) · idf(t),  then d's vector is divided by its Euclidean norm.
///
/// `n` is the number of documents at fit time and `df(t)` the number of them containing t.
/// Term ids are assigned in lexicographic order of the terms (by UTF-8 bytes), so a fit is deterministic.
public struct TFIDFVectorizer: Sendable {
    /// id → term.
    public let terms: [String]
    /// term → id.
    public let index: [String: Int32]
    /// id → idf(t).
    public let idf: [Float]
    /// id → df(t) at fit time.
    public let documentFrequency: [Int32]
    public let settings: TFIDFSettings
    /// Documents seen at fit time.
    public let documentCount: Int

    /// id → whether the feature is a concept (its own normalization block, see `TFIDFSettings.conceptShare`).
    public let isConcept: [Bool]
    /// Built on first use by `neighbourIndex`.
    private let neighbourCache = LazyValue<TermNeighbours>()

    public init(terms: [String], idf: [Float], documentFrequency: [Int32], settings: TFIDFSettings, documentCount: Int) {
        precondition(terms.count == idf.count && terms.count == documentFrequency.count, "vocabulary, idf and df differ in length")
        self.terms = terms
        self.idf = idf
        self.documentFrequency = documentFrequency
        self.settings = settings
        self.documentCount = documentCount
        var index = [String: Int32](minimumCapacity: terms.count)
        for (i, t) in terms.enumerated() { index[t] = Int32(i) }
        self.index = index
        self.isConcept = settings.conceptShare > 0 || settings.conceptScale > 0 ? terms.map { $0.hasPrefix(settings.conceptPrefix) } : Array(repeating: false, count: terms.count)
    }

    public var vocabularySize: Int { terms.count }

    /// Fits the vocabulary and idf on `count` documents whose terms `termsOf(i)` returns, and returns the
    /// `count × vocabularySize` TF-IDF matrix of those documents (L2-normalized rows).
    /// `termsOf` is called concurrently from several threads (it must be thread-safe).
    /// - Parameter idfDocuments: when given, the idf (and the stored df and document count) come from the
    ///   first `idfDocuments` documents only, while the vocabulary comes from all: background texts fitted
    ///   with the postings (`LSAModel.fit`) then add words and co-occurrences without changing how the
    ///   postings' own words are weighed. A word only the others contain gets the idf of df = 0.
    public static func fit(count: Int, settings: TFIDFSettings, idfDocuments: Int? = nil, termsOf: @Sendable (Int) -> [String]) throws -> (TFIDFVectorizer, CSRMatrix) {
        guard count > 0 else { throw EngineError.emptyCorpus("no documents") }
        guard settings.minDF >= 1 else { throw EngineError.invalidSettings("min-df must be ≥ 1 (got \(settings.minDF))") }
        guard settings.maxDF > 0, settings.maxDF <= 1 else { throw EngineError.invalidSettings("max-df must be in (0, 1] (got \(settings.maxDF))") }
        guard settings.conceptShare >= 0, settings.conceptShare < 1 else { throw EngineError.invalidSettings("concept share must be in [0, 1) (got \(settings.conceptShare))") }
        guard settings.conceptSaturation >= 0, settings.conceptSaturation.isFinite else { throw EngineError.invalidSettings("concept saturation must be ≥ 0 (got \(settings.conceptSaturation))") }

        // Phase 1, in parallel by chunk: analyze, intern terms in a chunk-local vocabulary, count per document.
        // The chunks are merged in order below and ids relabelled by term, so the result does not depend
        // on the chunking or the thread count.
        let threads = Parallelism.threads
        let chunkCount = min(count, threads * 4)
        let chunks = (0..<chunkCount).map { c in (c * count / chunkCount)..<((c + 1) * count / chunkCount) }
        let partials = ConcurrentResults<LocalCounts>(count: chunkCount)
        if threads == 1 {
            for c in 0..<chunkCount {
                var local = LocalCounts()
                for d in chunks[c] { local.add(termsOf(d)) }
                partials.set(c, local)
            }
        } else {
            DispatchQueue.concurrentPerform(iterations: chunkCount) { c in
                var local = LocalCounts()
                for d in chunks[c] { local.add(termsOf(d)) }
                partials.set(c, local)
            }
        }

        // Phase 2: merge chunk vocabularies into global ids (first-seen order, relabelled below).
        var globalIndex = [String: Int32]()
        var globalTerms = [String]()
        var df = [Int32]()
        var docRows = [[(Int32, Int32)]]()   // per document: (global id, count)
        docRows.reserveCapacity(count)
        for c in 0..<chunkCount {
            // Taken out: a chunk's counts go once merged, not with the last (memory: one copy of the rows).
            let local = partials.take(c)
            var map = [Int32](repeating: 0, count: local.terms.count)
            for (l, term) in local.terms.enumerated() {
                if let g = globalIndex[term] { map[l] = g } else {
                    let g = Int32(globalTerms.count)
                    globalIndex[term] = g
                    globalTerms.append(term)
                    df.append(0)
                    map[l] = g
                }
            }
            for row in local.rows {
                let mapped = row.map { (map[Int($0.0)], $0.1) }
                for (g, _) in mapped { df[Int(g)] += 1 }
                docRows.append(mapped)
            }
        }

        // Phase 3: filter by document frequency, assign final ids in lexicographic order.
        let maxCount = settings.maxDF * Double(count)
        var kept = (0..<globalTerms.count).filter { g in
            let f = Int(df[g])
            return f >= settings.minDF && Double(f) <= maxCount
        }
        guard !kept.isEmpty else {
            throw EngineError.emptyCorpus("no term is left after min-df = \(settings.minDF) and max-df = \(settings.maxDF) (\(globalTerms.count) distinct terms in \(count) documents)")
        }
        kept.sort { globalTerms[$0].utf8.lexicographicallyPrecedes(globalTerms[$1].utf8) }
        var finalID = [Int32](repeating: -1, count: globalTerms.count)
        for (i, g) in kept.enumerated() { finalID[g] = Int32(i) }
        let terms = kept.map { globalTerms[$0] }
        var dfKept = kept.map { df[$0] }
        var n = Float(count)
        if let idfDocuments, idfDocuments < count {
            var own = [Int32](repeating: 0, count: globalTerms.count)
            for row in docRows.prefix(idfDocuments) { for (g, _) in row { own[Int(g)] += 1 } }
            dfKept = kept.map { own[$0] }
            n = Float(idfDocuments)
        }
        let idf = dfKept.map { logf((1 + n) / (1 + Float($0))) + 1 }
        let vectorizer = TFIDFVectorizer(terms: terms, idf: idf, documentFrequency: dfKept, settings: settings, documentCount: Int(n))
        let isConcept = vectorizer.isConcept

        // Phase 4: weighted, normalized CSR rows.
        var rowPointers = [Int](repeating: 0, count: count + 1)
        var columns = [Int32]()
        var values = [Float]()
        // Room for every entry at once (no doubling copies), and each document's counts dropped once its
        // row is made: the counts and the matrix are not both held whole.
        let entryCount = docRows.reduce(0) { $0 + $1.count }
        columns.reserveCapacity(entryCount)
        values.reserveCapacity(entryCount)
        for d in 0..<docRows.count {
            let row = docRows[d]
            docRows[d] = []
            var entries: [(Int32, Float)] = []
            entries.reserveCapacity(row.count)
            var conceptOccurrences = 0
            for (g, c) in row {
                let id = finalID[Int(g)]
                if id >= 0 {
                    entries.append((id, vectorizer.weight(count: Int(c), id: Int(id))))
                    if isConcept[Int(id)] { conceptOccurrences += Int(c) }
                }
            }
            entries.sort { $0.0 < $1.0 }
            if !settings.keepsConcepts(occurrences: conceptOccurrences) { entries.removeAll { isConcept[Int($0.0)] } }
            appendNormalized(entries, isConcept: isConcept, conceptShare: settings.effectiveConceptShare(occurrences: conceptOccurrences),
                             columns: &columns, values: &values)
            rowPointers[d + 1] = columns.count
        }
        let matrix = try CSRMatrix(rows: count, cols: terms.count, rowPointers: rowPointers, columnIndices: columns, values: values)
        return (vectorizer, matrix)
    }

    /// tf · idf of one term, before normalization.
    @inline(__always) func weight(count: Int, id: Int) -> Float {
        let tf: Float = settings.sublinearTF ? 1 + logf(Float(count)) : Float(count)
        return settings.conceptScale > 0 && isConcept[id] ? settings.conceptScale * tf * idf[id] : tf * idf[id]
    }

    /// The L2-normalized TF-IDF vector of one document's terms; terms outside the vocabulary are counted
    /// in `coverage.unseen` and otherwise ignored. An empty result means no known term.
    ///
    /// With `shortTextNeighbours` n > 0 and a short text (`ShortQueryExpansion.isShort`), each word
    /// outside the vocabulary is replaced by up to n vocabulary terms whose character n-gram cosine with
    /// it is at least `ShortQueryExpansion.minimumSimilarity` (`TermNeighbours`), each weighted by that
    /// cosine times its own tf · idf; such a word counts as known. With `knownWordNeighbours` m > 0 as
    /// well, each known single word of that short text adds its m nearest other terms of n-gram cosine at
    /// least `ShortQueryExpansion.minimumKnownSimilarity`, weighted by `knownWordWeight` × cosine × their
    /// tf · idf (known words by id first, then unknown words). Words are taken in code point order
    /// and weights added in that order, so the vector is a function of the terms alone.
    ///
    /// `ownTerms`: how many of `documentTerms`, from the start, are the text's own (`Featurizer.countedFeatures`;
    /// nil: all); the rest (its first line's extra copies) count in the vector but not in `coverage`, where
    /// a word replaced by its neighbours counts as known for its own occurrences.
    public func transform(_ documentTerms: [String], ownTerms: Int? = nil, shortTextNeighbours: Int = 0, knownWordNeighbours: Int = 0,
                          knownWordWeight: Float = ShortQueryExpansion.knownWordWeight) -> (vector: SparseVector, coverage: TermCoverage) {
        let own = min(max(0, ownTerms ?? documentTerms.count), documentTerms.count)
        var counts = [Int32: Int32]()
        var unseen = 0
        var unknown = [String: Int32]()
        var unknownOwn = [String: Int]()
        for (position, t) in documentTerms.enumerated() {
            if let id = index[t] { counts[id, default: 0] += 1 } else {
                if position < own {
                    unseen += 1
                    if shortTextNeighbours > 0 { unknownOwn[t, default: 0] += 1 }
                }
                if shortTextNeighbours > 0 { unknown[t, default: 0] += 1 }
            }
        }
        var entries = counts.map { ($0.key, weight(count: Int($0.value), id: Int($0.key))) }
        let expandsKnown = shortTextNeighbours > 0 && knownWordNeighbours > 0 && knownWordWeight > 0
        if !unknown.isEmpty || (expandsKnown && !counts.isEmpty), ShortQueryExpansion.isShort(documentTerms, conceptPrefix: settings.conceptPrefix) {
            let neighbours = neighbourIndex
            var extra = [Int32: Float]()
            if expandsKnown {
                // Known single words, by id: each adds its nearest other terms at a fraction of their weight.
                for (id, c) in counts.sorted(by: { $0.key < $1.key })
                where ShortQueryExpansion.isExpandable(terms[Int(id)], conceptPrefix: settings.conceptPrefix) {
                    let near = neighbours.nearest(terms[Int(id)], count: knownWordNeighbours + 1,
                                                  minimumSimilarity: ShortQueryExpansion.minimumKnownSimilarity)
                    for (t, s) in near.lazy.filter({ $0.term != id }).prefix(knownWordNeighbours) {
                        extra[t, default: 0] += knownWordWeight * s * weight(count: Int(c), id: Int(t))
                    }
                }
            }
            for (word, c) in unknown.sorted(by: { Array($0.key.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.key.unicodeScalars.map(\.value)) })
            where ShortQueryExpansion.isExpandable(word, conceptPrefix: settings.conceptPrefix) {
                let near = neighbours.nearest(word, count: shortTextNeighbours, minimumSimilarity: ShortQueryExpansion.minimumSimilarity)
                guard !near.isEmpty else { continue }
                unseen -= unknownOwn[word] ?? 0
                for (t, s) in near { extra[t, default: 0] += s * weight(count: Int(c), id: Int(t)) }
            }
            if !extra.isEmpty {
                for k in entries.indices { if let e = extra.removeValue(forKey: entries[k].0) { entries[k].1 += e } }
                entries.append(contentsOf: extra.map { ($0.key, $0.value) })
            }
        }
        entries.sort { $0.0 < $1.0 }
        let conceptOccurrences = counts.reduce(0) { $0 + (isConcept[Int($1.key)] ? Int($1.value) : 0) }
        var columns = [Int32](), values = [Float]()
        if !settings.keepsConcepts(occurrences: conceptOccurrences) { entries.removeAll { isConcept[Int($0.0)] } }
        appendNormalized(entries, isConcept: isConcept, conceptShare: settings.effectiveConceptShare(occurrences: conceptOccurrences),
                         columns: &columns, values: &values)
        return (SparseVector(indices: columns, values: values), TermCoverage(total: own, unseen: unseen))
    }

    /// The vocabulary's n-gram neighbour index (`TermNeighbours`) over its single-word terms (no concept,
    /// no phrase or compound), built on first use and kept (one per vectorizer, shared by threads).
    public var neighbourIndex: TermNeighbours {
        neighbourCache.get {
            let prefix = settings.conceptPrefix
            return TermNeighbours(terms: terms) { ShortQueryExpansion.isExpandable($0, conceptPrefix: prefix) }
        }
    }

    /// Stacks sparse vectors as the rows of a `vectors.count × vocabularySize` CSR matrix.
    public func matrix(_ vectors: [SparseVector]) throws -> CSRMatrix {
        var rowPointers = [Int](repeating: 0, count: vectors.count + 1)
        var columns = [Int32](), values = [Float]()
        for (r, v) in vectors.enumerated() {
            columns.append(contentsOf: v.indices)
            values.append(contentsOf: v.values)
            rowPointers[r + 1] = columns.count
        }
        return try CSRMatrix(rows: vectors.count, cols: vocabularySize, rowPointers: rowPointers, columnIndices: columns, values: values)
    }
}

/// Appends entries divided by their Euclidean norm (nothing when all weights are zero). With a concept
/// share α > 0, terms and concepts are normalized separately and scaled by √(1 − α) and √α (a block
/// alone gets the whole unit norm), so the result has unit length either way.
private func appendNormalized(_ entries: [(Int32, Float)], isConcept: [Bool], conceptShare: Float,
                              columns: inout [Int32], values: inout [Float]) {
    var termSquares: Float = 0, conceptSquares: Float = 0
    for (id, w) in entries {
        if isConcept[Int(id)] { conceptSquares += w * w } else { termSquares += w * w }
    }
    guard termSquares + conceptSquares > 0, (termSquares + conceptSquares).isFinite else { return }
    var termScale: Float, conceptScale: Float
    if conceptShare > 0 && termSquares > 0 && conceptSquares > 0 {
        termScale = (1 - conceptShare).squareRoot() / termSquares.squareRoot()
        conceptScale = conceptShare.squareRoot() / conceptSquares.squareRoot()
    } else {
        termScale = 1 / (termSquares + conceptSquares).squareRoot()
        conceptScale = termScale
    }
    for (id, w) in entries where w != 0 {
        columns.append(id)
        values.append(w * (isConcept[Int(id)] ? conceptScale : termScale))
    }
}

/// Counts of one chunk of documents over a chunk-local vocabulary.
private struct LocalCounts {
    var index = [String: Int32]()
    var terms = [String]()
    var rows = [[(Int32, Int32)]]()

    mutating func add(_ documentTerms: [String]) {
        var ids = [Int32]()
        ids.reserveCapacity(documentTerms.count)
        for t in documentTerms {
            if let id = index[t] { ids.append(id) } else {
                let id = Int32(terms.count)
                index[t] = id
                terms.append(t)
                ids.append(id)
            }
        }
        ids.sort()
        var row = [(Int32, Int32)]()
        var i = 0
        while i < ids.count {
            var j = i + 1
            while j < ids.count && ids[j] == ids[i] { j += 1 }
            row.append((ids[i], Int32(j - i)))
            i = j
        }
        rows.append(row)
    }
}
