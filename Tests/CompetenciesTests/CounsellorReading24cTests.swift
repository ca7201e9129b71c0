import XCTest
import TextAnalysis
@testable import Competencies

/// Issue 24c: French and English welcomed by a posting without a level are desirable statements whose level is not stated;
/// a Québec "table de concertation" (organisations coordinating) is not a consultation of the public. Sentences are written
/// for these tests, not copied from any gold.
final class CounsellorReading24cTests: XCTestCase {
    static let detector = CompetencyDetector(taxonomy: try! Taxonomy.load(path: taxonomyPath), analyzer: FrenchEnglishAnalyzer(phrases: false))

    func postingStatement(_ text: String, _ language: String) -> LanguageStatement? {
        Self.detector.detect(text, as: .posting).languages.first { $0.language == language }
    }

    func testFrenchAndEnglishWelcomedWithoutALevelAreDesirable() throws {
        let en = try XCTUnwrap(postingStatement("Profil recherché\nExpérience en animation de groupes.\nParler anglais serait un plus.", "en"))
        XCTAssertTrue(en.desirable)
        XCTAssertFalse(en.levelStated, "no level is written")
        let fr = try XCTUnwrap(postingStatement("Qualifications\nThree years in community outreach.\nKnowledge of French is an asset.", "fr"))
        XCTAssertTrue(fr.desirable)
        XCTAssertFalse(fr.levelStated)
        // A level written stays a stated level.
        let stated = try XCTUnwrap(postingStatement("Profil\nAnglais courant apprécié.", "en"))
        XCTAssertTrue(stated.desirable)
        XCTAssertTrue(stated.levelStated)
        XCTAssertEqual(stated.level, .excellent)
        // The plain detection (models, the language rule, the judged collections) still reads no statement there.
        XCTAssertNil(LanguageStatementDetector.detect("Parler anglais serait un plus.").first { $0.language == "en" })
        // Nor does a CV's wish declare anything.
        XCTAssertNil(Self.detector.detect("Langues\nJ'aimerais perfectionner mon anglais.", as: .cv).languages.first { $0.language == "en" })
    }

    func testATableOfOrganisationsIsNotAPublicConsultation() {
        func ids(_ text: String) -> Set<String> { Set(Self.detector.detect(text, as: .posting).competencies.map(\.id)) }
        XCTAssertFalse(ids("Responsabilités\n- Représenter le centre à la table de concertation jeunesse du secteur.").contains("public-consultation"))
        XCTAssertFalse(ids("Responsabilités\n- Soutenir la concertation intersectorielle en sécurité alimentaire.").contains("public-consultation"))
        // The consultation of residents is still one.
        XCTAssertTrue(ids("Responsabilités\n- Organiser la concertation avec les résidents sur le réaménagement du parc.").contains("public-consultation"))
    }

    func testCountingAttendanceIsNotDataAnalysis() {
        func ids(_ text: String) -> Set<String> { Set(Self.detector.detect(text, as: .posting).competencies.map(\.id)) }
        XCTAssertFalse(ids("Tâches\n- Tenir à jour les statistiques de fréquentation des ateliers du samedi.").contains("data-analysis"))
        XCTAssertFalse(ids("Duties\n- Compile attendance statistics for each program.").contains("data-analysis"))
        // Analysing survey data still is.
        XCTAssertTrue(ids("Tâches\n- Réaliser l'analyse statistique des questionnaires de satisfaction.").contains("data-analysis"))
    }

    /// Occupations held are evidence of their trade's competency (issue 24, kind 1), read in CVs by explanation-only forms.
    func testOccupationsHeldAreEvidence() {
        func cv(_ text: String) -> Set<String> { Set(Self.detector.detect(text, as: .cv).competencies.map(\.id)) }
        XCTAssertTrue(cv("2017-2023 : évaluatrice au sein d'un cabinet de conseil en politiques sociales.").contains("evaluation"))
        XCTAssertTrue(cv("2019-2024 Program evaluator, provincial health agency.").contains("evaluation"))
        XCTAssertTrue(cv("Research assistant, Department of Geography (2016-2018).").contains("research"))
        XCTAssertTrue(cv("Senior UX researcher at a fintech, 2020-2024.").contains("ux-research"))
        XCTAssertTrue(cv("Statisticienne à l'observatoire régional de la santé depuis 2015.").contains("data-analysis"))
        XCTAssertTrue(cv("Rédactrice pour une revue municipale (2012-2016).").contains("writing"))
        XCTAssertTrue(cv("Chargée de mécénat dans une fondation d'art (2018-2022).").contains("fundraising"))
        XCTAssertTrue(cv("Events coordinator for a regional festival, 2015-2019.").contains("event-organization"))
        XCTAssertTrue(cv("Gestionnaire de projets en habitation communautaire, 2010-2020.").contains("project-management"))
        // Not from the plain detection: models keep the features they were measured with.
        XCTAssertFalse(Self.detector.detect("Statisticienne à l'observatoire régional de la santé depuis 2015.").competencies.map(\.id).contains("data-analysis"))
    }

    /// A posting's condition of status, and whether a CV establishes it.
    func testEligibilityConditions() {
        XCTAssertEqual(Eligibility.condition(posting: "Stage de 4 mois en concertation ; pour étudiant·e en licence ou master."), .student)
        XCTAssertEqual(Eligibility.condition(posting: "Internship. Applicants must be currently enrolled in a graduate program."), .student)
        XCTAssertEqual(Eligibility.condition(posting: "Poste en contrat adultes-relais : conditions d'âge et de résidence."), .scheme)
        XCTAssertNil(Eligibility.condition(posting: "Accompagner les étudiants dans leurs projets associatifs. 3 ans d'expérience."))
        XCTAssertTrue(Eligibility.established(.student, cv: "Étudiante en M2 urbanisme (2025-2027)."))
        XCTAssertFalse(Eligibility.established(.student, cv: "Diplômée d'un master en science politique (2026)."))
        XCTAssertFalse(Eligibility.established(.scheme, cv: "Médiateur de quartier depuis 2012."))
    }
}
