import XCTest
import TextAnalysis
@testable import Competencies

/// Issue 24j: causes of unread evidence and wrong finds on the third gold's tune half, read as a counsellor reads a text, each
/// with sentences written for this file (never a gold's): a wish to train is a goal, escorting people to appointments is no
/// coaching, accompanying young people's projects is coaching them, and usual wordings of competencies no form read
/// (explanation-only forms of Data/competencies.tsv; the models' features are untouched).
final class CounsellorReading24jTests: XCTestCase {
    static let detector = CompetencyDetector(taxonomy: try! Taxonomy.load(path: taxonomyPath), analyzer: FrenchEnglishAnalyzer(phrases: false))

    func cv(_ text: String) -> Set<String> { Set(Self.detector.detect(text, as: .cv).competencies.map(\.id)) }
    func posting(_ text: String) -> [String: Bool] {
        Dictionary(Self.detector.detect(text, as: .posting).competencies.map { ($0.id, $0.desirable) }, uniquingKeysWith: { a, _ in a })
    }
    func duty(_ line: String) -> [String: Bool] { posting("Poste (fictif)\nVos missions :\n- \(line)\nProfil :\n- Rigueur.") }

    /// "Envie de me former à …" states a goal, not evidence.
    func testAWishToTrainIsAGoal() {
        XCTAssertFalse(cv("J'ai très envie de me former à l'évaluation de programmes.").contains("evaluation"))
        XCTAssertFalse(cv("Keen to train in service design after ten years in retail.").contains("service-design"))
        XCTAssertTrue(cv("J'ai conduit l'évaluation de deux programmes jeunesse.").contains("evaluation"))
    }

    /// Escorting people to their appointments is social mediation, not coaching; accompanying young people's projects is
    /// coaching them (a project alone stays no coaching).
    func testEscortingIsNoCoachingButAccompanyingPeoplesProjectsIs() {
        XCTAssertFalse(cv("Accompagnement physique des locataires à leurs rendez-vous à la préfecture.").contains("coaching"))
        XCTAssertEqual(duty("Accompagner les projets des habitants du quartier (jardins, fêtes, chantiers)."  )["coaching"], false)
        XCTAssertNil(duty("Accompagner les projets de rénovation des écoles de la commune.")["coaching"])
        XCTAssertTrue(cv("Accompagnement de jeunes en insertion vers l'emploi.").contains("coaching"))
    }

    /// Usual wordings of competencies in CVs, each read for the competency a counsellor sees in it.
    func testUsualWordingsInCVs() {
        let cases: [(String, String)] = [
            ("J'anime des ateliers d'initiation à l'informatique pour les aînés.", "training"),
            ("Nous avons cartographié les acteurs associatifs de la commune avant le diagnostic.", "stakeholder-mapping"),
            ("Mapped local organizations working with newcomers before the needs assessment.", "stakeholder-mapping"),
            ("Rédaction et signature d'une entente de partenariat avec deux cégeps.", "partnership-building"),
            ("Suivi psychosocial de jeunes adultes en logement supervisé.", "coaching"),
            ("Co-auteur d'un guide méthodologique sur l'accueil des bénévoles, diffusé dans tout le réseau.", "knowledge-transfer"),
            ("Organized three design charrettes with merchants and residents.", "facilitation"),
            ("J'ai piloté la refonte du site de la médiathèque.", "project-management"),
            ("Managed the summer streets program for three years.", "project-management"),
            ("Bénévole : permanence d'aide aux démarches administratives au centre social.", "social-mediation"),
        ]
        for (text, id) in cases { XCTAssertTrue(cv(text).contains(id), "\(id) ← \(text): \(cv(text))") }
    }

    /// Usual wordings of duties in postings.
    func testUsualWordingsInPostings() {
        XCTAssertEqual(duty("Organiser la soirée de levée de fonds du printemps.")["event-organization"], false)
        XCTAssertEqual(duty("Recueillir l'avis des usagers sur le nouveau parcours de bus.")["public-consultation"], false)
        XCTAssertEqual(duty("Gather input from residents on the park plan.")["public-consultation"], false)
        XCTAssertEqual(posting("Animateur·rice (fictif)\nProfil recherché :\n- Une grande aisance devant les groupes.")["public-speaking"], false)
        // "services publics" is no cultural mediation (a form "service des publics" would read the same terms).
        XCTAssertNil(duty("Concevoir et améliorer des services publics avec les agents.")["cultural-mediation"])
    }
}
