import ArgumentParser
import Foundation
import LinearAlgebra

/// `passerelle-bench svd`: a timing print of LinearAlgebra's kernels on a random sparse square matrix (not a
/// test; scripts/benchmarks/bench-linalg.sh runs it, best on a release build). Prints one line: the sparse ×
/// dense products A·B and Aᵀ·B (seconds and GFLOP/s, 2 · nonzeros · (k + 10) flops), the transpose of the
/// dense B, and a whole randomized truncated SVD at rank k (seconds, σ₁). The matrix and B come from a
/// fixed seed (the same draws as the old LinearAlgebraTests.SVDBenchmark), so runs compare. Whole-command timings against a peer are scripts/benchmarks/bench's job.
struct SVDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "svd",
        abstract: "Time sparse products and a randomized SVD on a random sparse matrix (used by scripts/benchmarks/bench-linalg.sh)."
    )

    @Option(name: .long, help: "Rows and columns of the random matrix.") var n: Int = 20_000
    @Option(name: .long, help: "Nonzeros drawn per row (repeats merged).") var nnz: Int = 100
    @Option(name: .long, help: "Rank of the truncated SVD.") var k: Int = 100

    func validate() throws {
        guard n >= 1, nnz >= 1, k >= 1, k < n else { throw ValidationError("need n ≥ 1, nnz ≥ 1 and 1 ≤ k < n") }
    }

    func run() throws {
        var g = SeededGenerator(seed: 1)
        let a = try Self.randomMatrix(n: n, perRow: nnz, using: &g)
        let l = k + 10
        let b = DenseMatrix(rows: n, cols: l, values: g.gaussians(count: n * l))
        let tab = Self.seconds { _ = a.multiplied(by: b) }
        let tatb = Self.seconds { _ = a.transposeMultiplied(by: b) }
        let gflop = 2 * Double(a.nonZeroCount) * Double(l) / 1e9
        let ttr = Self.seconds { _ = b.transposed() }
        var r: SVDResult?
        let tfit = try Self.seconds { r = try TruncatedSVD(components: k).fit(a) }
        guard let r else { return }
        try standardOutput(String(format: "bench: %d × %d, %d nonzeros, k = %d: A·B %.3f s (%.2f GFLOP/s), Aᵀ·B %.3f s (%.2f GFLOP/s), transpose of B %.3f s, fit %.2f s, σ₁ = %.3f",
                                  n, n, a.nonZeroCount, r.singularValues.count, tab, gflop / tab, tatb, gflop / tatb, ttr, tfit, r.singularValues[0]))
    }

    /// An n × n CSR matrix with `perRow` column draws per row, values in (0.001, 1.001), drawn from `g`.
    static func randomMatrix(n: Int, perRow: Int, using g: inout SeededGenerator) throws -> CSRMatrix {
        var pointers = [0], indices = [Int32](), values = [Float]()
        indices.reserveCapacity(n * perRow); values.reserveCapacity(n * perRow)
        var row = [Int32]()
        for _ in 0 ..< n {
            row.removeAll(keepingCapacity: true)
            for _ in 0 ..< perRow { row.append(Int32(truncatingIfNeeded: g.next() % UInt64(n))) }
            row.sort()
            var last: Int32 = -1
            for c in row where c != last { indices.append(c); values.append(Float(g.next() % 1000) / 1000 + 0.001); last = c }
            pointers.append(indices.count)
        }
        return try CSRMatrix(rows: n, cols: n, rowPointers: pointers, columnIndices: indices, values: values)
    }

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let t = Date()
        try body()
        return Date().timeIntervalSince(t)
    }
}
