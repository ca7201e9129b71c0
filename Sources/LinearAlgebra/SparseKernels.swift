import CLAPACK
import Dispatch
import Foundation

/// The CSR × dense kernels on row-major dense operands (BLAS has no CSR routine).
/// Row-major because then each nonzero touches one contiguous run of n floats, so the work is a
/// stream of short axpys over cache lines instead of strided gathers.
enum SparseKernels {
    /// Threads to use (`Parallelism.threads`: the machine's cores, or `PASSERELLE_THREADS`).
    static var threadCount: Int { Parallelism.threads }

    /// Row blocks of `transposeMultiplyRowMajor`, whatever the thread count: each block is summed into a
    /// buffer of its own and the buffers are added in block order, so the rounding (and every model file
    /// built with it) is the same with 1, 2 or 64 threads. Two, the cores of the machines the engine
    /// runs on, so the bits are those models had before the count was fixed.
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
    /// `out` is `rows × n` row-major. The output row stays in L1 while the nonzeros stream by.
    /// - Parameter portable: each element as one rounded multiply and one rounded add, in nonzero order,
    ///   instead of `saxpy` (whose kernel may fuse them on one CPU and not on another): the same bits on
    ///   every machine, whatever the thread count (a row is always summed by one thread, in CSR order).
    @inline(__always)
    static func accumulateRows(_ rp: UnsafePointer<Int>, _ ci: UnsafePointer<Int32>, _ va: UnsafePointer<Float>,
                               range: Range<Int>, bt: UnsafePointer<Float>, n: Int, out: UnsafeMutablePointer<Float>,
                               portable: Bool) {
        let n32 = Int32(n)
        for r in range {
            let dst = out + r * n
            for p in rp[r] ..< rp[r + 1] {
                if portable {
                    let a = va[p], src = bt + Int(ci[p]) * n
                    for l in 0 ..< n { dst[l] += a * src[l] }
                } else {
                    cblas_saxpy(n32, va[p], bt + Int(ci[p]) * n, 1, dst, 1)
                }
            }
        }
    }

    /// `out = A · B` with `bt` = B as `cols × n` row-major and `out` `rows × n` row-major (zeroed).
    /// Parallel over row blocks: each block writes its own output rows, so no synchronisation.
    static func multiplyRowMajor(_ a: CSRMatrix, bt: UnsafePointer<Float>, n: Int, out: UnsafeMutablePointer<Float>,
                                 portable: Bool = true) {
        a.rowPointers.withUnsafeBufferPointer { rpb in
            a.columnIndices.withUnsafeBufferPointer { cib in
                a.values.withUnsafeBufferPointer { vab in
                    guard let rp = rpb.baseAddress, let ci = cib.baseAddress, let va = vab.baseAddress else { return }
                    let work = a.nonZeroCount * n
                    let threads = threadCount
                    if threads == 1 || work < 1 << 16 {
                        accumulateRows(rp, ci, va, range: 0 ..< a.rows, bt: bt, n: n, out: out, portable: portable)
                        return
                    }
                    // More blocks than threads so an uneven block does not leave a core idle.
                    let ranges = rowRanges(a, parts: threads * 8)
                    // Each block writes only its own output rows; the inputs are read-only.
                    nonisolated(unsafe) let shared = (rp: rp, ci: ci, va: va, bt: bt, out: out)
                    DispatchQueue.concurrentPerform(iterations: ranges.count) { i in
                        accumulateRows(shared.rp, shared.ci, shared.va, range: ranges[i], bt: shared.bt, n: n, out: shared.out,
                                       portable: portable)
                    }
                }
            }
        }
    }

    /// out[c_p, :] += a_rp · bt[r, :] for rows in `range`; `bt` is `rows × n` row-major, `out` is
    /// `cols × n` row-major. Each element as one rounded multiply and one rounded add (as the portable
    /// `accumulateRows`): a `saxpy` call per nonzero cost more in calls than in arithmetic (n ≈ 200), and
    /// its kernel fuses the two on some CPUs and not on others.
    @inline(__always)
    static func scatterRows(_ rp: UnsafePointer<Int>, _ ci: UnsafePointer<Int32>, _ va: UnsafePointer<Float>,
                            range: Range<Int>, bt: UnsafePointer<Float>, n: Int, out: UnsafeMutablePointer<Float>) {
        for r in range {
            let src = bt + r * n
            for p in rp[r] ..< rp[r + 1] {
                let a = va[p], dst = out + Int(ci[p]) * n
                for l in 0 ..< n { dst[l] += a * src[l] }
            }
        }
    }

    /// `out = Aᵀ · B` with `bt` = B as `rows × n` row-major and `out` `cols × n` row-major (zeroed).
    /// Scatter writes collide across rows, so the rows are cut into `transposeBlocks` blocks (balanced by
    /// nonzeros), each scattered into its own buffer (block 0 into `out`), and the buffers are added to
    /// `out` in block order. The blocks do not depend on the thread count (threads only run them side
    /// by side), so neither do the bits.
    static func transposeMultiplyRowMajor(_ a: CSRMatrix, bt: UnsafePointer<Float>, n: Int, out: UnsafeMutablePointer<Float>) {
        a.rowPointers.withUnsafeBufferPointer { rpb in
            a.columnIndices.withUnsafeBufferPointer { cib in
                a.values.withUnsafeBufferPointer { vab in
                    guard let rp = rpb.baseAddress, let ci = cib.baseAddress, let va = vab.baseAddress else { return }
                    let work = a.nonZeroCount * n
                    let ranges = work < 1 << 16 ? [0 ..< a.rows] : rowRanges(a, parts: transposeBlocks)
                    if ranges.count <= 1 {
                        scatterRows(rp, ci, va, range: 0 ..< a.rows, bt: bt, n: n, out: out)
                        return
                    }
                    let size = a.cols * n
                    // Buffer 0 is `out` itself; the others are private and added in afterwards.
                    let extra = (1 ..< ranges.count).map { _ in
                        UnsafeMutablePointer<Float>.allocate(capacity: size)
                    }
                    defer { extra.forEach { $0.deallocate() } }
                    // Each block scatters into its own buffer; the inputs are read-only.
                    nonisolated(unsafe) let shared = (rp: rp, ci: ci, va: va, bt: bt, out: out, extra: extra)
                    let block: @Sendable (Int) -> Void = { i in
                        let target: UnsafeMutablePointer<Float>
                        if i == 0 {
                            target = shared.out
                        } else {
                            target = shared.extra[i - 1]
                            target.initialize(repeating: 0, count: size)
                        }
                        scatterRows(shared.rp, shared.ci, shared.va, range: ranges[i], bt: shared.bt, n: n, out: target)
                    }
                    if threadCount == 1 {
                        for i in ranges.indices { block(i) }
                    } else {
                        DispatchQueue.concurrentPerform(iterations: ranges.count, execute: block)
                    }
                    // out += buffer, element by element (what saxpy with α = 1 computes on every kernel).
                    for buffer in extra {
                        for i in 0 ..< size { out[i] += buffer[i] }
                    }
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
