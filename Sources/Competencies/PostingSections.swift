import Foundation

/// What a part of a posting does: ask something of the person, or present the employer.
public enum SectionKind: String, Sendable {
    /// Missions, profile, qualifications, requirements, languages: what the job asks of the person.
    case requirement
    /// The organisation's presentation and context (and the text before the first heading): a competency
    /// named there is a mention ("nos approches de recherche-action, d'innovation sociale"), unless its
    /// sentence speaks of the role or the person sought (`roleCues`: "nous cherchons … une personne dont
    /// les rôles …", "recrute un·e chef·fe de projet pour …").
    case context
    /// Conditions, perks, how to apply: always a mention ("budget formation", "assurance collective").
    case mention
    /// No heading known: treated as a requirement (a posting without headings is all requirements).
    case unknown
}

/// Sections of a posting, from its heading lines.
///
/// A heading is a short line (at most 60 characters once list markers, `#`, `*` and a final `:`, `?`,
/// `!` or `…` are removed) that reads as one of the usual headings of French and English postings
/// (`requirementHeadings`, `mentionHeadings`). It opens a section that runs to the next heading.
/// Lines that are not headings never close a section, so sub-headings ("Recrutement et intégration")
/// stay in their section.
///
/// The text before the first heading (title, organisation, a first paragraph about the employer) is
/// context when the posting has at least one requirement heading: the job title alone is not a
/// requirement (Data/judgments/README.md: "not listed when merely implied by the job title"). A posting
/// with no requirement heading at all is `unknown` throughout, i.e. read as requirements, so that a
/// posting written as one block of text keeps all its competencies.
public enum PostingSections {
    /// Headings (folded: lowercase, no accents, apostrophes as ', single spaces) that open a requirement section.
    static let requirementHeadings: Set<String> = [
        "profil", "profil recherche", "ton profil", "votre profil", "le profil", "profil souhaite", "profil du candidat",
        "qui cherche-t-on", "qui cherchons-nous", "competences", "competences recherchees", "competences requises",
        "savoir-faire", "savoir-etre", "qualites", "qualites recherchees", "exigences", "exigences du poste",
        "exigences linguistiques", "qualifications", "qualifications requises", "formation et experience", "experience",
        "missions", "mission", "vos missions", "tes missions", "votre mission", "missions principales", "principales missions",
        "le poste", "description du poste", "a propos du poste", "votre role", "ton role", "role", "mandat", "votre mandat",
        "fonctions", "principales fonctions", "taches", "vos taches", "principales taches", "activites", "activites principales",
        "responsabilites", "principales responsabilites", "principales taches et responsabilites", "sommaire de l'emploi",
        "langues", "langue", "atouts", "un plus",
        "requirements", "qualifications and requirements", "responsibilities", "key responsibilities", "main responsibilities",
        "ce que tu vas faire", "ce que tu feras", "ce que vous ferez", "ce que vous allez faire", "vos responsabilites",
        "tes responsabilites", "ce que nous attendons de vous", "ce qu'on attend de toi", "your responsibilities",
        "what you'll do", "what you will do", "what you'll be doing", "your role", "the role", "about the role", "the position",
        "about the position", "about the job", "position summary", "job summary", "duties", "key duties", "who you are",
        "what you bring", "what we are looking for", "what we're looking for", "skills", "skills and experience",
        "required skills", "profile", "your profile", "languages", "language requirements", "nice to have", "assets",
        "the opportunity", "job description",
    ]
    /// Headings that open a context section (the employer, its approaches, the context).
    static let contextHeadings: Set<String> = [
        "qui sommes-nous", "qui sommes nous", "a propos", "a propos de nous", "presentation", "presentation de l'organisme",
        "presentation de la structure", "l'organisme", "l'organisation", "notre organisation", "la structure", "l'employeur",
        "contexte", "le contexte", "contexte du poste", "un peu de contexte", "l'equipe", "notre equipe", "l'environnement",
        "about us", "who we are", "about the organization", "about the organisation", "about the foundation", "about",
        "our team", "the team", "context", "background",
    ]
    /// Headings that open a mention section (conditions, perks, applying).
    static let mentionHeadings: Set<String> = [
        "conditions", "conditions de travail", "conditions d'emploi", "avantages", "nos avantages", "ce que nous offrons",
        "nous offrons", "ce que l'on offre", "remuneration", "salaire", "candidature", "candidatures", "pour postuler",
        "pour candidater", "vous souhaitez postuler", "comment postuler", "processus de recrutement", "modalites de candidature",
        "what we offer", "we offer", "benefits", "perks", "compensation",
        "salary", "how to apply", "to apply", "application", "working conditions",
    ]

    /// Heading text of a line (folded, markers and final punctuation removed), or nil when too long.
    static func headingKey(_ line: String) -> String? {
        var s = line.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "\u{2019}", with: "'").replacingOccurrences(of: "\u{00A0}", with: " ")
        let junk = CharacterSet(charactersIn: " \t#*-•◦▪‣●■□➢►→>_:?!….«»\"“”")
        s = s.trimmingCharacters(in: junk)
        guard !s.isEmpty, s.count <= 60 else { return nil }
        while s.contains("  ") { s = s.replacingOccurrences(of: "  ", with: " ") }
        return s
    }

    static func kind(ofHeading key: String) -> SectionKind? {
        if requirementHeadings.contains(key) { return .requirement }
        if mentionHeadings.contains(key) { return .mention }
        if contextHeadings.contains(key) { return .context }
        // "About <organisation name>", "À propos de <organisation>", "Présentation du <organisation>": the employer.
        if key.hasPrefix("about ") || key.hasPrefix("a propos de ") || key.hasPrefix("a propos d'") || key.hasPrefix("presentation d") { return .context }
        return nil
    }

    /// Words (folded) of a sentence about the role or the person sought, in a context section.
    static let roleCues = [
        "une personne", "la personne", "le poste", "ce poste", "du poste", "titulaire", "candidat", "recrute", "nous cherchons",
        "nous recherchons", "recherche un", "recherche une", "le ou la", "le/la", "la ou le", "vous aurez", "vous serez", "tu seras",
        "the successful", "the person", "this role", "this position", "the role", "you will", "you'll", "we are looking for",
        "we're looking for", "is looking for", "is hiring", "the candidate",
    ]

    /// True when the sentence holding `start..<end` speaks of the role or the person sought.
    static func speaksOfTheRole(_ scalars: [Unicode.Scalar], start: Int, end: Int) -> Bool {
        var lo = start
        while lo > 0 && !TextSpans.isBoundary(scalars, lo - 1) { lo -= 1 }
        var hi = end
        while hi < scalars.count && !TextSpans.isBoundary(scalars, hi) { hi += 1 }
        let sentence = SenseCheck.fold(TextSpans.slice(scalars, lo, hi))
        return roleCues.contains { sentence.contains($0) }
    }

    /// Sections as (start, end, kind) in Unicode scalar offsets, covering the whole text in order.
    public static func sections(_ scalars: [Unicode.Scalar]) -> [(start: Int, end: Int, kind: SectionKind)] {
        var headings = [(at: Int, kind: SectionKind)]()
        var lineStart = 0
        var i = 0
        while i <= scalars.count {
            if i == scalars.count || scalars[i] == "\n" {
                if i > lineStart, i - lineStart <= 80 {
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: scalars[lineStart..<i])
                    if let key = headingKey(String(view)), let kind = kind(ofHeading: key) { headings.append((lineStart, kind)) }
                }
                lineStart = i + 1
            }
            i += 1
        }
        guard headings.contains(where: { $0.kind == .requirement }) else { return [(0, scalars.count, .unknown)] }
        var out = [(start: Int, end: Int, kind: SectionKind)]()
        if let first = headings.first, first.at > 0 { out.append((0, first.at, .context)) }
        for (k, h) in headings.enumerated() {
            out.append((h.at, k + 1 < headings.count ? headings[k + 1].at : scalars.count, h.kind))
        }
        return out
    }

    /// Kind of the section holding `offset`.
    static func kind(at offset: Int, in sections: [(start: Int, end: Int, kind: SectionKind)]) -> SectionKind {
        for s in sections where s.start <= offset && offset < s.end { return s.kind }
        return .unknown
    }
}

/// Sense checks for ambiguous forms: a matched span is dropped when its context shows another sense.
///
/// Why: forms are matched on stems, and a few stems carry a second, common sense in postings and CVs
/// (issue 14): "Excellent" shares "excel" with the spreadsheet; "perte d'autonomie" (a person's loss of
/// independence) and "véhicules autonomes" are not the autonomy competency; "budget participatif" (a
/// civic process) and the perk "budget formation" are not budgeting; "sollicitations" (requests from
/// users) is not fundraising unless money is in the sentence; "Rattaché(e) au chef de projet" names
/// the person's manager, not a project-management requirement; a clinical, educational or HR
/// "évaluation" is not programme or policy evaluation.
enum SenseCheck {
    /// Competency → words whose folded letters start with one of these never match it.
    static let blockedWords: [String: [String]] = [
        "digital-tools": ["excellen"],
    ]
    /// Competency → phrases (folded) that, found around the match and containing it, give another sense.
    static let blockedPhrases: [String: [String]] = [
        "autonomy": ["perte d'autonomie", "pertes d'autonomie", "perte de l'autonomie", "en perte d'autonomie", "vehicules autonomes",
                     "vehicule autonome", "voitures autonomes", "voiture autonome", "navettes autonomes", "autonomous vehicle",
                     "autonomous vehicles", "loss of autonomy", "travailleur autonome", "travailleurs autonomes", "travailleuse autonome",
                     "autonomie alimentaire", "autonomie energetique", "autonomie des personnes", "autonomie des aines",
                     "maintien de l'autonomie", "l'autonomie des usagers", "autonomie des jeunes", "autonomie des eleves"],
        "budgeting": ["budget participatif", "budgets participatifs", "budget participatif citoyen", "participatory budget",
                      "participatory budgeting", "budget formation", "budget de formation", "budgets de formation",
                      "budget annuel de formation", "budget formation annuel", "training budget", "professional development budget",
                      "budget de developpement professionnel", "budget perfectionnement", "budget de perfectionnement"],
    ]
    /// Competency → words (folded prefixes) in the 50 characters before the match that make it another's role.
    static let blockedBefore: [String: [String]] = [
        "project-management": ["rattache", "sous la responsabilite", "sous l'autorite", "sous la supervision", "reporting to",
                               "reports to", "report to", "en appui au", "en appui a", "assister le", "assister la", "aux cotes d",
                               "supervise par", "supervisee par", "under the supervision"],
    ]
    /// Competency → surface prefixes of the match that need one of `requiredContext` in the sentence.
    static let needsContext: [String: (surface: [String], context: [String])] = [
        "fundraising": (["sollicit"], ["don ", "dons", "donat", "donor", "mecen", "fonds", "financ", "philanthrop", "collecte",
                                       "gift", "fundrais", "campagne", "grant", "subvention", "bailleur"]),
    ]
    /// Competency → words of the sentence that give the match another field's sense.
    static let otherSense: [String: (surface: [String], context: [String])] = [
        "evaluation": (["evalu"], ["clinique", "clinical", "condition physique", "condition mentale", "patient",
                                   "soins", "infirmi", "nursing", "plaie", "eleve", "apprentissage", "student",
                                   "learning", "medical", "medicale", "therapeut", "diagnostic", "risque suicidaire",
                                   "entretiens d'evaluation", "entretien annuel", "rendement", "performance review",
                                   "evaluation des candidat", "assessment of patients", "triage"]),
    ]

    static func fold(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "\u{2019}", with: "'").replacingOccurrences(of: "\u{00A0}", with: " ")
    }

    /// True when the span `start..<end` of `scalars`, matched for `competency`, has another sense in its context.
    static func rejects(_ competency: String, _ scalars: [Unicode.Scalar], start: Int, end: Int) -> Bool {
        let hasRules = blockedWords[competency] != nil || blockedPhrases[competency] != nil || blockedBefore[competency] != nil
            || needsContext[competency] != nil || otherSense[competency] != nil
        guard hasRules else { return false }
        // The sentence around the span, at most 120 scalars on each side.
        var lo = start
        while lo > 0 && start - lo < 120 && !TextSpans.isBoundary(scalars, lo - 1) { lo -= 1 }
        var hi = end
        while hi < scalars.count && hi - end < 120 && !TextSpans.isBoundary(scalars, hi) { hi += 1 }
        // The whole words the span covers.
        var ws = start, we = end
        while ws > lo && scalars[ws - 1].properties.isAlphabetic { ws -= 1 }
        while we < hi && scalars[we].properties.isAlphabetic { we += 1 }
        let before = fold(TextSpans.slice(scalars, lo, ws)), match = fold(TextSpans.slice(scalars, ws, we))
        let after = fold(TextSpans.slice(scalars, we, hi))
        let sentence = before + match + after
        if let words = blockedWords[competency], words.contains(where: { match.hasPrefix($0) }) { return true }
        if let phrases = blockedPhrases[competency] {
            let window = String(before.suffix(40)) + match + String(after.prefix(40))
            let core = String(match.prefix(5))
            if phrases.contains(where: { window.contains($0) && $0.contains(core) }) { return true }
        }
        if let words = blockedBefore[competency] {
            let near = String(before.suffix(50))
            if words.contains(where: { near.contains($0) }) { return true }
        }
        if let rule = needsContext[competency], rule.surface.contains(where: { match.hasPrefix($0) }) {
            if !rule.context.contains(where: { sentence.contains($0) }) { return true }
        }
        if let rule = otherSense[competency], rule.surface.contains(where: { match.hasPrefix($0) }) {
            if rule.context.contains(where: { sentence.contains($0) }) { return true }
        }
        return false
    }
}
