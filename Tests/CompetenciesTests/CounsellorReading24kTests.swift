import XCTest
import TextAnalysis
@testable import Competencies

/// Issue 24k: readings a counsellor would agree hold for any text, found while reading the fourth blind gold's tune half,
/// each with sentences written for this file (never a gold's): a degree still being prepared is a goal, a social worker's
/// assessment of a family is casework, and plain words for seeking grants, mobilising neighbours, following families,
/// supervising a colleague, working with people in poverty and delivering workshops.
final class CounsellorReading24kTests: XCTestCase {
    static let detector = CompetencyDetector(taxonomy: try! Taxonomy.load(path: taxonomyPath), analyzer: FrenchEnglishAnalyzer(phrases: false))

    func cv(_ text: String) -> Set<String> { Set(Self.detector.detect(text, as: .cv).competencies.map(\.id)) }
    func posting(_ text: String) -> [String: Bool] {
        Dictionary(Self.detector.detect(text, as: .posting).competencies.map { ($0.id, $0.desirable) }, uniquingKeysWith: { a, _ in a })
    }

    /// A degree or certificate one is preparing, or still completing, is a goal: no evidence of its subject, and following
    /// a course is no teaching.
    func testADegreeStillBeingPreparedIsAGoal() {
        XCTAssertFalse(cv("Depuis la rentrée, je prépare le BPJEPS en formation continue.").contains("training"))
        XCTAssertFalse(cv("Préparant un master en évaluation des politiques publiques à distance.").contains("evaluation"))
        XCTAssertFalse(cv("At the moment I am completing a diploma in program evaluation through evening classes.").contains("evaluation"))
        XCTAssertFalse(cv("I'm working towards a certificate in program evaluation, due next spring.").contains("evaluation"))
        // Preparing work is work: a workshop or a report prepared stays evidence.
        XCTAssertTrue(cv("Je prépare et j'anime des ateliers participatifs avec les habitants depuis 2019.").contains("facilitation"))
        XCTAssertTrue(cv("I evaluated three youth programs for the city between 2018 and 2022.").contains("evaluation"))
    }

    /// A social worker's psychosocial assessment of a person or a family is casework, not programme evaluation.
    func testAPsychosocialAssessmentIsNoProgrammeEvaluation() {
        XCTAssertFalse(cv("Travailleur social : évaluation psychosociale des jeunes accueillis et orientation.").contains("evaluation"))
        XCTAssertTrue(cv("Évaluation d'un programme de prévention auprès de 12 écoles (rapport final, 2022).").contains("evaluation"))
    }

    /// Plain words for work a counsellor reads as the competency: seeking grants is fundraising, mobilising the neighbours
    /// is community mobilisation, following families is support, working in disadvantaged areas or with people in poverty
    /// is inclusion, delivering workshops is training.
    func testPlainWordsForTheFieldsWork() {
        XCTAssertTrue(cv("Recherche de subventions pour l'épicerie solidaire de l'association.").contains("fundraising"))
        XCTAssertTrue(cv("Mobilisation des voisin·es pour la fête de la rue, trois éditions.").contains("community-mobilization"))
        XCTAssertTrue(cv("We mobilized our neighbours against the closure of the local library.").contains("community-mobilization"))
        XCTAssertTrue(cv("Éducatrice : suivi des familles orientées par le service de protection de l'enfance.").contains("coaching"))
        XCTAssertTrue(cv("Permanences d'accès aux droits dans trois quartiers défavorisés de la ville.").contains("inclusion-equity"))
        XCTAssertTrue(cv("Ateliers de cuisine avec des personnes en situation de pauvreté, 2016 - 2021.").contains("inclusion-equity"))
        XCTAssertTrue(cv("Delivered workshops on tenants' rights to newcomers at the community centre.").contains("training"))
    }

    /// A posting's duties in the community sector's usual words: leading the concertation among a table's members is network
    /// animation, coordinating the action plan is project management, programming activities is event organisation.
    func testCommunitySectorDutiesAreRead() {
        let duties = posting("""
        Coordination d'un regroupement d'organismes (fictif)
        Responsabilités
        - Animer la concertation entre les organismes du secteur.
        - Coordonner le plan d'action triennal du regroupement.
        - Assurer la programmation d'activités pour les familles.
        """)
        XCTAssertEqual(duties["network-animation"], false)
        XCTAssertEqual(duties["project-management"], false)
        XCTAssertEqual(duties["event-organization"], false)
        // Writing code is no programme of activities.
        XCTAssertNil(posting("Développeur (fictif)\nResponsabilités\n- Programmation en Swift et en Python.")["event-organization"])
    }

    /// Supervising a colleague in a posting's duties is leadership.
    func testSupervisingAColleagueIsLeadership() {
        XCTAssertEqual(posting("""
        Coordonnateur·rice (fictif)
        Responsabilités
        - Superviser l'agente de terrain et les bénévoles du projet.
        """)["leadership"], false)
        XCTAssertEqual(posting("""
        Chef·fe d'équipe (fictif)
        Tâches
        - Superviser deux intervenants de rue.
        """)["leadership"], false)
    }
}
