/// Dot products and norms that give the same bits on every CPU.
///
/// BLAS kernels (`sdot`, `snrm2`, `sgemm`) pick their summation order, SIMD width and use of FMA by CPU
/// model, block shape and thread count, so the last bits of a result change from one machine to the
/// next. Scores users see, rankings among near-ties and the unit vectors that feed them must not: these
/// functions accumulate products of `Float`s in `Double` in one fixed order (four interleaved partial
/// sums, combined as `(s0 + s1) + (s2 + s3)`), which no compiler reorders without fast-math. A product of
/// two floats is exact in double, so fused or unfused multiply-adds give the same result too.
/// BLAS has no routine with that guarantee; everything bulk (products of matrices) stays in BLAS and
/// these serve to rescore the few entries selected from it (`CosineScorer`) and to normalize vectors.
public enum VectorOps {
    /// Σ a[i·strideA] · b[i·strideB] for i < count, in double, fixed order.
    /// - Complexity: O(count).
    @inlinable
    public static func exactDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int,
                                strideA: Int = 1, strideB: Int = 1) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        if strideA == 1 && strideB == 1 {
            // Lane l of `lanes` is s_l: the same products and sums, in the same order, four at a time.
            var lanes = SIMD4<Double>(repeating: 0)
            while i + 4 <= count {
                let x = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD4<Float>.self)
                let y = UnsafeRawPointer(b + i).loadUnaligned(as: SIMD4<Float>.self)
                lanes += SIMD4<Double>(Double(x[0]), Double(x[1]), Double(x[2]), Double(x[3]))
                    * SIMD4<Double>(Double(y[0]), Double(y[1]), Double(y[2]), Double(y[3]))
                i += 4
            }
            s0 = lanes[0]; s1 = lanes[1]; s2 = lanes[2]; s3 = lanes[3]
            while i < count { s0 += Double(a[i]) * Double(b[i]); i += 1 }
        } else {
            while i + 4 <= count {
                s0 += Double(a[i * strideA]) * Double(b[i * strideB])
                s1 += Double(a[(i + 1) * strideA]) * Double(b[(i + 1) * strideB])
                s2 += Double(a[(i + 2) * strideA]) * Double(b[(i + 2) * strideB])
                s3 += Double(a[(i + 3) * strideA]) * Double(b[(i + 3) * strideB])
                i += 4
            }
            while i < count { s0 += Double(a[i * strideA]) * Double(b[i * strideB]); i += 1 }
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// Euclidean norm of `count` floats, in double (no overflow or underflow for any float input).
    @inlinable
    public static func exactNorm(_ x: UnsafePointer<Float>, count: Int) -> Double {
        exactDot(x, x, count: count).squareRoot()
    }

    /// Euclidean norm, the same bits on every CPU.
    public static func norm(_ x: [Float]) -> Float {
        x.withUnsafeBufferPointer { p in p.isEmpty ? 0 : Float(exactNorm(p.baseAddress!, count: p.count)) }
    }

    /// Scales `count` floats at x to unit length (each divided by the double norm, then rounded); leaves a
    /// zero or non-finite vector as is and returns its norm (0 when nothing was scaled).
    @discardableResult
    public static func normalize(_ x: UnsafeMutablePointer<Float>, count: Int) -> Double {
        let n = exactNorm(x, count: count)
        guard n > 0, n.isFinite else { return 0 }
        for i in 0 ..< count { x[i] = Float(Double(x[i]) / n) }
        return n
    }

    /// Scales x to unit length in place; leaves a zero vector as is and returns false.
    @discardableResult public static func normalize(_ x: inout [Float]) -> Bool {
        x.withUnsafeMutableBufferPointer { p in p.isEmpty ? false : normalize(p.baseAddress!, count: p.count) > 0 }
    }

    /// Normalizes every column of m (`rows × cols`, column-major) to unit length (zero columns left as zeros).
    /// - Complexity: O(rows · cols).
    public static func normalizeColumns(_ m: inout DenseMatrix) {
        let rows = m.rows, cols = m.cols
        guard rows > 0 else { return }
        m.values.withUnsafeMutableBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            for j in 0 ..< cols { normalize(base + j * rows, count: rows) }
        }
    }

    /// `xᵀy`, the same bits on every CPU; lengths must agree.
    public static func dot(_ x: [Float], _ y: [Float]) -> Float {
        precondition(x.count == y.count, "VectorOps.dot: lengths differ (\(x.count) vs \(y.count))")
        if x.isEmpty { return 0 }
        return x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in Float(exactDot(xp.baseAddress!, yp.baseAddress!, count: x.count)) }
        }
    }
}
