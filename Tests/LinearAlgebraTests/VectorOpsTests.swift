import XCTest
import LinearAlgebra

final class VectorOpsTests: XCTestCase {
    func testNormDotNormalize() {
        XCTAssertEqual(VectorOps.norm([3, 4]), 5, accuracy: 1e-6)
        XCTAssertEqual(VectorOps.norm([]), 0)
        XCTAssertEqual(VectorOps.dot([1, 2, 3], [4, -5, 6]), 12, accuracy: 1e-6)
        var x: [Float] = [3, 0, 4]
        XCTAssertTrue(VectorOps.normalize(&x))
        XCTAssertEqual(x[0], 0.6, accuracy: 1e-6); XCTAssertEqual(x[2], 0.8, accuracy: 1e-6)
        var zero: [Float] = [0, 0]
        XCTAssertFalse(VectorOps.normalize(&zero))
        XCTAssertEqual(zero, [0, 0])
    }

    func testNormIsSafeFromOverflow() {
        XCTAssertEqual(VectorOps.norm([3e30, 4e30]), 5e30, accuracy: 1e24)
    }

    func testNormalizeColumns() {
        var m = DenseMatrix(rows: 2, cols: 3, values: [3, 4, 0, 0, -1, 0])
        VectorOps.normalizeColumns(&m)
        XCTAssertEqual(m.values[0], 0.6, accuracy: 1e-6); XCTAssertEqual(m.values[1], 0.8, accuracy: 1e-6)
        XCTAssertEqual(m.column(1), [0, 0])
        XCTAssertEqual(m.column(2), [-1, 0])
    }
}

final class ExactArithmeticTests: XCTestCase {
    /// exactDot agrees with a plain double sum to double rounding, strided or not, and normalize gives
    /// unit vectors whose exact norm is 1 to float rounding.
    func testExactDotAndNormalize() {
        var g = SeededGenerator(seed: 3)
        for count in [0, 1, 3, 4, 5, 200, 1001] {
            let a = TestSupport.uniform(count * 3, &g), b = TestSupport.uniform(count, &g)
            var reference = 0.0
            for i in 0 ..< count { reference += Double(a[i * 3]) * Double(b[i]) }
            let got = a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in
                count == 0 ? 0 : VectorOps.exactDot(ap.baseAddress!, bp.baseAddress!, count: count, strideA: 3)
            } }
            XCTAssertEqual(got, reference, accuracy: 1e-12 * Double(max(1, count)))
            var x = b
            if count > 0 {
                XCTAssertTrue(VectorOps.normalize(&x))
                XCTAssertEqual(Double(VectorOps.norm(x)), 1, accuracy: 1e-6)
            }
        }
    }
}

final class ExactDotLanesTests: XCTestCase {
    /// The contiguous path (four lanes at a time) and the strided path (four scalar sums) are the same
    /// definition: equal to the last bit, whatever the length.
    func testContiguousAndStridedPathsAgreeBitForBit() {
        var g = SeededGenerator(seed: 9)
        for count in [1, 3, 4, 7, 8, 199, 200, 1003] {
            let a = TestSupport.uniform(count, &g), b = TestSupport.uniform(count, &g)
            var spacedA = [Float](repeating: 0, count: 2 * count), spacedB = spacedA
            for i in 0 ..< count { spacedA[2 * i] = a[i]; spacedB[2 * i] = b[i] }
            let contiguous = VectorOps.exactDot(a, b, count: count)
            let strided = VectorOps.exactDot(spacedA, spacedB, count: count, strideA: 2, strideB: 2)
            XCTAssertEqual(contiguous.bitPattern, strided.bitPattern, "count \(count)")
        }
    }
}
