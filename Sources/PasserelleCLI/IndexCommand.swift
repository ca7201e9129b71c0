import ArgumentParser
import Foundation
import Synchronization
import PasserelleApp
import Passerelle
import DocumentReaders
import PasserelleCore

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build a model from postings (files or folders of .txt, .md, .html, .docx, .pdf, or JSON Lines / CSV).",
        discussion: HelpExamples.discussion("""
        JSON Lines: one posting per line, {"id", "title", "text", "lang"?}; other fields are kept as metadata.
        CSV: a header row with id, title (optional) and text columns; other columns are kept as metadata.
        The model is written to a temporary file and renamed, so an interrupted run never leaves a broken model.
        Memory: each posting's text goes to an unlinked file beside the model as soon as it is read (texts are
        never all held), and the model is written section by section. Peak resident set, estimated
        (docs/MEMORY.md): the larger of 16 bytes per nonzero TF-IDF entry and 8 per nonzero + 12 · n · (k + 10)
        bytes for n postings; plus the vocabulary, titles, ids and metadata.
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

    @Option(name: .long, help: "Analyzer: fr-en (French/English, default: fr-en-v1), fr-en-v2 (fr-en-v1 + feminine forms checked against a word list: livreuse, trieuse, hôtesse; not the default, docs/HYBRID.md), or plain (scikit-learn's, for comparisons; plain implies --no-cross-language: it has no language per paragraph).")
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

    @Flag(name: .long, help: "Do not translate titles with the general dictionary's word list (by default a title — one line of at most 160 characters: a job title, a label, a text's first line — is translated with it as well; longer texts with the ESCO skill list alone; a title on its own also with the ISCO-08 title words of lexicon/isco-en-fr.tsv, left out too, docs/HYBRID.md).")
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
            // Progress by stage, on a terminal only (a log or a pipe gets the summary line alone).
            let stages = StageProgress(enabled: Console.stderrIsTerminal && !quietOption.quiet, started: Date())
            let run = IndexRun(settings: settings, reader: input.reader(), notice: Console.notice,
                               progress: IndexRun.Progress(stage: { stages.say($0) },
                                                           analysis: stages.enabled ? { stages.analysisProgress(dimensions: $0) } : nil))
            let summary = try run.run(postings: paths, out: out) { try writer.lock($0) }
            Console.info(String(format: "passerelle: indexed %d postings, %d terms, k = %d (%.1f%% of the variance) in %.2f s → %@",
                                summary.postings, summary.terms, summary.dimensions, 100 * summary.explainedVariance, summary.seconds, summary.path))
        }
    }

    /// The options as the build's settings.
    var settings: IndexSettings {
        var s = IndexSettings()
        s.dimensions = dims
        s.minDF = minDF
        s.maxDF = maxDF
        s.conceptShare = conceptShare
        s.conceptSaturation = conceptSaturation
        s.conceptScale = conceptScale
        s.conceptThreshold = conceptThreshold
        s.seed = seed
        s.powerIterations = powerIterations
        s.analyzer = analyzer
        s.storesPostingText = !noPostingText
        s.taxonomy = taxonomy
        s.competencies = !noCompetencies
        s.crossLanguage = !noCrossLanguage
        s.dictionary = dictionary
        s.titleDictionary = !noTitleDictionary
        s.firstLineRepeat = firstLineRepeat
        s.latentShare = latentShare
        s.shortQueryNeighbours = shortQueryNeighbours
        s.background = background
        s.usesBackground = !noBackground
        s.backgroundWeight = backgroundWeight
        s.backgroundIDF = backgroundIDF
        return s
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
