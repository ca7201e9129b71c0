import Foundation

/// An English ↔ French term lexicon over ANALYZED terms (stems, accent-folded), read from a word
/// lexicon such as `Data/lexicon/esco-en-fr.tsv` (derived from ESCO skill labels; see its README).
///
/// Why analyzed terms: the engine's vocabulary is made of analyzer terms, so a translation is only
/// useful if it lands on the term the French analyzer produces for the same word. Each side of each
/// pair is analyzed with the analyzer forced to its language (English words with `.en`, French words
/// with `.fr`, no phrases), so surface variants merge ("workshop", "workshops" → "workshop";
/// "atelier", "ateliers" → "atelier"). A merged pair keeps the best score of its surface pairs.
/// Pairs whose side analyzes to nothing (a stop word, a one-letter word) are dropped; pairs whose
/// two sides analyze to the same string ("budget") are kept: they cost nothing and are correct.
///
/// File format: UTF-8 text; blank lines and lines starting with `#` are ignored; every other line is
/// `english<TAB>french<TAB>score` with a finite score ≥ 0 (higher = more reliable).
public struct BilingualLexicon: Sendable {
    /// English term → French terms with their scores, best first (ties by term).
    private let toFrench: [String: [(term: String, score: Float)]]
    /// French term → English terms with their scores, best first (ties by term).
    private let toEnglish: [String: [(term: String, score: Float)]]
    /// Number of distinct (English term, French term) pairs after analysis.
    public let count: Int
    /// The words of the lexicon's lines as written (lower-cased, accents kept), each side apart: what
    /// `WordLanguageVote` tells a short text's language by.
    public let surfaceWords: (english: Set<String>, french: Set<String>)

    /// Parses lexicon text. `source` names the text in errors (a file path, usually).
    /// The analyzer's settings other than language and phrases are kept.
    public init(parsing text: String, source: String, analyzer: FrenchEnglishAnalyzer) throws {
        var best = [String: [String: Float]]()
        var words = (english: Set<String>(), french: Set<String>())
        try Self.accumulate(parsing: text, source: source, analyzer: analyzer, into: &best, words: &words)
        self.init(best: best, words: words)
    }

    /// This lexicon with the pairs of `text` added (a pair in both keeps its best score): the same lexicon as
    /// parsing the two texts joined, without analysing this one's words again (the engine's title lexicon is the
    /// skill lexicon plus a dictionary; issue 28e's profile found the lexicon parsed twice at every model load).
    /// Errors name `source` and the line in `text`.
    /// - Complexity: O(pairs of this lexicon + lines of `text` × words per line).
    public func adding(parsing text: String, source: String, analyzer: FrenchEnglishAnalyzer) throws -> BilingualLexicon {
        var best = toFrench.mapValues { row in Dictionary(uniqueKeysWithValues: row.map { ($0.term, $0.score) }) }
        var words = surfaceWords
        try Self.accumulate(parsing: text, source: source, analyzer: analyzer, into: &best, words: &words)
        return BilingualLexicon(best: best, words: words)
    }

    private init(best: [String: [String: Float]], words: (english: Set<String>, french: Set<String>)) {
        surfaceWords = words
        var reverse = [String: [String: Float]]()
        var n = 0
        for (e, row) in best {
            for (f, s) in row {
                reverse[f, default: [:]][e] = s
                n += 1
            }
        }
        toFrench = BilingualLexicon.ranked(best)
        toEnglish = BilingualLexicon.ranked(reverse)
        count = n
    }

    /// Adds the pairs of `text` to `best` (English term → French term → best score). A word's analysed terms are
    /// computed once per parse (dictionaries repeat their headwords line after line).
    /// - Throws: `BilingualLexiconError` naming `source` and the line; `.empty` when `text` holds no pair.
    private static func accumulate(parsing text: String, source: String, analyzer: FrenchEnglishAnalyzer,
                                   into best: inout [String: [String: Float]],
                                   words: inout (english: Set<String>, french: Set<String>)) throws {
        var english = analyzer
        english.language = .en
        english.phrases = false
        var french = analyzer
        french.language = .fr
        french.phrases = false

        var englishTerms = [String: [String]](), frenchTerms = [String: [String]]()
        var lineNumber = 0
        var sawPair = false
        // "\r\n" is one Character in Swift: split on any newline Character so CRLF files work.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline }) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3 else {
                throw BilingualLexiconError.malformedLine(source: source, line: lineNumber,
                    reason: "expected 3 tab-separated fields (english, french, score), found \(fields.count)")
            }
            let en = fields[0].trimmingHorizontalSpace()
            let fr = fields[1].trimmingHorizontalSpace()
            guard !en.isEmpty, !fr.isEmpty else {
                throw BilingualLexiconError.malformedLine(source: source, line: lineNumber, reason: "empty word")
            }
            guard let score = Float(fields[2].trimmingHorizontalSpace()), score.isFinite, score >= 0 else {
                throw BilingualLexiconError.malformedLine(source: source, line: lineNumber,
                    reason: "score '\(fields[2])' is not a finite number ≥ 0")
            }
            sawPair = true
            words.english.insert(en.lowercased())
            words.french.insert(fr.lowercased())
            let enTerms = englishTerms[en] ?? english.terms(en)
            let frTerms = frenchTerms[fr] ?? french.terms(fr)
            englishTerms[en] = enTerms
            frenchTerms[fr] = frTerms
            for e in enTerms {
                for f in frTerms {
                    let known = best[e]?[f] ?? 0
                    best[e, default: [:]][f] = max(known, score)
                }
            }
        }
        guard sawPair else { throw BilingualLexiconError.empty(source: source) }
    }

    /// Reads and parses a lexicon file; errors name the file (and line).
    public static func load(path: String, analyzer: FrenchEnglishAnalyzer) throws -> BilingualLexicon {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw BilingualLexiconError.unreadable(path: path, reason: error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw BilingualLexiconError.unreadable(path: path, reason: "not valid UTF-8")
        }
        return try BilingualLexicon(parsing: text, source: path, analyzer: analyzer)
    }

    /// French analyzed terms for an English analyzed term (as produced by the analyzer with language
    /// `.en`), best first; empty when unknown.
    public func frenchTerms(forEnglishTerm term: String) -> [String] {
        toFrench[term]?.map(\.term) ?? []
    }

    /// English analyzed terms for a French analyzed term (language `.fr`), best first.
    public func englishTerms(forFrenchTerm term: String) -> [String] {
        toEnglish[term]?.map(\.term) ?? []
    }

    /// French terms with scores for an English term, best first (score = best surface-pair score).
    public func scoredFrenchTerms(forEnglishTerm term: String) -> [(term: String, score: Float)] {
        toFrench[term] ?? []
    }

    /// Whether two lexicons hold the same pairs with the same scores, ranked alike (tests of `adding`).
    /// - Complexity: O(pairs).
    func hasSameEntries(as other: BilingualLexicon) -> Bool {
        func same(_ a: [String: [(term: String, score: Float)]], _ b: [String: [(term: String, score: Float)]]) -> Bool {
            a.count == b.count && a.allSatisfy { key, row in
                guard let r = b[key], r.count == row.count else { return false }
                return zip(row, r).allSatisfy { $0.term == $1.term && $0.score == $1.score }
            }
        }
        return count == other.count && same(toFrench, other.toFrench) && same(toEnglish, other.toEnglish)
            && surfaceWords.english == other.surfaceWords.english && surfaceWords.french == other.surfaceWords.french
    }

    private static func ranked(_ m: [String: [String: Float]]) -> [String: [(term: String, score: Float)]] {
        m.mapValues { row in
            row.map { (term: $0.key, score: $0.value) }
                .sorted { $0.score != $1.score ? $0.score > $1.score : $0.term < $1.term }
        }
    }
}

/// Errors reading a lexicon; the description names the file (and line).
public enum BilingualLexiconError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case unreadable(path: String, reason: String)
    case malformedLine(source: String, line: Int, reason: String)
    case empty(source: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot read lexicon: \(reason)"
        case let .malformedLine(source, line, reason): return "\(source):\(line): malformed lexicon line: \(reason)"
        case let .empty(source): return "\(source): lexicon has no pairs"
        }
    }

    public var errorDescription: String? { description }
}
