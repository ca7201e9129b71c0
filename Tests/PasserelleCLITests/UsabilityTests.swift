import Foundation
import XCTest
import PasserelleTestSupport

/// What a newcomer mistypes gets a way forward: the nearest command or posting id, a version.
final class UsabilityTests: XCTestCase {
    func testAMistypedCommandSuggestsTheNearestOneAndExits64() throws {
        let r = try CLI.run(["rnak", "--cv", "Data/candidates/cv-fr-mediation.txt"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("no command 'rnak'; did you mean 'rank'?"), r.stderr)
        let help = try CLI.run(["help", "deploy"])
        XCTAssertEqual(help.status, 64, "help for a command that does not exist is an error, not the root help")
        XCTAssertTrue(help.stderr.contains("no command 'deploy'") && help.stderr.contains("the commands: rank, similar"), help.stderr)
        XCTAssertEqual(try CLI.run(["help", "rank"]).status, 0)
        XCTAssertEqual(try CLI.run(["--help"]).status, 0)
    }

    func testVersion() throws {
        let r = try CLI.run(["--version"])
        XCTAssertEqual(r.status, 0)
        XCTAssertNotNil(r.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression), r.stdout)
    }

    func testAMistypedPostingIDSuggestsTheNearestIDs() throws {
        let model = CLI.shippedModelPath
        let similar = try CLI.run(["similar", "seed-region-desing", "--model", model])
        XCTAssertEqual(similar.status, 1)
        XCTAssertTrue(similar.stderr.contains("did you mean 'seed-region-design'?"), similar.stderr)
        let copy = CLI.temporaryDirectory().appendingPathComponent("m.plm").path
        try FileManager.default.copyItem(atPath: model, toPath: copy)
        let remove = try CLI.run(["remove", "qc-educateur-muse", "--model", copy])
        XCTAssertEqual(remove.status, 1)
        XCTAssertTrue(remove.stderr.contains("did you mean 'qc-educateur-musee'?"), remove.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: copy)), try Data(contentsOf: URL(fileURLWithPath: model)), "a refused remove changes nothing")
    }
}

/// One obvious model: `index` without --out writes the project's Models/postings.plm, and every command
/// without --model then uses it; `add`/`remove` on the default model (rebuilt from Data/postings) are
/// refused with the fix instead of being lost at its next rebuild.
final class ModelRuleTests: XCTestCase {
    func testIndexWithoutOutIsTheModelCommandsUseAndTheDefaultModelIsNeverChangedInPlace() throws {
        let project = CLI.temporaryDirectory()
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("Data"), to: project.appendingPathComponent("Data"))
        let cv = "Data/candidates/cv-fr-mediation.txt"
        func run(_ arguments: [String]) throws -> CLI.Result { try CLI.run(arguments, in: project) }

        // No model of one's own yet: add is refused, nothing is written.
        let refused = try run(["add", "Data/postings/qc-educateur-musee.txt"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("would be lost") && refused.stderr.contains("passerelle index"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: project.appendingPathComponent("Models/postings.plm").path))
        XCTAssertEqual(try run(["remove", "seed-region-design"]).status, 1)

        // index without --out → Models/postings.plm, which rank and info then use.
        let index = try run(["index", "Data/postings/", "--dims", "10"])
        XCTAssertEqual(index.status, 0, index.stderr)
        let own = project.appendingPathComponent("Models/postings.plm").path
        XCTAssertTrue(FileManager.default.fileExists(atPath: own))
        let ranked = try CLI.json(try run(["rank", "--cv", cv, "--format", "json"]).stdout)
        XCTAssertEqual(((ranked["model"] as? [String: Any])?["path"] as? String).map { ($0 as NSString).lastPathComponent }, "postings.plm")

        // add and remove without --model change it, and it stays as changed.
        let before = try CLI.json(try run(["info", "--format", "json"]).stdout)["postings"] as? Int
        XCTAssertEqual(try run(["remove", "seed-region-design"]).status, 0)
        let after = try CLI.json(try run(["info", "--format", "json"]).stdout)["postings"] as? Int
        XCTAssertEqual(after, before.map { $0 - 1 })
        try FileManager.default.removeItem(at: project.appendingPathComponent("Data/postings/fr-commercial-b2b.txt"))
        XCTAssertEqual(try CLI.json(try run(["info", "--format", "json"]).stdout)["postings"] as? Int, after,
                       "a change in Data/postings rebuilds the default model, never the one index wrote")
    }
}

/// A long batch tells how it ended: a closing summary; on Ctrl-C, how to continue.
final class BatchEndingTests: XCTestCase {
    func testASummaryClosesARunAndCtrlCSaysHowToContinue() throws {
        let folder = CLI.temporaryDirectory()
        let pool = folder.appendingPathComponent("pool.jsonl").path
        // 8 blocks of 16: the interrupted run holds after 3 of them (no timer to outlast: 400 candidates were
        // needed when a pause per block had to keep the run going until the signal came).
        try BatchTests.makePool(count: 128).write(toFile: pool, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("rows.jsonl").path
        let common = ["batch", "--model", CLI.shippedModelPath, "--candidates", pool, "--top", "3", "--block-size", "16"]
        let arguments = common + ["--out", out]

        let whole = try CLI.run(common + ["--out", folder.appendingPathComponent("whole.jsonl").path])
        XCTAssertEqual(whole.status, 0, whole.stderr)
        XCTAssertTrue(whole.stderr.contains("candidates scored against 53 postings in") && whole.stderr.contains("whole.jsonl"), whole.stderr)

        // Interrupted (SIGINT) while it works: exit 130, the hint; the same command with --resume finishes it.
        // The run holds after 3 blocks (the handler is installed before the first one) until the signal: no race
        // with the end of the run, whatever the load. Rows go into `out.partial`, which becomes `out` only when
        // the run completes.
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments + ["--hold-after-blocks", "3", "--checkpoint-interval", "0"]
        process.currentDirectoryURL = CLI.packageRoot
        let err = ChildOutput()
        process.standardError = err.pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        try err.wait(for: "holding")
        XCTAssertGreaterThan((try? FileManager.default.attributesOfItem(atPath: out + ".partial")[.size] as? Int) ?? 0, 0, "rows were written")
        process.interrupt()
        let said = err.whole()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130, said)
        XCTAssertTrue(said.contains("interrupted; run the same command with --resume to continue"), said)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "FILE is not there until the run completes")
        let resumed = try CLI.run(arguments + ["--resume", "--quiet"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), try Data(contentsOf: folder.appendingPathComponent("whole.jsonl")))
    }
}

/// Clear lines for what a newcomer tries first.
final class FirstStepsTests: XCTestCase {
    func testAFolderAsACVTheTypesReadAndExplainWithCSVAreClearErrors() throws {
        let folder = try CLI.run(["rank", "--cv", "Data/candidates", "--model", CLI.shippedModelPath])
        XCTAssertEqual(folder.status, 1)
        XCTAssertTrue(folder.stderr.contains("Data/candidates is a folder; give one file"), folder.stderr)
        let pictures = CLI.temporaryDirectory()
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: pictures.appendingPathComponent("photo.png"))
        let none = try CLI.run(["index", pictures.path, "--out", pictures.appendingPathComponent("m.plm").path])
        XCTAssertEqual(none.status, 1)
        XCTAssertTrue(none.stderr.contains("no documents found (read: .csv, .docx"), none.stderr)
        let csv = try CLI.run(["batch", "--candidates", "Data/candidates", "--model", CLI.shippedModelPath, "--format", "csv", "--explain"])
        XCTAssertEqual(csv.status, 64)
        XCTAssertTrue(csv.stderr.contains("--explain needs --format jsonl or json"), csv.stderr)
    }

    /// `index --analyzer plain` alone builds a model (without cross-language terms, said on stderr).
    func testThePlainAnalyzerAloneBuildsAModel() throws {
        let out = CLI.temporaryDirectory().appendingPathComponent("plain.plm").path
        let r = try CLI.run(["index", "Data/postings", "--analyzer", "plain", "--dims", "10", "--out", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("building without cross-language terms"), r.stderr)
        XCTAssertEqual(try CLI.run(["rank", "--cv", "Data/candidates/cv-fr-design.txt", "--model", out]).status, 0)
    }
}

/// `--where` filters postings by their metadata before the top N, in rank, similar and batch.
final class FilterTests: XCTestCase {
    func testWhereKeepsTheTopNOfThePostingsThatPass() throws {
        let model = CLI.shippedModelPath
        let cv = "Data/candidates/cv-fr-mediation.txt"
        let all = try XCTUnwrap(try CLI.json(try CLI.run(["rank", "--cv", cv, "--model", model, "--format", "json", "--top", "60"]).stdout)["matches"] as? [[String: Any]])
        let located = try CLI.run(["rank", "--cv", cv, "--model", model, "--format", "json", "--top", "5", "--where", "location~montreal"])
        XCTAssertEqual(located.status, 0, located.stderr)
        let kept = try XCTUnwrap(try CLI.json(located.stdout)["matches"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        // The shipped postings in Montréal, by their front matter.
        let montreal = try FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.appendingPathComponent("Data/postings").path).filter { name in
            let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Data/postings/\(name)"), encoding: .utf8)
            return text.split(separator: "\n").prefix(12).contains { $0.hasPrefix("location:") && $0.lowercased().contains("montréal") }
        }.map { ($0 as NSString).deletingPathExtension }
        XCTAssertGreaterThanOrEqual(montreal.count, 5)
        XCTAssertEqual(kept, Array(all.compactMap { $0["id"] as? String }.filter(montreal.contains).prefix(5)))

        let similar = try CLI.run(["similar", "seed-region-design", "--model", model, "--format", "json", "--where", "location~montreal", "--where", "title~design"])
        XCTAssertEqual(similar.status, 0, similar.stderr)
        for match in try XCTUnwrap(try CLI.json(similar.stdout)["matches"] as? [[String: Any]]) {
            XCTAssertTrue(montreal.contains(match["id"] as? String ?? ""), "\(match)")
        }

        let rows = try CLI.run(["batch", "--model", model, "--candidates", "Data/candidates", "--top", "3", "--quiet", "--where", "location~montreal"])
        XCTAssertEqual(rows.status, 0, rows.stderr)
        for line in rows.stdout.split(separator: "\n") {
            let row = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            if row["direction"] as? String == "posting" {
                XCTAssertTrue(montreal.contains(row["id"] as? String ?? ""), "a posting row only for postings that pass")
            } else {
                for match in row["matches"] as? [[String: Any]] ?? [] { XCTAssertTrue(montreal.contains(match["id"] as? String ?? "")) }
            }
        }
        let bad = try CLI.run(["rank", "--cv", cv, "--model", model, "--where", "location"])
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.stderr.contains("KEY~TEXT"), bad.stderr)
    }

    /// `competencies FILE --posting` reads a posting as `rank` explains it: the employer's presentation
    /// and perks are mentions, so it lists a subset of what the CV reading finds, with fewer on Exeko's
    /// posting (whose self-presentation names many practices).
    func testCompetenciesOfAPostingLeaveOutItsMentions() throws {
        let file = "Data/postings/seed-exeko-pratiques.txt"
        func ids(_ extra: [String]) throws -> Set<String> {
            let r = try CLI.run(["competencies", file, "--format", "json"] + extra)
            XCTAssertEqual(r.status, 0, r.stderr)
            return Set((try CLI.json(r.stdout)["competencies"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        }
        let asCV = try ids([]), asPosting = try ids(["--posting"])
        XCTAssertFalse(asPosting.isEmpty)
        XCTAssertTrue(asPosting.isSubset(of: asCV), "\(asPosting.subtracting(asCV))")
        XCTAssertLessThan(asPosting.count, asCV.count)
    }
}
