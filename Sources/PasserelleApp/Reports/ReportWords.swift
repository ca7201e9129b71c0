import Foundation
import Competencies
import TextAnalysis
import Passerelle

extension Report {
    /// The language a report is read in: English when every query is English, French otherwise (the
    /// rule `Report.build` labels competencies by, so headings and competency labels agree).
    public var displayLanguage: Language { !queries.isEmpty && queries.allSatisfy { $0.displayLanguage == .en } ? .en : .fr }
}

/// Every word the HTML pages print, in the page's language (French or English): headings, column
/// names, fit labels, language-fit words, captions. Numbers are written with the language's decimal
/// mark (0,612 in French).
struct ReportWords {
    let language: Language
    var fr: Bool { language != .en }

    init(_ language: Language) { self.language = language }

    var code: String { fr ? "fr" : "en" }
    func pick(_ french: String, _ english: String) -> String { fr ? french : english }

    /// A number with `digits` decimals and the language's decimal mark.
    func number(_ x: Double, _ digits: Int = 3) -> String {
        let s = String(format: "%.\(digits)f", x)
        return fr ? s.replacingOccurrences(of: ".", with: ",") : s
    }

    func quoted(_ s: String) -> String { fr ? "« \(s) »" : "“\(s)”" }
    /// Quotation marks around an HTML fragment already escaped (a quote with its <mark>).
    func quotedHTML(_ html: String) -> String { fr ? "«&nbsp;\(html)&nbsp;»" : "“\(html)”" }

    // Fit label, language fit, levels, language names.
    func fit(_ f: FitLabel) -> String {
        switch f {
        case .strong: return pick("fort", "strong")
        case .possible: return "possible"
        case .weak: return pick("faible", "weak")
        }
    }

    /// The fit label of a row, or its likeness for `similar`.
    func fit(_ row: ReportMatch) -> String {
        guard let l = row.likeness else { return fit(row.fit) }
        switch l {
        case .verySimilar: return pick("très proche", "very similar")
        case .related: return pick("apparentée", "related")
        case .different: return pick("différente", "different")
        }
    }

    /// One language of a match: for a CV, whether its level meets the posting's requirement; for a
    /// posting as the query (`similar`), how the two postings' requirements compare
    /// (`LanguageFitResult.comparison`) — a posting's requirements are not a person's levels.
    func languageFit(_ l: LanguageFitResult, queryIsCV: Bool) -> String {
        guard !queryIsCV else { return languageFit(l.fit) }
        switch l.comparison {
        case .alsoAsked: return pick("aussi demandée", "also asked")
        case .higherHere: return pick("plus exigée ici", "higher here")
        case .onlyHere: return pick("demandée ici seulement", "only here")
        }
    }

    /// The column of the query's side of a language: what a CV declares, or what the query posting asks.
    func declaredColumn(queryIsCV: Bool) -> String { queryIsCV ? declaredColumn : pick("Offre de départ", "Query posting") }

    func languageFit(_ f: LanguageFit) -> String {
        switch f {
        case .met: return pick("atteint", "met")
        case .partly: return pick("en partie", "partly met")
        case .unmet: return pick("non atteint", "unmet")
        }
    }

    func level(_ l: LanguageLevel) -> String {
        switch l {
        case .notions: return "notions"
        case .intermediate: return pick("intermédiaire", "intermediate")
        case .good: return pick("bon", "good")
        case .excellent: return "excellent"
        case .native: return pick("langue maternelle", "native")
        }
    }

    func languageName(_ code: String) -> String {
        switch code {
        case "fr": return pick("français", "French")
        case "en": return pick("anglais", "English")
        default: return code
        }
    }

    // The handout: plain words for a job seeker.
    /// The page's `<title>` and heading, in plain words.
    func pageTitle(_ report: Report) -> String {
        guard report.queries.count == 1, let q = report.queries.first else {
            return report.command == "batch" ? shortlistTitle : candidatesScored(report.queries.count)
        }
        return report.command == "similar" ? headingSimilar(q.label) : headingRank(q.label)
    }
    func intro(isCV: Bool, count: Int) -> String {
        isCV ? pick(count == 1 ? "L’offre qui correspond le mieux à ce CV, avec les compétences qu’il montre déjà et celles que l’offre demande en plus."
                               : "Les \(count) offres qui correspondent le mieux à ce CV, avec les compétences qu’il montre déjà et celles que l’offre demande en plus.",
                    count == 1 ? "The posting that best matches this CV, with the skills it already shows and those the posting also asks for."
                               : "The \(count) postings that best match this CV, with the skills it already shows and those the posting also asks for.")
             : pick("Les offres les plus proches de celle-ci.", "The postings closest to this one.")
    }
    var apply: String { pick("Postuler", "Apply") }
    func applyLabel(_ title: String) -> String { pick("Postuler : \(title) (nouvelle page)", "Apply: \(title) (new page)") }
    func contract(_ c: String) -> String { pick("Contrat : \(c)", "Contract: \(c)") }
    func salary(_ s: String) -> String { pick("Salaire : \(s)", "Salary: \(s)") }
    /// "publiée le 4 novembre 2026" from an ISO day; the text as given when it is not one.
    func posted(_ iso: String) -> String {
        let parts = iso.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1 ... 12).contains(parts[1]) else { return pick("publiée le \(iso)", "posted \(iso)") }
        let fr = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        let en = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return pick("publiée le \(parts[2] == 1 ? "1er" : String(parts[2])) \(fr[parts[1] - 1]) \(parts[0])", "posted \(parts[2]) \(en[parts[1] - 1]) \(parts[0])")
    }
    var technicalSummary: String { pick("Détails : scores, figures, citations et termes (pour les conseillers)", "Details: scores, figures, quotes and terms (for counsellors)") }
    var plainFooter: String { pick("Produit hors ligne par Passerelle : le CV n’a été envoyé nulle part.", "Made offline by Passerelle: the CV was sent nowhere.") }
    var scoreWord: String { pick("score", "score") }

    // Page furniture.
    var reportWord: String { pick("Rapport", "Report") }
    func generated(_ day: String) -> String { pick("Rapport du \(day)", "Report of \(day)") }
    func modelLine(postings: Int, dimensions: Int, vocabulary: Int, analyzer: String) -> String {
        pick("Modèle : \(postings) offres · \(dimensions) dimensions latentes · \(vocabulary) termes · analyseur \(analyzer)",
             "Model: \(postings) postings · \(dimensions) latent dimensions · \(vocabulary) terms · analyzer \(analyzer)")
    }
    func headingRank(_ label: String) -> String { pick("Offres pour \(quoted(label))", "Postings for \(quoted(label))") }
    func headingSimilar(_ label: String) -> String { pick("Offres semblables à \(quoted(label))", "Postings similar to \(quoted(label))") }
    func candidatesScored(_ n: Int) -> String { pick("\(n) candidatures évaluées", "\(n) candidates scored") }
    var rankedMatches: String { pick("Offres classées", "Ranked matches") }
    func queryTerms(isCV: Bool, terms: Int, known: Int) -> String {
        isCV ? pick("CV de \(terms) termes, dont \(known) connus du modèle.", "CV of \(terms) terms, \(known) known to the model.")
             : pick("Requête de \(terms) termes, dont \(known) connus du modèle.", "Query of \(terms) terms, \(known) known to the model.")
    }
    var noMatch: String { pick("Aucune offre ne correspond.", "No match.") }
    var rankColumn: String { "#" }
    var scoreColumn: String { "Score" }
    var postingColumn: String { pick("Offre", "Posting") }
    var sharedColumn: String { pick("Compétences communes", "Shared competencies") }
    var missingColumn: String { pick("Compétences manquantes", "Missing competencies") }
    var languagesColumn: String { pick("Langues", "Languages") }
    var fitColumn: String { pick("Adéquation", "Fit") }
    var similarityWord: String { pick("similarité", "similarity") }
    var languageFactorWord: String { pick("facteur de langue", "language factor") }
    func scoreFormula(similarity: Double, factor: Double) -> String {
        "\(similarityWord) \(number(similarity)) × \(number(factor, 2))"
    }
    func more(_ n: Int) -> String { pick(n == 1 ? "+1 autre" : "+\(n) autres", "+\(n) more") }

    // Details of a match.
    func why(_ label: String?) -> String { pick("Pourquoi ces offres", "Why these matches") + (label.map { " — \($0)" } ?? "") }
    func sharedCount(_ n: Int) -> String { pick("Compétences communes (\(n))", "Shared competencies (\(n))") }
    func missingNotShown(_ n: Int) -> String { pick("+\(n) autre(s), moins importante(s) (--all pour tout voir)", "+\(n) more, less important (--all shows them)") }
    func missingCount(_ n: Int) -> String { pick("Compétences manquantes (\(n))", "Missing competencies (\(n))") }
    var noneShared: String { pick("Aucune trouvée dans les deux textes.", "None found in both texts.") }
    func noneMissing(isCV: Bool) -> String {
        isCV ? pick("L’offre ne demande rien que le CV n’ait pas.", "The posting asks for nothing the CV lacks.")
             : pick("L’offre ne demande rien que la requête n’ait pas.", "The posting asks for nothing the query lacks.")
    }
    func source(isCV: Bool) -> String { isCV ? "CV" : pick("Requête", "Query") }
    var postingSource: String { pick("Offre", "Posting") }
    var languageFitHeading: String { pick("Exigences linguistiques", "Language fit") }
    var noLanguage: String { pick("Aucune exigence de langue trouvée.", "No language requirement found.") }
    var languageColumn: String { pick("Langue", "Language") }
    var requiredColumn: String { pick("Demandé", "Required") }
    var declaredColumn: String { pick("Déclaré", "Declared") }
    var postingsLanguage: String { pick("(langue de l’offre)", "(posting’s language)") }
    var desirable: String { pick("(souhaitée)", "(desirable)") }
    var topTerms: String { pick("Termes qui portent le score", "Terms carrying the score") }
    var termColumn: String { pick("Terme", "Term") }
    var contributionColumn: String { pick("Contribution", "Contribution") }
    var termsUnavailable: String {
        pick("Non disponible (le texte de la requête n’est pas dans le modèle).", "Not available (the query's text is not stored in the model).")
    }

    // Figures.
    var dataTable: String { pick("Les données de la figure (tableau)", "The figure's data (table)") }
    var heatMapTitle: String { pick("Compétences", "Competencies") }
    func heatMapName(isCV: Bool) -> String {
        pick("Carte de chaleur : compétences du \(isCV ? "CV" : "texte") et des offres retenues",
             "Heat map: competencies of the \(isCV ? "CV" : "query") and of its matches")
    }
    var heatMapNameBatch: String { pick("Carte de chaleur : compétences des candidatures", "Heat map: competencies of the candidates") }
    func heatMapCaption(isCV: Bool) -> String {
        pick("Chaque ligne est une compétence, chaque colonne un texte : le \(isCV ? "CV" : "texte de la requête") (Q), puis les offres par rang. Plus la case est foncée, plus la compétence revient souvent dans ce texte. ● : demandée par l’offre et présente dans le \(isCV ? "CV" : "texte") (commune). ✕ : demandée par l’offre, absente du \(isCV ? "CV" : "texte") (manquante).",
             "Each row is a competency, each column a text: the \(isCV ? "CV" : "query") (Q), then the postings by rank. A darker cell: the competency comes up more often in that text. ● asked by the posting and found in the \(isCV ? "CV" : "query") (shared). ✕ asked by the posting, absent from the \(isCV ? "CV" : "query") (missing).")
    }
    var heatMapCaptionBatch: String {
        pick("Chaque ligne est une compétence, chaque colonne une candidature (numérotée comme dans le tableau des données). Plus la case est foncée, plus la compétence revient souvent dans ce CV.",
             "Each row is a competency, each column a candidate (numbered as in the data table). A darker cell: the competency comes up more often in that CV.")
    }
    var weightLegend: String { pick("Poids dans le texte", "Weight in the text") }
    var notFound: String { pick("absente", "not found") }
    var sharedMark: String { pick("commune", "shared") }
    var missingMark: String { pick("manquante", "missing") }
    var competencyColumn: String { pick("Compétence", "Competency") }
    var queryShort: String { "Q" }
    var noCompetency: String {
        pick("Aucune compétence de la taxonomie n’a été trouvée dans ces textes (un modèle construit avec --no-posting-text n’a pas le texte des offres).",
             "No competency of the taxonomy was found in these texts (a model built with --no-posting-text has no posting text to read).")
    }
    var scoreChartTitle: String { pick("Ce qui fait le score", "What makes the score") }
    func scoreChartName(_ label: String) -> String { pick("Scores des offres pour \(quoted(label))", "Scores of the matches for \(quoted(label))") }
    /// The score chart's caption, with the rule's numbers (`LanguageFitRanking`, `FitLabel`).
    var scoreChartCaption: String {
        let unmet = number(Double(LanguageFitRanking.unmetFactor), 2), partly = number(Double(LanguageFitRanking.partlyFactor), 2)
        let possible = number(Double(FitLabel.possibleScore), 2), strong = number(Double(FitLabel.strongScore), 2)
        return pick("Barre grise : similarité (cosinus dans l’espace latent). Barre colorée : score = similarité × facteur de langue (\(unmet) par langue exigée non atteinte, \(partly) si atteinte à un niveau près). Traits verticaux : seuils des étiquettes « possible » (\(possible)) et « fort » (\(strong), avec au moins une compétence commune).",
                    "Grey bar: similarity (cosine in the latent space). Coloured bar: score = similarity × language factor (\(unmet) per required language not met, \(partly) when one level short). Vertical ticks: thresholds of the labels “possible” (\(possible)) and “strong” (\(strong), with at least one shared competency).")
    }
    var footer: String {
        pick("Produit hors ligne par passerelle. Les scores sont des cosinus dans l’espace latent, entre −1 et 1 ; la contribution d’un terme est sa part du score (les contributions s’additionnent pour donner la similarité).",
             "Made offline by passerelle. Scores are cosines in the latent space, in [−1, 1]; a term’s contribution is its share of the score (contributions sum to the similarity).")
    }

    // The batch shortlist.
    var shortlistTitle: String { pick("Présélection par offre", "Shortlist by posting") }
    func shortlistIntro(candidates: Int, postings: Int, top: Int) -> String {
        pick("\(candidates) candidatures évaluées sur \(postings) offres ; pour chaque offre, les \(top) meilleures, côte à côte.",
             "\(candidates) candidates scored against \(postings) postings; for each posting, the best \(top), side by side.")
    }
    var noCandidate: String { pick("Aucune candidature retenue pour cette offre.", "No candidate for this posting.") }
    var candidateWord: String { pick("Candidature", "Candidate") }
    var shortlistScoreNote: String {
        pick("Les scores du lot sont des similarités brutes (sans la règle des langues) ; les exigences linguistiques sont montrées à part.",
             "Batch scores are raw similarities (no language rule); language fit is shown beside them.")
    }
}
