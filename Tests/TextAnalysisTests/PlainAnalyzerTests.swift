import XCTest
@testable import TextAnalysis

/// Expected tokens were produced by scikit-learn 1.9.1:
/// `TfidfVectorizer(strip_accents="unicode").build_analyzer()`.
final class PlainAnalyzerTests: XCTestCase {
    let a = PlainAnalyzer()

    func testIdentifier() { XCTAssertEqual(a.identifier, "plain-v1") }

    func testMatchesScikitLearnOnTrickySentences() {
        let cases: [(String, String)] = [
            ("L’Été à Montréal : co-construction, Chargé·e de projets « Design » — 2024-2027…",
             "ete montreal co construction charge de projets design 2024 2027"),
            ("Les candidat.e.s issu(e)s de l'ŒUVRE ﬁnale; naïve Noël_2024 x² ½ H/F",
             "les candidat issu de œuvre finale naive noel_2024 x2"),
            ("Ça va? À bientôt! Straße İstanbul ﬀ Ⅻ ① déjà-vu",
             "ca va bientot straße istanbul ff xii deja vu"),
            ("médiateurs/trices et agent·e·s ; e\u{301}te\u{301} (NFD) ; l\u{2019}innovation ; 100\u{a0}% ; 3\u{202f}ans",
             "mediateurs trices et agent ete nfd innovation 100 ans"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(a.terms(text).joined(separator: " "), expected, text)
        }
    }

    static func fnv(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in s.utf8 { h ^= UInt64(b); h = h &* 0x100000001b3 }
        return h
    }

    /// Token count and FNV-1a hash of the space-joined tokens of each seed posting, from scikit-learn.
    func testMatchesScikitLearnOnSeedPostings() throws {
        let expected: [(String, Int, UInt64)] = [
            ("seed-college-transitions.txt", 1261, 0xc7d44b8e9dd60bf7),
            ("seed-exeko-pratiques.txt", 1358, 0xcf6d11040a67cff0),
            ("seed-lium-mobilisation.txt", 507, 0xbd2a5b0779e21a03),
            ("seed-region-design.txt", 756, 0x7de1fc1d1ec9bf87),
            ("seed-rouen-participation.txt", 621, 0x3469eaf6c2dd231b),
        ]
        for (file, count, hash) in expected {
            let text = try SeedPostings.text(file)
            let terms = a.terms(text)
            XCTAssertEqual(terms.count, count, file)
            XCTAssertEqual(Self.fnv(terms.joined(separator: " ")), hash, file)
        }
    }

    func testOffsetsPointAtTheOriginalWord() {
        let text = "« L’Été » co-construction e\u{301}te\u{301}"
        let scalars = Array(text.unicodeScalars)
        for t in a.analyze(text) {
            let s = String(String.UnicodeScalarView(scalars[t.start..<t.end]))
            XCTAssertFalse(s.isEmpty)
            XCTAssertEqual(PlainAnalyzer().terms(s), [t.term])
        }
        XCTAssertEqual(a.analyze(text).map(\.start), [4, 10, 13, 26])
        XCTAssertEqual(a.analyze(text).last?.end, scalars.count)
    }

    func testTermsEqualAnalyzeTerms() throws {
        let text = try SeedPostings.text("seed-exeko-pratiques.txt")
        XCTAssertEqual(a.terms(text), a.analyze(text).map(\.term))
    }
}

enum SeedPostings {
    static let files = ["seed-college-transitions.txt", "seed-exeko-pratiques.txt", "seed-lium-mobilisation.txt",
                        "seed-region-design.txt", "seed-rouen-participation.txt"]
    static func url(_ file: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Data/postings").appendingPathComponent(file)
    }
    static func text(_ file: String) throws -> String { try String(contentsOf: url(file), encoding: .utf8) }
    /// The body after the front matter.
    static func body(_ file: String) throws -> String {
        let t = try text(file)
        let parts = t.components(separatedBy: "\n---\n")
        return parts.count > 1 ? parts.dropFirst().joined(separator: "\n---\n") : t
    }
}
