import XCTest
@testable import PasserelleBench
import TextAnalysis

final class AnalyzerBenchmarkTests: XCTestCase {
    func testDocumentsAreSplitOnFormFeedsAndMeasured() {
        let corpus = "La co-construction des politiques publiques.\n\u{0C}\nUn·e chargé·e de projet.\n\u{0C}\n \n"
        XCTAssertEqual(AnalyzerBenchmark.documents(of: corpus).count, 2)
        let results = AnalyzerBenchmark.run(corpus: corpus, repeats: 2)
        XCTAssertEqual(results.map(\.analyzer), ["fr-en-v1", "plain-v1"])
        XCTAssertEqual(results[0].documents, 2)
        XCTAssertEqual(results[0].terms, FrenchEnglishAnalyzer().terms(AnalyzerBenchmark.documents(of: corpus)[0]).count
                                         + FrenchEnglishAnalyzer().terms(AnalyzerBenchmark.documents(of: corpus)[1]).count)
        XCTAssertEqual(results[1].bytes, AnalyzerBenchmark.documents(of: corpus).reduce(0) { $0 + $1.utf8.count })
        for r in results { XCTAssertGreaterThan(r.seconds, 0); XCTAssertGreaterThan(r.mbPerSecond, 0) }
    }
}
