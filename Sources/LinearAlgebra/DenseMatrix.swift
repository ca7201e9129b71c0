import CLAPACK

/// Dense `rows × cols` matrix of `Float`, column-major: element (i, j) is `values[i + j * rows]`.
/// Column-major because that is what BLAS and LAPACK take without copies.
public struct DenseMatrix: Equatable, Sendable {
    public var rows: Int
    public var cols: Int
    public var values: [Float]

    /// `values` must hold exactly `rows * cols` entries, column-major.
    public init(rows: Int, cols: Int, values: [Float]) {
        precondition(rows >= 0 && cols >= 0, "DenseMatrix: negative shape \(rows) × \(cols)")
        precondition(values.count == rows * cols,
                     "DenseMatrix: \(values.count) values for a \(rows) × \(cols) matrix")
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    /// `rows × cols` of zeros.
    public init(zeros rows: Int, _ cols: Int) {
        precondition(rows >= 0 && cols >= 0, "DenseMatrix: negative shape \(rows) × \(cols)")
        self.rows = rows
        self.cols = cols
        self.values = [Float](repeating: 0, count: rows * cols)
    }

    public subscript(i: Int, j: Int) -> Float {
        get {
            precondition(i >= 0 && i < rows && j >= 0 && j < cols, "DenseMatrix: (\(i), \(j)) outside \(rows) × \(cols)")
            return values[i + j * rows]
        }
        set {
            precondition(i >= 0 && i < rows && j >= 0 && j < cols, "DenseMatrix: (\(i), \(j)) outside \(rows) × \(cols)")
            values[i + j * rows] = newValue
        }
    }

    /// Column j as an array (length `rows`); contiguous in storage, so a plain slice copy.
    public func column(_ j: Int) -> [Float] {
        precondition(j >= 0 && j < cols, "DenseMatrix: column \(j) outside 0..<\(cols)")
        return Array(values[(j * rows) ..< ((j + 1) * rows)])
    }

    /// Dot product of row `i` (length `cols`, strided by `rows` in column-major storage) with `x`, the same
    /// bits on every CPU (`VectorOps.exactDot`): term contributions shown to users must not vary by machine.
    public func rowDot(_ i: Int, with x: [Float]) -> Float {
        precondition(i >= 0 && i < rows, "DenseMatrix: row \(i) outside 0..<\(rows)")
        precondition(x.count == cols, "DenseMatrix: vector length \(x.count) != cols \(cols)")
        guard cols > 0 else { return 0 }
        return values.withUnsafeBufferPointer { v in
            x.withUnsafeBufferPointer { xp in
                Float(VectorOps.exactDot(v.baseAddress! + i, xp.baseAddress!, count: cols, strideA: rows))
            }
        }
    }

    /// `op(self) · op(other)` through `cblas_sgemm`, where `op` transposes when asked:
    /// `(m × k) · (k × n)` → `m × n`. Inner dimensions must agree (precondition).
    public func multiplied(by other: DenseMatrix, transposeSelf: Bool = false, transposeOther: Bool = false) -> DenseMatrix {
        let m = transposeSelf ? cols : rows
        let k = transposeSelf ? rows : cols
        let k2 = transposeOther ? other.cols : other.rows
        let n = transposeOther ? other.rows : other.cols
        precondition(k == k2, "DenseMatrix.multiplied: inner dimensions differ (\(m) × \(k) · \(k2) × \(n))")
        var result = DenseMatrix(zeros: m, n)
        if m == 0 || n == 0 || k == 0 { return result }
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                result.values.withUnsafeMutableBufferPointer { c in
                    cblas_sgemm(CblasColMajor,
                                transposeSelf ? CblasTrans : CblasNoTrans,
                                transposeOther ? CblasTrans : CblasNoTrans,
                                Int32(m), Int32(n), Int32(k), 1,
                                a.baseAddress, Int32(max(1, rows)),
                                b.baseAddress, Int32(max(1, other.rows)),
                                0, c.baseAddress, Int32(max(1, m)))
                }
            }
        }
        return result
    }

    /// `cols × rows` copy (blocked, so both sides stay cache-friendly).
    public func transposed() -> DenseMatrix {
        var result = DenseMatrix(zeros: cols, rows)
        values.withUnsafeBufferPointer { src in
            result.values.withUnsafeMutableBufferPointer { dst in
                Transpose.copy(src.baseAddress, rows: rows, cols: cols, into: dst.baseAddress)
            }
        }
        return result
    }
}
