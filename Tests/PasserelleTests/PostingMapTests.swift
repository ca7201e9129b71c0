import XCTest
import LinearAlgebra
@testable import Passerelle

/// PostingMap: PCA of the posting vectors, checked against what PCA must give on known geometry.
final class PostingMapTests: XCTestCase {
    /// Unit vectors in k = 4 spread in a plane spanned by two known directions around an offset:
    /// the map must recover that plane (distances kept) and all the spread (shares summing to 1).
    func testPointsOnAPlaneKeepTheirDistancesAndAllTheSpread() throws {
        let k = 4, n = 9
        let offset: [Float] = [0.8, 0.1, 0.1, 0.1]
        let a: [Float] = [0, 1, 0, 0], b: [Float] = [0, 0, 0.6, 0.8]
        var values = [Float]()
        var points = [(Float, Float)]()
        for j in 0 ..< n {
            let s = Float(j % 3) - 1 + 0.1 * Float(j), t = Float(j / 3) - 1   // a 3 × 3 sheared grid, wider on a
            points.append((2 * s, t))
            for i in 0 ..< k { values.append(offset[i] + 0.2 * (2 * s * a[i] + t * b[i])) }
        }
        let map = try PostingMap(postingVectors: DenseMatrix(rows: k, cols: n, values: values))
        XCTAssertEqual(map.axes, 2)
        XCTAssertEqual(map.varianceShare.reduce(0, +), 1, accuracy: 1e-4)
        XCTAssertGreaterThan(map.varianceShare[0], map.varianceShare[1])
        // Directions orthonormal.
        let d = map.directions
        let gram = d.multiplied(by: d, transposeSelf: true)
        XCTAssertEqual(gram[0, 0], 1, accuracy: 1e-4); XCTAssertEqual(gram[1, 1], 1, accuracy: 1e-4); XCTAssertEqual(gram[0, 1], 0, accuracy: 1e-4)
        // Pairwise distances on the map are those of the original vectors (the spread lies in the plane).
        for i in 0 ..< n { for j in 0 ..< i {
            let original = (0 ..< k).map { values[i * k + $0] - values[j * k + $0] }.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let onMap = ((map.x[i] - map.x[j]) * (map.x[i] - map.x[j]) + (map.y[i] - map.y[j]) * (map.y[i] - map.y[j])).squareRoot()
            XCTAssertEqual(onMap, original, accuracy: 1e-4, "postings \(i), \(j)")
        } }
        // Centered: the coordinates average to zero; projecting a posting's vector gives its coordinates.
        XCTAssertEqual(map.x.reduce(0, +) / Float(n), 0, accuracy: 1e-5)
        XCTAssertEqual(map.y.reduce(0, +) / Float(n), 0, accuracy: 1e-5)
        for j in 0 ..< n {
            let p = map.project(Array(values[(j * k) ..< ((j + 1) * k)]))
            XCTAssertEqual(p.x, map.x[j], accuracy: 1e-5); XCTAssertEqual(p.y, map.y[j], accuracy: 1e-5)
        }
    }

    /// The first axis follows the direction of largest spread, not the first latent coordinate.
    func testTheFirstAxisIsTheDirectionOfLargestSpread() throws {
        // Coordinate 0 is large and constant (as LSA's first dimension is), coordinate 2 varies most.
        let columns: [[Float]] = [[5, 0.1, 3, 0], [5, -0.1, -3, 0], [5, 0.2, 1, 0.5], [5, -0.2, -1, -0.5]]
        let map = try PostingMap(postingVectors: DenseMatrix(rows: 4, cols: 4, values: columns.flatMap { $0 }))
        XCTAssertEqual(abs(map.directions[2, 0]), 1, accuracy: 0.05)
        XCTAssertEqual(map.directions[0, 0], 0, accuracy: 1e-4)
        XCTAssertGreaterThan(map.varianceShare[0], 0.9)
    }

    func testDegenerateCorporaGiveZerosNotNaN() throws {
        let one = try PostingMap(postingVectors: DenseMatrix(rows: 3, cols: 1, values: [1, 0, 0]))
        XCTAssertEqual(one.axes, 0)
        XCTAssertEqual(one.x, [0]); XCTAssertEqual(one.y, [0])
        let p = one.project([0, 1, 0])
        XCTAssertEqual(p.x, 0); XCTAssertEqual(p.y, 0)
        let line = try PostingMap(postingVectors: DenseMatrix(rows: 2, cols: 3, values: [1, 0, 0, 1, 0.6, 0.4]))
        XCTAssertEqual(line.axes, 1)   // the three points are on one line
        XCTAssertTrue((line.x + line.y).allSatisfy(\.isFinite))
    }
}
