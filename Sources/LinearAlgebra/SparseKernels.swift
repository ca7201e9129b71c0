import Dispatch
import Foundation

/// The CSR × dense kernels on row-major dense operands (BLAS has no CSR routine).
/// Row-major because then each nonzero touches one contiguous run of n floats, so the work is a
/// stream of short axpys over cache lines instead of strided gathers.
enum SparseKernels {
    /// Threads to use (`Parallelism.threads`: the machine's cores, or `PASSERELLE_THREADS`).
    static var threadCount: Int { Parallelism.threads }

    /// Summation blocks of `Aᵀ · B` (`transposeCut`), whatever the thread count: each output element is
    /// summed per block of rows of A and the block sums are added in block order, so the rounding (and
    /// every model file built with it) is the same with 1, 2 or 64 threads. Two: the product used to be
    /// two scatter blocks, one per core, and models keep the bits they had then.
    static let transposeBlocks = 2

    /// Splits rows into `parts` ranges of roughly equal nonzero counts (rows are uneven in text).
    static func rowRanges(_ a: CSRMatrix, parts: Int) -> [Range<Int>] {
        let nnz = a.nonZeroCount
        var ranges = [Range<Int>]()
        var start = 0
        for part in 1 ... parts {
            var end: Int
            if part == parts {
                end = a.rows
            } else {
                // First row whose start pointer reaches part/parts of the nonzeros.
                let target = nnz * part / parts
                var lo = start, hi = a.rows
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if a.rowPointers[mid] < target { lo = mid + 1 } else { hi = mid }
                }
                end = lo
            }
            if end > start { ranges.append(start ..< end) }
            start = max(start, end)
        }
        return ranges
    }

    /// out[r, :] += Σ_p a_rp · bt[c_p, :] for rows in `range`; `bt` is `cols × n` row-major,
    /// `out` is `rows × n` row-major. The output row stays in L1 while the nonzeros stream by. Each element
    /// as one rounded multiply and one rounded add per nonzero, in CSR order (no `saxpy`, whose kernel fuses
    /// them on one CPU and not on another): the same bits on every machine and thread count (a row is always
    /// summed by one thread).
    @inline(__always)
    static func accumulateRows(_ rp: UnsafePointer<Int>, _ ci: UnsafePointer<Int32>, _ va: UnsafePointer<Float>,
                               range: Range<Int>, bt: UnsafePointer<Float>, n: Int, out: UnsafeMutablePointer<Float>) {
        for r in range {
            accumulate(ci, va, entries: rp[r] ..< rp[r + 1], bt: bt, n: n, into: out + r * n)
        }
    }

    /// dst[:] += Σ_p a_p · bt[c_p, :] over the nonzeros `entries`, in that order, each element as one
    /// rounded multiply and one rounded add per nonzero.
    ///
    /// Four nonzeros per sweep of the output row: four source rows stream at once (their loads overlap
    /// instead of waiting on each other) and `dst` is loaded and stored once instead of four times. Each
    /// element still receives its terms one after the other in nonzero order: the bits are those of one
    /// axpy per nonzero.
    /// - Complexity: O(entries.count · n) flops; memory-bound (each nonzero reads a row of n floats).
    @inline(__always)
    static func accumulate(_ ci: UnsafePointer<Int32>, _ va: UnsafePointer<Float>, entries: Range<Int>,
                           bt: UnsafePointer<Float>, n: Int, into dst: UnsafeMutablePointer<Float>) {
        var p = entries.lowerBound
        let end = entries.upperBound
        while p + 4 <= end {
            let a0 = va[p], a1 = va[p + 1], a2 = va[p + 2], a3 = va[p + 3]
            let s0 = bt + Int(ci[p]) * n, s1 = bt + Int(ci[p + 1]) * n
            let s2 = bt + Int(ci[p + 2]) * n, s3 = bt + Int(ci[p + 3]) * n
            for l in 0 ..< n {
                var x = dst[l]
                x += a0 * s0[l]
                x += a1 * s1[l]
                x += a2 * s2[l]
                x += a3 * s3[l]
                dst[l] = x
            }
            p += 4
        }
        while p < end {
            let a = va[p], src = bt + Int(ci[p]) * n
            for l in 0 ..< n { dst[l] += a * src[l] }
            p += 1
        }
    }

    /// `out = A · B` with `bt` = B as `cols × n` row-major and `out` `rows × n` row-major (zeroed).
    /// Parallel over row blocks: each block writes its own output rows, so no synchronisation.
    static func multiplyRowMajor(_ a: CSRMatrix, bt: UnsafePointer<Float>, n: Int, out: UnsafeMutablePointer<Float>) {
        a.rowPointers.withUnsafeBufferPointer { rpb in
            a.columnIndices.withUnsafeBufferPointer { cib in
                a.values.withUnsafeBufferPointer { vab in
                    guard let rp = rpb.baseAddress, let ci = cib.baseAddress, let va = vab.baseAddress else { return }
                    let work = a.nonZeroCount * n
                    let threads = threadCount
                    if threads == 1 || work < 1 << 16 {
                        accumulateRows(rp, ci, va, range: 0 ..< a.rows, bt: bt, n: n, out: out)
                        return
                    }
                    // More blocks than threads so an uneven block does not leave a core idle.
                    let ranges = rowRanges(a, parts: threads * 8)
                    // Each block writes only its own output rows; the inputs are read-only.
                    nonisolated(unsafe) let shared = (rp: rp, ci: ci, va: va, bt: bt, out: out)
                    DispatchQueue.concurrentPerform(iterations: ranges.count) { i in
                        accumulateRows(shared.rp, shared.ci, shared.va, range: ranges[i], bt: shared.bt, n: n, out: shared.out)
                    }
                }
            }
        }
    }

    /// Where the summation of `Aᵀ · B` is cut in two, as a row of A (`a.rows`: not cut): the rows of A
    /// are cut into `transposeBlocks` blocks balanced by nonzeros once the product is worth it; each
    /// output element is the block sums added in block order. The cut depends on A and n only — never on
    /// the thread count — so neither do the bits.
    static func transposeCut(_ a: CSRMatrix, n: Int) -> Int {
        if a.nonZeroCount * n < 1 << 16 { return a.rows }
        let ranges = rowRanges(a, parts: transposeBlocks)
        return ranges.count <= 1 ? a.rows : ranges[1].lowerBound
    }

    /// `out = Aᵀ · B` from `at` = Aᵀ in CSR form (`cols × rows` of A, each row's entries in ascending
    /// row of A), `bt` = B as `rows × n` row-major, `out` `cols × n` row-major (zeroed). Element (c, l) is
    /// Σ_{r < cut} a_rc · B[r, l] plus, when some entry lies at or after `cut`, Σ_{r ≥ cut} a_rc · B[r, l]
    /// summed apart — the block sums of `transposeCut`, each in row order. Parallel over rows of Aᵀ:
    /// each block writes its own output rows.
    /// - Complexity: O(nnz · n); n floats of scratch per block.
    static func transposeMultiplyRowMajor(_ at: CSRMatrix, cut: Int, bt: UnsafePointer<Float>, n: Int,
                                          out: UnsafeMutablePointer<Float>) {
        at.rowPointers.withUnsafeBufferPointer { rpb in
            at.columnIndices.withUnsafeBufferPointer { cib in
                at.values.withUnsafeBufferPointer { vab in
                    guard let rp = rpb.baseAddress, let ci = cib.baseAddress, let va = vab.baseAddress else { return }
                    let cut32 = Int32(truncatingIfNeeded: cut)
                    nonisolated(unsafe) let shared = (rp: rp, ci: ci, va: va, bt: bt, out: out)
                    let block: @Sendable (Range<Int>) -> Void = { range in
                        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(n, 1))
                        defer { scratch.deallocate() }
                        for c in range {
                            let start = shared.rp[c], end = shared.rp[c + 1]
                            // First entry at or after the cut (entries ascend by row of A).
                            var lo = start, hi = end
                            while lo < hi {
                                let mid = (lo + hi) / 2
                                if shared.ci[mid] < cut32 { lo = mid + 1 } else { hi = mid }
                            }
                            let dst = shared.out + c * n
                            accumulate(shared.ci, shared.va, entries: start ..< lo, bt: shared.bt, n: n, into: dst)
                            if lo < end {
                                scratch.initialize(repeating: 0, count: n)
                                accumulate(shared.ci, shared.va, entries: lo ..< end, bt: shared.bt, n: n, into: scratch)
                                for l in 0 ..< n { dst[l] += scratch[l] }
                            }
                        }
                    }
                    let threads = threadCount
                    if threads == 1 || at.nonZeroCount * n < 1 << 16 {
                        block(0 ..< at.rows)
                        return
                    }
                    let ranges = rowRanges(at, parts: threads * 8)
                    DispatchQueue.concurrentPerform(iterations: ranges.count) { i in block(ranges[i]) }
                }
            }
        }
    }
}

extension SparseKernels {
    /// `out = Aᵀ · B` from A itself (no transposed copy): `bt` = B as `rows × n` row-major, `out` `cols × n`
    /// row-major (zeroed). Row r of A scatters a_rc · B[r, :] into output row c. Rows before `cut` go to
    /// `out`, rows from the cut on to a scratch `cols × n` buffer added to `out` at the end: element (c, l)
    /// is the block sums of `transposeCut`, each in row order, one rounded multiply and one rounded add per
    /// entry — the same bits as `transposeMultiplyRowMajor` on Aᵀ, with 1 thread or more (the two blocks
    /// run side by side when `threads` > 1).
    ///
    /// Why: Aᵀ costs as much memory as A (8 bytes per nonzero), and the SVD would hold both; the scratch
    /// block costs `cols · n · 4` bytes, and only when the product is cut.
    /// - Complexity: O(nnz · n) time, each nonzero a read and a write of an output row (the gather on Aᵀ
    ///   only reads); `cols · n` floats of scratch.
    static func scatterTransposeMultiplyRowMajor(_ a: CSRMatrix, cut: Int, bt: UnsafePointer<Float>, n: Int,
                                                 out: UnsafeMutablePointer<Float>, threads: Int = threadCount) {
        a.rowPointers.withUnsafeBufferPointer { rpb in
            a.columnIndices.withUnsafeBufferPointer { cib in
                a.values.withUnsafeBufferPointer { vab in
                    guard let rp = rpb.baseAddress, let ci = cib.baseAddress, let va = vab.baseAddress else { return }
                    nonisolated(unsafe) let shared = (rp: rp, ci: ci, va: va, bt: bt)
                    let scatter: @Sendable (Range<Int>, UnsafeMutablePointer<Float>) -> Void = { range, dst in
                        for r in range {
                            let src = shared.bt + r * n
                            for p in shared.rp[r] ..< shared.rp[r + 1] {
                                let a = shared.va[p], row = dst + Int(shared.ci[p]) * n
                                for l in 0 ..< n { row[l] += a * src[l] }
                            }
                        }
                    }
                    guard cut < a.rows else {
                        scatter(0 ..< a.rows, out)
                        return
                    }
                    let count = a.cols * n
                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
                    scratch.initialize(repeating: 0, count: count)
                    defer { scratch.deallocate() }
                    nonisolated(unsafe) let targets = (out: out, scratch: scratch)
                    let rows = a.rows
                    if threads == 1 {
                        scatter(0 ..< cut, out)
                        scatter(cut ..< rows, scratch)
                    } else {
                        DispatchQueue.concurrentPerform(iterations: 2) { i in
                            if i == 0 { scatter(0 ..< cut, targets.out) } else { scatter(cut ..< rows, targets.scratch) }
                        }
                    }
                    for i in 0 ..< count { out[i] += scratch[i] }
                }
            }
        }
    }
}

/// How many threads the engine's own parallel loops use: the machine's cores, or `PASSERELLE_THREADS`
/// (1…256) when set. Results never depend on it (each loop's split is fixed or merged in order); it
/// exists so that this can be tested, and to keep a run on one core.
public enum Parallelism {
    public static var threads: Int {
        if let text = ProcessInfo.processInfo.environment["PASSERELLE_THREADS"], let n = Int(text), (1 ... 256).contains(n) { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }
}
