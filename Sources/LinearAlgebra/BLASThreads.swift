import Foundation

/// OpenBLAS's thread count, found at run time: `openblas_set_num_threads` is declared in OpenBLAS's
/// cblas.h but not in netlib's (the one the package compiles against), and Debian picks the BLAS behind
/// `libblas.so.3` at run time. With another BLAS the calls do nothing and report so.
public enum BLASThreads {
    private typealias Setter = @convention(c) (Int32) -> Void
    private typealias Getter = @convention(c) () -> Int32

    /// Sets OpenBLAS's threads; false when the loaded BLAS is not OpenBLAS.
    @discardableResult
    public static func set(_ count: Int) -> Bool {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_set_num_threads") else { return false }
        unsafeBitCast(symbol, to: Setter.self)(Int32(max(1, count)))
        return true
    }

    /// OpenBLAS's current thread count, nil with another BLAS.
    public static var current: Int? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_get_num_threads") else { return nil }
        return Int(unsafeBitCast(symbol, to: Getter.self)())
    }
}
