import XCTest
import TextAnalysis
@testable import Competencies

/// Issue 24d: a level written after a bare comma belongs to the last language only ("Français, anglais de base" names
/// French without a level); a plural cue or a list closed by a conjunction still qualifies every name. Sentences written
/// for this test, none copied from a gold.
final class LanguageListLevels24dTests: XCTestCase {
    func testALevelAfterABareCommaIsTheLastLanguagesOnly() {
        func levels(_ text: String) -> [String: LanguageLevel] {
            Dictionary(uniqueKeysWithValues: LanguageStatementDetector.detect(text).map { ($0.language, $0.level) })
        }
        XCTAssertEqual(levels("Langues parlées : français, espagnol de base."), ["es": .notions])
        XCTAssertEqual(levels("Languages: French, English (basic)"), ["en": .notions])
        // A plural cue, or a list closed by a conjunction, still qualifies every name.
        XCTAssertEqual(levels("Français, anglais courants"), ["fr": .excellent, "en": .excellent])
        XCTAssertEqual(levels("Français, anglais et espagnol courants"), ["fr": .excellent, "en": .excellent, "es": .excellent])
        XCTAssertEqual(levels("Français et anglais : niveau B2"), ["fr": .good, "en": .good])
    }
}
