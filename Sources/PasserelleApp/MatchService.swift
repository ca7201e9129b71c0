import Foundation
import Passerelle
import TextAnalysis
import DocumentReaders
import PasserelleCore

/// What a query asks for, whatever front end it comes from (the CLI's options, an HTTP request).
public struct QueryOptions: Sendable {
    /// Matches a query may ask for (rank, similar, batch, merge; the CLI's `--top`, the API's `top`): far
    /// above any real use, and low enough that `batch` never allocates gigabytes for its top lists.
    public static let topRange = 1 ... 10_000
    /// Matches returned (after the language rule).
    public var top: Int
    /// Which postings may be returned (`--where`).
    public var filter: PostingFilter
    /// Rank by raw similarity, without the language rule (README, "Language rule").
    public var ignoreLanguageFit: Bool
    /// The language of the explanations and of the report (`--lang`, the page's language); nil: the query's own.
    public var language: Language?
    /// Every missing competency of each match; by default the `MissingList.shownByDefault` most important (`--all`).
    public var allMissing: Bool

    public init(top: Int = 10, filter: PostingFilter = PostingFilter(), ignoreLanguageFit: Bool = false, language: Language? = nil,
                allMissing: Bool = false) {
        self.top = top
        self.filter = filter
        self.ignoreLanguageFit = ignoreLanguageFit
        self.language = language
        self.allMissing = allMissing
    }
}

/// The three questions a model answers, with their explanations: postings for a CV (`rank`), postings
/// like a posting (`similar`), and the report every renderer takes. One value per loaded model, shared by
/// every query on it (the posting profiles it caches are computed once, from any thread).
///
/// A query's path, one step per file: the text is analyzed once (`Pipeline.analyze`, `AnalyzedText`),
/// folded (`Matcher.fold` → `LSAModel.fold`), scored (`Matcher.top` → `CosineScorer`), re-ranked by the
/// language rule and explained (`MatchExplainer` → `Explainer`), gathered into a `ReportQuery`, then a
/// `Report` (`ReportData.swift`) that `ReportRenderer` turns into text.
public struct MatchService: Sendable {
    public let loaded: ModelProvider.Loaded
    let matcher: Matcher
    let postingProfiles: PostingProfileCache
    private let keys: FilterKeys

    public init(loaded: ModelProvider.Loaded) {
        self.loaded = loaded
        matcher = Matcher(model: loaded.model, featurizer: loaded.featurizer)
        postingProfiles = PostingProfileCache(loaded: loaded)
        keys = FilterKeys(store: loaded.model.postings)
    }

    /// The service of a model changed from `previous`'s by adds alone keeps the posting profiles
    /// `previous` detected (`PostingProfileCache.init(loaded:carrying:)`).
    public init(loaded: ModelProvider.Loaded, following previous: MatchService) {
        self.loaded = loaded
        matcher = Matcher(model: loaded.model, featurizer: loaded.featurizer)
        postingProfiles = PostingProfileCache(loaded: loaded, carrying: previous.postingProfiles)
        keys = FilterKeys(store: loaded.model.postings)
    }

    /// The keys `--where` can use on this model: id, title, lang and every metadata key some posting has
    /// (computed once per service).
    public var filterKeys: [String] { keys.value }

    /// `options` with its filter checked against the model's keys (French aliases resolved).
    /// - Throws: `PostingFilter.FilterError` for a key no posting has or a date that is not ISO.
    public func checked(_ options: QueryOptions) throws -> QueryOptions {
        guard !options.filter.isEmpty else { return options }
        var options = options
        options.filter = try options.filter.checked(against: filterKeys)
        return options
    }

    /// Postings for a CV, explained.
    /// - Parameter file: the file the CV came from, for the report (nil for a text sent by other means).
    /// - Throws: `EngineError.tooLittleText` when the CV has too few terms known to the model.
    public func rank(cv: Document, file: String?, options: QueryOptions) throws -> ReportQuery {
        try rank(document: cv, file: file, isCV: true, options: options)
    }

    /// Postings like a posting of the model (its own vector is the query; itself excluded).
    /// - Throws: `EngineError.unknownID` (with the nearest ids) when the model has no such posting.
    public func similar(postingID id: String, options: QueryOptions) throws -> ReportQuery {
        let options = try checked(options)
        let model = loaded.model
        guard let j = model.postingIndex(id: id) else { throw model.unknownPosting(id) }
        // With its text stored, the posting's terms explain the scores.
        let text = try model.postings.checkedText(at: j)
        try WorkCancellation.checkpoint()
        let analyzed = loaded.pipeline.analyze(text ?? "", isPosting: true)
        try WorkCancellation.checkpoint()
        // The posting's own term vector is the query: every row of the term index.
        let matcher = try self.matcher.readingWholeTermIndex()
        let query = text.flatMap { _ in try? matcher.fold(analyzed, name: id) }
        let candidates = try matcher.similar(toPostingID: id, top: fetchCount(options, isCV: false), filter: options.filter)
        let title = model.postings.title(at: j)
        let explainer = MatchExplainer(loaded: loaded, matcher: matcher, query: analyzed, queryIsCV: false, postingProfiles: postingProfiles,
                                       language: options.language)
        let matches = try explainer.ranked(candidates, top: options.top, ignoreLanguageFit: options.ignoreLanguageFit)
        return try explainer.reportQuery(id: id, label: title.isEmpty ? id : title,
                                     json: QueryJSON(file: nil, id: id, title: title, terms: nil, knownTerms: nil),
                                     matches: matches, query: query, allMissing: options.allMissing)
    }

    /// Postings like a posting that is not in the model (read from a file).
    public func similar(posting document: Document, file: String?, options: QueryOptions) throws -> ReportQuery {
        try rank(document: document, file: file, isCV: false, options: options)
    }

    /// The report of some queries' results, for `ReportRenderer`.
    public func report(command: String, queries: [ReportQuery]) throws -> Report {
        try Report.build(command: command, loaded: loaded, queries: queries)
    }

    private func rank(document: Document, file: String?, isCV: Bool, options: QueryOptions) throws -> ReportQuery {
        let options = try checked(options)
        let name = file ?? document.id
        try WorkCancellation.checkpoint()
        let analyzed = loaded.pipeline.analyze(document.text, isPosting: !isCV)
        try WorkCancellation.checkpoint()
        let query = try self.matcher.fold(analyzed, name: name)
        try WorkCancellation.checkpoint()
        // A model opened for this one query reads its terms' rows of the term index now.
        let matcher = try self.matcher.readingTermRows(for: query)
        let candidates = matcher.top(for: query, count: fetchCount(options, isCV: isCV), filter: options.filter)
        try WorkCancellation.checkpoint()
        let explainer = MatchExplainer(loaded: loaded, matcher: matcher, query: analyzed, queryIsCV: isCV, postingProfiles: postingProfiles,
                                       language: options.language)
        let matches = try explainer.ranked(candidates, top: options.top, ignoreLanguageFit: options.ignoreLanguageFit)
        let json = isCV
            ? QueryJSON(file: file, id: nil, title: nil, terms: query.coverage.total, knownTerms: query.coverage.total - query.coverage.unseen)
            : QueryJSON(file: file, id: document.id, title: document.title, terms: query.coverage.total,
                        knownTerms: query.coverage.total - query.coverage.unseen)
        return try explainer.reportQuery(id: document.id, label: document.title.isEmpty ? name : document.title, json: json,
                                     matches: matches, query: query, allMissing: options.allMissing)
    }

    /// Matches fetched before the language rule re-ranks them: enough that postings it pushes down are replaced.
    private func fetchCount(_ options: QueryOptions, isCV: Bool) -> Int {
        MatchExplainer.fetchCount(top: options.top, postingCount: loaded.model.postingCount, queryIsCV: isCV,
                                  ignoreLanguageFit: options.ignoreLanguageFit)
    }
}

/// The filter keys of a posting store, computed on first use (a service answers many queries).
final class FilterKeys: @unchecked Sendable {
    private let store: PostingStore
    private let lock = NSLock()
    private var keys: [String]?

    init(store: PostingStore) { self.store = store }

    var value: [String] {
        lock.lock(); defer { lock.unlock() }
        if let keys { return keys }
        let computed = PostingFilter.keys(of: store)
        keys = computed
        return computed
    }
}

/// Reading a query document (a CV, or a posting used as a query).
public enum QueryDocument {
    /// Exactly one document from a file: a folder or a file holding several documents is refused.
    /// - Parameter notice: the reader's warnings (an encoding guessed, a part skipped).
    public static func read(_ path: String, maxFileSize: Int = DocumentReader.defaultMaxFileSize, notice: Notice = { _ in }) throws -> Document {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw UserError("\(path) is a folder; give one file (`batch --candidates \(path)` ranks every file of a folder)",
                            french: "\(path) est un dossier ; donnez un fichier (`batch --candidates \(path)` classe chaque fichier d'un dossier)")
        }
        let result = try DocumentReader(maxFileSize: maxFileSize).read(file: path)
        for w in result.warnings { notice("warning: \(w)") }
        guard result.documents.count == 1 else {
            throw UserError("\(path): holds \(result.documents.count) documents; give a file with one",
                            french: "\(path) : contient \(result.documents.count) documents ; donnez un fichier qui n'en a qu'un")
        }
        return result.documents[0]
    }

    /// A query typed or pasted as text (`--text "…"`, a form field): one plain-text document named `name`.
    /// - Throws: `UserError` for a text with no letter or digit.
    public static func text(_ text: String, name: String = "text") throws -> Document {
        guard text.contains(where: { $0.isLetter || $0.isNumber }) else { throw UserError("--text: the text is empty", french: "--text : le texte est vide") }
        return Document(id: name, title: name, text: text)
    }

    /// A document piped in (`--cv -`): its format guessed from its first bytes (a .docx is a ZIP, HTML starts
    /// with a tag; a PDF is refused: it is read from a file only), else text (UTF-8, Windows-1252 detected).
    /// Errors name "standard input". `data` holds at most `maxFileSize + 1` bytes (more is refused).
    public static func read(standardInput data: Data, maxFileSize: Int = DocumentReader.defaultMaxFileSize, notice: Notice = { _ in }) throws -> Document {
        let name = "standard input"
        guard data.count <= maxFileSize else { throw UserError("\(name): larger than \(maxFileSize) bytes (--max-record-size)", french: "\(name) : plus de \(maxFileSize) octets (--max-record-size)") }
        let head = Array(data.prefix(512))
        if head.starts(with: Array("%PDF".utf8)) { throw UserError("\(name): a PDF is read from a file only: give its name to --cv", french: "\(name) : un PDF ne se lit que depuis un fichier : donnez son nom à --cv") }
        let trimmed = head.drop { $0 == 0xEF || $0 == 0xBB || $0 == 0xBF || $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        let ext = head.starts(with: [0x50, 0x4B, 0x03, 0x04]) ? "docx" : trimmed.first == UInt8(ascii: "<") ? "html" : "txt"
        let result: ReadResult
        do { result = try DocumentReader(maxFileSize: maxFileSize).read(data: data, path: "stdin.\(ext)") } catch let error as ReaderError {
            throw UserError(error.description.replacingOccurrences(of: "stdin.\(ext)", with: name),
                            french: error.frenchMessage?.replacingOccurrences(of: "stdin.\(ext)", with: name))
        }
        for w in result.warnings { notice("warning: \(w)".replacingOccurrences(of: "stdin.\(ext)", with: name)) }
        guard let document = result.documents.first else { throw UserError("\(name): no text", french: "\(name) : aucun texte") }
        return document
    }
}
