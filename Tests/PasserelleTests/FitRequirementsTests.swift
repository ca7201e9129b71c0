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
        // No dated experience against 3 years asked: a gap of a plausible candidate of the field, so possible (never strong;
        // issue 24k dropped "under half the years → weak": years below the minimum are the definition's gap, not "no fit").
        XCTAssertTrue(e.requirements!.lacksYears)
        XCTAssertEqual(FitLabel.label(score: 0.83, shared: e.shared.count, lowEvidence: false, requirements: e.requirements), .possible)
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
    // Issue 24b added "short of years and under 30% met → weak"; issue 24c dropped it: a counsellor calls a candidate short of
    // some years and of some competencies "possible" (a plausible candidate with clear gaps), and only less than half the
    // years asked, or being out of the field, makes it "weak".
    func testShortOfYearsAndOfSomeRequirementsIsPossibleNotWeak() {
        let short = FitRequirements(requiredCompetencies: 7, metCompetencies: 2, yearsRequired: 10, yearsShown: 8, unmetLanguages: [])
        XCTAssertEqual(FitLabel.label(score: 0.36, shared: 2, lowEvidence: false, requirements: short), .possible)
        var half = short; half.yearsShown = 4
        XCTAssertEqual(FitLabel.label(score: 0.36, shared: 2, lowEvidence: false, requirements: half), .weak, "under half the years of a senior post")
        var outOfField = short; outOfField.metCompetencies = 1
        XCTAssertEqual(FitLabel.label(score: 0.36, shared: 1, lowEvidence: false, requirements: outOfField), .weak, "1 of 7: out of the field")
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

    // Issue 24c.
    /// Transversal competencies (autonomy, teamwork, leadership, digital tools) do not put a CV in a posting's field: a
    /// developer whose CV shows teamwork and software tools meets none of a participation post's field requirements.
    func testTransversalCompetenciesDoNotPutACVInTheField() {
        let r = FitRequirements(requiredCompetencies: 8, metCompetencies: 3, yearsRequired: nil, yearsShown: 7, unmetLanguages: [],
                                requiredTransversal: 2, metTransversal: 2)
        XCTAssertEqual(r.fieldRequired, 6)
        XCTAssertEqual(r.fieldMet, 1)
        XCTAssertEqual(FitLabel.label(score: 0.36, shared: 3, lowEvidence: false, requirements: r), .weak, "1 of 6 field requirements")
        // Counted over every requirement (3 of 8) it would have passed as of the field.
        let plain = FitRequirements(requiredCompetencies: 8, metCompetencies: 3, yearsRequired: nil, yearsShown: 7, unmetLanguages: [])
        XCTAssertEqual(FitLabel.label(score: 0.36, shared: 3, lowEvidence: false, requirements: plain), .possible)
    }

    /// The explainer counts the posting's transversal requirements from the taxonomy's families, required ones only.
    func testTheExplainerCountsTransversalRequirements() throws {
        let posting = """
        Animateur·rice de concertation
        Missions
        Concevoir et animer des ateliers participatifs avec les habitants.
        Rédiger les comptes rendus des réunions publiques.
        Profil
        Travail en équipe et autonomie.
        Maîtrise des outils bureautiques.
        La connaissance du design de services est un atout.
        """
        let cv = "Développeur, 2015-2024.\nTravail en équipe au sein d'une équipe agile ; outils bureautiques et logiciels de gestion de versions."
        let r = try XCTUnwrap(explain(cv: cv, posting: posting).requirements)
        let detected = Self.detector.detect(posting, as: .posting).competencies
        let transversal = detected.filter { !$0.desirable && ["generic", "tools"].contains(Self.detector.taxonomy.competency(id: $0.id)?.family ?? "") }
        XCTAssertGreaterThanOrEqual(transversal.count, 2, "teamwork, autonomy or digital tools are read: \(detected.map(\.id))")
        XCTAssertEqual(r.requiredTransversal, transversal.count)
        XCTAssertEqual(r.metTransversal, r.metCompetencies, "the CV meets transversal requirements only")
        XCTAssertEqual(r.fieldMet, 0)
    }

    /// A language the CV lacks is a gap of a plausible candidate: with most of the field met and texts alike, the language
    /// factor that lowers the ranking score does not turn "possible" into "weak" (it caps "strong" instead).
    func testALanguageGapIsAGapNotAVerdict() {
        let r = FitRequirements(requiredCompetencies: 10, metCompetencies: 7, yearsRequired: 4, yearsShown: 20, unmetLanguages: ["en"],
                                requiredTransversal: 1, metTransversal: 1)
        XCTAssertEqual(FitLabel.label(score: 0.24, similarity: 0.29, shared: 7, lowEvidence: false, requirements: r), .possible)
        XCTAssertEqual(FitLabel.label(score: 0.24, similarity: 0.24, shared: 7, lowEvidence: false, requirements: r), .weak,
                       "texts too far apart")
        XCTAssertEqual(FitLabel.label(score: 0.7, similarity: 0.8, shared: 7, lowEvidence: false, requirements: r), .possible,
                       "never strong with a required language unmet")
    }

    /// A posting reserved to students (or to a scheme's public) is never a "strong" fit for a CV that does not establish it.
    func testAnEligibilityConditionNotEstablishedCapsTheLabel() throws {
        let posting = "Stage — concertation citoyenne (5 mois). Animer des ateliers participatifs avec les habitants ; pour étudiant·e en master."
        let graduate = "Diplômé en urbanisme (2025). Stage : animation d'ateliers participatifs avec les habitants, concertation de quartier."
        let student = "Étudiant en master urbanisme. Stage : animation d'ateliers participatifs avec les habitants, concertation de quartier."
        let g = try XCTUnwrap(explain(cv: graduate, posting: posting).requirements)
        XCTAssertTrue(g.eligibilityUnmet)
        XCTAssertEqual(FitLabel.label(score: 0.6, shared: 2, lowEvidence: false, requirements: g), .possible)
        let s = try XCTUnwrap(explain(cv: student, posting: posting).requirements)
        XCTAssertFalse(s.eligibilityUnmet)
        XCTAssertEqual(FitLabel.label(score: 0.6, shared: 2, lowEvidence: false, requirements: s), .strong)
    }

    /// A posting asking few of the taxonomy's competencies (a library's mediation post: two) whose field requirements the CV
    /// half meets, in texts of one trade, is a plausible candidate, not "weak".
    func testHalfOfAFewFieldRequirementsMetIsPossible() {
        let r = FitRequirements(requiredCompetencies: 2, metCompetencies: 2, yearsRequired: 1, yearsShown: 7, unmetLanguages: ["en"])
        XCTAssertEqual(FitLabel.label(score: 0.26, similarity: 0.31, shared: 2, lowEvidence: false, requirements: r), .possible)
        let none = FitRequirements(requiredCompetencies: 0, metCompetencies: 0, yearsRequired: 5, yearsShown: 22, unmetLanguages: [])
        XCTAssertEqual(FitLabel.label(score: 0.10, similarity: 0.35, shared: 0, lowEvidence: false, requirements: none), .weak,
                       "no requirement of the taxonomy met: nothing to call plausible")
    }

    /// Strong reads every requirement, transversal ones too: a senior meeting 4 of 7 (4 of the 5 field ones) is not lifted
    /// to strong below `strongScore` (the judged collection's UX researcher for a UX/UI designer post judged irrelevant).
    func testStrongCountsEveryRequirement() {
        let r = FitRequirements(requiredCompetencies: 7, metCompetencies: 4, yearsRequired: 3, yearsShown: 10, unmetLanguages: [],
                                requiredTransversal: 2, metTransversal: 0)
        XCTAssertEqual(r.fieldShare, 0.8, accuracy: 1e-9)
        XCTAssertEqual(FitLabel.label(score: 0.42, shared: 4, lowEvidence: false, requirements: r), .possible)
    }

    // Issue 24g: labels too low on texts nobody here wrote.
    /// Half of a field posting's requirements shown is a plausible candidate whatever the cosine: the annotators' "possible"
    /// reads requirements met and gaps, not how alike two texts are (a city planner's consultations against an energy
    /// transition post, at 0.14, was "weak").
    func testHalfOfAFieldPostingsRequirementsMetIsPossibleWhateverTheCosine() throws {
        let posting = """
        Chargé·e de mission transition et dialogue territorial
        Missions
        Organiser la concertation des habitants et des acteurs économiques autour du plan climat.
        Cartographier les parties prenantes du territoire et animer les réunions publiques.
        Rédiger les synthèses des rencontres.
        Monter les demandes de subventions et suivre le budget de l'action.
        Profil
        Deux ans d'expérience au moins.
        """
        let cv = """
        Urbaniste, agence d'urbanisme (fictive), 2018-2025.
        J'ai conduit des consultations publiques sur trois plans de quartier, animé les réunions publiques avec les riverains,
        dressé la carte des acteurs locaux et rédigé les rapports de consultation.
        """
        let r = try XCTUnwrap(explain(cv: cv, posting: posting).requirements)
        XCTAssertGreaterThanOrEqual(r.fieldRequired, FitLabel.inFieldMinRequired, "a posting of the field: \(r)")
        XCTAssertGreaterThanOrEqual(r.fieldShare, FitLabel.metMostShare, "half of it met: \(r)")
        XCTAssertFalse(r.lacksYears)
        XCTAssertEqual(FitLabel.label(score: 0.14, shared: r.metCompetencies, lowEvidence: false, requirements: r), .possible)
        XCTAssertEqual(FitLabel.label(score: 0.14, shared: r.metCompetencies, lowEvidence: true, requirements: r), .weak,
                       "too little evidence to call anything plausible")
        var lacksEnglish = r; lacksEnglish.unmetLanguages = ["en"]
        XCTAssertEqual(FitLabel.label(score: 0.14, shared: r.metCompetencies, lowEvidence: false, requirements: lacksEnglish), .weak,
                       "a required language unmet besides, in texts this far apart")
        // Under half of the field's requirements, a low cosine stays weak.
        let few = FitRequirements(requiredCompetencies: 6, metCompetencies: 2, yearsRequired: 2, yearsShown: 7, unmetLanguages: [])
        XCTAssertEqual(FitLabel.label(score: 0.14, shared: 2, lowEvidence: false, requirements: few), .weak)
        // A posting asking one of the field's competencies (a backend post's documentation), met: texts must be alike too.
        let thin = FitRequirements(requiredCompetencies: 3, metCompetencies: 2, yearsRequired: 3, yearsShown: 8, unmetLanguages: [],
                                   requiredTransversal: 2, metTransversal: 1)
        XCTAssertEqual(thin.fieldRequired, 1)
        XCTAssertEqual(FitLabel.label(score: 0.05, shared: 2, lowEvidence: false, requirements: thin), .weak)
    }

    /// Issue 24k: years below the minimum never make "weak" alone — a skills-list CV that dates nothing, or a junior of the
    /// field with an internship, against a post asking three or four years is a plausible candidate with a gap; what decides
    /// between possible and weak is the score and the share of the field's requirements met, as for any other CV.
    func testFewerYearsThanHalfAskedIsAGapNotWeak() {
        // Half of the field's requirements met at a low cosine: possible (issue 24g), whatever the years.
        let junior = FitRequirements(requiredCompetencies: 10, metCompetencies: 5, yearsRequired: 3, yearsShown: nil, unmetLanguages: [])
        XCTAssertEqual(FitLabel.label(score: 0.26, shared: 5, lowEvidence: false, requirements: junior), .possible)
        // Close texts, a few requirements met, no dated experience against four years: possible by score, never strong.
        let about = FitRequirements(requiredCompetencies: 8, metCompetencies: 3, yearsRequired: 4, yearsShown: nil, unmetLanguages: [])
        XCTAssertEqual(FitLabel.label(score: 0.45, shared: 3, lowEvidence: false, requirements: about), .possible)
        XCTAssertEqual(FitLabel.label(score: 0.9, shared: 3, lowEvidence: false, requirements: about), .possible, "a gap caps strong")
        // Still weak: out of the field, or far texts with few requirements met.
        let outside = FitRequirements(requiredCompetencies: 10, metCompetencies: 1, yearsRequired: 3, yearsShown: nil, unmetLanguages: [])
        XCTAssertEqual(FitLabel.label(score: 0.45, shared: 1, lowEvidence: false, requirements: outside), .weak)
        let far = FitRequirements(requiredCompetencies: 5, metCompetencies: 2, yearsRequired: 2, yearsShown: nil, unmetLanguages: [])
        XCTAssertEqual(FitLabel.label(score: 0.15, shared: 2, lowEvidence: false, requirements: far), .weak)
        // A senior post (five years or more) against under half of them: no plausible candidate, whatever is met.
        var senior = junior; senior.yearsRequired = 6
        XCTAssertEqual(FitLabel.label(score: 0.45, shared: 5, lowEvidence: false, requirements: senior), .weak)
        senior.yearsShown = 3
        XCTAssertEqual(FitLabel.label(score: 0.45, shared: 5, lowEvidence: false, requirements: senior), .possible, "half the years: a gap")
    }

    /// Work lines dated with an arrow ("2017 → 2025") are years shown: read as none they made a seasoned CV "weak" on any
    /// post asking two years (less than half the years asked).
    func testYearsDatedWithAnArrowAreShown() {
        let cv = """
        Guide-animateur du patrimoine
        2017 → 2025 | Guide-animateur, Château de Montfleury (fictif)
        2015 -> 2017 | Médiateur, centre d'art (fictif)
        """
        XCTAssertEqual(ExperienceYears.shown(cv: cv), 10)
        XCTAssertEqual(ExperienceYears.shown(cv: "Chargée de publics, 2020 → aujourd'hui."), ExperienceYears.presentYear - 2020)
        XCTAssertNil(ExperienceYears.shown(cv: "Guide → conférencier, par goût des publics."), "an arrow without years dates nothing")
    }
}
