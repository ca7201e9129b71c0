import TextAnalysis

/// The analyzers a model can be built with, by the identifier stored in the model file.
public enum AnalyzerCatalog {
    /// The French/English analyzer: stemming, inclusive forms, elisions, phrases.
    public static let defaultIdentifier = FrenchEnglishAnalyzer().identifier
    /// scikit-learn's default analyzer with `strip_accents="unicode"` (for comparisons).
    public static let plainIdentifier = PlainAnalyzer().identifier

    /// Short names accepted on the command line.
    public static let names: [String: String] = ["fr-en": defaultIdentifier, "plain": plainIdentifier]

    public static func analyzer(identifier: String) throws -> any Analyzer {
        switch identifier {
        case defaultIdentifier: return FrenchEnglishAnalyzer()
        case plainIdentifier: return PlainAnalyzer()
        default: throw EngineError.incompatible("analyzer '\(identifier)' is unknown to this build (known: \(names.values.sorted().joined(separator: ", ")))")
        }
    }
}
