// PUBLIC API CONTRACT of Competencies (the engine's explanations code against these signatures).
import TextAnalysis

/// One competency of the taxonomy (`Data/competencies.tsv`).
public struct Competency: Equatable, Sendable {
    public var id: String
    public var labelFR: String
    public var labelEN: String
    public var definition: String
    public var family: String
    public var formsFR: [String]
    public var formsEN: [String]
    public init(id: String, labelFR: String, labelEN: String, definition: String, family: String, formsFR: [String], formsEN: [String]) {
        self.id = id; self.labelFR = labelFR; self.labelEN = labelEN; self.definition = definition
        self.family = family; self.formsFR = formsFR; self.formsEN = formsEN
    }
}

/// A quoted piece of a text: offsets in Unicode scalars into the original text (`end` exclusive) and
/// the sentence around the match, trimmed, as a human reads it.
public struct Evidence: Equatable, Sendable, Codable {
    public var start: Int
    public var end: Int
    public var quote: String
    /// Where the matched words lie in `quote` (Unicode scalar offsets, `quoteMatchEnd` exclusive), so
    /// every report can highlight them; nil when unknown.
    public var quoteMatchStart: Int?
    public var quoteMatchEnd: Int?
    public init(start: Int, end: Int, quote: String, quoteMatchStart: Int? = nil, quoteMatchEnd: Int? = nil) {
        self.start = start; self.end = end; self.quote = quote
        self.quoteMatchStart = quoteMatchStart; self.quoteMatchEnd = quoteMatchEnd
    }

    /// The quote cut in three: before the match, the match, after it (the whole quote first when unknown).
    public var quoteParts: (before: String, match: String, after: String) {
        let q = Array(quote.unicodeScalars)
        guard let a = quoteMatchStart, let b = quoteMatchEnd, 0 <= a, a <= b, b <= q.count else { return (quote, "", "") }
        func s(_ r: Range<Int>) -> String { var v = String.UnicodeScalarView(); v.append(contentsOf: q[r]); return String(v) }
        return (s(0..<a), s(a..<b), s(b..<q.count))
    }
}

/// A competency found in a text.
public struct CompetencyMatch: Equatable, Sendable {
    public var id: String
    /// Number of distinct matched spans.
    public var count: Int
    /// Weight in [0, 1]: how strongly the text shows it (grows with count, saturates).
    public var weight: Double
    /// Evidence, one per matched span, in text order (`CompetencyDetector.detect(_:as:)` on a posting:
    /// spans of requirement sections first, each group in text order).
    public var evidence: [Evidence]
    /// A posting's competency that is only welcome ("idéalement", "un atout", "is an asset", one of alternatives,
    /// a nice-to-have section: `Optionality`): every span of it is optional. Never a missing requirement.
    /// Always false for a CV (`detect(_:as: .cv)`) and for the plain detection.
    public var desirable: Bool
    public init(id: String, count: Int, weight: Double, evidence: [Evidence], desirable: Bool = false) {
        self.id = id; self.count = count; self.weight = weight; self.evidence = evidence; self.desirable = desirable
    }
}

/// CEFR-like proficiency, ordered.
public enum LanguageLevel: Int, Comparable, Sendable, CaseIterable {
    case notions = 1      // A1–A2, "notions", "basic"
    case intermediate = 2 // B1, "working knowledge", "intermédiaire"
    case good = 3         // B2, "bonne maîtrise", "good"
    case excellent = 4    // C1–C2, "excellente maîtrise", "fluent", "bilingue"
    case native = 5       // "langue maternelle", "native"
    public static func < (a: LanguageLevel, b: LanguageLevel) -> Bool { a.rawValue < b.rawValue }
    public var name: String {
        switch self {
        case .notions: return "notions"
        case .intermediate: return "intermediate"
        case .good: return "good"
        case .excellent: return "excellent"
        case .native: return "native"
        }
    }
}

/// A language requirement (posting) or a declared language (CV).
public struct LanguageStatement: Equatable, Sendable {
    /// ISO 639-1 code: "fr", "en", or another.
    public var language: String
    public var level: LanguageLevel
    public var evidence: Evidence
    /// True when the text says the language is welcome but not required ("serait apprécié", "un atout",
    /// "is an asset", "nice to have", "preferred"). A posting's desirable language is never an unmet
    /// requirement; in a CV the flag means nothing (a declared level is a declared level).
    public var desirable: Bool
    /// False when the text names the language as welcome without any level ("Anglais : un atout", "French is an asset"):
    /// `level` is then the level a posting is taken to ask (`LanguageStatementDetector.unstatedLevel`), shown as
    /// "unspecified", and the statement is always `desirable`.
    public var levelStated: Bool
    public init(language: String, level: LanguageLevel, evidence: Evidence, desirable: Bool = false, levelStated: Bool = true) {
        self.language = language; self.level = level; self.evidence = evidence; self.desirable = desirable
        self.levelStated = levelStated
    }
}

/// Fit of a CV to one required language.
public enum LanguageFit: String, Sendable, Codable {
    case met, partly, unmet
}

/// Everything the detector finds in one text.
public struct CompetencyProfile: Equatable, Sendable {
    /// Sorted by weight descending, then id.
    public var competencies: [CompetencyMatch]
    public var languages: [LanguageStatement]
    public init(competencies: [CompetencyMatch], languages: [LanguageStatement]) {
        self.competencies = competencies; self.languages = languages
    }
}
