import XCTest
import TextAnalysis
import Competencies
import LinearAlgebra
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

    /// Issue 25d: the rule asks a match's languages (its posting's profile: the costly part of a rank) only
    /// while that match can still enter the first `top`, and gives exactly what adjusting and sorting every
    /// match gives (the pre-25d definition, written out here) — ranks, order, scores, factors.
    func testRerankAsksOnlyTheMatchesThatCanEnterAndEqualsAdjustingEveryMatch() {
        func reference(_ matches: [Match], top: Int, fits: [Int: [LanguageFitResult]]) -> [LanguageFitRanking.Ranked] {
            var ranked = matches.map { m -> LanguageFitRanking.Ranked in
                let f = LanguageFitRanking.factor(fits[m.index]!)
                var a = m; a.score = m.score * f
                return LanguageFitRanking.Ranked(match: a, similarity: m.score, factor: f)
            }
            ranked.sort { $0.match.score != $1.match.score ? $0.match.score > $1.match.score : $0.match.index < $1.match.index }
            ranked = Array(ranked.prefix(max(0, top)))
            for i in ranked.indices { ranked[i].match.rank = i + 1 }
            return ranked
        }
        var rng = SeededGenerator(seed: 25)
        var asked = 0, offered = 0
        for round in 0 ..< 400 {
            let n = Int.random(in: 0 ... 45, using: &rng)
            // Scores on a coarse grid (ties), some negative; fits at random, mostly met.
            var matches = (0 ..< n).map { i in Match(rank: i + 1, index: (i * 7919 + round) % 1000, id: "p\(i)", title: "",
                                                     score: Float(Int.random(in: -20 ... 100, using: &rng)) / 100) }
            matches.shuffle(using: &rng)
            var fits = [Int: [LanguageFitResult]]()
            for m in matches {
                fits[m.index] = (0 ..< Int.random(in: 0 ... 2, using: &rng)).map { _ in
                    let fit: LanguageFit = [.met, .met, .met, .partly, .unmet].randomElement(using: &rng)!
                    return LanguageFitResult(language: "fr", required: .good, requiredEvidence: nil, declared: nil, declaredEvidence: nil,
                                             fit: fit, desirable: Int.random(in: 0 ..< 5, using: &rng) == 0)
                }
            }
            let top = Int.random(in: 0 ... 12, using: &rng)
            var calls = 0
            let got = LanguageFitRanking.rerank(matches, top: top) { m in calls += 1; return fits[m.index]! }
            let want = reference(matches, top: top, fits: fits)
            XCTAssertEqual(got.map(\.match), want.map(\.match), "round \(round)")
            XCTAssertEqual(got.map(\.similarity), want.map(\.similarity), "round \(round)")
            XCTAssertEqual(got.map(\.factor), want.map(\.factor), "round \(round)")
            XCTAssertLessThanOrEqual(calls, n)
            asked += calls; offered += n
        }
        // Most matches are met: far fewer profiles asked than matches fetched (all of them before 25d).
        XCTAssertLessThan(asked, offered * 3 / 4, "asked \(asked) of \(offered)")
        // Every match met: only the first `top` are asked.
        var calls = 0
        let met = (0 ..< 40).map { Match(rank: $0 + 1, index: $0, id: "p\($0)", title: "", score: 1 - Float($0) / 100) }
        XCTAssertEqual(LanguageFitRanking.rerank(met, top: 10) { _ in calls += 1; return [] }.map(\.match.index), Array(0 ..< 10))
        XCTAssertEqual(calls, 10)   // the 11th (0.90) is below the 10th kept (0.91): not asked
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
