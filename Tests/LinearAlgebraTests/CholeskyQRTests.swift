import XCTest
@testable import LinearAlgebra

/// CholeskyQR2 (the randomized SVD's orthonormalization) and its fallbacks.
final class CholeskyQRTests: XCTestCase {
    func gram(_ q: [Float], rows: Int, cols: Int) -> DenseMatrix {
        DenseMatrix(rows: rows, cols: cols, values: q).multiplied(by: DenseMatrix(rows: rows, cols: cols, values: q), transposeSelf: true)
    }

    func testFactorsATallMatrixIntoOrthonormalColumnsAndAnUpperTriangle() throws {
        let (rows, cols) = (600, 24)
        let x = TestSupport.randomDense(rows, cols, seed: 11)
        var q = x.values
        let r = try XCTUnwrap(LAPACK.choleskyQR2(&q, rows: rows, cols: cols))
        let g = gram(q, rows: rows, cols: cols)
        for i in 0 ..< cols { for j in 0 ..< cols { XCTAssertEqual(g[i, j], i == j ? 1 : 0, accuracy: 2e-5) } }
        let rm = DenseMatrix(rows: cols, cols: cols, values: r)
        for j in 0 ..< cols { for i in (j + 1) ..< cols { XCTAssertEqual(rm[i, j], 0) } }
        let back = DenseMatrix(rows: rows, cols: cols, values: q).multiplied(by: rm)
        for (a, b) in zip(back.values, x.values) { XCTAssertEqual(a, b, accuracy: 1e-4) }
    }

    func testRankDeficientInputFallsBackToHouseholder() throws {
        let (rows, cols) = (300, 10)
        var x = TestSupport.randomDense(rows, cols, seed: 5)
        for i in 0 ..< rows { x[i, 7] = x[i, 2] }          // two equal columns
        var q = x.values
        XCTAssertNil(LAPACK.choleskyQR2(&q, rows: rows, cols: cols))
        XCTAssertEqual(q, x.values, "a failed CholeskyQR2 leaves X as it was")
        try LAPACK.orthonormalizeTall(&q, rows: rows, cols: cols)
        let g = gram(q, rows: rows, cols: cols)
        for i in 0 ..< cols { XCTAssertEqual(g[i, i], 1, accuracy: 1e-4) }
    }

    func testTallThinSVDAgreesWithHouseholderSVD() throws {
        let (rows, cols) = (800, 30)
        let x = TestSupport.randomDense(rows, cols, seed: 3)
        var a = x.values, b = x.values
        let fast = try LAPACK.tallThinSVD(&a, rows: rows, cols: cols)
        let reference = try LAPACK.thinSVD(&b, rows: rows, cols: cols)
        for (s, t) in zip(fast.s, reference.s) { XCTAssertEqual(s, t, accuracy: 1e-4 * reference.s[0]) }
        // U Σ Vᵀ rebuilds X.
        var us = fast.u
        for j in 0 ..< cols { for i in 0 ..< rows { us[i + j * rows] *= fast.s[j] } }
        let back = DenseMatrix(rows: rows, cols: cols, values: us).multiplied(by: DenseMatrix(rows: cols, cols: cols, values: fast.vt))
        for (p, q) in zip(back.values, x.values) { XCTAssertEqual(p, q, accuracy: 1e-4) }
    }
}
