import XCTest
import TextAnalysis
import Competencies
@testable import Passerelle

final class ExplainerTests: XCTestCase {
    static let taxonomyText = """
    id\tfamily\tlabel_fr\tlabel_en\tdefinition\tforms_fr\tforms_en
    facilitation\tfacilitation\tFacilitation\tFacilitation\tAnimer des ateliers.\tfacilitation | animer des ateliers | animation d'ateliers | ateliers participatifs | faciliter des rencontres\tfacilitation | facilitate workshops | workshop facilitation | lead workshops | group facilitation
    cultural-mediation\tmediation\tMédiation culturelle\tCultural mediation\tMédiation culturelle.\tmédiation culturelle | médiateur culturel | médiatrice culturelle | action culturelle | médiation artistique\tcultural mediation | cultural mediator | arts mediation | cultural outreach | audience engagement
    budgeting\tmanagement\tGestion budgétaire\tBudgeting\tGérer un budget.\tgestion budgétaire | suivi budgétaire | gérer un budget | élaboration du budget | budget prévisionnel\tbudgeting | budget management | manage a budget | budget planning | financial planning
    """

    var detector: CompetencyDetector {
        CompetencyDetector(taxonomy: try! Taxonomy(parsing: Self.taxonomyText, source: "test"), analyzer: FrenchEnglishAnalyzer(phrases: false))
    }

    func testSharedMissingAndLanguageFit() {
        let posting = """
        Nous recherchons un·e médiateur·rice culturel·le pour animer des ateliers participatifs et assurer le suivi budgétaire du projet.
        Excellente maîtrise du français et bonne maîtrise de l'anglais.
        """
        let cv = """
        Médiatrice culturelle depuis six ans, j'ai animé des ateliers avec les publics de la bibliothèque et des écoles du quartier.
        Langues : français (langue maternelle), anglais (notions).
        """
        let explanation = Explainer(taxonomy: detector.taxonomy).explain(
            query: TextProfile(text: cv, detector: detector), posting: TextProfile(text: posting, detector: detector), terms: [])
        XCTAssertEqual(Set(explanation.shared.map(\.id)), ["cultural-mediation", "facilitation"])
        XCTAssertEqual(explanation.missing.map(\.id), ["budgeting"])
        XCTAssertEqual(explanation.shared.first { $0.id == "cultural-mediation" }?.label, "Médiation culturelle")
        let cvScalars = Array(cv.unicodeScalars)
        for s in explanation.shared {
            XCTAssertTrue(s.queryEvidence.start < s.queryEvidence.end && s.queryEvidence.end <= cvScalars.count)
            XCTAssertFalse(s.postingEvidence.quote.isEmpty)
        }
        let fr = explanation.languages.first { $0.language == "fr" }
        XCTAssertEqual(fr?.required, .excellent)
        XCTAssertEqual(fr?.declared, .native)
        XCTAssertEqual(fr?.fit, .met)
        XCTAssertNotNil(fr?.requiredEvidence)
        let en = explanation.languages.first { $0.language == "en" }
        XCTAssertEqual(en?.required, .good)
        XCTAssertEqual(en?.declared, .notions)
        XCTAssertEqual(en?.fit, .unmet)
    }

    func testLanguagesAreInferredFromWhatTheTextsAreWrittenIn() {
        // The posting states no language: it is taken to require good French, the language it is written in.
        let posting = "Le ou la chargé·e de mission animera des ateliers participatifs avec les habitants et les associations du territoire, en lien avec les équipes municipales et les partenaires."
        let english = "I facilitated participatory workshops with residents and community groups for six years, working closely with city teams and local partners in Montreal."
        let frenchCV = "J'anime depuis six ans des ateliers participatifs avec les habitants et les associations, en lien étroit avec les équipes de la ville et les partenaires locaux."
        let explainer = Explainer(taxonomy: detector.taxonomy)
        let p = TextProfile(text: posting, detector: detector)
        XCTAssertEqual(p.writtenIn, ["fr"])
        let fromEnglish = explainer.explain(query: TextProfile(text: english, detector: detector), posting: p, terms: [])
        XCTAssertEqual(fromEnglish.languages.count, 1)
        XCTAssertEqual(fromEnglish.languages[0].language, "fr")
        XCTAssertEqual(fromEnglish.languages[0].required, TextProfile.inferredRequiredLevel)
        XCTAssertNil(fromEnglish.languages[0].requiredEvidence)
        XCTAssertEqual(fromEnglish.languages[0].fit, .unmet)
        XCTAssertEqual(fromEnglish.shared.map(\.id), ["facilitation"])
        XCTAssertEqual(fromEnglish.shared[0].label, "Facilitation")
        let fromFrench = explainer.explain(query: TextProfile(text: frenchCV, detector: detector), posting: p, terms: [])
        XCTAssertEqual(fromFrench.languages[0].declared, TextProfile.inferredWrittenLevel)
        XCTAssertEqual(fromFrench.languages[0].fit, .met)
    }

    func testWithoutATaxonomyThereAreNoCompetenciesButLanguagesStillFit() {
        let explanation = Explainer(taxonomy: nil).explain(
            query: TextProfile(text: "Je suis médiatrice culturelle et j'anime des ateliers depuis longtemps avec les publics.", detector: nil),
            posting: TextProfile(text: "Poste de médiation culturelle : animer des ateliers avec les publics du musée et des écoles.", detector: nil),
            terms: [TermContribution(term: "mediat", contribution: 0.4)])
        XCTAssertTrue(explanation.shared.isEmpty && explanation.missing.isEmpty)
        XCTAssertEqual(explanation.terms.count, 1)
        XCTAssertEqual(explanation.languages.first?.fit, .met)
    }
}
