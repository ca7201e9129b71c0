import XCTest
@testable import LinearAlgebra

final class CSRMatrixTests: XCTestCase {
    private func assertShapeError(_ body: @autoclosure () throws -> CSRMatrix, contains fragment: String,
                                  file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard case LinearAlgebraError.shapeMismatch(let what) = error else {
                return XCTFail("expected shapeMismatch, got \(error)", file: file, line: line)
            }
            XCTAssertTrue(what.contains(fragment), "message \"\(what)\" lacks \"\(fragment)\"", file: file, line: line)
        }
    }

    func testValidationErrors() {
        assertShapeError(try CSRMatrix(rows: 2, cols: 3, rowPointers: [0, 1], columnIndices: [0], values: [1]),
                         contains: "rowPointers has 2 entries")
        assertShapeError(try CSRMatrix(rows: 2, cols: 3, rowPointers: [0, 2, 1], columnIndices: [0, 1], values: [1, 2]),
                         contains: "decrease")
        assertShapeError(try CSRMatrix(rows: 2, cols: 3, rowPointers: [0, 1, 1], columnIndices: [0, 1], values: [1, 2]),
                         contains: "ends at 1")
        assertShapeError(try CSRMatrix(rows: 1, cols: 3, rowPointers: [0, 1], columnIndices: [3], values: [1]),
                         contains: "column index 3")
        assertShapeError(try CSRMatrix(rows: 1, cols: 3, rowPointers: [0, 1], columnIndices: [-1], values: [1]),
                         contains: "column index -1")
        assertShapeError(try CSRMatrix(rows: 1, cols: 3, rowPointers: [0, 1], columnIndices: [0], values: [.nan]),
                         contains: "not finite")
        assertShapeError(try CSRMatrix(rows: 1, cols: 3, rowPointers: [0, 1], columnIndices: [0], values: [.infinity]),
                         contains: "not finite")
        assertShapeError(try CSRMatrix(rows: 1, cols: 3, rowPointers: [0, 2], columnIndices: [0], values: [1, 2]),
                         contains: "1 column indices but 2 values")
        assertShapeError(try CSRMatrix(rows: 1, cols: 3, rowPointers: [1, 1], columnIndices: [0], values: [1]),
                         contains: "rowPointers[0]")
    }

    func testSortsAndMergesDuplicates() throws {
        let m = try CSRMatrix(rows: 3, cols: 4, rowPointers: [0, 4, 4, 6],
                              columnIndices: [3, 1, 3, 0, 2, 2], values: [1, 2, 10, 4, 5, -5])
        XCTAssertEqual(m.rowPointers, [0, 3, 3, 4])
        XCTAssertEqual(m.columnIndices, [0, 1, 3, 2])
        XCTAssertEqual(m.values, [4, 2, 11, 0])
        XCTAssertEqual(m.nonZeroCount, 4)
        let d = m.dense()
        XCTAssertEqual(d[0, 3], 11); XCTAssertEqual(d[0, 0], 4); XCTAssertEqual(d[0, 1], 2); XCTAssertEqual(d[2, 2], 0)
    }

    func testSortedInputKeptAsIs() throws {
        let m = try CSRMatrix(rows: 2, cols: 3, rowPointers: [0, 2, 3], columnIndices: [0, 2, 1], values: [1, 2, 3])
        XCTAssertEqual(m.columnIndices, [0, 2, 1])
        XCTAssertEqual(m.values, [1, 2, 3])
    }

    private func checkProducts(_ a: CSRMatrix, n: Int, seed: UInt64, file: StaticString = #filePath, line: UInt = #line) {
        let dense = a.dense()
        let b = TestSupport.randomDense(a.cols, n, seed: seed)
        let ab = a.multiplied(by: b)
        XCTAssertEqual(ab.rows, a.rows, file: file, line: line); XCTAssertEqual(ab.cols, n, file: file, line: line)
        XCTAssertLessThanOrEqual(TestSupport.relativeError(ab, TestSupport.naiveProduct(dense, b)), 1e-4, "A·B", file: file, line: line)
        let bt = TestSupport.randomDense(a.rows, n, seed: seed &+ 1)
        let atb = a.transposeMultiplied(by: bt)
        XCTAssertEqual(atb.rows, a.cols, file: file, line: line); XCTAssertEqual(atb.cols, n, file: file, line: line)
        XCTAssertLessThanOrEqual(TestSupport.relativeError(atb, TestSupport.naiveProduct(dense, bt, transposeA: true)), 1e-4,
                                 "Aᵀ·B", file: file, line: line)
        // Also against BLAS sgemm through DenseMatrix.
        XCTAssertLessThanOrEqual(TestSupport.relativeError(ab, dense.multiplied(by: b)), 1e-4, file: file, line: line)
        XCTAssertLessThanOrEqual(TestSupport.relativeError(atb, dense.multiplied(by: bt, transposeSelf: true)), 1e-4, file: file, line: line)
    }

    func testProductsSmallShapes() throws {
        checkProducts(try TestSupport.randomCSR(13, 9, density: 0.3, seed: 1, emptyRows: [0, 5, 12]), n: 4, seed: 11)
        checkProducts(try TestSupport.randomCSR(1, 17, density: 0.5, seed: 2), n: 3, seed: 12)
        checkProducts(try TestSupport.randomCSR(19, 1, density: 0.5, seed: 3), n: 5, seed: 13)
        checkProducts(try TestSupport.randomCSR(8, 6, density: 0.4, seed: 4), n: 1, seed: 14)
    }

    func testProductsLargeEnoughForParallelPath() throws {
        // nnz · n ≈ 300 · 400 · 0.05 · 37 ≈ 220k > 2¹⁶: takes the multi-threaded kernels.
        let a = try TestSupport.randomCSR(300, 400, density: 0.05, seed: 5, emptyRows: Set(stride(from: 0, to: 300, by: 7)))
        XCTAssertGreaterThan(a.nonZeroCount * 37, 1 << 16)
        checkProducts(a, n: 37, seed: 15)
    }

    func testTransposedSwapsRowsAndColumns() throws {
        let a = try TestSupport.randomCSR(23, 17, density: 0.3, seed: 6, emptyRows: [0, 9])
        let at = a.transposed()
        XCTAssertEqual(at.rows, 17); XCTAssertEqual(at.cols, 23); XCTAssertEqual(at.nonZeroCount, a.nonZeroCount)
        XCTAssertEqual(at.dense(), a.dense().transposed())
        XCTAssertEqual(at.transposed(), a)          // entries ascend by row of A: transposing back gives A's layout
        let empty = try CSRMatrix(rows: 2, cols: 3, rowPointers: [0, 0, 0], columnIndices: [], values: [])
        XCTAssertEqual(empty.transposed().rowPointers, [0, 0, 0, 0])
    }

    /// The bits of `Aᵀ · B` are fixed: element (c, l) is the sum over rows of A before the cut plus the
    /// sum over rows from the cut on, each in row order, one rounded multiply and one rounded add per
    /// entry (model files depend on it; the thread count must not). Reference written out plainly here.
    func testTransposeProductBitsAreTheBlockSums() throws {
        for (rows, cols, n, seed) in [(300, 400, 37, UInt64(21)), (41, 13, 3, 22), (1000, 90, 64, 23)] {
            let a = try TestSupport.randomCSR(rows, cols, density: 0.05, seed: seed, emptyRows: Set(stride(from: 0, to: rows, by: 11)))
            let b = TestSupport.randomDense(rows, n, seed: seed &+ 100)
            let cut = SparseKernels.transposeCut(a, n: n)
            if a.nonZeroCount * n >= 1 << 16 { XCTAssertLessThan(cut, rows, "a product this size is cut in two") }
            var first = [Float](repeating: 0, count: cols * n), second = first
            for r in 0 ..< rows {
                for p in a.rowPointers[r] ..< a.rowPointers[r + 1] {
                    let c = Int(a.columnIndices[p])
                    for l in 0 ..< n {
                        let term = a.values[p] * b[r, l]
                        if r < cut { first[c * n + l] = first[c * n + l] + term } else { second[c * n + l] = second[c * n + l] + term }
                    }
                }
            }
            let atb = a.transposeMultiplied(by: b)
            for c in 0 ..< cols {
                for l in 0 ..< n {
                    let expected = first[c * n + l] + second[c * n + l]
                    XCTAssertEqual(atb[c, l].bitPattern, expected.bitPattern, "(\(c), \(l)) of \(rows) × \(cols), n = \(n)")
                }
            }
            XCTAssertEqual(a.transposeMultiplied(by: b, using: a.transposed()), atb)
        }
    }

    /// `Aᵀ · B` is scattered from A's rows (no Aᵀ is formed: issue 27, bounded memory): the same bits with
    /// 1, 2 or 3 threads, and as the gather from a transposed copy.
    func testTransposeProductWithoutTheTransposeHasTheSameBitsOnAnyThreadCount() throws {
        for (rows, cols, n, seed) in [(900, 300, 40, UInt64(41)), (50, 20, 5, 42), (2000, 700, 17, 43)] {
            let a = try TestSupport.randomCSR(rows, cols, density: 0.04, seed: seed, emptyRows: Set(stride(from: 0, to: rows, by: 7)))
            let b = TestSupport.randomDense(rows, n, seed: seed &+ 9)
            let gathered = a.transposeMultiplied(by: b, using: a.transposed())
            for threads in [1, 2, 3] {
                let scattered = a.transposeMultiplied(by: b, threads: threads)
                XCTAssertEqual(scattered.values.map(\.bitPattern), gathered.values.map(\.bitPattern), "\(rows) × \(cols), n = \(n), \(threads) threads")
            }
        }
    }

    func testProductsWithEmptyOperands() throws {
        let a = try CSRMatrix(rows: 3, cols: 2, rowPointers: [0, 0, 0, 0], columnIndices: [], values: [])
        let ab = a.multiplied(by: TestSupport.randomDense(2, 4, seed: 1))
        XCTAssertEqual(ab, DenseMatrix(zeros: 3, 4))
        let atb = a.transposeMultiplied(by: DenseMatrix(zeros: 3, 0))
        XCTAssertEqual(atb.rows, 2); XCTAssertEqual(atb.cols, 0)
    }

    func testFrobeniusNorm() throws {
        let m = try CSRMatrix(rows: 2, cols: 2, rowPointers: [0, 1, 2], columnIndices: [1, 0], values: [3, 4])
        XCTAssertEqual(m.frobeniusNorm, 5, accuracy: 1e-6)
    }
}
