/// Extra features that put English text on French terms, so an English CV and a French posting (or
/// the reverse) share dimensions in the vector space.
///
/// Pivot: French. Everything is mapped INTO French, never the other way, so that every document's
/// extra features live in one vocabulary (the French one, which dominates the corpus) and vectors stay
/// comparable: English paragraphs give the French translations of their terms; French paragraphs (and
/// paragraphs in other languages) give nothing extra — their own terms already are French terms.
/// Callers add these features to the document's own terms (the English terms stay, so English-English
/// matches are not weakened).
///
/// Paragraph languages are decided exactly as `FrenchEnglishAnalyzer` decides them (blank-line
/// paragraphs, unsure paragraphs take the document's language, unsure documents are French), so the
/// terms translated are the terms the analyzer produced as English. An analyzer with a fixed language
/// treats the whole text as that language.
///
/// Each occurrence of an English term gives one occurrence of each of its `translationsPerTerm` best
/// French terms (by lexicon score), in text order; unknown terms give nothing. The default, 1 (the best
/// translation only), was chosen by measurement on the shipped CV pair cv-fr-design / cv-en-design:
/// Jaccard overlap of the French CV's term set with the English CV's terms plus these features is
/// 0.268 with 1 translation, 0.266 with 2, 0.258 with 3, 0.254 with all (0.181 without features);
/// the cosine of raw term counts is 0.656, 0.606, 0.573, 0.551 (0.511 without). More translations
/// add a few more shared terms but more noise (ESCO's trade senses: "training" → "dressage").
public struct CrossLanguageTerms: Sendable {
    public let lexicon: BilingualLexicon
    public let analyzer: FrenchEnglishAnalyzer
    /// French terms emitted per English term occurrence (best first), ≥ 1.
    public let translationsPerTerm: Int
    /// Whether a short text the language guess is unsure of (under `shortTextLetters` letters: a job
    /// title, a label) is translated when it leans English or is too short to lean at all. Without it
    /// such a text counts as French and gives nothing, so an English title ("medical laboratory
    /// assistant", 26 letters, confidence under 0.5) never meets a French one (issue 29). A French title
    /// analyzed as English finds few English lexicon words ("agent" → "agent"), so it gains little noise.
    public let translatesShortUnsureTexts: Bool
    /// Texts with fewer letters than this are "short" for `translatesShortUnsureTexts` (the guess reaches
    /// full confidence at 60 letters).
    public static let shortTextLetters = 60
    /// When set (and `translatesShortUnsureTexts`), a short text's language is first decided by its words
    /// (`WordLanguageVote` over the lexicon's own words): English → translated whole, French → nothing;
    /// only a tie falls back to the letter guess above. Issue 29f: the guess took 125 of 278 English
    /// occupation labels for French.
    public let wordVote: WordLanguageVote?

    public init(lexicon: BilingualLexicon, analyzer: FrenchEnglishAnalyzer, translationsPerTerm: Int = 1,
                translatesShortUnsureTexts: Bool = false, votesByWords: Bool = false) {
        self.lexicon = lexicon
        self.analyzer = analyzer
        self.translationsPerTerm = max(1, translationsPerTerm)
        self.translatesShortUnsureTexts = translatesShortUnsureTexts
        wordVote = votesByWords ? WordLanguageVote(english: lexicon.surfaceWords.english, french: lexicon.surfaceWords.french) : nil
    }

    /// French analyzed terms translating the English parts of `text` (empty for French text).
    public func translatedFeatures(of text: String) -> [String] {
        var english = analyzer
        english.language = .en
        english.phrases = false
        var out = [String]()
        for part in englishParts(of: text) {
            for term in english.terms(part) {
                out.append(contentsOf: lexicon.frenchTerms(forEnglishTerm: term).prefix(translationsPerTerm))
            }
        }
        return out
    }

    /// The English stretches of `text`, in order.
    func englishParts(of text: String) -> [String] {
        switch analyzer.language {
        case .en?: return [text]
        case .fr?, .other?: return []
        case nil: break
        }
        let scalars = Chars.decode(text)
        if translatesShortUnsureTexts {
            let (scores, letters) = scalars.withUnsafeBufferPointer { LanguageIdentifier.score($0, 0 ..< $0.count, cap: 4000) }
            if letters > 0 && letters < Self.shortTextLetters {
                if let wordVote, let language = wordVote.language(of: text) { return language == .en ? [text] : [] }
                let g = LanguageIdentifier.guess(from: scores, letters: letters)
                if g.confidence < 0.5 && (g.language == .en || letters < 12) { return [text] }
            }
        }
        let ranges = scalars.withUnsafeBufferPointer { LanguageIdentifier.analysisLanguages($0) }
        return ranges.compactMap { range, language in
            language == .en ? Chars.string(Array(scalars[range])) : nil
        }
    }
}
