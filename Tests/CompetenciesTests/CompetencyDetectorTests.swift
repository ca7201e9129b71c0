import XCTest
import TextAnalysis
@testable import Competencies

/// Detection through the test-only `TinyAnalyzer` (no stemming): the matching machinery itself.
final class CompetencyDetectorTests: XCTestCase {
    var detector: CompetencyDetector!

    override func setUpWithError() throws {
        detector = CompetencyDetector(taxonomy: try loadTaxonomy(), analyzer: TinyAnalyzer())
    }

    func ids(_ text: String) -> Set<String> { Set(detector.detect(text).competencies.map(\.id)) }

    func match(_ p: CompetencyProfile, _ id: String, file: StaticString = #filePath, line: UInt = #line) -> CompetencyMatch? {
        let m = p.competencies.first { $0.id == id }
        XCTAssertNotNil(m, "\(id) not found in \(p.competencies.map(\.id))", file: file, line: line)
        return m
    }

    /// Asserts `id` was found once, with evidence exactly on `words`.
    func assertEvidence(_ text: String, _ p: CompetencyProfile, _ id: String, _ words: String, occurrence: Int = 0,
                        file: StaticString = #filePath, line: UInt = #line) {
        guard let m = match(p, id, file: file, line: line) else { return }
        guard let r = scalarRange(of: words, in: text, occurrence: occurrence) else {
            return XCTFail("test bug: \(words) not in text", file: file, line: line)
        }
        XCTAssertTrue(m.evidence.contains { $0.start == r.0 && $0.end == r.1 },
                      "\(id): \(m.evidence.map { scalarSlice(text, $0.start, $0.end) }) != \(words)", file: file, line: line)
        for e in m.evidence { XCTAssertTrue(e.quote.contains(scalarSlice(text, e.start, e.end)), file: file, line: line) }
    }

    func testRouenSentence() {
        let text = "Vous êtes à l'aise avec les outils de facilitation graphique, les outils d'intelligence collective, les outils numériques et les réseaux sociaux et vous maîtrisez le Pack Office."
        let p = detector.detect(text)
        XCTAssertEqual(Set(p.competencies.map(\.id)), ["facilitation", "collective-intelligence", "digital-tools", "social-media"])
        // Overlapping forms of one competency ("outils de facilitation", "facilitation graphique"): one span, their union.
        assertEvidence(text, p, "facilitation", "outils de facilitation graphique")
        XCTAssertEqual(match(p, "facilitation")?.count, 1)
        assertEvidence(text, p, "collective-intelligence", "outils d'intelligence collective")
        assertEvidence(text, p, "digital-tools", "outils numériques")
        assertEvidence(text, p, "digital-tools", "Pack Office")
        XCTAssertEqual(match(p, "digital-tools")?.count, 2)
        assertEvidence(text, p, "social-media", "réseaux sociaux")
        XCTAssertEqual(match(p, "social-media")?.evidence.first?.quote, text)
        // Sorted by weight, then id.
        XCTAssertEqual(p.competencies.first?.id, "digital-tools")
        XCTAssertEqual(p.competencies.dropFirst().map(\.id), ["collective-intelligence", "facilitation", "social-media"])
    }

    func testCollegeBulletQuoteIsTrimmed() {
        let text = "La personne recrutée devra ainsi montrer :\n\n- une capacité de pilotage de projets dans toutes ses composantes ;\n- une forte capacité de synthèse et de rédaction ;\n- une appétence pour la traduction et la communication."
        let p = detector.detect(text)
        assertEvidence(text, p, "synthesis", "capacité de synthèse")
        assertEvidence(text, p, "writing", "rédaction")
        XCTAssertEqual(match(p, "synthesis")?.evidence.first?.quote, "une forte capacité de synthèse et de rédaction")
        assertEvidence(text, p, "project-management", "pilotage de projets")
        XCTAssertEqual(match(p, "project-management")?.evidence.first?.quote, "une capacité de pilotage de projets dans toutes ses composantes")
    }

    func testExekoAndRegionAndLiumSentences() {
        let exeko = "  • Coordonner la communauté de pratique des médiateurs/trices (CoPMed)"
        let p1 = detector.detect(exeko)
        assertEvidence(exeko, p1, "network-animation", "communauté de pratique")
        XCTAssertEqual(match(p1, "network-animation")?.evidence.first?.quote, "Coordonner la communauté de pratique des médiateurs/trices (CoPMed)")

        let region = "- Première expérience significative en matière de design de services et de politiques publiques"
        let p2 = detector.detect(region)
        assertEvidence(region, p2, "service-design", "design de services")

        let lium = "proposer et mettre en oeuvre des stratégies de mobilisation: événements collaboratifs, ateliers de travail, communications"
        let p3 = detector.detect(lium)
        assertEvidence(lium, p3, "community-mobilization", "stratégies de mobilisation")
        assertEvidence(lium, p3, "event-organization", "événements collaboratifs")

        let rouen = "Concevoir des stratégies et méthodologies de concertation et co-construction citoyenne adaptées aux projets"
        let p4 = detector.detect(rouen)
        assertEvidence(rouen, p4, "public-consultation", "concertation")
        assertEvidence(rouen, p4, "co-construction", "co-construction")
    }

    func testEnglishHitsSameIdsAsFrench() {
        let pairs: [(String, String)] = [
            ("Vous êtes à l'aise avec les outils de facilitation graphique, les outils d'intelligence collective, les outils numériques et les réseaux sociaux.",
             "You are comfortable with graphic facilitation, collective intelligence, digital tools and social media."),
            ("Expérience en médiation culturelle, en participation citoyenne et en gestion de projet.",
             "Experience in cultural mediation, citizen participation and project management."),
            ("Recherche de financement, rédaction de rapports et évaluation d'impact.",
             "Fundraising, report writing and impact assessment."),
            ("Design de services, prototypage et recherche utilisateur.",
             "Service design, prototyping and user research."),
        ]
        for (fr, en) in pairs {
            let a = ids(fr), b = ids(en)
            XCTAssertFalse(a.isEmpty, fr)
            XCTAssertEqual(a, b, "\(fr) / \(en)")
        }
        XCTAssertEqual(ids("Expérience en médiation culturelle, en participation citoyenne et en gestion de projet."),
                       ["cultural-mediation", "citizen-participation", "project-management"])
    }

    func testMixedLanguageText() {
        let text = "Chargée de projet. Skills: service design, facilitation graphique, public speaking."
        XCTAssertEqual(ids(text), ["project-management", "service-design", "facilitation", "public-speaking"])
    }

    func testCountWeightAndSentenceBoundaries() {
        let text = "Médiation culturelle au musée. Puis médiation culturelle en bibliothèque ; et médiation\nculturelle hors les murs."
        let p = detector.detect(text)
        guard let m = match(p, "cultural-mediation") else { return }
        // The third one is split by a newline: not a match.
        XCTAssertEqual(m.count, 2)
        XCTAssertEqual(m.evidence.count, 2)
        XCTAssertEqual(m.weight, 1 - exp(-1.0), accuracy: 1e-12)
        XCTAssertEqual(m.evidence.map(\.quote), ["Médiation culturelle au musée.", "Puis médiation culturelle en bibliothèque"])
        XCTAssertEqual(scalarSlice(text, m.evidence[1].start, m.evidence[1].end), "médiation culturelle")
        XCTAssertTrue(m.evidence[0].start < m.evidence[1].start)
        XCTAssertTrue(ids("La médiation. Culturelle, elle l'est.").isDisjoint(with: ["cultural-mediation"]))
    }

    func testWeightSaturates() {
        XCTAssertEqual(CompetencyDetector.weight(count: 0), 0)
        XCTAssertEqual(CompetencyDetector.weight(count: 1), 1 - exp(-0.5), accuracy: 1e-12)
        var last = 0.0
        for c in 1...30 {
            let w = CompetencyDetector.weight(count: c)
            XCTAssertGreaterThan(w, last); XCTAssertLessThan(w, 1.0001); last = w
        }
        XCTAssertGreaterThan(last, 0.99)
    }

    func testLongSentenceQuoteIsCapped() {
        let filler = String(repeating: "bla ", count: 120)
        let text = filler + "avec une expérience en médiation culturelle auprès des publics " + filler
        let p = detector.detect(text)
        guard let e = match(p, "cultural-mediation")?.evidence.first else { return }
        XCTAssertEqual(scalarSlice(text, e.start, e.end), "médiation culturelle")
        XCTAssertTrue(e.quote.hasPrefix("…") && e.quote.hasSuffix("…"), e.quote)
        XCTAssertLessThanOrEqual(e.quote.unicodeScalars.count, TextSpans.maxQuote + 2)
        XCTAssertGreaterThan(e.quote.unicodeScalars.count, 200)
        XCTAssertTrue(e.quote.contains("expérience en médiation culturelle auprès des publics"), e.quote)
        XCTAssertFalse(e.quote.contains("  "))
    }

    func testEveryFormFindsItsOwnCompetency() throws {
        let t = try loadTaxonomy()
        for c in t.competencies {
            for written in c.formsFR + c.formsEN {
                // `~form`: found by explanations only (detect(_:as:)), never by the plain detection of models.
                let (form, explanationOnly) = CompetencyDetector.unmarked(written)
                let text = "Compétence : \(form)."
                let p = explanationOnly ? detector.detect(text, as: .cv) : detector.detect(text)
                XCTAssertTrue(p.competencies.contains { $0.id == c.id }, "\(c.id): form \"\(form)\" not detected")
            }
        }
    }

    func testSeedPostingsFindCoreCompetencies() throws {
        let expectations: [(String, Set<String>)] = [
            ("seed-rouen-participation", ["citizen-participation", "public-consultation", "public-innovation", "collective-intelligence", "co-construction", "public-policy-design", "facilitation", "evaluation", "social-media", "digital-tools"]),
            ("seed-exeko-pratiques", ["network-animation", "action-research", "social-innovation", "community-mobilization", "inclusion-equity", "synthesis"]),
            ("seed-region-design", ["public-innovation", "prototyping", "collective-intelligence", "service-design", "design-thinking", "experimentation", "writing"]),
            ("seed-college-transitions", ["action-research", "social-innovation", "ecological-transition", "synthesis", "writing", "digital-tools", "social-media"]),
            ("seed-lium-mobilisation", ["urban-innovation", "community-mobilization", "stakeholder-mapping"]),
        ]
        for (name, expected) in expectations {
            let text = try seedPosting(name)
            let p = detector.detect(text)
            let found = Set(p.competencies.map(\.id))
            XCTAssertTrue(expected.isSubset(of: found), "\(name): missing \(expected.subtracting(found))")
            for m in p.competencies {
                XCTAssertEqual(m.count, m.evidence.count)
                for e in m.evidence {
                    XCTAssertTrue(0 <= e.start && e.start < e.end && e.end <= text.unicodeScalars.count)
                    XCTAssertFalse(e.quote.isEmpty)
                }
                // Evidence in text order, no overlap within one competency.
                for (a, b) in zip(m.evidence, m.evidence.dropFirst()) { XCTAssertLessThanOrEqual(a.end, b.start, m.id) }
            }
        }
    }

    func testNoCrashOnArbitraryText() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("aéèêàçœ' -.;!?\n\t•·/()«»’0123456789médiationculturelleFACILITATIONanglaiscourantC1 \u{301}\u{200D}👩‍💻🇫🇷")
        let fixed = ["", " ", "\n\n", ".", "…", "•", "é", "\u{301}", "anglais", "C1", "bilingue", "- ; -", String(repeating: "é", count: 5000)]
        for text in fixed { _ = detector.detect(text) }
        for _ in 0..<300 {
            let n = Int.random(in: 0..<200, using: &rng)
            let text = String((0..<n).map { _ in alphabet.randomElement(using: &rng)! })
            let p = detector.detect(text)
            let count = text.unicodeScalars.count
            for m in p.competencies { for e in m.evidence { XCTAssertTrue(0 <= e.start && e.start < e.end && e.end <= count, text) } }
            for s in p.languages { XCTAssertTrue(0 <= s.evidence.start && s.evidence.start <= s.evidence.end && s.evidence.end <= count, text) }
        }
    }
}
