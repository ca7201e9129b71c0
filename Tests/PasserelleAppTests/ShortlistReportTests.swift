import Foundation
import XCTest
import Passerelle
@testable import PasserelleApp

/// `batch --format html`: the shortlist page, through the batch run as the CLI drives it.
final class ShortlistReportTests: XCTestCase {
    final class Collector: BatchOutput {
        var text = ""
        func write(_ text: String) { self.text += text }
        func flush() throws {}
        func sync() throws {}
        var bytes: Int { text.utf8.count }
    }

    func run(_ format: BatchFormat, top: Int, where expressions: [String] = [], shard: (Int, Int) = (1, 1),
             date: String? = "2026-11-29") throws -> String {
        var settings = BatchSettings(candidates: [ShippedModel.root.appendingPathComponent("Data/candidates").path])
        settings.top = top
        settings.format = format
        settings.filter = try PostingFilter(parsing: expressions)
        settings.filterExpressions = expressions
        settings.shard = shard
        settings.reportDate = date
        let out = Collector()
        _ = try BatchRun.run(settings, loaded: try ShippedModel.loaded(), destination: .stream(out))
        return out.text
    }

    /// No day given: the batch run dates its page itself, by the one rule (`ReportDate.stamp`), as the CLI's
    /// `batch --format html` relies on; the JSON Lines rows carry no date.
    func testWithoutADayTheBatchRunDatesItsPageByTheOneRule() throws {
        let before = ReportDate.today()
        let html = try run(.html, top: 2, date: nil)
        let after = ReportDate.today()
        XCTAssertTrue(html.contains("<time datetime=\"\(before)\">") || html.contains("<time datetime=\"\(after)\">"))
        XCTAssertFalse(try run(.jsonl, top: 2, date: nil).contains(before))
    }

    /// Each posting's section lists exactly the candidates of its posting row, in rank order, with the
    /// same scores, a fit label in the page's language, and the competencies shared and missing.
    func testEachPostingShowsItsTopCandidatesSideBySide() throws {
        let loaded = try ShippedModel.loaded()
        let rows = try run(.jsonl, top: 3).split(separator: "\n").map { try JSONDecoder().decode(BatchRow.self, from: Data($0.utf8)) }
        let postingRows = rows.filter { $0.direction == BatchRow.posting }
        XCTAssertEqual(postingRows.count, loaded.model.postingCount)
        let html = try run(.html, top: 3)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"fr\">"), "a pool of French and English CVs gets a French page")
        XCTAssertTrue(html.contains("<time datetime=\"2026-11-29\">"))
        XCTAssertEqual(occurrences("<section class=\"card posting\"", in: html), postingRows.count)
        XCTAssertEqual(occurrences("<li class=\"candidate\">", in: html), postingRows.reduce(0) { $0 + $1.matches.count })
        for tag in ["html", "body", "main", "section", "ol", "li", "p", "h2", "h3", "span"] {
            XCTAssertEqual(occurrences("<\(tag)[ >]", in: html), occurrences("</\(tag)>", in: html), "<\(tag)> not balanced")
        }
        XCTAssertFalse(html.contains("<script"))
        let words = ReportWords(.fr)
        for row in postingRows {
            let section = try XCTUnwrap(captures("<section class=\"card posting\" id=\"p-\(ShortlistReport.anchor(row.id))\">(.*?)</section>", in: html).first?[0], row.id)
            let cards = captures("<li class=\"candidate\">(.*?)</li>", in: section).map { $0[0] }
            XCTAssertEqual(cards.count, row.matches.count, row.id)
            for (card, m) in zip(cards, row.matches) {
                XCTAssertTrue(card.contains("<span class=\"rank\">\(m.rank)</span> <span class=\"cname\">\(h(m.title.isEmpty ? m.id : m.title))</span>"), "\(row.id): \(m.id)")
                XCTAssertTrue(card.contains(">\(words.number(Double(m.score)))</span>"), "\(row.id): \(m.id) score")
                let label = try XCTUnwrap(captures("<span class=\"label [a-z]+\">([^<]*)</span>", in: card).first?[0])
                XCTAssertTrue(["fort", "possible", "faible"].contains(label), label)
                XCTAssertTrue(card.contains(words.sharedCount(0).dropLast(2)) && card.contains(words.missingCount(0).dropLast(2)))
            }
        }
        // Some candidate shares something with its posting, and some lacks something it asks for.
        XCTAssertTrue(html.contains("<span class=\"chip shared\">"))
        XCTAssertTrue(html.contains("<span class=\"chip missing\">"))
    }

    func testWhereKeepsOnlyTheFilteredPostings() throws {
        let loaded = try ShippedModel.loaded()
        let kept = try XCTUnwrap(PostingFilter(parsing: ["location~montreal"]).mask(loaded.model.postings)).filter { $0 }.count
        XCTAssertGreaterThan(kept, 2)
        XCTAssertLessThan(kept, loaded.model.postingCount)
        let html = try run(.html, top: 2, where: ["location~montreal"])
        XCTAssertEqual(occurrences("<section class=\"card posting\"", in: html), kept)
    }

    /// Bounded: more postings × top than a page holds is refused before anything is scored, with the way out.
    func testTooBigAPageIsRefusedAndSoAreShards() throws {
        let loaded = try ShippedModel.loaded()
        let top = ShortlistReport.maxCells / loaded.model.postingCount + 1
        XCTAssertThrowsError(try run(.html, top: top)) { error in
            let message = (error as? UserError)?.description ?? "\(error)"
            XCTAssertTrue(message.contains("--where") && message.contains("--top"), message)
        }
        XCTAssertNoThrow(try run(.html, top: ShortlistReport.maxCells / loaded.model.postingCount))
        XCTAssertThrowsError(try run(.html, top: 2, shard: (1, 2)))
        // The other formats are untouched by the bound.
        XCTAssertNoThrow(try run(.csv, top: top))
    }
}
