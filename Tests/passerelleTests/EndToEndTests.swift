import Foundation
import XCTest

/// The CLI end to end, through the built binary, on the shipped data.
final class EndToEndTests: XCTestCase {
    static var modelPath = ""

    /// One model of Data/postings for the whole class (indexing is the slow part).
    override class func setUp() {
        super.setUp()
        let dir = CLI.temporaryDirectory()
        modelPath = dir.appendingPathComponent("postings.plm").path
        let r = try? CLI.run(["index", "Data/postings", "--out", modelPath])
        precondition(r?.status == 0, "index failed: \(r?.stderr ?? "no process")")
    }

    var seeds: [URL] {
        let folder = CLI.packageRoot.appendingPathComponent("Data/postings")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix("seed-") }.sorted().map { folder.appendingPathComponent($0) }
    }

    func matches(_ result: CLI.Result) throws -> [[String: Any]] {
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(try CLI.json(result.stdout)["matches"] as? [[String: Any]])
    }

    func testEachSeedPostingUsedAsAQueryFindsItselfFirst() throws {
        XCTAssertEqual(seeds.count, 5)
        for seed in seeds {
            let id = seed.deletingPathExtension().lastPathComponent
            let m = try matches(try CLI.run(["similar", seed.path, "--model", Self.modelPath, "--format", "json", "--top", "3"]))
            XCTAssertEqual(m.first?["id"] as? String, id, "\(seed.lastPathComponent) as a query")
            XCTAssertEqual(try XCTUnwrap(m.first?["score"] as? Double), 1, accuracy: 1e-3)
        }
    }

    func testRankReturnsSortedScoresInRangeWithTermsThatSumToTheScore() throws {
        let cvs = try FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.appendingPathComponent("Data/candidates").path)
        XCTAssertGreaterThanOrEqual(cvs.count, 4)
        let result = try CLI.run(["rank", "--cv", "Data/candidates/cv-fr-mediation.txt", "--model", Self.modelPath, "--format", "json", "--top", "10"])
        let m = try matches(result)
        XCTAssertEqual(m.count, 10)
        let scores = m.compactMap { $0["score"] as? Double }
        XCTAssertEqual(scores.count, 10)
        XCTAssertEqual(scores, scores.sorted(by: >))
        XCTAssertTrue(scores.allSatisfy { (-1...1).contains($0) })
        XCTAssertEqual(m.compactMap { $0["rank"] as? Int }, Array(1...10))
        for match in m {
            let terms = try XCTUnwrap(match["terms"] as? [[String: Any]])
            let sum = terms.compactMap { $0["contribution"] as? Double }.reduce(0, +)
            XCTAssertEqual(sum, try XCTUnwrap(match["score"] as? Double), accuracy: 1e-4)
        }
        let json = try CLI.json(result.stdout)
        XCTAssertNotNil(json["query"] as? [String: Any])
        let shipped = try FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.appendingPathComponent("Data/postings").path).count
        XCTAssertEqual((json["model"] as? [String: Any])?["postings"] as? Int, shipped)
    }

    func testACVWrittenForARoleRanksThatRoleInTheTopThree() throws {
        let pairs = [
            ("cv-fr-mediation.txt", "seed-exeko-pratiques"),
            ("cv-fr-participation.txt", "seed-rouen-participation"),
            ("cv-fr-design.txt", "seed-region-design"),
            ("cv-mixed-transition.txt", "seed-college-transitions"),
        ]
        for (cv, posting) in pairs {
            let m = try matches(try CLI.run(["rank", "--cv", "Data/candidates/\(cv)", "--model", Self.modelPath, "--format", "json", "--top", "3"]))
            XCTAssertTrue(m.contains { $0["id"] as? String == posting }, "\(cv): top 3 are \(m.compactMap { $0["id"] as? String })")
        }
    }

    func testSimilarByIDExcludesItselfAndTheModelRoundTripsInANewProcess() throws {
        let first = try matches(try CLI.run(["similar", "seed-region-design", "--model", Self.modelPath, "--format", "json", "--top", "5"]))
        XCTAssertEqual(first.count, 5)
        XCTAssertFalse(first.contains { $0["id"] as? String == "seed-region-design" })
        let again = try matches(try CLI.run(["similar", "seed-region-design", "--model", Self.modelPath, "--format", "json", "--top", "5"]))
        XCTAssertEqual(first.compactMap { $0["id"] as? String }, again.compactMap { $0["id"] as? String })
        XCTAssertEqual(first.compactMap { $0["score"] as? Double }, again.compactMap { $0["score"] as? Double })
        let info = try CLI.json(try CLI.run(["info", "--model", Self.modelPath, "--format", "json"]).stdout)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(info["postings"] as? Int), 45)
        XCTAssertGreaterThan(try XCTUnwrap(info["vocabulary"] as? Int), 1000)
        XCTAssertGreaterThan(try XCTUnwrap(info["explained_variance"] as? Double), 0.5)
    }

    func testTableOutputIsReadable() throws {
        let r = try CLI.run(["rank", "--cv", "Data/candidates/cv-fr-design.txt", "--model", Self.modelPath, "--top", "3"], environment: ["COLUMNS": "120"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 12)   // per match: the ranked line, then shared, missing, languages and terms
        XCTAssertTrue(lines.allSatisfy { $0.count <= 120 }, lines.joined(separator: "\n"))
        XCTAssertTrue(lines[0].hasPrefix("1  "))
        XCTAssertTrue(lines[1].trimmingCharacters(in: .whitespaces).hasPrefix("shared: "))
        XCTAssertTrue(lines[2].trimmingCharacters(in: .whitespaces).hasPrefix("missing: "))
        XCTAssertTrue(lines[3].trimmingCharacters(in: .whitespaces).hasPrefix("languages: "))
        XCTAssertTrue(lines[4].hasPrefix("2  "))
    }

    func testDefaultModelIsBuiltOnFirstUseCachedAndRebuiltWhenPostingsChange() throws {
        let home = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: home.appendingPathComponent("Data"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("Data/postings"), to: home.appendingPathComponent("Data/postings"))
        let cv = CLI.packageRoot.appendingPathComponent("Data/candidates/cv-fr-participation.txt").path
        let first = try CLI.run(["rank", "--cv", cv, "--format", "json"], in: home)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("building the default model"), first.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: home.appendingPathComponent("Models/default.plm").path))
        let second = try CLI.run(["rank", "--cv", cv, "--format", "json"], in: home)
        XCTAssertEqual(second.stderr, "")
        XCTAssertEqual(second.stdout, first.stdout)
        // PASSERELLE_HOME works from anywhere; a changed posting triggers a rebuild.
        try "---\nid: extra-posting\ntitle: Extra\n---\nAnimation de la concertation citoyenne et de la participation des habitants, ateliers.".write(
            to: home.appendingPathComponent("Data/postings/extra-posting.txt"), atomically: true, encoding: .utf8)
        let third = try CLI.run(["info", "--format", "json"], in: CLI.temporaryDirectory(), environment: ["PASSERELLE_HOME": home.path])
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertTrue(third.stderr.contains("changed"), third.stderr)
        let shipped = try FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.appendingPathComponent("Data/postings").path).count
        XCTAssertEqual(try CLI.json(third.stdout)["postings"] as? Int, shipped + 1)
    }

    func testAddAndRemoveUpdateTheModelFile() throws {
        let dir = CLI.temporaryDirectory()
        let model = dir.appendingPathComponent("m.plm").path
        try FileManager.default.copyItem(atPath: Self.modelPath, toPath: model)
        let jsonl = dir.appendingPathComponent("new.jsonl")
        try """
        {"id": "new-1", "title": "Médiateur·rice culturel·le", "text": "Médiation culturelle auprès des publics du musée, ateliers et visites, partenariats avec les écoles.", "lang": "fr", "city": "Québec"}
        {"id": "new-2", "title": "Chargé(e) de concertation", "text": "Concertation et participation citoyenne : animer des ateliers avec les habitant.e.s du quartier."}
        """.write(to: jsonl, atomically: true, encoding: .utf8)
        let add = try CLI.run(["add", jsonl.path, "--model", model])
        XCTAssertEqual(add.status, 0, add.stderr)
        var info = try CLI.json(try CLI.run(["info", "--model", model, "--format", "json", "--ids"]).stdout)
        XCTAssertEqual(info["postings_added"] as? Int, 2)
        XCTAssertTrue((info["posting_ids"] as? [String])?.contains("new-2") ?? false)
        let again = try CLI.run(["add", jsonl.path, "--model", model])
        XCTAssertNotEqual(again.status, 0)
        XCTAssertTrue(again.stderr.contains("duplicate"), again.stderr)
        XCTAssertEqual(try CLI.run(["remove", "new-1", "new-2", "--model", model]).status, 0)
        info = try CLI.json(try CLI.run(["info", "--model", model, "--format", "json", "--ids"]).stdout)
        XCTAssertFalse((info["posting_ids"] as? [String])?.contains("new-2") ?? true)
    }

    func testBadInputGivesAClearMessageAndANonZeroExit() throws {
        let dir = CLI.temporaryDirectory()
        let empty = dir.appendingPathComponent("empty.txt")
        try Data().write(to: empty)
        let cases: [([String], String)] = [
            (["rank", "--cv", empty.path, "--model", Self.modelPath], "empty.txt"),
            (["rank", "--cv", dir.appendingPathComponent("missing.txt").path, "--model", Self.modelPath], "missing.txt"),
            (["similar", "no-such-posting", "--model", Self.modelPath], "no-such-posting"),
            (["rank", "--cv", "Data/candidates/cv-fr-design.txt", "--model", dir.appendingPathComponent("nope.plm").path], "nope.plm"),
            (["remove", "no-such-posting", "--model", Self.modelPath], "no-such-posting"),
        ]
        for (arguments, mention) in cases {
            let r = try CLI.run(arguments)
            XCTAssertNotEqual(r.status, 0, "\(arguments)")
            XCTAssertTrue(r.stderr.contains(mention), "\(arguments): \(r.stderr)")
            XCTAssertTrue(r.stdout.isEmpty, "\(arguments): \(r.stdout)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "one clear line: \(r.stderr)")
        }
        let few = dir.appendingPathComponent("few.txt")
        try "Bonjour.".write(to: few, atomically: true, encoding: .utf8)
        let r = try CLI.run(["rank", "--cv", few.path, "--model", Self.modelPath])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("too little text"), r.stderr)
    }
}
