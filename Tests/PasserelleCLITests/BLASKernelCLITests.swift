import Foundation
import XCTest
import PasserelleTestSupport

/// `passerelle` runs the BLAS kernels the CPU can run: where OpenBLAS falls back to its generic "Prescott"
/// kernels on a CPU it does not know (Debian 12's OpenBLAS on 5th-generation Xeons: sgemm 4× slower), the
/// program restarts itself with `OPENBLAS_CORETYPE` set (`BLASKernel`). Observed through `batch --timings`.
final class BLASKernelCLITests: XCTestCase {
    func testBatchRunsKernelsThisCPUCanRunAndSaysWhich() throws {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil else {
            throw XCTSkip("OPENBLAS_CORETYPE is set for the whole test run: the choice is the caller's")
        }
        let folder = CLI.temporaryDirectory()
        let pool = folder.appendingPathComponent("pool.jsonl").path
        try BatchTests.makePool(count: 20).write(toFile: pool, atomically: true, encoding: .utf8)
        let r = try CLI.run(["batch", "--model", CLI.shippedModelPath, "--candidates", pool, "--top", "3", "--quiet", "--timings"])
        XCTAssertEqual(r.status, 0, r.stderr)
        guard let line = r.stderr.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
              let timings = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let kernel = timings["blas_kernel"] as? String else {
            return XCTFail("no blas_kernel in the timings: \(r.stderr)")
        }
        guard !kernel.isEmpty else { throw XCTSkip("the BLAS is not OpenBLAS") }
        let flags = DeterminismTests.cpuFlags
        let fallbacks: Set<String> = ["Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Sandybridge"]
        if flags.contains("avx2") && flags.contains("fma") {
            XCTAssertFalse(fallbacks.contains(kernel), "OpenBLAS runs its \(kernel) kernels on a CPU with AVX2 and FMA")
        }
        if ["avx512f", "avx512bw", "avx512vl", "avx512dq"].allSatisfy(flags.contains) {
            XCTAssertTrue(["SkylakeX", "Cooperlake", "SapphireRapids"].contains(kernel), "AVX-512 CPU, \(kernel) kernels")
        }
    }
}
