import XCTest
import Foundation
import TextAnalysis

/// The resource parsers' trim gives what `trimmingCharacters(in: .whitespaces)` gives.
final class HorizontalSpaceTests: XCTestCase {
    func testTrimsWhatFoundationsWhitespacesTrim() {
        let samples = ["", " ", "\t", "  word  ", "\tmot\t", "\u{00A0}médiation\u{2003}", "a b", " \u{202F}x\u{3000} ",
                       "line\n", "\nline", " mot\u{0301} ", " \u{0301}accent", "ça\u{200B}", "\u{FEFF}bom", "\r\t", "é\t é"]
        for s in samples {
            let expected = s.trimmingCharacters(in: .whitespaces)
            XCTAssertEqual(s.trimmingHorizontalSpace(), expected, s.debugDescription)
            XCTAssertEqual(("<" + s + ">").dropFirst().dropLast().trimmingHorizontalSpace(), expected, s.debugDescription)
        }
        // Every scalar Foundation's set holds is trimmed, and only those.
        for v in 0 ... 0x3100 {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let s = "x" + String(scalar)
            XCTAssertEqual(s.trimmingHorizontalSpace(), s.trimmingCharacters(in: .whitespaces), String(format: "U+%04X", v))
        }
        // Newlines are not horizontal space: they stay, as with Foundation's set.
        XCTAssertEqual(" a\n ".trimmingHorizontalSpace(), "a\n")
    }
}
