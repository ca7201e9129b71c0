import ArgumentParser
import Foundation
import PasserelleApp
import Passerelle
import DocumentReaders

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build a model from postings (files or folders of .txt, .md, .html, .docx, .pdf, or JSON Lines / CSV).",
        discussion: HelpExamples.discussion("""
        JSON Lines: one posting per line, {"id", "title", "text", "lang"?}; other fields are kept as metadata.
        CSV: a header row with id, title (optional) and text columns; other columns are kept as metadata.
        The model is written to a temporary file and renamed, so an interrupted run never leaves a broken model.
        Writers of one model file (index --out, add, remove) take turns: each waits for the one before (or fails
        with --no-wait).
        """, command: "index")
    )

    @Argument(help: ArgumentHelp("Files or folders of postings.", valueName: "paths"))
    var paths: [String]

    @Option(name: .long, help: ArgumentHelp("Model file to write (default: Models/postings.plm in the project folder, the model rank, similar, batch, add and remove then use without --model).", valueName: "file"))
    var out: String?

    @Option(name: .long, help: "Latent dimensions k, \(OptionLimits.text(OptionLimits.dimensions)) (clipped to the corpus rank; default: the engine's, \(EngineSetup.defaultDimensions)).")
    var dims: Int?

    @Option(name: .customLong("min-df"), help: "Keep terms found in at least this many postings (\(OptionLimits.text(OptionLimits.minDF))).")
    var minDF: Int = 1

    @Option(name: .customLong("max-df"), help: "Drop terms found in more than this fraction of postings, in (0, 1].")
    var maxDF: Double = 1.0

    @Option(name: .long, help: "Share of each vector's squared norm given to competency features, in [0, 1) (default: the engine's).")
    var conceptShare: Float?

    @Option(name: .long, help: "Concept occurrences at which the concept share reaches 63% of its value, 0…1000000 (0: fixed share; default: the engine's).")
    var conceptSaturation: Float?

    @Option(name: .long, help: "Weigh competency features as terms counted this many times, in one normalization with the terms (overrides the share; 0: use the share; default: the engine's).")
    var conceptScale: Float?

    @Option(name: .long, help: "Concept occurrences of a text that earn no share (stray hits outside the field; default: the engine's).")
    var conceptThreshold: Float?

    @Option(name: .long, help: "Seed of the randomized SVD (same seed, same model).")
    var seed: UInt64 = 42

    @Option(name: .long, help: "Power iterations of the randomized SVD (0…20).")
    var powerIterations: Int = 4

    @Option(name: .long, help: "Analyzer: fr-en (French/English, default) or plain (scikit-learn's, for comparisons; plain implies --no-cross-language: it has no language per paragraph).")
    var analyzer: String = "fr-en"

    @Flag(name: .long, help: "Do not store posting texts in the model (smaller; no posting evidence in explanations).")
    var noPostingText = false

    @Option(name: .long, help: ArgumentHelp("Competency taxonomy to use (default: Data/competencies.tsv).", valueName: "file"))
    var taxonomy: String?

    @Flag(name: .long, help: "Build without the competency taxonomy (no concept features, no competency explanations).")
    var noCompetencies = false

    @Flag(name: .long, help: "Build without the English → French term list (Data/lexicon).")
    var noCrossLanguage = false

    @Flag(name: .long, help: "Also translate with the general dictionary's word list (Data/lexicon/freedict-en-fr.tsv), and translate short English titles: better French titles against English labels, worse English texts against French ones (docs/HYBRID.md).")
    var dictionary = false

    @Option(name: .long, help: "Extra times the first line of each text (its title) is counted (default: the engine's).")
    var firstLineRepeat: Int?

    @Option(name: .long, help: "α of the score α · latent cosine + (1 − α) · term cosine, in [0, 1] (default: the engine's; 1 = latent alone).")
    var latentShare: Float?

    @Option(name: .long, help: ArgumentHelp("Background texts fitted together with the postings (vocabulary, idf, SVD basis), never ranked (default: the shipped Data/background).", valueName: "path"))
    var background: [String] = []

    @Option(name: .long, help: "Weight of the background rows in the SVD (default 1).")
    var backgroundWeight: Float?

    @Flag(name: .long, help: "Let the background count in the idf too (default: the postings' idf only).")
    var backgroundIDF = false

    @Flag(name: .long, help: "Fit on the postings alone, without background texts.")
    var noBackground = false

    @OptionGroup var input: PostingInputOptions

    @OptionGroup var writer: WriterOptions

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one file or folder of postings") }
        if let dims { try OptionLimits.check(dims, in: OptionLimits.dimensions, "--dims") }
        try OptionLimits.check(minDF, in: OptionLimits.minDF, "--min-df")
        guard maxDF > 0 && maxDF <= 1 else { throw ValidationError("--max-df must be in (0, 1]") }
        if let conceptShare { guard conceptShare >= 0 && conceptShare < 1 else { throw ValidationError("--concept-share must be in [0, 1)") } }
        if let conceptSaturation { guard conceptSaturation >= 0 && conceptSaturation <= 1_000_000 else { throw ValidationError("--concept-saturation must be in 0…1000000") } }
        if let conceptScale { guard conceptScale >= 0 && conceptScale <= 1_000_000 else { throw ValidationError("--concept-scale must be in 0…1000000") } }
        if let latentShare { guard latentShare >= 0 && latentShare <= 1 else { throw ValidationError("--latent-share must be in [0, 1]") } }
        if noBackground && !background.isEmpty { throw ValidationError("--no-background and --background exclude each other") }
        guard powerIterations >= 0 && powerIterations <= 20 else { throw ValidationError("--power-iterations must be in 0…20") }
        guard AnalyzerCatalog.names[analyzer] != nil else { throw ValidationError("--analyzer must be one of \(AnalyzerCatalog.names.keys.sorted().joined(separator: ", "))") }
    }

    func run() throws {
        try reportingErrors {
            let started = Date()
            // The documents are handed to the fit (`consume`): their texts are then held once, in the model.
            let documents = try input.read(paths).documents
            var resources = [String: String]()
            if let home = try? ProjectHome.locate() { resources = try home.resources() }
            if let taxonomy {
                guard let data = FileManager.default.contents(atPath: taxonomy) else { throw UserError("\(taxonomy): cannot read the taxonomy") }
                resources[EngineSetup.taxonomyResource] = String(decoding: data, as: UTF8.self)
            }
            if noCompetencies { resources[EngineSetup.taxonomyResource] = nil }
            if dictionary {
                guard let home = try? ProjectHome.locate(), let data = FileManager.default.contents(atPath: home.dictionary.path) else {
                    throw UserError("--dictionary: no Data/lexicon/freedict-en-fr.tsv here or in PASSERELLE_HOME (scripts/build-freedict-lexicon.sh builds it)")
                }
                resources[EngineSetup.dictionaryResource] = String(decoding: data, as: UTF8.self)
            }
            // Cross-language terms are French terms added to English paragraphs: only the French/English
            // analyzer tells the paragraphs apart, so another analyzer goes without them (said, not refused).
            let frenchEnglish = AnalyzerCatalog.names[analyzer] == AnalyzerCatalog.defaultIdentifier
            if noCrossLanguage || !frenchEnglish {
                if !noCrossLanguage && resources[EngineSetup.lexiconResource] != nil {
                    Console.info("passerelle: --analyzer \(analyzer) has no language per paragraph: building without cross-language terms")
                }
                resources[EngineSetup.lexiconResource] = nil
                resources[EngineSetup.dictionaryResource] = nil
            }
            if resources[EngineSetup.taxonomyResource] == nil && !noCompetencies {
                Console.info("passerelle: no Data/competencies.tsv here or in PASSERELLE_HOME: building without competencies")
            }
            var settings = EngineSetup.defaultSettings(resources: resources)
            if let dims { settings.dimensions = dims }
            settings.tfidf.minDF = minDF
            settings.tfidf.maxDF = maxDF
            if let conceptShare { settings.tfidf.conceptShare = conceptShare }
            if let conceptSaturation { settings.tfidf.conceptSaturation = conceptSaturation }
            if let conceptScale { settings.tfidf.conceptScale = conceptScale }
            if let conceptThreshold { settings.tfidf.conceptThreshold = conceptThreshold }
            settings.seed = seed
            settings.powerIterations = powerIterations
            settings.analyzer = AnalyzerCatalog.names[analyzer]!
            settings.storesPostingText = !noPostingText
            if let firstLineRepeat { settings.firstLineRepeat = firstLineRepeat }
            if dictionary && settings.crossLanguage != nil { settings.crossLanguage = EngineSetup.crossLanguageWithDictionaryIdentifier }
            settings.latentShare = latentShare ?? BuildSettings.defaultLatentShare
            var backgroundTexts = [String]()
            let backgroundPaths = noBackground ? [] : !background.isEmpty ? background : ((try? ProjectHome.locate())?.shippedBackground.map { [$0.path] } ?? [])
            if !backgroundPaths.isEmpty {
                let b = try DocumentReader().read(paths: backgroundPaths)
                backgroundTexts = b.documents.map(\.text)
                settings.backgroundWeight = backgroundWeight
                settings.backgroundIDF = backgroundIDF ? true : nil
                settings.background = backgroundPaths.map { ($0 as NSString).lastPathComponent }.joined(separator: "+")
            }
            let pipeline = try EngineSetup.pipeline(settings: settings, resources: resources)
            let model = try LSAModel.fit(postings: consume documents, featurizer: pipeline.featurizer, settings: settings, resources: resources,
                                         background: backgroundTexts)
            // Only the write is under the writers' lock: index reads no model, so a concurrent add or remove
            // on the same file is never lost inside it; the lock keeps whole writes one after the other.
            let out = try self.out ?? ProjectHome.locate().indexedModel.path
            let lock = try writer.lock(out)
            try ModelFile.write(model, to: out)
            lock.release()
            let explained = model.explainedVarianceRatio.reduce(0, +)
            Console.info(String(format: "passerelle: indexed %d postings, %d terms, k = %d (%.1f%% of the variance) in %.2f s → %@",
                                model.postingCount, model.vectorizer.vocabularySize, model.dimensions, 100 * explained,
                                Date().timeIntervalSince(started), out))
        }
    }
}

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Describe a model: corpus, vocabulary, k, explained variance, settings.",
        discussion: HelpExamples.discussion("", command: "info"))

    @OptionGroup var modelOption: ModelOption

    @Flag(name: .long, help: "Also list the posting ids and titles.")
    var ids = false

    @Option(name: .long, help: "Output format: table or json.")
    var format: OutputFormat = .table

    /// `passerelle info --format json`: the model's description, and its posting ids with --ids.
    struct InfoJSON: Encodable {
        var description: ModelDescription
        var postingIDs: [String]?
        enum CodingKeys: String, CodingKey { case postingIDs = "posting_ids" }
        func encode(to encoder: Encoder) throws {
            try description.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(postingIDs, forKey: .postingIDs)
        }
    }

    func run() throws {
        try reportingErrors {
            let loaded = try modelOption.load()
            let m = loaded.model
            let description = ModelDescription(model: m, path: loaded.path)
            let refit = description.refitAdvised
            let info = description
            switch format {
            case .json: Console.out(try encodeJSON(InfoJSON(description: description, postingIDs: ids ? m.postings.ids : nil)))
            case .table:
                var lines = [
                    "model           \(info.path)",
                    "postings        \(info.postings) (\(info.postingsAdded) added after the fit)",
                    "vocabulary      \(info.vocabulary) terms (min-df \(info.minDF), max-df \(info.maxDF))",
                    "dimensions      k = \(info.dimensions) (asked \(info.dimensionsRequested))",
                    String(format: "explained       %.1f%% of the TF-IDF variance", 100 * info.explainedVariance),
                    "analyzer        \(info.analyzer)\(info.crossLanguage.map { " + translations \($0)" } ?? "")\(info.conceptFeatures.map { " + concepts \($0) (share \(info.conceptShare))" } ?? "")",
                    "svd             seed \(info.seed), \(info.powerIterations) power iterations",
                    info.termIndex
                        ? String(format: "score           %.2f × latent cosine + %.2f × term cosine", info.latentShare, 1 - info.latentShare)
                        : "score           latent cosine alone (no term index: a model from before format 4; rebuild with `passerelle index` for the term cosine)",
                    "posting texts   \(info.storesPostingText ? "stored" : "not stored")",
                    String(format: "unseen terms    %.1f%% of the terms of added postings", 100 * info.unseenTermRatio),
                ]
                if refit { lines.append("advice          over \(Int(ModelDescription.refitThreshold * 100))% of the added postings' terms are unknown to the model: rebuild it with `passerelle index`") }
                if ids {
                    lines.append("")
                    for i in 0..<m.postingCount { lines.append("\(TerminalText.sanitized(m.postings.ids[i]))\t\(TerminalText.sanitized(m.postings.title(at: i)))") }
                }
                Console.out(lines.joined(separator: "\n"))
            }
        }
    }
}

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Fold new postings into a model without refitting (the vocabulary stays frozen).",
        discussion: HelpExamples.discussion("Terms the model does not know are counted; `passerelle info` advises a refit when they pass 20%.", command: "add")
    )

    @Argument(help: ArgumentHelp("Files or folders of postings.", valueName: "paths"))
    var paths: [String]

    @OptionGroup var modelOption: ModelOption

    @OptionGroup var input: PostingInputOptions

    @OptionGroup var writer: WriterOptions

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one file or folder of postings") }
    }

    func run() throws {
        try reportingErrors {
            // The postings are read before the lock is taken, so that a writer waits on another only for
            // its fold and write, never for a slow read.
            let read = try input.read(paths)
            // Locked from reading the model to renaming the new one (released when `loaded` goes).
            var loaded = try modelOption.load(forWriting: true, wait: !writer.noWait)
            try ModelEditing.add(read.documents, sources: read.sources, to: &loaded)
            Console.info(String(format: "passerelle: added %d postings to %@ (%d in all; %.1f%% of added terms unseen)",
                                read.documents.count, loaded.path, loaded.model.postingCount, 100 * loaded.model.foldIn.unseenRatio))
        }
    }
}

struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Take postings (expired ones) out of a model by id.",
        discussion: HelpExamples.discussion("", command: "remove"))

    @Argument(help: ArgumentHelp("Posting ids.", valueName: "posting-id"))
    var ids: [String]

    @OptionGroup var modelOption: ModelOption

    @OptionGroup var writer: WriterOptions

    func validate() throws {
        guard !ids.isEmpty else { throw ValidationError("give the ids of the postings to remove") }
    }

    func run() throws {
        try reportingErrors {
            var loaded = try modelOption.load(forWriting: true, wait: !writer.noWait)
            let unique = try ModelEditing.remove(ids: ids, from: &loaded)
            Console.info("passerelle: removed \(unique.count) posting\(unique.count == 1 ? "" : "s") from \(loaded.path) (\(loaded.model.postingCount) left)")
        }
    }
}

/// CSV column names for `index` and `add` (the reader's `idColumn`, `titleColumn`, `textColumn`).
/// How postings are read by `index` and `add`: size limit, bad lines, CSV columns.
struct PostingInputOptions: ParsableArguments {
    @Flag(name: .long, help: "Skip malformed JSON lines or CSV rows (reported) instead of stopping.")
    var skipInvalid = false

    @OptionGroup var recordSize: RecordSizeOptions

    @Option(name: .customLong("id-column"), help: ArgumentHelp("CSV column holding the posting id.", valueName: "name"))
    var idColumn = "id"

    @Option(name: .customLong("title-column"), help: ArgumentHelp("CSV column holding the title (optional column).", valueName: "name"))
    var titleColumn = "title"

    @Option(name: .customLong("text-column"), help: ArgumentHelp("CSV column holding the text.", valueName: "name"))
    var textColumn = "text"

    /// Reads the postings, reporting warnings and skipped lines on stderr.
    func read(_ paths: [String]) throws -> ReadResult {
        let read = try reader().read(paths: paths)
        for w in read.warnings { Console.info("passerelle: warning: \(w)") }
        if read.skipped > 0 { Console.info("passerelle: skipped \(read.skipped) invalid line\(read.skipped == 1 ? "" : "s")") }
        return read
    }

    /// A reader with these settings.
    func reader() -> DocumentReader {
        var reader = DocumentReader(maxFileSize: recordSize.maxFileSize, skipInvalid: skipInvalid)
        reader.idColumn = idColumn
        reader.titleColumn = titleColumn
        reader.textColumn = textColumn
        return reader
    }
}
