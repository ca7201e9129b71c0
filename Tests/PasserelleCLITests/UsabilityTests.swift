import Foundation
import XCTest

/// What a newcomer mistypes gets a way forward: the nearest command or posting id, a version.
final class UsabilityTests: XCTestCase {
    func testAMistypedCommandSuggestsTheNearestOneAndExits64() throws {
        let r = try CLI.run(["rnak", "--cv", "Data/candidates/cv-fr-mediation.txt"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("no command 'rnak'; did you mean 'rank'?"), r.stderr)
        let help = try CLI.run(["help", "serve"])
        XCTAssertEqual(help.status, 64, "help for a command that does not exist is an error, not the root help")
        XCTAssertTrue(help.stderr.contains("no command 'serve'") && help.stderr.contains("the commands: rank, similar"), help.stderr)
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
