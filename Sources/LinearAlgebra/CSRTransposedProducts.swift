import CLAPACK

/// Products of a CSR matrix that give the transposed result `(A · B)ᵀ` directly, for folding texts into
/// a latent space: with A the texts' TF-IDF rows (`rows × cols`) and B the basis V (`cols × n`), column r
/// of the result is text r's projection. Neither B nor the result is transposed on the way.
///
/// Both give the same bits on every CPU and thread count, and the same bits as each other: element l of
/// column r is Σ_p a_rp · B[c_p, l] summed in CSR order, one rounded multiply and one rounded add per
/// term (no BLAS kernel, whose FMA use and SIMD width vary by CPU). A text folded alone (`rank`) and the
/// same text folded in a block (`batch`) therefore get identical vectors.
extension CSRMatrix {
    /// `(self · B)ᵀ` (`n × rows`, column-major) with B given row-major as `bt` (`cols × n`, i.e. Bᵀ
    /// column-major): each nonzero is one contiguous axpy of n floats. For many rows against a basis
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
    /// strided axpy over a row of B (stride `cols`). No copy of B, so it suits a few rows (one query)
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
                        let a = values[p], src = bp.baseAddress! + Int(columnIndices[p])
                        for l in 0 ..< n { dst[l] += a * src[l * m] }
                    }
                }
            }
        }
        return result
    }
}
