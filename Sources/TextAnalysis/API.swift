// PUBLIC API CONTRACT of TextAnalysis (the engine and Competencies code against these signatures).
// Implementations may add types and defaulted parameters; these names and shapes stay.

/// A language the analyzer knows.
public enum Language: String, Sendable, Codable, CaseIterable {
    case fr, en, other
}

/// A language guess with a confidence in [0, 1].
public struct LanguageGuess: Equatable, Sendable {
    public var language: Language
    public var confidence: Double
    public init(language: Language, confidence: Double) { self.language = language; self.confidence = confidence }
}

/// One term produced by analysis, with where it came from.
/// `start` and `end` are offsets in Unicode scalars (code points, as Python's str indices) into the
/// ORIGINAL text given to the analyzer (before any normalization), `end` exclusive. A phrase term spans
/// from its first word's start to its last word's end.
public struct Token: Equatable, Hashable, Sendable, Codable {
    public var term: String
    public var start: Int
    public var end: Int
    public init(term: String, start: Int, end: Int) { self.term = term; self.start = start; self.end = end }
}

/// Text → terms. Implementations are value types, thread-safe, deterministic.
public protocol Analyzer: Sendable {
    /// Stable name stored in model files, e.g. "fr-en-v1" or "plain-v1": a model built with one
    /// analyzer must be queried with the same one.
    var identifier: String { get }
    /// Terms with offsets, in text order (phrase terms right after their last word).
    func analyze(_ text: String) -> [Token]
    /// Terms only (the hot path of indexing): same terms as `analyze(_:).map(\.term)`.
    func terms(_ text: String) -> [String]
}
