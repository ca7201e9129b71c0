import ArgumentParser
import Foundation
import Passerelle
import LinearAlgebra
import PasserelleCore

/// `passerelle-bench`: the measurements scripts/benchmarks/bench and scripts/benchmarks/bench-analyzer take inside one
/// process (stage by stage), kept out of the product's command list. Whole-command timings — what users
/// run — are taken by those scripts from outside, against scikit-learn in the same run. It also runs the
/// diagnostics that are not tests (issue 28: a diagnostic is a script, not a green test): `svd`, a timing print
/// of LinearAlgebra (scripts/benchmarks/bench-linalg.sh), and `gold-details`, where the competency detector and
/// its gold disagree (scripts/evaluation/gold-details.sh).
@main
struct PasserelleBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passerelle-bench",
        abstract: "Stage timings for scripts/benchmarks/bench and scripts/benchmarks/bench-analyzer (not a user command).",
        subcommands: [StagesCommand.self, AnalyzerCommand.self, RankLatencyCommand.self, AddLatencyCommand.self,
                      SVDCommand.self, GoldDetailsCommand.self]
    )

    static func main() {
        LinearAlgebra.BLASKernel.restartWithPreferredKernels()   // the kernels `passerelle` runs (see BLASKernel)
        main(nil)
    }
}

/// Runs a benchmark body: an error a user can act on is one line on stderr and exit 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do { try body() } catch let e as UserFacingError {
        FileHandle.standardError.write(Data("passerelle-bench: \(e.userMessage)\n".utf8))
        throw ExitCode(1)
    }
}

/// Writes `text` and a newline on stdout, throwing when it cannot (a full disk, a closed pipe).
func standardOutput(_ text: String) throws {
    try FileHandle.standardOutput.write(contentsOf: Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}
