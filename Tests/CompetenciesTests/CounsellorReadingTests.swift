import XCTest
import TextAnalysis
@testable import Competencies

/// Issue 24: explanations a counsellor can trust. One test per example of the issue, rephrased (never the or the
/// blind gold's sentences): occupations read as competencies, options never required, intentions and courses never
/// evidence, second senses, English lines in a French CV, language statements, years of experience.
final class CounsellorReadingTests: XCTestCase {
    static let detector = CompetencyDetector(taxonomy: try! Taxonomy.load(path: taxonomyPath), analyzer: FrenchEnglishAnalyzer(phrases: false))

    func cv(_ text: String) -> Set<String> { Set(Self.detector.detect(text, as: .cv).competencies.map(\.id)) }
    func posting(_ text: String) -> [String: Bool] {
        Dictionary(Self.detector.detect(text, as: .posting).competencies.map { ($0.id, $0.desirable) }, uniquingKeysWith: { a, _ in a })
    }

    // 1. Occupations
    /// Issue 25d: the fold of the years and eligibility readers, one pass over the scalars, is the old
    /// chain of `folding` and four `replacingOccurrences` (written out here), and its readings are unchanged.
    func testTheFoldReplacesApostrophesSpacesAndDashesAsBefore() {
        func old(_ text: String) -> String {
            text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
                .replacingOccurrences(of: "\u{2019}", with: "'").replacingOccurrences(of: "\u{00A0}", with: " ")
                .replacingOccurrences(of: "\u{2013}", with: "-").replacingOccurrences(of: "\u{2014}", with: "-")
        }
        let texts = ["", "Rien à remplacer ici", "3 ans d\u{2019}expérience\u{00A0}; 2019\u{2013}2024 \u{2014} ÉTUDIANT·E",
                     "\u{2019}\u{2019}\u{00A0}\u{2013}\u{2014}", "e\u{0301}te\u{0301} \u{2019}a\u{0300} l\u{2019}e\u{0301}cole 🙂\u{2014}fin",
                     "Ｆｕｌｌ\u{2013}width ﬁ ligature\u{00A0}ß"]
        for t in texts {
            XCTAssertEqual(Array(ExperienceYears.fold(t).unicodeScalars), Array(old(t).unicodeScalars), t)
        }
        XCTAssertEqual(ExperienceYears.required(posting: "Au moins 3 ans d\u{2019}expérience exigés."), 3)
    }

    func testATeacherShowsTeaching() {
        XCTAssertTrue(cv("Professeure de français au collège pendant douze ans.").contains("training"))
        XCTAssertTrue(cv("Enseignant en arts visuels, école secondaire publique (2010-2024).").contains("training"))
        XCTAssertTrue(cv("Enseignement de la musique en classes de 4e et 3e.").contains("training"))
        XCTAssertTrue(cv("High school science teacher for nine years.").contains("training"))
    }

    func testCitizenCafesShowFacilitation() {
        XCTAssertTrue(cv("Une trentaine de cafés citoyens préparés et animés dans trois quartiers.").contains("facilitation"))
    }

    // 2. Options are not requirements
    func testEitherOrListsAndAssetsAreDesirable() {
        let p = posting("""
        Profil recherché
        Trois ans d'expérience en concertation, en mobilisation communautaire ou en animation de groupes.
        Idéalement, une connaissance de la recherche-action.
        La maîtrise des réseaux sociaux est un atout.
        Social media experience is an asset.
        Vous rédigez des rapports clairs.
        """)
        XCTAssertEqual(p["community-mobilization"], true, "one branch of an either/or list")
        XCTAssertEqual(p["action-research"], true, "« idéalement »")
        XCTAssertEqual(p["social-media"], true, "« un atout », « is an asset »")
        XCTAssertEqual(p["writing"], false, "a plain duty stays required")
    }

    func testNiceToHaveSectionIsDesirable() {
        let p = posting("""
        Responsabilités
        Rédiger les comptes rendus des rencontres.
        Atouts
        Expérience en design de services.
        """)
        XCTAssertEqual(p["writing"], false)
        XCTAssertEqual(p["service-design"], true)
    }

    func testSontDesPlusIsDesirable() {
        let p = posting("Exigences\nDes notions de gestion budgétaire et de collecte de fonds sont des plus.\nAnimer des ateliers avec les citoyens.")
        XCTAssertEqual(p["budgeting"], true)
        XCTAssertEqual(p["facilitation"], false)
    }

    // 3. Intentions and courses
    func testAGoalIsNoEvidence() {
        XCTAssertFalse(cv("Technicien comptable en reconversion vers la médiation culturelle.").contains("cultural-mediation"))
        XCTAssertFalse(cv("Je souhaite évoluer vers la participation citoyenne.").contains("citizen-participation"))
        XCTAssertFalse(cv("Seeking a role in community development.").contains("community-mobilization"))
        // The same words as a fact are evidence.
        XCTAssertTrue(cv("Médiatrice culturelle au musée depuis 2018.").contains("cultural-mediation"))
    }

    func testACourseFollowedIsNoTeaching() {
        XCTAssertFalse(cv("Formation continue suivie en gestion des émotions.").contains("training"))
        XCTAssertFalse(cv("Attended a two-day training on workshop facilitation.").contains("facilitation"))
    }

    // 4. Senses
    func testOfficerAndOfficeAreNoSoftware() {
        XCTAssertFalse(cv("Community Engagement Officer, City of Halifax (2019-2023).").contains("digital-tools"))
        XCTAssertFalse(posting("Missions\nPréparer les audiences de l'Office de consultation de la Ville.")["digital-tools"] != nil)
        XCTAssertTrue(cv("Maîtrise de la suite Office et de Teams.").contains("digital-tools"))
    }

    func testSobrieteAloneIsNoEcologicalTransition() {
        XCTAssertNil(posting("Missions\nAccompagner des personnes vers la sobriété et la réduction des méfaits.")["ecological-transition"])
        XCTAssertNotNil(posting("Missions\nPiloter le plan de sobriété énergétique des bâtiments.")["ecological-transition"])
    }

    func testLeadershipOfResidentsIsNotAskedOfTheCandidate() {
        XCTAssertNil(posting("Responsibilities\nBuild leadership among tenants of the housing cooperative.")["leadership"])
        XCTAssertNil(posting("Missions\nDévelopper le leadership des habitants du quartier.")["leadership"])
    }

    func testAccompanyingAnImplementationIsNoCoaching() {
        XCTAssertNil(posting("Missions\nAccompagner la mise en œuvre du plan d'action régional.")["coaching"])
        XCTAssertNil(posting("Missions\nAccompagner la mise en place des nouveaux comités.")["coaching"])
        XCTAssertNotNil(posting("Missions\nAccompagner les porteurs de projets dans leurs démarches.")["coaching"])
    }

    func testAutonomousCommunityActionIsASector() {
        XCTAssertNil(posting("Contexte du poste\nLe poste soutient des organismes d'action communautaire autonome de la région.\nMissions\nAnimer le réseau.")["autonomy"])
        XCTAssertNotNil(posting("Profil\nGrande autonomie dans l'organisation du travail.")["autonomy"])
    }

    func testPresentingStatementsToClientsIsNoPublicSpeaking() {
        XCTAssertFalse(cv("Préparation des états financiers et présentation aux clients.").contains("public-speaking"))
    }

    // 5. Mixed-language CVs
    func testEnglishLinesInAFrenchCVAreReadInEnglish() {
        let text = """
        Chargée de projets, Ville de Lyon (2016-2024)
        Animation de rencontres de quartier et rédaction des bilans.
        Designed a developmental evaluation of the youth programme with the partners.
        """
        XCTAssertTrue(cv(text).contains("evaluation"))
    }

    // 6. Language statements
    func testLanguageStatementsNamedDifferently() {
        let cvLanguages = LanguageStatementDetector.detect("Langues\nArabe (darija) : courant à l'oral\nEspañol : courant")
        XCTAssertEqual(cvLanguages.first { $0.language == "ar" }?.level, .excellent)
        XCTAssertEqual(cvLanguages.first { $0.language == "es" }?.level, .excellent)
        let asked = LanguageStatementDetector.detect("Selon les dossiers, l'anglais peut être exigé.")
        let en = asked.first { $0.language == "en" }
        XCTAssertNotNil(en, "a conditional language is read")
        XCTAssertEqual(en?.desirable, true, "and read as desirable, not required")
    }

    // 7. Years of experience
    func testYearsAskedAndShown() {
        XCTAssertEqual(ExperienceYears.required(posting: "Vous avez de 3 à 5 ans d'expérience en participation publique."), 3)
        XCTAssertEqual(ExperienceYears.required(posting: "Minimum of 5 years of experience in community engagement."), 5)
        XCTAssertEqual(ExperienceYears.required(posting: "Contrat de 3 ans renouvelable."), nil)
        XCTAssertEqual(ExperienceYears.shown(cv: "Animatrice, 2004–2012\nCoordonnatrice, 2012 - 2024\nMaster, Université Lyon 2, 2000-2002"), 20)
        XCTAssertEqual(ExperienceYears.shown(cv: "Plus de 15 ans d'expérience en médiation."), 15)
        XCTAssertNil(ExperienceYears.shown(cv: "Jeune diplômée motivée, curieuse, à l'écoute."))
    }
}
