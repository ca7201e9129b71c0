import XCTest
import TextAnalysis

final class SpellingTests: XCTestCase {
    func testNearestNamesWithinAFewTyposNearestFirst() {
        let commands = ["rank", "similar", "index", "info", "add", "remove", "batch", "merge"]
        XCTAssertEqual(Spelling.nearest(to: "rnak", among: commands), ["rank"])
        XCTAssertEqual(Spelling.nearest(to: "SIMILAR", among: commands), ["similar"])
        XCTAssertEqual(Spelling.nearest(to: "idnex", among: commands).first, "index")
        XCTAssertEqual(Spelling.nearest(to: "serve", among: commands), [])
        XCTAssertEqual(Spelling.nearest(to: "", among: commands, maxDistance: 3), ["add"])
        XCTAssertEqual(Spelling.nearest(to: "qc-mediateur-culturel-bibliotheq", among: ["qc-mediateur-culturel-bibliotheque", "qc-educateur-musee"]),
                       ["qc-mediateur-culturel-bibliotheque"])
    }
}
