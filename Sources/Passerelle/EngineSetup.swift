import Foundation
import TextAnalysis
import Competencies

/// Everything that turns texts into features and explanations for one model.
public struct Pipeline: Sendable {
    public let featurizer: Featurizer
    /// The competency detector, when the model has a taxonomy (explanations and concept features).
    public let detector: CompetencyDetector?
    /// The resources it was built from (stored in the model file).
    public let resources: [String: String]
    /// The fingerprint of the posting profiles its detector computes (`StoredProfiles.fingerprint`): a
    /// model's stored profiles are used only when theirs is this one. nil without a taxonomy.
    public let profileFingerprint: String?

    init(featurizer: Featurizer, detector: CompetencyDetector?, resources: [String: String]) {
        self.featurizer = featurizer
        self.detector = detector
        self.resources = resources
        profileFingerprint = detector == nil ? nil : StoredProfiles.fingerprint(resources: resources)
    }

    /// Whether `model`'s stored posting profiles are the ones this pipeline would compute.
    public func usesStoredProfiles(of model: LSAModel) -> Bool {
        profileFingerprint != nil && model.postings.profileFingerprint == profileFingerprint
    }
}

/// Builds matching pipelines from build settings and resources.
public enum EngineSetup {
    /// Resource name of the competency taxonomy (the text of `Data/competencies.tsv`).
    public static let taxonomyResource = "competencies.tsv"
    /// Resource name of the English → French term list (the text of `Data/lexicon/esco-en-fr.tsv`).
    public static let lexiconResource = "lexicon-en-fr.tsv"
    /// Resource name of the general English → French word list (the text of
    /// `Data/lexicon/freedict-en-fr.tsv`, derived from Debian's FreeDict dictionaries by
    /// `scripts/data/build-freedict-lexicon.sh`): the everyday and trade words ESCO's skill labels lack
    /// ("baker" → "boulanger", "nurse" → "infirmière"). Merged with the ESCO list (best score per pair).
    public static let dictionaryResource = "lexicon-freedict-en-fr.tsv"
    /// Resource name of the English → French job-title word list aligned on the ISCO-08 group labels of
    /// ESCO (the text of `Data/lexicon/isco-en-fr.tsv`, built by `scripts/data/build-isco-lexicon.sh`):
    /// job-title usage that general dictionaries do not state ("operators" → "conducteurs", "managers" →
    /// "directeurs", "technicians" → "techniciens"). Used by `crossLanguageTitleISCOIdentifier` alone.
    public static let iscoResource = "lexicon-isco-en-fr.tsv"
    /// Not the default (`passerelle index --dictionary`): on the dev collection it lifts French titles →
    /// English labels (T2en MRR 0.087 → 0.117) but costs English → French (H3 0.409 → 0.380), docs/HYBRID.md;
    /// the default uses FreeDict on titles only (`crossLanguageTitleDictionaryIdentifier`, then
    /// `crossLanguageTitleVoteIdentifier` since issue 29f).
    /// Identifier of the translations from both lists (ESCO skills + FreeDict), two per English word, and
    /// short texts of unsure language translated when they lean English
    /// (`CrossLanguageTerms.translatesShortUnsureTexts`).
    public static let crossLanguageWithDictionaryIdentifier = "lexicon-en-fr-v3"
    /// Identifier of the translations that use FreeDict for titles only: a text of one line of at most
    /// `Featurizer.firstLineLimit` characters (a job title, a label, and the first line of a longer text)
    /// is translated as by v3 (ESCO + FreeDict, short unsure texts translated), anything longer as by v2
    /// (ESCO skills alone). Why: FreeDict's everyday and trade words are what a title needs ("baker" →
    /// "boulanger"), while on whole English texts they add noise (H3 with v3: 0.409 → 0.380).
    public static let crossLanguageTitleDictionaryIdentifier = "lexicon-en-fr-v4"
    /// Identifier of v4 whose titles are told English or French by their words before their letters
    /// (`CrossLanguageTerms.wordVote`, `WordLanguageVote`), and whose titles on their own (a label, a job
    /// title: `isTitle`) get every translation of their words, not the two best; the first line of a longer
    /// text keeps v4's two (`Featurizer.firstLineTranslations`). The default of new models with the FreeDict
    /// resource since issue 29f (docs/HYBRID.md: French titles → English labels MRR 0.149 → 0.188 on the tune
    /// half, the rest within noise); new models with the ISCO list get `crossLanguageTitleISCOIdentifier` since
    /// issue 29i. v4 models keep v4's translations.
    public static let crossLanguageTitleVoteIdentifier = "lexicon-en-fr-v5"
    /// Identifier of v5 whose titles on their own (`isTitle`, every translation) also get the ISCO-08 title
    /// words (`iscoResource`, issue 29i); the first line of a longer text and longer texts are translated as
    /// by v5. ("v6" named an unshipped variant of issue 29g.) The default of new models with the ISCO list since
    /// issue 29i (docs/HYBRID.md: French titles → English labels MRR 0.188 → 0.195 tune, 0.191 → 0.200 unseen;
    /// H1–H3 identical, T1 and T2fr within noise). v5 models keep v5's translations.
    public static let crossLanguageTitleISCOIdentifier = "lexicon-en-fr-v7"
    /// The identifiers that translate titles with the FreeDict list (v4, v5, v7).
    public static let titleDictionaryIdentifiers: Set<String> = [crossLanguageTitleDictionaryIdentifier, crossLanguageTitleVoteIdentifier,
                                                                 crossLanguageTitleISCOIdentifier]
    /// Identifier of the cross-language translations built from the ESCO list alone (new models without
    /// the FreeDict resource; with it they get `crossLanguageTitleVoteIdentifier`): the two best
    /// French words for each English word (`CrossLanguageTerms.translationsPerTerm`). Measured on the dev
    /// collection (`XPT`-style comparison, same build, release): English → French MRR 0.390 with one
    /// translation, 0.406 with two, 0.403 with three; similar roles and postings → role unchanged (French
    /// queries); judged CVs nDCG@10 0.874 → 0.878 (`scripts/evaluation/eval-judged.py`).
    public static let crossLanguageIdentifier = "lexicon-en-fr-v2"
    /// Translations per English word of each identifier (models built with v1 keep one).
    static let translationsPerTerm = ["lexicon-en-fr-v1": 1, "lexicon-en-fr-v2": 2, "lexicon-en-fr-v3": 2, "lexicon-en-fr-v4": 2,
                                      "lexicon-en-fr-v5": 2, "lexicon-en-fr-v7": 2]
    /// Identifier of the competency concept features.
    public static let conceptFeaturesIdentifier = "competencies-v1"
    /// Prefix of concept features: cannot start an analyzer term.
    public static let conceptPrefix = "§"

    /// Settings of the default model: French/English analyzer, `defaultDimensions` (clipped to the corpus
    /// rank), competency concept features when a taxonomy is given.
    public static func defaultSettings(resources: [String: String]) -> BuildSettings {
        let concepts = resources[taxonomyResource] != nil
        var settings = BuildSettings(dimensions: defaultDimensions,
                                     tfidf: TFIDFSettings(conceptShare: concepts ? defaultConceptShare : 0, conceptPrefix: conceptPrefix,
                                                          conceptSaturation: concepts ? defaultConceptSaturation : 0,
                                                          conceptThreshold: concepts ? defaultConceptThreshold : 0),
                                     analyzer: AnalyzerCatalog.defaultIdentifier,
                                     conceptFeatures: concepts ? conceptFeaturesIdentifier : nil,
                                     crossLanguage: resources[lexiconResource] == nil ? nil
                                         : resources[dictionaryResource] == nil ? crossLanguageIdentifier
                                         : resources[iscoResource] == nil ? crossLanguageTitleVoteIdentifier : crossLanguageTitleISCOIdentifier)
        settings.firstLineRepeat = defaultFirstLineRepeat
        return settings
    }

    /// Concept occurrences of a text that are treated as stray hits (see `TFIDFSettings.conceptThreshold`):
    /// ROME fiches and France Travail postings show 1.5 and 2.2 on average, the shipped postings and CVs
    /// 12 to 47. Chosen on the dev collection (real postings → their role: MRR 0.556 at 0, 0.631 at 4;
    /// 3 to 10 measured) under the shipped checks (own CVs nDCG@10 0.907, EN/FR CV pair 5/5).
    public static let defaultConceptThreshold: Float = 4
    /// Extra count of a text's first line (see `Featurizer.firstLineRepeat`): postings and fiches open
    /// with the job title. Measured on the dev collection (`scripts/evaluation/eval-dev.sh -- --first-line-repeat R
    /// --dims K`): real postings → role MRR 0.611 at 0, 0.631 at 1 and 0.632 at 2 with k = 200; 0.632 at 1
    /// and 0.642 at 2 with k = 150 (similar roles and English → French within ±0.006).
    /// Issue 29c, with the hybrid score (α 0.5) and the short-query rules, tune half of the title tasks
    /// (`scripts/evaluation/eval-titles.sh OUT tune -- --first-line-repeat R`): real postings → role MRR 0.642 / 0.657 /
    /// 0.659 / 0.670 / 0.661 / 0.666 at R = 1…6, similar roles nDCG@10 0.539 … 0.546 (flat from 4), English →
    /// French 0.417 / 0.413 / 0.414 / 0.410 / 0.407 / 0.407, job titles → fiche (T1) 0.518 → 0.525 from 2 to 4:
    /// the title counts more now that the term cosine is half the score. Issue 29d chose 4 once the copies
    /// stopped counting as evidence (`Featurizer.countedFeatures`: a one-line CV keeps its thin-evidence
    /// warning); the figures of that choice, with their paired bootstrap, are in docs/HYBRID.md.
    public static let defaultFirstLineRepeat = 4

    /// Latent dimensions k of a new model (clipped to the corpus rank). Chosen on the dev collection with
    /// `defaultFirstLineRepeat` 2 (k = 150 / 175 / 200 / 250: postings → role MRR 0.642 / 0.625 / 0.632 /
    /// 0.625, similar roles nDCG@10 0.537 / 0.536 / 0.539 / 0.540, English → French MRR 0.412 / 0.417 /
    /// 0.394 / 0.410). The differences are within the noise of 106 queries (paired bootstrap, README);
    /// fewer dimensions also make every fold and score a quarter cheaper.
    public static let defaultDimensions = 150

    /// Share of the squared norm given to competency features by default (see `TFIDFSettings.conceptShare`);
    /// chosen by measuring the agreement of an English CV and its French version (README).
    public static let defaultConceptShare: Float = 0.5
    /// Concept occurrences at which the share reaches 63% of `defaultConceptShare` (see
    /// `TFIDFSettings.conceptSaturation`): texts of the field (dozens of hits) keep most of the share,
    /// texts outside it (a stray hit or two) barely move. Chosen by the measurements in the README
    /// (public collections and the shipped CVs).
    public static let defaultConceptSaturation: Float = 16

    /// The pipeline a model was (or will be) built with: same analyzer, same concept features.
    public static func pipeline(settings: BuildSettings, resources: [String: String]) throws -> Pipeline {
        let analyzer = try AnalyzerCatalog.analyzer(identifier: settings.analyzer)
        var detector: CompetencyDetector? = nil
        if let taxonomyText = resources[taxonomyResource] {
            // Detection always uses the French/English analyzer: the taxonomy's forms are written for it.
            let taxonomy = try Taxonomy(parsing: taxonomyText, source: taxonomyResource)
            detector = CompetencyDetector(taxonomy: taxonomy, analyzer: FrenchEnglishAnalyzer(phrases: false))
        }
        var concepts: (@Sendable (String) -> [String])? = nil
        switch settings.conceptFeatures {
        case nil: break
        case conceptFeaturesIdentifier?:
            guard let detector else {
                throw EngineError.incompatible("the model uses competency features but holds no taxonomy")
            }
            concepts = { text in conceptFeatures(detector.detectCompetencies(text)) }
        case let other?:
            throw EngineError.incompatible("concept features '\(other)' are unknown to this build")
        }
        var translations: (@Sendable (String) -> [String])? = nil
        var firstLineTranslations: (@Sendable (String) -> [String])? = nil
        switch settings.crossLanguage {
        case nil: break
        case let identifier? where translationsPerTerm[identifier] != nil:
            guard let fe = analyzer as? FrenchEnglishAnalyzer, var lexiconText = resources[lexiconResource] else {
                throw EngineError.incompatible("cross-language terms need the French/English analyzer and the lexicon resource")
            }
            let perTerm = translationsPerTerm[identifier] ?? 1
            let titlesOnly = titleDictionaryIdentifiers.contains(identifier)
            let usesDictionary = identifier == crossLanguageWithDictionaryIdentifier || titlesOnly
            var dictionary = ""
            if usesDictionary {
                guard let text = resources[dictionaryResource] else {
                    throw EngineError.incompatible("cross-language terms '\(identifier)' need the FreeDict word list resource")
                }
                dictionary = text
            }
            if titlesOnly {
                // The skill lexicon is parsed once; the titles' lexicon is it plus the dictionary.
                let skills = try BilingualLexicon(parsing: lexiconText, source: lexiconResource, analyzer: fe)
                let plain = CrossLanguageTerms(lexicon: skills, analyzer: fe, translationsPerTerm: perTerm)
                let titleLexicon = try skills.adding(parsing: dictionary, source: dictionaryResource, analyzer: fe)
                let votes = identifier != crossLanguageTitleDictionaryIdentifier
                let titles = CrossLanguageTerms(lexicon: titleLexicon, analyzer: fe, translationsPerTerm: perTerm,
                                                translatesShortUnsureTexts: true, votesByWords: votes)
                // v7: titles on their own also get the ISCO-08 title words.
                var wholeTitleLexicon = titleLexicon
                if identifier == crossLanguageTitleISCOIdentifier {
                    guard let isco = resources[iscoResource] else {
                        throw EngineError.incompatible("cross-language terms '\(identifier)' need the ISCO title word list resource")
                    }
                    wholeTitleLexicon = try titleLexicon.adding(parsing: isco, source: iscoResource, analyzer: fe)
                }
                // v5: a title on its own gets every translation of its words; the first line of a longer text
                // keeps the two best (`Featurizer.firstLineTranslations`).
                let wholeTitles = votes ? CrossLanguageTerms(lexicon: wholeTitleLexicon, analyzer: fe, translationsPerTerm: Int.max,
                                                             translatesShortUnsureTexts: true, votesByWords: true) : titles
                translations = { text in
                    isTitle(text) ? wholeTitles.translatedFeatures(of: text) : plain.translatedFeatures(of: text)
                }
                if votes { firstLineTranslations = { titles.translatedFeatures(of: $0) } }
            } else {
                if usesDictionary { lexiconText += "\n" + dictionary }
                let cross = CrossLanguageTerms(lexicon: try BilingualLexicon(parsing: lexiconText, source: lexiconResource, analyzer: fe), analyzer: fe,
                                               translationsPerTerm: perTerm, translatesShortUnsureTexts: usesDictionary)
                translations = { cross.translatedFeatures(of: $0) }
            }
        case let other?:
            throw EngineError.incompatible("cross-language terms '\(other)' are unknown to this build")
        }
        let featurizer = Featurizer(analyzer: analyzer, conceptsIdentifier: concepts == nil ? nil : conceptFeaturesIdentifier,
                                    concepts: concepts, translations: translations, firstLineTranslations: firstLineTranslations,
                                    firstLineRepeat: settings.firstLineRepeat ?? 0)
        return Pipeline(featurizer: featurizer, detector: detector, resources: resources)
    }

    /// Whether a text is a title for `crossLanguageTitleDictionaryIdentifier`: one line (no line break)
    /// of at most `Featurizer.firstLineLimit` characters, blank space around it aside.
    static func isTitle(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return !trimmed.isEmpty && Featurizer.firstLine(of: text) == trimmed
    }

    /// One `§id` feature per matched span of each competency, so that its tf grows with the evidence.
    static func conceptFeatures(_ matches: [CompetencyMatch]) -> [String] {
        matches.flatMap { m in Array(repeating: conceptPrefix + m.id, count: m.count) }
    }
}
