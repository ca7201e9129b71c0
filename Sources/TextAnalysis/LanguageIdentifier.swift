import Foundation

/// Cheap language identification: character trigram profiles (built at first use from representative
/// sentences written for this project, for French, English and — to recognise "neither" — German and
/// Spanish) combined with function-word cues. Confidence is the winner's posterior, shrunk when there
/// is little text. Guesses other than fr/en (or too little text) are `.other`.
public enum LanguageIdentifier {
    /// Languages scored internally; only fr and en are reported as such.
    enum L: Int, CaseIterable { case fr = 0, en, de, es }

    static let samples: [L: String] = [
        .fr: """
        Le chargé de projet accompagne les équipes dans la conception des services publics avec les usagers. \
        Vous animerez des ateliers de concertation et de participation citoyenne sur le territoire de la métropole. \
        Nous recherchons une personne curieuse, à l'écoute, qui aime travailler en équipe et en partenariat. \
        La mission consiste à coordonner les actions, à suivre le budget et à rédiger les bilans pour les élus. \
        Il s'agit d'un poste à temps plein basé à Montréal, avec des déplacements ponctuels dans les quartiers. \
        Les candidatures doivent être envoyées avant la fin du mois, accompagnées d'une lettre de motivation. \
        Cette démarche d'innovation sociale vise à renforcer le pouvoir d'agir des habitants et des associations. \
        Vous contribuerez à la mise en œuvre des politiques publiques et à l'évaluation de leurs effets. \
        Expérience de trois ans minimum dans la médiation culturelle, l'éducation populaire ou le design de services. \
        Elle est responsable de la relation avec les partenaires et des outils de communication qui sont utilisés.
        """,
        .en: """
        The project manager works with the teams to design public services together with their users. \
        You will facilitate workshops on community engagement and citizen participation across the city. \
        We are looking for a curious person who listens well, enjoys teamwork and building partnerships. \
        The role involves coordinating activities, tracking the budget and writing reports for elected officials. \
        This is a full-time position based in Montreal, with occasional travel to the neighbourhoods. \
        Applications should be sent before the end of the month, together with a cover letter. \
        This social innovation approach aims to strengthen the agency of residents and community groups. \
        You will help implement public policies and evaluate their effects on the people they serve. \
        At least three years of experience in cultural mediation, popular education or service design. \
        She is responsible for the relationship with partners and for the communication tools that are used.
        """,
        .de: """
        Der Projektleiter arbeitet mit den Teams an der Gestaltung öffentlicher Dienste gemeinsam mit den Nutzern. \
        Sie moderieren Workshops zur Bürgerbeteiligung und zur Zusammenarbeit in der ganzen Stadt. \
        Wir suchen eine neugierige Person, die gut zuhören kann und gerne im Team arbeitet. \
        Die Aufgabe umfasst die Koordination der Aktivitäten, die Verfolgung des Budgets und das Schreiben von Berichten. \
        Es handelt sich um eine Vollzeitstelle mit gelegentlichen Reisen in die Stadtteile und Gemeinden. \
        Bewerbungen sind bis zum Ende des Monats mit einem Anschreiben einzureichen und werden geprüft.
        """,
        .es: """
        El jefe de proyecto trabaja con los equipos en el diseño de servicios públicos junto con los usuarios. \
        Usted facilitará talleres de participación ciudadana y de colaboración en toda la ciudad. \
        Buscamos una persona curiosa, que sepa escuchar y que disfrute del trabajo en equipo. \
        El puesto consiste en coordinar las actividades, seguir el presupuesto y redactar los informes para los concejales. \
        Se trata de un puesto a tiempo completo con desplazamientos ocasionales a los barrios de la ciudad. \
        Las candidaturas deben enviarse antes del final del mes, acompañadas de una carta de motivación.
        """,
    ]

    static let cueWords: [L: Set<String>] = [
        .fr: ["le", "la", "les", "des", "du", "de", "et", "est", "une", "un", "dans", "pour", "avec", "sur", "vous", "nous",
              "qui", "que", "au", "aux", "ce", "cette", "sont", "par", "il", "elle", "ou", "pas", "plus", "leur", "son", "ses"],
        .en: ["the", "and", "of", "to", "in", "is", "are", "with", "for", "you", "we", "that", "this", "on", "be", "will",
              "as", "an", "by", "our", "your", "from", "it", "at", "or", "have", "has", "their", "who", "which"],
        .de: ["der", "die", "das", "und", "ist", "nicht", "mit", "ein", "eine", "zu", "den", "dem", "sie", "wir", "auf",
              "im", "für", "von", "sich", "auch", "werden", "bei", "zur", "zum"],
        .es: ["el", "los", "las", "del", "y", "es", "con", "por", "para", "una", "que", "se", "su", "sus", "al", "como",
              "en", "lo", "usted", "muy", "pero", "este", "esta"],
    ]

    struct Profile {
        var logp: [UInt64: [Float]] = [:]   // trigram → log probability per language
        var unseen: [Float] = []
        var cues: [[UInt32]: [Bool]] = [:]
    }

    @inline(__always) static func pack(_ a: UInt32, _ b: UInt32, _ c: UInt32) -> UInt64 {
        (UInt64(a) << 42) | (UInt64(b) << 21) | UInt64(c)
    }

    /// Lower-cased letters and single spaces; other characters map to space.
    @inline(__always) static func norm(_ c: UInt32) -> UInt32 {
        if c < 0x80 {
            if c >= 0x41 && c <= 0x5A { return c + 32 }
            if c >= 0x61 && c <= 0x7A { return c }
            if c == 0x27 { return 0x27 }
            return 0x20
        }
        if c == 0x2019 { return 0x27 }
        return Chars.isLetter(c) ? Chars.lower(c) : 0x20
    }

    static let profile: Profile = {
        var counts = [[UInt64: Int]](repeating: [:], count: L.allCases.count)
        var totals = [Int](repeating: 0, count: L.allCases.count)
        for l in L.allCases {
            let s = Chars.decode(samples[l]!)
            var a: UInt32 = 0x20, b: UInt32 = 0x20
            for raw in s + [0x20] {
                let c = norm(raw)
                if c == 0x20 && b == 0x20 { continue }
                counts[l.rawValue][pack(a, b, c), default: 0] += 1
                totals[l.rawValue] += 1
                a = b; b = c
            }
        }
        var p = Profile()
        let vocab = Float(Set(counts.flatMap { $0.keys }).count)
        p.unseen = L.allCases.map { log(0.5 / (Float(totals[$0.rawValue]) + 0.5 * vocab)) }
        for key in Set(counts.flatMap { $0.keys }) {
            p.logp[key] = L.allCases.map { l in
                log((Float(counts[l.rawValue][key] ?? 0) + 0.5) / (Float(totals[l.rawValue]) + 0.5 * vocab))
            }
        }
        for l in L.allCases {
            for w in cueWords[l]! {
                var v = p.cues[Chars.scalars(w)] ?? [Bool](repeating: false, count: L.allCases.count)
                v[l.rawValue] = true
                p.cues[Chars.scalars(w)] = v
            }
        }
        return p
    }()

    /// Scores of t[range] (at most `cap` scalars): (per-language score, number of letters).
    static func score(_ t: UnsafeBufferPointer<UInt32>, _ range: Range<Int>, cap: Int) -> ([Float], Int) {
        let p = profile
        let nL = L.allCases.count
        var s = [Float](repeating: 0, count: nL)
        var letters = 0
        var a: UInt32 = 0x20, b: UInt32 = 0x20
        var word = [UInt32]()
        let end = min(range.upperBound, range.lowerBound + cap)
        var i = range.lowerBound
        var cueHits = [Float](repeating: 0, count: nL)
        while i <= end {
            let c: UInt32 = i < end ? norm(t[i]) : 0x20
            i += 1
            if c == 0x20 {
                if !word.isEmpty {
                    if let v = p.cues[word] { for k in 0..<nL where v[k] { cueHits[k] += 1 } }
                    word.removeAll(keepingCapacity: true)
                }
                if b == 0x20 { continue }
            } else if c != 0x27 {
                word.append(c); letters += 1
            } else {
                word.removeAll(keepingCapacity: true)
            }
            let key = pack(a, b, c)
            if let lp = p.logp[key] { for k in 0..<nL { s[k] += lp[k] } } else { for k in 0..<nL { s[k] += p.unseen[k] } }
            a = b; b = c
        }
        // function words: each hit is worth a strong likelihood ratio
        for k in 0..<nL { s[k] += 2.0 * cueHits[k] }
        return (s, letters)
    }

    static func guess(from scores: [Float], letters: Int) -> LanguageGuess {
        if letters < 12 { return LanguageGuess(language: .other, confidence: 0) }
        let m = scores.max()!
        // temper: trigram log-likelihoods are not independent
        let ex = scores.map { exp(Double(($0 - m) / 3)) }
        let z = ex.reduce(0, +)
        var best = 0
        for k in 1..<ex.count where ex[k] > ex[best] { best = k }
        let posterior = ex[best] / z
        // fr/en need ~60 letters for full confidence; "another language" needs more evidence (~200)
        let isOther = best >= 2
        let amount = min(1.0, Double(letters) / (isOther ? 200.0 : 60.0))
        let conf = max(0, min(1, posterior * amount))
        switch L(rawValue: best)! {
        case .fr: return LanguageGuess(language: .fr, confidence: conf)
        case .en: return LanguageGuess(language: .en, confidence: conf)
        default: return LanguageGuess(language: .other, confidence: conf)
        }
    }

    /// Guess for a whole text (the first 4,000 scalars are looked at).
    public static func identify(_ text: String) -> LanguageGuess {
        let s = Chars.decode(text)
        return s.withUnsafeBufferPointer { t in
            let (sc, letters) = score(t, 0..<t.count, cap: 4000)
            return guess(from: sc, letters: letters)
        }
    }

    /// Paragraphs (separated by blank lines) with a guess each. Ranges are Unicode scalar offsets,
    /// trimmed of the surrounding blank lines; blank text gives no paragraph.
    public static func identifyParagraphs(_ text: String) -> [(range: Range<Int>, guess: LanguageGuess)] {
        let s = Chars.decode(text)
        return s.withUnsafeBufferPointer { t in
            paragraphs(t).map { r in
                let (sc, letters) = score(t, r, cap: 4000)
                return (r, guess(from: sc, letters: letters))
            }
        }
    }

    static func paragraphs(_ t: UnsafeBufferPointer<UInt32>) -> [Range<Int>] {
        var out = [Range<Int>]()
        var i = 0
        let n = t.count
        while i < n {
            // skip blank
            while i < n && (Chars.isSpace(t[i])) { i += 1 }
            if i >= n { break }
            let start = i
            var lastNonBlank = i
            var newlines = 0
            while i < n {
                let c = t[i]
                if c == 0x0A {
                    newlines += 1
                    if newlines >= 2 { break }
                } else if !Chars.isSpace(c) {
                    newlines = 0
                    lastNonBlank = i
                }
                i += 1
            }
            out.append(start..<(lastNonBlank + 1))
        }
        return out
    }

    /// Languages used for analysis: paragraph guesses (first 400 scalars of each), unsure paragraphs
    /// take the document's language, an unsure document is French. Ranges cover the whole text.
    static func analysisLanguages(_ t: UnsafeBufferPointer<UInt32>) -> [(Range<Int>, Language)] {
        let paras = paragraphs(t)
        if paras.isEmpty { return [(0..<t.count, .fr)] }
        var guesses = [LanguageGuess]()
        guesses.reserveCapacity(paras.count)
        var total = [Float](repeating: 0, count: L.allCases.count)
        var totalLetters = 0
        for r in paras {
            let (sc, letters) = score(t, r, cap: 400)
            guesses.append(guess(from: sc, letters: letters))
            if totalLetters < 3000 {
                for k in 0..<total.count { total[k] += sc[k] }
                totalLetters += letters
            }
        }
        let doc = guess(from: total, letters: totalLetters)
        let docLanguage: Language = (doc.confidence >= 0.5) ? doc.language : .fr
        var out = [(Range<Int>, Language)]()
        var prevEnd = 0
        for (k, r) in paras.enumerated() {
            let g = guesses[k]
            let l = g.confidence >= 0.5 ? g.language : docLanguage
            let lo = prevEnd
            let hi = k + 1 < paras.count ? paras[k + 1].lowerBound : t.count
            if let last = out.last, last.1 == l {
                out[out.count - 1] = (last.0.lowerBound..<hi, l)
            } else {
                out.append((lo..<hi, l))
            }
            prevEnd = hi
            _ = r
        }
        return out
    }
}
