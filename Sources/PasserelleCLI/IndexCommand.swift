import ArgumentParser
import Foundation
import Synchronization
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
        Memory: posting texts wait in an unlinked file beside the model, and the model is written section by
        section. Peak resident set, estimated (docs/MEMORY.md): the largest of twice the posting texts' bytes
        (all postings are read first), 16 bytes per nonzero TF-IDF entry, and 8 per nonzero + 12 · n · (k + 10)
        bytes for n postings; plus the vocabulary, titles and ids.
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

    @Option(name: .long, help: "Concept occurrences of a text that earn no share (stray hits outside the field), 0…1000000 (default: the engine's).")
    var conceptThreshold: Float?

    @Option(name: .long, help: "Seed of the randomized SVD (same seed, same model).")
    var seed: UInt64 = 42

    @Option(name: .long, help: "Power iterations of the randomized SVD (0…20).")
    var powerIterations: Int = 4

    @Option(name: .long, help: "Analyzer: fr-en (French/English, default) or plain (scikit-learn's, for comparisons; plain implies --no-cross-language: it has no language per paragraph).")
    var analyzer: String = "fr-en"

    @Flag(name: .long, help: "Do not store posting texts in the model (smaller; no posting evidence in explanations).")
    var noPostingText = false

    @Option(name: .long, help: ArgumentHelp("Competency taxonomy to use (default: the project's Data/competencies.tsv, else the installed one).", valueName: "file"))
    var taxonomy: String?

    @Flag(name: .long, help: "Build without the competency taxonomy (no concept features, no competency explanations).")
    var noCompetencies = false

    @Flag(name: .long, help: "Build without the English → French term list (the project's Data/lexicon, else the installed one).")
    var noCrossLanguage = false

    @Flag(name: .long, help: "Also translate with the general dictionary's word list (lexicon/freedict-en-fr.tsv of the project's Data/, else the installed one), and translate short English titles: better French titles against English labels, worse English texts against French ones (docs/HYBRID.md).")
    var dictionary = false

    @Flag(name: .long, help: "Do not translate titles with the general dictionary's word list (by default a title — one line of at most 160 characters: a job title, a label, a text's first line — is translated with it as well; longer texts with the ESCO skill list alone, docs/HYBRID.md).")
    var noTitleDictionary = false

    @Option(name: .long, help: "Extra times the first line of each text (its title) is counted, \(OptionLimits.text(OptionLimits.firstLineRepeat)) (default: the engine's).")
    var firstLineRepeat: Int?

    @Option(name: .long, help: "α of the score α · latent cosine + (1 − α) · term cosine, in [0, 1] (default: the engine's; 1 = latent alone).")
    var latentShare: Float?

    @Option(name: .long, help: "Vocabulary terms nearest by character n-grams that replace each unknown word of a short query (a title), 0…10 (default: the engine's; 0 = none).")
    var shortQueryNeighbours: Int?

    @Option(name: .long, help: ArgumentHelp("Background texts fitted together with the postings (vocabulary, idf, SVD basis), never ranked (default: the shipped Data/background).", valueName: "path"))
    var background: [String] = []

    @Option(name: .long, help: "Weight of the background rows in the SVD, 0.001…1000 (default 1).")
    var backgroundWeight: Float?

    @Flag(name: .long, help: "Let the background count in the idf too (default: the postings' idf only).")
    var backgroundIDF = false

    @Flag(name: .long, help: "Fit on the postings alone, without background texts.")
    var noBackground = false

    @OptionGroup var input: PostingInputOptions

    @OptionGroup var writer: WriterOptions
    @OptionGroup var quietOption: QuietOption

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one file or folder of postings") }
        if let dims { try OptionLimits.check(dims, in: OptionLimits.dimensions, "--dims") }
        try OptionLimits.check(minDF, in: OptionLimits.minDF, "--min-df")
        guard maxDF > 0 && maxDF <= 1 else { throw ValidationError("--max-df must be in (0, 1]") }
        if let conceptShare { guard conceptShare >= 0 && conceptShare < 1 else { throw ValidationError("--concept-share must be in [0, 1)") } }
        if let conceptSaturation { try OptionLimits.check(conceptSaturation, in: OptionLimits.conceptCount, "--concept-saturation") }
        if let conceptScale { try OptionLimits.check(conceptScale, in: OptionLimits.conceptCount, "--concept-scale") }
        if let conceptThreshold { try OptionLimits.check(conceptThreshold, in: OptionLimits.conceptCount, "--concept-threshold") }
        if let firstLineRepeat { try OptionLimits.check(firstLineRepeat, in: OptionLimits.firstLineRepeat, "--first-line-repeat") }
        if let backgroundWeight { try OptionLimits.check(backgroundWeight, in: OptionLimits.backgroundWeight, "--background-weight") }
        if let shortQueryNeighbours { guard (0 ... 10).contains(shortQueryNeighbours) else { throw ValidationError("--short-query-neighbours must be in 0…10") } }
        if let latentShare { guard latentShare.isFinite && latentShare >= 0 && latentShare <= 1 else { throw ValidationError("--latent-share must be in [0, 1]") } }
        if noBackground && !background.isEmpty { throw ValidationError("--no-background and --background exclude each other") }
        guard powerIterations >= 0 && powerIterations <= 20 else { throw ValidationError("--power-iterations must be in 0…20") }
        guard AnalyzerCatalog.names[analyzer] != nil else { throw ValidationError("--analyzer must be one of \(AnalyzerCatalog.names.keys.sorted().joined(separator: ", "))") }
    }

    func run() throws {
        quietOption.apply()
        try reportingErrors {
            let started = Date()
            guard let out = self.out ?? (try? ProjectHome.locate())?.indexedModel.path else {
                throw UserError("no project folder (Data/postings) here or above to write Models/postings.plm in: name the model file with --out FILE",
                                french: "pas de dossier de projet (Data/postings) ici ni au-dessus où écrire Models/postings.plm : nommez le fichier de modèle avec --out FICHIER")
            }
            // Refused before anything is read or written: the model may not replace one of its sources.
            let reader = input.reader()
            try OutputGuard.check(output: out, inputs: paths.flatMap { (try? reader.files(at: $0)) ?? [$0] }.map { ($0, "a posting file") }
                                  + background.flatMap { (try? reader.files(at: $0)) ?? [$0] }.map { ($0, "a background file") })
            // Progress by stage, on a terminal only (a log or a pipe gets the summary line alone).
            let stages = StageProgress(enabled: Console.stderrIsTerminal && !quietOption.quiet, started: started)
            stages.say("reading the postings")
            // The documents are handed to the fit (`consume`): their texts are then held once, in the model.
            let documents = try input.read(paths).documents
            let builtin = try BuiltinResources.locate(home: try? ProjectHome.locate())
            var resources = builtin.texts
            if let taxonomy {
                guard let data = FileManager.default.contents(atPath: taxonomy) else { throw UserError("\(taxonomy): cannot read the taxonomy") }
                resources[EngineSetup.taxonomyResource] = String(decoding: data, as: UTF8.self)
            }
            if noCompetencies { resources[EngineSetup.taxonomyResource] = nil }
            if !dictionary && noTitleDictionary { resources[EngineSetup.dictionaryResource] = nil }
            if dictionary {
                guard let text = builtin.texts[EngineSetup.dictionaryResource] ?? builtin.optionalTexts[EngineSetup.dictionaryResource] else {
                    throw UserError("--dictionary: no lexicon/freedict-en-fr.tsv in the project's Data/ or the installed share/\(BuiltinResources.shareFolderName)/ (scripts/build-freedict-lexicon.sh builds it)")
                }
                resources[EngineSetup.dictionaryResource] = text
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
            // Outside a project folder, where the resources came from; a model built without a resource it
            // would normally have is weaker: said.
            for found in builtin.found where found.origin != .project && resources[found.name] != nil
                && resources[found.name] == (builtin.texts[found.name] ?? builtin.optionalTexts[found.name]) {
                Console.info("passerelle: \(found.name): the \(found.origin.rawValue) copy, \(found.url.path)")
            }
            for (name, _) in BuiltinResources.catalog where builtin.location(of: name) == nil {
                if name == EngineSetup.taxonomyResource && (noCompetencies || taxonomy != nil) { continue }
                if name == EngineSetup.lexiconResource && (noCrossLanguage || !frenchEnglish) { continue }
                Console.info("passerelle: warning: \(name) not found (no project Data/, no installed share/\(BuiltinResources.shareFolderName)/): building without it")
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
            settings.shortQueryNeighbours = shortQueryNeighbours ?? ShortQueryExpansion.defaultNeighbours
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
            stages.say("analyzing \(documents.count) postings, TF-IDF, then the SVD (k = \(settings.dimensions))")
            // Posting texts wait in an anonymous file beside the model (same disk), not in memory (issue 27).
            let outFolder = (out as NSString).deletingLastPathComponent
            var isFolder: ObjCBool = false
            let spool = FileManager.default.fileExists(atPath: outFolder.isEmpty ? "." : outFolder, isDirectory: &isFolder) && isFolder.boolValue
                ? outFolder : NSTemporaryDirectory()
            let model = try LSAModel.fit(postings: consume documents, featurizer: pipeline.featurizer, settings: settings, resources: resources,
                                         background: backgroundTexts, spoolFolder: spool,
                                         progress: stages.enabled ? stages.analysisProgress(dimensions: settings.dimensions) : nil)
            // Only the write is under the writers' lock: index reads no model, so a concurrent add or remove
            // on the same file is never lost inside it; the lock keeps whole writes one after the other.
            let lock = try writer.lock(out)
            stages.say("writing \(out)")
            try ModelFile.write(model, to: out)
            // A change log of the model replaced no longer applies (it names the old model; readers would
            // ignore it): removed with it.
            ChangeLog.remove(path: ChangeLog.path(forModel: out))
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
            let description = ModelDescription(loaded: loaded)
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
                    info.shortQueryNeighbours > 0
                        ? "short queries   each unknown word → up to \(info.shortQueryNeighbours) nearest terms by character n-grams"
                        : "short queries   unknown words ignored",
                    "posting texts   \(info.storesPostingText ? "stored" : "not stored")",
                    String(format: "unseen terms    %.1f%% of the terms of added postings", 100 * info.unseenTermRatio),
                    "--where keys    \(PostingFilter.keys(of: m.postings).joined(separator: ", "))",
                ]
                if let log = info.changeLog {
                    let state = log.stale ? "ignored: written for another version of the model" : "\(log.records) record\(log.records == 1 ? "" : "s"), \(log.added) added, \(log.removed) removed"
                    lines.append("change log      \(log.path): \(log.bytes) bytes (\(state)); compacted past \(log.compactionThreshold) bytes or by `passerelle compact`")
                    if log.tornBytes > 0 { lines.append("                \(log.tornBytes) bytes after the last whole change are ignored (a change being written, or a writer killed mid-write)") }
                }
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
        discussion: HelpExamples.discussion("The postings go to the model's change log (MODEL.log beside it), read with the model by every command and by a running `passerelle serve` within a second; `passerelle compact` writes them into the model. A posting with valid_through (YYYY-MM-DD) drops out of answers after that day. Terms the model does not know are counted; `passerelle info` advises a refit when they pass 20%.", command: "add")
    )

    @Argument(help: ArgumentHelp("Files or folders of postings.", valueName: "paths"))
    var paths: [String]

    @OptionGroup var modelOption: ModelOption

    @OptionGroup var input: PostingInputOptions

    @OptionGroup var writer: WriterOptions
    @OptionGroup var quietOption: QuietOption

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one file or folder of postings") }
    }

    func run() throws {
        quietOption.apply()
        try reportingErrors {
            // The postings are read before the lock is taken, so that a writer waits on another only for
            // its fold and write, never for a slow read.
            let read = try input.read(paths)
            // Locked from reading the model to renaming the new one (released when `loaded` goes).
            var loaded = try modelOption.load(forWriting: true, wait: !writer.noWait)
            try ModelEditing.add(read.documents, sources: read.sources, to: &loaded, notice: Console.notice)
            Console.info(String(format: "passerelle: added %d postings to %@ (%d in all; %.1f%% of added terms unseen)",
                                read.documents.count, loaded.path, loaded.model.postingCount, 100 * loaded.model.foldIn.unseenRatio))
            try CompactCommand.compactIfLarge(&loaded)
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
    @OptionGroup var quietOption: QuietOption

    func validate() throws {
        guard !ids.isEmpty else { throw ValidationError("give the ids of the postings to remove") }
    }

    func run() throws {
        quietOption.apply()
        try reportingErrors {
            var loaded = try modelOption.load(forWriting: true, wait: !writer.noWait)
            let unique = try ModelEditing.remove(ids: ids, from: &loaded, notice: Console.notice)
            Console.info("passerelle: removed \(unique.count) posting\(unique.count == 1 ? "" : "s") from \(loaded.path) (\(loaded.model.postingCount) left)")
            try CompactCommand.compactIfLarge(&loaded)
        }
    }
}

struct CompactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Write a model's change log (postings added and removed since it was written) into the model file.",
        discussion: HelpExamples.discussion("add and remove append to MODEL.log beside the model; readers fold it in. compact rewrites the model with it and removes the log (add does so by itself once the log passes a quarter of the model's size). The answers are the same bytes before and after.", command: "compact")
    )

    @OptionGroup var modelOption: ModelOption

    @OptionGroup var writer: WriterOptions

    func run() throws {
        try reportingErrors {
            // Read and written without the writers' lock (adds go on meanwhile); the lock is taken to put
            // the new file in place (`LiveModel.compact(unlocked:lock:)`).
            let read = try modelOption.load()
            guard let log = read.log, log.records > 0 || log.stale || log.tornBytes > 0 || log.carried else {
                Console.info("passerelle: \(read.path) has no change log; nothing to compact")
                return
            }
            let started = Date()
            let done = try LiveModel.compact(unlocked: read) {
                do { return try ModelProvider.lockForWriting(read.path, wait: !writer.noWait, notice: Console.notice) } catch let error as FileWriteError where error.lockHeld {
                    throw WriterOptions.withHint(error)
                }
            }
            if done == nil {
                // Nothing to write (a stale or torn log to remove), or the files changed meanwhile: under the lock.
                var loaded = try modelOption.load(forWriting: true, wait: !writer.noWait)
                try LiveModel.compact(&loaded)
            }
            Console.info(String(format: "passerelle: compacted %@ (%d changes from %@) in %.2f s", read.path, log.added + log.removed, log.path,
                                Date().timeIntervalSince(started)))
        }
    }

    /// After an add or remove: compacts when the log has passed `LiveModel.compactionThreshold`.
    static func compactIfLarge(_ loaded: inout ModelProvider.Loaded) throws {
        guard LiveModel.shouldCompact(loaded) else { return }
        let started = Date()
        try LiveModel.compact(&loaded)
        Console.info(String(format: "passerelle: the change log passed its threshold: compacted into %@ in %.2f s", loaded.path, Date().timeIntervalSince(started)))
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

/// `index`'s progress on a terminal: one line per stage with the time since the start, and inside the
/// analysis (minutes at 100,000 postings) a line redrawn in place with the share of documents analyzed.
struct StageProgress {
    var enabled: Bool
    var started: Date

    func say(_ stage: String) {
        guard enabled else { return }
        Console.info(String(format: "passerelle: [%.1f s] %@…", Date().timeIntervalSince(started), stage))
    }

    /// For `LSAModel.fit`: "analyzed 45,000 / 100,000 (45%)" redrawn on one line (calls come from the
    /// analyzing threads: one at a time through a lock, and never backwards); at the end, the next stage.
    func analysisProgress(dimensions: Int) -> @Sendable (Int, Int) -> Void {
        let shown = Mutex<Int>(0)
        let started = started
        return { done, total in
            shown.withLock { last in
                guard done > last else { return }
                last = done
                let seconds = Date().timeIntervalSince(started)
                let line = Console.french
                    ? String(format: "passerelle: [%.1f s] %d / %d offres analysées (%d %%)", seconds, done, total, 100 * done / total)
                    : String(format: "passerelle: [%.1f s] analyzed %d / %d documents (%d%%)", seconds, done, total, 100 * done / total)
                _ = Console.writeAll(STDERR_FILENO, "\r\u{1B}[K" + line)
                if done == total {
                    _ = Console.writeAll(STDERR_FILENO, "\n")
                    say("TF-IDF, then the SVD (k = \(dimensions))")
                }
            }
        }
    }
}
