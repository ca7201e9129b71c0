import CLAPACK

/// Randomized truncated SVD (Halko, Martinsson & Tropp 2011), as scikit-learn's `randomized_svd`:
/// a Gaussian sketch of the range of A, sharpened by power iterations, then a small exact SVD.
/// The sparse products dominate the cost; everything dense goes through BLAS/LAPACK.
public struct TruncatedSVD: Sendable {
    public var components: Int
    public var oversamples: Int
    public var powerIterations: Int
    public var seed: UInt64

    /// Components below `relativeRankTolerance · σ_max` are dropped as numerical noise so that
    /// callers dividing by σ never divide by ~0.
    public static let relativeRankTolerance: Float = 1e-6

    public init(components: Int, oversamples: Int = 10, powerIterations: Int = 4, seed: UInt64 = 42) {
        self.components = components
        self.oversamples = oversamples
        self.powerIterations = powerIterations
        self.seed = seed
    }

    /// k is clipped to min(rows, cols) (and to the numerical rank); signs made deterministic
    /// (largest-magnitude entry of each column of V positive).
    /// A is `rows × cols`; returns U `rows × k`, k singular values, V `cols × k`.
    /// Throws `.shapeMismatch` for an empty or all-zero matrix or k ≤ 0, `.lapack` if LAPACK fails.
    /// - Parameter leftVectors: false to skip U (`rows × k` floats the caller may not need: `LSAModel`
    ///   projects its rows through V); the result's `u` is then `rows × 0`. V, σ and the variance ratios
    ///   are the same bits either way.
    public func fit(_ a: CSRMatrix, leftVectors: Bool = true) throws -> SVDResult {
        // OpenBLAS rounds some products (`ssyrk`, `sgemm` of these shapes) differently with 1 and with 2
        // threads: the fit runs with a fixed count, whatever the caller's or `OPENBLAS_NUM_THREADS`, so
        // that a model file is the same bytes on one core or two (`IndexThreadsTests`).
        let previous = BLASThreads.current
        if previous != nil { BLASThreads.set(Self.blasThreads) }
        defer { if let previous { BLASThreads.set(previous) } }
        return try fitWithTheseThreads(a, leftVectors: leftVectors)
    }

    /// OpenBLAS threads of a fit (see `fit`): two, the cores of the machines the engine runs on, so that
    /// models keep the bits they had before the count was fixed.
    public static let blasThreads = 2

    func fitWithTheseThreads(_ a: CSRMatrix, leftVectors: Bool = true) throws -> SVDResult {
        guard components > 0 else {
            throw LinearAlgebraError.shapeMismatch("TruncatedSVD needs at least one component, got \(components)")
        }
        guard a.rows > 0, a.cols > 0, a.nonZeroCount > 0 else {
            throw LinearAlgebraError.shapeMismatch("TruncatedSVD of an empty matrix (\(a.rows) × \(a.cols), \(a.nonZeroCount) nonzeros)")
        }
        let frobenius = Double(a.frobeniusNorm)
        guard frobenius > 0 else {
            throw LinearAlgebraError.shapeMismatch("TruncatedSVD of an all-zero matrix (\(a.rows) × \(a.cols))")
        }
        let m = a.rows, n = a.cols
        let maxRank = min(m, n)
        let k = min(components, maxRank)
        let l = min(k + max(0, oversamples), maxRank)

        // Ω: n × l standard Gaussian, column-major in generator order.
        var generator = SeededGenerator(seed: seed)
        let omega = DenseMatrix(rows: n, cols: l, values: generator.gaussians(count: n * l))

        // Range finder: Q spans the dominant l-dimensional range of A (m × l).
        var q = a.multiplied(by: omega)
        // The Aᵀ · Q products scatter from A's rows (`transposeMultiplied(by:)`): no copy of A as Aᵀ
        // (8 bytes per nonzero) lives beside A, with the same bits as the gather from Aᵀ.
        // Orthonormalization by CholeskyQR2 (BLAS-3), Householder when that fails: see CholeskyQR.swift.
        for _ in 0 ..< max(0, powerIterations) {
            try LAPACK.orthonormalizeTall(&q.values, rows: m, cols: l)
            var z = a.transposeMultiplied(by: q)                // n × l
            try LAPACK.orthonormalizeTall(&z.values, rows: n, cols: l)
            q = DenseMatrix(zeros: 0, 0)                         // the old Q goes before the new one is made
            q = a.multiplied(by: z)                              // m × l
        }
        try LAPACK.orthonormalizeTall(&q.values, rows: m, cols: l)

        // B = Qᵀ A (l × n). Work on C = Bᵀ = Aᵀ Q (n × l) to avoid a transpose:
        // C = Uc Σ Vcᵀ  ⇒  B = Vc Σ Ucᵀ, so U_B = Vc and V = Uc.
        var c = a.transposeMultiplied(by: q)
        let (uc, sigma, vct) = try LAPACK.tallThinSVD(&c.values, rows: n, cols: l)

        // Keep k components, minus trailing ones below the numerical rank.
        let threshold = (sigma.first ?? 0) * Self.relativeRankTolerance
        var kept = 0
        while kept < k && sigma[kept] > threshold { kept += 1 }

        // U = Q · Vc[:, :kept] = Q · (Vcᵀ[:kept, :])ᵀ (m × kept).
        var u = DenseMatrix(zeros: m, leftVectors ? kept : 0)
        if kept > 0 && leftVectors {
            q.values.withUnsafeBufferPointer { qp in
                vct.withUnsafeBufferPointer { vp in
                    u.values.withUnsafeMutableBufferPointer { up in
                        cblas_sgemm(CblasColMajor, CblasNoTrans, CblasTrans,
                                    Int32(m), Int32(kept), Int32(l), 1,
                                    qp.baseAddress, Int32(m), vp.baseAddress, Int32(l),
                                    0, up.baseAddress, Int32(m))
                    }
                }
            }
        }
        let v = DenseMatrix(rows: n, cols: kept, values: Array(uc[0 ..< (n * kept)]))
        return SVDResult.normalized(u: u, singularValues: Array(sigma[0 ..< kept]), v: v,
                                    frobeniusSquared: frobenius * frobenius)
    }

    /// Exact SVD of a small dense matrix through LAPACK `sgesdd` (thin), for tests and the small step.
    /// A is `rows × cols`, p = min(rows, cols): U `rows × p`, p values, V `cols × p`, all kept
    /// (no rank truncation), same sign convention as `fit`.
    public static func exact(_ a: DenseMatrix) throws -> SVDResult {
        let m = a.rows, n = a.cols, p = min(m, n)
        if p == 0 {
            return SVDResult(u: DenseMatrix(zeros: m, 0), singularValues: [], v: DenseMatrix(zeros: n, 0), explainedVarianceRatio: [])
        }
        for x in a.values where !x.isFinite {
            throw LinearAlgebraError.shapeMismatch("TruncatedSVD.exact: matrix holds a non-finite value \(x)")
        }
        var work = a.values
        let (u, s, vt) = try LAPACK.thinSVD(&work, rows: m, cols: n)
        let v = DenseMatrix(rows: p, cols: n, values: vt).transposed()
        let frobenius = Double(VectorOps.norm(a.values))
        return SVDResult.normalized(u: DenseMatrix(rows: m, cols: p, values: u), singularValues: s, v: v,
                                    frobeniusSquared: frobenius * frobenius)
    }
}
