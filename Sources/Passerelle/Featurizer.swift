import Foundation
import TextAnalysis

/// Text → the features the vector space is built on: the analyzer's terms, plus optional
/// language-neutral concept features (competencies) that let an English CV meet a French posting.
public struct Featurizer: Sendable {
    public let analyzer: any Analyzer
    /// Identifier of the concept extractor (stored in the model), nil when there is none.
    public let conceptsIdentifier: String?
    private let concepts: (@Sendable (String) -> [String])?
    private let translations: (@Sendable (String) -> [String])?
    /// Translations of the first line of a text longer than that line, when they differ from `translations`
    /// (nil: `translations`). Issue 29f: a title on its own gets every translation of its words, while the
    /// first line of a CV or posting keeps the two best (all of them cost English → French texts, H3).
    private let firstLineTranslations: (@Sendable (String) -> [String])?
    /// Extra times the terms (and translated terms) of a text's first line are counted: postings and
    /// ROME fiches open with the job's title, which names the role better than any later line.
    public let firstLineRepeat: Int
    /// A first line longer than this is a paragraph, not a title: it gets no extra weight.
    public static let firstLineLimit = 160

    /// - Parameters:
    ///   - concepts: text → concept feature names, one per occurrence; names must not collide with
    ///     analyzer terms (the engine prefixes them with `§`).
    ///   - translations: text → analyzer terms of another language that translate parts of it (e.g. the
    ///     French terms of its English paragraphs), added to the text's own terms.
    public init(analyzer: any Analyzer, conceptsIdentifier: String? = nil, concepts: (@Sendable (String) -> [String])? = nil,
                translations: (@Sendable (String) -> [String])? = nil,
                firstLineTranslations: (@Sendable (String) -> [String])? = nil, firstLineRepeat: Int = 0) {
        self.analyzer = analyzer
        self.firstLineRepeat = max(0, firstLineRepeat)
        self.conceptsIdentifier = concepts == nil ? nil : conceptsIdentifier
        self.concepts = concepts
        self.translations = translations
        self.firstLineTranslations = translations == nil ? nil : firstLineTranslations
    }

    /// All features of a text: analyzer terms, then translated terms, then concepts, then the first line's
    /// terms and translated terms `firstLineRepeat` more times (a title counts more; concepts do not).
    public func features(of text: String) -> [String] { features(terms: analyzer.terms(text), of: text) }

    /// The same features from the analyzer's terms of `text` already computed (`AnalyzedText` analyzes
    /// a text once and reads the terms and their offsets from the same tokens).
    /// - Precondition: `terms == analyzer.terms(text)`.
    public func features(terms: [String], of text: String) -> [String] { features(terms: terms, concepts: nil, of: text) }

    /// The same, with the concept features already computed (`concepts`, when the featurizer has any:
    /// what its concept extractor gives for `text`), so a text is not detected twice.
    public func features(terms: [String], concepts known: [String]?, of text: String) -> [String] {
        countedFeatures(terms: terms, concepts: known, of: text).features
    }

    /// The features of a text (`features(of:)`) and how many of them are the text's own: the first `own`
    /// are its terms, translated terms and concepts, the rest the first line's `firstLineRepeat` extra
    /// copies. The copies weigh the title in the vector but are no more evidence than the title itself:
    /// the evidence a query carries (`TermCoverage`, `EvidenceCheck`) counts the first `own` only, so the
    /// title's weight can be chosen on ranking quality alone (issue 29d).
    public func countedFeatures(of text: String) -> (features: [String], own: Int) {
        countedFeatures(terms: analyzer.terms(text), concepts: nil, of: text)
    }

    /// The same from the analyzer's terms (and the concept features, when known) already computed.
    /// - Precondition: `terms == analyzer.terms(text)`.
    public func countedFeatures(terms: [String], concepts known: [String]?, of text: String) -> (features: [String], own: Int) {
        var f = terms
        if let translations { f.append(contentsOf: translations(text)) }
        if let concepts { f.append(contentsOf: known ?? concepts(text)) }
        let own = f.count
        if firstLineRepeat > 0, let line = Self.firstLine(of: text) {
            var title = analyzer.terms(line)
            if let translate = firstLineTranslations.flatMap({ EngineSetup.isTitle(text) ? nil : $0 }) ?? translations {
                title.append(contentsOf: translate(line))
            }
            for _ in 0 ..< firstLineRepeat { f.append(contentsOf: title) }
        }
        return (f, own)
    }

    /// The first non-blank line of a text when it is short enough to be a title, else nil.
    ///
    /// Lines end at the newline characters (`Character.isNewline`: LF, CR, CR LF, VT, FF, NEL, U+2028,
    /// U+2029; control characters always end a grapheme, so cutting at those scalars is cutting at those
    /// characters), and are trimmed of `CharacterSet.whitespaces`. Walks the scalars of the first
    /// non-blank line only: splitting a whole posting into lines and trimming through Foundation cost a
    /// fifth of `index` on one-line texts.
    public static func firstLine(of text: String) -> String? {
        let scalars = text.unicodeScalars
        let whitespace = CharacterSet.whitespaces
        var i = scalars.startIndex
        while i < scalars.endIndex {
            // Skip blank space and line ends up to the line's first visible scalar.
            let s = scalars[i]
            if isLineEnd(s) || whitespace.contains(s) { i = scalars.index(after: i); continue }
            var end = i
            var lastVisible = i
            while end < scalars.endIndex, !isLineEnd(scalars[end]) {
                if !whitespace.contains(scalars[end]) { lastVisible = end }
                end = scalars.index(after: end)
            }
            let line = String(scalars[i ... lastVisible])
            if line.utf8.count <= firstLineLimit { return line }
            var characters = 0
            for _ in line {
                characters += 1
                if characters > firstLineLimit { return nil }
            }
            return line
        }
        return nil
    }

    @inline(__always)
    private static func isLineEnd(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// True when a feature is a concept feature rather than an analyzer term.
    public static func isConcept(_ feature: String) -> Bool { feature.hasPrefix(EngineSetup.conceptPrefix) }
}
