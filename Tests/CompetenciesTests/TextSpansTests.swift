import XCTest
@testable import Competencies

final class TextSpansTests: XCTestCase {
    func quote(_ text: String, _ words: String) -> String {
        let r = scalarRange(of: words, in: text)!
        return TextSpans.quote(Array(text.unicodeScalars), start: r.0, end: r.1)
    }

    func testInclusiveDotsAndUrlsDoNotSplit() {
        let text = "Le ou la chargé.e de projet travaillera avec les candidat.e.s sur www.site-exemple.fr. Autre phrase."
        XCTAssertEqual(quote(text, "projet"), "Le ou la chargé.e de projet travaillera avec les candidat.e.s sur www.site-exemple.fr.")
        XCTAssertEqual(quote(text, "Autre"), "Autre phrase.")
    }

    func testBoundaries() {
        let text = "Titre\n  • Préparer et animer les rencontres ; suivre le budget! Et puis? Fin"
        XCTAssertEqual(quote(text, "animer"), "Préparer et animer les rencontres")
        XCTAssertEqual(quote(text, "budget"), "suivre le budget!")
        XCTAssertEqual(quote(text, "puis"), "Et puis?")
        XCTAssertEqual(quote(text, "Fin"), "Fin")
        XCTAssertEqual(quote("- item un", "un"), "item un")
        XCTAssertEqual(quote("Profil | Esprit d'équipe | Curiosité", "Esprit"), "Esprit d'équipe")
    }

    func testFoldedTextMapsToOriginalOffsets() {
        let original = Array("Œuvre É’été".unicodeScalars)
        let f = FoldedText(original)
        XCTAssertEqual(String(String.UnicodeScalarView(f.scalars)), "oeuvre e'ete")
        XCTAssertEqual(f.scalars.count, f.origin.count)
        XCTAssertEqual(f.originalRange(0, 6).0, 0)
        XCTAssertEqual(f.originalRange(0, 6).1, 5) // "oeuvre" comes from "Œuvre" (5 scalars)
        XCTAssertEqual(f.originalRange(7, 12).0, 6)
        // Decomposed accents (e + combining acute) fold too.
        let d = FoldedText(Array("e\u{301}te\u{301}".unicodeScalars))
        XCTAssertEqual(String(String.UnicodeScalarView(d.scalars)), "ete")
    }
}
