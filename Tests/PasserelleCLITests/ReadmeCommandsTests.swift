import Foundation
import XCTest
import PasserelleTestSupport

/// The README's usage block runs as pasted: every line, in order, in a folder holding a copy of the
/// shipped `Data/` (so the files it writes — a report, models, shard outputs — land there, not in the
/// checkout), with `$B` pointing at the binary under test. A README that names a file nobody ships, or a
/// flag that no longer exists, fails here.
final class ReadmeCommandsTests: XCTestCase {
    /// Every block that starts with `B=.build/release/passerelle` (the walk-through, the commands), in order,
    /// without that line.
    static func usageBlock() throws -> [String] {
        let readme = try String(contentsOf: CLI.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        var commands = [String]()
        var i = 0
        while let start = lines[i...].firstIndex(where: { $0.hasPrefix("B=.build/release/passerelle") }) {
            let end = try XCTUnwrap(lines[start...].firstIndex { $0.hasPrefix("```") }, "usage block not closed")
            commands += lines[(start + 1) ..< end].filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            i = end
        }
        XCTAssertFalse(commands.isEmpty, "README has no usage block")
        return commands
    }

    func testEveryCommandOfTheUsageBlockRunsAsPasted() throws {
        let commands = try Self.usageBlock()
        XCTAssertGreaterThan(commands.count, 10)
        XCTAssertTrue(commands.allSatisfy { $0.hasPrefix("$B ") || $0.contains("| $B ") }, "every line runs the binary")
        // The walk-through: importing a France Travail page of results and a JobPosting page, then ranking a CV.
        XCTAssertTrue(commands.contains { $0.hasPrefix("$B import france-travail ") })
        XCTAssertTrue(commands.contains { $0.hasPrefix("$B import jobposting ") && $0.contains(".html") })
        let folder = CLI.temporaryDirectory()
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("Data"), to: folder.appendingPathComponent("Data"))
        for (n, command) in commands.enumerated() {
            // Through bash, as pasted (`$B` is the binary), with the runner's environment (no PASSERELLE_HOME).
            let result = try CLI.run(["-e", "-u", "-o", "pipefail", "-c", command], in: folder, environment: ["B": CLI.binary.path],
                                     executable: URL(fileURLWithPath: "/bin/bash"))
            XCTAssertEqual(result.status, 0, "README usage line \(n + 1): \(command)\n\(result.stderr)")
            let writesAFile = command.contains("--out ") || command.contains(" > ")
            XCTAssertFalse(result.stdout.isEmpty && result.stderr.isEmpty && !writesAFile,
                           "README usage line \(n + 1) said nothing: \(command)")
        }
        for written in ["report.html", "Models/fr.plm", "part1.jsonl", "part2.jsonl", "passerelle.bash", "offres.jsonl", "annonces.jsonl",
                        "Models/offres.plm", "handout.html"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent(written).path), written)
        }
        // The handout ranks the imported offers with their apply links.
        let handout = try String(contentsOf: folder.appendingPathComponent("handout.html"), encoding: .utf8)
        XCTAssertTrue(handout.contains("<a class=\"apply\" href=\"https://"), "no apply link in the walk-through's handout")
        XCTAssertEqual(handout.components(separatedBy: "<td class=\"num rank\">").count - 1, 5, "the handout shows the top 5")
    }
}
