import CLAPACK
import Dispatch

/// Cosine scoring of query blocks against an item matrix with one `sgemm` per block.
/// Blocks keep memory at `n × blockSize` floats however many queries arrive.
public enum BlockScorer {
    /// Cap on the reusable score buffer (`n × block` floats, 256 MB): with 10⁶ items a 256-query
    /// block would otherwise take 1 GB, so large item sets get narrower blocks.
    static let maxBufferFloats = 64 << 20

    /// items: `d × n` (each column one unit-length item vector), queries: `d × b` (unit-length columns).
    /// Returns scores as `n × b` column-major (column q = scores of query q against all items): `itemsᵀ · queries`.
    public static func scores(items: DenseMatrix, queries: DenseMatrix) -> DenseMatrix {
        precondition(items.rows == queries.rows,
                     "BlockScorer.scores: items have dimension \(items.rows) but queries have \(queries.rows)")
        return items.multiplied(by: queries, transposeSelf: true)
    }

    /// Top-k items for each query, scoring in blocks of `blockSize` queries so the full matrix is never held.
    /// Result q lists query q's best items, score descending (ties → smaller item index).
    public static func topK(items: DenseMatrix, queries: DenseMatrix, k: Int, blockSize: Int = 256) -> [[ScoredIndex]] {
        precondition(items.rows == queries.rows,
                     "BlockScorer.topK: items have dimension \(items.rows) but queries have \(queries.rows)")
        let d = items.rows, n = items.cols, b = queries.cols
        guard b > 0 else { return [] }
        guard n > 0, k > 0 else { return [[ScoredIndex]](repeating: [], count: b) }
        let block = max(1, min(blockSize, b, maxBufferFloats / n))
        var buffer = [Float](repeating: 0, count: n * block)   // n × block, reused
        var results = [[ScoredIndex]](repeating: [], count: b)
        var q0 = 0
        while q0 < b {
            let width = min(block, b - q0)
            items.values.withUnsafeBufferPointer { ip in
                queries.values.withUnsafeBufferPointer { qp in
                    buffer.withUnsafeMutableBufferPointer { cp in
                        if d == 0 {
                            cp.update(repeating: 0)
                        } else {
                            cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans,
                                        Int32(n), Int32(width), Int32(d), 1,
                                        ip.baseAddress, Int32(d),
                                        qp.baseAddress! + q0 * d, Int32(d),
                                        0, cp.baseAddress, Int32(n))
                        }
                    }
                }
            }
            // Columns are independent: select them in parallel, each writing its own slot.
            buffer.withUnsafeBufferPointer { cp in
                results.withUnsafeMutableBufferPointer { rp in
                    let slots = rp.baseAddress! + q0
                    let select = { (j: Int) in
                        let column = UnsafeBufferPointer(rebasing: cp[(j * n) ..< ((j + 1) * n)])
                        slots[j] = TopK.select(column, k: k)
                    }
                    if width > 1 && n * width >= 1 << 16 {
                        DispatchQueue.concurrentPerform(iterations: width, execute: select)
                    } else {
                        for j in 0 ..< width { select(j) }
                    }
                }
            }
            q0 += width
        }
        return results
    }
}
