import Foundation
import XCTest
@testable import Passerelle

/// `Featurizer.firstLine(of:)` walks scalars instead of splitting the text into lines and trimming
/// through Foundation: it must give what that did, on every kind of line end, blank and long line.
final class FeaturizerFirstLineTests: XCTestCase {
    /// The former implementation, kept here as the reference.
    static func reference(_ text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            return t.count <= Featurizer.firstLineLimit ? t : nil
        }
        return nil
    }

    func testSameAsSplittingAndTrimming() {
        let long = String(repeating: "é", count: 160), longer = String(repeating: "e\u{301}", count: 161)
        var texts = ["", " ", "\n\n", "Titre", "  Médiateur·rice culturel·le  \nSuite", "\r\n\t Chargé(e) de projet\t\r\nTexte",
                     "\u{2028}Design\u{2029}x", "\u{0B}\u{0C}a\u{85}b", "\u{A0}\u{2003}Insécable\u{A0}\nx", "\u{200B}\nx",
                     long, long + "x", longer, String(repeating: "a", count: 170), long + " \n" + long + "e", "\u{3000}\u{3000}\n \u{3000}Titre\u{3000}",
                     "a\r\u{301}b", "🇫🇷 Poste 👩🏽‍💻\nx", String(repeating: "👩🏽‍💻", count: 160), String(repeating: "👩🏽‍💻", count: 161) + "\n"]
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "é", " ", "\t", "\n", "\r", "\r\n", "\u{A0}", "\u{2029}", "\u{301}", "·", "x", "\u{85}", "👩🏽‍💻"]
        for _ in 0..<2000 {
            let count = Int.random(in: 0...40, using: &generator)
            texts.append((0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for _ in 0..<50 {
            texts.append((0..<Int.random(in: 150...175, using: &generator)).map { _ in ["a", "é", " ", "\u{301}"].randomElement(using: &generator)! }.joined())
        }
        for text in texts {
            XCTAssertEqual(Featurizer.firstLine(of: text), Self.reference(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
