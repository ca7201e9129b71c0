import CLAPACK

/// Thin wrappers over the LAPACKE calls the SVD needs; they turn `info != 0` into errors.
/// Buffers are column-major; LAPACKE's high-level functions do their own workspace queries.
enum LAPACK {
    /// Replaces `a` (`rows × cols`, rows ≥ cols, column-major) by an orthonormal basis Q of its
    /// column space (same shape) through `sgeqrf` + `sorgqr`.
    static func orthonormalize(_ a: inout [Float], rows: Int, cols: Int) throws {
        precondition(rows >= cols && a.count == rows * cols, "orthonormalize: needs rows ≥ cols, got \(rows) × \(cols)")
        guard cols > 0 else { return }
        var tau = [Float](repeating: 0, count: cols)
        let m = Int32(rows), n = Int32(cols)
        var info = a.withUnsafeMutableBufferPointer { ap in
            LAPACKE_sgeqrf(LAPACK_COL_MAJOR, m, n, ap.baseAddress, m, &tau)
        }
        guard info == 0 else { throw LinearAlgebraError.lapack(routine: "sgeqrf", info: info) }
        info = a.withUnsafeMutableBufferPointer { ap in
            LAPACKE_sorgqr(LAPACK_COL_MAJOR, m, n, n, ap.baseAddress, m, tau)
        }
        guard info == 0 else { throw LinearAlgebraError.lapack(routine: "sorgqr", info: info) }
    }

    /// Thin SVD through `sgesdd` (jobz 'S'): `a` (`rows × cols`, destroyed) = U · diag(s) · Vᵀ with
    /// U `rows × p`, s length p (descending), Vᵀ `p × cols`, p = min(rows, cols).
    static func thinSVD(_ a: inout [Float], rows: Int, cols: Int) throws -> (u: [Float], s: [Float], vt: [Float]) {
        let p = min(rows, cols)
        var s = [Float](repeating: 0, count: p)
        var u = [Float](repeating: 0, count: rows * p)
        var vt = [Float](repeating: 0, count: p * cols)
        guard p > 0 else { return (u, s, vt) }
        let info = a.withUnsafeMutableBufferPointer { ap in
            u.withUnsafeMutableBufferPointer { up in
                vt.withUnsafeMutableBufferPointer { vp in
                    LAPACKE_sgesdd(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "S")), Int32(rows), Int32(cols),
                                   ap.baseAddress, Int32(rows), &s, up.baseAddress, Int32(rows),
                                   vp.baseAddress, Int32(p))
                }
            }
        }
        guard info == 0 else { throw LinearAlgebraError.lapack(routine: "sgesdd", info: info) }
        return (u, s, vt)
    }
}
