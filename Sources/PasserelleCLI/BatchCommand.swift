import ArgumentParser
import Foundation
import LinearAlgebra
import PasserelleApp
import Passerelle
import DocumentReaders

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Score a pool of candidates against every posting: each candidate's top postings and each posting's top candidates.",
        discussion: """
        Candidates: .txt/.md files, folders of them, JSON Lines ({"id", "title", "text"} per line) or CSV (columns id, title, text; one candidate per row), read as a stream. Blocks of B candidates are folded into the model's latent space and scored against all n postings with one sgemm each; the top N are kept both ways, so the full score matrix is never held.

        Memory, whatever the pool size: the model, its basis once more (row-major, 4·m·k bytes), 4·n·B bytes of scores (B chosen so that this stays near 128 MB, 16 ≤ B ≤ 1024), the posting heaps (12·n·N bytes, plus the ids and titles of at most 2·n·N + 2·B candidates), two blocks of candidate texts, and the set of candidate ids seen (to refuse duplicates; about 60 bytes per candidate).

        Output (stdout, or --out FILE), streamed as blocks finish: one row per candidate (input order), then one row per posting (model order), since a posting's candidates are final only at the end.
          jsonl  one row per line: {"direction": "candidate", "id", "matches": [{"rank", "id", "title", "score"}…]}, {"direction": "posting", …} (a candidate with too little text has no matches and a "skipped" reason)
          csv    direction,query_id,rank,match_id,match_title,score (one line per match)
          json   {"candidates": [rows…], "postings": [rows…]}
        Scores are cosines printed as the shortest decimal that reads back to the same 32-bit float. Ties: a candidate's postings by model order, a posting's candidates by id (UTF-8 bytes).

        --shard i/n (1 ≤ i ≤ n) scores the i-th of n contiguous slices of the T records (files sorted by path, JSON Lines in line order, invalid lines counted): records ⌊T(i-1)/n⌋ ..< ⌊Ti/n⌋. Array jobs (Slurm, Kubernetes) run the slices on many machines from one model file. The candidate rows of shards 1…n concatenated equal those of one run, and `passerelle merge` turns their posting rows into exactly those of one run. (Every block is scored with one sgemm shape, padded; B depends only on the model, so leave --block-size unset or equal across shards.)

        --resume continues an interrupted `--out FILE` run (even after kill -9): after a block (at most once a second, and with at most 10% of the time spent on it) the rows are fsynced and FILE.checkpoint records the output length, the records done and the postings' heaps; on resume the output is cut back to that length and scoring goes on from there. The checkpoint is removed when the run completes.

        Threads: candidates are read, analyzed and folded on one thread while the previous block is scored on the other; sgemm runs on one OpenBLAS thread and the analysis of a block on every core, the fastest of the settings measured on 2 cores at 2,000 to 100,000 postings (scripts/bench-results.md).
        """
    )

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("A folder of candidate files, a JSON Lines file or a CSV file (one candidate per row; repeatable).", valueName: "folder|file.jsonl|file.csv"))
    var candidates: [String] = []

    @OptionGroup var modelOption: ModelOption

    @Option(name: .long, help: "Matches kept per candidate and per posting (\(OptionLimits.text(OptionLimits.top))).")
    var top: Int = 10

    @Option(name: .long, help: "Output format: jsonl, csv or json.")
    var format: BatchFormat = .jsonl

    @Option(name: .long, help: ArgumentHelp("Write the rows to this file instead of stdout (needed for --resume).", valueName: "file"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Score only slice i of n (1 ≤ i ≤ n ≤ \(OptionLimits.shards.upperBound)) of the candidates.", valueName: "i/n"))
    var shard: String?

    @Flag(name: .long, help: "Continue an interrupted run of the same command from its checkpoint (FILE.checkpoint).")
    var resume = false

    @Flag(name: .long, help: "No progress on stderr (shown only when stderr is a terminal anyway).")
    var quiet = false

    @Flag(name: .long, help: "Print stage timings (JSON) on stderr at the end.")
    var timings = false

    @Flag(name: .long, help: "Skip malformed JSON lines and unreadable files (reported) instead of stopping.")
    var skipInvalid = false

    @OptionGroup var recordSize: RecordSizeOptions

    @OptionGroup var filters: FilterOptions

    @Option(name: .customLong("block-size"), help: ArgumentHelp("Candidates per block (default: from the number of postings).", visibility: .hidden))
    var blockSize: Int?

    @Option(name: .customLong("blas-threads"), help: ArgumentHelp("OpenBLAS threads for sgemm.", visibility: .hidden))
    var blasThreads: Int?

    @Option(name: .customLong("fold-threads"), help: ArgumentHelp("Threads analyzing a block of candidates.", visibility: .hidden))
    var foldThreads: Int?

    @Option(name: .customLong("scan-threads"), help: ArgumentHelp("Threads of the top-N pass over a block's scores.", visibility: .hidden))
    var scanThreads: Int?

    @Flag(name: .customLong("no-pipeline"), help: ArgumentHelp("Fold and score one after the other (for measurements).", visibility: .hidden))
    var noPipeline = false

    @Option(name: .customLong("checkpoint-interval"), help: ArgumentHelp("Least seconds between checkpoints.", visibility: .hidden))
    var checkpointInterval: Double = 1

    @Option(name: .customLong("block-delay-ms"), help: ArgumentHelp("Pause after each block (tests of --resume).", visibility: .hidden))
    var blockDelayMs: Int = 0

    @Flag(name: .long, help: "Join to each candidate → posting match its explanation (competencies with evidence, language fit, fit label, top 10 terms), in json and jsonl.")
    var explain = false

    @Option(name: .customLong("min-score"), help: ArgumentHelp("Leave out matches whose score is below this cosine, both ways: a posting with no candidate at or above it gets an empty row, not a \"top candidate\" at 1e-8 (README, \"Fit label\": 0.34 is where \"possible\" starts).", valueName: "score"))
    var minScore: Float?

    func validate() throws {
        guard !candidates.isEmpty else { throw ValidationError("give the candidates with --candidates FOLDER|FILE.jsonl") }
        // Bounded before anything is allocated (see OptionLimits).
        try OptionLimits.check(top, in: OptionLimits.top, "--top")
        if let shard, parseShard(shard).map({ $0.count <= OptionLimits.shards.upperBound }) != true {
            throw ValidationError("--shard must be i/n with 1 ≤ i ≤ n ≤ \(OptionLimits.shards.upperBound) (got '\(shard)')")
        }
        if resume && out == nil { throw ValidationError("--resume needs --out FILE (a run on stdout cannot be resumed)") }
        if explain && format == .csv { throw ValidationError("--explain needs --format jsonl or json (a CSV row has no room for explanations)") }
        if let minScore, !(minScore.isFinite && minScore >= -1 && minScore <= 1) { throw ValidationError("--min-score must be a cosine in [-1, 1]") }
        if let out, out.isEmpty { throw ValidationError("--out needs a file name") }
        if let blockSize { try OptionLimits.check(blockSize, in: OptionLimits.blockSize, "--block-size") }
        for (name, value) in [("--blas-threads", blasThreads), ("--fold-threads", foldThreads), ("--scan-threads", scanThreads)] {
            if let value { try OptionLimits.check(value, in: OptionLimits.threads, name) }
        }
        guard OptionLimits.checkpointSeconds.contains(checkpointInterval) else { throw ValidationError("--checkpoint-interval must be in 0…86400 seconds") }
        try OptionLimits.check(blockDelayMs, in: OptionLimits.blockDelayMilliseconds, "--block-delay-ms")
    }

    /// A block read and folded, handed to the scoring thread.
    struct Produced {
        var folded: FoldedBlock
        var records: Int
        var skipped: Int
        var warnings: [String]
    }

    enum Message { case block(Produced), end, failure(Error) }

    func run() throws {
        try reportingErrors {
            let wallStart = monotonicSeconds()
            let (shardIndex, shardCount) = shard.flatMap(parseShard) ?? (1, 1)
            let loaded = try modelOption.load()
            let model = loaded.model
            let source = try CandidateSource(paths: candidates, reader: DocumentReader(maxFileSize: recordSize.maxFileSize, skipInvalid: skipInvalid))
            let total = try source.count()
            // An empty pool would print one empty row per posting and exit 0, as if no candidate matched.
            guard total > 0 else { throw UserError("no candidate in \(candidates.joined(separator: ", ")) (the pool holds no record)") }
            let slice = (total * (shardIndex - 1) / shardCount) ..< (total * shardIndex / shardCount)

            // Threads: reading + analysis on one side, sgemm + selection on the other. Measured with
            // scripts/bench (2 cores, 2,000 to 100,000 postings, 10,000 CVs): one BLAS thread for the scoring
            // side and the analysis of each block spread over every core was fastest at every size (at
            // 100,000 postings 31.0 s, against 37.7 s with two BLAS threads and 34.7 s without the pipeline):
            // OpenBLAS threads spin and yield, and a second one fights the reading thread for the core.
            let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
            let pipelined = !noPipeline && cores > 1
            let blas = blasThreads ?? (pipelined ? 1 : cores)
            BLASThreads.set(blas)
            let folders = foldThreads ?? cores
            var scorer = BatchScorer(model: model, top: top, blockCapacity: blockSize, scanThreads: scanThreads ?? blas,
                                     filter: filters.filter)
            // Postings the filter leaves out get no row (and are never a candidate's match).
            let postingShown = filters.filter.mask(model.postings) ?? [Bool](repeating: true, count: model.postingCount)
            let block = scorer.blockCapacity

            let fingerprint = (["model \(modelIdentity(path: loaded.path))", "candidates \(candidates.joined(separator: "|"))",
                               "records \(total)", "shard \(shardIndex)/\(shardCount)", "top \(top)", "format \(format.rawValue)",
                               "skip-invalid \(skipInvalid)", "where \(filters.expressions.joined(separator: " & "))"]
                              + (minScore.map { ["min-score \($0)"] } ?? [])).joined(separator: "; ")
            var state = BatchCheckpoint.State(fingerprint: fingerprint, processed: 0, outputBytes: 0, candidateRows: 0, scored: 0, unscored: 0, skipped: 0)
            let sink: BatchSink
            let checkpointPath = out.map(BatchCheckpoint.path(forOutput:))
            if let out, let checkpointPath {
                if resume, let saved = try BatchCheckpoint.read(from: checkpointPath) {
                    guard saved.state.fingerprint == fingerprint else {
                        throw UserError("\(checkpointPath) belongs to another run (\(saved.state.fingerprint)); run the same command, or drop --resume to start over")
                    }
                    sink = try BatchSink(path: out, keepingBytes: saved.state.outputBytes)
                    try scorer.restore(postingRankings: saved.rankings, scored: saved.state.scored)
                    state = saved.state
                    if !quiet { Console.info("passerelle: resuming \(out) after \(state.processed) of \(slice.count) candidates") }
                } else {
                    if resume && !quiet { Console.info("passerelle: no checkpoint \(checkpointPath); starting from the beginning") }
                    try? FileManager.default.removeItem(atPath: checkpointPath)
                    sink = try BatchSink(path: out, keepingBytes: 0)
                }
            } else {
                sink = BatchSink()
            }
            if state.outputBytes == 0 { sink.write(BatchText.opening(format)) }

            let progress = BatchProgress(total: slice.count, done: state.processed, enabled: !quiet && Console.stderrIsTerminal)
            // Ctrl-C: a run writing to a file can be continued; say how.
            if out != nil { InterruptHint.install("passerelle batch: interrupted; run the same command with --resume to continue") }
            var warningsShown = 0
            func warn(_ message: String) {
                warningsShown += 1
                if warningsShown <= 10 { Console.info("passerelle: warning: \(message)") }
            }
            var writeSeconds = 0.0, waitSeconds = 0.0
            var lastCheckpoint = monotonicSeconds(), checkpointCost = 0.0
            let explainer: BatchExplainer? = explain ? CompetencyBatchExplainer(loaded: loaded) : nil
            let ids = model.postings.ids

            // Scoring side: one block → rows, streamed; checkpoint when due.
            func consume(_ item: Produced) throws {
                for w in item.warnings { warn(w) }
                let results = scorer.score(item.folded)
                let t0 = monotonicSeconds()
                var text = ""
                for (i, document) in item.folded.documents.enumerated() {
                    var row = BatchRow(direction: BatchRow.candidate, id: document.id, matches: [], skipped: nil)
                    var explanations: [String?]? = nil
                    if var result = results[i] {
                        // Below --min-score a match is not shown (both directions use the same cut).
                        if let minScore { result = result.filter { $0.score >= minScore } }
                        row.matches = result.enumerated().map { r, s in
                            BatchMatch(rank: r + 1, id: ids[s.index], title: model.postings.title(at: s.index), score: s.score)
                        }
                        if let explainer, let folded = item.folded.foldedQuery(at: i) {
                            explanations = result.map { explainer.explanation(candidate: document, folded: folded, postingIndex: $0.index, score: $0.score) }
                        }
                        state.scored += 1
                    } else {
                        row.skipped = "too little text: " + (item.folded.problems[i] ?? "not scored")
                        warn("\(document.id): not scored (\(row.skipped!))")
                        state.unscored += 1
                    }
                    text += BatchText.row(row, format: format, index: state.candidateRows, explanations: explanations)
                    state.candidateRows += 1
                }
                sink.write(text)
                state.processed += item.records
                state.skipped += item.skipped
                if let checkpointPath, monotonicSeconds() - lastCheckpoint >= max(checkpointInterval, 10 * checkpointCost) {
                    let c0 = monotonicSeconds()
                    try sink.sync()
                    state.outputBytes = sink.bytes
                    try BatchCheckpoint(state: state, rankings: scorer.postingRankings()).write(to: checkpointPath)
                    lastCheckpoint = monotonicSeconds()
                    checkpointCost = lastCheckpoint - c0
                } else {
                    try sink.flush()
                }
                writeSeconds += monotonicSeconds() - t0
                progress.update(state.processed)
                if blockDelayMs > 0 { usleep(useconds_t(blockDelayMs * 1000)) }
            }

            // Reading side: records → blocks of B → folded.
            var foldSeconds = 0.0, produceSeconds = 0.0
            let featurizer = loaded.featurizer
            let basisRows = BasisRows(model)
            let start = slice.lowerBound + state.processed
            func produce(_ emit: (Produced) throws -> Bool) throws {
                let t0 = monotonicSeconds()
                defer { produceSeconds = monotonicSeconds() - t0 }
                var documents = [Document](), records = 0, skipped = 0, warnings = [String]()
                var seen = [String: Int]()
                func flush() throws -> Bool {
                    let f0 = monotonicSeconds()
                    let folded = try BatchScorer.fold(documents, model: model, featurizer: featurizer, threads: folders, basisRows: basisRows)
                    foldSeconds += monotonicSeconds() - f0
                    let go = try emit(Produced(folded: folded, records: records, skipped: skipped, warnings: warnings))
                    documents = []; records = 0; skipped = 0; warnings = []
                    return go
                }
                try source.forEach(in: start ..< slice.upperBound) { ordinal, document, warning in
                    records += 1
                    if let warning { warnings.append(warning) }
                    if let document {
                        if let first = seen.updateValue(ordinal, forKey: document.id) {
                            throw UserError("duplicate candidate id '\(document.id)' (records \(first + 1) and \(ordinal + 1) of the pool)")
                        }
                        documents.append(document)
                    } else {
                        skipped += 1
                    }
                    return records < block ? true : try flush()
                }
                if records > 0 { _ = try flush() }
            }

            if pipelined {
                let queue = BlockQueue<Message>(capacity: 2)
                // The reading side runs on its own thread; everything it shares with this one goes
                // through the queue (its timings are read after `.end`).
                let job = UncheckedJob {
                    do {
                        try produce { queue.put(.block($0)) }
                        _ = queue.put(.end)
                    } catch {
                        _ = queue.put(.failure(error))
                    }
                }
                let thread = Thread { job.body() }
                thread.stackSize = 16 << 20
                thread.start()
                loop: while true {
                    let w0 = monotonicSeconds()
                    let message = queue.take()
                    waitSeconds += monotonicSeconds() - w0
                    switch message {
                    case .block(let item):
                        do { try consume(item) } catch { queue.cancel(); throw error }
                    case .end: break loop
                    case .failure(let error): throw error
                    }
                }
            } else {
                try produce { try consume($0); return true }
            }
            progress.finish()

            // Posting rows: final only now.
            let t0 = monotonicSeconds()
            sink.write(BatchText.middle(format, candidateRows: state.candidateRows))
            let rankings = scorer.postingRankings()
            var postingRows = 0
            for (j, full) in rankings.enumerated() where postingShown[j] {
                let list = minScore.map { m in full.filter { $0.score >= m } } ?? full
                let matches = list.enumerated().map { r, c in BatchMatch(rank: r + 1, id: c.id, title: c.title, score: c.score) }
                sink.write(BatchText.row(BatchRow(direction: BatchRow.posting, id: ids[j], matches: matches, skipped: nil), format: format,
                                         index: postingRows))
                postingRows += 1
                if postingRows % 4096 == 0 { try sink.flush() }
            }
            sink.write(BatchText.closing(format, postingRows: postingRows))
            try sink.sync()
            if let checkpointPath { try? FileManager.default.removeItem(atPath: checkpointPath) }
            writeSeconds += monotonicSeconds() - t0

            if warningsShown > 10 { Console.info("passerelle: \(warningsShown - 10) more warnings") }
            if !quiet && (state.unscored > 0 || state.skipped > 0) {
                Console.info("passerelle: \(state.unscored) candidate\(state.unscored == 1 ? "" : "s") not scored (too little text), \(state.skipped) invalid record\(state.skipped == 1 ? "" : "s") skipped")
            }
            if !quiet {
                Console.info(String(format: "passerelle batch: %d candidate%@ scored against %d postings in %.1f s → %@", state.scored,
                                    state.scored == 1 ? "" : "s", model.postingCount, monotonicSeconds() - wallStart, out ?? "standard output"))
            }
            if timings {
                let wall = monotonicSeconds() - wallStart
                let scoring = scorer.sgemmSeconds + scorer.selectSeconds
                let fields: [(String, String)] = [
                    ("candidates", "\(state.scored + state.unscored)"), ("scored", "\(state.scored)"), ("postings", "\(model.postingCount)"),
                    ("dimensions", "\(model.dimensions)"), ("block", "\(block)"), ("pipelined", "\(pipelined)"),
                    ("blas_threads", "\(BLASThreads.current ?? 0)"), ("fold_threads", "\(folders)"), ("scan_threads", "\(scorer.scanThreads)"),
                    ("read_seconds", fmt(produceSeconds - foldSeconds - (pipelined ? 0 : scoring + writeSeconds))),
                    ("fold_seconds", fmt(foldSeconds)), ("sgemm_seconds", fmt(scorer.sgemmSeconds)),
                    ("select_seconds", fmt(scorer.selectSeconds)), ("write_seconds", fmt(writeSeconds)), ("wait_seconds", fmt(waitSeconds)),
                    ("wall_seconds", fmt(wall)), ("gflop", fmt(scorer.flops / 1e9)),
                    ("sgemm_gflops", fmt(scorer.sgemmSeconds > 0 ? scorer.flops / scorer.sgemmSeconds / 1e9 : 0)),
                    ("score_topk_gflops", fmt(scoring > 0 ? scorer.flops / scoring / 1e9 : 0)),
                ]
                Console.info("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
            }
        }
    }

    private func fmt(_ x: Double) -> String { String(format: "%.4f", x) }
}

/// A closure handed to another thread whose captured state is synchronized by the caller.
final class UncheckedJob: @unchecked Sendable {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}
