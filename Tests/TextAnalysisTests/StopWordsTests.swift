import XCTest
@testable import TextAnalysis

final class StopWordsTests: XCTestCase {
    func testBoilerplateIsStop() {
        for w in ["poste", "candidature", "candidat", "hf", "cv", "emploi", "offre", "recrute", "profil", "temps", "plein",
                  "tout", "toute", "tous", "iels", "ceuzes", "le", "la", "de", "des", "du", "et", "ou"] {
            XCTAssertTrue(StopWords.french.contains(w), w)
        }
        for w in ["the", "and", "of", "job", "apply", "position"] { XCTAssertTrue(StopWords.english.contains(w), w) }
    }

    func testDomainWordsAreKept() {
        for w in ["projet", "projets", "design", "mediation", "service", "services", "mission", "participation",
                  "innovation", "citoyen", "collective", "cadre", "animation", "recherche", "action", "equipe"] {
            XCTAssertFalse(StopWords.french.contains(w), w)
            XCTAssertFalse(StopWords.english.contains(w), w)
        }
    }

    func testListsAreAccentFolded() {
        for w in StopWords.all { XCTAssertTrue(w.unicodeScalars.allSatisfy { $0.value < 0x80 }, w) }
    }
}
