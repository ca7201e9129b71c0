import Foundation
import XCTest
import Passerelle
@testable import PasserelleCLI
@testable import PasserelleApp
import PasserelleTestSupport

/// The report renderers, in process, on a real model of Data/postings and a real CV; `--out` end to end.
final class ReportTests: XCTestCase {
    nonisolated(unsafe) static var modelPath = ""
    nonisolated(unsafe) static var loaded: ModelProvider.Loaded?
    static let cvPath = "Data/candidates/cv-fr-mediation.txt"

    /// One model for the class, built by the binary (as users do) and loaded in process.
    override class func setUp() {
        super.setUp()
        modelPath = CLI.shippedModelPath
        loaded = try? ModelProvider.load(path: modelPath)
    }

    /// The `rank` report for the CV, as the command builds it.
    func rankReport(top: Int = 5, map: Bool = true) throws -> Report {
        let loaded = try XCTUnwrap(Self.loaded)
        let url = CLI.packageRoot.appendingPathComponent(Self.cvPath)
        let document = try QueryDocument.read(url.path, maxFileSize: 1 << 20)
        let q = try MatchService(loaded: loaded).rank(cv: document, file: Self.cvPath, options: QueryOptions(top: top, ignoreLanguageFit: true))
        return try Report.build(command: "rank", loaded: loaded, queries: [q])
    }

    // MARK: JSON and JSON Lines

    func testJSONIsExactlyTheCommandsDocumentedOutput() throws {
        let report = try rankReport()
        let text = try ReportRenderer.render(report, format: .json)
        let object = try CLI.json(text)
        XCTAssertEqual(Set(object.keys), ["query", "model", "matches"])
        let matches = try XCTUnwrap(object["matches"] as? [[String: Any]])
        XCTAssertEqual(matches.count, 5)
        XCTAssertEqual(matches.compactMap { $0["rank"] as? Int }, [1, 2, 3, 4, 5])
        // The binary prints the same bytes (same model, same CV), so the JSON shape is unchanged.
        let cli = try CLI.run(["rank", "--cv", Self.cvPath, "--model", Self.modelPath, "--format", "json", "--top", "5"])
        XCTAssertEqual(cli.status, 0, cli.stderr)
        var expected = try CLI.json(cli.stdout)
        var got = object
        // The model path is printed as given; both name the same file.
        expected["model"] = nil; got["model"] = nil
        XCTAssertEqual(NSDictionary(dictionary: got), NSDictionary(dictionary: expected))
    }

    func testJSONOfSeveralQueriesListsEachWithItsMatches() throws {
        var report = try rankReport(top: 3, map: false)
        var second = report.queries[0]
        second.id = "other"
        second.matches = Array(second.matches.prefix(2))
        report.queries.append(second)
        let object = try CLI.json(try ReportRenderer.render(report, format: .json))
        let results = try XCTUnwrap(object["results"] as? [[String: Any]])
        XCTAssertEqual(results.map { ($0["matches"] as? [Any])?.count ?? -1 }, [3, 2])
        XCTAssertNotNil(object["model"] as? [String: Any])
    }

    func testJSONLinesHaveOneParsableLinePerMatchWithTheQueryID() throws {
        let report = try rankReport()
        let text = try ReportRenderer.render(report, format: .jsonl)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 5)
        for (i, line) in lines.enumerated() {
            let row = try CLI.json(String(line))
            XCTAssertEqual(row["query"] as? String, "cv-fr-mediation")
            XCTAssertEqual(row["rank"] as? Int, i + 1)
            XCTAssertEqual(row["id"] as? String, report.queries[0].matches[i].match.id)
            XCTAssertNotNil(row["competencies"] as? [String: Any])
            XCTAssertNotNil(row["terms"] as? [[String: Any]])
        }
    }

    // MARK: CSV

    func testCSVParsesBackWithTheDocumentedColumns() throws {
        let report = try rankReport(top: 10, map: false)
        let text = try ReportRenderer.render(report, format: .csv)
        let rows = try parseCSV(text)
        XCTAssertEqual(rows.first, ["query", "rank", "id", "title", "score", "shared_competencies", "missing_competencies", "language_fit",
                                    "fit", "similarity", "language_factor", "warning", "organization", "location",
                                    "contract", "date", "salary", "url"])
        XCTAssertEqual(rows.count, 11)
        XCTAssertTrue(rows.dropFirst().contains { $0.count == 18 && !$0[13].isEmpty }, "the shipped postings say where they are")
        for (i, row) in rows.dropFirst().enumerated() {
            XCTAssertEqual(row.count, 18, "row \(i + 1): \(row)")
            let m = report.queries[0].matches[i]
            XCTAssertEqual(row[0], "cv-fr-mediation")
            XCTAssertEqual(Int(row[1]), i + 1)
            XCTAssertEqual(row[2], m.match.id)
            XCTAssertEqual(row[3], m.match.title)
            XCTAssertEqual(try XCTUnwrap(Double(row[4])), Double(m.match.score), accuracy: 1e-5)
            XCTAssertEqual(row[5].isEmpty ? [] : row[5].components(separatedBy: "; "), m.explanation.shared.map(\.label))
            XCTAssertEqual(row[6].isEmpty ? [] : row[6].components(separatedBy: "; "), m.explanation.missing.map(\.label))
            XCTAssertEqual(row[7].isEmpty ? 0 : row[7].components(separatedBy: "; ").count, m.explanation.languages.count)
            XCTAssertEqual(row[12], m.json.metadata?["organization"] ?? "")
            XCTAssertEqual(row[13], m.json.metadata?["location"] ?? "")
            XCTAssertEqual(row[8], m.fit.rawValue)
            XCTAssertEqual(try XCTUnwrap(Double(row[9])), Double(m.similarity), accuracy: 1e-5)
        }
        // Titles with commas came back whole, so they were quoted.
        XCTAssertTrue(rows.dropFirst().contains { $0[3].contains(",") }, "no title with a comma in the top 10; the quoting went untested")
    }

    func testCSVFieldsQuoteCommasQuotesAndLineBreaks() throws {
        XCTAssertEqual(CSVReport.field("plain"), "plain")
        XCTAssertEqual(CSVReport.field("a, b"), "\"a, b\"")
        XCTAssertEqual(CSVReport.field("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSVReport.field("two\nlines"), "\"two\nlines\"")
        XCTAssertEqual(try parseCSV("x,y\r\n\"a, \"\"b\"\"\",\"c\nd\"\r\n"), [["x", "y"], ["a, \"b\"", "c\nd"]])
    }

    // MARK: Markdown

    func testMarkdownTableHasOneRowPerMatchAndEscapesPipes() throws {
        var report = try rankReport(top: 7, map: false)
        report.queries[0].matches[0].match.title = "Pipes | and *stars* <b>"
        let text = try ReportRenderer.render(report, format: .markdown)
        let tableLines = text.split(separator: "\n").filter { $0.hasPrefix("|") }.map(String.init)
        XCTAssertEqual(tableLines.count, 2 + 7)   // header, separator, one row per match
        let columns = unescapedPipes(tableLines[0])
        XCTAssertEqual(columns, 8)   // #, score, fit, posting, id, shared, missing, language fit
        for line in tableLines { XCTAssertEqual(unescapedPipes(line), columns, line) }
        XCTAssertTrue(tableLines[2].contains("Pipes \\| and \\*stars\\* \\<b\\>"), tableLines[2])
        XCTAssertEqual(text.components(separatedBy: "\n### ").count - 1, 7)   // one details section per match
        XCTAssertEqual(MarkdownReport.escape("a|b\nc"), "a\\|b c")
    }

    // MARK: HTML

    func testHTMLIsSelfContainedBalancedAndHoldsBothFigures() throws {
        let report = try rankReport(top: 10)
        let html = try ReportRenderer.render(report, format: .html)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        for tag in ["html", "head", "body", "main", "header", "footer", "section", "table", "thead", "tbody", "tr", "svg", "details", "figure", "style"] {
            XCTAssertEqual(count("<\(tag)[ >]", in: html), count("</\(tag)>", in: html), "<\(tag)> not balanced")
        }
        XCTAssertEqual(count("<svg class=\"heatmap\"", in: html), 1)
        XCTAssertEqual(count("<table class=\"scorechart", in: html), 1)
        XCTAssertEqual(count("<details open ", in: html), 10)
        // No resource from elsewhere: no script, no stylesheet link, no remote URL in an attribute or in CSS.
        for banned in ["<script", "<link", "<iframe", "<img", "<object", "<embed", "@import", "src=", "url(http", "url(//"] {
            XCTAssertFalse(html.contains(banned), "the report holds \(banned)")
        }
        // A URL may be quoted from a posting (as escaped text); inside a tag — an attribute — there is none.
        let tags = try NSRegularExpression(pattern: "<[^>]*>").matches(in: html, range: NSRange(html.startIndex..., in: html))
        XCTAssertGreaterThan(tags.count, 100)
        for t in tags {
            let tag = String(html[Range(t.range, in: html)!])
            XCTAssertFalse(tag.contains("http:") || tag.contains("https:") || tag.contains("//"), tag)
        }
        // The score chart has one row per match; the heat map one column per text (the CV and the ten matches).
        XCTAssertEqual(count("<td class=\"chart\">", in: html), 10)
        XCTAssertEqual(count("<text class=\"colhead", in: html), 11)
        // Every shared competency is shown with both quotes, the matched words in <mark> (issue 14): the
        // quote is the text of the marked form once the two tags are taken out.
        let shared = report.queries[0].matches[0].explanation.shared
        XCTAssertFalse(shared.isEmpty)
        for s in shared {
            for e in [s.queryEvidence, s.postingEvidence] {
                let marked = HTMLReport.marked(e)
                XCTAssertTrue(html.contains(marked), s.label)
                XCTAssertTrue(marked.contains("<mark>"), s.label)
                XCTAssertEqual(marked.replacingOccurrences(of: "<mark>", with: "").replacingOccurrences(of: "</mark>", with: ""), h(e.quote), s.label)
            }
        }
    }

    func testHTMLEscapesDocumentText() throws {
        var report = try rankReport(top: 3)
        report.queries[0].matches[0].match.title = "<script>alert(\"x\")</script> & 'q'"
        let html = try ReportRenderer.render(report, format: .html)
        XCTAssertFalse(html.contains("<script"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"))
        XCTAssertEqual(h("<&>\"'"), "&lt;&amp;&gt;&quot;&#39;")
    }

    /// A batch renders several queries with the same renderers: one heat-map row per candidate, each
    /// candidate on the map, every match of every candidate in JSONL and CSV under its query id.
    func testSeveralQueriesRenderInEveryFormat() throws {
        let loaded = try XCTUnwrap(Self.loaded)
        let service = MatchService(loaded: loaded)
        var queries = [ReportQuery]()
        for name in ["cv-fr-mediation", "cv-en-design", "cv-fr-participation"] {
            let document = try QueryDocument.read(CLI.packageRoot.appendingPathComponent("Data/candidates/\(name).txt").path, maxFileSize: 1 << 20)
            var query = try service.rank(cv: document, file: name, options: QueryOptions(top: 3, ignoreLanguageFit: true))
            query.id = document.id
            queries.append(query)
        }
        let report = try Report.build(command: "batch", loaded: loaded, queries: queries)
        let html = try ReportRenderer.render(report, format: .html)
        XCTAssertEqual(count("<text class=\"colhead\"", in: html), 3)              // heat map: competencies × candidates
        XCTAssertEqual(count("<table class=\"scorechart", in: html), 3)            // each candidate's score chart
        XCTAssertEqual(count("<details open ", in: html), 9)
        let lines = try ReportRenderer.render(report, format: .jsonl).split(separator: "\n").map { try CLI.json(String($0)) }
        XCTAssertEqual(lines.compactMap { $0["query"] as? String }, ["cv-fr-mediation", "cv-en-design", "cv-fr-participation"].flatMap { Array(repeating: $0, count: 3) })
        XCTAssertEqual(try parseCSV(try ReportRenderer.render(report, format: .csv)).dropFirst().map { $0[0] },
                       lines.compactMap { $0["query"] as? String })
        let table = try ReportRenderer.render(report, format: .table, width: 100)
        for q in queries { XCTAssertTrue(table.contains(q.id), q.id) }
        XCTAssertEqual(try CLI.json(try ReportRenderer.render(report, format: .json))["results"].flatMap { $0 as? [Any] }?.count, 3)
        XCTAssertEqual(try ReportRenderer.render(report, format: .markdown).components(separatedBy: "\n## ").count - 1, 3)
        if let dir = ProcessInfo.processInfo.environment["PASSERELLE_REPORT_SAMPLES"] {   // to look at by hand
            try html.write(toFile: dir + "/batch-sample.html", atomically: true, encoding: .utf8)
        }
    }

    /// The binary dates its HTML pages (today, or SOURCE_DATE_EPOCH's day), and `batch --format html`
    /// writes the shortlist page; the options it cannot honour are refused with the reason.
    func testHTMLThroughTheBinaryIsDatedAndBatchWritesTheShortlist() throws {
        let epoch = ["SOURCE_DATE_EPOCH": "1764460800"]   // 2025-11-30
        let rank = try CLI.run(["rank", "--cv", Self.cvPath, "--model", Self.modelPath, "--format", "html", "--top", "3"], environment: epoch)
        XCTAssertEqual(rank.status, 0, rank.stderr)
        XCTAssertTrue(rank.stdout.contains("<time datetime=\"2025-11-30\">Rapport du 2025-11-30</time>"))
        let today = try CLI.run(["similar", "seed-region-design", "--model", Self.modelPath, "--format", "html", "--top", "3"])
        XCTAssertTrue(today.stdout.contains("<time datetime=\"\(ReportDate.today(environment: [:]))\">") || today.stdout.contains("<time datetime=\"\(ReportDate.day(Date()))\">"))
        // Other formats carry no date (their bytes are unchanged).
        let json = try CLI.run(["rank", "--cv", Self.cvPath, "--model", Self.modelPath, "--format", "json", "--top", "3"], environment: epoch)
        XCTAssertFalse(json.stdout.contains("2025-11-30"))

        let dir = CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("shortlist.html").path
        let batch = try CLI.run(["batch", "--candidates", "Data/candidates", "--model", Self.modelPath, "--top", "3", "--format", "html",
                                 "--out", file, "--quiet"], environment: epoch)
        XCTAssertEqual(batch.status, 0, batch.stderr)
        let page = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertTrue(page.hasPrefix("<!DOCTYPE html>") && page.hasSuffix("</html>\n"))
        XCTAssertTrue(page.contains("<time datetime=\"2025-11-30\">"))
        XCTAssertEqual(count("<section class=\"card posting\"", in: page), 53)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["shortlist.html"])   // no checkpoint left
        for (arguments, reason) in [(["--resume", "--out", file], "resume"), (["--explain"], "explain"), (["--shard", "1/2"], "shard"),
                                    (["--top", "100"], "--where")] {
            let r = try CLI.run(["batch", "--candidates", "Data/candidates", "--model", Self.modelPath, "--format", "html", "--quiet"] + arguments)
            XCTAssertNotEqual(r.status, 0, "\(arguments)")
            XCTAssertTrue(r.stderr.contains(reason), "\(arguments): \(r.stderr)")
        }
        let merge = try CLI.run(["merge", file, "--format", "html"])
        XCTAssertNotEqual(merge.status, 0)
        XCTAssertTrue(merge.stderr.contains("merge writes jsonl, csv or json"), merge.stderr)
    }

    // MARK: Table and colour

    func testColourOnlyOnATerminalWithoutNO_COLOR() {
        XCTAssertTrue(TerminalStyle(environment: [:], isTerminal: true).enabled)
        XCTAssertFalse(TerminalStyle(environment: [:], isTerminal: false).enabled)
        XCTAssertFalse(TerminalStyle(environment: ["NO_COLOR": "1"], isTerminal: true).enabled)
        XCTAssertTrue(TerminalStyle(environment: ["NO_COLOR": ""], isTerminal: true).enabled)   // no-color.org: set and non-empty
    }

    func testTableIsColouredOnlyWhenEnabledAndWrapsToTheWidth() throws {
        let report = try rankReport(top: 5, map: false)
        for width in [50, 80, 140] {
            let plain = try ReportRenderer.render(report, format: .table, style: .plain, width: width)
            let coloured = try ReportRenderer.render(report, format: .table, style: TerminalStyle(enabled: true), width: width)
            XCTAssertFalse(plain.contains("\u{1B}["))
            XCTAssertTrue(coloured.contains("\u{1B}["))
            XCTAssertEqual(TerminalStyle.stripped(coloured), plain, "colour changed the text at width \(width)")
            for line in plain.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, width, String(line)) }
            // Every match is there, and nothing was cut from the reasons: all shared labels of the top three show.
            let first = report.queries[0].matches[0]
            for label in first.explanation.shared.prefix(3).map(\.label) where label.count < width - 20 {
                XCTAssertTrue(plain.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: #" +"#, with: " ", options: .regularExpression).contains(label),
                              "\(label) missing at width \(width)")
            }
            XCTAssertEqual(plain.split(separator: "\n").filter { $0.range(of: #"^ ?\d+  "#, options: .regularExpression) != nil }.count, 5)
        }
        let narrow = try ReportRenderer.render(report, format: .table, style: .plain, width: 50)
        let wide = try ReportRenderer.render(report, format: .table, style: .plain, width: 140)
        XCTAssertGreaterThan(narrow.split(separator: "\n").count, wide.split(separator: "\n").count, "nothing wrapped at 50 columns")
    }

    // MARK: --out

    func testOutWritesTheReportToAFileAtomically() throws {
        let dir = CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("report.md").path
        let toFile = try CLI.run(["rank", "--cv", Self.cvPath, "--model", Self.modelPath, "--format", "markdown", "--top", "4", "--out", file])
        XCTAssertEqual(toFile.status, 0, toFile.stderr)
        XCTAssertEqual(toFile.stdout, "")
        let toStdout = try CLI.run(["rank", "--cv", Self.cvPath, "--model", Self.modelPath, "--format", "markdown", "--top", "4"])
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), toStdout.stdout)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["report.md"])   // no temporary file left
        // Overwrites an existing file; a missing folder is a clear error.
        let html = try CLI.run(["similar", "seed-region-design", "--model", Self.modelPath, "--format", "html", "--top", "3", "--out", file])
        XCTAssertEqual(html.status, 0, html.stderr)
        XCTAssertTrue(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        // CSV through --out and through stdout: the header and one row per match, no empty last row.
        let csvFile = dir.appendingPathComponent("report.csv").path
        let csv = try CLI.run(["rank", "--cv", Self.cvPath, "--model", Self.modelPath, "--format", "csv", "--top", "4", "--out", csvFile])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        XCTAssertEqual(try parseCSV(try String(contentsOfFile: csvFile, encoding: .utf8)).count, 5)
        let csvOut = try CLI.run(["rank", "--cv", Self.cvPath, "--model", Self.modelPath, "--format", "csv", "--top", "4"])
        XCTAssertEqual(try parseCSV(csvOut.stdout).count, 5)
        let bad = try CLI.run(["rank", "--cv", Self.cvPath, "--model", Self.modelPath, "--format", "csv", "--out", dir.path + "/no/such/x.csv"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("does not exist"), bad.stderr)
    }

    // MARK: helpers

    func count(_ pattern: String, in text: String) -> Int {
        (try? NSRegularExpression(pattern: pattern)).map { $0.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text)) } ?? 0
    }

    func unescapedPipes(_ line: String) -> Int {
        var n = 0, escaped = false
        for ch in line {
            if escaped { escaped = false; continue }
            if ch == "\\" { escaped = true } else if ch == "|" { n += 1 }
        }
        return n - 1   // "| a | b |" has columns + 1 pipes
    }

    /// A strict RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF).
    func parseCSV(_ text: String) throws -> [[String]] {
        var rows = [[String]](), row = [String](), field = "", quoted = false, wasQuoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.append(c) }
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty else { throw NSError(domain: "csv", code: 1, userInfo: [NSLocalizedDescriptionKey: "quote inside an unquoted field"]) }
                quoted = true; wasQuoted = true
            case ",": row.append(field); field = ""; wasQuoted = false
            case "\r\n", "\n": row.append(field); rows.append(row); row = []; field = ""; wasQuoted = false
            default:
                if wasQuoted { throw NSError(domain: "csv", code: 2, userInfo: [NSLocalizedDescriptionKey: "text after a closing quote"]) }
                field.append(c)
            }
        }
        if quoted { throw NSError(domain: "csv", code: 3, userInfo: [NSLocalizedDescriptionKey: "unterminated quote"]) }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
