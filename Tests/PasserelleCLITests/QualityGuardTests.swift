import Foundation
import XCTest
import PasserelleTestSupport

/// Regression guard on matching quality: a small deterministic slice of the job title → role collection
/// (ROME appellations → their fiche among the 532), built from `../shared/data/rome` through the CLI
/// (`import`, `index`, `eval`), must stay at or above the floors in `Data/judgments/quality-floors.json`.
/// The floors are measured values minus a small margin: a guard against regressions, not a target.
/// Skipped, with the reason, when `../shared/data/rome` is absent (it is never part of the repository).
final class QualityGuardTests: XCTestCase {
    struct Floors: Decodable {
        var collection: String
        var every: Int
        var dims: Int
        /// system name prefix ("lsa", "tfidf-cosine", "bm25") → metric → floor.
        var floors: [String: [String: Double]]
    }

    static var romeFolder: URL {
        CLI.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/rome")
    }

    func testJobTitleToRoleSliceStaysAboveTheRecordedFloors() throws {
        let rome = Self.romeFolder
        try XCTSkipUnless(FileManager.default.fileExists(atPath: rome.appendingPathComponent("metiers.csv").path),
                          "\(rome.path) is absent: the quality guard needs the public ROME files (see ../shared/README.md)")
        let floorsURL = CLI.packageRoot.appendingPathComponent("Data/judgments/quality-floors.json")
        let floors = try JSONDecoder().decode(Floors.self, from: Data(contentsOf: floorsURL))
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fiches = dir.appendingPathComponent("fiches.jsonl").path
        let titles = dir.appendingPathComponent("titles-all.jsonl").path
        let model = dir.appendingPathComponent("rome.plm").path

        for args in [["import", "rome", rome.path, "--out", fiches],
                     ["import", "rome", rome.path, "--what", "appellations", "--out", titles],
                     ["index", fiches, "--dims", String(floors.dims), "--out", model]] {
            let r = try CLI.run(args)
            XCTAssertEqual(r.status, 0, "\(args.joined(separator: " ")): \(r.stderr)")
        }

        // The slice: every n-th appellation in id order, and its qrels line → its fiche.
        var queries = [String](), qrels = [String]()
        let lines = try String(contentsOfFile: titles, encoding: .utf8).split(separator: "\n")
        let all = try lines.map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String]) }.sorted { $0["id"]! < $1["id"]! }
        for (i, a) in all.enumerated() where i % floors.every == 0 {
            queries.append(String(decoding: try JSONSerialization.data(withJSONObject: a, options: [.sortedKeys]), as: UTF8.self))
            qrels.append("\(a["id"]!)\t0\t\(a["code_rome"]!)\t1")
        }
        XCTAssertGreaterThan(queries.count, 300)
        let queriesPath = dir.appendingPathComponent("titles.jsonl").path, qrelsPath = dir.appendingPathComponent("titles.qrels").path
        try (queries.joined(separator: "\n") + "\n").write(toFile: queriesPath, atomically: true, encoding: .utf8)
        try (qrels.joined(separator: "\n") + "\n").write(toFile: qrelsPath, atomically: true, encoding: .utf8)

        // Job titles are two to four words, under the known-terms floor `rank` applies to CVs: the guard
        // measures the latent space on them, as it always has, with the floor at one known term.
        let r = try CLI.run(["eval", "--model", model, "--queries", queriesPath, "--qrels", qrelsPath, "--format", "json", "--worst", "0",
                             "--minimum-known-terms", "1"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = try CLI.json(r.stdout)
        XCTAssertEqual(report["queries"] as? Int, queries.count)
        XCTAssertEqual(report["corpus"] as? Int, 532)
        let systems = try XCTUnwrap(report["systems"] as? [[String: Any]])
        var measured = [String]()
        for (prefix, metricFloors) in floors.floors.sorted(by: { $0.key < $1.key }) {
            let system = try XCTUnwrap(systems.first { ($0["system"] as? String)?.hasPrefix(prefix) == true && ($0["system"] as? String)?.contains("+") == false },
                                       "no system named \(prefix)… in \(systems.compactMap { $0["system"] })")
            let metrics = try XCTUnwrap(system["metrics"] as? [String: Double])
            for (metric, floor) in metricFloors.sorted(by: { $0.key < $1.key }) {
                let value = try XCTUnwrap(metrics[metric], "\(prefix) has no \(metric)")
                measured.append("\(prefix) \(metric) \(value)")
                XCTAssertGreaterThanOrEqual(value, floor, "\(floors.collection): \(prefix) \(metric) fell to \(value), below the floor \(floor)")
            }
        }
        print("quality guard (\(queries.count) job titles): " + measured.joined(separator: ", "))
    }
}
