import XCTest
import ArgumentParser
@testable import PasserelleCLI
import PasserelleTestSupport

/// Every subcommand's help ends with examples, and every example is a command line the parser accepts
/// (options and values validated as when a user types it): an option renamed or removed breaks this test,
/// not a user's paste.
final class HelpExamplesTests: XCTestCase {
    /// The leaf commands (those that run), by name.
    static func leaves(_ command: ParsableCommand.Type = PasserelleCommand.self) -> [String: ParsableCommand.Type] {
        var out = [String: ParsableCommand.Type]()
        for sub in command.configuration.subcommands {
            if sub.configuration.subcommands.isEmpty { out[sub._commandName] = sub } else { out.merge(leaves(sub)) { a, _ in a } }
        }
        return out
    }

    func testEveryCommandHasExamplesInItsHelp() {
        let leaves = Self.leaves()
        XCTAssertGreaterThanOrEqual(leaves.count, 13)
        for (name, command) in leaves {
            let examples = HelpExamples.byCommand[name] ?? []
            XCTAssertFalse(examples.isEmpty, "\(name) has no examples")
            let help = command.helpMessage(columns: 80)
            XCTAssertTrue(help.contains("Examples:"), "\(name) --help shows no examples")
            for example in examples {
                XCTAssertTrue(help.contains("  " + example), "\(name) --help does not show '\(example)' on one line")
            }
        }
    }

    func testEveryExampleParses() throws {
        for (name, examples) in HelpExamples.byCommand {
            for example in examples {
                XCTAssertLessThanOrEqual(example.count, HelpExamples.maximumLength, example)
                var words = example.split(separator: " ").map(String.init)
                XCTAssertEqual(words.removeFirst(), "passerelle")
                do {
                    let parsed = try PasserelleCommand.parseAsRoot(words)
                    XCTAssertEqual(type(of: parsed)._commandName, name, example)
                } catch {
                    XCTFail("\(example): \(PasserelleCommand.message(for: error))")
                }
            }
        }
    }
}
