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
    /// Nice-to-haves ("Atouts", "Un plus", "Nice to have", "Assets"): what the job welcomes, not what it asks;
    /// read like a requirement section, but every competency named there is desirable (`Optionality`).
    case desirable
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
        "vos activites", "tes activites", "activites du poste",
        "responsabilites", "principales responsabilites", "principales taches et responsabilites", "sommaire de l'emploi",
        "langues", "langue",
        "requirements", "qualifications and requirements", "responsibilities", "key responsibilities", "main responsibilities",
        "ce que tu vas faire", "ce que tu feras", "ce que vous ferez", "ce que vous allez faire", "vos responsabilites",
        "tes responsabilites", "ce que nous attendons de vous", "ce qu'on attend de toi", "your responsibilities",
        "what you'll do", "what you will do", "what you'll be doing", "your role", "the role", "about the role", "the position",
        "about the position", "about the job", "position summary", "job summary", "duties", "key duties", "who you are",
        "what you bring", "what we are looking for", "what we're looking for", "skills", "skills and experience",
        "required skills", "profile", "your profile", "languages", "language requirements",
        "the opportunity", "job description",
    ]
    /// Headings that open a nice-to-have section.
    static let desirableHeadings: Set<String> = [
        "atouts", "un plus", "les plus", "atout", "atouts apprecies", "competences appreciees", "ce qui serait un plus",
        "serait un plus", "seraient un plus", "un atout", "constituent des atouts", "nice to have", "nice-to-have", "assets",
        "bonus", "bonus points", "preferred qualifications", "would be a plus", "pluses", "a plus", "desirable",
        "desirable qualifications", "ideally",
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
        if desirableHeadings.contains(key) { return .desirable }
        if mentionHeadings.contains(key) { return .mention }
        if contextHeadings.contains(key) { return .context }
        // "About <organisation name>", "À propos de <organisation>", "Présentation du <organisation>": the employer.
        if key.hasPrefix("about ") || key.hasPrefix("a propos de ") || key.hasPrefix("a propos d'") || key.hasPrefix("presentation d") { return .context }
        return nil
    }

    /// Words (folded) of a longer heading, when the line is not one of the usual headings: "Objectif et activités
    /// principales de la mission", "Profil et compétences attendus", "Conditions et avantages sociaux".
    static let requirementHeadingWords = ["mission", "activites principales", "responsabilites", "profil", "taches", "fonctions",
                                          "competences", "qualifications", "exigences", "responsibilities", "requirements",
                                          "duties", "what you'll", "what you will", "your role", "qualites requises"]
    static let mentionHeadingWords = ["conditions", "avantages", "remuneration", "candidature", "postuler", "benefits",
                                      "we offer", "how to apply", "salaire", "salary", "contrat", "duree du contrat"]
    static let contextHeadingWords = ["presentation", "contexte", "qui sommes", "about us", "context"]

    /// Kind of a heading line not in the lists above, from its words: a line of at most eight words, not a list item,
    /// ending with a colon or without a full stop. The employer's own mission ("Notre mission") is context.
    static func looseKind(ofLine raw: String, key: String) -> SectionKind? {
        let line = raw.trimmingCharacters(in: .whitespaces)
        guard let first = line.unicodeScalars.first, !["-", "•", "◦", "▪", "‣", "●", "■", "□", "➢", "►", "→", "–", "—", ">"].contains(first),
              !(line.hasPrefix("* ")), !line.contains("."), !line.hasSuffix(","), !line.hasSuffix(";"),
              key.split(separator: " ").count <= 8 else { return nil }
        if key.hasPrefix("notre ") || key.hasPrefix("nos ") || key.hasPrefix("our ") { return .context }
        // A unit of the employer ("Direction de mission Coordination de l'innovation") is no heading.
        if ["direction ", "service ", "pole ", "departement ", "department "].contains(where: { key.hasPrefix($0) }) { return nil }
        // Words at a word start ("taches" is not in "attaches"); conditions first ("Contrat de travail et durée de la mission").
        let padded = " " + key.replacingOccurrences(of: "'", with: "' ")
        func has(_ words: [String]) -> Bool { words.contains { padded.contains(" " + $0) } }
        if has(mentionHeadingWords) { return .mention }
        if has(requirementHeadingWords) { return .requirement }
        if has(contextHeadingWords) { return .context }
        return nil
    }

    /// Words (folded) of a sentence about the role or the person sought, in a context section.
    static let roleCues = [
        "une personne", "la personne", "le poste", "ce poste", "du poste", "titulaire", "candidat", "recrute", "nous cherchons",
        "nous recherchons", "recherche un", "recherche une", "le ou la", "le/la", "la ou le", "vous aurez", "vous serez", "tu seras",
        "the successful", "the person", "this role", "this position", "the role", "you will", "you'll", "we are looking for",
        "we're looking for", "is looking for", "is hiring", "the candidate",
    ]

    /// The person addressed as the subject of a verb ("Au sein du pôle, vous concevez …", "et vous allez vers les publics"): the
    /// sentence says what the person will do. Not "vous" as an object ("nous vous offrons", "on vous accompagne") nor an
    /// invitation or an offer ("vous offre", "vous propose", "vous invite").
    static let addressedPersonPattern = "(?<!nous )(?<!on )(?<![a-z'])vous (?!offr|propos|invit|remerci|accompagn|attend|souhait|accueil(?:l)?ons)[a-z]"

    /// True when the sentence holding `start..<end` speaks of the role or the person sought.
    /// - Complexity: O(log n) with `sentences` once the sentence was tested (memoized per sentence), else O(sentence).
    static func speaksOfTheRole(_ scalars: [Unicode.Scalar], start: Int, end: Int, sentences: Sentences? = nil) -> Bool {
        let sentences = sentences ?? Sentences(scalars)
        let lo = sentences.sentenceStart(before: start), hi = sentences.sentenceEnd(after: end)
        // Spans are within a sentence: memoized by its start (and end, for a span across boundaries).
        return sentences.memoized("role", lo, hi) {
            sentences.count(hi - lo)
            let sentence = SenseCheck.fold(TextSpans.slice(scalars, lo, hi))
            return roleCues.contains { sentence.contains($0) }
                || sentence.range(of: addressedPersonPattern, options: .regularExpression) != nil
        }
    }

    /// Words (folded) that open a line introducing the role's duties ("Sous l'autorité du conseil d'administration, la personne à
    /// la coordination :", "Rattaché·e à la direction, vous :", "Reporting to the director, you will:").
    static let dutyIntroOpenings = ["sous l'autorite", "sous la responsabilite", "sous la supervision", "sous la direction", "rattache",
                                    "relevant d", "reporting to", "under the"]
    /// Words (folded) a duty introduction ends with before its colon: the person addressed ("…, vous :", "you will:").
    static let dutyIntroEndings = [" vous", " tu", " you will", " you'll", " vous serez amene a", " vous aurez a", " vous devrez",
                                   " vous aurez pour mission de", " the incumbent will"]
    /// Words (folded) of a line introducing perks or conditions, never duties ("La personne retenue bénéficiera de :").
    static let dutyIntroExclusions = ["benefici", "offr", "avantage", "condition", "salaire", "remuneration", "benefit", "offer", "perks",
                                      "postuler", "apply"]

    /// True when `line` introduces a list of the role's duties: it ends with a colon and speaks of the role or the person
    /// (`roleCues`, a reporting line, or "vous"/"you will" right before the colon), and nothing in it speaks of perks or applying.
    /// Such a line before the first heading (or in a context section) opens the duties, though it is no usual heading: a posting
    /// often lists what the person will do right after its presentation, under "Sous l'autorité de …, la personne à la coordination :".
    static func introducesDuties(_ line: String) -> Bool {
        let folded = SenseCheck.fold(line).trimmingCharacters(in: .whitespaces)
        guard folded.hasSuffix(":"), folded.count <= 200 else { return false }
        let body = String(folded.dropLast()).trimmingCharacters(in: .whitespaces)
        guard !dutyIntroExclusions.contains(where: { body.contains($0) }) else { return false }
        let padded = " " + body
        return roleCues.contains { padded.contains($0) } || dutyIntroOpenings.contains { body.hasPrefix($0) }
            || dutyIntroEndings.contains { padded.hasSuffix($0) }
    }

    /// True when the first non-empty line after `offset` is a list item ("- …", "• …", "1. …", "2) …").
    static func listFollows(_ scalars: [Unicode.Scalar], from offset: Int) -> Bool {
        var i = offset
        while i < scalars.count && (scalars[i] == "\n" || scalars[i] == " " || scalars[i] == "\t" || scalars[i] == "\r") { i += 1 }
        guard i < scalars.count else { return false }
        if ["-", "•", "◦", "▪", "‣", "●", "■", "□", "➢", "►", "→", "–", "—", "*"].contains(scalars[i]) { return true }
        var k = i
        while k < scalars.count && ("0"..."9").contains(scalars[k]) { k += 1 }
        return k > i && k < scalars.count && (scalars[k] == "." || scalars[k] == ")")
    }

    /// Sections as (start, end, kind) in Unicode scalar offsets, covering the whole text in order.
    public static func sections(_ scalars: [Unicode.Scalar]) -> [(start: Int, end: Int, kind: SectionKind)] {
        var headings = [(at: Int, kind: SectionKind)]()
        var dutyIntros = [Int]()
        var lineStart = 0
        var i = 0
        while i <= scalars.count {
            if i == scalars.count || scalars[i] == "\n" {
                if i > lineStart, i - lineStart <= 200 {
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: scalars[lineStart..<i])
                    let line = String(view)
                    if i - lineStart <= 80, let key = headingKey(line), let kind = kind(ofHeading: key) ?? looseKind(ofLine: line, key: key) {
                        headings.append((lineStart, kind))
                    } else if introducesDuties(line), listFollows(scalars, from: i) {
                        dutyIntros.append(lineStart)
                    }
                }
                lineStart = i + 1
            }
            i += 1
        }
        guard headings.contains(where: { $0.kind == .requirement || $0.kind == .desirable }) else { return [(0, scalars.count, .unknown)] }
        // A duty introduction opens a requirement section where the headings left context (before the first one, or under a context
        // heading); under any other heading it changes nothing.
        for at in dutyIntros {
            let current = headings.last(where: { $0.at < at })?.kind ?? .context
            if current == .context { headings.append((at, .requirement)) }
        }
        headings.sort { $0.at < $1.at }
        var out = [(start: Int, end: Int, kind: SectionKind)]()
        if let first = headings.first, first.at > 0 { out.append((0, first.at, .context)) }
        for (k, h) in headings.enumerated() {
            out.append((h.at, k + 1 < headings.count ? headings[k + 1].at : scalars.count, h.kind))
        }
        return out
    }

    /// Kind of the section holding `offset` (a Unicode scalar offset, as `Evidence.start`), `.unknown` outside
    /// every section. Public, read-only, for `passerelle-bench gold-details` (which section a detection lies in).
    /// - Complexity: O(sections).
    public static func kind(at offset: Int, in sections: [(start: Int, end: Int, kind: SectionKind)]) -> SectionKind {
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
///
/// Rules for every competency (`rejectsByForm`): a word cut out of a hyphenated compound
/// ("projet de recherche" in "projet de recherche-action", "coordination d'équipes" in
/// "coordination d'équipes-projet"); a word in capitals inside a sentence that is not ("fonds LEADER": a
/// programme's name); a form inside an organisation's name or type ("Transit Equity Coalition",
/// "un organisme de défense des droits", "community organizations"); in a posting, a team's or a
/// department's name ("l'équipe des partenariats", "l'équipe innovation et expérimentation", "the
/// partnerships team"); in a CV, a course the person followed ("Formation « Évaluation des politiques
/// publiques », CNFPT, 2023", "Training in conflict de-escalation, 2021": the gold's strict reading
/// does not count a course followed as a skill shown).
enum SenseCheck {
    /// Competency → words whose folded letters start with one of these never match it.
    static let blockedWords: [String: [String]] = [
        "digital-tools": ["excellen"],
    ]
    /// Competency → whole matched words (folded) that are another sense: "expérimenté·e" (experienced),
    /// "leaders" (other people: "tenant leaders", "leaders communautaires").
    static let blockedExactWords: [String: [String]] = [
        "experimentation": ["experimente", "experimentee", "experimentes", "experimentees", "experimented"],
        "leadership": ["leaders"],
    ]
    /// Competency → phrases (folded) that, found around the match and containing it, give another sense.
    static let blockedPhrases: [String: [String]] = [
        "autonomy": ["perte d'autonomie", "pertes d'autonomie", "perte de l'autonomie", "en perte d'autonomie", "vehicules autonomes",
                     "vehicule autonome", "voitures autonomes", "voiture autonome", "navettes autonomes", "autonomous vehicle",
                     "autonomous vehicles", "loss of autonomy", "travailleur autonome", "travailleurs autonomes", "travailleuse autonome",
                     "autonomie alimentaire", "autonomie energetique", "autonomie des personnes", "autonomie des aines",
                     "maintien de l'autonomie", "l'autonomie des usagers", "autonomie des jeunes", "autonomie des eleves",
                     "communautaire autonome", "communautaires autonomes", "communautaire et autonome", "communautaires et autonomes"],
        "budgeting": ["budget participatif", "budgets participatifs", "budget participatif citoyen", "participatory budget",
                      "participatory budgeting", "budget formation", "budget de formation", "budgets de formation",
                      "budget annuel de formation", "budget formation annuel", "training budget", "professional development budget",
                      "budget de developpement professionnel", "budget perfectionnement", "budget de perfectionnement"],
        // "En étroite concertation avec l'équipe": working in consultation with colleagues, not public consultation.
        "public-consultation": ["en concertation avec", "en etroite concertation", "etroite concertation", "en concertation etroite",
                                "in consultation with", "en consultation avec", "close consultation",
                                // Québec: a "table de concertation" is a standing body where organisations coordinate (network
                                // animation), not a consultation of the public.
                                "table de concertation", "tables de concertation", "table locale de concertation",
                                "tables locales de concertation", "concertation intersectorielle", "concertations intersectorielles",
                                "concertation interorganisationnelle", "concertation entre organismes", "concertation entre les organismes",
                                "concertation des organismes", "concertation entre partenaires", "concertation entre les partenaires",
                                // Concertation among members or partners ("anime la concertation entre les membres") is coordination
                                // of a body (network animation), not a consultation of the public.
                                "concertation entre", "concertations entre"],
        // Counting attendance is record keeping, not analysing data: "compiler les statistiques de fréquentation".
        "data-analysis": ["compiler les statistiques", "compiler des statistiques", "compile les statistiques", "compilation des statistiques",
                          "compilation de statistiques", "tenir les statistiques", "tenue des statistiques", "statistiques de frequentation",
                          "statistiques d'achalandage", "statistiques de participation", "statistiques de pret", "statistiques de prets",
                          "attendance statistics", "compile statistics", "compiling statistics", "keep statistics", "usage statistics"],
        // "Capitaliser sur ce qui existe": build on, not knowledge capitalisation.
        "knowledge-transfer": ["capitaliser sur", "capitalisant sur", "capitalize on", "capitalise on", "capitalizing on", "capitalising on"],
        // Organisations of a community, not organizing it.
        "community-mobilization": ["community organization", "community organizations", "community organisation", "community organisations"],
        // Forms the models keep (their features were measured with them) that explanations read in another sense:
        // "un rôle d'influence" within a team is no advocacy, "l'appropriation des résultats" of a study no change
        // management, "des rapports de restitution" are writing (a report), not synthesis.
        "advocacy": ["role d'influence", "roles d'influence"],
        "change-management": ["appropriation des resultats"],
        "synthesis": ["rapports de restitution", "rapport de restitution"],
        // Other people's leadership: programmes that develop it in others.
        "leadership": ["leadership program", "leadership programs", "leadership programme", "leadership programmes",
                       "programme de leadership", "programmes de leadership", "leadership development", "developpement du leadership",
                       "developpement de leadership", "youth leadership", "leadership des jeunes", "leadership jeunesse",
                       "leadership citoyen", "leadership communautaire", "leadership local", "community leadership",
                       "leadership des citoyens", "leadership des habitants", "leadership des residents", "leadership des femmes",
                       "leadership among", "leadership of residents", "leadership in the community", "resident leadership"],
    ]
    /// Competency → words (folded prefixes) in the 50 characters before the match that make it another's role.
    static let blockedBefore: [String: [String]] = [
        // Building leadership in others ("build leadership among residents", "développer le leadership des jeunes") is the
        // posting's aim for a public, not leadership asked of the candidate.
        "leadership": ["build ", "building ", "foster ", "fostering ", "nurture ", "nurturing ", "strengthen ", "develop local ",
                       "developper le ", "renforcer le ", "favoriser le ", "susciter le ", "encourager le ", "soutenir le "],
        // Leading a team ("Diriger une équipe multidisciplinaire", "encadrer l'équipe", "manage a team of 6") is leadership
        // asked of the candidate, not working in a team.
        // (Each with a leading space: a word start.)
        "teamwork": [" diriger ", " dirige ", " dirigez ", " encadrer ", " encadre ", " encadrez ", " manager ", " gerer ", " gere ",
                     " superviser ", " supervise ", " direction d'une", " direction de l'", " encadrement d", " gestion d'une",
                     " a la tete d", " lead a ", " leading a ", " led a ", " manage a ", " managing a ", " managed a ", " supervise a ",
                     " supervising a ", " head of "],
        // Helping others' projects grow ("faciliter le développement de projets innovants") is not managing projects.
        "project-management": ["faciliter le ", "favoriser le ", "soutenir le ", "accompagner le ", "appuyer le ", "encourager le ",
                               "rattache", "sous la responsabilite", "sous l'autorite", "sous la supervision", "reporting to",
                               "reports to", "report to", "en appui au", "en appui a", "assister le", "assister la", "aux cotes d",
                               "supervise par", "supervisee par", "under the supervision"],
        // Supporting others' pilot projects ("Accompagnement de projets pilotes") is not running experiments.
        "experimentation": ["accompagnement de", "accompagnement des", "accompagner des", "accompagner les", "accompagner egalement des",
                            "supporting", "support for"],
    ]
    /// Competency → words (folded) right after the match that give it another sense: a generic "processus de design" followed
    /// by "territorial" or "de service" is that specific design, not design thinking.
    static let blockedAfter: [String: [String]] = [
        "design-thinking": ["territorial", "de service", "des service", "de politique", "des politique", "public", "graphique",
                            "d'espace", "industriel", "urbain"],
    ]
    /// Competency → surface prefixes of the match that need one of `requiredContext` in the sentence.
    static let needsContext: [String: (surface: [String], context: [String])] = [
        // "Sobriété" alone is a personal or editorial quality ("sobriété du design"); the transition needs its object.
        "ecological-transition": (["sobriet"], ["energ", "ecolog", "climat", "carbone", "environnement", "ressources", "numerique",
                                                "fonciere", "materielle", "plan de sobriete", "transition", "sufficiency"]),
        // "Bienveillance" is a personal quality ("poser des limites avec bienveillance"); team care needs the team's care.
        "team-care": (["bienveill"], ["soin", "bien-etre", "bien etre", "sante", "psycho", "epuisement", "qualite de vie", "well-being",
                                      "wellbeing", "care"]),
        "fundraising": (["sollicit"], ["don ", "dons", "donat", "donor", "mecen", "fonds", "financ", "philanthrop", "collecte",
                                       "gift", "fundrais", "campagne", "grant", "subvention", "bailleur"]),
    ]
    /// Competency → words of the sentence that give the match another field's sense.
    static let otherSense: [String: (surface: [String], context: [String])] = [
        "evaluation": (["evalu"], ["clinique", "clinical", "condition physique", "condition mentale", "patient",
                                   "soins", "infirmi", "nursing", "plaie", "eleve", "apprentissage", "student",
                                   "learning", "medical", "medicale", "therapeut", "diagnostic", "risque suicidaire",
                                   "entretiens d'evaluation", "entretien annuel", "rendement", "performance review",
                                   "evaluation des candidat", "assessment of patients", "triage", "grh", "ressources humaines",
                                   "richesses humaines", "recrutement", "human resources", "recruitment", "hiring",
                                   // A social worker's assessment of a person or a family ("évaluation psychosociale") is casework.
                                   "psychosocial", "psycho-social"]),
        // A brand's or a community manager's crisis ("modération, réponses, gestion des situations de crise"), not a conflict between people.
        "conflict-resolution": (["situation", "crise", "crisis"], ["moderation", "reseaux sociaux", "social media", "reputation", "marque",
                                                               "brand", "communication de crise", "crisis communication", "community manag"]),
        // Presenting a document (financial statements, tax returns) to clients is no public speaking.
        "public-speaking": (["present"], ["etats financiers", "declaration", "bilan", "rapports financiers", "financial statements",
                                          "tax return", "fiscal", "comptab", "facture", "devis", "soumission"]),
        // Iterating on mock-ups or prototypes after each test ("puis les itérer après chaque test") is prototyping, not running
        // experiments: "itérer" shares its stem with the form "iterative testing".
        "experimentation": (["iter"], ["maquette", "prototyp", "wireframe", "mockup", "mock-up", "interface", "ecran", "screen"]),
        // Field studies with service users: user research (its own competency), not academic research.
        "research": (["enquet", "field", "terrain"], ["usager", "user", "utilisat", "immersion"]),
    ]
    /// Second sense rules for a competency that already has one in `otherSense`, same reading.
    static let otherSenseMore: [String: (surface: [String], context: [String])] = [
        // Recruitment interviews ("présélectionner les candidatures et conduire les entretiens") are no research interviews.
        "research": (["entretien", "entrevue", "interview", "conduire", "mener", "realiser", "conduct"],
                     ["candidat", "recrut", "embauche", "hiring", "recruit", "job interview", "entretien annuel", "entretiens annuels",
                      "entretien d'embauche", "entretiens d'embauche"]),
    ]
    /// "Accompagner" a project, a process or a thing, or people "dans" a change, is not coaching people in
    /// their progression: "accompagner plusieurs projets", "accompagner la sobriété de l'action publique",
    /// "accompagnement des directions dans le déploiement".
    static let coachingThingObjects = [
        "projet", "demarche", "sobriete", "mise en", "deploiement", "diffusion", "transition", "changement", "transformation",
        "developpement", "processus", "dispositif", "programme", "action", "initiative", "politique", "strategie",
        "appropriation", "creation", "evolution", "acceleration", "structuration", "lancement", "digitalisation",
        "realisation", "elaboration", "execution",
        "project", "process", "implementation", "rollout", "deployment",
    ]
    /// "Accompagner" organisations ("accompagner les communes dans leurs projets de rénovation", "accompagnement des
    /// associations du territoire") is support or consulting to a body, not coaching people in their progression.
    static let coachingOrganisationObjects = [
        "communes", "municipalites", "collectivites", "organismes", "entreprises", "structures", "associations", "villes", "mrc",
        "etablissements", "territoires", "administrations", "municipalities", "organizations", "organisations", "companies",
        "cities", "agencies",
    ]
    static let coachingChanges = [
        "digitalisation", "dematerialisation", "transformation", "transition", "changement", "deploiement", "appropriation",
        "conception", "mise en oeuvre", "mise en place", "evolution",
    ]
    static let determiners: Set<String> = [
        "la", "le", "les", "l'", "des", "de", "du", "d'", "plusieurs", "certains", "certaines", "ces", "nos", "vos", "leurs",
        "un", "une", "en", "a", "au", "aux", "the", "of", "several", "our", "their",
    ]
    /// Nouns of organisations (folded): a capitalized name holding one is an organisation's name.
    static let organisationNouns: Set<String> = [
        "coalition", "association", "foundation", "fondation", "institute", "institut", "centre", "center", "council", "conseil",
        "network", "reseau", "alliance", "collectif", "cooperative", "fund", "fonds", "society", "societe", "agency", "agence",
        "ministere", "ministry", "department", "bureau", "club", "committee", "comite", "federation", "union", "observatoire",
    ]
    /// Words (folded) before a form that make it the kind of an organisation ("un organisme de défense des droits").
    static let organisationBefore = ["organisme de ", "organisme d'", "organismes de ", "organismes d'", "association de ",
                                     "association d'", "associations de ", "fondation de ", "fondation pour "]
    /// Capitalized nouns (folded) of public bodies and organisations whose name goes on with what they do, lowercase ("l'Office de
    /// consultation publique de Montréal", "la Commission de médiation"): `organisationNouns` and these.
    static let bodyNouns: Set<String> = ["office", "commission", "chaire", "regie", "secretariat"]
    /// Connectors between a body's noun and its lowercase name ("Office de …", "Bureau du …", "Agency for …"); never "en"
    /// ("Conseil en design de services" is consulting, an occupation).
    static let bodyConnectors: Set<String> = ["de", "du", "des", "d'", "pour", "for", "of", "on"]

    /// True when the words right before a match are a capitalized organisation noun and a connector: the match is the rest of
    /// the organisation's name, not what the person or the post does ("Analyste à l'Office de consultation publique").
    static func namesAnOrganisationBefore(_ rawBefore: String) -> Bool {
        var raw = rawBefore.replacingOccurrences(of: "\u{2019}", with: "'")
        while raw.hasSuffix(" ") { raw.removeLast() }
        let tail = raw.split(separator: " ", omittingEmptySubsequences: true).suffix(2).map(String.init)
        guard tail.count == 2, bodyConnectors.contains(fold(tail[1])) else { return false }
        // The noun without an elided article ("l'Office").
        let noun = (tail[0].split(separator: "'").last.map(String.init) ?? tail[0]).filter { $0.isLetter }
        guard let first = noun.first, first.isUppercase else { return false }
        let folded = fold(String(noun))
        return organisationNouns.contains(folded) || bodyNouns.contains(folded)
    }
    /// Words right after an English form that make it the kind of an organisation ("an advocacy organization").
    static let organisationAfter = ["organization", "organisation", "coalition", "association", "foundation", "group", "groups"]
    /// Units of an organisation (folded), for team names in postings.
    static let teamNouns = ["equipe", "service", "pole", "direction", "departement", "cellule", "unite"]
    static let teamDeterminers = ["l'", "la ", "le ", "notre ", "votre ", "leur ", "son ", "sa ", "cette ", "du ", "au "]
    /// A course followed, in a folded sentence: "formation(s) … suivie(s)", "suivi une formation", "attended … training".
    /// "suivie" may stand in parentheses ("Formation continue (suivie) : …").
    static let followedCoursePattern = "(formations?|cours|ateliers?|webinaires?|modules?)( [a-z'-]+){0,3} \\(?suivie?s?\\)?( |$|[,:;.])"
        + "|(suivi|suivie|participe|participation) (a |a la |a une |une |la |des |les |aux? )?(formations?|cours|ateliers? de formation|webinaires?|modules?)"
        + "|(attended|completed|took|followed|enrolled in) (a |an |the |several |two |three )?([a-z-]+ ){0,3}(trainings?|courses?|workshops?|webinars?|modules?|bootcamps?)"
        + "|(trainings?|courses?) (attended|completed|taken|followed)"
    /// Words (folded) that, before a match in the same sentence, make it a goal rather than evidence.
    static let intentionCues = [
        "en reconversion", "reconversion vers", "reconversion professionnelle", "projet de reconversion", "transition professionnelle vers",
        "souhaite", "souhaiterais", "souhaitant", "aspire",
        "objectif professionnel", "objectif :", "projet professionnel", "a la recherche d'un", "recherche un poste", "en recherche d'",
        "interessee par", "interesse par", "envisage", "vise un poste", "vers un poste", "desire", "evoluer vers", "me tourner vers",
        "j'aimerais", "aimerais me diriger", "me diriger vers", "je voudrais", "voudrais travailler", "recherche un premier poste",
        "recherche une premiere", "recherche un emploi", "recherche un stage", "cherche un poste", "cherche un emploi",
        "en recherche d'emploi", "i'd like to", "would love to",
        "seeking", "looking for", "aspiring", "career goal", "career change", "transitioning into", "transitioning to", "transition into",
        "eager to", "would like to", "hoping to", "hope to", "aim to", "interested in", "pivoting to", "pivot to",
        // A programme one is enrolled in and has not completed (issue 24f: the annotation guide's "a course not yet completed").
        "inscrit au ", "inscrite au ", "inscrit a ", "inscrite a ", "inscrit en ", "inscrite en ", "admis au ", "admise au ",
        "enrolled in", "will start", "starting in",
        // A wish to train in it (issue 24j): "Envie de me former à la médiation", "keen to train in".
        "envie de", "me former a", "me former en", "me former aux", "keen to", "want to train", "wish to train",
    ]
    /// A degree or certificate one is still studying for, before a match in a folded sentence (issue 24k): "je prépare le
    /// BPJEPS en formation continue", "préparant un master en médiation", "I'm completing a certificate in program evaluation",
    /// "working towards a diploma in …". Preparing or completing a workshop or a report is work: the object must be a course.
    static let studyInProgressPattern = "(je prepare|preparant|en preparation d'|en preparation du|en preparation de) (le |la |l'|un |une |mon |ma )?"
        + "(diplome|certificat|master|licence|bachelor|bts|dut|but|doctorat|these|concours|mba|dejeps|desjeps|bpjeps|cap |bac|titre professionnel)"
        + "|(i'm|i am|currently|now) (completing|finishing|pursuing|studying for) (a |an |my |the )?([a-z-]+ ){0,2}(certificate|degree|diploma|master|masters|bachelor|program|programme|course)"
        + "|working towards? (a |an |my )?([a-z-]+ ){0,2}(certificate|degree|diploma|master|masters|bachelor)"
    /// Marks (folded) of a course line that say it is not completed: such a line is never evidence.
    static let courseInProgress = ["en cours", "prevu", "prevue", "a venir", "inscrit", "inscrite", "in progress", "ongoing", "expected",
                                   "enrolled", "upcoming"]
    /// Marks (folded) of a course line that say it was completed and passed: the annotation guide counts "training completed (a
    /// degree, a completed course or certificate)" as shown, so such a line is evidence of its subject — never of teaching
    /// (`training`): following a course is not giving one.
    static let courseCompleted = ["reussi", "valide", "obtenu", "completed", "passed", "certifie", "certified", "diplome", "diplomee"]
    /// Words (folded) right before an occupation that make it other people in a CV ("en dyade avec une travailleuse sociale",
    /// "avec les allocataires, les travailleurs sociaux et les élu·es"): the person's own trade stands bare ("Travailleuse sociale
    /// depuis 2013", "en tant qu'enseignante").
    static let othersBefore: Set<String> = ["les", "des", "aux", "ces", "nos", "vos", "leurs", "the", "our", "their", "plusieurs",
                                            "several"]
    /// Determiners (folded) that, after "avec" or "with", make the occupation a colleague ("avec une travailleuse sociale").
    static let withDeterminers: Set<String> = ["un", "une", "le", "la", "l'", "les", "des", "nos", "a", "an", "the", "our"]
    /// Competency → occupations (folded prefixes of the match) that name other people when a posting names them.
    static let postingTrades: [String: [String]] = [
        "training": ["enseignant", "professeur", "teacher", "instructor"],
        "social-mediation": ["travailleu", "assistant", "social worker", "caseworker"],
        "citizen-participation": ["conseill"],
    ]
    /// A job search, at the start of a folded match that begins with "recherche"/"cherche": "recherche un premier poste",
    /// "cherche un emploi", "recherche d'emploi".
    static let jobSearchPattern = "^(re)?cherche (un |une |d'un |d'une |d'|de |active d'|d'un nouvel? )?(premier |premiere |nouveau |nouvelle )?"
        + "(poste|emploi|stage|alternance|job|contrat|cdi|cdd|mission)"
    /// Accompanying people in their administrative steps or towards their rights ("accompagner les habitants dans leurs
    /// démarches d'accès aux droits", "accompagnement des familles vers les droits") is social support (social mediation), not coaching
    /// people in their progression.
    static let coachingSocialSupport = ["au tribunal", "devant le tribunal", "aux audiences", "to court", "to hearings",
                                        "demarches d'acces", "demarches administratives", "acces aux droits", "vers les droits",
                                        "vers leurs droits", "vers les services", "vers les dispositifs", "formalites",
                                        "dossiers administratifs", "procedures administratives",
                                        // Escorting people to appointments ("accompagnement physique aux rendez-vous") is social mediation.
                                        "physique aux", "physique a ", "physique vers", "physique chez", "physiquement", "aux rendez-vous", "a leurs rendez-vous", "to appointments"]
    /// People whose projects one accompanies ("accompagner les projets des jeunes"): coaching those people, unlike a project alone.
    static let coachingPeopleOwners = ["jeunes", "habitants", "habitant", "residents", "residentes", "citoyens", "citoyennes", "participants",
                                       "participantes", "eleves", "etudiants", "etudiantes", "benevoles", "usagers", "usageres", "familles",
                                       "enfants", "adolescents", "adolescentes", "personnes", "femmes", "membres", "young", "youth", "residents",
                                       "participants", "students", "volunteers", "people", "members", "women"]
    /// Openings (folded) of a CV line naming a course the person followed.
    static let courseOpenings = ["formation en ", "formation a ", "formation au ", "formation aux ", "formation «", "formation \"",
                                 "formation :", "formation sur ", "training in ", "training on ", "training:", "training :",
                                 "course in ", "course on ", "certificat en ", "certificat de ", "certificate in ", "certification en ",
                                 "certification in ", "mooc "]

    /// True when a course the person followed governs the match (`followedCoursePattern`): the course is in the match's own
    /// item of the sentence (items cut at commas and semicolons outside parentheses, a parenthesis kept with its item), or
    /// stands before the match and no parenthesis closes between them ("Formation continue suivie : animation de groupes,
    /// facilitation graphique"). A course in a parenthesis of an earlier item governs that item only: in "accessibilité
    /// (formation RGAA suivie en 2025), Figma, Maze", Figma is a tool the person uses (issue 24f).
    static func followsACourse(before: String, match: String, after: String) -> Bool {
        let sentence = before + match + after
        let ns = sentence as NSString
        var regex: NSRegularExpression? { try? NSRegularExpression(pattern: followedCoursePattern) }
        guard let re = regex else { return false }
        let found = re.matches(in: sentence, range: NSRange(location: 0, length: ns.length))
        guard !found.isEmpty else { return false }
        let b = (before as NSString).length, m = (match as NSString).length
        // The match's item: back to a comma or semicolon at depth 0, forward likewise.
        let chars = Array(sentence.utf16)
        var lo = b, depth = 0
        while lo > 0 {
            let c = chars[lo - 1]
            if c == 0x29 { depth += 1 } else if c == 0x28 { if depth > 0 { depth -= 1 } else { break } }
            else if (c == 0x2C || c == 0x3B) && depth == 0 { break }
            lo -= 1
        }
        var hi = b + m; depth = 0
        while hi < chars.count {
            let c = chars[hi]
            if c == 0x28 { depth += 1 } else if c == 0x29 { if depth > 0 { depth -= 1 } else { break } }
            else if (c == 0x2C || c == 0x3B) && depth == 0 { break }
            hi += 1
        }
        for r in found {
            let start = r.range.location, end = r.range.location + r.range.length
            if start < hi && end > lo { return true }
            if end <= b, !ns.substring(with: NSRange(location: end, length: b - end)).contains(")") { return true }
        }
        return false
    }

    static func fold(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "\u{2019}", with: "'").replacingOccurrences(of: "\u{00A0}", with: " ")
    }

    static func words(_ s: String) -> [String] {
        var out: [String] = [], w = ""
        for ch in s {
            if ch.isLetter || ch.isNumber { w.append(ch) } else {
                if ch == "'" && !w.isEmpty { w.append(ch); out.append(w); w = ""; continue }
                if !w.isEmpty { out.append(w); w = "" }
            }
        }
        if !w.isEmpty { out.append(w) }
        return out
    }

    /// True when the span `start..<end` of `scalars`, matched for `competency`, has another sense in its context.
    static func rejects(_ competency: String, _ scalars: [Unicode.Scalar], start: Int, end: Int,
                        in kind: CompetencyDetector.TextKind? = nil, sentences: Sentences? = nil) -> Bool {
        // The sentence around the span, at most 120 scalars on each side.
        var lo = start
        while lo > 0 && start - lo < 120 && !TextSpans.isBoundary(scalars, lo - 1) { lo -= 1 }
        var hi = end
        while hi < scalars.count && hi - end < 120 && !TextSpans.isBoundary(scalars, hi) { hi += 1 }
        sentences?.count(hi - lo)
        // The whole words the span covers.
        var ws = start, we = end
        while ws > lo && scalars[ws - 1].properties.isAlphabetic { ws -= 1 }
        while we < hi && scalars[we].properties.isAlphabetic { we += 1 }
        let rawMatch = TextSpans.slice(scalars, ws, we)
        let before = fold(TextSpans.slice(scalars, lo, ws)), match = fold(rawMatch)
        let after = fold(TextSpans.slice(scalars, we, hi))
        let sentence = before + match + after
        if rejectsByForm(competency, scalars, ws: ws, we: we, lo: lo, hi: hi, rawMatch: rawMatch,
                         before: before, after: after, kind: kind, sentences: sentences) { return true }
        if let words = blockedWords[competency], words.contains(where: { match.hasPrefix($0) }) { return true }
        if let words = blockedExactWords[competency], words.contains(CompetencyDetector.foldedLetters(rawMatch)) { return true }
        if let phrases = blockedPhrases[competency] {
            let window = String(before.suffix(40)) + match + String(after.prefix(40))
            let core = String(match.prefix(5))
            if phrases.contains(where: { window.contains($0) && $0.contains(core) }) { return true }
        }
        if let words = blockedBefore[competency] {
            let near = " " + String(before.suffix(50))
            if words.contains(where: { near.contains($0) }) { return true }
        }
        if let words = blockedAfter[competency] {
            let next = String(after.drop(while: { $0 == " " || $0 == "«" || $0 == "»" || $0 == "\"" }).prefix(30))
            if words.contains(where: { next.hasPrefix($0) }) { return true }
        }
        if let rule = needsContext[competency], rule.surface.contains(where: { match.hasPrefix($0) }) {
            if !rule.context.contains(where: { sentence.contains($0) }) { return true }
        }
        for rule in [otherSense[competency], otherSenseMore[competency]].compactMap({ $0 })
        where rule.surface.contains(where: { match.hasPrefix($0) }) {
            if rule.context.contains(where: { sentence.contains($0) }) { return true }
        }
        if (match.hasPrefix("recherch") || match.hasPrefix("cherch")),
           (match + after).range(of: jobSearchPattern, options: .regularExpression) != nil {
            // Looking for a job ("recherche un premier poste en participation citoyenne"), not research.
            return true
        }
        if kind == .cv, let trades = postingTrades[competency], trades.contains(where: { match.hasPrefix($0) }),
           let previous = words(before).last, othersBefore.contains(previous)
            || (withDeterminers.contains(previous) && (words(before).suffix(2).first.map { ["avec", "with"].contains($0) } ?? false)) {
            // In a CV too, an occupation after a determiner of others or "avec" names colleagues or partners ("travail en dyade avec
            // une travailleuse sociale", "avec les allocataires, les travailleurs sociaux et les élu·es"), not the person's trade.
            return true
        }
        if kind == .posting, let trades = postingTrades[competency], trades.contains(where: { match.hasPrefix($0) }) {
            // In a posting, teachers, social workers or participation advisers are partners, colleagues or a public
            // ("co-construire avec les enseignants", "en lien avec les travailleurs sociaux", "une équipe de conseillers en
            // participation"), not the candidate's trade.
            return true
        }
        if competency == "digital-tools", match.hasPrefix("offic"), !match.contains(" ") {
            // "Office" is the software suite only next to its name ("suite Office", "Microsoft Office", "Office 365"):
            // an "Officer" is a job title, the "Office de consultation publique" a public body.
            let prev = words(before).last ?? "", next = words(after).first ?? ""
            if !["suite", "pack", "microsoft", "ms", "outils", "logiciels"].contains(prev) && !["365", "software", "suite"].contains(next) { return true }
        }
        if competency == "public-speaking", match.hasPrefix("aisanc"),
           words(before).suffix(4).contains(where: { LanguageStatementDetector.nameWords.contains($0) }) {
            // Ease in speaking a language ("Darija : bonne aisance orale", "anglais, aisance orale") is a language level
            // (`LanguageStatementDetector`), not public speaking.
            return true
        }
        if competency == "coaching", match.hasPrefix("accompagn") {
            // The object of "accompagner": the first word after the determiners.
            // The object and what follows it, so two-word objects ("mise en œuvre", "mise en place") are seen.
            if !match.contains(" ") {
                let objectWords = words(after).drop { determiners.contains($0) }
                let object = objectWords.prefix(3).joined(separator: " ")
                // "les projets des jeunes": the owners of the projects are accompanied (coaching), not a project alone.
                let ownedByPeople = objectWords.first.map { $0.hasPrefix("projet") || $0.hasPrefix("project") } == true
                    && objectWords.dropFirst().first(where: { !determiners.contains($0) }).map { coachingPeopleOwners.contains($0) } == true
                    && objectWords.dropFirst().prefix(1).allSatisfy { ["de", "des", "d'", "du", "of"].contains($0) || coachingPeopleOwners.contains($0) }
                if !ownedByPeople && coachingThingObjects.contains(where: { object.hasPrefix($0) }) { return true }
                if let noun = objectWords.first, coachingOrganisationObjects.contains(noun) { return true }
            }
            if coachingSocialSupport.contains(where: { String(after.prefix(70)).contains($0) }) { return true }
            // People accompanied "dans" a change ("des équipes métiers dans l'appropriation des méthodes", "des municipalités,
            // des MRC et des organismes dans la conception"): change management or consulting, not coaching.
            let clause = String(after.prefix(90))
            if let r = clause.range(of: " dans ") {
                let rest = words(String(clause[r.upperBound...])).filter { !determiners.contains($0) }.joined(separator: " ")
                if coachingChanges.contains(where: { rest.hasPrefix($0) }) { return true }
            }
        }
        return false
    }

    /// The rules for every competency (see the type's documentation).
    static func rejectsByForm(_ competency: String, _ scalars: [Unicode.Scalar], ws: Int, we: Int, lo: Int, hi: Int, rawMatch: String,
                              before: String, after: String, kind: CompetencyDetector.TextKind?,
                              sentences: Sentences? = nil) -> Bool {
        // A word cut out of a hyphenated compound: "recherche" of "recherche-action" (not an inclusive ending: "-rice", "-e").
        func letters(from i: Int, step: Int) -> Int {
            var n = 0, k = i
            while k >= 0 && k < scalars.count && scalars[k].properties.isAlphabetic { n += 1; k += step }
            return n
        }
        let inclusiveEndings: Set<String> = ["rice", "rices", "trice", "trices", "euse", "euses", "esse", "esses", "teur", "teurs"]
        if we + 1 < scalars.count, scalars[we] == "-", scalars[we + 1].properties.isAlphabetic {
            let n = letters(from: we + 1, step: 1)
            let tail = fold(TextSpans.slice(scalars, we + 1, we + 1 + n))
            if n >= 4 && !inclusiveEndings.contains(tail) { return true }
        }
        if ws >= 2, scalars[ws - 1] == "-", scalars[ws - 2].properties.isAlphabetic, letters(from: ws - 2, step: -1) >= 4 { return true }
        // A programme's or a body's name in capitals inside a sentence that is not: "fonds LEADER".
        if competency != "digital-tools" && competency != "social-media" {
            let letterScalars = rawMatch.unicodeScalars.filter { $0.properties.isAlphabetic }
            if letterScalars.count >= 5, letterScalars.allSatisfy({ $0.properties.isUppercase }) {
                let sentence = TextSpans.slice(scalars, lo, hi).unicodeScalars.filter { $0.properties.isAlphabetic }
                let lower = sentence.filter { $0.properties.isLowercase }.count
                if lower * 2 > sentence.count { return true }
            }
        }
        // An organisation's name: a run of capitalized words around the match holding an organisation noun.
        if let first = rawMatch.unicodeScalars.first, first.properties.isUppercase {
            let connectors: Set<String> = ["de", "des", "du", "d'", "la", "le", "l'", "of", "for", "and", "et", "the"]
            // Words next to each other, separated by spaces (or an apostrophe) only: a dash or a comma ends a name.
            func run(from i: Int, step: Int) -> [String] {
                var out: [String] = [], k = i, w = String.UnicodeScalarView()
                func flush() -> Bool {
                    defer { w = String.UnicodeScalarView() }
                    guard !w.isEmpty else { return true }
                    var word = String(w)
                    if step < 0 { word = String(word.reversed()) }
                    if word.first?.isUppercase ?? false { out.append(word); return true }
                    return connectors.contains(word.lowercased())
                }
                while k >= lo && k < hi && out.count < 4 {
                    let c = scalars[k]
                    if c.properties.isAlphabetic || c == "'" || c == "\u{2019}" { w.append(c) }
                    else if c == " " { if !flush() { return out } }
                    else { _ = flush(); return out }
                    k += step
                }
                _ = flush()
                return out
            }
            let around = run(from: we, step: 1) + run(from: ws - 1, step: -1)
            if around.contains(where: { organisationNouns.contains(fold($0)) }) { return true }
        }
        if organisationBefore.contains(where: { before.hasSuffix($0) }) { return true }
        if namesAnOrganisationBefore(TextSpans.slice(scalars, lo, ws)) { return true }
        if let next = words(after).first, organisationAfter.contains(where: { next == $0 || next == $0 + "s" }),
           !competency.isEmpty, rawMatch.unicodeScalars.allSatisfy({ $0.isASCII }) { return true }
        switch kind {
        case .posting?:
            // A team's or a department's name: "l'équipe des partenariats", "l'équipe innovation et expérimentation".
            let tail = String(before.suffix(60))
            for noun in teamNouns {
                for det in teamDeterminers {
                    guard let r = tail.range(of: det + noun, options: .backwards) else { continue }
                    let between = words(String(tail[r.upperBound...]))
                    // The unit's noun then at most two words of its name, with its connectors.
                    let named = between.filter { !["de", "des", "du", "d'", "et", "la", "l'", "s"].contains($0) }
                    let opensName = between.first.map { !["et", "la", "l'", "s", "and"].contains($0) } ?? true
                    if opensName && named.count <= 2 && between.count <= 4, !tail[r.upperBound...].contains(",") { return true }
                }
            }
            // "the partnerships team", "our innovation department"
            if let next = words(after).first, ["team", "teams", "department", "unit", "division"].contains(next) {
                let prev = words(before).suffix(3)
                if prev.contains(where: { ["the", "our", "their", "its", "your"].contains($0) }) { return true }
            }
        case .cv?:
            // A course followed: "Formation « Évaluation des politiques publiques », CNFPT, 2023."
            // The line around the match, found and tested once per line (a one-line CV has one line of n scalars).
            let sentences = sentences ?? Sentences(scalars)
            let (lineStart, lineEnd) = sentences.line(around: ws)
            let isCourse = sentences.memoized("course", lineStart, lineEnd) {
                sentences.count(lineEnd - lineStart)
                let line = fold(TextSpans.slice(scalars, lineStart, lineEnd))
                    .trimmingCharacters(in: CharacterSet(charactersIn: " \t-*•–—>"))
                return courseOpenings.contains(where: { line.hasPrefix($0) })
                    && line.range(of: "(19|20)[0-9][0-9]", options: .regularExpression) != nil
            }
            if isCourse {
                // A course line is no evidence of teaching, and of its subject only when the line says it was completed and
                // nothing says it is still under way ("Formation « Fondements de la participation publique », 2024 — réussie").
                if competency == "training" { return true }
                let evidence = sentences.memoized("course-completed", lineStart, lineEnd) {
                    let line = " " + fold(TextSpans.slice(scalars, lineStart, lineEnd))
                    return courseCompleted.contains { line.contains(" " + $0) } && !courseInProgress.contains { line.contains(" " + $0) }
                }
                if !evidence { return true }
            }
            // A course the sentence says was followed ("formation continue suivie en animation", "attended a facilitation training").
            let sentence = before + fold(rawMatch) + after
            if followsACourse(before: before, match: fold(rawMatch), after: after) { return true }
            // A goal, not evidence: the words before the match state an intention ("en reconversion vers la médiation
            // culturelle", "souhaite évoluer vers", "seeking a role in community engagement").
            if intentionCues.contains(where: { before.contains($0) }) { return true }
            if before.range(of: studyInProgressPattern, options: .regularExpression) != nil { return true }
        case nil:
            break
        }
        return false
    }
}
