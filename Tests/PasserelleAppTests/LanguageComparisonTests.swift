import XCTest
import Foundation
import Passerelle
import PasserelleApp
import PasserelleCore
import PasserelleTestSupport

/// `similar` compares two postings' language requirements; it does not lower a match by them as `rank`
/// lowers a CV's (issue 24: "`similar` reads a posting's requirements as a person's levels").
final class LanguageComparisonTests: XCTestCase {
    /// An English community-organiser posting of Montréal asking working French: its French twin (a CIUSSS
    /// community organiser, excellent French required) is a similar role, and used to be pushed down by
    /// × 0.55 (from 2nd to 3rd) as if the English posting were a person with French one level short.
    static let englishPosting = "en-community-organizer-montreal"
    static let frenchTwin = "qc-organisateur-communautaire-ciusss"

    func testSimilarKeepsTheCosineOrderAndNoLanguageFactor() throws {
        let service = try TestFixtures.indexedService
        let ruled = try service.similar(postingID: Self.englishPosting, options: QueryOptions(top: 10))
        let raw = try service.similar(postingID: Self.englishPosting, options: QueryOptions(top: 10, ignoreLanguageFit: true))
        XCTAssertEqual(ruled.matches.map(\.match.id), raw.matches.map(\.match.id), "similar ranks by similarity alone")
        for row in ruled.matches {
            XCTAssertEqual(row.languageFactor, 1, "\(row.match.id): no language factor between two postings")
            XCTAssertEqual(row.match.score, row.similarity, "\(row.match.id)")
        }
        let twin = try XCTUnwrap(ruled.matches.first { $0.match.id == Self.frenchTwin }, "the French twin is among the 10 most similar")
        let french = try XCTUnwrap(twin.explanation.languages.first { $0.language == "fr" }, "the twin asks for French")
        XCTAssertEqual(french.comparison, .higherHere, "the English posting asks working French, the twin more")
        XCTAssertEqual(ruled.matches.map(\.match.id).dropFirst().first, Self.frenchTwin, "second most similar, as the cosine says")
        let scores = ruled.matches.map(\.match.score)
        XCTAssertEqual(scores, scores.sorted(by: >))
    }

    func testReportsWordTheComparisonNotAPersonsFit() throws {
        let service = try TestFixtures.indexedService
        let query = try service.similar(postingID: Self.englishPosting, options: QueryOptions(top: 10))
        let report = try service.report(command: "similar", queries: [query])
        let table = try ReportRenderer.render(report, format: .table, style: .plain, width: 100)
        XCTAssertTrue(table.contains("fr higher here"), table)
        XCTAssertFalse(table.contains("fr unmet"), table)
        XCTAssertFalse(table.contains("(score = "), "no language factor to show: \(table)")
        let csv = try ReportRenderer.render(report, format: .csv, style: .plain, width: 100)
        XCTAssertTrue(csv.contains("fr higher here (required excellent, query posting intermediate)"), csv)
        let html = try ReportRenderer.render(report, format: .html, style: .plain, width: 100)
        XCTAssertTrue(html.contains("Query posting") || html.contains("Offre de départ"), "the HTML table's second column is the query posting's")
    }

    /// A CV is still ranked by the language rule: the comparison words are for two postings only.
    func testACVKeepsTheLanguageRuleAndItsWords() throws {
        let service = try TestFixtures.indexedService
        let cv = Document(id: "cv", title: "", text: "Community organizer, Montréal. Five years organizing tenants' associations and public meetings. Languages: English (native).")
        let result = try service.rank(cv: cv, file: nil, options: QueryOptions(top: 10))
        XCTAssertTrue(result.matches.contains { $0.languageFactor < 1 }, "a posting requiring French is lowered for an English-only CV")
        let report = try service.report(command: "rank", queries: [result])
        let table = try ReportRenderer.render(report, format: .table, style: .plain, width: 100)
        XCTAssertTrue(table.contains("fr unmet"), table)
        XCTAssertFalse(table.contains("only here"), table)
    }
}
