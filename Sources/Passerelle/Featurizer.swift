import TextAnalysis

/// Text → the features the vector space is built on: the analyzer's terms, plus optional
/// language-neutral concept features (competencies) that let an English CV meet a French posting.
public struct Featurizer: Sendable {
    public let analyzer: any Analyzer
    /// Identifier of the concept extractor (stored in the model), nil when there is none.
    public let conceptsIdentifier: String?
    private let concepts: (@Sendable (String) -> [String])?

    /// - Parameters:
    ///   - concepts: text → concept feature names, one per occurrence; names must not collide with
    ///     analyzer terms (the engine prefixes them with `§`).
    public init(analyzer: any Analyzer, conceptsIdentifier: String? = nil, concepts: (@Sendable (String) -> [String])? = nil) {
        self.analyzer = analyzer
        self.conceptsIdentifier = concepts == nil ? nil : conceptsIdentifier
        self.concepts = concepts
    }

    /// All features of a text, analyzer terms first.
    public func features(of text: String) -> [String] {
        var f = analyzer.terms(text)
        if let concepts { f.append(contentsOf: concepts(text)) }
        return f
    }

    /// True when a feature is a concept feature rather than an analyzer term.
    public static func isConcept(_ feature: String) -> Bool { feature.hasPrefix(EngineSetup.conceptPrefix) }
}
