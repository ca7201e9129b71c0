import XCTest
import TextAnalysis
@testable import Competencies

/// Issue 24j: faults noted by earlier rounds and left open, each with sentences written for this file (never a gold's):
/// years at a consultancy named "bureau d'études", a continuing course marked "(suivie)", a public body's name that holds a
/// competency's words, speaking in public written with the verb, ease in speaking a language, language statements without a
/// level (a posting's "exigé", a CV's languages heading, "impeccable", plural "langues maternelles"), and gap forms that
/// would collapse to one word.
final class KnownFaults24jTests: XCTestCase {
    static let detector = CompetencyDetector(taxonomy: try! Taxonomy.load(path: taxonomyPath), analyzer: FrenchEnglishAnalyzer(phrases: false))

    func cv(_ text: String) -> Set<String> { Set(Self.detector.detect(text, as: .cv).competencies.map(\.id)) }
    func posting(_ text: String) -> [String: Bool] {
        Dictionary(Self.detector.detect(text, as: .posting).competencies.map { ($0.id, $0.desirable) }, uniquingKeysWith: { a, _ in a })
    }
    func languages(_ text: String, as kind: CompetencyDetector.TextKind) -> [String: LanguageStatement] {
        Dictionary(Self.detector.detect(text, as: kind).languages.map { ($0.language, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// A "bureau d'études" is an engineering consultancy and a "chargé·e d'études" a post: their dated lines are work. Lines
    /// about studies still count nothing.
    func testWorkAtAConsultancyNamedAfterStudiesCountsItsYears() {
        XCTAssertEqual(ExperienceYears.shown(cv: """
        Technicienne en hydrologie, bureau d'études Rivages (fictif), 2012 - 2020
        Master en géographie, Université de Tours, 2010 - 2012
        """), 8)
        XCTAssertEqual(ExperienceYears.shown(cv: "Chargée d'études, Observatoire régional de la santé (fictif), 2015 - 2021"), 6)
        XCTAssertEqual(ExperienceYears.shown(cv: "Études de sociologie, Université Laval, 2016 - 2019"), nil)
    }

    /// A continuing course the person followed, "(suivie)" in parentheses, is no evidence that they teach adults.
    func testACourseMarkedFollowedInParenthesesIsNoTeaching() {
        XCTAssertFalse(cv("Formation continue (suivie) : andragogie et formation des adultes, 2023.").contains("training"))
        XCTAssertFalse(cv("Module (suivi) : formation de formateurs.").contains("training"))
        // Teaching adults, said as work, still counts.
        XCTAssertTrue(cv("Formatrice d'adultes en insertion : j'anime des formations de formateurs depuis 2019.").contains("training"))
    }

    /// A public body's name that goes on with a competency's words ("l'Office de … consultation publique", "la Commission de
    /// médiation") names where the person worked, not what they did.
    func testAPublicBodysNameIsNoCompetency() {
        XCTAssertFalse(cv("Réceptionniste à l'Office de consultation publique de la région (fictif), 2020 - 2023.").contains("public-consultation"))
        XCTAssertFalse(cv("Secrétaire à la Commission de médiation culturelle du département, 2018 - 2022.").contains("cultural-mediation"))
        // The same words as work done stay evidence.
        XCTAssertTrue(cv("J'ai organisé une consultation publique sur le réaménagement du parc (300 participants).").contains("public-consultation"))
        // "Conseil en …" is consulting, an occupation: no organisation's name.
        XCTAssertTrue(cv("Conseil en design de services pour des collectivités, 2019 - 2024.").contains("service-design"))
    }

    /// Speaking in public written with the verb is public speaking, in a posting's duties and in a CV.
    func testSpeakingInPublicWithTheVerbIsPublicSpeaking() {
        XCTAssertEqual(posting("""
        Chargé·e de liaison (fictif)
        Vos missions :
        - Prendre la parole en public lors des réunions du conseil de quartier.
        Profil :
        - Sens de l'organisation.
        """)["public-speaking"], false)
        XCTAssertTrue(cv("Je prends régulièrement la parole en public au nom de l'association.").contains("public-speaking"))
    }

    /// Ease in speaking a language ("aisance orale" after its name) is a level of that language, not public speaking.
    func testEaseInSpeakingALanguageIsALevelNotPublicSpeaking() {
        let text = "Langues : tamazight : bonne aisance orale ; anglais scolaire"
        XCTAssertFalse(cv(text).contains("public-speaking"))
        let declared = languages(text, as: .cv)
        XCTAssertEqual(declared["ber"]?.level, .good, "\(declared)")
        let darija = languages("Darija (arabe marocain) : aisance orale", as: .cv)
        XCTAssertEqual(darija["ar"]?.level, .good, "\(darija)")
        // Ease in speaking before groups stays public speaking.
        XCTAssertTrue(cv("Grande aisance orale devant des salles de 200 personnes.").contains("public-speaking"))
    }

    /// Language statements a counsellor reads without a level word: a posting's language "exigé"/"required" is asked (level
    /// unstated), "impeccable" is an excellent command, "langues maternelles" qualifies every name of its list, a CV's
    /// languages heading declares the languages it lists, and a few more names.
    func testLanguageStatementsWithoutALevelWord() {
        let asked = languages("""
        Agent·e d'accueil (fictif)
        Exigences :
        - Deux ans d'expérience en accueil.
        - Anglais exigé.
        - Orthographe et français impeccables.
        - Other languages of the neighbourhood (Somali, Tamil) are welcome.
        """, as: .posting)
        XCTAssertEqual(asked["en"]?.desirable, false, "\(asked)")
        XCTAssertEqual(asked["en"]?.levelStated, false, "\(asked)")
        XCTAssertEqual(asked["fr"]?.level, .excellent, "\(asked)")
        XCTAssertEqual(asked["so"]?.desirable, true, "\(asked)")
        XCTAssertEqual(asked["ta"]?.desirable, true, "\(asked)")
        let declared = languages("""
        Compétences linguistiques : espagnol, catalan
        Portugais et créole haïtien (langues maternelles)
        Kreyòl : natif
        """, as: .cv)
        XCTAssertNotNil(declared["es"], "\(declared)")
        XCTAssertEqual(declared["es"]?.levelStated, false, "\(declared)")
        XCTAssertEqual(declared["pt"]?.level, .native, "\(declared)")
        XCTAssertEqual(declared["ht"]?.level, .native, "\(declared)")
        // A language named in a sentence of the CV, with no heading and no level, declares nothing.
        XCTAssertNil(languages("J'ai animé des ateliers pour des familles parlant espagnol.", as: .cv)["es"])
    }

    /// A gap form whose part after (or before) the gap is all stopwords would match its other part alone: the taxonomy
    /// refuses it at load, naming the file and the line.
    func testAGapFormThatCollapsesToOneWordIsRefused() {
        let header = "id\tfamily\tlabel_fr\tlabel_en\tdefinition\tforms_fr\tforms_en"
        let text = header + "\n" + "leadership\tgeneric\tL\tL\tDef\tleadership | ~diriger * eux\tleadership | lead a team\n"
            + "teamwork\tgeneric\tT\tT\tDef\ttravail d'équipe | esprit d'équipe\tteamwork | ~work * with them\n"
        XCTAssertThrowsError(try Taxonomy(parsing: text, source: "forms.tsv")) { error in
            guard let e = error as? TaxonomyError, case .gapPartWithoutWords(let form, let part) = e.kind else { return XCTFail("\(error)") }
            XCTAssertEqual(e.line, 2)
            XCTAssertEqual(form, "~diriger * eux")
            XCTAssertEqual(part, "eux")
            XCTAssertTrue(e.description.hasPrefix("forms.tsv:2:"), e.description)
        }
        let english = header + "\n" + "teamwork\tgeneric\tT\tT\tDef\ttravail d'équipe\tteamwork | ~work * with them\n"
        XCTAssertThrowsError(try Taxonomy(parsing: english, source: "forms.tsv")) { error in
            guard let e = error as? TaxonomyError, case .gapPartWithoutWords = e.kind else { return XCTFail("\(error)") }
            XCTAssertEqual(e.line, 2)
        }
        // Gap forms that keep a word on each side load.
        XCTAssertNoThrow(try Taxonomy(parsing: header + "\nleadership\tgeneric\tL\tL\tDef\t~diriger * équipe\t~lead * team\n", source: "ok.tsv"))
        XCTAssertNoThrow(try Taxonomy.load(path: taxonomyPath))
    }
}
