import CLAPACK

/// Vector helpers through BLAS (`snrm2` avoids overflow/underflow that a naive sum of squares hits).
public enum VectorOps {
    /// Euclidean norm (`snrm2`).
    public static func norm(_ x: [Float]) -> Float {
        if x.isEmpty { return 0 }
        return x.withUnsafeBufferPointer { cblas_snrm2(Int32(x.count), $0.baseAddress, 1) }
    }

    /// Scales x to unit length in place; leaves a zero vector as is and returns false.
    @discardableResult public static func normalize(_ x: inout [Float]) -> Bool {
        let n = norm(x)
        guard n > 0, n.isFinite else { return false }
        let count = Int32(x.count)
        x.withUnsafeMutableBufferPointer { cblas_sscal(count, 1 / n, $0.baseAddress, 1) }
        return true
    }

    /// Normalizes every column of m (`rows × cols`, column-major) to unit length (zero columns left as zeros).
    public static func normalizeColumns(_ m: inout DenseMatrix) {
        let rows = m.rows, cols = m.cols
        guard rows > 0 else { return }
        m.values.withUnsafeMutableBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            for j in 0 ..< cols {
                let col = base + j * rows
                let n = cblas_snrm2(Int32(rows), col, 1)
                if n > 0, n.isFinite { cblas_sscal(Int32(rows), 1 / n, col, 1) }
            }
        }
    }

    /// `xᵀy` (`sdot`); lengths must agree.
    public static func dot(_ x: [Float], _ y: [Float]) -> Float {
        precondition(x.count == y.count, "VectorOps.dot: lengths differ (\(x.count) vs \(y.count))")
        if x.isEmpty { return 0 }
        return x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in cblas_sdot(Int32(x.count), xp.baseAddress, 1, yp.baseAddress, 1) }
        }
    }
}
