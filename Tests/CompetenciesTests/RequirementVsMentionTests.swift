import XCTest
import TextAnalysis
@testable import Competencies

/// Issue 14, item 3: word sense and context. Each case is a sentence of the issue (or of the shipped
/// postings) read as a posting by `detect(_:as:)`, the detection explanations use.
final class RequirementVsMentionTests: XCTestCase {
    static let detector = CompetencyDetector(taxonomy: try! Taxonomy.load(path: taxonomyPath), analyzer: FrenchEnglishAnalyzer(phrases: false))

    func ids(_ text: String, _ kind: CompetencyDetector.TextKind = .posting) -> Set<String> {
        Set(Self.detector.detect(text, as: kind).competencies.map(\.id))
    }

    func testExcellentIsNotExcel() {
        XCTAssertFalse(ids("Excellent relationnel et excellente capacité d'écoute.").contains("digital-tools"))
        XCTAssertFalse(ids("Excellent written and spoken English.").contains("digital-tools"))
        XCTAssertTrue(ids("Maîtrise d'Excel et des outils bureautiques.").contains("digital-tools"))
    }

    func testAutonomyOfPersonsAndVehiclesIsNotTheCompetency() {
        XCTAssertFalse(ids("Accompagner des personnes âgées en perte d'autonomie à domicile.").contains("autonomy"))
        XCTAssertFalse(ids("Le projet teste des véhicules autonomes sur le campus.").contains("autonomy"))
        XCTAssertTrue(ids("Vous faites preuve d'autonomie et d'esprit d'initiative.").contains("autonomy"))
        XCTAssertTrue(ids("Être autonome dans l'organisation de son travail.").contains("autonomy"))
    }

    func testParticipatoryBudgetAndTrainingBudgetAreNotBudgeting() {
        XCTAssertFalse(ids("Accompagner la mise en œuvre du budget participatif de la ville.").contains("budgeting"))
        XCTAssertFalse(ids("Avantages : budget formation de 1 500 € par an, télétravail.").contains("budgeting"))
        XCTAssertTrue(ids("Assurer le suivi budgétaire du projet et préparer le budget prévisionnel.").contains("budgeting"))
    }

    func testSolicitationsAreNotFundraisingWithoutMoney() {
        XCTAssertFalse(ids("Répondre aux sollicitations des usagers et des partenaires.").contains("fundraising"))
        XCTAssertTrue(ids("Sollicitation des donateurs et des fondations pour la campagne annuelle.").contains("fundraising"))
    }

    func testAttachedToTheProjectManagerIsNotProjectManagement() {
        XCTAssertFalse(ids("Rattaché(e) au chef de projet, vous préparez les réunions publiques.").contains("project-management"))
        XCTAssertTrue(ids("Vous assurez la gestion de projet de bout en bout.").contains("project-management"))
    }

    func testClinicalEvaluationIsNotPolicyEvaluation() {
        XCTAssertFalse(ids("Évaluation clinique de la condition physique et mentale des usagers à domicile.", .cv).contains("evaluation"))
        XCTAssertFalse(ids("Planification de situations d'apprentissage et d'évaluation pour les élèves.", .cv).contains("evaluation"))
        XCTAssertTrue(ids("Piloter l'évaluation des politiques publiques régionales.").contains("evaluation"))
    }

    /// The organisation's presentation is a mention; the missions and the profile are requirements.
    func testOrganisationPresentationAndPerksAreMentions() {
        let posting = """
        Qui sommes-nous ?
        Notre coopérative mène des projets de recherche-action et d'innovation sociale depuis 2006.

        Vos missions
        - Animer des ateliers participatifs avec les habitants.
        - Rédiger les comptes rendus.

        Profil recherché
        Expérience en facilitation ; autonomie.

        Avantages
        Budget formation, mutuelle, télétravail.
        """
        let found = ids(posting)
        XCTAssertFalse(found.contains("action-research"), "\(found)")
        XCTAssertFalse(found.contains("social-innovation"), "\(found)")
        XCTAssertFalse(found.contains("budgeting"), "\(found)")
        XCTAssertTrue(found.contains("facilitation"), "\(found)")
        XCTAssertTrue(found.contains("autonomy"), "\(found)")
        // Read as a CV, nothing is dropped by sections.
        XCTAssertTrue(ids(posting, .cv).contains("action-research"))
        // A context sentence about the person sought is kept.
        let context = "Contexte\nNous cherchons une personne pour développer nos pratiques de médiation culturelle.\n\nMissions\nAnimer le réseau."
        XCTAssertTrue(ids(context).contains("cultural-mediation"))
    }

    /// A posting without any requirement heading keeps everything (read as requirements).
    func testPostingWithoutHeadingsKeepsEverything() {
        XCTAssertTrue(ids("Nous menons des projets de recherche-action. Vous animerez des ateliers participatifs.").contains("action-research"))
    }

    /// Evidence: a requirement section first, even when the competency appears earlier (title, presentation).
    func testEvidenceComesFromTheRequirementSectionsFirst() {
        let posting = """
        Chargé·e de facilitation — Coopérative Les Communs
        À propos du poste
        Vous animerez la facilitation des assemblées et des ateliers.
        """
        let text = posting
        let m = Self.detector.detect(text, as: .posting).competencies.first { $0.id == "facilitation" }
        XCTAssertNotNil(m)
        XCTAssertEqual(m?.evidence.first?.quote, "Vous animerez la facilitation des assemblées et des ateliers.")
    }

    /// Highlighting: the match's offsets within the quote point at the matched words, also when the quote
    /// is cut with "…" and after accents and curly apostrophes.
    func testQuoteMatchOffsets() {
        let long = String(repeating: "Le projet réunit des élu·e·s, des habitant·e·s et des associations du quartier. ", count: 1)
            + String(repeating: "Dans un contexte très dense et varié, ", count: 8) + "vous assurerez l’animation d’ateliers participatifs avec les habitant·e·s"
            + String(repeating: " et les partenaires du territoire", count: 8) + "."
        for text in [long, "Maîtrise d’Excel ; animation d’ateliers participatifs."] {
            let scalars = Array(text.unicodeScalars)
            for m in Self.detector.detect(text, as: .cv).competencies {
                for e in m.evidence {
                    XCTAssertEqual(e.quoteParts.match, TextSpans.slice(scalars, e.start, e.end), "\(m.id) in \(e.quote)")
                    XCTAssertEqual(e.quoteParts.before + e.quoteParts.match + e.quoteParts.after, e.quote)
                }
            }
        }
        let langs = LanguageStatementDetector.detect("Langues : anglais courant (C1).")
        XCTAssertEqual(langs.first?.evidence.quoteParts.match, "anglais courant")
    }

    func testHeadings() {
        let kinds = ["Profil recherché :", "## Vos missions", "RESPONSABILITÉS", "What you'll do", "Qui sommes-nous ?", "Avantages",
                     "About the Foundation", "Conditions", "Un peu de contexte… "].map { PostingSections.headingKey($0).flatMap(PostingSections.kind(ofHeading:)) }
        XCTAssertEqual(kinds, [.requirement, .requirement, .requirement, .requirement, .context, .mention, .context, .mention, .context])
        XCTAssertNil(PostingSections.headingKey("Vous animerez des ateliers avec les habitants du quartier et les associations partenaires du territoire."))
    }
}
