import Foundation

/// The default analyzer (identifier "fr-en-v1").
///
/// Pipeline per word: scan (elisions, inclusive markup, compounds; see WordScanner) → lower case, NFC →
/// stop word test (accent-folded) → French: feminine → masculine (see Feminine), Snowball French
/// stemmer; English: Porter2 stemmer; other: no stemming → accent folding. Stemming is iterated to a
/// single time: Snowball is not idempotent (stem(stem(w)) differs from stem(w) for about 10% of French
/// words, e.g. "politiques" → "polit" → "pol"), and iterating it to a fixpoint over-stems badly.
/// Words shorter than 2 letters, pure numbers, and stems that are stop words are dropped.
///
/// Idempotence (tested): with a fixed language L, analyzing the space-joined word terms of an analysis
/// with `stemming: false` gives back exactly those terms — every term is one clean token (lower case,
/// accent-free, no joiner), never a stop word, and survives normalization unchanged. Only the
/// stemmer itself is not re-applied.
///
/// Language: with `language == nil`, each paragraph (blank-line separated) is identified; a paragraph
/// whose guess is unsure (confidence < 0.5, e.g. a short title) takes the document's language, and a
/// document that is itself unsure is treated as French (the corpus is mostly French). A paragraph
/// confidently identified as another language (German, Spanish…) gets no stemming and the union of the
/// French and English stop words ("French rules off").
///
/// Hyphenated compounds: a bound prefix is merged ("co-construction" = "coconstruction" → "coconstruct");
/// other compounds give their words plus a compound term made of their content stems joined with "_"
/// ("recherche-action" → "recherch", "action", "recherch_action"), emitted after the last part like a
/// phrase. Compounds made only of stop words ("c'est-à-dire") give nothing.
public struct FrenchEnglishAnalyzer: Analyzer {
    public let identifier = "fr-en-v1"
    public var phrases: Bool
    public var language: Language?
    /// When false: no feminine → masculine mapping and no stemming (normalized words only).
    public var stemming: Bool

    public init(phrases: Bool = true, language: Language? = nil, stemming: Bool = true) {
        self.phrases = phrases
        self.language = language
        self.stemming = stemming
    }

    public func analyze(_ text: String) -> [Token] {
        var out = [Token]()
        run(text) { term, s, e in out.append(Token(term: term, start: s, end: e)) }
        return out
    }

    public func terms(_ text: String) -> [String] {
        var out = [String]()
        run(text) { term, _, _ in out.append(term) }
        return out
    }

    /// Content terms of a short text in a given language, without phrases (used to build phrase tables).
    static func contentTerms(_ text: String, language: Language) -> [String] {
        FrenchEnglishAnalyzer(phrases: false, language: language).terms(text)
    }

    /// Calls `emit(term, start, end)` for every term in order.
    public func run(_ text: String, _ emit: (String, Int, Int) -> Void) {
        let scalars = Chars.decode(text)
        scalars.withUnsafeBufferPointer { t in
            let cache = TermCache.current
            if let l = language {
                process(t, 0..<t.count, l, cache, emit)
            } else {
                for (range, l) in LanguageIdentifier.analysisLanguages(t) {
                    process(t, range, l, cache, emit)
                }
            }
        }
    }

    struct Recent { var term: String; var start: Int; var end: Int }

    func process(_ t: UnsafeBufferPointer<UInt32>, _ range: Range<Int>, _ lang: Language, _ cache: TermCache,
                 _ emit: (String, Int, Int) -> Void) {
        var sc = WordScanner(t, range: range)
        let phrases = self.phrases && stemming
        let table = phrases ? Phrases.tables[lang]! : Phrases.Table()
        var window = [Recent]()
        window.reserveCapacity(8)
        var connectors = 0
        var compound = [String]()
        var compoundStart = 0
        var compoundEnd = 0
        var lastPhrase: (String, Int, Int)? = nil
        var lastTerm: String? = nil

        func finishCompound() {
            if compound.count >= 2 {
                let term = compound.joined(separator: "_")
                if !(lastPhrase.map { $0.0 == term && $0.1 == compoundStart && $0.2 == compoundEnd } ?? false) {
                    emit(term, compoundStart, compoundEnd)
                }
            }
            compound.removeAll(keepingCapacity: true)
        }

        while sc.next() {
            if !sc.hyphenJoined {
                if !compound.isEmpty || true { finishCompound() }
                compoundStart = sc.start
            }
            if sc.breakBefore { window.removeAll(keepingCapacity: true); connectors = 0 }
            let entry = cache.entry(sc.word, lang, stemming)
            guard let term = entry.term else {
                if entry.connector && connectors < 2 && !window.isEmpty { connectors += 1 } else {
                    window.removeAll(keepingCapacity: true); connectors = 0
                }
                if sc.hyphenJoined { compoundEnd = sc.end }
                continue
            }
            if sc.slashJoined, let lt = lastTerm, lt == term { continue }
            emit(term, sc.start, sc.end)
            lastTerm = term
            compound.append(term)
            compoundEnd = sc.end
            window.append(Recent(term: term, start: sc.start, end: sc.end))
            connectors = 0
            if window.count > 6 { window.removeFirst() }
            if phrases && window.count >= 2 && table.lastStems.contains(term) {
                var len = min(table.maxLength, window.count)
                while len >= 2 {
                    var key = ""
                    for k in (window.count - len)..<window.count {
                        if !key.isEmpty { key.append(" ") }
                        key.append(window[k].term)
                    }
                    if let p = table.byKey[key] {
                        let s = window[window.count - len].start
                        emit(p, s, sc.end)
                        lastPhrase = (p, s, sc.end)
                        break
                    }
                    len -= 1
                }
            }
        }
        finishCompound()
    }
}

/// Per-thread memo of word → term (the same word is analyzed once per thread and language).
final class TermCache {
    struct Entry { var term: String?; var connector: Bool }
    var maps: [[[UInt32]: Entry]] = Array(repeating: [:], count: 6)
    var size = 0
    static let key = "passerelle.TextAnalysis.TermCache"

    static var current: TermCache {
        let d = Thread.current.threadDictionary
        if let c = d[key] as? TermCache { return c }
        let c = TermCache()
        d[key] = c
        return c
    }

    @inline(__always) func entry(_ word: [UInt32], _ lang: Language, _ stemming: Bool) -> Entry {
        let li = (lang == .fr ? 0 : (lang == .en ? 1 : 2)) + (stemming ? 0 : 3)
        if let e = maps[li][word] { return e }
        let e = TermCache.compute(word, stemming ? lang : .other, stopLanguage: lang)
        if size > 400_000 { maps = Array(repeating: [:], count: 6); size = 0 }
        maps[li][word] = e
        size += 1
        return e
    }

    static func fold(_ w: [UInt32]) -> [UInt32] {
        var out = [UInt32]()
        out.reserveCapacity(w.count + 2)
        for c in w { Chars.fold(c, into: &out) }
        return out
    }

    /// In a word written without any accent, restores the accent of the French suffixes whose accent the
    /// stemmer needs: -ite(s) → -ité(s), -ee(s) → -ée(s) ("creativite" = "créativité",
    /// "chargee" = "chargée"). Ambiguous endings (-e: "charge"/"chargé") are left alone.
    static func restoreAccents(_ w: inout [UInt32]) {
        let n = w.count
        if n < 5 { return }
        for c in w where c >= 0x80 { return }
        @inline(__always) func ends(_ s: StaticString) -> Bool {
            let u = s.utf8Start
            let k = s.utf8CodeUnitCount
            if k >= n { return false }
            for j in 0..<k where w[n - k + j] != UInt32(u[j]) { return false }
            return true
        }
        if ends("ite") { w[n - 1] = 0xE9 }
        else if ends("ites") { w[n - 2] = 0xE9 }
        else if ends("iee") || ends("iees") { return }
        else if ends("ee") { w[n - 2] = 0xE9 }
        else if ends("ees") { w[n - 3] = 0xE9 }
    }

    /// One pass of the per-word pipeline after the stop-word test.
    static func step(_ x: [UInt32], _ lang: Language) -> [UInt32] {
        switch lang {
        case .fr:
            var w = x
            restoreAccents(&w)
            Feminine.masculine(&w)
            // Snowball keeps the "s" of plural -ers nouns ("conseillers" → "conseiller" but
            // "conseiller" → "conseill"): drop it first so singular and plural match.
            let n = w.count
            if n >= 5 && w[n - 1] == 0x73 && w[n - 2] == 0x72 && w[n - 3] == 0x65 && w[n - 4] != 0x69 { w.removeLast() }
            FrenchStemmer.stemInPlace(&w)
            return fold(w)
        case .en:
            let f = fold(x)
            var b = [UInt8]()
            b.reserveCapacity(f.count)
            for c in f {
                if c >= 0x80 { return f }
                b.append(UInt8(c))
            }
            EnglishStemmer.stemInPlace(&b)
            return b.map { UInt32($0) }
        case .other:
            return fold(x)
        }
    }

    /// `lang` selects the stemming (.other: none), `stopLanguage` the stop words.
    static func compute(_ word: [UInt32], _ lang: Language, stopLanguage: Language) -> Entry {
        if word.count < 2 { return Entry(term: nil, connector: false) }
        if word.allSatisfy(Chars.isDigit) { return Entry(term: nil, connector: false) }
        let stops = StopWords.scalarSets[stopLanguage]!
        let folded = fold(word)
        if stops.contains(folded) {
            return Entry(term: nil, connector: StopWords.connectorScalars.contains(folded))
        }
        let x = step(word, lang)
        if x.count < 2 || stops.contains(x) || x.allSatisfy(Chars.isDigit) { return Entry(term: nil, connector: false) }
        return Entry(term: Chars.string(x), connector: false)
    }
}
