import XCTest
import Foundation
import PasserelleTestSupport

/// The binary run from a folder that is no project (issue 30): the same resources, the same model bytes,
/// and, without a model, a message that says how to index one's own postings.
final class RunAnywhereTests: XCTestCase {
    func testIndexFromAnEmptyFolderWritesTheSameBytesAsFromTheProject() throws {
        let work = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let empty = work.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let postings = CLI.packageRoot.appendingPathComponent("Data/postings").path
        let env = ["SOURCE_DATE_EPOCH": "1700000000"]
        let inProject = try CLI.run(["index", "Data/postings", "--out", work.appendingPathComponent("project.plm").path], environment: env)
        XCTAssertEqual(inProject.status, 0, inProject.stderr)
        let outside = try CLI.run(["index", postings, "--out", work.appendingPathComponent("outside.plm").path], in: empty, environment: env)
        XCTAssertEqual(outside.status, 0, outside.stderr)
        XCTAssertFalse(outside.stderr.contains("not found"), outside.stderr)
        let a = try Data(contentsOf: work.appendingPathComponent("project.plm"))
        let b = try Data(contentsOf: work.appendingPathComponent("outside.plm"))
        XCTAssertTrue(a == b, "index from an empty folder wrote other bytes (\(b.count) vs \(a.count))")
        let info = try CLI.run(["info", "--model", work.appendingPathComponent("outside.plm").path, "--format", "json"], in: empty)
        let json = try CLI.json(info.stdout)
        XCTAssertNotNil(json["concept_features"] as? String, "built without the taxonomy: \(info.stdout)")
        XCTAssertNotNil(json["cross_language"] as? String, "built without the term list: \(info.stdout)")
    }

    func testWithoutAProjectOrAModelCommandsSayHowToIndex() throws {
        let empty = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        let cv = CLI.packageRoot.appendingPathComponent("Data/candidates/cv-fr-mediation.txt").path
        let r = try CLI.run(["rank", "--cv", cv], in: empty)
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("passerelle index") && r.stderr.contains("--model"), r.stderr)
        let index = try CLI.run(["index", CLI.packageRoot.appendingPathComponent("Data/postings").path], in: empty)
        XCTAssertNotEqual(index.status, 0)
        XCTAssertTrue(index.stderr.contains("--out"), index.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: empty.appendingPathComponent("Models").path))
    }

    func testCompetenciesFromAnEmptyFolderUseTheBuiltInTaxonomy() throws {
        let empty = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        let cv = CLI.packageRoot.appendingPathComponent("Data/candidates/cv-fr-mediation.txt").path
        let outside = try CLI.run(["competencies", cv, "--format", "json"], in: empty)
        XCTAssertEqual(outside.status, 0, outside.stderr)
        let inProject = try CLI.run(["competencies", cv, "--format", "json"])
        XCTAssertEqual(outside.stdout, inProject.stdout)
        XCTAssertTrue(outside.stdout.contains("\"id\""), outside.stdout)
    }
}
