import ArgumentParser
import Foundation
import PasserelleApp
import TextAnalysis

/// Throughput of the analyzer alone, one core, for scripts/benchmarks/bench-analyzer (which runs scikit-learn's on
/// the same file and prints the ratio).
struct AnalyzerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyzer",
        abstract: "Measure the analyzer's throughput on a text file, one core (used by scripts/benchmarks/bench-analyzer)."
    )

    @Argument(help: "A large UTF-8 text file.")
    var file: String

    @Option(name: .long, help: "Repetitions (the best is reported).")
    var repeats: Int = 3

    func run() throws {
        try reportingErrors {
            guard FileManager.default.isReadableFile(atPath: file) else { throw UserError("\(file): cannot read") }
            _ = try AnalyzerBenchmark.runFile(file, repeats: max(1, repeats))
        }
    }
}

