import XCTest
import TextAnalysis
@testable import Competencies

/// Issue 14, second part: forms widened where postings and CVs word things differently (gap forms, verb
/// forms, tools), and the sense checks and section reading that keep explanations to what a text asks or shows.
final class ExplanationSenseTests: XCTestCase {
    static let detector = CompetencyDetector(taxonomy: try! Taxonomy.load(path: taxonomyPath), analyzer: FrenchEnglishAnalyzer(phrases: false))

    func ids(_ text: String, _ kind: CompetencyDetector.TextKind = .posting) -> Set<String> {
        Set(Self.detector.detect(text, as: kind).competencies.map(\.id))
    }
    func plain(_ text: String) -> Set<String> { Set(Self.detector.detect(text).competencies.map(\.id)) }
    /// What explanations find in a CV (no section reading), with the explanation-only forms.
    func explained(_ text: String) -> Set<String> { ids(text, .cv) }

    /// A ` * ` in a form lets at most two words stand there, within one sentence.
    func testGapFormsMatchWithinTheirGapOnly() throws {
        let taxonomy = try Taxonomy(parsing: """
        id\tfamily\tlabel_fr\tlabel_en\tdefinition\tforms_fr\tforms_en
        event-organization\tcommunication\tÉv\tEv\tD.\torganiser * événements\torganize * events
        """, source: "test")
        let d = CompetencyDetector(taxonomy: taxonomy, analyzer: FrenchEnglishAnalyzer(phrases: false))
        func found(_ t: String) -> Bool { !d.detect(t).competencies.isEmpty }
        XCTAssertTrue(found("J'ai organisé des événements."))
        XCTAssertTrue(found("J'ai organisé deux grands événements."))
        XCTAssertTrue(found("We organize knowledge mobilization events for practitioners and residents."))
        XCTAssertFalse(found("J'ai organisé rencontres, ateliers, concerts et événements."), "three words in the gap")
        XCTAssertFalse(found("Il faut organiser. Les événements suivront."), "across a sentence")
        // The evidence covers the whole stretch.
        let text = "J'ai organisé deux grands événements."
        let e = try XCTUnwrap(d.detect(text).competencies.first?.evidence.first)
        XCTAssertEqual(scalarSlice(text, e.start, e.end), "organisé deux grands événements")
    }

    /// The first word of a gap form must begin like the form's own word, against stem collisions.
    func testGapFormsGuardTheirFirstWord() {
        XCTAssertTrue(explained("Collaborer avec les services de l'ingénierie et de l'environnement.").contains("teamwork"))
        XCTAssertFalse(explained("En collaboration avec les services de la Ville, diffuser les activités.").contains("teamwork"))
    }

    /// Issue 14: "co-construisez", "conduisez des visites et ateliers", "animation de visites et d'ateliers",
    /// "organized two national symposiums", "community organizer/organizing", tools by name.
    func testWordingsOfPostingsAndCVs() {
        XCTAssertTrue(explained("Vous co-construisez avec les enseignant·es des parcours d'éducation artistique.").contains("co-construction"))
        XCTAssertTrue(explained("Vous concevez et conduisez des visites et ateliers pour les scolaires.").contains("facilitation"))
        XCTAssertTrue(explained("Animation de visites et d'ateliers pour les familles.").contains("facilitation"))
        XCTAssertTrue(explained("Organized two national symposiums on participatory democracy.").contains("event-organization"))
        XCTAssertTrue(explained("Community organizer with a tenants' association.").contains("community-mobilization"))
        XCTAssertTrue(explained("Five years of community organizing in Montréal.").contains("community-mobilization"))
        XCTAssertTrue(explained("Maîtrise de Power BI et de SQL.").contains("digital-tools"))
        XCTAssertTrue(explained("Maîtrise des outils géomatiques (ArcGIS).").contains("digital-tools"))
        XCTAssertTrue(explained("Renseigner le CRM (Salesforce) après chaque visite.").contains("digital-tools"))
        XCTAssertTrue(explained("Capacité à gérer des situations de crise.").contains("conflict-resolution"))
        XCTAssertTrue(explained("Animer les assemblées publiques de consultation.").contains("public-consultation"))
        XCTAssertTrue(explained("Très bonnes qualités d'expression orale.").contains("public-speaking"))
    }

    /// Forms added for explanations (`~form`) leave the models' features as they were: the plain detection does not see them.
    func testExplanationOnlyFormsLeaveModelsAlone() {
        XCTAssertFalse(plain("Maîtrise de Power BI et de SQL.").contains("digital-tools"))
        XCTAssertTrue(explained("Maîtrise de Power BI et de SQL.").contains("digital-tools"))
        XCTAssertFalse(plain("Vous co-construisez avec les enseignant·es des parcours.").contains("co-construction"))
        // A form of the model is still found by both.
        XCTAssertTrue(plain("Ateliers de co-construction avec les habitants.").contains("co-construction"))
        XCTAssertTrue(explained("Ateliers de co-construction avec les habitants.").contains("co-construction"))
    }

    func testWordsOfAnotherSense() {
        XCTAssertFalse(ids("Nous recherchons un ou une comptable expérimenté·e.").contains("experimentation"))
        XCTAssertFalse(ids("Capitaliser sur ce qui existe et innover.").contains("knowledge-transfer"))
        XCTAssertFalse(ids("En étroite concertation avec les médiateurs, planifier les actions.").contains("public-consultation"))
        XCTAssertTrue(ids("Concevoir les dispositifs de concertation avec les habitants.").contains("public-consultation"))
        XCTAssertFalse(ids("Trained and supported 20 volunteer tenant leaders.", .cv).contains("leadership"))
        XCTAssertFalse(ids("Led after-school leadership programs for teenagers.", .cv).contains("leadership"))
        XCTAssertTrue(ids("Collaborative leadership of a team of six.", .cv).contains("leadership"))
        XCTAssertFalse(ids("Worked with community organizations and the city.", .cv).contains("community-mobilization"))
        XCTAssertFalse(ids("Animer les communautés : modération, réponses, gestion des situations de crise.").contains("conflict-resolution"))
        XCTAssertFalse(ids("Conducted field research with service users: interviews, observation.", .cv).contains("research"))
        XCTAssertTrue(ids("Conducted field research on housing policy for a doctoral thesis.", .cv).contains("research"))
        XCTAssertFalse(ids("Impulser des processus de design territorial.").contains("design-thinking"))
    }

    /// "Accompagner" a project or a process is not coaching people.
    func testCoachingNeedsPeopleToAccompany() {
        XCTAssertFalse(ids("Accompagner plusieurs projets de la collectivité.").contains("coaching"))
        XCTAssertFalse(ids("Accompagner la sobriété de l'action publique.").contains("coaching"))
        XCTAssertFalse(ids("Accompagnement des clients dans la digitalisation de leur comptabilité.").contains("coaching"))
        XCTAssertTrue(ids("Accompagnement des clients dans la digitalisation de leur comptabilité.").contains("change-management"))
        XCTAssertTrue(ids("Accompagner les jeunes dans la réalisation de leurs projets.").contains("coaching"))
    }

    /// Names: a compound's part, a programme in capitals, an organisation, a team (postings), a course followed (CVs).
    func testNamesAndCoursesAreMentions() {
        let compound = ids("Participation à un projet de recherche-action avec l'université.", .cv)
        XCTAssertFalse(compound.contains("research"), "\(compound)")
        XCTAssertTrue(compound.contains("action-research"), "\(compound)")
        XCTAssertFalse(ids("Recherche de financements (ADEME, fonds LEADER) et suivi budgétaire.", .cv).contains("leadership"))
        XCTAssertFalse(ids("Coordinator — Transit Equity Coalition (Montréal)", .cv).contains("inclusion-equity"))
        XCTAssertFalse(ids("Membre du conseil d'un organisme de défense des droits des locataires.", .cv).contains("advocacy"))
        XCTAssertFalse(ids("Appuyer l'équipe des partenariats dans les démarches de financement.").contains("partnership-building"))
        XCTAssertFalse(ids("Le poste viendra compléter l'équipe innovation et expérimentation.").contains("experimentation"))
        XCTAssertTrue(ids("Développer les partenariats avec les organismes du quartier.").contains("partnership-building"))
        XCTAssertFalse(ids("- Formation « Évaluation des politiques publiques », CNFPT, 2023.", .cv).contains("evaluation"))
        XCTAssertFalse(ids("- Training in conflict de-escalation, 2021.", .cv).contains("conflict-resolution"))
        XCTAssertTrue(ids("- Évaluation des politiques publiques du département (2019-2023).", .cv).contains("evaluation"))
    }

    func testLongerHeadings() {
        func kind(_ line: String) -> SectionKind? {
            PostingSections.headingKey(line).flatMap { PostingSections.kind(ofHeading: $0) ?? PostingSections.looseKind(ofLine: line, key: $0) }
        }
        XCTAssertEqual(kind("Objectif et activités principales de la mission :"), .requirement)
        XCTAssertEqual(kind("Conditions et avantages sociaux"), .mention)
        XCTAssertEqual(kind("Notre mission"), .context)
        XCTAssertNil(kind("- Participer aux missions de terrain"))
        XCTAssertNil(kind("Le profil idéal est rare."))
        XCTAssertNil(kind("(Cadre d'emplois des attachés territoriaux)"), "« taches » inside « attachés »")
        XCTAssertNil(kind("DIRECTION DE MISSION COORDINATION DE L'INNOVATION"), "a unit of the employer")
        XCTAssertEqual(kind("Contrat de travail et durée de la mission"), .mention)
        let posting = "Chef·fe de projet\nDe participer à l'organisation et l'animation d'événements.\n\nObjectif et activités principales de la mission :\n- De participer à l'animation du collectif de partenaires.\n\nProfil\nAutonomie."
        XCTAssertTrue(ids(posting).contains("network-animation"))
    }

    /// "Heures du conte bilingues" says nothing of the person's languages; "Bilingue français-anglais" does.
    func testBilingualThingsAreNoLanguageStatement() {
        XCTAssertTrue(LanguageStatementDetector.detect("Animation d'heures du conte bilingues et de clubs de lecture.").isEmpty)
        XCTAssertTrue(LanguageStatementDetector.detect("Hosted bilingual storytimes at the library.").isEmpty)
        XCTAssertEqual(LanguageStatementDetector.detect("Bilingue français-anglais.").map { "\($0.language):\($0.level.name)" }, ["en:excellent", "fr:excellent"])
        XCTAssertEqual(LanguageStatementDetector.detect("This position is bilingual imperative.").count, 2)
    }
}
