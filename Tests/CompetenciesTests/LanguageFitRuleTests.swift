import XCTest
@testable import Competencies

final class LanguageFitRuleTests: XCTestCase {
    func s(_ lang: String, _ level: LanguageLevel) -> LanguageStatement {
        LanguageStatement(language: lang, level: level, evidence: Evidence(start: 0, end: 0, quote: ""))
    }

    func testTable() {
        // required \ declared: notions intermediate good excellent native
        let expected: [LanguageLevel: [LanguageFit]] = [
            .notions: [.met, .met, .met, .met, .met],
            .intermediate: [.partly, .met, .met, .met, .met],
            .good: [.unmet, .partly, .met, .met, .met],
            .excellent: [.unmet, .unmet, .partly, .met, .met],
            .native: [.unmet, .unmet, .unmet, .partly, .met],
        ]
        for required in LanguageLevel.allCases {
            for (k, declared) in LanguageLevel.allCases.enumerated() {
                XCTAssertEqual(LanguageFitRule.fit(required: s("en", required), declared: s("en", declared)),
                               expected[required]![k], "required \(required.name), declared \(declared.name)")
            }
            XCTAssertEqual(LanguageFitRule.fit(required: s("en", required), declared: nil), .unmet)
            XCTAssertEqual(LanguageFitRule.fit(required: s("en", required), declared: s("fr", .native)), .unmet)
        }
    }

    func testAmongPicksSameLanguage() {
        let declared = [s("fr", .native), s("en", .good), s("es", .notions)]
        XCTAssertEqual(LanguageFitRule.fit(required: s("en", .excellent), among: declared), .partly)
        XCTAssertEqual(LanguageFitRule.fit(required: s("fr", .excellent), among: declared), .met)
        XCTAssertEqual(LanguageFitRule.fit(required: s("de", .notions), among: declared), .unmet)
        XCTAssertEqual(LanguageFitRule.fit(required: s("es", .good), among: declared), .unmet)
    }
}
