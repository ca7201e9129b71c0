import XCTest
import TextAnalysis
@testable import Competencies

/// Issue 24's "done when": every example of its "Why" has a test, rephrased. This file holds the examples read by the
/// detector (`CompetencyDetector.detect(_:as:)`, what `competencies` and the explanations of `rank` read) and the language
/// statements (`LanguageStatementDetector`), each written anew for this file: never the issue's sentence, never a gold's.
/// The examples already tested elsewhere in other words are listed in /work/notes/issue-24h.md; those here were not, or
/// were tested with the issue's own words.
final class Issue24ExamplesTests: XCTestCase {
    static let detector = CompetencyDetector(taxonomy: try! Taxonomy.load(path: taxonomyPath), analyzer: FrenchEnglishAnalyzer(phrases: false))

    func cv(_ text: String) -> Set<String> { Set(Self.detector.detect(text, as: .cv).competencies.map(\.id)) }
    /// Competency → desirable, as a posting's explanation reads it.
    func posting(_ text: String) -> [String: Bool] {
        Dictionary(Self.detector.detect(text, as: .posting).competencies.map { ($0.id, $0.desirable) }, uniquingKeysWith: { a, _ in a })
    }
    /// Language → "level[ desirable]" of the plain statement reader.
    func statements(_ text: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: LanguageStatementDetector.detect(text).map {
            ($0.language, "\($0.level.name)\($0.desirable ? " desirable" : "")")
        })
    }

    /// Kind 1, occupations not read as competencies: a teacher of a school subject shows teaching, in either language.
    func testAnArtTeacherShowsTeaching() {
        XCTAssertTrue(cv("Professeur d'arts plastiques dans un collège de banlieue, 2006-2023.").contains("training"))
        XCTAssertTrue(cv("Enseignement des arts visuels en classes de seconde et de première.").contains("training"))
        XCTAssertTrue(cv("Art teacher in a public secondary school for fourteen years.").contains("training"))
    }

    /// Kind 1: civic events the person organised and led show facilitation.
    func testCivicEveningsOrganisedAndLedShowFacilitation() {
        XCTAssertTrue(cv("Plus de vingt cafés-débats conçus et animés en médiathèque.").contains("facilitation"))
        XCTAssertTrue(cv("Animation de cafés-débats citoyens dans les villages du canton.").contains("facilitation"))
        XCTAssertTrue(cv("Des cafés citoyens conçus et animés dans trois villages.").contains("facilitation"))
    }

    /// Kind 2, options read as requirements: one branch of an either/or list, "idéalement", "seraient des plus", "constitue un
    /// atout", "would be a plus" are desirable; a plain duty beside them stays required.
    func testOptionsAreDesirable() {
        let alternatives = posting("Profil\nUne expérience en médiation sociale, en éducation populaire ou en accompagnement de projets.\nRédiger les bilans d'activité.")
        XCTAssertEqual(alternatives["social-mediation"], true)
        XCTAssertEqual(alternatives["popular-education"], true)
        XCTAssertEqual(alternatives["writing"], false)
        XCTAssertEqual(posting("Profil\nVous avez idéalement conduit des démarches de design de services.\nAnimer des ateliers.")["service-design"], true)
        let plus = posting("Exigences\nUne pratique de l'analyse de données et de la cartographie des acteurs seraient des plus.\nAnimer des ateliers.")
        XCTAssertEqual(plus["data-analysis"], true)
        XCTAssertEqual(plus["stakeholder-mapping"], true)
        XCTAssertEqual(plus["facilitation"], false)
        XCTAssertEqual(posting("Profil\nLa maîtrise de la gestion budgétaire constitue un atout.\nRédiger des rapports.")["budgeting"], true)
        XCTAssertEqual(posting("Qualifications\nExperience with social media would be a plus.\nFacilitate community meetings.")["social-media"], true)
    }

    /// Kind 3, intentions and courses as evidence: a career change stated as a project or a transition is a goal; courses
    /// followed are not teaching.
    func testCareerChangeGoalsAndCoursesAreNoEvidence() {
        XCTAssertFalse(cv("Comptable — projet de reconversion : médiation culturelle en musée.").contains("cultural-mediation"))
        XCTAssertFalse(cv("Aide-comptable en transition professionnelle vers la médiation culturelle.").contains("cultural-mediation"))
        XCTAssertFalse(cv("Assistante de gestion, en reconversion vers l'éducation populaire.").contains("popular-education"))
        XCTAssertFalse(cv("Career change: moving into community organizing.").contains("community-mobilization"))
        XCTAssertFalse(cv("Stage de formation continue suivi en animation de groupes.").contains("training"))
        XCTAssertFalse(cv("Stage de formation continue suivi en animation de groupes.").contains("facilitation"))
        // The same field held as a job stays evidence.
        XCTAssertTrue(cv("Médiatrice culturelle au musée des beaux-arts depuis 2017.").contains("cultural-mediation"))
    }

    /// Kind 4, senses: a job title "Officer" and a public body named "Office" are no software; "sobriété" alone (a recovery)
    /// is no ecological transition; residents' leadership is not asked of the candidate; accompanying a policy's realisation
    /// is no coaching; autonomous community action is a sector; presenting tax returns to clients is no public speaking.
    func testWordsOfAnotherSense() {
        XCTAssertFalse(cv("Program Officer, regional arts council (2015-2022).").contains("digital-tools"))
        XCTAssertFalse(cv("Conseillère, Office municipal d'habitation (2012-2020).").contains("digital-tools"))
        XCTAssertNil(posting("Missions\nSoutenir des personnes en rétablissement dans leur sobriété.")["ecological-transition"])
        XCTAssertNotNil(posting("Missions\nSensibiliser les ménages à la sobriété énergétique.")["ecological-transition"])
        XCTAssertNil(posting("Missions\nSoutenir le leadership des résidentes et résidents.\nAnimer des rencontres.")["leadership"])
        XCTAssertNil(posting("Responsibilities\nFoster leadership among youth in the neighbourhood.")["leadership"])
        XCTAssertNil(posting("Missions\nAccompagner la réalisation de la politique culturelle.")["coaching"])
        XCTAssertNil(posting("Missions\nAccompagner le déploiement du nouveau plan d'action.")["coaching"])
        XCTAssertNotNil(posting("Missions\nAccompagner les jeunes adultes dans leur insertion professionnelle.")["coaching"])
        XCTAssertNil(posting("Contexte\nNous sommes un organisme d'action communautaire autonome.\nProfil\nAnimer le réseau.")["autonomy"])
        XCTAssertFalse(cv("Coordonnatrice dans un organisme d'action communautaire autonome (2015-2024).").contains("autonomy"))
        XCTAssertFalse(cv("Présentation des déclarations fiscales aux clients du cabinet.").contains("public-speaking"))
    }

    /// Kind 5, mixed-language CVs: English lines of a French CV are read in English.
    func testEnglishLinesOfAFrenchCV() {
        XCTAssertTrue(cv("Chargé de mission, Métropole (2015-2023)\nAnimation des comités de suivi.\nLed a developmental evaluation of the tenant support programme.")
            .contains("evaluation"))
        XCTAssertTrue(cv("Coordinatrice, maison de quartier (2014-2024)\nRédaction des bilans annuels.\nRan the participatory evaluation of a food security pilot.")
            .contains("evaluation"))
    }

    /// Kind 6, language statements: a variety of Arabic named after the language or in parentheses, a language named in its
    /// own language, and a language a posting "may require" (desirable, not dropped).
    func testLanguageStatementsOfOtherWordings() {
        XCTAssertEqual(statements("Langues\nArabe marocain : courant à l'oral\nFrançais : langue maternelle"), ["ar": "excellent", "fr": "native"])
        XCTAssertEqual(statements("Arabe (levantin) – courant"), ["ar": "excellent"])
        XCTAssertEqual(statements("Castellano : courant"), ["es": "excellent"])
        XCTAssertEqual(statements("Italiano : courant"), ["it": "excellent"])
        XCTAssertEqual(statements("L'anglais peut être requis pour certains dossiers."), ["en": "good desirable"])
        XCTAssertEqual(statements("Selon les projets, l'espagnol pourra être demandé."), ["es": "good desirable"])
        // A required language stays required.
        XCTAssertEqual(statements("Arabe courant exigé pour l'accueil des familles."), ["ar": "excellent"])
    }

    /// Kind 6: what `competencies --posting` lists as required or desirable is the posting reading's `desirable` flag, for
    /// competencies and language statements alike.
    func testAPostingReadingTellsRequiredFromDesirable() throws {
        let profile = Self.detector.detect("Profil\nRédiger les bilans d'activité.\nLa gestion budgétaire est un atout.\nFrançais courant exigé.\nAnglais : un plus.",
                                           as: .posting)
        XCTAssertEqual(profile.competencies.first { $0.id == "writing" }?.desirable, false)
        XCTAssertEqual(profile.competencies.first { $0.id == "budgeting" }?.desirable, true)
        XCTAssertEqual(profile.languages.first { $0.language == "fr" }?.desirable, false)
        XCTAssertEqual(profile.languages.first { $0.language == "en" }?.desirable, true)
    }

    /// Kind 7, fit labels read the requirements: years asked in other words than the issue's.
    func testYearsAskedInOtherWords() {
        XCTAssertEqual(ExperienceYears.required(posting: "Au minimum cinq années d'expérience en participation publique."), 5)
        XCTAssertEqual(ExperienceYears.required(posting: "You bring at least three years of experience in community work."), 3)
        XCTAssertNil(ExperienceYears.shown(cv: "Diplômée en urbanisme.\nStage : animation d'ateliers.\nFrançais : langue maternelle."))
    }
}
