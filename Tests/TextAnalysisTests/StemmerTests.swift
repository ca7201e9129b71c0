import XCTest
@testable import TextAnalysis

final class StemmerTests: XCTestCase {
    func pairs(_ s: String) -> [(String, String)] {
        s.split(separator: "\n").map { line in
            let p = line.split(separator: "\t", omittingEmptySubsequences: false)
            return (String(p[0]), String(p[1]))
        }
    }

    func testFrenchVocabulary() {
        let v = pairs(frenchSnowballVocabulary)
        XCTAssertGreaterThan(v.count, 1000)
        var failures = [String]()
        for (w, expected) in v where FrenchStemmer.stem(w) != expected {
            failures.append("\(w): got \(FrenchStemmer.stem(w)), expected \(expected)")
        }
        XCTAssertEqual(failures, [], "\(failures.count) French mismatches")
    }

    func testEnglishVocabulary() {
        let v = pairs(englishSnowballVocabulary)
        XCTAssertGreaterThan(v.count, 2000)
        var failures = [String]()
        for (w, expected) in v where EnglishStemmer.stem(w) != expected {
            failures.append("\(w): got \(EnglishStemmer.stem(w)), expected \(expected)")
        }
        XCTAssertEqual(failures, [], "\(failures.count) English mismatches")
    }

    func testFrenchClassicExamples() {
        let cases = [("continuellement", "continuel"), ("majestueusement", "majestu"), ("désespérés", "désesper"),
                     ("chevaux", "cheval"), ("genoux", "genou"), ("jouer", "jou"), ("paris", "paris")]
        for (w, s) in cases { XCTAssertEqual(FrenchStemmer.stem(w), s, w) }
    }

    func testEnglishClassicExamples() {
        let cases = [("generously", "generous"), ("dying", "die"), ("skies", "sky"), ("communities", "communiti"),
                     ("organizing", "organiz"), ("hopping", "hop"), ("hoping", "hope"), ("ebbed", "ebb")]
        for (w, s) in cases { XCTAssertEqual(EnglishStemmer.stem(w), s, w) }
    }

    func testStemmersNeverCrashOnOddInput() {
        for w in ["", "a", "é", "'", "qu'", "l'", "yyy", "uuu", "iii", "ëëë", "ïï", "ss", "'s'", "y", "Y"] {
            _ = FrenchStemmer.stem(w)
            _ = EnglishStemmer.stem(w)
        }
    }
}
