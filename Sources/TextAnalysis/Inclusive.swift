// French inclusive writing and gendered forms.
//
// 1. The tokenizer strips inclusive markup after a word: "agent·e", "agent.e", "agent(e)", "agent-e",
//    "agent/e", "médiateur·rice·s", "médiateurs/trices", "candidat.e.s", "chef(fe)"… keep the first
//    (masculine) part; a stripped part ending in s/x makes the word plural ("médiateur·rice·s" →
//    "médiateurs"). After a middle dot any letters are markup; after ". / ( -" only the suffixes below.
// 2. `Feminine.masculine` maps feminine word forms to masculine ones before stemming (fr-en-v2 first
//    looks the word up in `GenderTable`, derived from a general word list: "livreuse", "hôtesse")
//    (-trice → -teur, agent-noun -euse → -eur, -ère → -er, -ive → -if, -enne → -en, -elle → -el,
//    -ette → -et, cheffe → chef, designeuse → designer); Snowball stemming then makes
//    "agente"/"agent", "chargée"/"chargé", "auteure"/"auteur" equal.

enum Inclusive {
    static func set(_ words: [String]) -> Set<[UInt32]> { Set(words.map(Chars.scalars)) }
    static let common = ["e", "es", "fe", "fes", "ve", "ves", "te", "tes", "ne", "nes", "le", "les", "rice", "rices",
                         "trice", "trices", "euse", "euses", "ère", "ères", "ere", "eres", "se", "ses", "sse", "sses"]
    /// After "." (lower-case letter required) — also plural "s", "x".
    static let dotSuffixes = set(common + ["s", "x", "ice", "ices"])
    static let slashSuffixes = set(common + ["s", "x", "ice", "ices", "elle", "elles"])
    static let parenSuffixes = set(common + ["s", "x", "ice", "ices"])
    static let hyphenSuffixes = set(["e", "es", "fe", "fes", "rice", "rices", "trice", "trices", "euse", "euses",
                                     "ère", "ères", "ere", "eres", "ne", "nes", "le", "les", "ve", "ves"])

    /// Prefixes that are merged with the next part of a hyphenated compound ("co-construction" →
    /// "coconstruction"), so hyphenated and solid spellings give the same term.
    static let boundPrefixes = set(["co", "re", "ré", "pré", "pre", "inter", "auto", "multi", "pluri", "socio", "eco",
                                    "éco", "néo", "neo", "anti", "non", "post", "sous", "méta", "meta", "micro", "macro",
                                    "ex", "bio", "semi", "mini", "cyber", "agro", "géo", "geo", "psycho", "trans",
                                    "intra", "extra", "ultra", "contre", "télé", "tele", "demi", "e", "hyper", "super",
                                    "poly", "mono", "bi", "tri", "uni", "quasi", "pro", "péri", "peri", "sur",
                                    "infra", "supra", "vice", "bien", "mal"])

    // Packed forms of the sets above for the scanner's hot path (see PackedWordSet).
    static let dotSuffixKeys = PackedWordSet(dotSuffixes)
    static let slashSuffixKeys = PackedWordSet(slashSuffixes)
    static let parenSuffixKeys = PackedWordSet(parenSuffixes)
    static let hyphenSuffixKeys = PackedWordSet(hyphenSuffixes)
    static let boundPrefixKeys = PackedWordSet(boundPrefixes)

    /// Whether `w` (lower case) is an elided word: l d qu n s j c m t jusqu lorsqu puisqu quoiqu presqu quelqu.
    @inline(__always) static func isElision(_ w: UnsafeBufferPointer<UInt32>) -> Bool {
        switch w.count {
        case 1:
            switch w[0] { case 0x6C, 0x64, 0x6E, 0x73, 0x6A, 0x63, 0x6D, 0x74: return true; default: return false }
        case 2: return w[0] == 0x71 && w[1] == 0x75
        case 5, 6, 7: return elisions.contains(Array(w))
        default: return false
        }
    }

    /// Elided words before an apostrophe.
    static let elisions = set(["l", "d", "qu", "n", "s", "j", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu",
                               "presqu", "quelqu"])
}

/// A read-only set of short words, each packed into a UInt64 (see `key`): membership without hashing
/// an array (the scanner tests inclusive suffixes and bound prefixes at every joiner).
struct PackedWordSet: @unchecked Sendable {
    private let keys: [UInt64]
    private let mask: Int

    init(_ words: Set<[UInt32]>) {
        var cap = 16
        while cap < words.count * 4 { cap <<= 1 }
        var keys = [UInt64](repeating: 0, count: cap)
        for w in words {
            let k = w.withUnsafeBufferPointer { PackedWordSet.key($0) }
            precondition(k != 0, "word too long to pack")
            var i = PackedWordSet.slot(k) & (cap - 1)
            while keys[i] != 0 && keys[i] != k { i = (i + 1) & (cap - 1) }
            keys[i] = k
        }
        self.keys = keys
        mask = cap - 1
    }

    /// A word of 1...8 scalars below 0x100 as a non-zero UInt64 (8 bits each, scalars are never 0);
    /// 0 for any other word (such a word is never in a set).
    @inline(__always) static func key(_ w: UnsafeBufferPointer<UInt32>) -> UInt64 {
        if w.count == 0 || w.count > 8 { return 0 }
        var k: UInt64 = 0
        for c in w { if c >= 0x100 { return 0 }; k = (k << 8) | UInt64(c) }
        return k
    }

    @inline(__always) static func slot(_ k: UInt64) -> Int { Int(truncatingIfNeeded: (k &* 0x9E3779B97F4A7C15) >> 40) }

    /// Whether the packed word `k` (from `key`, or built the same way) is in the set; false for 0.
    @inline(__always) func contains(_ k: UInt64) -> Bool {
        if k == 0 { return false }
        return keys.withUnsafeBufferPointer { ks in
            var i = PackedWordSet.slot(k) & mask
            while true {
                let x = ks[i]
                if x == k { return true }
                if x == 0 { return false }
                i = (i + 1) & mask
            }
        }
    }
}

enum Feminine {
    static func u(_ s: String) -> [UInt32] { Chars.scalars(s) }
    static let whole: [[UInt32]: [UInt32]] = {
        var d = [[UInt32]: [UInt32]]()
        for (f, m) in [("cheffe", "chef"), ("cheffes", "chefs"), ("designeuse", "designer"), ("designeuses", "designers"),
                       ("ambassadrice", "ambassadeur"), ("ambassadrices", "ambassadeurs"),
                       ("défenderesse", "défendeur"), ("doctoresse", "docteur"), ("maîtresse", "maître"),
                       ("maitresse", "maitre"), ("copine", "copain"), ("copines", "copains")] {
            d[u(f)] = u(m)
        }
        return d
    }()
    static let trice = u("trice"), trices = u("trices"), euse = u("euse"), euses = u("euses")
    static let ere = u("ère"), eres = u("ères"), ereA = u("ere"), eresA = u("eres")
    static let ive = u("ive"), ives = u("ives"), enne = u("enne"), ennes = u("ennes")
    static let elle = u("elle"), elles = u("elles"), ette = u("ette"), ettes = u("ettes")
    static let notTrice = set(["matrice", "matrices", "cicatrice", "cicatrices"])
    static let notIve = set(["archive", "archives", "olive", "olives", "rive", "rives", "convive", "convives", "missive",
                             "missives", "lessive", "lessives", "salive", "dérive", "dérives", "ogive", "gencive",
                             "solive", "coursive", "estive", "grive", "live", "lives", "drive", "drives"])
    /// -euse adjectives whose masculine is -eux (handled by the stemmer, not mapped to -eur).
    static let euseAdjectives = set(["nerveuse", "fameuse", "fâcheuse", "paresseuse", "coûteuse", "honteuse", "douteuse",
                                     "hideuse", "pompeuse", "boueuse", "osseuse", "fastueuse", "juteuse", "moelleuse",
                                     "neigeuse", "épineuse", "soigneuse", "orageuse", "visqueuse", "belliqueuse",
                                     "creuse", "berceuse", "chanceuse", "malchanceuse", "peureuse", "joyeuse",
                                     "ennuyeuse", "dispendieuse", "onéreuse", "mielleuse"])
    static func set(_ w: [String]) -> Set<[UInt32]> { Set(w.map(Chars.scalars)) }

    @inline(__always) static func ends(_ w: [UInt32], _ s: [UInt32]) -> Bool {
        if s.count >= w.count { return false }
        var j = w.count - s.count
        for c in s { if w[j] != c { return false }; j += 1 }
        return true
    }
    @inline(__always) static func swap(_ w: inout [UInt32], _ n: Int, _ r: String) {
        w.removeLast(n); w.append(contentsOf: r.unicodeScalars.map { $0.value })
    }
    static func isEuseAdjectiveStem(_ c: UInt32) -> Bool {
        // ieuse, ueuse, reuse, geuse, yeuse, xeuse: adjectives (curieuse, respectueuse, heureuse, courageuse…)
        c == 0x69 || c == 0x75 || c == 0x72 || c == 0x67 || c == 0x79 || c == 0x78 || c == 0xEF
    }

    /// fr-en-v2's word-list-checked forms (`GenderTable`, generated): feminine → masculine, singular and
    /// plural, with and without accents; an -eux adjective maps to itself (kept from v1's -euse → -eur).
    static let checked: [[UInt32]: [UInt32]] = {
        var d = [[UInt32]: [UInt32]]()
        let pairs = GenderTable.agentEuse + GenderTable.esse + GenderTable.adjectiveEuse.map { ($0, $0) }
        for (f, m) in pairs {
            d[u(f)] = u(m)
            d[u(f + "s")] = u(m + "s")
        }
        // Accent-free spellings ("hotesse"), unless one is already a word of the table.
        for (f, m) in pairs {
            let ff = TermCache.fold(u(f)), fm = TermCache.fold(u(m))
            if d[ff] == nil { d[ff] = fm }
            if d[ff + [0x73]] == nil { d[ff + [0x73]] = fm + [0x73] }
        }
        return d
    }()

    /// Maps a lower-case French word to its masculine form (in place). Plural is kept.
    /// v2 first looks the word up in `checked` (a word the word list settles); v1 never does.
    static func masculine(_ w: inout [UInt32], _ version: FrenchEnglishAnalyzer.Version = .v1) {
        if w.count < 4 { return }
        if let m = whole[w] { w = m; return }
        if version == .v2, let m = checked[w] { w = m; return }
        let last = w[w.count - 1]
        if last != 0x65 && last != 0x73 { return } // every handled form ends in e or s
        if ends(w, trice) { if !notTrice.contains(w) && w.count >= 7 { swap(&w, 5, "teur") }; return }
        if ends(w, trices) { if !notTrice.contains(w) && w.count >= 8 { swap(&w, 6, "teurs") }; return }
        if ends(w, euse) || ends(w, euses) {
            let n = ends(w, euse) ? 4 : 5
            let before = w[w.count - n - 1]
            if euseAdjectives.contains(w) || isEuseAdjectiveStem(before) { return }
            if n == 5, euseAdjectives.contains(Array(w.dropLast())) { return }
            // single n: lumineuse, épineuse (adjectives); nn: randonneuse (agent)
            if before == 0x6E && w.count - n - 2 >= 0 && w[w.count - n - 2] != 0x6E { return }
            swap(&w, n, n == 4 ? "eur" : "eurs"); return
        }
        if ends(w, ere) || ends(w, ereA) { swap(&w, 3, "er"); return }
        if ends(w, eres) || ends(w, eresA) { swap(&w, 4, "ers"); return }
        if ends(w, ive) { if w.count >= 6 && !notIve.contains(w) { swap(&w, 3, "if") }; return }
        if ends(w, ives) { if w.count >= 7 && !notIve.contains(w) { swap(&w, 4, "ifs") }; return }
        if ends(w, enne) { swap(&w, 4, "en"); return }
        if ends(w, ennes) { swap(&w, 5, "ens"); return }
        if ends(w, elle) { swap(&w, 4, "el"); return }
        if ends(w, elles) { swap(&w, 5, "els"); return }
        if ends(w, ette) { swap(&w, 4, "et"); return }
        if ends(w, ettes) { swap(&w, 5, "ets"); return }
    }
}
