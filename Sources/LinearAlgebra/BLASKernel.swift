import Foundation

/// Which OpenBLAS kernels run, and which ones this CPU can run faster.
///
/// Why: OpenBLAS chooses its kernels when it loads, from the CPU model. On a model it does not know it falls
/// back to "Prescott", the SSE3 kernels: Debian 12's OpenBLAS 0.3.21 on an Intel Xeon of the 5th generation
/// (family 6, model 207, AVX-512 with BF16) ran `sgemm` at 31 GFLOP/s on one core where its Cooperlake
/// kernels reach 125 (`passerelle batch --timings`, 100,000 postings × 1,000 CVs). The choice can only be
/// changed before the library loads, through `OPENBLAS_CORETYPE`: so an executable asks `preferredCoreType()`
/// first thing and, when it gets an answer, sets the variable and starts itself again (the `passerelle`
/// executable does). Results never depend on the kernel (the scorer rescores exactly; `DeterminismTests`).
public enum BLASKernel {
    private typealias NameGetter = @convention(c) () -> UnsafeMutablePointer<CChar>?

    /// OpenBLAS's kernel family in use ("Haswell", "SkylakeX", "Prescott"…), nil with another BLAS.
    public static var coreName: String? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_get_corename") else { return nil }
        guard let name = unsafeBitCast(symbol, to: NameGetter.self)() else { return nil }
        return String(cString: name)
    }

    /// Kernel families OpenBLAS falls back to on CPUs it does not recognise (and old ones, on which the
    /// flags below then find nothing better).
    static let fallbacks: Set<String> = ["Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Sandybridge"]

    /// The `OPENBLAS_CORETYPE` to force when OpenBLAS chose `current` on a CPU with these `/proc/cpuinfo`
    /// flags: the best family the flags allow (AVX-512 with BF16: Cooperlake; AVX-512: SkylakeX; AVX2 and
    /// FMA: Haswell), or nil when OpenBLAS's own choice is not a fallback or nothing better fits.
    public static func preferredCoreType(current: String?, flags: Set<String>) -> String? {
        guard let current, fallbacks.contains(current) else { return nil }
        let best: String?
        if ["avx512f", "avx512bw", "avx512vl", "avx512dq"].allSatisfy(flags.contains) {
            best = flags.contains("avx512_bf16") ? "Cooperlake" : "SkylakeX"
        } else if flags.contains("avx2") && flags.contains("fma") {
            best = "Haswell"
        } else {
            best = nil
        }
        return best == current ? nil : best
    }

    /// `preferredCoreType(current:flags:)` for this process: nil when `OPENBLAS_CORETYPE` is already set
    /// (by the user, or by a restart), when the BLAS is not OpenBLAS, or when its choice is fine. Reads
    /// `/proc/cpuinfo` only when OpenBLAS chose a fallback.
    public static func preferredCoreType() -> String? {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil else { return nil }
        guard let current = coreName, fallbacks.contains(current) else { return nil }
        return preferredCoreType(current: current, flags: cpuFlags())
    }

    /// For an executable's `main`, before anything else: when `preferredCoreType()` answers, sets
    /// `OPENBLAS_CORETYPE` and starts the program again (same arguments, same environment plus that
    /// variable; nothing read or written yet). Returns when nothing is to be done, or when the restart
    /// failed (the program then carries on with OpenBLAS's own choice). Linux only.
    public static func restartWithPreferredKernels() {
        #if os(Linux)
        guard let core = preferredCoreType() else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        #endif
    }

    /// The CPU's feature flags from the first `flags` line of `/proc/cpuinfo` (empty elsewhere).
    static func cpuFlags() -> Set<String> {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let list = line.split(separator: ":", maxSplits: 1).last else { return [] }
        return Set(list.split(separator: " ").map(String.init))
    }
}
