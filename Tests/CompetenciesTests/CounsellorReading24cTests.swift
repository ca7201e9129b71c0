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
}
