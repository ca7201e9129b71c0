import Foundation

/// The French/English analyzer (identifiers "fr-en-v1", the default of new models, and "fr-en-v2", on
/// request; see `AnalyzerCatalog`).
///
/// Versions: a model file records the identifier it was built with and is always queried with the same
/// version, so a version's terms never change. v2 = v1 + more feminine forms folded onto their masculine
/// (`Feminine.masculine`, `GenderTable`): -euse agent nouns v1 takes for adjectives ("livreuse",
/// "trieuse", "plongeuse", "nettoyeuse" → -eur), -euse adjectives v1 takes for agent nouns
/// ("méticuleuse" stays an -eux adjective), -esse / -eresse feminines ("hôtesse" → "hôte",
/// "demanderesse" → "demandeur"); every other word gives the same term in both. The struct's default
/// stays v1: the competency taxonomy's forms were written for it (`CompetencyDetector` keeps v1 whatever
/// the model's version).
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
    /// The analyzer versions; a model is queried with the version it was built with.
    public enum Version: Int, Sendable, CaseIterable {
        /// Feminine folding by suffix rules only (models built before issue 29e).
        case v1 = 1
        /// v1 + the word-list-checked feminine folding of `GenderTable` (`--analyzer fr-en-v2`).
        case v2 = 2
    }
    public var identifier: String { "fr-en-v\(version.rawValue)" }
    public var phrases: Bool
    public var language: Language?
    /// When false: no feminine → masculine mapping and no stemming (normalized words only).
    public var stemming: Bool
    public var version: Version

    public init(phrases: Bool = true, language: Language? = nil, stemming: Bool = true, version: Version = .v1) {
        self.phrases = phrases
        self.language = language
        self.stemming = stemming
        self.version = version
    }

    /// The analyzer of an identifier ("fr-en-v1", "fr-en-v2"), nil for any other.
    public init?(identifier: String) {
        guard let v = Version.allCases.first(where: { "fr-en-v\($0.rawValue)" == identifier }) else { return nil }
        self.init(version: v)
    }

    public func analyze(_ text: String) -> [Token] {
        var out = [Token]()
        run(text) { term, s, e in out.append(Token(term: term, start: s, end: e)) }
        return out
    }

    public func terms(_ text: String) -> [String] {
        var out = [String]()
        // about one term per 13 bytes of French text: one allocation instead of a dozen regrowths
        out.reserveCapacity(text.utf8.count / 10 + 8)
        run(text) { term, _, _ in out.append(term) }
        return out
    }

    /// Content terms of a short text in a given language, without phrases (used to build phrase tables).
    static func contentTerms(_ text: String, language: Language) -> [String] {
        FrenchEnglishAnalyzer(phrases: false, language: language).terms(text)
    }

    /// Calls `emit(term, start, end)` for every term in order.
    public func run(_ text: String, _ emit: (String, Int, Int) -> Void) {
        // Paragraphs (for language identification) are found while decoding, when needed.
        var paragraphs = [Range<Int>]()
        let scalars = language == nil ? Chars.decode(text, paragraphs: &paragraphs, findParagraphs: true) : Chars.decode(text)
        scalars.withUnsafeBufferPointer { t in
            let cache = TermCache.current
            if cache.entries.count > TermCache.maxEntries { cache.reset() }
            if let l = language {
                process(t, 0..<t.count, l, cache, emit)
            } else {
                for (range, l) in LanguageIdentifier.analysisLanguages(t, paragraphs: paragraphs) {
                    process(t, range, l, cache, emit)
                }
            }
        }
    }

    struct Recent { var id: Int32; var start: Int; var end: Int }

    func process(_ t: UnsafeBufferPointer<UInt32>, _ range: Range<Int>, _ lang: Language, _ cache: TermCache,
                 _ emit: (String, Int, Int) -> Void) {
        var sc = WordScanner(t, range: range)
        defer { sc.deallocate() }
        let phrases = self.phrases && stemming
        let table = phrases ? Phrases.tables[lang]! : Phrases.Table()
        // Last content words, all in the phrase vocabulary: window[0..<wn] (at most maxLength ≤ 4).
        let window = UnsafeMutablePointer<Recent>.allocate(capacity: table.maxLength + 1)
        defer { window.deallocate() }
        var wn = 0
        var connectors = 0
        // Entry indices of the content parts of the current hyphenated compound: the first one, then
        // the others (rare) in `compoundRest`.
        var compoundCount = 0
        var compoundFirst = 0
        var compoundRest = [Int]()
        var compoundStart = 0
        var compoundEnd = 0
        var lastPhrase: (term: String, start: Int, end: Int)? = nil
        var lastEntry = -1

        func finishCompound() {
            if compoundCount >= 2 {
                let term = ([compoundFirst] + compoundRest).map { cache.entries[$0].term! }.joined(separator: "_")
                if !(lastPhrase.map { $0.term == term && $0.start == compoundStart && $0.end == compoundEnd } ?? false) {
                    emit(term, compoundStart, compoundEnd)
                }
            }
            compoundCount = 0
            if !compoundRest.isEmpty { compoundRest.removeAll(keepingCapacity: true) }
        }

        while sc.next() {
            if !sc.hyphenJoined {
                if compoundCount > 0 { finishCompound() }
                compoundStart = sc.start
            }
            if sc.breakBefore { wn = 0; connectors = 0 }
            assert(sc.fnv == WordScanner.fnv(sc.wordBuffer), "scanner hash out of date")
            let ei = cache.entryIndex(sc.wordBuffer, fnv: sc.fnv, lang, stemming, version)
            let (term, connector, phraseId) = cache.entries.withUnsafeBufferPointer { e in
                (e[ei].term, e[ei].connector, e[ei].phraseId)
            }
            guard let term else {
                if connector && connectors < 2 && wn > 0 { connectors += 1 } else { wn = 0; connectors = 0 }
                if sc.hyphenJoined { compoundEnd = sc.end }
                continue
            }
            if sc.slashJoined && lastEntry >= 0 && cache.entries[lastEntry].term == term { continue }
            emit(term, sc.start, sc.end)
            lastEntry = ei
            if compoundCount == 0 { compoundFirst = ei } else { compoundRest.append(ei) }
            compoundCount += 1
            compoundEnd = sc.end
            guard phrases else { continue }
            var pid = phraseId
            if pid == -2 {
                pid = table.vocabulary[term] ?? -1
                cache.entries[ei].phraseId = pid
            }
            if pid < 0 { wn = 0; connectors = 0; continue }
            window[wn] = Recent(id: pid, start: sc.start, end: sc.end)
            wn += 1
            connectors = 0
            if wn > table.maxLength {
                for k in 0..<(wn - 1) { window[k] = window[k + 1] }
                wn -= 1
            }
            if wn >= 2 {
                var len = wn
                while len >= 2 {
                    var key = UInt64(len) << 60
                    for k in (wn - len)..<wn { key = key | (UInt64(window[k].id) << (15 * UInt64(k - (wn - len)))) }
                    if let p = table.phrase(key) {
                        let s = window[wn - len].start
                        emit(p, s, sc.end)
                        lastPhrase = (p, s, sc.end)
                        break
                    }
                    len -= 1
                }
            }
        }
        if compoundCount > 0 { finishCompound() }
    }
}

/// Per-thread memo of word → term (each distinct word is analyzed once per thread, language,
/// stemming setting and analyzer version). Open addressing over a flat arena of scalars: no per-lookup allocation.
final class TermCache {
    struct Entry {
        var term: String?
        var connector: Bool
        /// Id of the term in the phrase vocabulary of the entry's language: -2 unknown (filled lazily),
        /// -1 not a phrase word.
        var phraseId: Int32
    }
    // Only ever touched by the thread that owns this cache: no dynamic exclusivity checks needed.
    @exclusivity(unchecked) var entries: [Entry] = []
    @exclusivity(unchecked) var arena: [UInt32] = []
    /// One open-addressing slot (hash 0 = empty); all of a probe's data in one cache line.
    struct Slot {
        var hash: UInt64 = 0
        var entry: Int32 = -1
        /// The word: arena[start..<start + len].
        var start: Int32 = 0
        var len: Int32 = 0
    }
    @exclusivity(unchecked) var slots: [Slot]
    @exclusivity(unchecked) var mask: Int
    static let maxEntries = 200_000

    init() {
        let cap = 1 << 12
        slots = Array(repeating: Slot(), count: cap)
        mask = cap - 1
        entries.reserveCapacity(cap / 2)
        arena.reserveCapacity(cap * 4)
    }

    /// POSIX thread-specific slot holding each thread's cache (retained; released when the thread
    /// exits). Much cheaper per call than Foundation's thread dictionary (a lookup per document).
    static let threadKey: pthread_key_t = {
        var k = pthread_key_t()
        let rc = pthread_key_create(&k) { p in
            if let p { Unmanaged<TermCache>.fromOpaque(p).release() }
        }
        precondition(rc == 0, "pthread_key_create failed")
        return k
    }()

    static var current: TermCache {
        let k = threadKey
        if let p = pthread_getspecific(k) { return Unmanaged<TermCache>.fromOpaque(p).takeUnretainedValue() }
        let c = TermCache()
        pthread_setspecific(k, Unmanaged.passRetained(c).toOpaque())
        return c
    }

    /// Slot hash of a word from its FNV-1a state (`WordScanner.fnv`) and the cache section `li`
    /// (language × stemming × version); never 0 (0 marks an empty slot).
    @inline(__always) static func hash(fnv: UInt64, _ li: Int) -> UInt64 {
        var h = fnv ^ (UInt64(li) &* 0x9E3779B97F4A7C15)
        h ^= h >> 33
        h = h &* 0xff51afd7ed558ccd
        h ^= h >> 33
        return h | 1
    }

    /// Index of the entry for `word` (computed on first sight).
    /// `fnv` is `WordScanner.fnv(w)` (maintained by the scanner while it builds the word).
    @inline(__always) func entryIndex(_ w: UnsafeBufferPointer<UInt32>, fnv: UInt64, _ lang: Language, _ stemming: Bool,
                                      _ version: FrenchEnglishAnalyzer.Version = .v1) -> Int {
        // v1 keeps its sections 0...5 (and so its slot hashes); v2's are 6...11.
        let li = (lang == .fr ? 0 : (lang == .en ? 1 : 2)) + (stemming ? 0 : 3) + (version == .v1 ? 0 : 6)
        do {
            let h = TermCache.hash(fnv: fnv, li)
            var i = Int(truncatingIfNeeded: h) & mask
            let found: Int = slots.withUnsafeBufferPointer { sl in
                arena.withUnsafeBufferPointer { a in
                    while true {
                        let slot = sl[i]
                        if slot.hash == 0 { return -1 }
                        if slot.hash == h && Int(slot.len) == w.count {
                            let st = Int(slot.start)
                            var same = true
                            for k in 0..<w.count where a[st + k] != w[k] { same = false; break }
                            if same { return Int(slot.entry) }
                        }
                        i = (i + 1) & mask
                    }
                }
            }
            if found >= 0 { return found }
            // miss
            let e = TermCache.compute(Array(w), stemming ? lang : .other, stopLanguage: lang, version: version)
            let idx = entries.count
            entries.append(Entry(term: e.term, connector: e.connector, phraseId: -2))
            slots[i] = Slot(hash: h, entry: Int32(idx), start: Int32(arena.count), len: Int32(w.count))
            arena.append(contentsOf: w)
            if entries.count * 2 > slots.count { grow() }
            return idx
        }
    }

    func reset() {
        let cap = 1 << 12
        entries.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
        slots = Array(repeating: Slot(), count: cap)
        mask = cap - 1
    }

    func grow() {
        let cap = slots.count * 2
        var ns = [Slot](repeating: Slot(), count: cap)
        let m = cap - 1
        for slot in slots where slot.hash != 0 {
            var i = Int(truncatingIfNeeded: slot.hash) & m
            while ns[i].hash != 0 { i = (i + 1) & m }
            ns[i] = slot
        }
        slots = ns; mask = m
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
    static func step(_ x: [UInt32], _ lang: Language, _ version: FrenchEnglishAnalyzer.Version = .v1) -> [UInt32] {
        switch lang {
        case .fr:
            var w = x
            restoreAccents(&w)
            Feminine.masculine(&w, version)
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
    static func compute(_ word: [UInt32], _ lang: Language, stopLanguage: Language,
                        version: FrenchEnglishAnalyzer.Version = .v1) -> (term: String?, connector: Bool) {
        if word.count < 2 { return (nil, false) }
        if word.allSatisfy(Chars.isDigit) { return (nil, false) }
        let stops = StopWords.scalarSets[stopLanguage]!
        let folded = fold(word)
        if stops.contains(folded) {
            return (nil, StopWords.connectorScalars.contains(folded))
        }
        let x = step(word, lang, version)
        if x.count < 2 || stops.contains(x) || x.allSatisfy(Chars.isDigit) { return (nil, false) }
        return (Chars.string(x), false)
    }
}
