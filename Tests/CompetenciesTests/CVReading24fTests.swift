import XCTest
import TextAnalysis
@testable import Competencies

/// Issue 24f: what a CV shows, read as a counsellor reads it (`Data/blind-gold/README-annotator.md`: an occupation held, an
/// achievement phrased as a verb and its object, a completed course; not a wish, not a course under way, not other people's
/// trades). Sentences are written for these tests, not copied from any gold; each assertion marked "(main: …)" failed on
/// main's code and taxonomy.
final class CVReading24fTests: XCTestCase {
    static let detector = CompetencyDetector(taxonomy: try! Taxonomy.load(path: taxonomyPath), analyzer: FrenchEnglishAnalyzer(phrases: false))

    func cv(_ text: String) -> Set<String> { Set(Self.detector.detect(text, as: .cv).competencies.map(\.id)) }

    /// Achievements phrased as a verb and its object.
    func testAchievementsAreEvidence() {
        // (main: none of these was read)
        XCTAssertTrue(cv("- Refonte de la politique jeunesse de la commune avec les jeunes et les élus.").contains("public-policy-design"))
        XCTAssertTrue(cv("- Interventions fréquentes dans des colloques régionaux sur la participation.").contains("public-speaking"))
        XCTAssertTrue(cv("- Présentation des projets au conseil municipal chaque trimestre.").contains("public-speaking"))
        XCTAssertTrue(cv("- Formation de 60 cadres aux méthodes de concertation.").contains("training"))
        XCTAssertTrue(cv("Chaque printemps, je forme les médiateurs saisonniers à l'accueil des groupes.").contains("training"))
        XCTAssertTrue(cv("- Organisation d'une fête de quartier avec les associations du secteur.").contains("event-organization"))
        XCTAssertTrue(cv("Je coordonne chaque année les journées portes ouvertes du centre.").contains("event-organization"))
        XCTAssertTrue(cv("- Identification puis rencontre des acteurs économiques de la vallée.").contains("stakeholder-mapping"))
        XCTAssertTrue(cv("- Animation de deux cafés urbains sur le vélo.").contains("facilitation"))
        XCTAssertTrue(cv("- Suivi de la charge de travail des équipes pendant la réorganisation.").contains("team-care"))
        XCTAssertTrue(cv("- Travail en dyade avec une infirmière de liaison.").contains("teamwork"))
        XCTAssertTrue(cv("- Soutien à une table de concertation jeunesse (18 organismes).").contains("network-animation"))
        XCTAssertTrue(cv("- Formation du personnel à l'approche anti-oppressive et au racisme systémique.").contains("inclusion-equity"))
        XCTAssertTrue(cv("J'ai monté avec deux associations sportives un projet de tournoi inter-quartiers.").contains("partnership-building"))
    }

    /// English sentences in a French CV and French sentences in an English one.
    func testMixedLanguageAchievements() {
        // (main: not read)
        XCTAssertTrue(cv("Expérience\n- Met with borough councillors to push for safer crossings near the school.").contains("advocacy"))
        XCTAssertTrue(cv("Experience\n- Organized a rally in front of the legislature for affordable housing.").contains("advocacy"))
        XCTAssertTrue(cv("Experience\n- Planned a block party for 300 neighbours.").contains("event-organization"))
        XCTAssertTrue(cv("Experience\n- Accompagnement de familles au tribunal du logement.").contains("social-mediation"))
    }

    /// An occupation held is evidence; the same occupation naming colleagues or partners is not.
    func testOtherPeoplesTradesAreNoEvidence() {
        // (main: both gave social-mediation)
        XCTAssertFalse(cv("- Binôme avec une travailleuse sociale du CLSC pour les visites à domicile.").contains("social-mediation"))
        XCTAssertFalse(cv("- Refonte de l'accueil avec les usagers, les travailleurs sociaux et les élus.").contains("social-mediation"))
        XCTAssertFalse(cv("- Ateliers co-animés avec des enseignants du collège.").contains("training"))
        // The person's own trade stays evidence (unchanged), and a UX designer held shows prototyping (main: not read).
        XCTAssertTrue(cv("Travailleur social depuis 2015, en CLSC.").contains("social-mediation"))
        XCTAssertTrue(cv("Enseignante en lycée professionnel (2009-2021).").contains("training"))
        XCTAssertTrue(cv("UX/UI designer — studio fictif, 2020-2024").contains("prototyping"))
    }

    /// Accompanying people to a tribunal is social support, not coaching.
    func testAccompanyingToATribunalIsNoCoaching() {
        // (main: coaching)
        XCTAssertFalse(cv("- Accompagnement des locataires au tribunal pour leurs audiences.").contains("coaching"))
    }

    /// A completed course counts (never as teaching); a course under way or a programme one is enrolled in is intent.
    func testCoursesCompletedAndInProgress() {
        // (main: a course line was never evidence)
        XCTAssertTrue(cv("- Formation « Animer une concertation » (Institut fictif), 2023 — réussie").contains("public-consultation"))
        // Still not evidence (unchanged): no completion stated, or in progress.
        XCTAssertFalse(cv("- Formation « Animer une concertation » (Institut fictif), 2023").contains("public-consultation"))
        XCTAssertFalse(cv("- Certificat en organisation communautaire, 2026 — en cours").contains("community-mobilization"))
        // (main: community-mobilization from a programme not begun)
        XCTAssertFalse(cv("Infirmière depuis 2012. Je suis inscrite au certificat en développement des communautés (début en 2027).")
            .contains("community-mobilization"))
        // Following a course is not giving one, even when the completed course now counts for its subject.
        XCTAssertFalse(cv("- Certificat en médiation, Université fictive, formation continue, 2019 — obtenu").contains("training"))
        // A course in an earlier item's parenthesis governs that item only (main: the tools were dropped with the course).
        XCTAssertTrue(cv("Outils : accessibilité (formation suivie en 2024), Miro, Canva").contains("digital-tools"))
        // A course stated before the items it lists still governs them (unchanged).
        XCTAssertFalse(cv("Formation continue suivie : animation de groupes, médiation culturelle.").contains("cultural-mediation"))
    }

    /// Writing together is co-construction with the people concerned only (the forms name them).
    func testCoWritingWithThePeopleConcerned() {
        XCTAssertTrue(cv("- Un guide du quartier co-écrit avec les habitants.").contains("co-construction"), "main: not read")
        XCTAssertFalse(cv("- Un article co-écrit avec ma directrice de recherche.").contains("co-construction"))
    }
}
