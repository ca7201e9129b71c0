import TextAnalysis

/// Builds the pieces of a matching pipeline from a model's stored settings.
public enum EngineSetup {
    /// Settings of the default model: French/English analyzer, 200 dimensions (clipped to the corpus rank).
    public static func defaultSettings(taxonomyPath: String?) throws -> BuildSettings {
        BuildSettings(dimensions: 200, analyzer: AnalyzerCatalog.defaultIdentifier)
    }

    /// The featurizer a model was built with (same analyzer, same concept features).
    public static func featurizer(for settings: BuildSettings, taxonomyPath: String?) throws -> Featurizer {
        Featurizer(analyzer: try AnalyzerCatalog.analyzer(identifier: settings.analyzer))
    }
}
