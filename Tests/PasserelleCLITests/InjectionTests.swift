import Foundation
import XCTest
import PasserelleTestSupport

/// Issue 11, injection: titles and ids with ANSI escapes, OSC title sequences, other control characters,
/// NUL and line breaks must not reach the terminal raw (tables, `info --ids`, Markdown, CSV), and CSV text
/// cells must not start a formula. JSON keeps its own escaping (the exact titles), checked here too.
final class InjectionTests: XCTestCase {
    nonisolated(unsafe) static var dir = URL(fileURLWithPath: "/")
    nonisolated(unsafe) static var model = ""
    nonisolated(unsafe) static var cv = ""
    static let text = "Médiation culturelle, ateliers avec les publics du musée, visites guidées et projets participatifs avec les écoles."
    /// Hostile titles and ids, each with a harmless word to find it by.
    static let postings: [(id: String, title: String)] = [
        ("clear\u{1B}[2J", "Clear \u{1B}[2J\u{1B}[H screen"),
        ("osc", "Retitle \u{1B}]0;pwned\u{07} window"),
        ("rows\nsplit", "Row one\n| fake | row |\r\nnext"),
        ("nul", "Nul\u{0}byte and C1\u{9B}31m and bidi\u{202E}txet"),
        ("=cmd|' /C calc'!A0", "=HYPERLINK(\"http://evil\",\"clic\")"),
    ]

    override class func setUp() {
        super.setUp()
        dir = CLI.temporaryDirectory()
        let lines = postings.enumerated().map { i, p -> String in
            let object = ["id": p.id, "title": p.title, "text": text + " Poste \(i)."]
            return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
        let corpus = dir.appendingPathComponent("hostile.jsonl").path
        try! (lines.joined(separator: "\n") + "\n").write(toFile: corpus, atomically: true, encoding: .utf8)
        model = dir.appendingPathComponent("hostile.plm").path
        let r = try! CLI.run(["index", corpus, "--out", model, "--dims", "2"])
        precondition(r.status == 0, r.stderr)
        cv = dir.appendingPathComponent("cv.txt").path
        try! text.write(toFile: cv, atomically: true, encoding: .utf8)
    }

    /// No C0 control but LF (and CR in CSV line ends), no DEL, no C1, no bidi override.
    func assertNoRawControls(_ output: String, allowCR: Bool = false, _ context: String, file: StaticString = #filePath, line: UInt = #line) {
        let bad = output.unicodeScalars.filter { u in
            let v = u.value
            if v == 0x0A || (allowCR && v == 0x0D) { return false }
            return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
        }
        XCTAssertTrue(bad.isEmpty, "\(context): raw control characters \(bad.map { String(format: "U+%04X", $0.value) })", file: file, line: line)
    }

    func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let r = try CLI.run(arguments)
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        return r.stdout
    }

    func testRankAndSimilarTablesShowControlCharactersAsVisibleText() throws {
        let table = try run(["rank", "--cv", Self.cv, "--model", Self.model, "--top", "5"])
        assertNoRawControls(table, "rank table")
        XCTAssertTrue(table.contains("␛[2J"), table)
        XCTAssertTrue(table.contains("␛]0;pwned␇"), table)
        XCTAssertFalse(table.split(separator: "\n").contains { $0.hasPrefix("| fake") }, "a line break in a title does not start a row")
        let similar = try run(["similar", "osc", "--model", Self.model, "--top", "4"])
        assertNoRawControls(similar, "similar table")
        XCTAssertTrue(similar.contains("Clear ␛[2J␛[H screen"), similar)
    }

    func testInfoIDsListsOnePostingPerLineWithoutControls() throws {
        let info = try run(["info", "--ids", "--model", Self.model])
        // Tabs separate id and title by design; every other control is shown.
        assertNoRawControls(info.replacingOccurrences(of: "\t", with: " "), "info --ids")
        let listed = info.components(separatedBy: "\n\n").last ?? ""
        XCTAssertEqual(listed.split(separator: "\n").count, Self.postings.count, listed)
        XCTAssertTrue(listed.contains("rows split\tRow one | fake | row | next"), listed)
    }

    func testMarkdownEscapesPipesAndShowsControls() throws {
        let markdown = try run(["rank", "--cv", Self.cv, "--model", Self.model, "--top", "5", "--format", "markdown"])
        assertNoRawControls(markdown, "markdown")
        XCTAssertTrue(markdown.contains("Row one \\| fake \\| row \\| next"), markdown)
        let tableRows = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| #") }
        XCTAssertEqual(tableRows.count, Self.postings.count, "one table row per match")
    }

    func testCSVNeutralisesFormulasKeepsScoresNumericAndShowsControls() throws {
        let csv = try run(["rank", "--cv", Self.cv, "--model", Self.model, "--top", "5", "--format", "csv"])
        assertNoRawControls(csv, allowCR: true, "csv")
        XCTAssertTrue(csv.contains(",'=cmd|' /C calc'!A0,\"'=HYPERLINK(\"\"http://evil\"\",\"\"clic\"\")\","), csv)
        XCTAssertTrue(csv.contains("␛[2J"), csv)
    }

    func testJSONStillCarriesTheExactTitlesEscaped() throws {
        let json = try CLI.json(try run(["rank", "--cv", Self.cv, "--model", Self.model, "--top", "5", "--format", "json"]))
        let titles = Set(try XCTUnwrap(json["matches"] as? [[String: Any]]).compactMap { $0["title"] as? String })
        XCTAssertEqual(titles, Set(Self.postings.map(\.title)), "JSON keeps the exact titles, escaped")
    }
}
