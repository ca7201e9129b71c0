import XCTest
import Foundation
import LinearAlgebra

/// Timing sanity print, not a test: runs only with LINALG_BENCH=1 (see scripts/benchmarks/bench-linalg.sh),
/// best in a release build. LINALG_BENCH_N sets the size (default 20,000 × 20,000, ~100 nonzeros a row).
final class SVDBenchmark: XCTestCase {
    func testFitTiming() throws {
        let env = ProcessInfo.processInfo.environment
        try XCTSkipUnless(env["LINALG_BENCH"] == "1", "set LINALG_BENCH=1 to run the timing print")
        let n = Int(env["LINALG_BENCH_N"] ?? "") ?? 20_000
        let perRow = Int(env["LINALG_BENCH_NNZ"] ?? "") ?? 100
        let k = Int(env["LINALG_BENCH_K"] ?? "") ?? 100
        var g = SeededGenerator(seed: 1)
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
        let a = try CSRMatrix(rows: n, cols: n, rowPointers: pointers, columnIndices: indices, values: values)
        let l = k + 10
        let b = DenseMatrix(rows: n, cols: l, values: g.gaussians(count: n * l))
        var t = Date()
        _ = a.multiplied(by: b)
        let tab = Date().timeIntervalSince(t)
        t = Date()
        _ = a.transposeMultiplied(by: b)
        let tatb = Date().timeIntervalSince(t)
        let gflop = 2 * Double(a.nonZeroCount) * Double(l) / 1e9
        t = Date()
        _ = b.transposed()
        let ttr = Date().timeIntervalSince(t)
        t = Date()
        let r = try TruncatedSVD(components: k).fit(a)
        let tfit = Date().timeIntervalSince(t)
        print(String(format: "bench: %d × %d, %d nonzeros, k = %d: A·B %.3f s (%.2f GFLOP/s), Aᵀ·B %.3f s (%.2f GFLOP/s), transpose of B %.3f s, fit %.2f s, σ₁ = %.3f",
                     n, n, a.nonZeroCount, r.singularValues.count, tab, gflop / tab, tatb, gflop / tatb, ttr, tfit, r.singularValues[0]))
    }
}
