import Foundation
import Passerelle
import DocumentReaders
import PasserelleCore
import PasserelleEvaluation

/// What the queries of an evaluation are: texts ranked against the corpus, or corpus documents ranked
/// against the others.
public enum EvaluationTask: String, CaseIterable, Sendable {
    case rank, similar
}

/// `passerelle eval`: the model and baselines (TF-IDF cosine, BM25, plain LSA, hybrids) measured against
/// relevance judgments, with an optional sweep of LSA refits over k and its SVG plot.
/// Complexity: one `EvaluationHarness.evaluate` per system (queries × corpus scores each), plus one
/// `LSAModel.fit` per plain LSA and per k of the sweep (the refits dominate).
public struct EvaluationRun {
    /// What is measured (`eval`'s options).
    public struct Settings: Sendable {
        public var task: EvaluationTask
        /// Task rank: JSON Lines, text files or folders; task similar: empty, or one .txt file of corpus ids.
        public var queries: [String]
        /// TREC qrels (`qid 0 docid grade`).
        public var qrels: String
        /// Documents folded into the model and retrieved among; empty: the model's postings (stored texts).
        public var corpus: [String] = []
        /// The metrics shown (the plot draws those of nDCG@10, MRR and recall@10 among them).
        public var metrics: [RankingMetric] = RankingMetric.allCases
        /// False: the model alone (no TF-IDF, BM25 or plain LSA baseline).
        public var baselines = true
        /// True: plain LSA even without the baselines.
        public var plainLSA = false
        /// α values of hybrid retrievers, each in [0, 1].
        public var hybrid: [Float] = []
        /// k values of LSA refits on the model's posting texts (sorted, distinct).
        public var sweep: [Int] = []
        /// An SVG plot of the sweep, written atomically (needs `sweep`).
        public var plot: String?
        /// Queries with fewer known term occurrences rank nothing; nil: `rank`'s floor for task rank, 1 for similar.
        public var minimumKnownTerms: Int?
        /// MAP and recall are computed within the first `depth` documents.
        public var depth = 1000

        public init(task: EvaluationTask, queries: [String], qrels: String) {
            self.task = task
            self.queries = queries
            self.qrels = qrels
        }
    }

    /// One LSA refit of the sweep: k asked, k kept (clipped to the rank), its evaluation.
    public typealias SweepRow = (requested: Int, actual: Int, result: SystemEvaluation)

    /// What was measured: the model first, then the other systems in order; the sweep's refits.
    public struct Outcome {
        public var results: [SystemEvaluation]
        public var sweep: [SweepRow]
        public var harness: EvaluationHarness
        public var corpusCount: Int
    }

    public var settings: Settings
    public var notice: Notice

    public init(settings: Settings, notice: @escaping Notice = { _ in }) {
        self.settings = settings
        self.notice = notice
    }

    /// Evaluates `loaded` (its model, featurizer and path for messages); says the sweep's steps, the
    /// judged queries left out and the plot written through `notice`.
    public func run(_ loaded: ModelProvider.Loaded) throws -> Outcome {
        let model = loaded.model
        let judgments = try Qrels.parse(try Self.readText(settings.qrels), source: settings.qrels)
        let corpusDocuments = try corpus(of: loaded)
        let harness = try EvaluationHarness(corpusIDs: corpusDocuments.map(\.id), queries: try queries(corpus: corpusDocuments),
                                            qrels: judgments, depth: settings.depth)
        if !harness.missingQueries.isEmpty {
            notice("warning: \(harness.missingQueries.count) judged queries are not among the queries given (e.g. \(harness.missingQueries.prefix(3).joined(separator: ", "))); left out")
        }
        let corpusTexts = corpusDocuments.map(\.text)
        var results = [SystemEvaluation]()
        for s in try systems(loaded, corpusDocuments: corpusDocuments) { results.append(try harness.evaluate(s)) }
        var outcome = Outcome(results: results, sweep: [], harness: harness, corpusCount: corpusDocuments.count)
        guard !settings.sweep.isEmpty else { return outcome }
        // The sweep: refits on the model's own posting texts at each k.
        let fitDocuments = try postingDocuments(model) {
            UserError("\(loaded.path): --sweep refits on the model's posting texts, and this model was built with --no-posting-text")
        }
        for k in settings.sweep {
            var refitSettings = model.settings
            refitSettings.dimensions = k
            let refit = try LSAModel.fit(postings: fitDocuments, featurizer: loaded.featurizer, settings: refitSettings, resources: model.resources)
            let retriever = settings.corpus.isEmpty ? LatentRetriever(model: refit, featurizer: loaded.featurizer, name: "lsa k=\(refit.dimensions)")
                : try LatentRetriever(model: refit, featurizer: loaded.featurizer, foldingIn: corpusTexts, name: "lsa k=\(refit.dimensions)")
            let r = try harness.evaluate(retriever)
            outcome.sweep.append((k, refit.dimensions, r))
            notice(String(format: "sweep k = %d (%d kept): nDCG@10 %.3f, MRR %.3f", k, refit.dimensions, r.mean[.ndcg10]!, r.mean[.mrr]!))
        }
        if let plot = settings.plot { try writePlot(outcome, to: plot) }
        return outcome
    }

    /// The model's postings as documents (their stored texts); `missing` is thrown for a model built
    /// without them.
    func postingDocuments(_ model: LSAModel, missing: () -> UserError) throws -> [Document] {
        try (0..<model.postingCount).map { i in
            guard let text = model.postings.text(at: i) else { throw missing() }
            return Document(id: model.postings.ids[i], title: model.postings.title(at: i), text: text)
        }
    }

    /// The corpus: the model's postings (stored texts) or the documents given.
    func corpus(of loaded: ModelProvider.Loaded) throws -> [Document] {
        guard settings.corpus.isEmpty else { return try readDocuments(settings.corpus) }
        return try postingDocuments(loaded.model) {
            UserError("\(loaded.path): the model was built with --no-posting-text, so the baselines cannot read the postings; give them with --corpus")
        }
    }

    /// The queries: texts read (task rank), or corpus documents, all or those of the ids file (task similar).
    func queries(corpus corpusDocuments: [Document]) throws -> [EvaluationQuery] {
        switch settings.task {
        case .rank:
            return try readDocuments(settings.queries).map { EvaluationQuery(id: $0.id, title: $0.title, text: $0.text) }
        case .similar:
            let all = corpusDocuments.enumerated().map { EvaluationQuery(id: $1.id, title: $1.title, text: $1.text, corpusIndex: $0) }
            guard let idsFile = settings.queries.first else { return all }
            // A list of corpus ids: those documents are the queries.
            let ids = try Self.readText(idsFile).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let known = Set(corpusDocuments.map(\.id))
            if let unknown = ids.first(where: { !known.contains($0) }) { throw UserError("\(idsFile): '\(unknown)' is not a corpus id") }
            let wanted = Set(ids)
            return all.filter { wanted.contains($0.id) }
        }
    }

    /// The systems, the model first (as users run it), then the hybrids, plain LSA and the lexical
    /// baselines on the same analyzer.
    func systems(_ loaded: ModelProvider.Loaded, corpusDocuments: [Document]) throws -> [any Retriever] {
        let model = loaded.model, featurizer = loaded.featurizer
        let corpusTexts = corpusDocuments.map(\.text)
        var systems = [any Retriever]()
        // By default the known-terms floor of what users run: `rank` (Matcher's) for texts, so that a query
        // it would refuse ranks nothing here either (counted under "no terms"); none for task similar, as
        // `similar ID` scores a posting's stored vector whatever its length.
        let floor = settings.minimumKnownTerms ?? (settings.task == .similar ? 1 : Matcher(model: model, featurizer: featurizer).minimumKnownTerms)
        // The model as users run it: the hybrid score when it has a term index (α in the name).
        let modelName = "lsa k=\(model.dimensions)" + (model.termSide.map { String(format: " α=%.2f", $0.latentShare) } ?? "")
        systems.append(settings.corpus.isEmpty ? LatentRetriever(model: model, featurizer: featurizer, name: modelName, minimumKnownTerms: floor)
                       : try LatentRetriever(model: model, featurizer: featurizer, foldingIn: corpusTexts, name: modelName, minimumKnownTerms: floor))
        for alpha in settings.hybrid {
            systems.append(try HybridRetriever(model: model, featurizer: featurizer, corpus: corpusTexts, latentShare: alpha))
        }
        if settings.baselines || settings.plainLSA {
            // Plain LSA: the model's analyzer alone, default TF-IDF, fitted on the corpus at the model's k.
            let plain = Featurizer(analyzer: featurizer.analyzer)
            var plainSettings = BuildSettings(dimensions: model.settings.dimensions, seed: model.settings.seed, analyzer: model.settings.analyzer)
            plainSettings.storesPostingText = false
            let fitted = try LSAModel.fit(postings: corpusDocuments, featurizer: plain, settings: plainSettings)
            systems.append(LatentRetriever(model: fitted, featurizer: plain, name: "lsa-plain k=\(fitted.dimensions)"))
        }
        guard settings.baselines else { return systems }
        let analyzer = featurizer.analyzer
        systems.append(try TFIDFCosineRetriever(documents: corpusTexts, settings: model.settings.tfidf) { analyzer.terms($0) })
        systems.append(BM25Retriever(documents: corpusTexts) { analyzer.terms($0) })
        // The same lexical baselines on the model's full features (analyzer terms, translated terms,
        // competency concepts): what the features do without the SVD.
        if model.settings.conceptFeatures != nil || model.settings.crossLanguage != nil {
            systems.append(try TFIDFCosineRetriever(documents: corpusTexts, settings: model.settings.tfidf, name: "tfidf-cosine+features") { featurizer.features(of: $0) })
            systems.append(BM25Retriever(documents: corpusTexts, name: "bm25+features") { featurizer.features(of: $0) })
        }
        return systems
    }

    /// The sweep's SVG: nDCG@10, MRR and recall@10 (those shown) against k, the baselines' nDCG@10 as
    /// dashed lines; written atomically.
    func writePlot(_ outcome: Outcome, to plot: String) throws {
        // nDCG@10 first (the baselines' dashed lines are drawn for it); MAP equals MRR with one relevant document.
        let plotted: [RankingMetric] = [.ndcg10, .mrr, .recall10].filter { settings.metrics.contains($0) }
        let series = plotted.map { m in SweepPlot.Series(label: "LSA \(m.rawValue)", points: outcome.sweep.map { ($0.actual, $0.result.mean[m]!) }) }
        var references = [SweepPlot.Reference]()
        for r in outcome.results.dropFirst() {
            for m in plotted.prefix(1) { references.append(SweepPlot.Reference(label: "\(r.system) \(m.rawValue)", value: r.mean[m]!)) }
        }
        let name = ((settings.qrels as NSString).lastPathComponent as NSString).deletingPathExtension
        let svg = SweepPlot(title: "\(name): quality against k (\(outcome.harness.queries.count) queries, \(outcome.corpusCount) documents)",
                            yLabel: "mean over queries", series: series, references: references).svg()
        do { try ModelFile.writeAtomically(Data(svg.utf8), to: plot) } catch {
            throw UserError("\(plot): cannot write the plot: \(error)")
        }
        notice("wrote \(plot)")
    }

    func readDocuments(_ paths: [String]) throws -> [Document] {
        let read = try DocumentReader().read(paths: paths)
        for w in read.warnings { notice("warning: \(w)") }
        return read.documents
    }

    /// A UTF-8 text file (the qrels, the ids file), or an error naming it.
    static func readText(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw UserError("\(path): cannot read the file") }
        guard let text = String(data: data, encoding: .utf8) else { throw UserError("\(path): not UTF-8 text") }
        return text
    }
}
