import LinearAlgebra

/// Helpers shared by the tests: seeded random inputs and naive reference computations.
enum TestSupport {
    /// Uniform Floats in [-1, 1) from the module's seeded generator.
    static func uniform(_ count: Int, _ g: inout SeededGenerator) -> [Float] {
        (0 ..< count).map { _ in Float.random(in: -1 ..< 1, using: &g) }
    }

    /// `n` unit items along one direction, each perturbed by about 2e-7 per entry (scores a few ulps
    /// apart), and 3 unit queries: that direction (slightly bent), its opposite, and a random one.
    static func nearTies(dimensions d: Int, items n: Int, seed: UInt64) -> (items: DenseMatrix, queries: DenseMatrix) {
        var g = SeededGenerator(seed: seed)
        let base = uniform(d, &g)
        var values = [Float]()
        for _ in 0 ..< n { values += base.map { $0 * (1 + Float.random(in: -1 ..< 1, using: &g) * 2e-7) } }
        var items = DenseMatrix(rows: d, cols: n, values: values)
        VectorOps.normalizeColumns(&items)
        var queryValues = base + base.map { -$0 } + uniform(d, &g)
        for i in 0 ..< d { queryValues[i] *= 1 + Float(i % 3) * 1e-7 }
        var queries = DenseMatrix(rows: d, cols: 3, values: queryValues)
        VectorOps.normalizeColumns(&queries)
        return (items, queries)
    }

    static func randomDense(_ rows: Int, _ cols: Int, seed: UInt64) -> DenseMatrix {
        var g = SeededGenerator(seed: seed)
        return DenseMatrix(rows: rows, cols: cols, values: uniform(rows * cols, &g))
    }

    /// Random CSR with about `density` of entries filled; rows listed in `emptyRows` stay empty.
    static func randomCSR(_ rows: Int, _ cols: Int, density: Double, seed: UInt64, emptyRows: Set<Int> = []) throws -> CSRMatrix {
        var g = SeededGenerator(seed: seed)
        var pointers = [0]
        var indices = [Int32]()
        var values = [Float]()
        for r in 0 ..< rows {
            if !emptyRows.contains(r) {
                for c in 0 ..< cols where Double.random(in: 0 ..< 1, using: &g) < density {
                    indices.append(Int32(c))
                    values.append(Float.random(in: -1 ..< 1, using: &g))
                }
            }
            pointers.append(indices.count)
        }
        return try CSRMatrix(rows: rows, cols: cols, rowPointers: pointers, columnIndices: indices, values: values)
    }

    /// CSR of a dense matrix, keeping nonzero entries.
    static func csr(_ d: DenseMatrix) throws -> CSRMatrix {
        var pointers = [0], indices = [Int32](), values = [Float]()
        for r in 0 ..< d.rows {
            for c in 0 ..< d.cols where d[r, c] != 0 {
                indices.append(Int32(c)); values.append(d[r, c])
            }
            pointers.append(indices.count)
        }
        return try CSRMatrix(rows: d.rows, cols: d.cols, rowPointers: pointers, columnIndices: indices, values: values)
    }

    /// Triple loop in Double: the reference for every product.
    static func naiveProduct(_ a: DenseMatrix, _ b: DenseMatrix, transposeA: Bool = false) -> DenseMatrix {
        let m = transposeA ? a.cols : a.rows, k = transposeA ? a.rows : a.cols
        precondition(k == b.rows)
        var c = DenseMatrix(zeros: m, b.cols)
        for i in 0 ..< m {
            for j in 0 ..< b.cols {
                var s = 0.0
                for p in 0 ..< k { s += Double(transposeA ? a[p, i] : a[i, p]) * Double(b[p, j]) }
                c[i, j] = Float(s)
            }
        }
        return c
    }

    static func frobenius(_ x: [Float]) -> Double { x.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot() }

    /// ‖x − y‖_F / ‖y‖_F (or the absolute difference when y is zero).
    static func relativeError(_ x: DenseMatrix, _ y: DenseMatrix) -> Double {
        precondition(x.rows == y.rows && x.cols == y.cols, "shapes \(x.rows)×\(x.cols) vs \(y.rows)×\(y.cols)")
        let diff = zip(x.values, y.values).map { $0 - $1 }
        let ny = frobenius(y.values)
        return ny > 0 ? frobenius(diff) / ny : frobenius(diff)
    }

    /// max |MᵀM − I| for M with (supposedly) orthonormal columns.
    static func orthonormalityError(_ m: DenseMatrix) -> Float {
        let g = naiveProduct(m, m, transposeA: true)
        var worst: Float = 0
        for i in 0 ..< g.rows { for j in 0 ..< g.cols { worst = max(worst, abs(g[i, j] - (i == j ? 1 : 0))) } }
        return worst
    }
}
