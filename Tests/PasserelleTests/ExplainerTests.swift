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

    /// Issue 25d: a matched posting's profile made for the match side only (as `PostingProfileCache` makes
    /// them) gives the same explanation as a full one, and keeps every field the match side reads; the
    /// query-side fields it skips are the ones only a query's profile is read for.
    func testAMatchSideProfileExplainsAsAFullOne() {
        let postings = [
            "Poste d\u{2019}adulte\u{2013}relais, conditions d\u{2019}éligibilité du dispositif. 3 ans d\u{2019}expérience minimum en médiation culturelle ; animer des ateliers participatifs. Anglais courant.",
            "Stage de 6 mois pour un·e étudiant·e en master, convention de stage – animation d\u{2019}ateliers participatifs, suivi budgétaire.",
            "Experienced facilitator (5+ years) to lead workshops in Montreal\u{00A0}; French is an asset — student jobs welcome.",
            "Médiatrice culturelle, cinq années d'expérience exigées, gestion budgétaire.",
        ]
        let cvs = [
            "Étudiante en master (en cours), j\u{2019}ai animé des ateliers pendant 2 ans. Langues : français, anglais (notions).",
            "Médiatrice culturelle depuis six ans – 2018–2024 : médiation culturelle et suivi budgétaire. English: fluent.",
        ]
        let d = detector, explainer = Explainer(taxonomy: d.taxonomy)
        var asked = 0, shown = 0
        for posting in postings {
            let full = TextProfile(text: posting, detector: d, isPosting: true)
            let matchSide = TextProfile(text: posting, detector: d, isPosting: true, sides: .match)
            XCTAssertEqual(matchSide.competencies, full.competencies)
            XCTAssertEqual(matchSide.writtenIn, full.writtenIn)
            XCTAssertEqual(matchSide.displayLanguage, full.displayLanguage)
            XCTAssertEqual(matchSide.yearsAsked, full.yearsAsked)
            XCTAssertEqual(matchSide.eligibilityAsked, full.eligibilityAsked)
            XCTAssertNil(matchSide.yearsShown)
            XCTAssertEqual(matchSide.eligibilityShown, [])
            if full.yearsAsked != nil { asked += 1 }
            for cv in cvs {
                let query = TextProfile(text: cv, detector: d)
                if query.yearsShown != nil { shown += 1 }
                XCTAssertEqual(explainer.explain(query: query, posting: matchSide, terms: []),
                               explainer.explain(query: query, posting: full, terms: []), posting)
            }
        }
        // The texts do exercise the fields (else the comparison above would prove nothing).
        XCTAssertGreaterThanOrEqual(asked, 2)
        XCTAssertGreaterThan(shown, 0)
        XCTAssertEqual(TextProfile(text: postings[0], detector: d, isPosting: true).eligibilityAsked, .scheme)
        XCTAssertEqual(TextProfile(text: postings[1], detector: d, isPosting: true).eligibilityAsked, .student)
        XCTAssertEqual(TextProfile(text: cvs[0], detector: d).eligibilityShown, [.student])
        let querySide = TextProfile(text: cvs[0], detector: d, sides: .query)
        XCTAssertEqual(querySide.yearsShown, TextProfile(text: cvs[0], detector: d).yearsShown)
        XCTAssertEqual(querySide.eligibilityShown, TextProfile(text: cvs[0], detector: d).eligibilityShown)
        XCTAssertNil(querySide.yearsAsked)
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
