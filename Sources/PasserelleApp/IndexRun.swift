import Foundation
import Passerelle
import DocumentReaders
import PasserelleCore

/// What a build of a model is asked for (`passerelle index`'s options, or another front end's): each
/// nil or default value leaves the engine's default (`EngineSetup.defaultSettings`).
public struct IndexSettings: Sendable {
    /// Latent dimensions k (clipped to the corpus rank); nil: `EngineSetup.defaultDimensions`.
    public var dimensions: Int?
    /// Terms kept when found in at least this many postings.
    public var minDF = 1
    /// Terms dropped when found in more than this fraction of postings, in (0, 1].
    public var maxDF = 1.0
    public var conceptShare: Float?
    public var conceptSaturation: Float?
    public var conceptScale: Float?
    public var conceptThreshold: Float?
    /// Seed of the randomized SVD (same seed, same model).
    public var seed: UInt64 = 42
    public var powerIterations = 4
    /// A name of `AnalyzerCatalog.names` ("fr-en" = fr-en-v1, "fr-en-v1", "fr-en-v2", "plain").
    public var analyzer = "fr-en"
    public var storesPostingText = true
    /// A taxonomy file instead of the project's or installed `competencies.tsv`.
    public var taxonomy: String?
    /// False: no competency taxonomy (no concept features).
    public var competencies = true
    /// False: no English → French term list (and no dictionary).
    public var crossLanguage = true
    /// True: also translate with the general dictionary's word list, titles included.
    public var dictionary = false
    /// False (without `dictionary`): titles are not translated with the general dictionary either.
    public var titleDictionary = true
    public var firstLineRepeat: Int?
    /// α of α · latent cosine + (1 − α) · term cosine; nil: `BuildSettings.defaultLatentShare`.
    public var latentShare: Float?
    /// nil: `ShortQueryExpansion.defaultNeighbours`.
    public var shortQueryNeighbours: Int?
    /// Background texts fitted with the postings; empty: the project's shipped background, if any.
    public var background: [String] = []
    /// False: no background at all (not even the shipped one).
    public var usesBackground = true
    public var backgroundWeight: Float?
    /// True: the background counts in the idf too.
    public var backgroundIDF = false

    public init() {}
}

/// `passerelle index`: reads postings, builds the engine's settings and resources from `IndexSettings`,
/// fits the model and writes it atomically, under the writers' lock for the write alone.
/// Complexity: that of `LSAModel.fit` (the analysis, O(postings · terms) for TF-IDF, the randomized SVD).
public struct IndexRun {
    /// What the build did, for the summary line.
    public struct Summary: Sendable {
        public var path: String
        public var postings: Int
        public var terms: Int
        public var dimensions: Int
        /// Share of the TF-IDF variance the k dimensions keep, in [0, 1].
        public var explainedVariance: Float
        /// Wall-clock seconds from the start of `run`.
        public var seconds: Double
    }

    /// Stages of a build, for a front end's progress display (both optional).
    public struct Progress {
        /// Called at each stage's start ("reading the postings", "analyzing N postings…", "writing PATH").
        public var stage: (String) -> Void
        /// Given k, the per-document progress callback of the analysis (nil: none).
        public var analysis: ((_ dimensions: Int) -> @Sendable (Int, Int) -> Void)?

        public init(stage: @escaping (String) -> Void = { _ in }, analysis: ((_ dimensions: Int) -> @Sendable (Int, Int) -> Void)? = nil) {
            self.stage = stage
            self.analysis = analysis
        }
    }

    public var settings: IndexSettings
    /// How the postings and the background are listed and read (size limit, bad lines, CSV columns).
    public var reader: DocumentReader
    /// The project folder (default output, shipped background, resources); nil outside one.
    public var home: ProjectHome?
    public var notice: Notice
    public var progress: Progress

    public init(settings: IndexSettings, reader: DocumentReader = DocumentReader(), home: ProjectHome? = try? ProjectHome.locate(),
                notice: @escaping Notice = { _ in }, progress: Progress = Progress()) {
        self.settings = settings
        self.reader = reader
        self.home = home
        self.notice = notice
        self.progress = progress
    }

    /// Where posting texts wait during the fit (issue 27: not in memory): an unlinked file in the model's
    /// folder (same disk as the model), or the temporary folder when that folder does not exist yet.
    static func spoolFolder(forModel out: String) -> String {
        let folder = (out as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder) && isFolder.boolValue
            ? (folder.isEmpty ? "." : folder) : NSTemporaryDirectory()
    }

    /// The model file `run` writes: `out`, else the project's Models/postings.plm.
    public func modelPath(out: String?) throws -> String {
        guard let out = out ?? home?.indexedModel.path else {
            throw UserError("no project folder (Data/postings) here or above to write Models/postings.plm in: name the model file with --out FILE",
                            french: "pas de dossier de projet (Data/postings) ici ni au-dessus où écrire Models/postings.plm : nommez le fichier de modèle avec --out FICHIER")
        }
        return out
    }

    /// Builds the model of the postings at `paths` (files or folders) and writes it to `out` (nil: the
    /// project's model). `lock` takes the writers' lock of the model file (released after the write).
    public func run(postings paths: [String], out: String?, lock: (String) throws -> WriterLock) throws -> Summary {
        let started = Date()
        let out = try modelPath(out: out)
        // Refused before anything is read or written: the model may not replace one of its sources.
        try OutputGuard.check(output: out, inputs: paths.flatMap { (try? reader.files(at: $0)) ?? [$0] }.map { ($0, "a posting file") }
                              + settings.background.flatMap { (try? reader.files(at: $0)) ?? [$0] }.map { ($0, "a background file") })
        progress.stage("reading the postings")
        let postings = try readPostings(paths, spoolFolder: Self.spoolFolder(forModel: out))
        let resources = try self.resources()
        var engine = try engineSettings(resources: resources)
        let backgroundTexts = try readBackground(into: &engine)
        let pipeline = try EngineSetup.pipeline(settings: engine, resources: resources)
        progress.stage("analyzing \(postings.count) postings, TF-IDF, then the SVD (k = \(engine.dimensions))")
        let fitted = try LSAModel.fit(collected: postings, featurizer: pipeline.featurizer, settings: engine, resources: resources,
                                      background: backgroundTexts, progress: progress.analysis?(engine.dimensions))
        if pipeline.detector != nil && fitted.postings.storesText { progress.stage("profiling \(fitted.postingCount) postings for explanations") }
        let model = try StoredProfiles.storing(fitted, pipeline: pipeline)
        // Only the write is under the writers' lock: index reads no model, so a concurrent add or remove
        // on the same file is never lost inside it; the lock keeps whole writes one after the other.
        let held = try lock(out)
        progress.stage("writing \(out)")
        try ModelFile.write(model, to: out)
        // A change log of the model replaced no longer applies (it names the old model; readers would
        // ignore it): removed with it.
        ChangeLog.remove(path: ChangeLog.path(forModel: out))
        held.release()
        return Summary(path: out, postings: model.postingCount, terms: model.vectorizer.vocabularySize, dimensions: model.dimensions,
                       explainedVariance: model.explainedVarianceRatio.reduce(0, +), seconds: Date().timeIntervalSince(started))
    }

    /// The postings, each handed to the collector as the reader parses it (issue 27: its text goes to the
    /// spool file in `spoolFolder` at once, never all held), with the reader's warnings and skipped lines
    /// said. A reader error (a bad line, a duplicate id, naming the file and line) ends the run before
    /// anything is written: the spool file was unlinked when made.
    func readPostings(_ paths: [String], spoolFolder: String) throws -> PostingCollector {
        var postings = PostingCollector(spoolFolder: spoolFolder)
        let read = try reader.read(paths: paths) { document, _ in try postings.add(document) }
        for w in read.warnings { notice("warning: \(w)") }
        if read.skipped > 0 { notice("skipped \(read.skipped) invalid line\(read.skipped == 1 ? "" : "s")") }
        return postings
    }

    /// Whether the analyzer tells French and English paragraphs apart (cross-language terms need it).
    var frenchEnglish: Bool { AnalyzerCatalog.names[settings.analyzer].map(AnalyzerCatalog.isFrenchEnglish) ?? false }

    /// The resources of the build: the project's or installed ones, less those the settings leave out, with
    /// the taxonomy and the dictionary asked for; says where they came from outside a project and which
    /// are missing (a model built without a resource it would normally have is weaker).
    func resources() throws -> [String: String] {
        let builtin = try BuiltinResources.locate(home: home)
        var resources = builtin.texts
        if let taxonomy = settings.taxonomy {
            guard let data = FileManager.default.contents(atPath: taxonomy) else { throw UserError("\(taxonomy): cannot read the taxonomy") }
            resources[EngineSetup.taxonomyResource] = String(decoding: data, as: UTF8.self)
        }
        if !settings.competencies { resources[EngineSetup.taxonomyResource] = nil }
        if !settings.dictionary && !settings.titleDictionary { resources[EngineSetup.dictionaryResource] = nil }
        // The ISCO title words go with the titles' dictionary only (`EngineSetup.crossLanguageTitleISCOIdentifier`).
        if settings.dictionary || !settings.titleDictionary { resources[EngineSetup.iscoResource] = nil }
        if settings.dictionary {
            guard let text = builtin.texts[EngineSetup.dictionaryResource] ?? builtin.optionalTexts[EngineSetup.dictionaryResource] else {
                throw UserError("--dictionary: no lexicon/freedict-en-fr.tsv in the project's Data/ or the installed share/\(BuiltinResources.shareFolderName)/ (scripts/data/build-freedict-lexicon.sh builds it)")
            }
            resources[EngineSetup.dictionaryResource] = text
        }
        // Cross-language terms are French terms added to English paragraphs: only the French/English
        // analyzer tells the paragraphs apart, so another analyzer goes without them (said, not refused).
        if !settings.crossLanguage || !frenchEnglish {
            if settings.crossLanguage && resources[EngineSetup.lexiconResource] != nil {
                notice("--analyzer \(settings.analyzer) has no language per paragraph: building without cross-language terms")
            }
            resources[EngineSetup.lexiconResource] = nil
            resources[EngineSetup.dictionaryResource] = nil
            resources[EngineSetup.iscoResource] = nil
        }
        for found in builtin.found where found.origin != .project && resources[found.name] != nil
            && resources[found.name] == (builtin.texts[found.name] ?? builtin.optionalTexts[found.name]) {
            notice("\(found.name): the \(found.origin.rawValue) copy, \(found.url.path)")
        }
        for (name, _) in BuiltinResources.catalog where builtin.location(of: name) == nil {
            if name == EngineSetup.taxonomyResource && (!settings.competencies || settings.taxonomy != nil) { continue }
            if name == EngineSetup.lexiconResource && (!settings.crossLanguage || !frenchEnglish) { continue }
            if name == EngineSetup.iscoResource && (!settings.crossLanguage || !frenchEnglish || settings.dictionary || !settings.titleDictionary) { continue }
            notice("warning: \(name) not found (no project Data/, no installed share/\(BuiltinResources.shareFolderName)/): building without it")
        }
        return resources
    }

    /// The engine's settings: its defaults for these resources, with what `settings` asks.
    func engineSettings(resources: [String: String]) throws -> BuildSettings {
        guard let analyzer = AnalyzerCatalog.names[settings.analyzer] else {
            throw UserError("unknown analyzer '\(settings.analyzer)' (known: \(AnalyzerCatalog.names.keys.sorted().joined(separator: ", ")))")
        }
        var engine = EngineSetup.defaultSettings(resources: resources)
        if let dimensions = settings.dimensions { engine.dimensions = dimensions }
        engine.tfidf.minDF = settings.minDF
        engine.tfidf.maxDF = settings.maxDF
        if let conceptShare = settings.conceptShare { engine.tfidf.conceptShare = conceptShare }
        if let conceptSaturation = settings.conceptSaturation { engine.tfidf.conceptSaturation = conceptSaturation }
        if let conceptScale = settings.conceptScale { engine.tfidf.conceptScale = conceptScale }
        if let conceptThreshold = settings.conceptThreshold { engine.tfidf.conceptThreshold = conceptThreshold }
        engine.seed = settings.seed
        engine.powerIterations = settings.powerIterations
        engine.analyzer = analyzer
        engine.storesPostingText = settings.storesPostingText
        if let firstLineRepeat = settings.firstLineRepeat { engine.firstLineRepeat = firstLineRepeat }
        if settings.dictionary && engine.crossLanguage != nil { engine.crossLanguage = EngineSetup.crossLanguageWithDictionaryIdentifier }
        engine.latentShare = settings.latentShare ?? BuildSettings.defaultLatentShare
        engine.shortQueryNeighbours = settings.shortQueryNeighbours ?? ShortQueryExpansion.defaultNeighbours
        return engine
    }

    /// The background texts (those given, else the project's shipped background, none without
    /// `usesBackground`), their weight and idf rule and name recorded in `engine`.
    func readBackground(into engine: inout BuildSettings) throws -> [String] {
        let paths = !settings.usesBackground ? [] : !settings.background.isEmpty ? settings.background : (home?.shippedBackground.map { [$0.path] } ?? [])
        guard !paths.isEmpty else { return [] }
        let read = try DocumentReader().read(paths: paths)
        engine.backgroundWeight = settings.backgroundWeight
        engine.backgroundIDF = settings.backgroundIDF ? true : nil
        engine.background = paths.map { ($0 as NSString).lastPathComponent }.joined(separator: "+")
        return read.documents.map(\.text)
    }
}
