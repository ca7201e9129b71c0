import CLAPACK

/// Orthonormalization of tall-skinny matrices by CholeskyQR2 (Fukaya, Nakatsukasa, Yanagisawa &
/// Yamamoto 2014): X = Q R with G = XᵀX (`ssyrk`), R = chol(G) (`spotrf`), Q = X R⁻¹ (`strsm`), done
/// twice so that the second pass restores the orthogonality the first loses to rounding. All of the work
/// is BLAS-3 (≈ 4·rows·cols² flops at sgemm speed), where Householder QR (`sgeqrf` + `sorgqr`) spends much
/// of its time in panel factorizations and thread synchronization. The randomized SVD's sketches are well
/// conditioned, which CholeskyQR needs (cond(X) ≲ 10³ in Float); when a Cholesky factorization fails
/// (rank-deficient or ill-conditioned X) the callers fall back to Householder.
extension LAPACK {
    /// One CholeskyQR pass: on success X ← X R⁻¹ and R (`cols × cols`, upper triangular, column-major,
    /// zeros below) is returned; on failure X is unchanged and nil is returned.
    static func choleskyStep(_ x: inout [Float], rows: Int, cols: Int) -> [Float]? {
        var g = [Float](repeating: 0, count: cols * cols)
        x.withUnsafeBufferPointer { xp in
            g.withUnsafeMutableBufferPointer { gp in
                cblas_ssyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(cols), Int32(rows), 1,
                            xp.baseAddress, Int32(rows), 0, gp.baseAddress, Int32(cols))
            }
        }
        let info = g.withUnsafeMutableBufferPointer { gp in
            LAPACKE_spotrf(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "U")), Int32(cols), gp.baseAddress, Int32(cols))
        }
        guard info == 0 else { return nil }
        // A tiny pivot means X is numerically rank-deficient: R⁻¹ would amplify noise.
        let diagonal = (0 ..< cols).map { g[$0 * cols + $0] }
        guard let largest = diagonal.max(), largest > 0, diagonal.allSatisfy({ $0 > largest * 1e-3 && $0.isFinite }) else { return nil }
        g.withUnsafeBufferPointer { gp in
            x.withUnsafeMutableBufferPointer { xp in
                cblas_strsm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, Int32(rows), Int32(cols), 1,
                            gp.baseAddress, Int32(cols), xp.baseAddress, Int32(rows))
            }
        }
        return g
    }

    /// CholeskyQR2: X ← Q and returns R with X = Q R, or nil (X unchanged) when either pass fails.
    static func choleskyQR2(_ x: inout [Float], rows: Int, cols: Int) -> [Float]? {
        guard rows >= cols, cols > 0, var r1 = choleskyStep(&x, rows: rows, cols: cols) else { return nil }
        guard let r2 = choleskyStep(&x, rows: rows, cols: cols) else {
            // Undo the first pass: X ← X R1.
            r1.withUnsafeBufferPointer { rp in
                x.withUnsafeMutableBufferPointer { xp in
                    cblas_strmm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, Int32(rows), Int32(cols), 1,
                                rp.baseAddress, Int32(cols), xp.baseAddress, Int32(rows))
                }
            }
            return nil
        }
        // R = R2 · R1 (both upper triangular).
        r2.withUnsafeBufferPointer { r2p in
            r1.withUnsafeMutableBufferPointer { r1p in
                cblas_strmm(CblasColMajor, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, Int32(cols), Int32(cols), 1,
                            r2p.baseAddress, Int32(cols), r1p.baseAddress, Int32(cols))
            }
        }
        return r1
    }

    /// Orthonormal basis of the column space of X (`rows × cols`, rows ≥ cols), in place: CholeskyQR2,
    /// else Householder (`orthonormalize`).
    static func orthonormalizeTall(_ x: inout [Float], rows: Int, cols: Int) throws {
        if choleskyQR2(&x, rows: rows, cols: cols) != nil { return }
        try orthonormalize(&x, rows: rows, cols: cols)
    }

    /// Thin SVD of a tall matrix (`rows × cols`, rows ≥ cols, destroyed) as `thinSVD` gives it:
    /// A = Q R by CholeskyQR2, R = U_R Σ Vᵀ by `sgesdd` (small), U = Q U_R by one `sgemm`.
    /// Falls back to `thinSVD` of A when CholeskyQR2 fails.
    static func tallThinSVD(_ a: inout [Float], rows: Int, cols: Int) throws -> (u: [Float], s: [Float], vt: [Float]) {
        guard rows >= cols, var r = choleskyQR2(&a, rows: rows, cols: cols) else { return try thinSVD(&a, rows: rows, cols: cols) }
        let (ur, s, vt) = try thinSVD(&r, rows: cols, cols: cols)
        var u = [Float](repeating: 0, count: rows * cols)
        a.withUnsafeBufferPointer { qp in
            ur.withUnsafeBufferPointer { rp in
                u.withUnsafeMutableBufferPointer { up in
                    cblas_sgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(cols), Int32(cols), 1,
                                qp.baseAddress, Int32(rows), rp.baseAddress, Int32(cols), 0, up.baseAddress, Int32(rows))
                }
            }
        }
        return (u, s, vt)
    }
}
