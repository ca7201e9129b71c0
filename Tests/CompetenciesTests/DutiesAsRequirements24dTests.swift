import XCTest
import TextAnalysis
@testable import Competencies

/// Issue 24d: what a posting requires includes its duties, not only its profile section; options stay desirable; a level
/// written after a bare comma belongs to the last language only. Every posting and sentence here is written for these
/// tests, from how French and English postings are usually written; none is copied from a gold.
final class DutiesAsRequirements24dTests: XCTestCase {
    static let detector = CompetencyDetector(taxonomy: try! Taxonomy.load(path: taxonomyPath), analyzer: FrenchEnglishAnalyzer(phrases: false))

    /// Competency id → "required" / "desirable", read as a posting.
    func posting(_ text: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: Self.detector.detect(text, as: .posting).competencies.map { ($0.id, $0.desirable ? "desirable" : "required") })
    }

    /// A lead-in line ("Vous serez responsable de :", "You will:") opens the duties: the list after it is what the job asks,
    /// even when the posting's first heading comes later (before, the list lay in the opening "context" and was dropped).
    func testDutiesAfterALeadInLineAreRequired() {
        let fr = posting("""
        Animateur·rice de vie de quartier
        L'Amicale des Tilleuls (fictive) fait vivre un centre social depuis trente ans.

        Vous aurez pour principales missions de :
        - animer des ateliers avec les habitant·es et les associations du secteur;
        - rédiger les comptes rendus des rencontres;
        - tenir le suivi budgétaire des activités.

        Profil
        - Deux ans d'expérience en animation socioculturelle.
        """)
        XCTAssertEqual(fr["facilitation"], "required")
        XCTAssertEqual(fr["writing"], "required")
        XCTAssertEqual(fr["budgeting"], "required")
        let en = posting("""
        Neighbourhood Programs Lead
        The Riverside Tenants' Network (fictional) supports tenant associations across the east end.

        In this role, you'll:
        - Facilitate monthly tenant assemblies and training sessions.
        - Write grant reports for our funders.

        Requirements
        - Two years of experience in housing advocacy.
        """)
        XCTAssertEqual(en["facilitation"], "required")
        XCTAssertEqual(en["writing"], "required")
        // A lead-in that announces the perks is no duty: what follows stays a mention.
        let perks = posting("""
        Profil
        - Expérience en animation de groupes.

        Vous bénéficierez de :
        - un budget de formation annuel et d'un accompagnement par un coach.
        """)
        XCTAssertNil(perks["coaching"])
    }

    /// More of the usual duty headings: "Le mandat", "Principales attributions", "Key accountabilities".
    func testMoreDutyHeadingsOpenRequirementSections() {
        XCTAssertEqual(PostingSections.headingKey("Le mandat :").flatMap(PostingSections.kind(ofHeading:)), .duties)
        XCTAssertEqual(PostingSections.headingKey("PRINCIPALES ATTRIBUTIONS").flatMap(PostingSections.kind(ofHeading:)), .duties)
        XCTAssertEqual(PostingSections.headingKey("Key accountabilities").flatMap(PostingSections.kind(ofHeading:)), .duties)
        XCTAssertEqual(PostingSections.headingKey("Connaissances requises :").flatMap(PostingSections.kind(ofHeading:)), .requirement)
        // Words of a longer heading: duties unless a qualification word is there too.
        XCTAssertEqual(PostingSections.looseKind(ofLine: "Nature du mandat et attributions", key: "nature du mandat et attributions"), .duties)
        XCTAssertEqual(PostingSections.looseKind(ofLine: "Missions et profil attendu", key: "missions et profil attendu"), .requirement)
        let text = """
        Coordonnateur·trice des bénévoles
        Le Relais alimentaire du Plateau (fictif) distribue des paniers à 400 familles.

        Le mandat
        Planifier les horaires des bénévoles, animer les rencontres d'équipe et produire le bilan annuel d'activités.

        Exigences
        - Diplôme d'études collégiales en intervention communautaire.
        """
        XCTAssertEqual(posting(text)["facilitation"], "required")
    }

    /// A duty written in the opening paragraph ("Relevant de la direction, vous coordonnez…") speaks of the role.
    func testADutyInTheOpeningParagraphIsRequired() {
        let text = """
        Conseiller·ère en mobilisation
        Relevant de la coordonnatrice, vous coordonnez la mobilisation des résident·es du quartier autour du plan d'action.

        Qualifications
        - Baccalauréat en travail social.
        """
        XCTAssertEqual(posting(text)["community-mobilization"], "required")
        // The employer's own presentation, and a question to the reader, stay context.
        let context = """
        Chargé·e de communication
        Vous partagez nos valeurs de participation citoyenne ? Notre organisme accompagne les quartiers depuis 1990.

        Profil
        - Trois ans en communication numérique.
        """
        XCTAssertNil(posting(context)["citizen-participation"])
    }

    /// Among duties, a list joined by "ou" names duties; in a qualification, alternatives stay options.
    func testAlternativesAmongDutiesAreDuties() {
        let text = """
        Responsabilités
        - Organiser des séances d'information ou des ateliers participatifs avec les résident·es.

        Qualifications
        - Une expérience en médiation interculturelle ou en mobilisation citoyenne.
        """
        let p = posting(text)
        XCTAssertEqual(p["facilitation"], "required")
        XCTAssertEqual(p["community-mobilization"], "desirable", "one branch of an either/or in the qualifications")
        // An option word still makes a duty welcome only.
        XCTAssertEqual(posting("Tâches\n- Idéalement, animer aussi des ateliers avec les locataires.")["facilitation"], "desirable")
    }

    /// "le ou la titulaire", "animateur ou animatrice": one person in both genders, not alternatives.
    func testInclusiveDoubletsAreNotAlternatives() {
        let p = posting("Sous la supervision de la direction, le ou la titulaire planifie les consultations publiques et rédige les rapports de consultation.")
        XCTAssertEqual(p["public-consultation"], "required")
        XCTAssertTrue(Optionality.isDoublet("directeur", "directrice"))
        XCTAssertTrue(Optionality.isDoublet("un", "une"))
        XCTAssertFalse(Optionality.isDoublet("mediation", "mobilisation"))
    }

    /// "souhaite" followed by an infinitive is the employer's wish (a verb), not "souhaité" (welcome).
    func testTheEmployersWishIsNoOption() {
        let p = posting("Missions\n- La Ville souhaite développer la participation citoyenne dans ses quartiers.")
        XCTAssertEqual(p["citizen-participation"], "required")
        XCTAssertEqual(posting("Profil\n- Une expérience en participation citoyenne est souhaitée.")["citizen-participation"], "desirable")
        XCTAssertEqual(posting("Profil\n- Expérience en participation citoyenne souhaité.")["citizen-participation"], "desirable")
    }

    /// "Français, anglais de base": the level after a bare comma is English's alone; French is named without a level.
    func testALevelAfterABareCommaIsTheLastLanguagesOnly() {
        func levels(_ text: String) -> [String: LanguageLevel] {
            Dictionary(uniqueKeysWithValues: LanguageStatementDetector.detect(text).map { ($0.language, $0.level) })
        }
        XCTAssertEqual(levels("Langues parlées : français, espagnol de base."), ["es": .notions])
        XCTAssertEqual(levels("Languages: French, English (basic)"), ["en": .notions])
        // A plural cue, or a list closed by a conjunction, still qualifies every name.
        XCTAssertEqual(levels("Français, anglais courants"), ["fr": .excellent, "en": .excellent])
        XCTAssertEqual(levels("Français, anglais et espagnol courants"), ["fr": .excellent, "en": .excellent, "es": .excellent])
        XCTAssertEqual(levels("Français et anglais : niveau B2"), ["fr": .good, "en": .good])
    }
}
