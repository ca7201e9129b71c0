import LinearAlgebra

/// The numeric library's run-time choices a front end makes (how many BLAS threads, which OpenBLAS
/// kernels), so that the application library and the executables talk to the engine only and never to
/// `LinearAlgebra` directly. Results never depend on them: every product the engine's answers go through
/// is blocked so that its bits are the same at any thread count and kernel (docs/ARCHITECTURE.md).
public enum NumericRuntime {
    /// Sets OpenBLAS's threads (at least 1); false when the loaded BLAS is not OpenBLAS.
    @discardableResult
    public static func setBLASThreads(_ count: Int) -> Bool { BLASThreads.set(count) }

    /// OpenBLAS's current thread count, nil with another BLAS.
    public static var blasThreads: Int? { BLASThreads.current }

    /// The OpenBLAS kernel set in use (e.g. "Haswell"), nil with another BLAS.
    public static var blasKernelName: String? { BLASKernel.coreName }

    /// Re-executes the process with OpenBLAS's best kernels for this CPU when it picked generic ones
    /// (about 10 ms; only worth it for commands whose time goes to sgemm and LAPACK). See `BLASKernel`.
    public static func restartWithPreferredKernels() { BLASKernel.restartWithPreferredKernels() }
}
