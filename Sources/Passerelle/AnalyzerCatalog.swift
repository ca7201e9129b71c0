import TextAnalysis

/// The analyzers a model can be built with, by the identifier stored in the model file.
public enum AnalyzerCatalog {
    /// The French/English analyzer of new models: stemming, inclusive forms, elisions, phrases, and the
    /// feminine forms folded with the word-list checks of fr-en-v2 (issue 29e).
    public static let defaultIdentifier = FrenchEnglishAnalyzer(version: .v2).identifier
    /// The French/English analyzer before issue 29e: models that name it keep it, term for term.
    public static let frenchEnglishV1Identifier = FrenchEnglishAnalyzer(version: .v1).identifier
    /// scikit-learn's default analyzer with `strip_accents="unicode"` (for comparisons).
    public static let plainIdentifier = PlainAnalyzer().identifier

    /// Short names accepted on the command line ("fr-en" is the newest French/English version).
    public static let names: [String: String] = ["fr-en": defaultIdentifier, frenchEnglishV1Identifier: frenchEnglishV1Identifier,
                                                 defaultIdentifier: defaultIdentifier, "plain": plainIdentifier]

    /// Whether an identifier is a French/English analyzer (any version): it tells French and English
    /// paragraphs apart, so cross-language terms can be added.
    public static func isFrenchEnglish(_ identifier: String) -> Bool { FrenchEnglishAnalyzer(identifier: identifier) != nil }

    public static func analyzer(identifier: String) throws -> any Analyzer {
        if let fe = FrenchEnglishAnalyzer(identifier: identifier) { return fe }
        switch identifier {
        case plainIdentifier: return PlainAnalyzer()
        default: throw EngineError.incompatible("analyzer '\(identifier)' is unknown to this build (known: \(Set(names.values).sorted().joined(separator: ", ")))")
        }
    }
}
