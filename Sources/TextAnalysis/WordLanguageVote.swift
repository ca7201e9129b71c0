/// The language of a short text (a job title, a label) decided by its words, not by its letters.
///
/// Why: the letter-trigram guess (`LanguageIdentifier`) needs ~60 letters to be sure. On a title it is
/// mostly unsure, and an unsure text counts as French: 125 of the 278 English occupation labels of the
/// issue-29 dev collection ("medical laboratory assistant", "electrician", "stage manager") were taken
/// for French and never translated, so a French title could not meet them; and 95 of 3,385 French titles
/// leaned English and were "translated" ("Agent / Agente de curage": "agent" → "instrument").
/// Words settle most titles: "laboratory" is an English word and no French one, "curage" the reverse.
///
/// The vote: each word (a run of letters, lower-cased, two letters or more) gives one vote
/// - to French when it is a French stop word and not an English one (`StopWords`: "de", "et", "des"),
///   to English in the reverse case ("of", "and", "the");
/// - else to English when it is an English word of the lists and no French one, to French in the reverse
///   case. A word is "of the list" as written or less a plural ending (-s, -es, -ies → -y, -x), compared
///   with its accents; a word written without any accent and not English is also compared with the
///   French words stripped of theirs ("ingenieur" = "ingénieur").
/// Words of both lists or of none ("assistant", "agent", "curage" when unlisted) give nothing. The
/// language with more votes wins; a tie decides nothing (`language(of:)` is nil) and the caller keeps its
/// letter-based rule.
///
/// The word lists are the surface words of the bilingual lexicons the engine already ships (ESCO skill
/// labels, FreeDict): no occupation label, appellation or crosswalk.
public struct WordLanguageVote: Sendable {
    /// English words, lower case.
    let english: Set<String>
    /// French words, lower case, accents kept.
    let french: Set<String>
    /// French words, accent-folded (for words written without accents).
    let foldedFrench: Set<String>

    /// - Parameters: english / french: surface words of each language, lower case (accents kept).
    public init<E: Sequence, F: Sequence>(english: E, french: F) where E.Element == String, F.Element == String {
        self.english = Set(english)
        let french = Set(french)
        self.french = french
        foldedFrench = Set(french.map(Self.fold))
    }

    /// Votes of the words of `text`: (English, French).
    /// - Complexity: O(letters of `text`).
    public func votes(_ text: String) -> (english: Int, french: Int) {
        var en = 0, fr = 0
        for word in Self.words(text) {
            let folded = Self.fold(word)
            let frenchStop = StopWords.french.contains(folded), englishStop = StopWords.english.contains(word)
            if frenchStop != englishStop {
                if frenchStop { fr += 1 } else { en += 1 }
                continue
            }
            if frenchStop { continue }
            let isEnglish = Self.listed(word, in: english)
            let isFrench = Self.listed(word, in: french) || (!isEnglish && folded == word && Self.listed(word, in: foldedFrench))
            if isEnglish != isFrench {
                if isEnglish { en += 1 } else { fr += 1 }
            }
        }
        return (en, fr)
    }

    /// `.en` or `.fr` when the words of `text` lean that way, nil on a tie (no listed word, or as many each way).
    public func language(of text: String) -> Language? {
        let v = votes(text)
        return v.english > v.french ? .en : v.french > v.english ? .fr : nil
    }

    /// The lower-cased runs of letters of two letters or more ("d'affrètement" → "affrètement").
    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter }).compactMap { $0.count >= 2 ? String($0) : nil }
    }

    /// Whether `word` or its singular (less -s, -es, -x; -ies → -y) is in `list`.
    static func listed(_ word: String, in list: Set<String>) -> Bool {
        if list.contains(word) { return true }
        guard word.count > 3 else { return false }
        if word.hasSuffix("ies"), list.contains(String(word.dropLast(3)) + "y") { return true }
        if word.hasSuffix("es"), list.contains(String(word.dropLast(2))) { return true }
        if word.hasSuffix("s") || word.hasSuffix("x") { return list.contains(String(word.dropLast())) }
        return false
    }

    /// Lower-case word without accents (the analyzer's folding: é → e, œ → oe).
    static func fold(_ word: String) -> String {
        var out = [UInt32]()
        for s in word.unicodeScalars { Chars.fold(s.value, into: &out) }
        return Chars.string(out)
    }
}
