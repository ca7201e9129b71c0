import Foundation
import XCTest
import PasserelleTestSupport

/// `passerelle index` writes the same bytes whatever the thread count: the analysis runs on every core
/// and is merged in document order, the SVD's sparse products cut their rows into a fixed number of
/// blocks (`SparseKernels.transposeBlocks`) whatever the threads, and OpenBLAS's products do not depend
/// on its thread count. `SOURCE_DATE_EPOCH` fixes the one date in the file.
final class IndexThreadsTests: XCTestCase {
    func testAModelBuiltWithOneOrTwoThreadsIsTheSameBytes() throws {
        let folder = CLI.temporaryDirectory()
        var models = [Data]()
        for threads in ["1", "2"] {
            let out = folder.appendingPathComponent("t\(threads).plm").path
            let r = try CLI.run(["index", "Data/postings", "--out", out],
                                environment: ["PASSERELLE_THREADS": threads, "OPENBLAS_NUM_THREADS": threads, "OMP_NUM_THREADS": threads,
                                              "SOURCE_DATE_EPOCH": "1700000000"])
            XCTAssertEqual(r.status, 0, r.stderr)
            models.append(try Data(contentsOf: URL(fileURLWithPath: out)))
        }
        XCTAssertGreaterThan(models[0].count, 100_000)
        XCTAssertTrue(models[0] == models[1], "the models built with 1 and 2 threads differ")
    }
}
