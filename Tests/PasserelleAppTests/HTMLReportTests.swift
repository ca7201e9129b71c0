import Foundation
import XCTest
import DocumentReaders
import Passerelle
import Competencies
@testable import PasserelleApp
import PasserelleTestSupport
import PasserelleCore

/// The model of the shipped postings fitted once per test process (HTML, shortlist, batch run), and its CVs.
enum ShippedModel {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped postings fitted once per test process (`TestFixtures.fittedModel`, shared with the other targets).
    static func loaded() throws -> ModelProvider.Loaded { try TestFixtures.fittedModel }

    static func cv(_ name: String) throws -> Document {
        try QueryDocument.read(root.appendingPathComponent("Data/candidates/\(name).txt").path)
    }

    /// The `rank` report of a shipped CV, dated.
    static func rankReport(_ name: String, top: Int = 10, date: String? = "2026-11-29") throws -> Report {
        let service = MatchService(loaded: try loaded())
        let q = try service.rank(cv: try cv(name), file: "Data/candidates/\(name).txt", options: QueryOptions(top: top))
        var report = try service.report(command: "rank", queries: [q])
        report.generated = date
        return report
    }
}

func occurrences(_ pattern: String, in text: String) -> Int {
    (try? NSRegularExpression(pattern: pattern)).map { $0.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text)) } ?? 0
}

func captures(_ pattern: String, in text: String) -> [[String]] {
    guard let re = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return [] }
    return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { m in
        (1 ..< m.numberOfRanges).map { Range(m.range(at: $0), in: text).map { String(text[$0]) } ?? "" }
    }
}

final class HTMLReportTests: XCTestCase {
    // MARK: Language and date

    func testAFrenchCVGetsAFrenchPageDatedByTheGivenDay() throws {
        let report = try ShippedModel.rankReport("cv-fr-mediation")
        XCTAssertEqual(report.displayLanguage, .fr)
        let html = HTMLReport.render(report)
        XCTAssertTrue(html.contains("<html lang=\"fr\">"))
        XCTAssertTrue(html.contains("<time datetime=\"2026-11-29\">Rapport du 2026-11-29</time>"))
        for french in ["Offres classées", "Compétences communes", "Compétences manquantes", "Langues", "Pourquoi ces offres",
                       "Exigences linguistiques", "Termes qui portent le score", "Ce qui fait le score"] {
            XCTAssertTrue(html.contains(french), french)
        }
        for english in ["Ranked matches", "Shared competencies", "Missing competencies", "Why these matches", "Language fit", "Top terms",
                        "Model:", ">strong<", ">weak<", ">met<", ">unmet<", "(desirable)", "not found"] {
            XCTAssertFalse(html.contains(english), english)
        }
        // Every fit label and language fit is written in French, whatever the match.
        let labels = Set(captures("<span class=\"label [a-z]+\">([^<]*)</span>", in: html).map { $0[0] })
        XCTAssertFalse(labels.isEmpty)
        XCTAssertTrue(labels.isSubset(of: ["fort", "possible", "faible"]), "\(labels)")
        let fits = Set(captures("<span class=\"fit [a-z]+\">([^<]*)</span>", in: html).map { $0[0] })
        XCTAssertFalse(fits.isEmpty)
        for f in fits { XCTAssertTrue(f.hasSuffix("atteint") || f.hasSuffix("en partie"), f) }
        // Rendering is a function of the report: the same bytes twice; no date given, none shown.
        XCTAssertEqual(HTMLReport.render(report), html)
        var undated = report
        undated.generated = nil
        XCTAssertFalse(HTMLReport.render(undated).contains("<time"))
    }

    func testAnEnglishCVGetsAnEnglishPage() throws {
        let report = try ShippedModel.rankReport("cv-en-design")
        XCTAssertEqual(report.displayLanguage, .en)
        let html = HTMLReport.render(report)
        XCTAssertTrue(html.contains("<html lang=\"en\">"))
        XCTAssertTrue(html.contains("Report of 2026-11-29"))
        for english in ["Ranked matches", "Shared competencies", "Missing competencies", "Languages", "Why these matches"] {
            XCTAssertTrue(html.contains(english), english)
        }
        for french in ["Offres classées", "Compétences communes", "Rapport du", ">fort<", ">faible<", "atteint"] {
            XCTAssertFalse(html.contains(french), french)
        }
        let labels = Set(captures("<span class=\"label [a-z]+\">([^<]*)</span>", in: html).map { $0[0] })
        XCTAssertTrue(labels.isSubset(of: ["strong", "possible", "weak"]), "\(labels)")
    }

    func testReportDateIsAnISODayFromTheClockOrSOURCE_DATE_EPOCH() {
        XCTAssertEqual(ReportDate.day(Date(timeIntervalSince1970: 1_764_460_799)), "2025-11-29")   // 23:59:59 UTC
        XCTAssertEqual(ReportDate.day(Date(timeIntervalSince1970: 1_764_460_800)), "2025-11-30")
        XCTAssertEqual(ReportDate.today(environment: ["SOURCE_DATE_EPOCH": "0"]), "1970-01-01")
        XCTAssertEqual(ReportDate.today(environment: [:], now: Date(timeIntervalSince1970: 86_400 * 365)), "1971-01-01")
        XCTAssertEqual(ReportDate.today(environment: ["SOURCE_DATE_EPOCH": "soon"], now: Date(timeIntervalSince1970: 0)), "1970-01-01")
    }

    /// The one rule of dating (`ReportDate.stamp`, applied by `ReportRenderer.page` for the CLI's and the
    /// server's rank and similar, and by the batch run for its shortlist): an HTML page carries the day it
    /// is made; every other format is the rendered report unchanged, ending its last line.
    func testFrontEndPagesAreDatedByOneRuleHTMLOnly() throws {
        XCTAssertNil(ReportDate.stamp(html: false, environment: ["SOURCE_DATE_EPOCH": "0"]))
        XCTAssertEqual(ReportDate.stamp(html: true, environment: ["SOURCE_DATE_EPOCH": "0"]), "1970-01-01")
        XCTAssertEqual(ReportDate.stamp(html: true, environment: [:], now: Date(timeIntervalSince1970: 86_400 * 365)), "1971-01-01")
        let report = try ShippedModel.rankReport("cv-fr-participation", top: 3, date: nil)
        let before = ReportDate.today()
        let html = try ReportRenderer.page(report, format: .html)
        let after = ReportDate.today()
        XCTAssertTrue(html.contains("<time datetime=\"\(before)\">") || html.contains("<time datetime=\"\(after)\">"))
        XCTAssertTrue(html.hasSuffix("\n"))
        XCTAssertFalse(HTMLReport.render(report).contains("<time"), "render prints what it is given: the date is the page's")
        for format in ReportFormat.allCases where format != .html {
            XCTAssertEqual(try ReportRenderer.page(report, format: format),
                           ReportRenderer.endingWithNewline(try ReportRenderer.render(report, format: format)), "\(format)")
        }
    }

    // MARK: Figures

    /// Every figure has an accessible name and its numbers as a table; the heat map marks each missing
    /// competency of a posting with a cross (a shape, not a colour), and the data table says it in words.
    func testFiguresHaveNamesDataTablesAndMissingMarks() throws {
        let report = try ShippedModel.rankReport("cv-fr-mediation")
        let html = HTMLReport.render(report)
        let heat = HeatMap(report: report)
        XCTAssertEqual(heat.columns.count, 11)
        XCTAssertGreaterThan(heat.rows.count, 10)
        // Accessible names: the SVG is an image labelled by its <title>; each figure by its heading.
        XCTAssertTrue(html.contains("role=\"img\" aria-labelledby=\"fig-heat-title\"><title id=\"fig-heat-title\">\(h(heat.name))</title>"))
        for id in captures("<figure [^>]*aria-labelledby=\"([^\"]+)\"", in: html).map({ $0[0] }) {
            XCTAssertTrue(html.contains("id=\"\(id)\""), id)
        }
        XCTAssertEqual(occurrences("<figure ", in: html), 2)
        // The heat map's data table: one row per competency, one cell per text, the same weights.
        let data = try XCTUnwrap(captures("<table class=\"data\" id=\"fig-heat-data\">(.*?)</table>", in: html).first?[0])
        XCTAssertTrue(data.contains("<caption>\(h(heat.name))</caption>"))
        XCTAssertEqual(occurrences("<th scope=\"row\">", in: data), heat.rows.count)
        XCTAssertEqual(occurrences("<td class=\"num\">", in: data), heat.rows.count * heat.columns.count)
        let words = ReportWords(.fr)
        for (i, id) in heat.rows.enumerated() {
            let cells = captures("<td class=\"num\">([^<]*)</td>", in: data).map { $0[0] }[(i * heat.columns.count)...].prefix(heat.columns.count)
            for (c, cell) in zip(heat.columns, cells) {
                XCTAssertTrue(cell.hasPrefix(c.weights[id].map { words.number($0, 2) } ?? "—"), "\(id) \(c.short): \(cell)")
            }
        }
        // Missing marks: a cross per missing competency shown, none on the query's column; also in words.
        let missingShown = heat.columns.reduce(0) { $0 + $1.missing.intersection(heat.rows).count }
        let sharedShown = heat.columns.reduce(0) { $0 + $1.shared.intersection(heat.rows).count }
        XCTAssertGreaterThan(missingShown, 0, "the shipped CV lacks something its matches ask for")
        let svg = try XCTUnwrap(captures("(<svg class=\"heatmap\".*?</svg>)", in: html).first?[0])
        XCTAssertEqual(occurrences("stroke-linecap=\"round\" fill=\"none\"/>", in: svg), missingShown + 1)   // + the legend's
        XCTAssertEqual(occurrences("<circle ", in: svg), sharedShown + 1)
        XCTAssertEqual(occurrences("✕ manquante", in: data), missingShown)
        XCTAssertEqual(occurrences("● commune", in: data), sharedShown)
        XCTAssertTrue(heat.columns[0].missing.isEmpty && heat.columns[0].shared.isEmpty)
        // The missing marks agree with the explanations (the chips of the table).
        for (c, row) in zip(heat.columns.dropFirst(), report.queries[0].matches) {
            XCTAssertEqual(c.missing, Set(row.explanation.missing.map(\.id)))
        }
        // No tilted labels: the figure fits a desktop column at its natural size.
        XCTAssertFalse(svg.contains("rotate("))
        XCTAssertLessThanOrEqual(heat.width, 600)
    }

    /// The score chart is a table holding the numbers its bars draw: similarity, factor, score, label.
    func testScoreChartShowsSimilarityFactorAndScoreOfEveryMatch() throws {
        let report = try ShippedModel.rankReport("cv-en-community")
        let html = HTMLReport.render(report)
        let chart = try XCTUnwrap(captures("<table class=\"scorechart reflow\" id=\"fig-score-1\">(.*?)</table>", in: html).first?[0])
        let words = ReportWords(report.displayLanguage)
        let rows = captures("<tr><td class=\"num\">(\\d+)</td>.*?</tr>", in: chart)
        XCTAssertEqual(rows.count, report.queries[0].matches.count)
        for m in report.queries[0].matches {
            XCTAssertTrue(chart.contains(">\(words.number(Double(m.similarity)))</td>"), m.match.id)
            XCTAssertTrue(chart.contains(">× \(words.number(Double(m.languageFactor), 2))</td>"), m.match.id)
            XCTAssertTrue(chart.contains(">\(words.number(Double(m.match.score)))</b>"), m.match.id)
            XCTAssertEqual(Double(m.match.score), Double(m.similarity) * Double(m.languageFactor), accuracy: 1e-5)
        }
    }

    /// Every quote the page shows — shared (both sides), missing, language requirement and declaration —
    /// carries its matched words in <mark> when the evidence knows them.
    func testEveryQuoteMarksItsMatchedWords() throws {
        for name in ["cv-fr-mediation", "cv-en-design"] {
            let report = try ShippedModel.rankReport(name)
            let html = HTMLReport.render(report)
            var evidence = [Evidence]()
            for m in report.queries[0].matches {
                let e = m.explanation
                evidence += e.shared.flatMap { [$0.queryEvidence, $0.postingEvidence] } + e.missing.map(\.postingEvidence)
                evidence += e.languages.flatMap { [$0.requiredEvidence, $0.declaredEvidence].compactMap { $0 } }
            }
            XCTAssertGreaterThan(evidence.filter { $0.quoteMatchStart != nil }.count, 20)
            for e in evidence where e.quoteMatchStart != nil && e.quoteMatchEnd! > e.quoteMatchStart! {
                let marked = HTMLReport.marked(e)
                XCTAssertTrue(marked.contains("<mark>"), e.quote)
                XCTAssertTrue(html.contains(marked), "\(name): quote not shown marked: \(e.quote)")
            }
            // Every blockquote and inline quote holds a <mark>.
            for quote in captures("<(?:blockquote|q)>(.*?)</(?:blockquote|q)>", in: html).map({ $0[0] }) {
                XCTAssertTrue(quote.contains("<mark>"), "\(name): \(quote)")
            }
        }
    }

    // MARK: Layout

    /// The stylesheet keeps the page readable at phone width (tables reflow into cards, no fixed widths
    /// wider than a phone) and in print (no backgrounds wasted, figures not split, closed data tables left out).
    func testStylesheetReflowsForPhonesAndPrints() throws {
        let css = HTMLReport.css
        XCTAssertTrue(css.contains("@media (max-width: 700px)"))
        XCTAssertTrue(css.contains("table.reflow, table.reflow tbody, table.reflow tr, table.reflow td { display: block;"))
        XCTAssertTrue(css.contains("@media print"))
        XCTAssertTrue(css.contains("figure { break-inside: avoid; }"))
        // No width in px over 360 outside the desktop max-width rules.
        for px in captures("(?<![-a-z])(?:width|min-width): ?(\\d+)px", in: css).compactMap({ Int($0[0]) }) {
            XCTAssertLessThanOrEqual(px, 360, "a fixed width of \(px)px would overflow a phone")
        }
        let report = try ShippedModel.rankReport("cv-fr-mediation")
        let html = HTMLReport.render(report)
        XCTAssertTrue(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        // Tables that reflow label their cells for the card layout.
        XCTAssertEqual(occurrences("<table class=\"matches reflow\">", in: html), 1)
        XCTAssertEqual(occurrences("<td data-label=\"Compétences manquantes\">", in: html), 10)
    }

    // MARK: The handout

    /// The page a job seeker reads: a plain title, the matches with where, what contract, when, how much
    /// and a link to apply; the technical view (model, scores, figures, quotes, terms) in a collapsed
    /// "Détails" unless asked for.
    func testTheHandoutIsInPlainWordsWithTheTechnicalViewCollapsed() throws {
        var report = try ShippedModel.rankReport("cv-fr-mediation", top: 5)
        let label = report.queries[0].label
        var html = HTMLReport.render(report)
        XCTAssertTrue(html.contains("<title>Offres pour « \(h(label)) » — Passerelle</title>"), "a title in plain words")
        XCTAssertFalse(html.contains("<title>Passerelle — rank"))
        // The summary comes before the technical view, which is closed and holds the model line and the figures.
        let summaryEnd = try XCTUnwrap(html.range(of: "</table>\n</section>"))
        let tech = try XCTUnwrap(html.range(of: "<details class=\"tech\" id=\"details\">\n<summary class=\"tech-summary\">Détails"))
        XCTAssertLessThan(summaryEnd.lowerBound, tech.lowerBound)
        let after = html[tech.lowerBound...]
        for technical in ["dimensions latentes", "Ce qui fait le score", "Termes qui portent le score", "cosinus"] {
            XCTAssertTrue(after.contains(technical), technical)
            XCTAssertFalse(html[..<tech.lowerBound].contains(technical), "\(technical) before the details")
        }
        report.detailsOpen = true
        XCTAssertTrue(HTMLReport.render(report).contains("<details class=\"tech\" id=\"details\" open>"))
        // Print: the closed details are left out.
        XCTAssertTrue(HTMLReport.css.contains("details.tech:not([open]) { display: none; }"))

        // Metadata: contract, date in words, salary, and the apply link — only to an http(s) address.
        report.detailsOpen = false
        report.queries[0].matches[0].json.metadata = ["url": "https://emploi.example/offre/1", "contract": "CDI", "date": "2026-11-01",
                                                      "salary": "40 000 €", "organization": "Ville", "location": "Lyon"]
        report.queries[0].matches[1].json.metadata = ["url": "javascript:alert(1)"]
        html = HTMLReport.render(report)
        XCTAssertTrue(html.contains("<span class=\"place\">Ville — Lyon</span><span class=\"facts\">Contrat : CDI · publiée le 1er novembre 2026 · Salaire : 40 000 €</span>"
            + "<a class=\"apply\" href=\"https://emploi.example/offre/1\" rel=\"noopener noreferrer\" target=\"_blank\""), html)
        XCTAssertEqual(occurrences("class=\"apply\"", in: html), 1, "no link from a javascript: address")
        XCTAssertFalse(html.contains("javascript:"))
        let english = ReportWords(.en)
        XCTAssertEqual(english.posted("2026-11-01"), "posted 1 November 2026")
        XCTAssertEqual(english.apply, "Apply")
    }

    /// A French page says its warning in French; a posting title in English on it carries lang="en".
    func testAFrenchPageWarnsInFrenchAndMarksEnglishTexts() throws {
        let service = MatchService(loaded: try ShippedModel.loaded())
        let short = Document(id: "court", title: "CV court",
                             text: "Accueil et animation.")
        let q = try service.rank(cv: short, file: nil, options: QueryOptions(top: 10))
        let html = HTMLReport.render(try service.report(command: "rank", queries: [q]))
        XCTAssertNotNil(q.json.warning)
        XCTAssertTrue(html.contains("<p class=\"warning\">⚠ trop peu d’éléments pour juger ces offres"), html)
        XCTAssertFalse(html.contains("too little evidence"))
        // English postings among the matches of a French CV: their titles and quotes are marked.
        let mixed = try ShippedModel.rankReport("cv-mixed-transition", top: 20)
        let page = HTMLReport.render(mixed)
        guard mixed.displayLanguage == .fr, mixed.queries[0].matches.contains(where: { $0.postingLanguage == .en }) else {
            return XCTFail("expected English postings in a French report of cv-mixed-transition")
        }
        XCTAssertTrue(page.contains("class=\"ptitle\" lang=\"en\">"))
        XCTAssertTrue(page.contains("<span lang=\"en\">«&nbsp;"), "an English quote on a French page carries lang")
    }

    /// `--lang en` (QueryOptions.language) writes the report and its explanations in English for a French CV.
    func testTheLanguageCanBeChosen() throws {
        let service = MatchService(loaded: try ShippedModel.loaded())
        let q = try service.rank(cv: try ShippedModel.cv("cv-fr-mediation"), file: nil, options: QueryOptions(top: 5, language: .en))
        let report = try service.report(command: "rank", queries: [q])
        XCTAssertEqual(report.displayLanguage, .en)
        let html = HTMLReport.render(report)
        XCTAssertTrue(html.contains("<html lang=\"en\">"))
        XCTAssertTrue(html.contains("Shared competencies"))
        XCTAssertFalse(html.contains("Compétences communes"))
    }
}
