import XCTest
import LinearAlgebra

final class DenseMatrixTests: XCTestCase {
    func testLayoutIsColumnMajor() {
        var m = DenseMatrix(rows: 2, cols: 3, values: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(m[1, 0], 2); XCTAssertEqual(m[0, 2], 5)
        XCTAssertEqual(m.column(1), [3, 4])
        m[1, 2] = 9
        XCTAssertEqual(m.values[5], 9)
        XCTAssertEqual(DenseMatrix(zeros: 2, 2).values, [0, 0, 0, 0])
    }

    func testTransposed() {
        let m = TestSupport.randomDense(37, 45, seed: 3)
        let t = m.transposed()
        XCTAssertEqual(t.rows, 45); XCTAssertEqual(t.cols, 37)
        for i in 0 ..< 37 { for j in 0 ..< 45 { XCTAssertEqual(t[j, i], m[i, j]) } }
        XCTAssertEqual(t.transposed(), m)
    }

    func testMultipliedAllTransposeFlags() {
        let a = TestSupport.randomDense(5, 7, seed: 1)
        let b = TestSupport.randomDense(7, 3, seed: 2)
        let reference = TestSupport.naiveProduct(a, b)
        XCTAssertLessThanOrEqual(TestSupport.relativeError(a.multiplied(by: b), reference), 1e-5)
        XCTAssertLessThanOrEqual(TestSupport.relativeError(a.transposed().multiplied(by: b, transposeSelf: true), reference), 1e-5)
        XCTAssertLessThanOrEqual(TestSupport.relativeError(a.multiplied(by: b.transposed(), transposeOther: true), reference), 1e-5)
        XCTAssertLessThanOrEqual(TestSupport.relativeError(
            a.transposed().multiplied(by: b.transposed(), transposeSelf: true, transposeOther: true), reference), 1e-5)
    }

    func testMultipliedWithZeroInnerDimension() {
        let c = DenseMatrix(zeros: 3, 0).multiplied(by: DenseMatrix(zeros: 0, 2))
        XCTAssertEqual(c, DenseMatrix(zeros: 3, 2))
    }
}

final class DenseMatrixRowDotTests: XCTestCase {
    func testRowDotMatchesNaiveSum() {
        let m = DenseMatrix(rows: 3, cols: 4, values: (0..<12).map { Float($0) * 0.5 - 2 })
        let x: [Float] = [1, -2, 0.5, 3]
        for i in 0..<3 {
            var expected: Float = 0
            for j in 0..<4 { expected += m[i, j] * x[j] }
            XCTAssertEqual(m.rowDot(i, with: x), expected, accuracy: 1e-5)
        }
        XCTAssertEqual(DenseMatrix(rows: 2, cols: 0, values: []).rowDot(1, with: []), 0)
    }
}
