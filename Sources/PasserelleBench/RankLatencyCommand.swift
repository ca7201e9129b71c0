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
    @Flag(name: .long, help: "Prepare the model as the server does (LSAModel.prepareForRepeatedQueries: the 16-bit scan of the postings) and time each CV on both models, one after the other: rank_ms_* is the prepared model's, float_scan_rank_ms_* the float scan's (the peer in the same run). BLAS on one thread, as the server runs it.")
    var serverScan = false

    func run() throws {
        try reportingErrors {
            var out = [String: Any]()
            let l0 = monotonicSeconds()
            var loaded = try ModelProvider.load(path: model)
            if plainShortQueries {
                loaded.model.settings.shortQueryNeighbours = 0
                loaded.model.settings.shortQueryKnownNeighbours = 0
                if let cross = loaded.model.settings.crossLanguage, EngineSetup.titleDictionaryIdentifiers.contains(cross) {
                    loaded.model.settings.crossLanguage = EngineSetup.crossLanguageIdentifier
                }
                loaded.pipeline = try EngineSetup.pipeline(settings: loaded.model.settings, resources: loaded.model.resources)
            }
            out["short_query_rules"] = !plainShortQueries
            // The peer (the float scan) answers first in each pair, from the model as loaded.
            let peer = serverScan ? MatchService(loaded: loaded) : nil
            if serverScan {
                BLASThreads.set(1)
                let q0 = monotonicSeconds()
                loaded.model.prepareForRepeatedQueries()
                out["prepare_ms"] = 1000 * (monotonicSeconds() - q0)
            }
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
            _ = try? peer?.rank(cv: cvs[0], file: nil, options: options)
            var ranked = [Double](), rendered = [Double](), peerRanked = [Double](), differing = 0
            for cv in cvs {
                var peerAnswer: ReportQuery?
                if let peer {
                    let p0 = monotonicSeconds()
                    peerAnswer = try? peer.rank(cv: cv, file: nil, options: options)
                    if peerAnswer != nil { peerRanked.append(1000 * (monotonicSeconds() - p0)) }
                }
                let t0 = monotonicSeconds()
                guard let query = try? service.rank(cv: cv, file: nil, options: options) else { continue }
                let t1 = monotonicSeconds()
                let report = try service.report(command: "rank", queries: [query])
                let json = try ReportRenderer.render(report, format: .json)
                let t2 = monotonicSeconds()
                ranked.append(1000 * (t1 - t0))
                rendered.append(1000 * (t2 - t0))
                // The prepared model must answer the float scan's bytes (checked outside the timings).
                if let peer, let peerAnswer, try ReportRenderer.render(peer.report(command: "rank", queries: [peerAnswer]), format: .json) != json {
                    differing += 1
                }
            }
            func p90(_ xs: [Double]) -> Double { let s = xs.sorted(); return s.isEmpty ? 0 : s[min(s.count - 1, Int(Double(s.count) * 0.9))] }
            out["queries"] = ranked.count
            out["rank_ms_median"] = median(ranked)
            out["rank_ms_p90"] = p90(ranked)
            out["rank_ms_max"] = ranked.max() ?? 0
            out["rank_json_ms_median"] = median(rendered)
            out["rank_json_ms_p90"] = p90(rendered)
            if serverScan {
                out["float_scan_rank_ms_median"] = median(peerRanked)
                out["float_scan_rank_ms_p90"] = p90(peerRanked)
                out["rank_ms_median_over_float_scan"] = median(ranked) / max(1e-9, median(peerRanked))
                out["answers_differing_from_float_scan"] = differing
            }
            out["peak_mb"] = peakMegabytes()
            // The one-core sgemm rate at this moment, for the batch's scoring rate (batch runs BLAS on one thread).
            BLASThreads.set(1)
            out["sgemm_one_core_gflops"] = sgemmPeak()
            let data = try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys])
            try standardOutput(String(decoding: data, as: UTF8.self))
            if differing > 0 { throw ValidationError("--server-scan: \(differing) answers of the prepared model differ from the float scan's") }
        }
    }
}
