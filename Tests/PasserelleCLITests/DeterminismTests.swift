import Foundation
import XCTest
import PasserelleTestSupport

/// Same model and input, same bytes out: whatever BLAS kernel OpenBLAS picks for the CPU, thread count,
/// block size or shard cut (issue: CI red on an AMD EPYC, where sgemm's kernels rounded other shapes
/// differently). Kernels of CPUs this machine is not are forced with OPENBLAS_CORETYPE; a kernel whose
/// instructions this CPU lacks is left out (it would stop on an illegal instruction), and said so.
final class DeterminismTests: XCTestCase {
    nonisolated(unsafe) static var folder = URL(fileURLWithPath: "/")
    nonisolated(unsafe) static var poolPath = ""

    override class func setUp() {
        super.setUp()
        folder = CLI.temporaryDirectory()
        poolPath = folder.appendingPathComponent("pool.jsonl").path
        try? BatchTests.makePool(count: 240).write(toFile: poolPath, atomically: true, encoding: .utf8)
    }

    /// OpenBLAS core types to force, with the CPU flags each needs.
    static let coreTypes: [(name: String, needs: [String])] = [
        ("Haswell", ["avx2", "fma"]), ("SkylakeX", ["avx512f", "avx512bw", "avx512vl", "avx512dq"]),
        ("Zen", ["avx2", "fma"]), ("Sandybridge", ["avx"]),
    ]

    static var cpuFlags: Set<String> {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        guard let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
        return Set(line.split(separator: ":").last.map { $0.split(separator: " ").map(String.init) } ?? [])
    }

    func run(_ arguments: [String], environment: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let r = try CLI.run(arguments, environment: environment)
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        return r.stdout
    }

    func testBatchIsTheSameBytesForEveryKernelThreadCountAndBlockSize() throws {
        let flags = Self.cpuFlags
        let base = ["batch", "--model", CLI.shippedModelPath, "--candidates", Self.poolPath, "--top", "5", "--quiet"]
        let reference = try run(base + ["--block-size", "16"])
        XCTAssertFalse(reference.isEmpty)
        var forced = [String]()
        for core in Self.coreTypes {
            guard core.needs.allSatisfy(flags.contains) else {
                print("DeterminismTests: OPENBLAS_CORETYPE=\(core.name) left out: this CPU lacks \(core.needs.filter { !flags.contains($0) })")
                continue
            }
            forced.append(core.name)
            for block in ["16", "7"] {
                let out = try run(base + ["--block-size", block], environment: ["OPENBLAS_CORETYPE": core.name])
                XCTAssertTrue(out == reference, "OPENBLAS_CORETYPE=\(core.name), --block-size \(block): output differs")
            }
        }
        XCTAssertFalse(forced.isEmpty, "no OpenBLAS core type could be forced on this CPU")
        for threads in ["1", "2"] {
            for block in ["16", "1", "100"] {
                let out = try run(base + ["--block-size", block], environment: ["OPENBLAS_NUM_THREADS": threads, "OMP_NUM_THREADS": threads])
                XCTAssertTrue(out == reference, "\(threads) BLAS thread(s), --block-size \(block): output differs")
            }
        }
    }

    func testRankAndSimilarAreTheSameBytesForEveryKernel() throws {
        let flags = Self.cpuFlags
        let commands: [[String]] = [
            ["rank", "--model", CLI.shippedModelPath, "--cv", "Data/candidates/cv-fr-mediation.txt", "--format", "json", "--top", "10"],
            ["similar", "seed-region-design", "--model", CLI.shippedModelPath, "--format", "json", "--top", "10"],
        ]
        for command in commands {
            let reference = try run(command)
            for core in Self.coreTypes where core.needs.allSatisfy(flags.contains) {
                XCTAssertTrue(try run(command, environment: ["OPENBLAS_CORETYPE": core.name]) == reference,
                              "\(command[0]) under OPENBLAS_CORETYPE=\(core.name) differs")
            }
        }
    }

    /// A text ranked alone and the same text in a batch get the same scores to the last bit (one fold,
    /// one scorer): the batch row's float (the binary's), rounded as rank rounds it, is rank's score.
    func testBatchScoresAreRankScores() throws {
        let rows = try run(["batch", "--model", CLI.shippedModelPath, "--candidates", "Data/candidates", "--top", "8", "--quiet",
                            "--block-size", "3"])
        for line in rows.split(separator: "\n") {
            let row = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard row["direction"] as? String == "candidate", let id = row["id"] as? String else { continue }
            let name = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.appendingPathComponent("Data/candidates").path)
                .first { ($0 as NSString).deletingPathExtension == id })
            // batch scores raw similarity: compare with rank's raw order (the language rule re-ranks rank's output).
            // What `rank --cv FILE --format json --top 8 --ignore-language-fit` prints, through the library calls the
            // command makes (one process per CV added only a model load: FormatsEndToEndTests and
            // JudgedCollectionBinaryTests check that the binary prints the same bytes).
            let ranked = try CLI.json(try InProcessQueries.rank(cv: "Data/candidates/\(name)", service: try TestFixtures.indexedService, top: 8,
                                                                ignoreLanguageFit: true))
            let expected = try XCTUnwrap(ranked["matches"] as? [[String: Any]])
            let got = try XCTUnwrap(row["matches"] as? [[String: Any]])
            XCTAssertEqual(got.compactMap { $0["id"] as? String }, expected.compactMap { $0["id"] as? String }, id)
            for (g, e) in zip(got, expected) {
                // batch prints the Float's shortest decimal form; rank rounds that Float to 6 decimals.
                let float = Float(try XCTUnwrap(g["score"] as? Double))
                XCTAssertEqual((Double(float) * 1e6).rounded() / 1e6, try XCTUnwrap(e["score"] as? Double), id)
            }
        }
    }
}
