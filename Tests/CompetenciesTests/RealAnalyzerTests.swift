import XCTest
import TextAnalysis
@testable import Competencies

/// Detection through the real `FrenchEnglishAnalyzer` (stemming, inclusive forms, accents).
final class RealAnalyzerTests: XCTestCase {
    static let detector: CompetencyDetector = {
        CompetencyDetector(taxonomy: try! loadTaxonomy(), analyzer: FrenchEnglishAnalyzer())
    }()
    var detector: CompetencyDetector { Self.detector }

    func ids(_ text: String) -> Set<String> { Set(detector.detect(text).competencies.map(\.id)) }

    func testEveryFormFindsItsOwnCompetencyInContext() throws {
        let t = try loadTaxonomy()
        var dead: [String] = []
        for c in t.competencies {
            for form in c.formsFR {
                let text = "Depuis plusieurs années, je travaille dans le secteur public en \(form) et j'aime beaucoup cela."
                if !ids(text).contains(c.id) { dead.append("\(c.id): \(form)") }
            }
            for form in c.formsEN {
                let text = "For several years I have been working in the public sector with \(form) and I really enjoy it."
                if !ids(text).contains(c.id) { dead.append("\(c.id): \(form)") }
            }
        }
        XCTAssertEqual(dead, [], "forms never detected in context")
    }
}
