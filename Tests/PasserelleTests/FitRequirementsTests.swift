import XCTest
import TextAnalysis
import Competencies
@testable import Passerelle

/// Issue 24: fit labels read the posting's requirements, not the cosine alone; "missing" lists hold only what a posting
/// requires and a CV does not show, once each; `similar` has its own words.
final class FitRequirementsTests: XCTestCase {
    static let detector = CompetencyDetector(
        taxonomy: try! Taxonomy.load(path: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data/competencies.tsv").path),
        analyzer: FrenchEnglishAnalyzer(phrases: false))

    func explain(cv: String, posting: String) -> Explanation {
        Explainer(taxonomy: Self.detector.taxonomy).explain(query: TextProfile(text: cv, detector: Self.detector),
                                                            posting: TextProfile(text: posting, detector: Self.detector, isPosting: true), terms: [])
    }

    static let posting = """
    Chargé·e de participation citoyenne
    Missions
    Concevoir et animer des ateliers participatifs avec les habitants.
    Piloter les démarches de concertation et rédiger les bilans.
    Assurer le suivi budgétaire du projet.
    Profil
    Vous avez de 3 à 5 ans d'expérience en participation citoyenne.
    Excellente maîtrise du français.
    La connaissance du design de services est un atout.
    """

    /// A 3-line junior CV close in words is never "strong" on a post asking 3–5 years (it was, at 0.825).
    func testJuniorCVIsNotStrongWhereYearsAreAsked() {
        let cv = "Jeune diplômée en sciences politiques.\nStage : animation d'ateliers participatifs et concertation avec les habitants.\nFrançais langue maternelle."
        let e = explain(cv: cv, posting: Self.posting)
        XCTAssertEqual(e.requirements?.yearsRequired, 3)
        XCTAssertEqual(FitLabel.label(score: 0.83, shared: e.shared.count, lowEvidence: false), .strong, "the old rule")
        // No dated experience against 3 years asked: less than half the years, so weak (never strong).
        XCTAssertEqual(FitLabel.label(score: 0.83, shared: e.shared.count, lowEvidence: false, requirements: e.requirements), .weak)
        // Two years shown of three asked: possible, still not strong.
        var twoYears = e.requirements!; twoYears.yearsShown = 2
        XCTAssertEqual(FitLabel.label(score: 0.83, shared: e.shared.count, lowEvidence: false, requirements: twoYears), .possible)
    }

    /// A CV with A2 French is not "strong" where working French is required.
    func testUnmetRequiredLanguageCapsTheLabel() {
        let cv = """
        Community engagement coordinator, 2012-2024.
        Designed and facilitated participatory workshops with residents; led public consultations; wrote the reports; managed the budget.
        Languages: English (native), French (A2).
        """
        let e = explain(cv: cv, posting: Self.posting)
        XCTAssertEqual(e.requirements?.unmetLanguages, ["fr"])
        XCTAssertEqual(FitLabel.label(score: 0.7, shared: e.shared.count, lowEvidence: false, requirements: e.requirements), .possible)
    }

    /// Out of field: a truck driver against a participation post is weak whatever the cosine.
    func testOutOfFieldIsWeak() {
        let cv = "Chauffeur poids lourd depuis 2008. Livraisons régionales, itinéraires, chargement et arrimage. Permis C."
        let e = explain(cv: cv, posting: Self.posting)
        XCTAssertLessThan(e.requirements!.metShare, FitLabel.outOfFieldShare)
        XCTAssertEqual(FitLabel.label(score: 0.6, shared: e.shared.count, lowEvidence: false, requirements: e.requirements), .weak)
    }

    /// A seasoned facilitator meeting the requirements stays strong.
    func testSeniorMeetingTheRequirementsIsStrong() {
        let cv = """
        Facilitatrice en participation citoyenne, 2004-2024.
        Animation d'ateliers participatifs, démarches de concertation, rédaction des bilans, suivi budgétaire.
        Français : langue maternelle.
        """
        let e = explain(cv: cv, posting: Self.posting)
        XCTAssertEqual(FitLabel.label(score: 0.7, shared: e.shared.count, lowEvidence: false, requirements: e.requirements), .strong)
    }

    /// Missing: only required items (the asset is desirable), never an item the CV shows through a narrower one, once each.
    func testMissingHoldsRequirementsOnly() {
        let cv = "Animatrice d'ateliers participatifs, 2015-2024.\nFrançais : langue maternelle."
        let e = explain(cv: cv, posting: Self.posting)
        let missing = e.missing.map(\.id)
        XCTAssertFalse(missing.contains("service-design"), "an asset is never missing")
        XCTAssertTrue(e.desirable.map(\.id).contains("service-design"))
        XCTAssertTrue(missing.contains("budgeting"))
        XCTAssertEqual(Set(missing).count, missing.count, "no duplicates")
        XCTAssertTrue(Set(missing).isDisjoint(with: e.shared.map(\.id)))
        XCTAssertEqual(Set(e.missing.map(\.postingEvidence.quote)).count, e.missing.count, "one item per posting sentence")
    }

    /// `similar`: near-twin postings are "very similar", never a person's "weak".
    func testLikenessWords() {
        XCTAssertEqual(Likeness.label(score: 0.85, shared: 0, smaller: 4), .verySimilar)
        XCTAssertEqual(Likeness.label(score: 0.55, shared: 3, smaller: 5), .verySimilar)
        XCTAssertEqual(Likeness.label(score: 0.3, shared: 0, smaller: 5), .related)
        XCTAssertEqual(Likeness.label(score: 0.1, shared: 0, smaller: 5), .different)
        XCTAssertEqual(Likeness.verySimilar.rawValue, "very similar")
    }
    // Issue 24b.
    func testShortOfYearsAndOfMostRequirementsIsWeak() {
        let short = FitRequirements(requiredCompetencies: 7, metCompetencies: 2, yearsRequired: 10, yearsShown: 8, unmetLanguages: [])
        XCTAssertEqual(FitLabel.label(score: 0.36, shared: 2, lowEvidence: false, requirements: short), .weak)
        var enoughYears = short; enoughYears.yearsShown = 12
        XCTAssertEqual(FitLabel.label(score: 0.36, shared: 2, lowEvidence: false, requirements: enoughYears), .possible)
    }

    func testASeniorMeetingMostRequirementsIsStrongFromThePossibleScore() {
        let senior = FitRequirements(requiredCompetencies: 8, metCompetencies: 7, yearsRequired: 4, yearsShown: 18, unmetLanguages: [])
        XCTAssertEqual(FitLabel.label(score: 0.35, shared: 7, lowEvidence: false, requirements: senior), .strong)
        // Not twice the years asked: the usual threshold (`strongWhenMetScore`) holds.
        let junior = FitRequirements(requiredCompetencies: 11, metCompetencies: 9, yearsRequired: 2, yearsShown: 3, unmetLanguages: [])
        XCTAssertEqual(FitLabel.label(score: 0.355, shared: 9, lowEvidence: false, requirements: junior), .possible)
        XCTAssertEqual(FitLabel.label(score: 0.30, shared: 7, lowEvidence: false, requirements: senior), .possible, "below the possible score")
    }

    func testAPostingOutsideTheFieldWithItsFewRequirementsAllMetIsStrong() {
        let all = FitRequirements(requiredCompetencies: 2, metCompetencies: 2, yearsRequired: nil, yearsShown: 9, unmetLanguages: [])
        XCTAssertEqual(FitLabel.label(score: 0.45, shared: 2, lowEvidence: false, requirements: all), .strong)
        let half = FitRequirements(requiredCompetencies: 2, metCompetencies: 1, yearsRequired: nil, yearsShown: 9, unmetLanguages: [])
        XCTAssertEqual(FitLabel.label(score: 0.45, shared: 1, lowEvidence: false, requirements: half), .possible)
        XCTAssertEqual(FitLabel.label(score: 0.45, shared: 2, lowEvidence: true, requirements: all), .possible, "too little evidence")
    }
}
