import CLAPACK

/// Sparse `rows × cols` matrix in compressed sparse row form (documents × terms in the engine).
/// Row r holds `columnIndices[rowPointers[r] ..< rowPointers[r+1]]` (sorted ascending, unique) with `values`.
/// Column indices are `Int32` to halve index traffic in the products, which are memory-bound.
public struct CSRMatrix: Equatable, Sendable {
    public var rows: Int
    public var cols: Int
    public var rowPointers: [Int]
    public var columnIndices: [Int32]
    public var values: [Float]

    /// Validates shapes and index ranges; sorts and merges duplicate column indices per row (summing).
    /// Throws `.shapeMismatch` naming the first problem found. Input already sorted and unique is
    /// kept as is (no copy).
    public init(rows: Int, cols: Int, rowPointers: [Int], columnIndices: [Int32], values: [Float]) throws {
        guard rows >= 0, cols >= 0 else {
            throw LinearAlgebraError.shapeMismatch("CSR shape \(rows) × \(cols) is negative")
        }
        guard cols <= Int(Int32.max) else {
            throw LinearAlgebraError.shapeMismatch("CSR has \(cols) columns, more than Int32 indices can address")
        }
        guard rowPointers.count == rows + 1 else {
            throw LinearAlgebraError.shapeMismatch("CSR rowPointers has \(rowPointers.count) entries, expected rows + 1 = \(rows + 1)")
        }
        guard columnIndices.count == values.count else {
            throw LinearAlgebraError.shapeMismatch("CSR has \(columnIndices.count) column indices but \(values.count) values")
        }
        guard rowPointers[0] == 0 else {
            throw LinearAlgebraError.shapeMismatch("CSR rowPointers[0] is \(rowPointers[0]), expected 0")
        }
        for r in 0 ..< rows where rowPointers[r + 1] < rowPointers[r] {
            throw LinearAlgebraError.shapeMismatch("CSR rowPointers decrease at row \(r) (\(rowPointers[r]) → \(rowPointers[r + 1]))")
        }
        guard rowPointers[rows] == values.count else {
            throw LinearAlgebraError.shapeMismatch("CSR rowPointers ends at \(rowPointers[rows]) but there are \(values.count) nonzeros")
        }
        let c32 = Int32(truncatingIfNeeded: cols)
        var sorted = true
        for r in 0 ..< rows {
            var previous: Int32 = -1
            for p in rowPointers[r] ..< rowPointers[r + 1] {
                let c = columnIndices[p]
                guard c >= 0, c < c32 else {
                    throw LinearAlgebraError.shapeMismatch("CSR column index \(c) in row \(r) outside 0..<\(cols)")
                }
                guard values[p].isFinite else {
                    throw LinearAlgebraError.shapeMismatch("CSR value \(values[p]) at row \(r), column \(c) is not finite")
                }
                if c <= previous { sorted = false }
                previous = c
            }
        }
        self.rows = rows
        self.cols = cols
        if sorted {
            self.rowPointers = rowPointers
            self.columnIndices = columnIndices
            self.values = values
            return
        }
        // Rebuild row by row: sort each row's entries by column, sum runs of equal columns.
        var newPointers = [Int](repeating: 0, count: rows + 1)
        var newIndices = [Int32](); newIndices.reserveCapacity(columnIndices.count)
        var newValues = [Float](); newValues.reserveCapacity(values.count)
        var order = [Int]()
        for r in 0 ..< rows {
            let start = rowPointers[r], end = rowPointers[r + 1]
            order.removeAll(keepingCapacity: true)
            order.append(contentsOf: start ..< end)
            order.sort { columnIndices[$0] != columnIndices[$1] ? columnIndices[$0] < columnIndices[$1] : $0 < $1 }
            for p in order {
                let c = columnIndices[p]
                if newIndices.count > newPointers[r], newIndices[newIndices.count - 1] == c {
                    newValues[newValues.count - 1] += values[p]
                } else {
                    newIndices.append(c)
                    newValues.append(values[p])
                }
            }
            newPointers[r + 1] = newIndices.count
        }
        for (p, v) in newValues.enumerated() where !v.isFinite {
            throw LinearAlgebraError.shapeMismatch("CSR merged duplicate at entry \(p) overflows to \(v)")
        }
        self.rowPointers = newPointers
        self.columnIndices = newIndices
        self.values = newValues
    }

    /// Number of stored entries (explicit zeros included).
    public var nonZeroCount: Int { values.count }

    /// `self · B` for dense B (`cols × n`, column-major) → `rows × n`. Hand-written: BLAS has no CSR
    /// routine. B is first transposed to row-major so each nonzero is an axpy over n contiguous floats.
    public func multiplied(by b: DenseMatrix) -> DenseMatrix {
        precondition(b.rows == cols, "CSRMatrix.multiplied: A is \(rows) × \(cols) but B is \(b.rows) × \(b.cols)")
        let n = b.cols
        var result = DenseMatrix(zeros: rows, n)
        if rows == 0 || n == 0 || cols == 0 { return result }
        let bt = b.transposed()            // n × cols col-major = cols × n row-major
        var outRowMajor = [Float](repeating: 0, count: rows * n)
        bt.values.withUnsafeBufferPointer { btp in
            outRowMajor.withUnsafeMutableBufferPointer { op in
                SparseKernels.multiplyRowMajor(self, bt: btp.baseAddress!, n: n, out: op.baseAddress!)
            }
        }
        outRowMajor.withUnsafeBufferPointer { src in
            result.values.withUnsafeMutableBufferPointer { dst in
                Transpose.copy(src.baseAddress, rows: n, cols: rows, into: dst.baseAddress)
            }
        }
        return result
    }

    /// `selfᵀ · B` for dense B (`rows × n`, column-major) → `cols × n`, without forming `selfᵀ`: each row
    /// of self scatters into the output rows of its columns (`SparseKernels.scatterTransposeMultiplyRowMajor`).
    /// The same bits as `transposeMultiplied(by:using:)` (the block sums of `transposeCut`), with any thread
    /// count; memory: the result and its row-major copy, B's row-major copy, and `cols × n` floats of
    /// scratch when the product is cut — never a second copy of the matrix.
    /// - Parameter threads: threads to use (results do not depend on it).
    /// - Complexity: O(nnz · n), memory-bound.
    public func transposeMultiplied(by b: DenseMatrix, threads: Int = Parallelism.threads) -> DenseMatrix {
        precondition(b.rows == rows, "CSRMatrix.transposeMultiplied: A is \(rows) × \(cols) but B is \(b.rows) × \(b.cols)")
        let n = b.cols
        var result = DenseMatrix(zeros: cols, n)
        if rows == 0 || n == 0 || cols == 0 { return result }
        let cut = SparseKernels.transposeCut(self, n: n)
        var outRowMajor = [Float](repeating: 0, count: cols * n)
        do {
            let bt = b.transposed()            // rows × n row-major
            bt.values.withUnsafeBufferPointer { btp in
                outRowMajor.withUnsafeMutableBufferPointer { op in
                    SparseKernels.scatterTransposeMultiplyRowMajor(self, cut: cut, bt: btp.baseAddress!, n: n, out: op.baseAddress!, threads: threads)
                }
            }
        }
        outRowMajor.withUnsafeBufferPointer { src in
            result.values.withUnsafeMutableBufferPointer { dst in
                Transpose.copy(src.baseAddress, rows: n, cols: cols, into: dst.baseAddress)
            }
        }
        return result
    }

    /// `selfᵀ · B` for dense B (`rows × n`, column-major) → `cols × n`, with `at` = `self.transposed()`.
    /// Each output row gathers `a_rc · B[r, :]` over the entries of row c of `at`, four at a time, into a
    /// row that stays in cache (a scatter into random output rows costs a read and a write per nonzero).
    /// Summed per block of rows of A, blocks added in order (`SparseKernels.transposeCut`): the same bits
    /// with any thread count.
    /// - Complexity: O(nnz · n), memory-bound.
    public func transposeMultiplied(by b: DenseMatrix, using at: CSRMatrix) -> DenseMatrix {
        precondition(b.rows == rows, "CSRMatrix.transposeMultiplied: A is \(rows) × \(cols) but B is \(b.rows) × \(b.cols)")
        precondition(at.rows == cols && at.cols == rows && at.nonZeroCount == nonZeroCount,
                     "CSRMatrix.transposeMultiplied: the transpose given is \(at.rows) × \(at.cols), not that of \(rows) × \(cols)")
        let n = b.cols
        var result = DenseMatrix(zeros: cols, n)
        if rows == 0 || n == 0 || cols == 0 { return result }
        let bt = b.transposed()            // rows × n row-major
        var outRowMajor = [Float](repeating: 0, count: cols * n)
        let cut = SparseKernels.transposeCut(self, n: n)
        bt.values.withUnsafeBufferPointer { btp in
            outRowMajor.withUnsafeMutableBufferPointer { op in
                SparseKernels.transposeMultiplyRowMajor(at, cut: cut, bt: btp.baseAddress!, n: n, out: op.baseAddress!)
            }
        }
        outRowMajor.withUnsafeBufferPointer { src in
            result.values.withUnsafeMutableBufferPointer { dst in
                Transpose.copy(src.baseAddress, rows: n, cols: cols, into: dst.baseAddress)
            }
        }
        return result
    }

    /// `selfᵀ` in CSR form (`cols × rows`): row c holds column c's entries, ascending by row of `self`.
    /// - Complexity: O(nnz + rows + cols) time (a counting sort by column); nnz · 8 + (cols + 1) · 8 bytes.
    public func transposed() -> CSRMatrix {
        precondition(rows <= Int(Int32.max), "CSRMatrix.transposed: \(rows) rows, more than Int32 indices can address")
        var pointers = [Int](repeating: 0, count: cols + 1)
        for c in columnIndices { pointers[Int(c) + 1] += 1 }
        for c in 0 ..< cols { pointers[c + 1] += pointers[c] }
        var next = pointers
        var indices = [Int32](repeating: 0, count: nonZeroCount)
        var vals = [Float](repeating: 0, count: nonZeroCount)
        indices.withUnsafeMutableBufferPointer { ip in
            vals.withUnsafeMutableBufferPointer { vp in
                for r in 0 ..< rows {
                    for p in rowPointers[r] ..< rowPointers[r + 1] {
                        let c = Int(columnIndices[p])
                        let q = next[c]
                        ip[q] = Int32(truncatingIfNeeded: r)
                        vp[q] = values[p]
                        next[c] = q + 1
                    }
                }
            }
        }
        return CSRMatrix(checkedRows: cols, cols: rows, rowPointers: pointers, columnIndices: indices, values: vals)
    }

    /// Memberwise, for matrices built here from a valid one (no validation pass).
    private init(checkedRows rows: Int, cols: Int, rowPointers: [Int], columnIndices: [Int32], values: [Float]) {
        self.rows = rows
        self.cols = cols
        self.rowPointers = rowPointers
        self.columnIndices = columnIndices
        self.values = values
    }

    /// Dense copy (for tests and tiny corpora).
    public func dense() -> DenseMatrix {
        var d = DenseMatrix(zeros: rows, cols)
        for r in 0 ..< rows {
            for p in rowPointers[r] ..< rowPointers[r + 1] {
                d.values[r + Int(columnIndices[p]) * rows] += values[p]
            }
        }
        return d
    }

    /// ‖A‖_F from the stored values through `snrm2` (in chunks that fit `Int32` counts).
    public var frobeniusNorm: Float {
        values.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return 0 }
            let chunk = 1 << 30
            var start = 0
            var squares: Double = 0
            while start < buf.count {
                let len = min(chunk, buf.count - start)
                let part = Double(cblas_snrm2(Int32(len), base + start, 1))
                squares += part * part
                start += len
            }
            return Float(squares.squareRoot())
        }
    }
}
