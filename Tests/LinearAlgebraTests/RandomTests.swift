import XCTest
import LinearAlgebra

final class RandomTests: XCTestCase {
    func testReproducibleStream() {
        var a = SeededGenerator(seed: 7), b = SeededGenerator(seed: 7), c = SeededGenerator(seed: 8)
        let xa = (0 ..< 5).map { _ in a.next() }
        XCTAssertEqual(xa, (0 ..< 5).map { _ in b.next() })
        XCTAssertNotEqual(xa, (0 ..< 5).map { _ in c.next() })
    }

    func testKnownFirstOutputsPinTheAlgorithm() {
        // SplitMix64(0) gives the published e220a8397b1dcdaf, 6e789e6aa1b965f4, … as the state;
        // these xoshiro256** outputs come from an independent reference implementation. If they
        // change, saved models stop reproducing.
        var g = SeededGenerator(seed: 0)
        XCTAssertEqual((0 ..< 3).map { _ in g.next() }, [0x99ec_5f36_cb75_f2b4, 0xbf6e_1f78_4956_452a, 0x1a5f_849d_4933_e6e0])
    }

    func testGaussianMoments() {
        var g = SeededGenerator(seed: 1)
        let x = g.gaussians(count: 200_001)
        XCTAssertEqual(x.count, 200_001)
        let mean = x.reduce(0.0) { $0 + Double($1) } / Double(x.count)
        let variance = x.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(x.count)
        XCTAssertEqual(mean, 0, accuracy: 0.01)
        XCTAssertEqual(variance, 1, accuracy: 0.02)
        XCTAssertTrue(x.allSatisfy { $0.isFinite })
    }
}
