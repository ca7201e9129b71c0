import Foundation
import TextAnalysis

/// Throughput measurement of the analyzers, exposed by the CLI as the hidden command
/// `passerelle-bench analyzer FILE` (see scripts/benchmarks/bench-analyzer). Documents in a corpus file are
/// separated by form feeds ("\u{0C}"); every document is analyzed with `terms(_:)` on one thread.
public enum AnalyzerBenchmark {
    public struct Result: Sendable, CustomStringConvertible {
        public var analyzer: String
        public var documents: Int
        public var bytes: Int
        public var terms: Int
        /// Best wall-clock time over the repeats.
        public var seconds: Double
        public var mbPerSecond: Double { Double(bytes) / 1_000_000 / seconds }
        public var description: String {
            String(format: "%@: %d documents, %.1f MB, %d terms, %.3f s, %.1f MB/s",
                   analyzer, documents, Double(bytes) / 1_000_000, terms, seconds, mbPerSecond)
        }
    }

    public static func documents(of corpus: String) -> [String] {
        corpus.unicodeScalars.split(separator: "\u{0C}", omittingEmptySubsequences: true)
            .map { String(String.UnicodeScalarView($0)) }
            .filter { !$0.allSatisfy(\.isWhitespace) }
    }

    /// Runs `analyzer` over the documents `repeats` times and keeps the best time.
    public static func run(documents: [String], analyzer: any Analyzer, repeats: Int = 3) -> Result {
        let bytes = documents.reduce(0) { $0 + $1.utf8.count }
        var best = Double.infinity
        var count = 0
        for _ in 0..<max(1, repeats) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            var n = 0
            for d in documents { n += analyzer.terms(d).count }
            let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            best = min(best, dt)
            count = n
        }
        return Result(analyzer: analyzer.identifier, documents: documents.count, bytes: bytes, terms: count, seconds: best)
    }

    /// Both analyzers on a corpus string.
    public static func run(corpus: String, repeats: Int = 3) -> [Result] {
        let docs = documents(of: corpus)
        return [run(documents: docs, analyzer: FrenchEnglishAnalyzer(), repeats: repeats),
                run(documents: docs, analyzer: PlainAnalyzer(), repeats: repeats)]
    }

    /// Both analyzers on a corpus file; prints one line per analyzer (the format the script parses:
    /// `<identifier> <MB/s>` after a human-readable line).
    @discardableResult
    public static func runFile(_ path: String, repeats: Int = 3) throws -> [Result] {
        let corpus = try String(contentsOfFile: path, encoding: .utf8)
        let results = run(corpus: corpus, repeats: repeats)
        for r in results {
            print(r.description)
            print(String(format: "RESULT %@ %.3f", r.analyzer, r.mbPerSecond))
        }
        return results
    }
}
