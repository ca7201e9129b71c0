import XCTest
import TextAnalysis
import Competencies
@testable import Passerelle

/// Issue 14, items 1, 2 and 5: declared levels win over the language a CV is written in, desirable
/// languages never count as unmet, and an unmet required language lowers the ranking.
final class LanguageFitRankingTests: XCTestCase {
    let detector = CompetencyDetector(taxonomy: try! Taxonomy(parsing: ExplainerTests.taxonomyText, source: "test"),
                                      analyzer: FrenchEnglishAnalyzer(phrases: false))

    func fits(cv: String, posting: String) -> [String: LanguageFitResult] {
        let e = Explainer(taxonomy: detector.taxonomy).explain(query: TextProfile(text: cv, detector: detector),
                                                              posting: TextProfile(text: posting, detector: detector), terms: [])
        return Dictionary(uniqueKeysWithValues: e.languages.map { ($0.language, $0) })
    }

    /// Issue item 1: the English CV that says "English: intermediate" is intermediate, not excellent.
    func testDeclaredLevelWinsOverTheLanguageTheCVIsWrittenIn() {
        let posting = "Community manager. Fluent English is required (our community is global). You will run meetups and write our newsletter every week for members around the world."
        let cv = "I coordinated volunteer programmes and community events for five years in Lyon and Montreal, writing newsletters and running meetups. Languages: French (native), English: intermediate."
        let en = fits(cv: cv, posting: posting)["en"]
        XCTAssertEqual(en?.declared, .intermediate)
        XCTAssertEqual(en?.required, .excellent)
        XCTAssertEqual(en?.fit, .unmet)
        XCTAssertNotNil(en?.declaredEvidence)
        // Stating nothing, the same CV written in English is taken to read and write it well.
        let silent = "I coordinated volunteer programmes and community events for five years in Lyon and Montreal, writing newsletters and running meetups for members."
        XCTAssertEqual(fits(cv: silent, posting: posting)["en"]?.declared, TextProfile.inferredWrittenLevel)
    }

    /// Issue item 5: "anglais (B2) serait apprécié" is shown, never an unmet requirement.
    func testDesirableLanguageIsNeverAnUnmetRequirement() {
        let posting = "Maîtrise du français indispensable. Un bon niveau d'anglais (B2) serait apprécié pour quelques missions européennes."
        let cv = "Facilitatrice depuis huit ans, j'anime des ateliers d'intelligence collective. Langues : français (langue maternelle)."
        let f = fits(cv: cv, posting: posting)
        XCTAssertEqual(f["en"]?.desirable, true)
        XCTAssertEqual(f["en"]?.fit, .unmet)
        XCTAssertEqual(f["en"]?.isUnmetRequirement, false)
        XCTAssertEqual(f["fr"]?.fit, .met)
        XCTAssertEqual(LanguageFitRanking.factor(Array(f.values)), 1)
    }

    func testFactorPerRequiredLanguage() {
        func r(_ fit: LanguageFit, desirable: Bool = false) -> LanguageFitResult {
            LanguageFitResult(language: "fr", required: .good, requiredEvidence: nil, declared: nil, declaredEvidence: nil, fit: fit, desirable: desirable)
        }
        XCTAssertEqual(LanguageFitRanking.factor([]), 1)
        XCTAssertEqual(LanguageFitRanking.factor([r(.met)]), 1)
        XCTAssertEqual(LanguageFitRanking.factor([r(.unmet)]), LanguageFitRanking.unmetFactor)
        XCTAssertEqual(LanguageFitRanking.factor([r(.partly)]), LanguageFitRanking.partlyFactor)
        XCTAssertEqual(LanguageFitRanking.factor([r(.unmet), r(.unmet)]), LanguageFitRanking.unmetFactor * LanguageFitRanking.unmetFactor)
        XCTAssertEqual(LanguageFitRanking.factor([r(.unmet, desirable: true)]), 1)
    }

    /// Issue item 2: a posting whose required French is unmet falls below one that is met at a lower cosine,
    /// unless its cosine is higher by more than the factor; ties go to the posting's position.
    func testRerankMovesUnmetRequirementsDown() {
        func m(_ i: Int, _ s: Float) -> Match { Match(rank: i + 1, index: i, id: "p\(i)", title: "", score: s) }
        let matches = [m(0, 0.60), m(1, 0.55), m(2, 0.50), m(3, 0.30)]
        let unmet: Set<Int> = [0, 1]
        let ranked = LanguageFitRanking.rerank(matches, top: 3) { match in
            [LanguageFitResult(language: "fr", required: .excellent, requiredEvidence: nil, declared: .intermediate,
                               declaredEvidence: nil, fit: unmet.contains(match.index) ? .unmet : .met)]
        }
        XCTAssertEqual(ranked.map(\.match.id), ["p2", "p0", "p1"])   // 0.50 > 0.48 > 0.44
        XCTAssertEqual(ranked.map(\.match.rank), [1, 2, 3])
        XCTAssertEqual(ranked[1].similarity, 0.60)
        XCTAssertEqual(ranked[1].factor, LanguageFitRanking.unmetFactor)
        XCTAssertEqual(ranked[1].match.score, 0.60 * LanguageFitRanking.unmetFactor)
        // Equal adjusted scores: posting position decides.
        let tie = LanguageFitRanking.rerank([m(5, 0.5), m(2, 0.5)], top: 2) { _ in [] }
        XCTAssertEqual(tie.map(\.match.index), [2, 5])
        XCTAssertEqual(LanguageFitRanking.unchanged(matches, top: 2).map(\.match.id), ["p0", "p1"])
    }

    func testWindow() {
        XCTAssertEqual(LanguageFitRanking.window(top: 10, postingCount: 53), 40)
        XCTAssertEqual(LanguageFitRanking.window(top: 10, postingCount: 20), 20)
        XCTAssertEqual(LanguageFitRanking.window(top: 50, postingCount: 10_000), 150)
    }
}

/// Issue 14 item 4: the fit label and the evidence warning.
final class FitLabelTests: XCTestCase {
    func testLabels() {
        XCTAssertEqual(FitLabel.label(score: 0.60, shared: 3, lowEvidence: false), .strong)
        // A cook's CV against a construction posting: a fair cosine, nothing shared → not strong.
        XCTAssertEqual(FitLabel.label(score: 0.505, shared: 0, lowEvidence: false), .possible)
        // A one-line CV: never strong, whatever its cosine.
        XCTAssertEqual(FitLabel.label(score: 0.785, shared: 2, lowEvidence: true), .possible)
        // Outside the taxonomy's field, a near-identical text is strong on the text alone.
        XCTAssertEqual(FitLabel.label(score: 0.98, shared: 0, lowEvidence: false), .strong)
        XCTAssertEqual(FitLabel.label(score: FitLabel.possibleScore, shared: nil, lowEvidence: false), .possible)
        XCTAssertEqual(FitLabel.label(score: 0.2, shared: 5, lowEvidence: false), .weak)
    }

    func testEvidenceWarning() {
        XCTAssertNil(EvidenceCheck.warning(knownTerms: 150, competencies: 4))
        XCTAssertNotNil(EvidenceCheck.warning(knownTerms: 12, competencies: 4))
        XCTAssertNotNil(EvidenceCheck.warning(knownTerms: 150, competencies: 0))
        XCTAssertNil(EvidenceCheck.warning(knownTerms: nil, competencies: nil))
    }
}
