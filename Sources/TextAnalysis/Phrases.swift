// Multi-word terms of the field. Each phrase becomes a feature of its own, besides its words:
// the term is the stems of its content words joined with "_" (e.g. "design de services" →
// "design_servic"). Matching is done on analyzed words, so plural, inclusive and accent variants
// match, and connector stop words ("de", "des", "du", "la", "of", "the"…) may sit between the words.
// A phrase is listed with its language; it is matched in text of either language (its words are
// stemmed both ways) and always yields the same term.

public enum Phrases {
    /// (phrase, language it is written in)
    public static let list: [(String, Language)] = [
        ("design de services", .fr), ("design de service public", .fr), ("intelligence collective", .fr),
        ("participation citoyenne", .fr), ("innovation sociale", .fr), ("innovation publique", .fr),
        ("innovation territoriale", .fr), ("médiation culturelle", .fr), ("médiation numérique", .fr),
        ("gestion de projet", .fr), ("chef de projet", .fr), ("chargé de mission", .fr), ("conduite du changement", .fr),
        ("accompagnement au changement", .fr), ("recherche action", .fr), ("action recherche", .fr),
        ("politiques publiques", .fr), ("action publique", .fr), ("transition écologique", .fr),
        ("transition énergétique", .fr), ("mobilisation communautaire", .fr), ("parties prenantes", .fr),
        ("expérience utilisateur", .fr), ("développement durable", .fr), ("développement territorial", .fr),
        ("économie sociale et solidaire", .fr), ("démocratie participative", .fr), ("budget participatif", .fr),
        ("éducation populaire", .fr), ("sciences sociales", .fr), ("sciences humaines", .fr),
        ("aménagement du territoire", .fr), ("santé publique", .fr), ("facilitation graphique", .fr),
        ("collectivités territoriales", .fr), ("transformation numérique", .fr), ("inclusion numérique", .fr),
        ("éducation artistique", .fr), ("concertation citoyenne", .fr), ("animation territoriale", .fr),
        ("design thinking", .en), ("service design", .en), ("community organizing", .en), ("user research", .en),
        ("living lab", .en), ("user experience", .en), ("social innovation", .en), ("public policy", .en),
        ("project management", .en), ("sustainable development", .en), ("action research", .en),
        ("participatory design", .en), ("civic tech", .en), ("stakeholder engagement", .en),
        ("community engagement", .en), ("human centered design", .en), ("design research", .en),
    ]

    struct Table {
        /// Stems occurring in phrases → small ids (≥ 0, < 2^15).
        var vocabulary: [String: Int32] = [:]
        /// Packed ids of a phrase's stems in text order (15 bits each, length in the top 4 bits) → term.
        var byIds: [UInt64: String] = [:]
        var maxLength = 1
        /// `byIds` as an open-addressing table (key 0 = empty; keys are never 0, the length is in
        /// them): `phrase(_:)` is called for every run of two or more phrase words.
        var keys: [UInt64] = [0]
        var terms: [String] = [""]
        var mask = 0

        mutating func buildIndex() {
            var cap = 16
            while cap < byIds.count * 4 { cap <<= 1 }
            keys = [UInt64](repeating: 0, count: cap)
            terms = [String](repeating: "", count: cap)
            mask = cap - 1
            for (k, term) in byIds {
                var i = Table.slot(k) & mask
                while keys[i] != 0 { i = (i + 1) & mask }
                keys[i] = k
                terms[i] = term
            }
        }

        @inline(__always) static func slot(_ k: UInt64) -> Int { Int(truncatingIfNeeded: (k &* 0x9E3779B97F4A7C15) >> 32) }

        /// The phrase term for packed ids `k` (see `key`), if any. Same answer as `byIds[k]`.
        @inline(__always) func phrase(_ k: UInt64) -> String? {
            var i = Table.slot(k) & mask
            while true {
                let x = keys[i]
                if x == k { return terms[i] }
                if x == 0 { return nil }
                i = (i + 1) & mask
            }
        }

        static func key(_ ids: [Int32]) -> UInt64 {
            var k = UInt64(ids.count) << 60
            for (j, id) in ids.enumerated() { k |= UInt64(id) << (15 * UInt64(j)) }
            return k
        }
    }

    /// Phrase tables per text language.
    static let tables: [Language: Table] = {
        var out = [Language: Table]()
        for textLanguage in Language.allCases {
            var t = Table()
            for (p, lang) in list {
                let canonical = FrenchEnglishAnalyzer.contentTerms(p, language: lang)
                guard canonical.count >= 2 else { continue }
                let term = canonical.joined(separator: "_")
                let local = FrenchEnglishAnalyzer.contentTerms(p, language: textLanguage)
                for stems in [canonical, local] where stems.count >= 2 {
                    let ids = stems.map { stem -> Int32 in
                        if let id = t.vocabulary[stem] { return id }
                        let id = Int32(t.vocabulary.count)
                        t.vocabulary[stem] = id
                        return id
                    }
                    t.byIds[Table.key(ids)] = term
                    t.maxLength = max(t.maxLength, stems.count)
                }
            }
            precondition(t.maxLength <= 4, "phrase keys hold at most 4 ids")
            t.buildIndex()
            out[textLanguage] = t
        }
        return out
    }()
}
