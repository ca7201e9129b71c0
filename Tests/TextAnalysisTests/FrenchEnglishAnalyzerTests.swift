import XCTest
@testable import TextAnalysis

final class FrenchEnglishAnalyzerTests: XCTestCase {
    let fr = FrenchEnglishAnalyzer(language: .fr)
    let auto = FrenchEnglishAnalyzer()

    func testIdentifier() { XCTAssertEqual(auto.identifier, "fr-en-v1") }

    /// Real sentences from the five seed postings (Data/postings) with their expected terms.
    let seedSentences: [(String, String)] = [
        ("RECRUTE CHEF(FE) DE PROJET",
         "chef projet chef_projet"),
        ("La ou le chef.fe de projet « innovation sociale territoriale » aura pour missions principales en lien avec les différentes missions portées par les membres de l'équipe :",
         "chef projet chef_projet innov social innov_social territorial mission principal lien different mission port membr equip"),
        ("Une démarche d'action-recherche sur l'innovation sociale territoriale",
         "demarch action recherch action_recherch innov social innov_social territorial"),
        ("Exeko est une organisation basée à Montréal depuis 2006, dont la mission est d'utiliser les arts, les sciences humaines et la philosophie au service d’une transformation sociale inclusive et émancipatrice.",
         "exeko organis bas montreal mission utilis art scienc humain scienc_humain philosoph servic transform social inclus emancip"),
        ("  • Coordonner la communauté de pratique des médiateurs/trices (CoPMed)",
         "coordon communaut pratiqu mediateur copmed"),
        ("Même si nous aimerions répondre à tou.te.s, seul.e.s les candidat.e.s retenu.e.s seront contacté.e.s et rencontré.e.s en entrevue.",
         "aim repondr seul retenus contact rencontr entrevu"),
        ("Le poste dont il est question, un.e agent.e de mobilisation et de communication des écosystèmes innovants, viendra compléter l’équipe innovation et expérimentation.",
         "question agent mobilis commun ecosystem innov viendr complet equip innov experiment"),
        ("  • Identification: Maintenir ou contribuer à l’identification des parties prenantes actives dans certains domaines;",
         "identif mainten contribu identif part pren part_pren actif certain domain"),
        ("Il.elle aura pour mission la coordination d'équipes-projet dans l'exploration de nouvelles solutions selon une méthodologie design basée sur l'intelligence collective",
         "mission coordin equip projet equip_projet explor nouvel solut methodolog design bas intelligent collect intelligent_collect"),
        ("- Première expérience significative en matière de design de services et de politiques publiques",
         "experient signif design servic design_servic polit publiqu polit_publiqu"),
        ("Un(e) chargé(e) de la participation citoyenne",
         "charg particip citoyen particip_citoyen"),
        ("Impulser l'innovation publique et l'intelligence collective",
         "impuls innov publiqu innov_publiqu intelligent collect intelligent_collect"),
        ("Concevoir des stratégies et méthodologies de concertation et co-construction citoyenne adaptées aux projets et aux objectifs du service",
         "concevoir strateg methodolog concert coconstruct citoyen adapt projet object servic"),
    ]

    func testSeedSentences() {
        for (sentence, expected) in seedSentences {
            XCTAssertEqual(fr.terms(sentence).joined(separator: " "), expected, sentence)
            // the default analyzer identifies these as French (or falls back to French)
            XCTAssertEqual(auto.terms(sentence).joined(separator: " "), expected, sentence)
        }
    }

    func testTermsEqualAnalyzeTerms() throws {
        for f in SeedPostings.files {
            let text = try SeedPostings.text(f)
            XCTAssertEqual(auto.terms(text), auto.analyze(text).map(\.term), f)
            XCTAssertGreaterThan(auto.terms(text).count, 200, f)
        }
    }

    // MARK: Unicode and punctuation

    func testApostropheVariantsAndElisions() {
        let expected = ["innov"]
        for a in ["'", "’", "ʼ", "‘", "`", "′"] {
            XCTAssertEqual(fr.terms("l\(a)innovation"), expected, a)
            XCTAssertEqual(fr.terms("L\(a)INNOVATION"), expected, a)
        }
        let elided = ["l’équipe", "d’équipe", "qu’équipe", "n’équipe", "s’équipe", "j’équipe", "c’équipe", "m’équipe",
                      "t’équipe", "jusqu’équipe", "lorsqu’équipe", "puisqu’équipe", "quoiqu’équipe"]
        for e in elided { XCTAssertEqual(fr.terms(e), ["equip"], e) }
        let tokens = fr.analyze("jusqu’à l’innovation")
        XCTAssertEqual(tokens, [Token(term: "innov", start: 10, end: 20)])
    }

    func testEnglishPossessiveAndContractions() {
        let en = FrenchEnglishAnalyzer(language: .en)
        XCTAssertEqual(en.terms("the company’s designers don't"), ["compani", "design"])
    }

    func testSpacesQuotesBulletsDashesEllipsis() {
        let text = "«\u{a0}Design\u{202f}» • médiation — participation – co-design… → agents\u{2009}!"
        XCTAssertEqual(fr.terms(text), ["design", "mediat", "particip", "codesign", "agent"])
        let t = fr.analyze(text)
        let scalars = Array(text.unicodeScalars)
        XCTAssertEqual(String(String.UnicodeScalarView(scalars[t[0].start..<t[0].end])), "Design")
        XCTAssertEqual(String(String.UnicodeScalarView(scalars[t[3].start..<t[3].end])), "co-design")
    }

    func testNFCAndCaseFolding() {
        let nfd = "Me\u{301}diation E\u{301}COLOGIQUE"
        XCTAssertEqual(fr.terms(nfd), fr.terms("médiation écologique"))
        XCTAssertEqual(fr.analyze(nfd).map(\.end), [10, 22])
        XCTAssertEqual(fr.terms("ŒUVRE"), fr.terms("œuvre"))
    }

    func testMatchingDoesNotDependOnAccents() {
        let pairs = [("médiation", "mediation"), ("écologique", "ecologique"), ("équipe", "equipe"),
                     ("créativité", "creativite"), ("démocratie participative", "democratie participative"),
                     ("coordonnatrice", "coordonnatrice"), ("expérience utilisateur", "experience utilisateur"),
                     ("Chargée", "chargee"), ("être", "etre")]
        for (x, y) in pairs { XCTAssertEqual(fr.terms(x), fr.terms(y), x) }
        XCTAssertEqual(fr.terms("médiation"), ["mediat"])
    }

    // MARK: Compounds

    func testBoundPrefixCompoundsMatchSolidSpelling() {
        XCTAssertEqual(fr.terms("co-construction"), ["coconstruct"])
        XCTAssertEqual(fr.terms("coconstruction"), ["coconstruct"])
        XCTAssertEqual(fr.terms("co‑construction"), ["coconstruct"]) // non-breaking hyphen
        XCTAssertEqual(fr.terms("co-design"), fr.terms("codesign"))
        XCTAssertEqual(fr.terms("socio-culturel"), fr.terms("socioculturel"))
        XCTAssertEqual(fr.analyze("la co-construction"), [Token(term: "coconstruct", start: 3, end: 18)])
    }

    func testOtherCompoundsGiveTheirWordsAndACompoundTerm() {
        XCTAssertEqual(fr.terms("recherche-action"), ["recherch", "action", "recherch_action"])
        XCTAssertEqual(fr.terms("action-recherche"), ["action", "recherch", "action_recherch"])
        XCTAssertEqual(fr.terms("équipes-projet"), ["equip", "projet", "equip_projet"])
        let t = fr.analyze("une recherche-action.")
        XCTAssertEqual(t.last, Token(term: "recherch_action", start: 4, end: 20))
    }

    func testStopCompounds() {
        XCTAssertEqual(fr.terms("c’est-à-dire"), [])
        XCTAssertEqual(fr.terms("c'est-à-dire"), [])
        XCTAssertEqual(fr.terms("peut-être"), [])
        XCTAssertEqual(fr.terms("trente-huit"), [])
    }

    // MARK: Stop words

    func testBoilerplateIsDroppedButDomainWordsAreKept() {
        XCTAssertEqual(fr.terms("Offre d’emploi : poste à temps plein (H/F), envoyez CV et candidature"), ["envoi"])
        XCTAssertEqual(fr.terms("projet design médiation"), ["projet", "design", "mediat"])
        let en = FrenchEnglishAnalyzer(language: .en)
        XCTAssertEqual(en.terms("The job offers a full-time position in project design"), ["project", "design"]) // "offers" stems to the stop word "offer"
        XCTAssertEqual(en.terms("offers"), [])
    }

    func testNumbersAndSingleLettersAreDropped() {
        XCTAssertEqual(fr.terms("2024 13 a b c x"), [])
        XCTAssertEqual(fr.terms("covid19 3D"), ["covid19", "3d"])
    }

    // MARK: Phrases

    func testPhrases() {
        let cases: [(String, String)] = [
            ("design de services", "design_servic"), ("design des services", "design_servic"),
            ("Design de service", "design_servic"), ("design du service", "design_servic"),
            ("intelligence collective", "intelligent_collect"), ("participation citoyenne", "particip_citoyen"),
            ("innovation sociale", "innov_social"), ("innovations sociales", "innov_social"),
            ("innovation publique", "innov_publiqu"), ("médiation culturelle", "mediat_culturel"),
            ("mediation culturelle", "mediat_culturel"), ("gestion de projet", "gestion_projet"),
            ("gestion de projets", "gestion_projet"), ("design thinking", "design_think"),
            ("service design", "servic_design"), ("community organizing", "communiti_organiz"),
            ("user research", "user_research"), ("recherche action", "recherch_action"),
            ("recherche-action", "recherch_action"), ("politiques publiques", "polit_publiqu"),
            ("transition écologique", "transit_ecolog"), ("transitions écologiques", "transit_ecolog"),
            ("mobilisation communautaire", "mobilis_communautair"), ("parties prenantes", "part_pren"),
            ("living lab", "live_lab"), ("expérience utilisateur", "experient_utilis"),
            ("développement durable", "developp_durabl"), ("chef·fe de projet", "chef_projet"),
            ("chargé·e de mission", "charg_mission"),
        ]
        for (text, term) in cases {
            let terms = fr.terms(text)
            XCTAssertEqual(terms.filter { $0.contains("_") }, [term], text)
        }
    }

    func testPhraseIsEmittedAfterItsLastWordWithSpanningOffsets() {
        let text = "Du design des services, puis la gestion de projet."
        let t = fr.analyze(text)
        XCTAssertEqual(t.map(\.term), ["design", "servic", "design_servic", "gestion", "projet", "gestion_projet"])
        XCTAssertEqual(t[2], Token(term: "design_servic", start: 3, end: 22))
        XCTAssertEqual(t[5], Token(term: "gestion_projet", start: 32, end: 49))
    }

    func testPhrasesDoNotSpanPunctuationOrContentWords() {
        XCTAssertEqual(fr.terms("design. Services").filter { $0.contains("_") }, [])
        XCTAssertEqual(fr.terms("design, services").filter { $0.contains("_") }, [])
        XCTAssertEqual(fr.terms("design graphique des services").filter { $0.contains("_") }, [])
        XCTAssertEqual(fr.terms("design\n\nservices").filter { $0.contains("_") }, [])
    }

    func testPhrasesOff() {
        XCTAssertEqual(FrenchEnglishAnalyzer(phrases: false, language: .fr).terms("design de services"), ["design", "servic"])
    }

    func testEnglishPhrasesInEnglishText() {
        let en = FrenchEnglishAnalyzer(language: .en)
        XCTAssertEqual(en.terms("user research and service design").filter { $0.contains("_") }, ["user_research", "servic_design"])
        // a French phrase in English text gives the same term as in French text
        XCTAssertEqual(en.terms("participation citoyenne").filter { $0.contains("_") }, ["particip_citoyen"])
        XCTAssertEqual(fr.terms("design thinking").filter { $0.contains("_") }, ["design_think"])
    }

    // MARK: Languages

    func testEnglishParagraphIsStemmedWithPorter2() {
        let text = """
        Nous recherchons une personne curieuse pour animer des ateliers avec les habitants du quartier.

        We are looking for an organizer who builds community partnerships and facilitates workshops with residents.
        """
        let terms = auto.terms(text)
        XCTAssertTrue(terms.contains("organiz"))     // Porter2: organizer → organiz
        XCTAssertTrue(terms.contains("partnership"))
        XCTAssertTrue(terms.contains("workshop"))
        XCTAssertTrue(terms.contains("ateli"))       // French Snowball: ateliers → ateli
        XCTAssertFalse(terms.contains("the"))
    }

    func testOtherLanguageParagraphIsNotStemmed() {
        let text = "Wir suchen eine neugierige Person für die Moderation von Workshops in den Stadtteilen und mit den Bürgern."
        let terms = auto.terms(text)
        XCTAssertTrue(terms.contains("stadtteilen"))
        XCTAssertTrue(terms.contains("burgern"))
    }
}
