import TextAnalysis
import Competencies

/// A text analyzed once for everything the engine does with it: the features it is folded with and,
/// for a query that is explained, its competencies, language statements and written languages, and
/// how each analyzed term reads in it.
///
/// Why: `rank` used to analyze its CV once for the scores and again for the explanation (profile and
/// surface forms); both now read this value, so what is explained is what was scored.
public struct AnalyzedText: Sendable {
    public let text: String
    /// The model analyzer's tokens (terms with Unicode-scalar offsets, phrase terms after their last word).
    public let tokens: [Token]
    /// What the text is folded with (`Featurizer.features(terms:of:)` on `tokens`' terms); empty when
    /// not asked for (a text already folded, analyzed again only to be explained).
    public let features: [String]
    /// How many of `features` are the text's own (`Featurizer.countedFeatures`): the rest repeat its
    /// first line, which weighs the title but is not more evidence.
    public let ownFeatureCount: Int
    /// Competencies, language statements and written languages; nil when not asked for (a batch
    /// without explanations, indexing).
    public let profile: TextProfile?

    /// Analyzed term → how it first reads in the text (lower-cased), e.g. "philosoph" → "philosophie".
    public func surfaceForms() -> [String: String] {
        let scalars = Array(text.unicodeScalars)
        var surface = [String: String]()
        for token in tokens where surface[token.term] == nil && token.start >= 0 && token.end <= scalars.count && token.start <= token.end {
            var s = String.UnicodeScalarView()
            s.append(contentsOf: scalars[token.start..<token.end])
            surface[token.term] = String(s).lowercased()
        }
        return surface
    }
}

extension Pipeline {
    /// Analyzes a text once.
    /// - Parameters:
    ///   - isPosting: read as a posting (requirements, not mentions; `TextProfile`), else as a CV.
    ///   - profile: also detect competencies and languages (for explanations).
    ///   - features: compute the features (false: the text was folded elsewhere — a batch block — and is
    ///     only explained; no translation pass, one detection).
    /// - Complexity: O(text length) for the tokens, the features and (with `profile`) the detection.
    public func analyze(_ text: String, isPosting: Bool = false, profile: Bool = true, features: Bool = true) -> AnalyzedText {
        let tokens = featurizer.analyzer.analyze(text)
        guard features else {
            return AnalyzedText(text: text, tokens: tokens, features: [], ownFeatureCount: 0,
                                profile: profile ? TextProfile(text: text, detector: detector, isPosting: isPosting) : nil)
        }
        let terms = tokens.map(\.term)
        guard profile else {
            let f = featurizer.countedFeatures(terms: terms, concepts: nil, of: text)
            return AnalyzedText(text: text, tokens: tokens, features: f.features, ownFeatureCount: f.own, profile: nil)
        }
        guard let detector else {
            let f = featurizer.countedFeatures(terms: terms, concepts: nil, of: text)
            return AnalyzedText(text: text, tokens: tokens, features: f.features, ownFeatureCount: f.own,
                                profile: TextProfile(text: text, detector: nil))
        }
        // One detection for both uses: the plain one gives the concept features (when the model has
        // them, `EngineSetup.conceptFeatures`), the explanation one the profile.
        let detected = detector.detectBoth(text, as: isPosting ? .posting : .cv)
        let concepts = featurizer.conceptsIdentifier == EngineSetup.conceptFeaturesIdentifier
            ? EngineSetup.conceptFeatures(detected.plain.competencies) : nil
        let f = featurizer.countedFeatures(terms: terms, concepts: concepts, of: text)
        return AnalyzedText(text: text, tokens: tokens, features: f.features, ownFeatureCount: f.own,
                            profile: TextProfile(text: text, competencies: detected.explained))
    }
}
