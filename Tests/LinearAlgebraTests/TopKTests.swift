import XCTest
import LinearAlgebra

final class TopKTests: XCTestCase {
    /// Reference: full sort of the valid entries by (score desc, index asc).
    private func bruteForce(_ scores: [Float], k: Int, excluding: Set<Int>) -> [ScoredIndex] {
        guard k > 0 else { return [] }
        let valid = scores.enumerated()
            .filter { !$0.element.isNaN && !excluding.contains($0.offset) }
            .map { ScoredIndex(index: $0.offset, score: $0.element) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
        return Array(valid.prefix(k))
    }

    func testAgainstBruteForceWithTiesNaNsAndExclusions() {
        var g = SeededGenerator(seed: 99)
        for trial in 0 ..< 300 {
            let n = Int.random(in: 0 ... 60, using: &g)
            // Few distinct values so ties are common.
            let scores: [Float] = (0 ..< n).map { _ in
                let r = Int.random(in: 0 ..< 10, using: &g)
                return r == 0 ? .nan : Float(Int.random(in: -3 ... 3, using: &g)) / 2
            }
            let excluding = Set((0 ..< n).filter { _ in Int.random(in: 0 ..< 5, using: &g) == 0 })
            for k in [0, 1, 3, n / 2, n, n + 5] {
                let expected = bruteForce(scores, k: k, excluding: trial % 2 == 0 ? excluding : [])
                let got = TopK.select(scores, k: k, excluding: trial % 2 == 0 ? excluding : [])
                XCTAssertEqual(got, expected, "trial \(trial) n \(n) k \(k)")
            }
        }
    }

    func testEdgeCases() {
        XCTAssertEqual(TopK.select([1, 2, 3], k: 0), [])
        XCTAssertEqual(TopK.select([1, 2, 3], k: -2), [])
        XCTAssertEqual(TopK.select([], k: 3), [])
        XCTAssertEqual(TopK.select([Float.nan, .nan], k: 2), [])
        XCTAssertEqual(TopK.select([0.5, 0.5, 0.5], k: 2), [ScoredIndex(index: 0, score: 0.5), ScoredIndex(index: 1, score: 0.5)])
        XCTAssertEqual(TopK.select([1, .infinity, -.infinity], k: 5).map(\.index), [1, 0, 2])
        XCTAssertEqual(TopK.select([1, 9, 5], k: 2, excluding: [1]), [ScoredIndex(index: 2, score: 5), ScoredIndex(index: 0, score: 1)])
    }

    func testBufferOverloadMatchesArray() {
        var g = SeededGenerator(seed: 5)
        let scores = TestSupport.uniform(1000, &g)
        let viaBuffer = scores.withUnsafeBufferPointer { TopK.select($0, k: 17) }
        XCTAssertEqual(viaBuffer, TopK.select(scores, k: 17))
        XCTAssertEqual(viaBuffer, bruteForce(scores, k: 17, excluding: []))
    }
}
