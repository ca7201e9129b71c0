import Foundation
import TextAnalysis

/// The rule for the unknown words of a short query (a job title, a few words): each is replaced by the
/// vocabulary terms nearest to it by character n-grams within words (`TermNeighbours`), in the one fold
/// (`LSAModel.fold` → `TFIDFVectorizer.transform`), so `rank`, `similar --text`, `batch`, `eval` and
/// `serve` see the same vector. Postings folded in by `add` are never expanded.
///
/// Why: a title of one to five words that loses one word to the vocabulary loses a third of its
/// evidence, and one whose only words are unknown (a French title against English labels) is refused.
/// Character n-grams are the best lexical system on short job titles (issue 29's published table); the
/// neighbours give the word-level score their reach on the words it misses ("accompagnatrice" →
/// "accompagnateur" when the stemmer does not fold it, "médicosocial" → "social", "technicien" →
/// "technician"). Long texts (CVs) are not expanded: their unknown words are mostly names and typos,
/// and they have evidence enough. The known words of a short query also add their nearest other terms at
/// a fraction of the weight (`defaultKnownNeighbours`, issue 29c).
public enum ShortQueryExpansion {
    /// Neighbours per unknown word in new models (`BuildSettings.shortQueryNeighbours`), chosen on the
    /// tune half of the title-linking dev tasks (docs/HYBRID.md).
    public static let defaultNeighbours = 3
    /// Least n-gram cosine of a neighbour, chosen with `defaultNeighbours`.
    public static let minimumSimilarity = 0.4
    /// Neighbours each known single word of a short query adds, in new models
    /// (`BuildSettings.shortQueryKnownNeighbours`). Why: a title's words are often known but in another
    /// form than the one the relevant texts use (a plural, a stem the analyzer left apart: "animateur" /
    /// "animateurs"); the neighbours give them part of the character n-grams' reach at a fraction of
    /// the weight. Chosen on the tune half of the title tasks (docs/HYBRID.md): T1 MRR 0.508 → 0.518
    /// (paired bootstrap +0.0097 [+0.0063, +0.0129]), T2fr +0.0014, T2en unchanged, H1–H3 unchanged
    /// (long texts are never expanded).
    public static let defaultKnownNeighbours = 2
    /// Weight of a known word's neighbour: this fraction × n-gram cosine × the neighbour's own tf · idf.
    public static let knownWordWeight: Float = 0.3
    /// Least n-gram cosine of a known word's neighbour (stricter than `minimumSimilarity`: the word itself
    /// is already there).
    public static let minimumKnownSimilarity = 0.5

    /// A text is short when it has at most this many distinct terms (concepts not counted).
    public static let maximumDistinctTerms = 12

    /// Whether a text with these analyzer features is short enough to be expanded.
    public static func isShort(_ features: [String], conceptPrefix: String) -> Bool {
        var distinct = Set<String>()
        for f in features where !f.hasPrefix(conceptPrefix) {
            distinct.insert(f)
            if distinct.count > maximumDistinctTerms { return false }
        }
        return true
    }

    /// Whether a feature is a single word that may be expanded or be a neighbour: not a concept, not a
    /// phrase or compound term (joined by "_" or a space).
    public static func isExpandable(_ feature: String, conceptPrefix: String) -> Bool {
        !feature.isEmpty && !feature.hasPrefix(conceptPrefix) && !feature.contains("_") && !feature.contains(" ")
    }
}

/// A value built once, on first use, by whichever thread asks first; the others wait for it.
final class LazyValue<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?

    func get(_ make: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        if let value { return value }
        let v = make()
        value = v
        return v
    }
}
