import Foundation
import LinearAlgebra
import Synchronization
import TextAnalysis
import PasserelleCore

/// How a model was built; stored in the model file and shown by `passerelle info`.
public struct BuildSettings: Codable, Sendable, Equatable {
    /// Latent dimensions asked for (the model may hold fewer: clipped to the corpus rank).
    public var dimensions: Int
    public var tfidf: TFIDFSettings
    public var seed: UInt64
    public var oversamples: Int
    public var powerIterations: Int
    /// `Analyzer.identifier` of the analyzer the vocabulary was built with.
    public var analyzer: String
    /// Identifier of the extra language-neutral features (competencies), or nil when none.
    public var conceptFeatures: String?
    /// Identifier of the cross-language term translations (English → French terms), or nil when none.
    public var crossLanguage: String?
    /// Fingerprint of the sources the model was built from (the default model is rebuilt when it changes).
    public var sourceFingerprint: String?
    /// Whether the posting texts are stored (needed to quote posting evidence).
    public var storesPostingText: Bool
    /// Extra times a text's first line (its title) is counted (see `Featurizer.firstLineRepeat`); nil = 0.
    public var firstLineRepeat: Int?
    /// Identifier of the background texts fitted together with the postings (vocabulary, idf and SVD
    /// basis learned from both; only the postings are ranked), or nil when none.
    public var background: String?
    /// Weight of the background rows in the SVD (their unit TF-IDF rows are scaled by it); nil = 1.
    /// Below 1 the postings' own directions come first in the basis and the background adds the rest.
    public var backgroundWeight: Float?
    /// Whether the background also counts in the idf (true) or only the postings do (nil, false): a
    /// background of another field then cannot change how the postings' own words are weighed.
    public var backgroundIDF: Bool?
    /// α of the hybrid score α · latent cosine + (1 − α) · term cosine (`TermSide`), chosen on dev data
    /// (docs/HYBRID.md); nil = 1, the latent cosine alone (models written before format version 4).
    public var latentShare: Float?
    /// The default α of new models (`passerelle index --latent-share`), chosen on the dev title-linking
    /// task and the dev collection (docs/HYBRID.md).
    public static let defaultLatentShare: Float = 0.5
    /// Vocabulary terms an unknown word of a short query is replaced by (`ShortQueryExpansion`); nil or
    /// 0 = none (models written before it). New models get `ShortQueryExpansion.defaultNeighbours`.
    public var shortQueryNeighbours: Int?
    /// Vocabulary terms each known word of a short query adds at a fraction of their weight
    /// (`ShortQueryExpansion.knownWordWeight`), when `shortQueryNeighbours` > 0; nil or 0 = none (models
    /// written before it). New models get `ShortQueryExpansion.defaultKnownNeighbours`.
    public var shortQueryKnownNeighbours: Int?

    public init(dimensions: Int = EngineSetup.defaultDimensions, tfidf: TFIDFSettings = TFIDFSettings(), seed: UInt64 = 42, oversamples: Int = 10,
                powerIterations: Int = 4, analyzer: String, conceptFeatures: String? = nil, crossLanguage: String? = nil,
                sourceFingerprint: String? = nil, storesPostingText: Bool = true) {
        self.crossLanguage = crossLanguage
        self.dimensions = dimensions
        self.tfidf = tfidf
        self.seed = seed
        self.oversamples = oversamples
        self.powerIterations = powerIterations
        self.analyzer = analyzer
        self.conceptFeatures = conceptFeatures
        self.sourceFingerprint = sourceFingerprint
        self.storesPostingText = storesPostingText
    }
}

/// Counts of terms met when folding postings in after the fit (`add`): the vocabulary is frozen, so a
/// growing share of unseen terms means the latent space no longer describes the postings well.
public struct FoldInStatistics: Codable, Sendable, Equatable {
    public var postingsAdded: Int = 0
    public var termsTotal: Int = 0
    public var termsUnseen: Int = 0
    public init() {}
    /// Share of term occurrences of added postings that the vocabulary does not know, in [0, 1].
    public var unseenRatio: Double { termsTotal == 0 ? 0 : Double(termsUnseen) / Double(termsTotal) }
}

/// A fitted latent semantic model: TF-IDF vocabulary, SVD basis and unit-length posting vectors.
///
/// With A the `n × m` TF-IDF matrix of the postings and A ≈ U Σ Vᵀ its truncated SVD of rank k, a text
/// with TF-IDF vector x (m) is represented by z = normalize(Vᵀ x) (k); postings by the columns of
/// normalize((A V)ᵀ) = normalize((U Σ)ᵀ). The cosine of a text and a posting is then one dot product,
/// and a block of texts is scored against all postings by one `sgemm`. This is scikit-learn's
/// `TruncatedSVD.transform` followed by `normalize`, so the same math gives the same rankings.
public struct LSAModel: Sendable {
    public static let formatName = "passerelle-lsa"

    public var settings: BuildSettings
    public let vectorizer: TFIDFVectorizer
    /// V: `vocabularySize × k`, column-major, orthonormal columns.
    public let basis: DenseMatrix
    /// σ₁ ≥ … ≥ σ_k of the postings' TF-IDF matrix at fit time.
    public let singularValues: [Float]
    /// σᵢ² / ‖A‖²_F.
    public let explainedVarianceRatio: [Float]
    /// The base segment's posting vectors: `k × basePostingCount`, column-major (postings added since the
    /// last merge are in `delta`; `postingVectors` is both).
    public internal(set) var basePostingVectors: DenseMatrix {
        didSet { quantizedBase = nil }
    }
    /// The base segment's posting vectors as 16-bit integers (`QuantizedColumns`), made by
    /// `prepareForRepeatedQueries` for processes that rank many queries (the server): a single query
    /// then reads half the bytes, with the same answers. nil until then, and again whenever the
    /// base changes. Never written to a model file.
    public internal(set) var quantizedBase: QuantizedColumns? = nil
    public internal(set) var postings: PostingStore
    public internal(set) var foldIn: FoldInStatistics
    /// The base segment's term index (`vocabularySize × basePostingCount`); `termIndex` is both segments.
    /// In a model opened for one query (`termRowsOnDemand` set) only the rows read are filled.
    public internal(set) var baseTermIndex: CSRMatrix?
    /// Set when the model was opened with its term index left in the file (`ModelFile.TermIndexReading.onDemand`):
    /// the rows read so far are the only ones in `baseTermIndex`; `readTermRows` reads more, `readWholeTermIndex`
    /// the rest. nil: the index is whole in memory (or the model has none).
    public internal(set) var termRowsOnDemand: TermIndexOnDemand? = nil
    /// Postings added since the model was last merged (`PostingDelta`): the last `delta.count` postings.
    public internal(set) var delta: PostingDelta
    /// Text resources the featurizer was built from (e.g. the competency taxonomy), by name, stored in
    /// the model so that it is self-contained: queries are analyzed exactly as the postings were.
    public let resources: [String: String]

    public var dimensions: Int { basis.cols }
    /// The term half of the score (`CosineScorer.termSide`), nil when the model has no term index.
    /// nil also when α = 1 (the term cosine would weigh nothing).
    public var termSide: TermSide? {
        guard let termIndex, let share = settings.latentShare, share < 1 else { return nil }
        return TermSide(byFeature: termIndex, latentShare: share)
    }

    /// Whether the whole term index is in memory (always, but in a model opened for one query).
    public var hasWholeTermIndex: Bool { termRowsOnDemand == nil }

    /// Reads the term index's rows of `features` (a query's terms) when the model was opened for one query;
    /// nothing to do otherwise. Each row is checked against its checksum as it is read.
    /// - Throws: `ModelFileError` naming the file (a damaged row, a file cut short since it was opened).
    /// - Complexity: O(Σ df of the rows read + vocabulary).
    public mutating func readTermRows(_ features: [Int32]) throws {
        guard var onDemand = termRowsOnDemand, let index = baseTermIndex else { return }
        baseTermIndex = try onDemand.reading(rows: features, into: index)
        termRowsOnDemand = onDemand
    }

    /// Reads the rest of the term index when the model was opened for one query (then it is as a model read
    /// whole); nothing to do otherwise.
    /// - Throws: `ModelFileError` naming the file.
    /// - Complexity: O(entries of the index).
    public mutating func readWholeTermIndex() throws {
        guard let onDemand = termRowsOnDemand else { return }
        baseTermIndex = try onDemand.readWhole()
        termRowsOnDemand = nil
    }

    /// Traps when the base term index is read row by row: what calls this needs every row.
    func requireWholeTermIndex(_ purpose: String) {
        precondition(termRowsOnDemand == nil, "LSAModel: \(purpose) needs the whole term index (readWholeTermIndex)")
    }
    public var postingCount: Int { postings.count }

    public init(settings: BuildSettings, vectorizer: TFIDFVectorizer, basis: DenseMatrix, singularValues: [Float],
                explainedVarianceRatio: [Float], postingVectors: DenseMatrix, postings: PostingStore,
                foldIn: FoldInStatistics = FoldInStatistics(), resources: [String: String] = [:], termIndex: CSRMatrix? = nil) {
        precondition(basis.rows == vectorizer.vocabularySize, "basis rows must equal the vocabulary size")
        precondition(termIndex == nil || (termIndex!.rows == vectorizer.vocabularySize && termIndex!.cols == postings.count),
                     "the term index must be vocabulary × postings")
        self.baseTermIndex = termIndex
        precondition(postingVectors.rows == basis.cols && postingVectors.cols == postings.count, "posting vectors must be k × postings")
        self.settings = settings
        self.vectorizer = vectorizer
        self.basis = basis
        self.singularValues = singularValues
        self.explainedVarianceRatio = explainedVarianceRatio
        self.basePostingVectors = postingVectors
        self.delta = PostingDelta(dimensions: basis.cols, terms: termIndex == nil ? nil : vectorizer.vocabularySize)
        self.postings = postings
        self.foldIn = foldIn
        self.resources = resources
    }

    /// Position of the posting with this id (its column in `postingVectors`).
    public func postingIndex(id: String) -> Int? { postings.position(of: id) }

    /// The error for an id the model does not hold, with up to three ids within a few typos of it.
    /// - Complexity: O(n · ℓ²) for n postings of ids about ℓ long: an error path only.
    public func unknownPosting(_ id: String) -> EngineError {
        .unknownID(id, suggestions: Spelling.nearest(to: id, among: postings.ids))
    }

    /// Fits a model on the postings.
    /// - Parameters:
    ///   - featurizer: text → features (terms and concept features); must be thread-safe.
    ///   - background: texts fitted together with the postings: the vocabulary, idf and SVD basis are
    ///     learned from postings and background, so that a few hundred postings get a latent space learned
    ///     from much more text (co-occurrences they do not show themselves). Only postings are stored and
    ///     ranked. `settings.background` names them.
    ///
    /// The documents are consumed: taken one at a time into a `PostingCollector` (the one path of a fit,
    /// `fit(collected:)`), each released once taken, so that a caller that hands its documents over
    /// (`consume`) does not hold every text twice while the SVD runs.
    ///
    /// - Parameter progress: called as the documents (postings, then background) are analyzed — the
    ///   longest stage with the default analyzer — with (analyzed, total), about every 1% and at the end,
    ///   from the analyzing threads (concurrently: the callee serializes what it prints). The model does not
    ///   depend on it.
    ///
    /// - Parameter spoolFolder: when given, the posting texts are written to an anonymous file there (made
    ///   and unlinked at once: nothing is left behind, even by a killed process; `StringTableBuilder`) and
    ///   read back from it for the analysis and the model file, instead of being held in memory while the
    ///   vocabulary is counted and the SVD runs (issue 27: bounded memory). The model is the same either way.
    public static func fit(postings documents: consuming [Document], featurizer: Featurizer, settings: BuildSettings,
                           resources: [String: String] = [:], background: [String] = [], spoolFolder: String? = nil,
                           progress: (@Sendable (_ analyzed: Int, _ total: Int) -> Void)? = nil) throws -> LSAModel {
        var collected = PostingCollector(spoolFolder: spoolFolder)
        var remaining = consume documents
        remaining.reverse()
        while let document = remaining.popLast() { try collected.add(document) }
        return try fit(collected: collected, featurizer: featurizer, settings: settings, resources: resources, background: background,
                       progress: progress)
    }

    /// Fits a model on the postings collected as they were read (`passerelle index`: the reader hands each
    /// posting over as it parses it, its text spooled at once — issue 27, bounded memory). The same model
    /// as `fit(postings:)` of the same documents in the same order.
    ///
    /// A spooled text that cannot be read back stops the fit (`ModelFileError.writeFailed` naming the spool's
    /// folder): never a posting analyzed as empty.
    public static func fit(collected: consuming PostingCollector, featurizer: Featurizer, settings: BuildSettings,
                           resources: [String: String] = [:], background: [String] = [],
                           progress: (@Sendable (_ analyzed: Int, _ total: Int) -> Void)? = nil) throws -> LSAModel {
        let spoolFolder = collected.spoolFolder
        let (records, texts) = try collected.finish(storesText: settings.storesPostingText)
        let n = records.count
        let total = n + background.count
        let analyzed = AnalysisCounter(total: total, progress: progress)
        let unreadable = Atomic<Int>(0)
        let (vectorizer, all) = try TFIDFVectorizer.fit(count: total, settings: settings.tfidf,
                                                        idfDocuments: settings.backgroundIDF == true ? nil : n) { i in
            defer { analyzed.one() }
            if i >= n { return featurizer.features(of: background[i - n]) }
            guard let text = texts.checked(i) else {
                unreadable.add(1, ordering: .relaxed)
                return []
            }
            return featurizer.features(of: text)
        }
        // The per-document counts were millions of small blocks, now free: given back to the system before
        // the SVD (glibc keeps freed small blocks in its heap otherwise, and the resident set with them).
        ProcessMemory.returnFreePages()   // the resident set only: the model does not depend on it
        // A spooled text that cannot be read back (a disk error) stops the fit: never a posting analyzed as empty.
        if unreadable.load(ordering: .relaxed) > 0 {
            throw ModelFileError.writeFailed(path: spoolFolder ?? ".", why: "\(unreadable.load(ordering: .relaxed)) posting texts could not be read back from the spool file")
        }
        // The postings' rows (the first n): background rows only shape the vocabulary, idf and basis.
        let a = background.isEmpty ? all : try all.rowSlice(0 ..< n)
        guard a.nonZeroCount > 0 else { throw EngineError.emptyCorpus("the postings have no terms") }
        var fitted = all
        if let w = settings.backgroundWeight, w != 1, !background.isEmpty {
            for p in fitted.rowPointers[n] ..< fitted.values.count { fitted.values[p] *= w }
        }
        let svd = try TruncatedSVD(components: max(1, settings.dimensions), oversamples: settings.oversamples,
                                   powerIterations: settings.powerIterations, seed: settings.seed).fit(fitted, leftVectors: false)
        // (A V)ᵀ: k × n, one column per posting, made in place (the same bits as `a.multiplied(by: svd.v)`
        // transposed: the same kernel, one buffer instead of three).
        var vectors = svd.v.transposed().values.withUnsafeBufferPointer { vt in
            a.transposedProduct(rowMajor: vt.baseAddress!, n: svd.v.cols)
        }
        VectorOps.normalizeColumns(&vectors)
        var settings = settings
        if settings.latentShare == nil { settings.latentShare = defaultLatentShareForNewModels }
        if settings.shortQueryNeighbours == nil { settings.shortQueryNeighbours = ShortQueryExpansion.defaultNeighbours }
        if settings.shortQueryKnownNeighbours == nil { settings.shortQueryKnownNeighbours = ShortQueryExpansion.defaultKnownNeighbours }
        return LSAModel(settings: settings, vectorizer: vectorizer, basis: svd.v, singularValues: svd.singularValues,
                        explainedVarianceRatio: svd.explainedVarianceRatio, postingVectors: vectors, postings: records,
                        resources: resources, termIndex: a.transposed())
    }

    /// Folds postings in without refitting: vocabulary and basis stay frozen; unseen terms are counted.
    /// Their vectors come from `fold`, the same as a query's; a posting without any known term gets a zero
    /// vector (it is kept, and matches nothing). The same as applying `additions(of:)`.
    public mutating func add(_ documents: [Document], featurizer: Featurizer) throws {
        try apply(try additions(of: documents, featurizer: featurizer).map(PostingChange.add))
    }

    /// The changes that add `documents` (folded, vocabulary frozen), as a change log records them; the
    /// model is not changed. Throws `duplicateID` for an id already in the model or given twice.
    public func additions(of documents: [Document], featurizer: Featurizer) throws -> [LoggedPosting] {
        var ids = Set<String>()
        for d in documents where postings.position(of: d.id) != nil || !ids.insert(d.id).inserted { throw EngineError.duplicateID(d.id) }
        let block = try fold(documents, featurizer: featurizer, minimumKnownTerms: 1,
                             threads: ProcessInfo.processInfo.activeProcessorCount, expandsShortTexts: false)
        let k = dimensions
        return documents.indices.map { i in
            let d = documents[i]
            let vector = block.columns[i].map { c in Array(block.vectors.values[(c * k) ..< ((c + 1) * k)]) } ?? [Float](repeating: 0, count: k)
            return LoggedPosting(row: PostingRow(id: d.id, title: d.title, lang: d.lang ?? "", metadataJSON: PostingStore.encodeMetadata(d.metadata),
                                                 text: postings.storesText ? d.text : nil),
                                 vector: vector, termsTotal: block.coverage[i].total, termsUnseen: block.coverage[i].unseen,
                                 terms: baseTermIndex == nil ? nil : block.tfidf[i])
        }
    }

    /// What `additions(of:featurizer:)` reads of a model, by storage: a model with the same token folds a
    /// text to the same bits, so postings folded against one snapshot can be committed to a later one of
    /// the same fit (a server folds adds in parallel, before the writers' turn). The token holds the
    /// arrays it compares, so their storage cannot be reused by another model meanwhile.
    public struct FoldToken: Sendable {
        let basis: [Float], idf: [Float], terms: [String]
        let storesText: Bool, hasTermIndex: Bool

        /// Whether `model` folds as the model this token was taken from.
        /// - Complexity: O(1).
        public func matches(_ model: LSAModel) -> Bool {
            Self.same(basis, model.basis.values) && Self.same(idf, model.vectorizer.idf) && Self.same(terms, model.vectorizer.terms)
                && storesText == model.postings.storesText && hasTermIndex == (model.baseTermIndex != nil)
        }

        private static func same<T>(_ a: [T], _ b: [T]) -> Bool {
            a.count == b.count && a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { $0.baseAddress == x.baseAddress } }
        }
    }

    public var foldToken: FoldToken {
        FoldToken(basis: basis.values, idf: vectorizer.idf, terms: vectorizer.terms, storesText: postings.storesText, hasTermIndex: baseTermIndex != nil)
    }

    /// Takes postings out by id; throws `unknownID` (and changes nothing) when one is absent.
    public mutating func remove(ids: [String]) throws {
        var seen = Set<String>()
        try apply(ids.filter { seen.insert($0).inserted }.map { PostingChange.remove(id: $0) })
    }

    /// Applies changes in order, as `add` and `remove` one after the other would: survivors keep their
    /// order, added postings follow in the order added (a posting removed then added again goes last).
    /// The fold-in statistics count every added posting. Nothing changes when a change fails
    /// (`duplicateID`, `unknownID`). The one path of `add`, `remove` and a change log's records, so a model
    /// with its log answers exactly as the model compacted from them.
    ///
    /// Adds alone go to the `delta` segment (searched beside the base, merged by `mergeDelta`, which a
    /// model file's writer and a compaction do): answers and written bytes are those of one merged model.
    /// - Complexity: adds only: O(added · (k + their terms)) + O(vocabulary) to index the delta by term,
    ///   and O(d·k + delta nnz) to copy the delta (shared with an older snapshot); with a removal of a
    ///   posting held before, O(n·k + nnz) (segments merged, kept vectors copied); no posting text is read.
    public mutating func apply(_ changes: [PostingChange]) throws {
        guard !changes.isEmpty else { return }
        let k = dimensions
        var removedBase = Set<Int>()
        var added = [LoggedPosting]()
        var addedAt = [String: Int]()
        var removedAdded = Set<Int>()
        var statistics = foldIn
        for change in changes {
            switch change {
            case .add(let p):
                precondition(p.vector.count == k, "LSAModel.apply: a vector of \(p.vector.count) dimensions for k = \(k)")
                let inBase = postings.position(of: p.row.id).map { !removedBase.contains($0) } ?? false
                guard !inBase, addedAt[p.row.id] == nil else { throw EngineError.duplicateID(p.row.id) }
                addedAt[p.row.id] = added.count
                added.append(p)
                statistics.postingsAdded += 1
                statistics.termsTotal += p.termsTotal
                statistics.termsUnseen += p.termsUnseen
            case .remove(let id):
                if let a = addedAt.removeValue(forKey: id) {
                    removedAdded.insert(a)
                } else if let j = postings.position(of: id), !removedBase.contains(j) {
                    removedBase.insert(j)
                } else {
                    throw unknownPosting(id)
                }
            }
        }
        let firstAdded = postingCount - foldIn.postingsAdded   // before the changes: see the statistics below
        let kept = added.indices.filter { !removedAdded.contains($0) }.map { added[$0] }
        // A logged posting without its term vector, or with a term the vocabulary lacks, stops here, before
        // anything changes.
        if baseTermIndex != nil {
            let terms = vectorizer.vocabularySize
            for p in kept {
                guard let t = p.terms, t.indices.count == t.values.count, t.indices.allSatisfy({ $0 >= 0 && Int($0) < terms }) else {
                    throw EngineError.incompatible("posting '\(p.row.id)' comes without term weights for this model's \(terms) terms (a change log written by another build?): run `passerelle compact` with the build that wrote it, or index again")
                }
            }
        }
        if removedBase.isEmpty {
            // Adds only: the new postings join the delta segment; the base is neither read nor copied.
            delta.append(kept)
        } else {
            // A removal re-indexes the postings: both segments are merged, then the kept columns copied.
            // - Complexity: O(n·k + nnz) of the model.
            try readWholeTermIndex()
            mergeDelta()
            let keep = (0 ..< postingCount).filter { !removedBase.contains($0) }
            // The term index (terms × postings) follows the same changes: each term's row keeps its kept
            // postings, renumbered (still ascending), then the added ones (`PostingDelta.termsByFeature`).
            // - Complexity: one pass over the index, O(nnz + vocabulary), no transposition of it.
            if let termIndex = baseTermIndex {
                var renumbered = [Int32](repeating: -1, count: postingCount)
                for (position, j) in keep.enumerated() { renumbered[j] = Int32(position) }
                var pointers = [Int](), indices = [Int32](), weights = [Float]()
                pointers.reserveCapacity(termIndex.rows + 1)
                indices.reserveCapacity(termIndex.nonZeroCount)
                weights.reserveCapacity(termIndex.nonZeroCount)
                pointers.append(0)
                for t in 0 ..< termIndex.rows {
                    for p in termIndex.rowPointers[t] ..< termIndex.rowPointers[t + 1] {
                        let c = renumbered[Int(termIndex.columnIndices[p])]
                        if c >= 0 { indices.append(c); weights.append(termIndex.values[p]) }
                    }
                    pointers.append(weights.count)
                }
                let filtered = try! CSRMatrix(rows: termIndex.rows, cols: keep.count, rowPointers: pointers, columnIndices: indices, values: weights)
                var addedTerms = PostingDelta(dimensions: k, terms: termIndex.rows)
                addedTerms.append(kept)
                baseTermIndex = kept.isEmpty ? filtered : Self.appendingColumns(addedTerms.termsByFeature!, to: filtered)
            }
            var values = [Float]()
            values.reserveCapacity((keep.count + kept.count) * k)
            basePostingVectors.values.withUnsafeBufferPointer { all in
                for j in keep { values.append(contentsOf: all[(j * k) ..< ((j + 1) * k)]) }
            }
            for p in kept { values.append(contentsOf: p.vector) }
            postings.keep(keep)
            basePostingVectors = DenseMatrix(rows: k, cols: keep.count + kept.count, values: values)
        }
        postings.append(kept.map { p in
            var row = p.row
            if !postings.storesText { row.text = nil } else if row.text == nil { row.text = "" }
            return row
        })
        // Postings added after the fit are the last `postingsAdded` of the model (add appends, remove keeps the
        // order): those removed, and those added then removed in the same changes, are no longer "added"
        // (`info` counted them). Their term counts are not kept one by one, so the unseen share stays that
        // of all the postings ever added, until none is left.
        statistics.postingsAdded -= removedBase.lazy.filter { $0 >= firstAdded }.count + removedAdded.count
        if statistics.postingsAdded == 0 { statistics = FoldInStatistics() }
        foldIn = statistics
    }
}

/// Counts analyzed documents across threads and calls `LSAModel.fit`'s progress about every 1%.
final class AnalysisCounter: Sendable {
    let total: Int
    let step: Int
    let count = Atomic<Int>(0)
    let progress: (@Sendable (Int, Int) -> Void)?

    init(total: Int, progress: (@Sendable (Int, Int) -> Void)?) {
        self.total = total
        self.step = max(1, total / 100)
        self.progress = progress
    }

    /// One more document analyzed. - Complexity: O(1), one atomic add.
    func one() {
        guard let progress else { return }
        let done = count.add(1, ordering: .relaxed).newValue
        if done % step == 0 || done == total { progress(done, total) }
    }
}

/// `transform` applied to every element, in parallel over the machine's cores, order kept. Public for the
/// evaluation's baselines (PasserelleEvaluation), which analyze their corpus and queries the same way.
public func concurrentMap<T, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
    let results = ConcurrentResults<R>(count: items.count)
    items.withUnsafeBufferPointer { buffer in
        let base = UnsafeBufferPointer(start: buffer.baseAddress, count: buffer.count)
        nonisolated(unsafe) let input = base
        DispatchQueue.concurrentPerform(iterations: items.count) { i in results.set(i, transform(input[i])) }
    }
    return (0..<items.count).map { results.get($0) }
}

/// α given to models fitted without one in their settings.
let defaultLatentShareForNewModels = BuildSettings.defaultLatentShare

extension CSRMatrix {
    /// A matrix of no rows and `cols` columns, to append rows to.
    static func empty(cols: Int) -> CSRMatrix {
        try! CSRMatrix(rows: 0, cols: cols, rowPointers: [0], columnIndices: [], values: [])
    }

    /// The rows `range` as a matrix of their own (same columns).
    func rowSlice(_ range: Range<Int>) throws -> CSRMatrix {
        let start = rowPointers[range.lowerBound], end = rowPointers[range.upperBound]
        return try CSRMatrix(rows: range.count, cols: cols, rowPointers: rowPointers[range.lowerBound ... range.upperBound].map { $0 - start },
                             columnIndices: Array(columnIndices[start ..< end]), values: Array(values[start ..< end]))
    }
}
