import XCTest
import Foundation
@testable import PasserelleApp

/// The JSON Lines rows `batch` writes: every string escaped exactly once, the rest copied as is.
final class BatchTextTests: XCTestCase {
    func testStringLiteralsEscapeWhatJSONAndJavaScriptNeed() {
        let cases: [(String, String)] = [
            ("plain", "\"plain\""),
            ("", "\"\""),
            ("Poste 12 — médiateur·rice", "\"Poste 12 — médiateur·rice\""),     // U+2014 (E2 80 94) stays as is
            ("a\"b\\c", "\"a\\\"b\\\\c\""),
            ("l1\nl2\rl3\tx", "\"l1\\nl2\\rl3\\tx\""),
            ("\u{01}x\u{1F}", "\"\\u0001x\\u001f\""),
            ("a\u{2028}b\u{2029}c", "\"a\\u2028b\\u2029c\""),
            ("\"", "\"\\\"\""),
            ("end\\", "\"end\\\\\""),
            ("\u{2028}", "\"\\u2028\""),
            ("\u{E2}\u{80}", "\"\u{E2}\u{80}\""),                                  // scalars U+00E2 U+0080: not U+2028
        ]
        for (text, expected) in cases {
            XCTAssertEqual(BatchText.json(text), expected, "escaping \(text.debugDescription)")
            // And it reads back to the same string.
            let decoded = try? JSONSerialization.jsonObject(with: Data(("[" + BatchText.json(text) + "]").utf8)) as? [String]
            XCTAssertEqual(decoded?.first, text, "round trip of \(text.debugDescription)")
        }
    }

    func testARowReadsBackAsWritten() throws {
        let row = BatchRow(direction: BatchRow.posting, id: "job \"7\"\n",
                           matches: [BatchMatch(rank: 1, id: "cv-1", title: "Médiatrice — \u{2028}culturelle", score: 0.61803398),
                                     BatchMatch(rank: 2, id: "cv\\2", title: "", score: -0.25)],
                           skipped: nil)
        let line = BatchText.row(row, format: .jsonl, index: 0)
        XCTAssertTrue(line.hasSuffix("}\n"))
        XCTAssertEqual(line.filter { $0 == "\n" }.count, 1, "one row, one line")
        XCTAssertEqual(try JSONDecoder().decode(BatchRow.self, from: Data(line.utf8)), row)
        let second = BatchText.row(row, format: .json, index: 1)
        XCTAssertTrue(second.hasPrefix(",\n{"))
        XCTAssertEqual(try JSONDecoder().decode(BatchRow.self, from: Data(second.dropFirst(2).utf8)), row)
        var skipped = row
        skipped.matches = []
        skipped.skipped = "too little text: 2 known terms"
        XCTAssertEqual(try JSONDecoder().decode(BatchRow.self, from: Data(BatchText.row(skipped, format: .jsonl, index: 0).utf8)), skipped)
    }
}
