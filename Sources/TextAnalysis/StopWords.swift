// The project's own stop-word lists. Entries are compared with the lower-cased, accent-folded word
// (after elision and inclusive-markup removal, before stemming), so they are written without accents.
//
// French: function words (articles, pronouns, prepositions, conjunctions, auxiliaries, frequent
// adverbs), numbers in letters, inclusive pronouns (iel, iels, ceuzes, toustes…), and job-posting
// boilerplate (poste, candidature, candidat, h/f, cv, emploi, offre, recrute, profil, temps, plein…).
// Domain words such as "projet", "design", "mediation", "service", "mission" are deliberately kept.

public enum StopWords {
    static let frenchFunction = """
    a au aux avec ce ces dans de des du elle en et eux il ils je la le les leur leurs lui ma mais me meme mes moi mon ne nos \
    notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y \
    ete etee etees etes etant suis es est sommes etes sont serai seras sera serons serez seront serais serait serions seriez \
    seraient etais etait etions etiez etaient fus fut fumes futes furent sois soit soyons soyez soient fusse fusses fut \
    fussions fussiez fussent ayant eu eue eues eus ai as avons avez ont aurai auras aura aurons aurez auront aurais aurait \
    aurions auriez auraient avais avait avions aviez avaient eut eumes eutes eurent aie aies ait ayons ayez aient eusse \
    eusses eussions eussiez eussent ceci cela celui celle celles ceux ci la-bas ici cet cette aussi alors ainsi apres avant \
    autre autres aucun aucune aupres autour bien car chaque chacun chacune comme comment dont donc dela dessous dessus \
    deja depuis dire dit doit doivent elles encore entre etc faire fait faut hors jamais jusqu jusque lequel laquelle \
    lesquels lesquelles lorsqu lorsque meme memes moins notamment nul ni non oui parce parmi pendant peu peut peuvent \
    plusieurs plutot pourquoi pourra pourront pouvez pouvons presque puis puisqu puisque quand quel quelle quelles quels \
    quelque quelques quoi quoiqu quoique sans selon sera si sinon soi sous souvent surtout tandis tant tel telle telles \
    tels tous tout toute toutes tres trop vers via voici voila vos afin ceuzes iel iels celleux toustes tou touste ille \
    illes elleux lae al als vis peutetre dela audela cad tandis certes toujours deux trois quatre cinq six sept huit neuf \
    dix onze douze trente quarante cinquante soixante cent mille premier premiere second seconde ou hui aujourd aujourdhui \
    etre avoir fois cas ca cet chez nbsp ah oh ainsi desormais lors sein ensemble mise matiere egalement plus tres bon bonne \
    rue www http https com org html mme mr mlle
    """
    static let frenchBoilerplate = """
    poste postes candidature candidatures candidat candidats candidate candidates cv emploi emplois offre offres recrute \
    recrutons recrutement recruter profil profils temps plein partiel hf fh cdi cdd lettre motivation envoyer adresser \
    postuler date limite salaire remuneration annee annees mois semaine semaines heures heure
    """
    static let englishFunction = """
    a about above after again against all am an and any are aren as at be because been before being below between both \
    but by can cannot could couldn did didn do does doesn doing don down during each few for from further had hadn has \
    hasn have haven having he her here hers herself him himself his how i if in into is isn it its itself just let me \
    more most mustn my myself no nor not of off on once only or other ought our ours ourselves out over own same shan \
    she should shouldn so some such than that the their theirs them themselves then there these they this those through \
    to too under until up very was wasn we were weren what when where which while who whom why will with won would \
    wouldn you your yours yourself yourselves also etc via us may might must shall within without across per e g ie eg \
    s t ll ve re d m one two three four five six seven eight nine ten
    """
    static let englishBoilerplate = """
    job jobs position positions apply applying application applications applicant applicants candidate candidates cv \
    resume hiring hire recruit recruiting recruitment offer full part time deadline salary role opportunity opportunities \
    please email
    """

    static func parse(_ s: String) -> Set<String> {
        Set(s.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }

    /// French stop words (accent-folded).
    public static let french: Set<String> = parse(frenchFunction).union(parse(frenchBoilerplate))
    /// English stop words.
    public static let english: Set<String> = parse(englishFunction).union(parse(englishBoilerplate))
    /// Union, used for text in another language.
    public static let all: Set<String> = french.union(english)

    /// Stop words that may sit inside a phrase ("design de services", "aménagement du territoire").
    static let connectors: Set<String> = ["de", "des", "du", "d", "la", "le", "les", "l", "en", "et", "au", "aux", "of", "the", "and", "a", "for", "in"]

    static func set(for language: Language) -> Set<String> {
        switch language {
        case .fr: return french
        case .en: return english
        case .other: return all
        }
    }

    static let scalarSets: [Language: Set<[UInt32]>] = {
        var d = [Language: Set<[UInt32]>]()
        for l in Language.allCases { d[l] = Set(set(for: l).map(Chars.scalars)) }
        return d
    }()
    static let connectorScalars: Set<[UInt32]> = Set(connectors.map(Chars.scalars))
}
