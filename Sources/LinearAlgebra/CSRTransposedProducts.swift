import CLAPACK

/// Products of a CSR matrix that give the transposed result `(A · B)ᵀ` directly, for folding texts into
/// a latent space: with A the texts' TF-IDF rows (`rows × cols`) and B the basis V (`cols × n`), column r
/// of the result is text r's projection. Neither B nor the result is transposed on the way.
extension CSRMatrix {
    /// `(self · B)ᵀ` (`n × rows`, column-major) with B given row-major as `bt` (`cols × n`, i.e. Bᵀ
    /// column-major): each nonzero is one contiguous `saxpy` of n floats. For many rows against a basis
    /// transposed once.
    public func transposedProduct(rowMajor bt: UnsafePointer<Float>, n: Int) -> DenseMatrix {
        var result = DenseMatrix(zeros: n, rows)
        if rows == 0 || n == 0 || cols == 0 { return result }
        result.values.withUnsafeMutableBufferPointer { out in
            // Row-major rows × n is column-major n × rows: the kernel writes the result in place.
            SparseKernels.multiplyRowMajor(self, bt: bt, n: n, out: out.baseAddress!)
        }
        return result
    }

    /// `(self · B)ᵀ` (`n × rows`, column-major) with B column-major (`cols × n`): each nonzero is one
    /// strided `saxpy` over a row of B (stride `cols`). No copy of B, so it suits a few rows (one query)
    /// against a large basis; for many rows transpose B once and use `transposedProduct(rowMajor:n:)`.
    public func transposedProduct(strided b: DenseMatrix) -> DenseMatrix {
        precondition(b.rows == cols, "CSRMatrix.transposedProduct: A is \(rows) × \(cols) but B is \(b.rows) × \(b.cols)")
        let n = b.cols, m = b.rows
        var result = DenseMatrix(zeros: n, rows)
        if rows == 0 || n == 0 || cols == 0 { return result }
        b.values.withUnsafeBufferPointer { bp in
            result.values.withUnsafeMutableBufferPointer { out in
                for r in 0 ..< rows {
                    let dst = out.baseAddress! + r * n
                    for p in rowPointers[r] ..< rowPointers[r + 1] {
                        cblas_saxpy(Int32(n), values[p], bp.baseAddress! + Int(columnIndices[p]), Int32(m), dst, 1)
                    }
                }
            }
        }
        return result
    }
}
