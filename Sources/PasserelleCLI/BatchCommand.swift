import ArgumentParser
import Foundation
import PasserelleApp
import Passerelle
import DocumentReaders

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Score a pool of candidates against every posting: each candidate's top postings and each posting's top candidates.",
        discussion: HelpExamples.discussion("""
        Candidates: .txt/.md files, folders of them, JSON Lines ({"id", "title", "text"} per line) or CSV (columns id, title, text; one candidate per row), read as a stream. Blocks of B candidates are folded into the model's latent space and scored against all n postings with one sgemm each; the top N are kept both ways, so the full score matrix is never held.

        Memory, whatever the pool size: the model, its basis once more (row-major, 4·m·k bytes), at most 8 MB of scores (B = 1,024 candidates per block, scored against chunks of postings) and, for a hybrid model, at most 64 MB of term cosines, the posting heaps (12·n·N bytes, plus the ids and titles of at most 2·n·N + 2·B candidates), two blocks of candidate texts, and the set of candidate ids seen (to refuse duplicates; about 60 bytes per candidate).

        Output (stdout, or --out FILE), streamed as blocks finish: one row per candidate (input order), then one row per posting (model order), since a posting's candidates are final only at the end.
          jsonl  one row per line: {"direction": "candidate", "id", "matches": [{"rank", "id", "title", "score"}…]}, {"direction": "posting", …} (a candidate with too little text has no matches and a "skipped" reason)
          csv    direction,query_id,rank,match_id,match_title,score (one line per match)
          json   {"candidates": [rows…], "postings": [rows…]}
          html   a shortlist page, written at the end: for each posting (those --where keeps), its top candidates side by side with their score, fit label, shared and missing competencies and language fit. At most \(ShortlistReport.maxCells) postings × --top (refused above: narrow with --where or lower --top); not with --shard, --resume or --explain.
        Scores are cosines printed as the shortest decimal that reads back to the same 32-bit float. Ties: a candidate's postings by model order, a posting's candidates by id (UTF-8 bytes).

        --shard i/n (1 ≤ i ≤ n) scores the i-th of n contiguous slices of the T records (files sorted by path, JSON Lines in line order, invalid lines counted): records ⌊T(i-1)/n⌋ ..< ⌊Ti/n⌋. Array jobs (Slurm, Kubernetes) run the slices on many machines from one model file. The candidate rows of shards 1…n concatenated equal those of one run, and `passerelle merge` turns their posting rows into exactly those of one run. (Every block is scored with one sgemm shape, padded; B depends only on the model, so leave --block-size unset or equal across shards.)

        --resume continues an interrupted `--out FILE` run (even after kill -9): after a block (at most once a second, and with at most 10% of the time spent on it) the rows are fsynced and FILE.checkpoint records the output length, the records done and the postings' heaps; on resume the output is cut back to that length and scoring goes on from there. Rows go to FILE.partial, renamed over FILE when the run completes: until then FILE is as it was (a failed or killed run never leaves it cut or empty); the checkpoint is removed at the end. FILE must not be the model or a candidate file.

        Threads: candidates are read, analyzed and folded on one thread while the previous block is scored on the other; sgemm runs on one OpenBLAS thread and the analysis of a block on every core, the fastest of the settings measured on 2 cores at 2,000 to 100,000 postings (scripts/benchmarks/bench-results.md).
        """, command: "batch")
    )

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("A folder of candidate files, a JSON Lines file or a CSV file (one candidate per row; repeatable).", valueName: "folder|file.jsonl|file.csv"))
    var candidates: [String] = []

    @OptionGroup var modelOption: ModelOption

    @Option(name: .long, help: "Matches kept per candidate and per posting (\(OptionLimits.text(QueryOptions.topRange))).")
    var top: Int = 10

    @Option(name: .long, help: "Output format: jsonl, csv, json or html (a shortlist page; at most \(ShortlistReport.maxCells) postings × --top).")
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

    @Option(name: .customLong("block-size"), help: ArgumentHelp("Candidates per block (default: 1,024).", visibility: .hidden))
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

    @Option(name: .customLong("hold-after-blocks"), help: ArgumentHelp("Hold after this many blocks until killed (tests of --resume and Ctrl-C).", visibility: .hidden))
    var holdAfterBlocks: Int?

    @Flag(name: .long, help: "Join to each candidate → posting match its explanation (competencies with evidence, language fit, fit label, top 10 terms), in json and jsonl: about 3 KB per match (measured on the shipped CVs), so 20,000 candidates × --top 10 write about 650 MB; --top and --min-score bound it.")
    var explain = false

    @Option(name: .customLong("min-score"), help: ArgumentHelp("Leave out matches whose score is below this cosine, both ways: a posting with no candidate at or above it gets an empty row, not a \"top candidate\" at 1e-8 (docs/EXPLANATIONS.md, \"Fit label\": 0.34 is where \"possible\" starts).", valueName: "score"))
    var minScore: Float?

    func validate() throws {
        guard !candidates.isEmpty else { throw ValidationError("give the candidates with --candidates FOLDER|FILE.jsonl") }
        // Bounded before anything is allocated (see OptionLimits).
        try OptionLimits.check(top, in: QueryOptions.topRange, "--top")
        if let shard, parseShard(shard).map({ $0.count <= OptionLimits.shards.upperBound }) != true {
            throw ValidationError("--shard must be i/n with 1 ≤ i ≤ n ≤ \(OptionLimits.shards.upperBound) (got '\(shard)')")
        }
        // The rules between the options (the batch run's own, `BatchSettings.brokenRule`): a usage error here.
        if let broken = settings.brokenRule(resume: resume, toFile: out != nil) { throw ValidationError(broken.description) }
        if let out, out.isEmpty { throw ValidationError("--out needs a file name") }
        if let blockSize { try OptionLimits.check(blockSize, in: OptionLimits.blockSize, "--block-size") }
        for (name, value) in [("--blas-threads", blasThreads), ("--fold-threads", foldThreads), ("--scan-threads", scanThreads)] {
            if let value { try OptionLimits.check(value, in: OptionLimits.threads, name) }
        }
        guard OptionLimits.checkpointSeconds.contains(checkpointInterval) else { throw ValidationError("--checkpoint-interval must be in 0…86400 seconds") }
        if let holdAfterBlocks { try OptionLimits.check(holdAfterBlocks, in: OptionLimits.holdAfterBlocks, "--hold-after-blocks") }
    }

    func run() throws {
        try reportingErrors { try execute() }
    }

    /// The run these options ask for.
    var settings: BatchSettings {
        var settings = BatchSettings(candidates: candidates)
        settings.top = top
        settings.format = format
        settings.shard = shard.flatMap(parseShard) ?? (1, 1)
        settings.skipInvalid = skipInvalid
        settings.maxRecordSize = recordSize.maxFileSize
        settings.filter = filters.filter
        settings.filterExpressions = filters.expressions
        settings.explain = explain
        settings.minScore = minScore
        settings.blockSize = blockSize
        settings.blasThreads = blasThreads
        settings.foldThreads = foldThreads
        settings.scanThreads = scanThreads
        settings.pipelined = !noPipeline
        settings.checkpointInterval = checkpointInterval
        settings.holdAfterBlocks = holdAfterBlocks
        return settings
    }

    private func execute() throws {
        let settings = self.settings
        let loaded = try modelOption.load()

        var progress: BatchProgress? = nil
        var events = BatchEvents()
        if !quiet { events.notice = Console.notice }
        events.warning = Console.notice
        events.started = { total, done in
            progress = BatchProgress(total: total, done: done, enabled: !quiet && Console.stderrIsTerminal)
            // Ctrl-C: a run writing to a file can be continued; say how.
            if out != nil { InterruptHint.install("passerelle batch: interrupted; run the same command with --resume to continue") }
        }
        events.progress = { progress?.update($0) }
        events.candidatesFinished = { progress?.finish() }
        let destination: BatchDestination
        if let out { destination = .file(path: out, resume: resume) } else { destination = .standardOutput }
        let summary = try BatchRun.run(settings, loaded: loaded, destination: destination, events: events)

        if !quiet && (summary.unscored > 0 || summary.skipped > 0) {
            Console.info("passerelle: \(summary.unscored) candidate\(summary.unscored == 1 ? "" : "s") not scored (too little text), \(summary.skipped) invalid record\(summary.skipped == 1 ? "" : "s") skipped")
        }
        if !quiet {
            Console.info(String(format: "passerelle batch: %d candidate%@ scored against %d postings in %.1f s → %@", summary.scored,
                                summary.scored == 1 ? "" : "s", summary.postings, summary.wallSeconds, out ?? "standard output"))
        }
        if timings {
            Console.info("{" + summary.timings.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
        }
    }
}
