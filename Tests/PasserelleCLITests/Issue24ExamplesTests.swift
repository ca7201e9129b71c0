import XCTest
import Foundation
import PasserelleTestSupport

/// Issue 24's "done when": every example of its "Why" has a test, rephrased. This file holds the one example about the
/// binary's own output: `competencies --posting` tells what a posting requires from what it only welcomes (kind 6), for
/// competencies and languages, in JSON and in the table. A posting written anew for this file.
final class Issue24ExamplesTests: XCTestCase {
    func testCompetenciesOfAPostingSayRequiredOrDesirable() throws {
        let file = CLI.temporaryDirectory().appendingPathComponent("posting.txt")
        try """
        Animateur·rice de quartier
        Missions
        Rédiger les bilans d'activité.
        Profil
        La gestion budgétaire est un atout.
        Français courant exigé. L'anglais peut être requis pour certains dossiers.
        """.write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["competencies", file.path, "--posting", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try CLI.json(r.stdout)
        let competencies = Dictionary(uniqueKeysWithValues: (json["competencies"] as? [[String: Any]] ?? []).compactMap { c in
            (c["id"] as? String).map { ($0, c["requirement"] as? String ?? "") }
        })
        XCTAssertEqual(competencies["writing"], "required")
        XCTAssertEqual(competencies["budgeting"], "desirable")
        let languages = Dictionary(uniqueKeysWithValues: (json["languages"] as? [[String: Any]] ?? []).compactMap { l in
            (l["language"] as? String).map { ($0, l["requirement"] as? String ?? "") }
        })
        XCTAssertEqual(languages, ["fr": "required", "en": "desirable"])
        let table = try CLI.run(["competencies", file.path, "--posting"])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.stdout.contains("requirement"), table.stdout)
        XCTAssertTrue(table.stdout.contains("desirable"), table.stdout)
        // Read as a CV, nothing is asked: no requirement column.
        let cv = try CLI.run(["competencies", file.path, "--format", "json"])
        XCTAssertNil((try CLI.json(cv.stdout)["competencies"] as? [[String: Any]])?.first?["requirement"])
    }
}
