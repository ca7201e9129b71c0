import Foundation
import XCTest
import PasserelleTestSupport

/// Quality guard on the development collection of issue 13 (`../shared/data/dev`: 532 ROME fiches and
/// three real tasks), run as a user would: `passerelle index` with the default settings, then
/// `passerelle eval` on each task. Passerelle (the model's row) must stay at or above the floors in
/// `Data/judgments/dev-floors.json`, measured values minus a small margin. The collection is never copied
/// into the repository: when `../shared/data/dev` is absent the test is skipped and says so.
final class DevCollectionTests: XCTestCase {
    struct Floors: Decodable {
        var collection: String
        /// task (h1, h2, h3) → metric → floor.
        var floors: [String: [String: Double]]
    }

    static var devFolder: URL {
        CLI.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/dev")
    }

    func testDevCollectionStaysAboveTheRecordedFloors() throws {
        let dev = Self.devFolder
        try XCTSkipUnless(FileManager.default.fileExists(atPath: dev.appendingPathComponent("corpus_rome.jsonl").path),
                          "\(dev.path) is absent: the dev-collection guard needs ../shared/data/dev (issue 13); nothing was measured")
        let floors = try JSONDecoder().decode(Floors.self, from: Data(contentsOf: CLI.packageRoot.appendingPathComponent("Data/judgments/dev-floors.json")))
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("dev.plm").path
        let started = Date()
        let indexed = try CLI.run(["index", dev.appendingPathComponent("corpus_rome.jsonl").path, "--out", model])
        XCTAssertEqual(indexed.status, 0, indexed.stderr)

        let tasks: [(name: String, arguments: [String], queries: Int)] = [
            ("h1", ["--task", "similar", "--queries", dev.appendingPathComponent("h1_queries.txt").path], 227),
            ("h2", ["--task", "rank", "--queries", dev.appendingPathComponent("h2_queries.jsonl").path], 106),
            ("h3", ["--task", "rank", "--queries", dev.appendingPathComponent("h3_queries.jsonl").path], 278),
        ]
        var measured = [String]()
        for task in tasks {
            let r = try CLI.run(["eval", "--model", model, "--qrels", dev.appendingPathComponent("\(task.name)_qrels.tsv").path,
                                 "--depth", "100", "--worst", "0", "--no-baselines", "--format", "json"] + task.arguments)
            XCTAssertEqual(r.status, 0, r.stderr)
            let report = try CLI.json(r.stdout)
            XCTAssertEqual(report["queries"] as? Int, task.queries, task.name)
            XCTAssertEqual(report["corpus"] as? Int, 532)
            let systems = try XCTUnwrap(report["systems"] as? [[String: Any]])
            let passerelle = try XCTUnwrap(systems.first { ($0["system"] as? String)?.hasPrefix("lsa k=") == true })
            let metrics = try XCTUnwrap(passerelle["metrics"] as? [String: Double])
            for (metric, floor) in try XCTUnwrap(floors.floors[task.name]).sorted(by: { $0.key < $1.key }) {
                let value = try XCTUnwrap(metrics[metric], "\(task.name) has no \(metric)")
                measured.append("\(task.name) \(metric) \(value)")
                XCTAssertGreaterThanOrEqual(value, floor, "dev \(task.name): \(metric) fell to \(value), below the floor \(floor)")
            }
        }
        print(String(format: "dev collection guard (%.1f s): ", Date().timeIntervalSince(started)) + measured.joined(separator: ", "))
    }
}
