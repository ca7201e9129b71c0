import XCTest
@testable import LinearAlgebra

final class BLASKernelTests: XCTestCase {
    static let avx512 = Set(["sse3", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq"])

    func testAFallbackKernelIsReplacedByTheBestTheFlagsAllow() {
        XCTAssertEqual(BLASKernel.preferredCoreType(current: "Prescott", flags: Self.avx512.union(["avx512_bf16"])), "Cooperlake")
        XCTAssertEqual(BLASKernel.preferredCoreType(current: "Prescott", flags: Self.avx512), "SkylakeX")
        XCTAssertEqual(BLASKernel.preferredCoreType(current: "Nehalem", flags: ["avx", "avx2", "fma"]), "Haswell")
        XCTAssertEqual(BLASKernel.preferredCoreType(current: "Sandybridge", flags: ["avx", "avx2", "fma"]), "Haswell")
    }

    func testOpenBLASsOwnChoiceIsKeptWhenItIsNotAFallbackOrNothingBetterFits() {
        XCTAssertNil(BLASKernel.preferredCoreType(current: "Haswell", flags: Self.avx512), "a recognised CPU keeps its kernels")
        XCTAssertNil(BLASKernel.preferredCoreType(current: "Zen", flags: ["avx2", "fma"]))
        XCTAssertNil(BLASKernel.preferredCoreType(current: "Prescott", flags: ["sse3"]), "an old CPU: Prescott is right")
        XCTAssertNil(BLASKernel.preferredCoreType(current: "Sandybridge", flags: ["avx"]), "a real Sandy Bridge")
        XCTAssertNil(BLASKernel.preferredCoreType(current: "Prescott", flags: ["avx2"]), "AVX2 without FMA: no Haswell kernels")
        XCTAssertNil(BLASKernel.preferredCoreType(current: nil, flags: Self.avx512), "another BLAS")
    }

    func testThisProcessReportsItsKernelFamily() {
        // The test bundle links the same BLAS as the product; OpenBLAS names its kernels, another BLAS nothing.
        if let name = BLASKernel.coreName { XCTAssertFalse(name.isEmpty) }
        XCTAssertFalse(BLASKernel.cpuFlags().isEmpty && FileManager.default.fileExists(atPath: "/proc/cpuinfo"),
                       "flags read from /proc/cpuinfo")
    }
}
