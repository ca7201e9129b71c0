import XCTest
import LinearAlgebra

final class TruncatedSVDTests: XCTestCase {
    /// Exactly rank-`rank` `rows × cols` matrix F·G with sparse factors, so the product has zeros
    /// and goes into CSR without losing its rank.
    private func lowRank(_ rows: Int, _ cols: Int, rank: Int, seed: UInt64) throws -> (CSRMatrix, DenseMatrix) {
        var g = SeededGenerator(seed: seed)
        let f = DenseMatrix(rows: rows, cols: rank, values: (0 ..< rows * rank).map { _ in
            Float.random(in: 0 ..< 1, using: &g) < 0.5 ? 0 : Float.random(in: -1 ..< 1, using: &g) })
        let h = DenseMatrix(rows: rank, cols: cols, values: (0 ..< rank * cols).map { _ in
            Float.random(in: 0 ..< 1, using: &g) < 0.5 ? 0 : Float.random(in: -1 ..< 1, using: &g) })
        let dense = f.multiplied(by: h)
        let csr = try TestSupport.csr(dense)
        return (csr, csr.dense())
    }

    /// U · diag(S) · Vᵀ.
    private func reconstruct(_ r: SVDResult) -> DenseMatrix {
        var us = r.u
        for j in 0 ..< r.singularValues.count { for i in 0 ..< us.rows { us[i, j] *= r.singularValues[j] } }
        return us.multiplied(by: r.v, transposeOther: true)
    }

    private func assertWellFormed(_ r: SVDResult, rows: Int, cols: Int, file: StaticString = #filePath, line: UInt = #line) {
        let k = r.singularValues.count
        XCTAssertEqual(r.u.rows, rows, file: file, line: line); XCTAssertEqual(r.u.cols, k, file: file, line: line)
        XCTAssertEqual(r.v.rows, cols, file: file, line: line); XCTAssertEqual(r.v.cols, k, file: file, line: line)
        XCTAssertEqual(r.explainedVarianceRatio.count, k, file: file, line: line)
        XCTAssertLessThanOrEqual(TestSupport.orthonormalityError(r.u), 1e-4, "UᵀU ≠ I", file: file, line: line)
        XCTAssertLessThanOrEqual(TestSupport.orthonormalityError(r.v), 1e-4, "VᵀV ≠ I", file: file, line: line)
        for j in 0 ..< k {
            XCTAssertGreaterThanOrEqual(r.singularValues[j], 0, file: file, line: line)
            if j > 0 { XCTAssertLessThanOrEqual(r.singularValues[j], r.singularValues[j - 1], "not descending", file: file, line: line) }
            // Sign convention: the largest-magnitude entry of V's column is positive.
            let column = r.v.column(j)
            let top = column.indices.max { abs(column[$0]) < abs(column[$1]) || (abs(column[$0]) == abs(column[$1]) && $0 > $1) }!
            XCTAssertGreaterThan(column[top], 0, "component \(j) sign", file: file, line: line)
        }
        XCTAssertLessThanOrEqual(r.explainedVarianceRatio.reduce(0, +), 1 + 1e-5, file: file, line: line)
    }

    /// Without U (`leftVectors: false`, what `LSAModel.fit` asks: it projects through V), V, σ and the
    /// variance ratios are the same bits, and no `rows × k` U is made.
    func testFitWithoutLeftVectorsKeepsTheSameBits() throws {
        let a = try TestSupport.randomCSR(500, 120, density: 0.08, seed: 31)
        let svd = TruncatedSVD(components: 12, oversamples: 6, powerIterations: 3, seed: 5)
        let full = try svd.fit(a), light = try svd.fit(a, leftVectors: false)
        XCTAssertEqual(light.u.rows, 500)
        XCTAssertEqual(light.u.cols, 0)
        XCTAssertEqual(light.v.values.map(\.bitPattern), full.v.values.map(\.bitPattern))
        XCTAssertEqual(light.singularValues.map(\.bitPattern), full.singularValues.map(\.bitPattern))
        XCTAssertEqual(light.explainedVarianceRatio, full.explainedVarianceRatio)
    }

    func testReconstructsLowRankMatrix() throws {
        let (a, dense) = try lowRank(60, 45, rank: 5, seed: 1)
        XCTAssertLessThan(a.nonZeroCount, 60 * 45, "the test matrix should be sparse")
        let r = try TruncatedSVD(components: 5).fit(a)
        XCTAssertEqual(r.singularValues.count, 5)
        assertWellFormed(r, rows: 60, cols: 45)
        XCTAssertLessThanOrEqual(TestSupport.relativeError(reconstruct(r), dense), 1e-3)
        // Rank 5 captured entirely: the ratios sum to 1.
        XCTAssertEqual(r.explainedVarianceRatio.reduce(0, +), 1, accuracy: 1e-4)
    }

    func testTopSingularValuesMatchExact() throws {
        let a = try TestSupport.randomCSR(80, 50, density: 0.3, seed: 2)
        let exact = try TruncatedSVD.exact(a.dense())
        XCTAssertEqual(exact.singularValues.count, 50)
        // Random matrices have a flat spectrum, the hard case: more power iterations sharpen it.
        let r = try TruncatedSVD(components: 5, oversamples: 10, powerIterations: 10).fit(a)
        XCTAssertEqual(r.singularValues.count, 5)
        assertWellFormed(r, rows: 80, cols: 50)
        for j in 0 ..< 5 {
            XCTAssertEqual(r.singularValues[j], exact.singularValues[j], accuracy: 1e-3 * exact.singularValues[j], "σ\(j)")
        }
        // With l = min(rows, cols) the sketch spans everything: exact to float precision.
        let full = try TruncatedSVD(components: 40, oversamples: 10).fit(a)
        XCTAssertEqual(full.singularValues.count, 40)
        for j in 0 ..< 40 {
            XCTAssertEqual(full.singularValues[j], exact.singularValues[j], accuracy: 1e-3 * exact.singularValues[j], "σ\(j)")
        }
    }

    func testSameSeedIsBitIdenticalAndSeedsAgree() throws {
        let (a, _) = try lowRank(70, 50, rank: 5, seed: 3)
        let r1 = try TruncatedSVD(components: 5, seed: 7).fit(a)
        let r2 = try TruncatedSVD(components: 5, seed: 7).fit(a)
        XCTAssertEqual(r1.singularValues, r2.singularValues)
        XCTAssertEqual(r1.u, r2.u)
        XCTAssertEqual(r1.v, r2.v)
        let r3 = try TruncatedSVD(components: 5, seed: 8).fit(a)
        for j in 0 ..< 5 {
            XCTAssertEqual(r1.singularValues[j], r3.singularValues[j], accuracy: 1e-4 * r1.singularValues[0])
        }
        // Deterministic signs make the vectors themselves agree across seeds.
        XCTAssertLessThanOrEqual(TestSupport.relativeError(r3.v, r1.v), 1e-3)
        XCTAssertLessThanOrEqual(TestSupport.relativeError(r3.u, r1.u), 1e-3)
    }

    func testParallelProductsStayDeterministic() throws {
        // ~90k nonzeros × l = 15 crosses the threshold for the multi-threaded sparse kernels.
        // Exactly rank 5, so the truncated SVD is exact and U = A·V·diag(1/σ) must hold.
        let (a, _) = try lowRank(400, 300, rank: 5, seed: 10)
        XCTAssertGreaterThan(a.nonZeroCount * 15, 1 << 16)
        let r1 = try TruncatedSVD(components: 5, seed: 3).fit(a)
        let r2 = try TruncatedSVD(components: 5, seed: 3).fit(a)
        XCTAssertEqual(r1.singularValues, r2.singularValues)
        XCTAssertEqual(r1.u, r2.u)
        XCTAssertEqual(r1.v, r2.v)
        assertWellFormed(r1, rows: 400, cols: 300)
        // U = A·V·diag(1/σ) for an exact SVD: ties U to V (and their signs) through the sparse product.
        let av = a.multiplied(by: r1.v)
        for j in 0 ..< 5 { for i in 0 ..< 400 {
            XCTAssertEqual(av[i, j] / r1.singularValues[j], r1.u[i, j], accuracy: 1e-4)
        } }
    }

    func testComponentsClipped() throws {
        // k > min(rows, cols): clipped to 8 on a full-rank 10 × 8 matrix; ratios then sum to 1.
        let a = try TestSupport.randomCSR(10, 8, density: 0.8, seed: 4)
        let r = try TruncatedSVD(components: 50).fit(a)
        XCTAssertEqual(r.singularValues.count, 8)
        assertWellFormed(r, rows: 10, cols: 8)
        XCTAssertEqual(r.explainedVarianceRatio.reduce(0, +), 1, accuracy: 1e-4)
        XCTAssertLessThanOrEqual(TestSupport.relativeError(reconstruct(r), a.dense()), 1e-4)

        // k > rank: noise components beyond the rank fall under the 1e-6 relative tolerance.
        let (low, dense) = try lowRank(40, 30, rank: 5, seed: 5)
        let rl = try TruncatedSVD(components: 20).fit(low)
        XCTAssertEqual(rl.singularValues.count, 5, "σ = \(rl.singularValues)")
        assertWellFormed(rl, rows: 40, cols: 30)
        XCTAssertLessThanOrEqual(TestSupport.relativeError(reconstruct(rl), dense), 1e-3)
    }

    func testRejectsEmptyInputs() throws {
        let noNonzeros = try CSRMatrix(rows: 3, cols: 3, rowPointers: [0, 0, 0, 0], columnIndices: [], values: [])
        let noRows = try CSRMatrix(rows: 0, cols: 3, rowPointers: [0], columnIndices: [], values: [])
        let noCols = try CSRMatrix(rows: 2, cols: 0, rowPointers: [0, 0, 0], columnIndices: [], values: [])
        let zeros = try CSRMatrix(rows: 2, cols: 2, rowPointers: [0, 1, 1], columnIndices: [0], values: [0])
        for m in [noNonzeros, noRows, noCols, zeros] {
            XCTAssertThrowsError(try TruncatedSVD(components: 2).fit(m)) { error in
                guard case LinearAlgebraError.shapeMismatch = error else { return XCTFail("got \(error)") }
            }
        }
        let (a, _) = try lowRank(10, 10, rank: 2, seed: 6)
        XCTAssertThrowsError(try TruncatedSVD(components: 0).fit(a))
    }

    func testExactSVD() throws {
        let a = TestSupport.randomDense(9, 6, seed: 9)
        let r = try TruncatedSVD.exact(a)
        XCTAssertEqual(r.singularValues.count, 6)
        assertWellFormed(r, rows: 9, cols: 6)
        XCTAssertLessThanOrEqual(TestSupport.relativeError(reconstruct(r), a), 1e-5)
        XCTAssertEqual(r.explainedVarianceRatio.reduce(0, +), 1, accuracy: 1e-4)
        // Wide matrices too.
        let w = try TruncatedSVD.exact(a.transposed())
        assertWellFormed(w, rows: 6, cols: 9)
        XCTAssertLessThanOrEqual(TestSupport.relativeError(reconstruct(w), a.transposed()), 1e-5)
        let empty = try TruncatedSVD.exact(DenseMatrix(zeros: 0, 4))
        XCTAssertEqual(empty.singularValues, [])
    }
}
