import TextAnalysis

/// Text → the features the vector space is built on: the analyzer's terms, plus optional
/// language-neutral concept features (competencies) that let an English CV meet a French posting.
public struct Featurizer: Sendable {
    public let analyzer: any Analyzer
    /// Identifier of the concept extractor (stored in the model), nil when there is none.
    public let conceptsIdentifier: String?
    private let concepts: (@Sendable (String) -> [String])?
    private let translations: (@Sendable (String) -> [String])?

    /// - Parameters:
    ///   - concepts: text → concept feature names, one per occurrence; names must not collide with
    ///     analyzer terms (the engine prefixes them with `§`).
    ///   - translations: text → analyzer terms of another language that translate parts of it (e.g. the
    ///     French terms of its English paragraphs), added to the text's own terms.
    public init(analyzer: any Analyzer, conceptsIdentifier: String? = nil, concepts: (@Sendable (String) -> [String])? = nil,
                translations: (@Sendable (String) -> [String])? = nil) {
        self.analyzer = analyzer
        self.conceptsIdentifier = concepts == nil ? nil : conceptsIdentifier
        self.concepts = concepts
        self.translations = translations
    }

    /// All features of a text: analyzer terms, then translated terms, then concepts.
    public func features(of text: String) -> [String] {
        var f = analyzer.terms(text)
        if let translations { f.append(contentsOf: translations(text)) }
        if let concepts { f.append(contentsOf: concepts(text)) }
        return f
    }

    /// True when a feature is a concept feature rather than an analyzer term.
    public static func isConcept(_ feature: String) -> Bool { feature.hasPrefix(EngineSetup.conceptPrefix) }
}
