import XCTest
import TextAnalysis
@testable import Competencies

final class TaxonomyTests: XCTestCase {
    static let expectedIds = [
        "facilitation", "collective-intelligence", "service-design", "design-thinking", "ux-research", "prototyping",
        "public-policy-design", "cultural-mediation", "intellectual-mediation", "social-mediation", "conflict-resolution",
        "citizen-participation", "public-consultation", "co-construction", "community-mobilization", "popular-education",
        "stakeholder-mapping", "project-management", "partnership-building", "network-animation", "communication-strategy",
        "social-media", "writing", "public-speaking", "event-organization", "research", "action-research", "evaluation",
        "data-analysis", "knowledge-transfer", "training", "coaching", "synthesis", "budgeting", "fundraising",
        "digital-tools", "public-innovation", "social-innovation", "urban-innovation", "experimentation",
        "ecological-transition", "inclusion-equity", "team-care", "change-management", "advocacy", "autonomy",
        "teamwork", "leadership",
    ]

    let header = "id\tfamily\tlabel_fr\tlabel_en\tdefinition\tforms_fr\tforms_en"

    func testRealTaxonomyLoads() throws {
        let t = try Taxonomy.load(path: taxonomyPath)
        XCTAssertGreaterThanOrEqual(t.competencies.count, 40)
        XCTAssertEqual(t.competencies.map(\.id), Self.expectedIds)
        for c in t.competencies {
            XCTAssertGreaterThanOrEqual(c.formsFR.count, 5, c.id)
            XCTAssertGreaterThanOrEqual(c.formsEN.count, 5, c.id)
            XCTAssertFalse(c.labelFR.isEmpty, c.id)
            XCTAssertFalse(c.labelEN.isEmpty, c.id)
            XCTAssertFalse(c.definition.isEmpty, c.id)
            XCTAssertTrue(Taxonomy.families.contains(c.family), c.id)
            for f in c.formsFR + c.formsEN {
                XCTAssertEqual(f, f.trimmingCharacters(in: .whitespaces), c.id)
                XCTAssertFalse(f.contains("|") || f.contains("\t"), c.id)
            }
        }
        XCTAssertEqual(t.competency(id: "facilitation")?.family, "facilitation")
        XCTAssertEqual(t.label(id: "cultural-mediation", language: .fr), "Médiation culturelle")
        XCTAssertEqual(t.label(id: "cultural-mediation", language: .en), "Cultural mediation")
        XCTAssertEqual(t.label(id: "fundraising", language: .fr), "Recherche de financement")
        XCTAssertEqual(t.label(id: "no-such-id", language: .fr), "no-such-id")
        XCTAssertNil(t.competency(id: "no-such-id"))
    }

    func testParsesCommentsBlankLinesAndCRLF() throws {
        let text = "# comment\n\n\(header)\r\n# another\n" +
            "facilitation\tfacilitation\tFacilitation\tFacilitation\tDef.\tfacilitation | animer des ateliers\tfacilitation | lead workshops\r\n\n" +
            "teamwork\tgeneric\tTravail d'équipe\tTeamwork\tDef.\ttravail d'équipe |  esprit d'équipe \tteamwork\n"
        let t = try Taxonomy(parsing: text, source: "mem.tsv")
        XCTAssertEqual(t.competencies.map(\.id), ["facilitation", "teamwork"])
        XCTAssertEqual(t.competency(id: "facilitation")?.formsFR, ["facilitation", "animer des ateliers"])
        XCTAssertEqual(t.competency(id: "facilitation")?.formsEN, ["facilitation", "lead workshops"])
        XCTAssertEqual(t.competency(id: "teamwork")?.formsFR, ["travail d'équipe", "esprit d'équipe"])
        XCTAssertEqual(t.label(id: "teamwork", language: .other), "Teamwork")
    }

    private func assertError(_ text: String, line: Int, _ check: (TaxonomyError.Kind) -> Bool,
                             file: StaticString = #filePath, lineNo: UInt = #line) {
        do {
            _ = try Taxonomy(parsing: text, source: "bad.tsv")
            XCTFail("expected an error", file: file, line: lineNo)
        } catch let e as TaxonomyError {
            XCTAssertEqual(e.line, line, "\(e)", file: file, line: lineNo)
            XCTAssertEqual(e.source, "bad.tsv", file: file, line: lineNo)
            XCTAssertTrue(check(e.kind), "\(e)", file: file, line: lineNo)
            XCTAssertTrue(e.description.hasPrefix(line > 0 ? "bad.tsv:\(line):" : "bad.tsv:"), e.description, file: file, line: lineNo)
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: lineNo)
        }
    }

    func row(_ id: String, family: String = "generic", fr: String = "a | b", en: String = "c | d") -> String {
        "\(id)\t\(family)\tL\tL\tDef\t\(fr)\t\(en)"
    }

    func testDuplicateIdNamesLine() {
        assertError("# c\n\(header)\n\(row("x"))\n\n\(row("x"))\n", line: 5) {
            if case .duplicateId("x", firstLine: 3) = $0 { return true } else { return false }
        }
    }

    func testWrongColumnCountNamesLine() {
        assertError("\(header)\n\(row("x"))\ny\tgeneric\tL\tL\tDef\ta | b\n", line: 3) {
            $0 == .wrongColumnCount(expected: 7, found: 6)
        }
        assertError("\(header)\n\(row("x"))\t extra\n", line: 2) { $0 == .wrongColumnCount(expected: 7, found: 8) }
    }

    func testEmptyFormsNamesLine() {
        assertError("\(header)\n\(row("x"))\n\(row("y", fr: ""))\n", line: 3) { $0 == .emptyForms("forms_fr") }
        assertError("\(header)\n\(row("y", en: "  "))\n", line: 2) { $0 == .emptyForms("forms_en") }
        assertError("\(header)\n\(row("y", fr: "a |  | b"))\n", line: 2) { $0 == .emptyForm("forms_fr") }
    }

    func testUnknownFamilyNamesLine() {
        assertError("\(header)\n\n\(row("x", family: "desing"))\n", line: 3) { $0 == .unknownFamily("desing") }
    }

    func testInvalidIdAndEmptyLabel() {
        assertError("\(header)\n\(row("Bad Id"))\n", line: 2) { $0 == .invalidId("Bad Id") }
        assertError("\(header)\nx\tgeneric\t\tL\tDef\ta\tb\n", line: 2) { $0 == .emptyField("label_fr") }
    }

    func testHeaderErrors() {
        assertError("\(row("x"))\n", line: 1) { $0 == .missingHeader }
        assertError("id\tfamily\tlabel\n\(row("x"))\n", line: 1) {
            if case .badHeader = $0 { return true } else { return false }
        }
        assertError("# only comments\n\n", line: 0) { $0 == .missingHeader }
        assertError("\(header)\n# nothing\n", line: 0) { $0 == .noCompetencies }
    }

    func testLoadMissingFileNamesPath() {
        XCTAssertThrowsError(try Taxonomy.load(path: "/nonexistent/competencies.tsv")) { e in
            XCTAssertTrue("\(e)".contains("/nonexistent/competencies.tsv"), "\(e)")
        }
    }
}
