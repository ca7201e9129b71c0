import ArgumentParser
import Foundation
import PasserelleApp
import Passerelle
import DocumentReaders
import PasserelleCore

/// Adds one posting at a time to a model through its change log (`ModelEditing.add`: fold, one fsynced
/// log record, the model changed in memory), as `passerelle serve` does for `POST /postings`, and ranks a CV
/// between adds, in one loaded process: the add latency issue 25 asks for (≤ 100 ms p99 at 10⁵ postings),
/// and the rank latency around adds against the same rank before any add. Prints one JSON object.
/// The model's log grows; the model file is not rewritten (no compaction here).
struct AddLatencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adds",
        abstract: "Time ModelEditing.add of one posting at a time inside one loaded process (issue 25)."
    )

    @Option(name: .long, help: "Model file (changed: its change log grows).") var model: String
    @Option(name: .long, help: "Postings to add, JSON Lines (ids must be new to the model).") var postings: String
    @Option(name: .long, help: "A CV, JSON Lines (the first line), ranked between adds.") var candidates: String
    @Option(name: .long, help: "Postings added, one at a time.") var count: Int = 100
    @Option(name: .long, help: "Return the allocator's free pages to the system after every N adds, as the server does (0: never).") var trimEvery: Int = 0

    func run() throws {
        try reportingErrors {
            var out = [String: Any]()
            let l0 = monotonicSeconds()
            var loaded = try ModelProvider.load(path: model, forWriting: true)
            out["load_ms"] = 1000 * (monotonicSeconds() - l0)
            out["postings"] = loaded.model.postingCount
            let reader = DocumentReader(maxFileSize: 1 << 30)
            let adds = Array(try reader.read(paths: [postings]).documents.prefix(count))
            let cv = try reader.read(paths: [candidates]).documents[0]
            let options = QueryOptions(top: 10)
            func rankMs() throws -> Double {
                let service = MatchService(loaded: loaded)
                let t0 = monotonicSeconds()
                _ = try service.report(command: "rank", queries: [try service.rank(cv: cv, file: nil, options: options)])
                return 1000 * (monotonicSeconds() - t0)
            }
            _ = try rankMs()
            var quiet = [Double]()
            for _ in 0 ..< 20 { quiet.append(try rankMs()) }
            var addMs = [Double](), snapshotMs = [Double](), around = [Double](), trimMs = [Double]()
            let rssBefore = residentMegabytes()
            for d in adds {
                let t0 = monotonicSeconds()
                try ModelEditing.add([d], to: &loaded)
                let t1 = monotonicSeconds()
                // What the server does next: a new snapshot (MatchService) over the changed model.
                _ = MatchService(loaded: loaded)
                snapshotMs.append(1000 * (monotonicSeconds() - t1))
                addMs.append(1000 * (t1 - t0))
                around.append(try rankMs())
                if trimEvery > 0, addMs.count % trimEvery == 0 {
                    let t2 = monotonicSeconds()
                    ProcessMemory.returnFreePages()
                    trimMs.append(1000 * (monotonicSeconds() - t2))
                }
            }
            func pct(_ xs: [Double], _ p: Double) -> Double { let s = xs.sorted(); return s.isEmpty ? 0 : s[min(s.count - 1, Int(Double(s.count) * p))] }
            out["adds"] = addMs.count
            out["add_ms_median"] = median(addMs)
            out["add_ms_p99"] = pct(addMs, 0.99)
            out["add_ms_max"] = addMs.max() ?? 0
            out["snapshot_ms_median"] = median(snapshotMs)
            out["rank_ms_quiet_median"] = median(quiet)
            out["rank_ms_quiet_p99"] = pct(quiet, 0.99)
            out["rank_ms_around_adds_median"] = median(around)
            out["rank_ms_around_adds_p99"] = pct(around, 0.99)
            out["log_bytes"] = loaded.log?.bytes ?? 0
            out["trim_ms_median"] = median(trimMs)
            out["trim_ms_max"] = trimMs.max() ?? 0
            out["rss_mb_before_adds"] = rssBefore
            out["rss_mb_after_adds"] = residentMegabytes()
            ProcessMemory.returnFreePages()
            out["rss_mb_after_adds_and_trim"] = residentMegabytes()
            out["peak_mb"] = peakMegabytes()
            let data = try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
