import TextAnalysis

/// Text → the features the vector space is built on: the analyzer's terms, plus optional
/// language-neutral concept features (competencies) that let an English CV meet a French posting.
public struct Featurizer: Sendable {
    public let analyzer: any Analyzer
    /// Identifier of the concept extractor (stored in the model), nil when there is none.
    public let conceptsIdentifier: String?
    private let concepts: (@Sendable (String) -> [String])?
    private let translations: (@Sendable (String) -> [String])?
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
                translations: (@Sendable (String) -> [String])? = nil, firstLineRepeat: Int = 0) {
        self.analyzer = analyzer
        self.firstLineRepeat = max(0, firstLineRepeat)
        self.conceptsIdentifier = concepts == nil ? nil : conceptsIdentifier
        self.concepts = concepts
        self.translations = translations
    }

    /// All features of a text: analyzer terms, then translated terms, then concepts, then the first line's
    /// terms and translated terms `firstLineRepeat` more times (a title counts more; concepts do not).
    public func features(of text: String) -> [String] { features(terms: analyzer.terms(text), of: text) }

    /// The same features from the analyzer's terms of `text` already computed (`AnalyzedText` analyzes
    /// a text once and reads the terms and their offsets from the same tokens).
    /// - Precondition: `terms == analyzer.terms(text)`.
    public func features(terms: [String], of text: String) -> [String] {
        var f = terms
        if let translations { f.append(contentsOf: translations(text)) }
        if let concepts { f.append(contentsOf: concepts(text)) }
        if firstLineRepeat > 0, let line = Self.firstLine(of: text) {
            var title = analyzer.terms(line)
            if let translations { title.append(contentsOf: translations(line)) }
            for _ in 0 ..< firstLineRepeat { f.append(contentsOf: title) }
        }
        return f
    }

    /// The first non-blank line of a text when it is short enough to be a title, else nil.
    public static func firstLine(of text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            return t.count <= firstLineLimit ? t : nil
        }
        return nil
    }

    /// True when a feature is a concept feature rather than an analyzer term.
    public static func isConcept(_ feature: String) -> Bool { feature.hasPrefix(EngineSetup.conceptPrefix) }
}
