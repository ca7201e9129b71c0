import ArgumentParser
import Foundation
import PasserelleApp
import Passerelle
import DocumentReaders
import LinearAlgebra
import PasserelleCore

/// One CV at a time against a loaded model, through the application library as the server and the CLI call
/// it (`MatchService.rank`: analysis, fold, scores, language rule, explanations), for scripts/benchmarks/bench: the
/// latency a user of `passerelle serve` or of the library sees, without the process start and model load
/// that a whole `passerelle rank` pays. Prints one JSON object: load time, median / p90 / max milliseconds
/// per CV, with and without explanations rendered to JSON.
struct RankLatencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Time MatchService.rank per CV inside one loaded process (used by scripts/benchmarks/bench)."
    )

    @Option(name: .long, help: "Model file.") var model: String
    @Option(name: .long, help: "CVs, JSON Lines (the first --queries are ranked).") var candidates: String
    @Option(name: .long, help: "CVs ranked, one at a time.") var queries: Int = 50
    @Option(name: .long, help: "Matches per CV.") var top: Int = 10
    @Flag(name: .long, help: "Query side as a model built with --short-query-neighbours 0 --no-title-dictionary: no n-gram neighbours, titles translated with the ESCO skill list alone (the peer of the default in the same run).")
    var plainShortQueries = false

    func run() throws {
        try reportingErrors {
            var out = [String: Any]()
            let l0 = monotonicSeconds()
            var loaded = try ModelProvider.load(path: model)
            if plainShortQueries {
                loaded.model.settings.shortQueryNeighbours = 0
                loaded.model.settings.shortQueryKnownNeighbours = 0
                if [EngineSetup.crossLanguageTitleDictionaryIdentifier, EngineSetup.crossLanguageTitleVoteIdentifier].contains(loaded.model.settings.crossLanguage) {
                    loaded.model.settings.crossLanguage = EngineSetup.crossLanguageIdentifier
                }
                loaded.pipeline = try EngineSetup.pipeline(settings: loaded.model.settings, resources: loaded.model.resources)
            }
            out["short_query_rules"] = !plainShortQueries
            let service = MatchService(loaded: loaded)
            out["load_ms"] = 1000 * (monotonicSeconds() - l0)
            out["postings"] = loaded.model.postingCount
            out["dimensions"] = loaded.model.dimensions
            let source = try CandidateSource(paths: [candidates], reader: DocumentReader(maxFileSize: 1 << 30))
            var cvs = [Document]()
            try source.forEach(in: 0 ..< max(1, queries)) { _, d, _ in if let d { cvs.append(d) }; return true }
            guard !cvs.isEmpty else { throw UserError("\(candidates): no CV to rank") }
            let options = QueryOptions(top: top)
            // One warm-up query (first touches of the mapped model pages, and for a short text the lazy
            // build of the vocabulary's n-gram neighbour index), timed apart as first_rank_ms.
            let w0 = monotonicSeconds()
            _ = try? service.rank(cv: cvs[0], file: nil, options: options)
            out["first_rank_ms"] = 1000 * (monotonicSeconds() - w0)
            var ranked = [Double](), rendered = [Double]()
            for cv in cvs {
                let t0 = monotonicSeconds()
                guard let query = try? service.rank(cv: cv, file: nil, options: options) else { continue }
                let t1 = monotonicSeconds()
                let report = try service.report(command: "rank", queries: [query])
                _ = try ReportRenderer.render(report, format: .json)
                let t2 = monotonicSeconds()
                ranked.append(1000 * (t1 - t0))
                rendered.append(1000 * (t2 - t0))
            }
            func p90(_ xs: [Double]) -> Double { let s = xs.sorted(); return s.isEmpty ? 0 : s[min(s.count - 1, Int(Double(s.count) * 0.9))] }
            out["queries"] = ranked.count
            out["rank_ms_median"] = median(ranked)
            out["rank_ms_p90"] = p90(ranked)
            out["rank_ms_max"] = ranked.max() ?? 0
            out["rank_json_ms_median"] = median(rendered)
            out["rank_json_ms_p90"] = p90(rendered)
            out["peak_mb"] = peakMegabytes()
            // The one-core sgemm rate at this moment, for the batch's scoring rate (batch runs BLAS on one thread).
            BLASThreads.set(1)
            out["sgemm_one_core_gflops"] = sgemmPeak()
            let data = try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys])
            try standardOutput(String(decoding: data, as: UTF8.self))
        }
    }
}
