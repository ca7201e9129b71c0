import XCTest
@testable import LinearAlgebra

final class FeatureMaskTests: XCTestCase {
    func testInsertedFeaturesAndOnlyThemAreContained() {
        for count in [0, 1, 63, 64, 65, 200] {
            var mask = FeatureMask(count: count)
            XCTAssertEqual(mask.population, 0)
            let chosen = Set((0 ..< count).filter { $0 % 3 == 0 || $0 == count - 1 })
            for f in chosen.sorted() { mask.insert(f) }
            if let f = chosen.first { mask.insert(f) }   // twice: no change
            for f in -2 ..< count + 66 { XCTAssertEqual(mask.contains(f), chosen.contains(f), "feature \(f) of \(count)") }
            XCTAssertEqual(mask.population, chosen.count)
        }
    }
}
