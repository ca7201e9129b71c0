import CLAPACK

/// Result of a truncated SVD A ≈ U · diag(S) · Vᵀ of a `rows × cols` matrix A, rank k.
public struct SVDResult: Sendable {
    /// `rows × k`, orthonormal columns (`rows × 0` when the fit was asked not to compute it).
    public var u: DenseMatrix
    /// k singular values, descending, ≥ 0.
    public var singularValues: [Float]
    /// `cols × k`, orthonormal columns (right singular vectors, i.e. Vᵀ transposed).
    public var v: DenseMatrix
    /// Fraction of ‖A‖²_F carried by each component: σᵢ² / ‖A‖²_F.
    public var explainedVarianceRatio: [Float]
    public init(u: DenseMatrix, singularValues: [Float], v: DenseMatrix, explainedVarianceRatio: [Float]) {
        self.u = u; self.singularValues = singularValues; self.v = v; self.explainedVarianceRatio = explainedVarianceRatio
    }

    /// Builds a result from LAPACK output and fixes each component's sign so reruns and other
    /// machines agree: the largest-magnitude entry of every V column (first one on ties) is made
    /// positive, and the matching U column flips with it (U·S·Vᵀ is unchanged).
    /// `frobeniusSquared` is ‖A‖²_F of the whole matrix, the denominator of the variance ratios.
    static func normalized(u: DenseMatrix, singularValues: [Float], v: DenseMatrix, frobeniusSquared: Double) -> SVDResult {
        var u = u, v = v
        let k = singularValues.count
        precondition((u.cols == k || u.cols == 0) && v.cols == k, "SVDResult: \(k) singular values for U \(u.rows) × \(u.cols), V \(v.rows) × \(v.cols)")
        if v.rows > 0 {
            v.values.withUnsafeMutableBufferPointer { vp in
                u.values.withUnsafeMutableBufferPointer { up in
                    for j in 0 ..< k {
                        let column = vp.baseAddress! + j * v.rows
                        let top = Int(cblas_isamax(Int32(v.rows), column, 1))
                        if column[top] < 0 {
                            cblas_sscal(Int32(v.rows), -1, column, 1)
                            if u.rows > 0 && u.cols > 0 { cblas_sscal(Int32(u.rows), -1, up.baseAddress! + j * u.rows, 1) }
                        }
                    }
                }
            }
        }
        let ratios = singularValues.map { s -> Float in
            frobeniusSquared > 0 ? Float(Double(s) * Double(s) / frobeniusSquared) : 0
        }
        return SVDResult(u: u, singularValues: singularValues, v: v, explainedVarianceRatio: ratios)
    }
}
