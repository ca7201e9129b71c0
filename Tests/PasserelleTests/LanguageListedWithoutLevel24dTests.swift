import XCTest
import TextAnalysis
import Competencies
@testable import Passerelle

/// Issue 24d: "Français, anglais de base" in a CV declares French without a level (the level is English's alone). Before,
/// the level was carried back across the comma and a French speaker's French was read at notions, a gap on any French
/// posting. Sentences written for this test.
final class LanguageListedWithoutLevel24dTests: XCTestCase {
    var detector: CompetencyDetector {
        CompetencyDetector(taxonomy: try! Taxonomy(parsing: ExplainerTests.taxonomyText, source: "test"), analyzer: FrenchEnglishAnalyzer(phrases: false))
    }

    func testALanguageListedWithoutLevelIsDeclaredLevelUnstated() throws {
        let cv = detector.detect("Chauffeuse-livreuse depuis 2015.\nLangues : français, espagnol de base.", as: .cv)
        let fr = try XCTUnwrap(cv.languages.first { $0.language == "fr" })
        XCTAssertFalse(fr.levelStated)
        XCTAssertEqual(cv.languages.first { $0.language == "es" }?.level, .notions)
        XCTAssertTrue(cv.languages.first { $0.language == "es" }?.levelStated ?? false)
        // A language named alone, as a subject taught, declares nothing.
        XCTAssertNil(detector.detect("Professeure de français au collège depuis 2010.", as: .cv).languages.first { $0.language == "fr" })
    }

    func testAFrenchCVListingFrenchWithoutLevelMeetsAFrenchPosting() throws {
        let d = detector, explainer = Explainer(taxonomy: d.taxonomy)
        let cv = TextProfile(text: "Chauffeuse-livreuse depuis 2015, tournées régionales et relation avec la clientèle.\nLangues : français, espagnol de base.",
                             detector: d)
        let posting = TextProfile(text: "Animatrice ou animateur d'ateliers participatifs. Français courant exigé.", detector: d, isPosting: true)
        let fr = try XCTUnwrap(explainer.explain(query: cv, posting: posting, terms: []).languages.first { $0.language == "fr" })
        XCTAssertEqual(fr.fit, .met, "French is the language the CV is written in, not notions")
        XCTAssertEqual(fr.declared, TextProfile.inferredWrittenLevel)
    }
}
