import XCTest
@testable import TextAnalysis

final class LanguageIdentifierTests: XCTestCase {
    let english = [
        """
        We are hiring a community engagement coordinator to support residents, local organizations and city \
        staff as they co-design public services. You will plan and facilitate workshops, keep track of what \
        people tell us, and report back to the neighbourhoods in plain language.
        """,
        """
        The successful candidate has at least three years of experience in participatory design or community \
        organizing, is comfortable with qualitative research methods, and enjoys working across teams with \
        very different backgrounds and priorities.
        """,
        """
        Our lab brings designers, researchers and public servants together to test new ways of delivering \
        social programs. This role leads user research, synthesizes findings into clear recommendations, and \
        helps partners turn them into policies that last.
        """,
    ]

    func testSeedPostingsAreFrench() throws {
        for f in SeedPostings.files {
            let g = LanguageIdentifier.identify(try SeedPostings.body(f))
            XCTAssertEqual(g.language, .fr, f)
            XCTAssertGreaterThan(g.confidence, 0.8, f)
        }
    }

    func testSeedParagraphsOfSomeLengthAreFrench() throws {
        var checked = 0
        defer { XCTAssertGreaterThan(checked, 40) }
        for f in SeedPostings.files {
            let text = try SeedPostings.body(f)
            let scalars = Array(text.unicodeScalars)
            for (r, g) in LanguageIdentifier.identifyParagraphs(text) where r.count >= 150 {
                let p = String(String.UnicodeScalarView(scalars[r]))
                // skip paragraphs that are mostly URLs or e-mail addresses
                if p.contains("http") || p.contains("@") { continue }
                checked += 1
                XCTAssertEqual(g.language, .fr, "\(f): \(p.prefix(80))")
                XCTAssertGreaterThan(g.confidence, 0.8, "\(f): \(p.prefix(80))")
            }
        }
    }

    func testEnglishParagraphs() {
        for p in english {
            let g = LanguageIdentifier.identify(p)
            XCTAssertEqual(g.language, .en, p)
            XCTAssertGreaterThan(g.confidence, 0.8, p)
        }
    }

    func testOtherLanguagesAndTooLittleText() {
        let german = "Wir suchen eine engagierte Person, die unsere Projekte zur Bürgerbeteiligung in der Stadt koordiniert und die Zusammenarbeit mit den Vereinen stärkt."
        let spanish = "Buscamos una persona comprometida que coordine nuestros proyectos de participación ciudadana en la ciudad y fortalezca la colaboración con las asociaciones."
        XCTAssertEqual(LanguageIdentifier.identify(german).language, .other)
        XCTAssertEqual(LanguageIdentifier.identify(spanish).language, .other)
        XCTAssertGreaterThan(LanguageIdentifier.identify(german).confidence, 0.5)
        let short = LanguageIdentifier.identify("CDI")
        XCTAssertEqual(short.language, .other)
        XCTAssertLessThan(short.confidence, 0.5)
        XCTAssertEqual(LanguageIdentifier.identify("").language, .other)
        XCTAssertEqual(LanguageIdentifier.identify("12 34 — !!").language, .other)
    }

    func testConfidenceGrowsWithText() {
        let shortFr = LanguageIdentifier.identify("avec les habitants")
        let longFr = LanguageIdentifier.identify("Vous travaillerez avec les habitants et les associations du quartier pour concevoir des projets.")
        XCTAssertEqual(longFr.language, .fr)
        XCTAssertLessThan(shortFr.confidence, longFr.confidence)
        for g in [shortFr, longFr] { XCTAssertTrue((0...1).contains(g.confidence)) }
    }

    func testMixedDocumentByParagraph() throws {
        let frenchPara = "Le Collège accompagne les territoires dans leurs démarches de transition écologique et sociale, avec les habitants et les élus."
        let text = frenchPara + "\n\n" + english[0] + "\n \n" + english[1] + "\n\n\n" + frenchPara + "\n"
        let paras = LanguageIdentifier.identifyParagraphs(text)
        XCTAssertEqual(paras.map(\.guess.language), [.fr, .en, .en, .fr])
        let scalars = Array(text.unicodeScalars)
        XCTAssertEqual(String(String.UnicodeScalarView(scalars[paras[0].range])), frenchPara)
        XCTAssertEqual(String(String.UnicodeScalarView(scalars[paras[3].range])), frenchPara)
        // the analyzer stems each paragraph with its own language
        let terms = FrenchEnglishAnalyzer().terms(text)
        let fr = FrenchEnglishAnalyzer(language: .fr).terms(frenchPara)
        let en = FrenchEnglishAnalyzer(language: .en).terms(english[0] + "\n\n" + english[1])
        XCTAssertEqual(terms, fr + en + fr)
    }

    func testShortTitleTakesTheDocumentLanguage() {
        let text = "Design research lead\n\n" + english[2]
        let terms = FrenchEnglishAnalyzer().terms(text)
        XCTAssertEqual(Array(terms.prefix(4)), ["design", "research", "design_research", "lead"])
        let frText = "CHARGÉ·E DE PROJETS\n\nLe Lab accompagne les services de la Région dans la conception de politiques publiques avec les usagers."
        XCTAssertEqual(Array(FrenchEnglishAnalyzer().terms(frText).prefix(2)), ["charg", "projet"])
    }
}
