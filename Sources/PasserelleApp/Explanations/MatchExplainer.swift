import Foundation
import Synchronization
import TextAnalysis
import Competencies
import Passerelle
import PasserelleCore

/// JSON shapes of explanations (stable names, documented in the README).
public struct EvidenceJSON: Encodable {
    public var start: Int
    public var end: Int
    public var quote: String
    /// The matched words within `quote` (Unicode scalar offsets, end exclusive), for highlighting.
    public var matchStart: Int?
    public var matchEnd: Int?
    enum CodingKeys: String, CodingKey { case start, end, quote, matchStart = "match_start", matchEnd = "match_end" }
    public init(_ e: Evidence) { start = e.start; end = e.end; quote = e.quote; matchStart = e.quoteMatchStart; matchEnd = e.quoteMatchEnd }
}

public struct SharedJSON: Encodable {
    public var id: String
    public var label: String
    /// The CV's evidence (`rank`, `batch`); `query_evidence` in `similar`, where the query is a posting.
    public var cvEvidence: EvidenceJSON?
    public var queryEvidence: EvidenceJSON?
    public var postingEvidence: EvidenceJSON
    enum CodingKeys: String, CodingKey {
        case id, label
        case cvEvidence = "cv_evidence", queryEvidence = "query_evidence", postingEvidence = "posting_evidence"
    }
}

public struct MissingJSON: Encodable {
    public var id: String
    public var label: String
    public var postingEvidence: EvidenceJSON
    enum CodingKeys: String, CodingKey { case id, label, postingEvidence = "posting_evidence" }
}

public struct CompetenciesJSON: Encodable {
    public var shared: [SharedJSON]
    /// Required by the posting, not shown by the query: the most important first, at most `MissingList.shownByDefault`
    /// unless `--all` (the others counted in `missing_not_shown`).
    public var missing: [MissingJSON]
    /// Missing competencies left out of `missing` (absent when none are).
    public var missingNotShown: Int? = nil
    /// Welcome but not required by the posting (options, nice-to-haves), not shown by the query: never missing.
    public var desirable: [MissingJSON]? = nil
    enum CodingKeys: String, CodingKey { case shared, missing, missingNotShown = "missing_not_shown", desirable }
}

public struct LanguageFitJSON: Encodable {
    public var language: String
    public var required: String
    public var declared: String?
    public var fit: String
    /// Quote of the requirement; absent when inferred from the posting's own language.
    /// "required", or "desirable" when the posting only welcomes the language (never an unmet requirement).
    public var requirement: String
    public var requiredEvidence: EvidenceJSON?
    /// Quote of the declaration; absent when inferred from the query's own language or not declared.
    public var declaredEvidence: EvidenceJSON?
    enum CodingKeys: String, CodingKey {
        case language, required, declared, fit, requirement
        case requiredEvidence = "required_evidence", declaredEvidence = "declared_evidence"
    }
}

/// Explains matches for one query: profiles each posting once, maps stems back to words as written.
struct MatchExplainer {
    let loaded: ModelProvider.Loaded
    let matcher: Matcher
    let explainer: Explainer
    let queryProfile: TextProfile
    /// Feature → how it reads in the query (first occurrence), for display.
    let surface: [String: String]
    /// True when the query is a CV (evidence field `cv_evidence`), false for a posting (`query_evidence`).
    let queryIsCV: Bool
    /// Profiles of postings already seen (shared across the queries of a batch), or nil to profile each time.
    let postingProfiles: PostingProfileCache?
    /// The query's rows of the basis, gathered at the first explanation (`Matcher.basisRows(of:)`).
    let basisRows = BasisRowsCache()

    /// - Parameter query: the query analyzed once, with its profile (`Pipeline.analyze`).
    /// - Parameter language: labels and report in this language rather than the query's (`QueryOptions.language`).
    init(loaded: ModelProvider.Loaded, matcher: Matcher, query: AnalyzedText, queryIsCV: Bool, postingProfiles: PostingProfileCache? = nil,
         language: Language? = nil) {
        self.loaded = loaded
        self.matcher = matcher
        self.queryIsCV = queryIsCV
        self.postingProfiles = postingProfiles
        explainer = Explainer(taxonomy: loaded.pipeline.detector?.taxonomy)
        var profile = query.profile ?? TextProfile(text: query.text, detector: loaded.pipeline.detector, isPosting: !queryIsCV)
        if let language { profile.displayLanguage = language }
        queryProfile = profile
        var surface = query.surfaceForms()
        if let taxonomy = loaded.pipeline.detector?.taxonomy {
            for c in taxonomy.competencies {
                surface[EngineSetup.conceptPrefix + c.id] = "[" + taxonomy.label(id: c.id, language: queryProfile.displayLanguage) + "]"
            }
        }
        self.surface = surface
    }

    func explain(_ match: Match, query: FoldedQuery?) throws -> Explanation { try explainWithProfile(match, query: query).explanation }

    /// The matches re-ranked by the language rule (`LanguageFitRanking`), the first `top` kept; with
    /// `ignoreLanguageFit`, the matcher's order as it is. `matches` should hold
    /// `MatchExplainer.fetchCount(top:postingCount:queryIsCV:ignoreLanguageFit:)` matches so that postings
    /// pushed down are replaced. The rule lowers a CV's matches only: when the query is a posting
    /// (`similar`), its language requirements are not a person's levels — an English posting's French
    /// twin is a similar role — so the matcher's order stands and the explanation compares the two
    /// postings' requirements (`LanguageFitResult`, worded by `ReportWords.languageComparison`).
    func ranked(_ matches: [Match], top: Int, ignoreLanguageFit: Bool) throws -> [LanguageFitRanking.Ranked] {
        if ignoreLanguageFit || !queryIsCV { return LanguageFitRanking.unchanged(matches, top: top) }
        return try LanguageFitRanking.rerank(matches, top: top) { try explainWithProfile($0, query: nil).explanation.languages }
    }

    /// How many matches to fetch for `ranked`: the language rule's window for a CV, `top` otherwise.
    static func fetchCount(top: Int, postingCount: Int, queryIsCV: Bool, ignoreLanguageFit: Bool) -> Int {
        ignoreLanguageFit || !queryIsCV ? top : LanguageFitRanking.window(top: top, postingCount: postingCount)
    }

    /// The explanation and the posting's own profile (the reports' heat map shows every competency of it).
    func explainWithProfile(_ match: Match, query: FoldedQuery?) throws -> (explanation: Explanation, posting: TextProfile) {
        try WorkCancellation.checkpoint()   // one match's explanation is a block of work
        let postingProfile = try postingProfiles?.profile(match.index) ?? PostingProfileCache.matchProfile(loaded, match.index)
        let terms = query.map { matcher.contributions(of: $0, postingIndex: match.index, rows: basisRows.rows(of: $0, matcher: matcher)) } ?? []
        return (explainer.explain(query: queryProfile, posting: postingProfile, terms: terms), postingProfile)
    }

    func json(_ match: Match, _ e: Explanation) -> MatchJSON {
        MatchJSON(
            rank: match.rank, id: match.id, title: match.title,
            metadata: { let m = loaded.model.postings.record(at: match.index).metadata; return m.isEmpty ? nil : m }(),
            score: rounded(match.score),
            terms: e.terms.map { TermJSON(term: $0.term, asWritten: surface[$0.term], contribution: rounded($0.contribution)) },
            competencies: CompetenciesJSON(
                shared: e.shared.map {
                    SharedJSON(id: $0.id, label: $0.label, cvEvidence: queryIsCV ? EvidenceJSON($0.queryEvidence) : nil,
                               queryEvidence: queryIsCV ? nil : EvidenceJSON($0.queryEvidence), postingEvidence: EvidenceJSON($0.postingEvidence))
                },
                missing: e.missing.map { MissingJSON(id: $0.id, label: $0.label, postingEvidence: EvidenceJSON($0.postingEvidence)) },
                desirable: e.desirable.isEmpty ? nil : e.desirable.map { MissingJSON(id: $0.id, label: $0.label, postingEvidence: EvidenceJSON($0.postingEvidence)) }),
            languages: e.languages.map {
                LanguageFitJSON(language: $0.language, required: $0.required.name, declared: $0.declared?.name, fit: $0.fit.rawValue,
                                requirement: $0.desirable ? "desirable" : "required", requiredEvidence: $0.requiredEvidence.map(EvidenceJSON.init), declaredEvidence: $0.declaredEvidence.map(EvidenceJSON.init))
            })
    }
}

/// The basis rows of the one query a `MatchExplainer` explains (its folded query is the same at each call).
final class BasisRowsCache: Sendable {
    private let rows = Mutex<(query: [Int32], rows: QueryBasisRows)?>(nil)

    func rows(of query: FoldedQuery, matcher: Matcher) -> QueryBasisRows {
        if let cached = rows.withLock({ $0 }), cached.query == query.tfidf.indices { return cached.rows }
        let made = matcher.basisRows(of: query)
        rows.withLock { $0 = (query.tfidf.indices, made) }
        return made
    }
}

/// Competency profiles of a model's postings, computed once each while they are in use (a batch meets
/// the same postings again and again, a server answers many queries from one model). Safe to share
/// between threads.
///
/// **Bounded.** At most `capacity` profiles are kept, in two generations: new profiles go to the
/// current one; when it holds `capacity / 2`, it becomes the previous one and the older is dropped; a
/// profile found in the previous generation moves back to the current one. So the postings in use stay
/// (a least-recently-used policy, approximately) and memory does not grow with the postings ever shown —
/// a server kept a profile for every posting any answer had shown (~2.5 KB each; bounded for a server
/// that runs for months, not for a 10-minute soak, whose growth was mostly elsewhere: docs/MEMORY.md).
public final class PostingProfileCache: Sendable {
    let loaded: ModelProvider.Loaded
    /// Profiles kept at most (two generations of `capacity / 2`).
    public let capacity: Int
    private let generations: Mutex<Generations<TextProfile>>

    /// The default `capacity`: the postings of a few hundred answers; ~10 MB at the ~2.5 KB a profile took
    /// in a served 20,000-posting model (one-posting adds each followed by a rank that showed it: 16.5 KB
    /// per add, 14.0 without the ranks).
    public static let defaultCapacity = 4096

    public init(loaded: ModelProvider.Loaded, capacity: Int = PostingProfileCache.defaultCapacity) {
        precondition(capacity >= 2, "PostingProfileCache: a capacity of at least 2")
        self.loaded = loaded
        self.capacity = capacity
        generations = Mutex(Generations())
    }

    /// A cache for `loaded` that starts with `previous`'s profiles when `loaded`'s model only added
    /// postings to `previous`'s (its base segment the same storage, `LSAModel.delta` grown: every
    /// posting `previous` held is at the same position with the same text), empty otherwise: a server's
    /// add does not make the next ranks detect their postings' profiles again.
    /// - Complexity: O(1) (the generations are copied on write).
    public convenience init(loaded: ModelProvider.Loaded, carrying previous: PostingProfileCache) {
        self.init(loaded: loaded, capacity: previous.capacity)
        let old = previous.loaded.model, new = loaded.model
        let sameBase = old.basePostingVectors.values.withUnsafeBufferPointer { a in
            new.basePostingVectors.values.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress && a.count == b.count }
        }
        guard sameBase, new.delta.count >= old.delta.count, old.postingCount == 0
                || new.postings.ids[old.postingCount - 1] == old.postings.ids[old.postingCount - 1] else { return }
        let carried = previous.generations.withLock { $0 }
        generations.withLock { $0 = carried }
    }

    /// Profiles held now (for tests).
    var cachedCount: Int { generations.withLock { $0.current.count + $0.previous.count } }

    /// The profile of posting `index` (model column), detected on first use (or once dropped).
    /// - Throws: `ModelFileError.checksumMismatch` when the posting's stored text is damaged.
    /// - Complexity: O(1) expected when held; a detection (or a stored profile's decoding) otherwise.
    func profile(_ index: Int) throws -> TextProfile {
        let half = capacity / 2
        if let p = generations.withLock({ $0.find(index, half: half) }) { return p }
        // Detected outside the lock: two threads may detect the same posting once each (same result).
        let p = try Self.matchProfile(loaded, index)
        generations.withLock { $0.insert(p, at: index, half: half) }
        return p
    }

    /// Posting `index`'s match-side profile (the query side's fields are never read of a matched posting:
    /// `TextProfile.Sides`): the one the model file stores when its fingerprint is the running detector's
    /// (`StoredProfiles`: decoded, no detection), else detected from the text.
    /// - Throws: `ModelFileError.checksumMismatch` when the posting's stored text is damaged,
    ///   `ModelFileError.malformed` naming the model file when its stored profile cannot be decoded.
    static func matchProfile(_ loaded: ModelProvider.Loaded, _ index: Int) throws -> TextProfile {
        let text = try loaded.model.postings.checkedText(at: index) ?? ""
        if loaded.pipeline.usesStoredProfiles(of: loaded.model), let bytes = loaded.model.postings.storedProfile(at: index) {
            guard let profile = StoredProfiles.decode(bytes, text: text) else {
                throw ModelFileError.malformed(path: loaded.path,
                                               what: "section PPRF: the stored profile of posting \(loaded.model.postings.ids[index]) cannot be read")
            }
            return profile
        }
        return TextProfile(text: text, detector: loaded.pipeline.detector, isPosting: true, sides: .match)
    }
}

/// The two generations of `PostingProfileCache`: `current` never holds more than `half` values after
/// an insert, `previous` at most `half`; a key is in one of them at most.
struct Generations<Value: Sendable>: Sendable {
    var current: [Int: Value] = [:]
    var previous: [Int: Value] = [:]

    /// The value of `index` when held; one found in `previous` moves to `current`.
    mutating func find(_ index: Int, half: Int) -> Value? {
        if let p = current[index] { return p }
        guard let p = previous.removeValue(forKey: index) else { return nil }
        insert(p, at: index, half: half)
        return p
    }

    /// Holds `profile` in `current`, which becomes `previous` (the older dropped) once it holds `half`.
    mutating func insert(_ profile: Value, at index: Int, half: Int) {
        previous.removeValue(forKey: index)
        current[index] = profile
        if current.count >= half {
            previous = current
            current = [:]
        }
    }
}

/// Batch explanations: the same JSON as `rank` gives each match (`competencies`, `languages`, `terms`),
/// with the terms cut to the `termLimit` largest contributions to keep rows short.
public final class CompetencyBatchExplainer: BatchExplainer {
    public let loaded: ModelProvider.Loaded
    public let matcher: Matcher
    public let cache: PostingProfileCache
    public let termLimit: Int
    private var current: (id: String, explainer: MatchExplainer)?

    public init(loaded: ModelProvider.Loaded, termLimit: Int = 10) {
        self.loaded = loaded
        self.matcher = Matcher(model: loaded.model, featurizer: loaded.featurizer)
        self.cache = PostingProfileCache(loaded: loaded)
        self.termLimit = termLimit
    }

    public struct ExplanationJSON: Encodable {
        var competencies: CompetenciesJSON?
        var languages: [LanguageFitJSON]?
        /// strong / possible / weak for the batch score (raw cosine: batch does not apply the language rule).
        var fit: String?
        /// Too little evidence in the candidate (`EvidenceCheck`).
        var warning: String?
        var terms: [TermJSON]?
    }

    public func explanation(candidate: Document, folded: FoldedQuery, postingIndex: Int, score: Float) throws -> String? {
        if current?.id != candidate.id {
            current = (candidate.id, MatchExplainer(loaded: loaded, matcher: matcher, query: loaded.pipeline.analyze(candidate.text, features: false),
                                                    queryIsCV: true, postingProfiles: cache))
        }
        let explainer = current!.explainer
        let match = Match(rank: 0, index: postingIndex, id: loaded.model.postings.ids[postingIndex], title: "", score: score)
        var e = try explainer.explain(match, query: folded)
        e.terms = Array(e.terms.prefix(termLimit))
        let full = explainer.json(match, e)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let hasTaxonomy = loaded.pipeline.detector != nil
        let warning = EvidenceCheck.warning(knownTerms: folded.coverage.total - folded.coverage.unseen,
                                            competencies: hasTaxonomy ? explainer.queryProfile.competencies.competencies.count : nil)
        let fit = FitLabel.label(score: score, shared: hasTaxonomy ? e.shared.count : nil, lowEvidence: warning != nil,
                                 requirements: hasTaxonomy ? e.requirements : nil)
        guard let data = try? encoder.encode(ExplanationJSON(competencies: full.competencies, languages: full.languages, fit: fit.rawValue,
                                                             warning: warning, terms: full.terms)) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
