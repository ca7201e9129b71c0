import Foundation
import Passerelle
import DocumentReaders
import PasserelleCore

/// What a batch run is asked to do (the `batch` command's options, or an HTTP request's).
public struct BatchSettings: Sendable {
    /// Folders of candidate files, JSON Lines or CSV files.
    public var candidates: [String]
    /// Matches kept per candidate and per posting.
    public var top: Int = 10
    public var format: BatchFormat = .jsonl
    /// Slice `index` of `count` of the candidate records (1-based).
    public var shard: (index: Int, count: Int) = (1, 1)
    /// Skip malformed records and unreadable files (reported) instead of stopping.
    public var skipInvalid = false
    /// Largest record (a file, a JSON line, a CSV row) read, in bytes.
    public var maxRecordSize = DocumentReader.defaultMaxFileSize
    /// Which postings take part (`--where`), and the expressions it was parsed from (in the checkpoint's fingerprint).
    public var filter = PostingFilter()
    public var filterExpressions: [String] = []
    /// Join each candidate → posting match's explanation (JSON formats).
    public var explain = false
    /// Leave out matches below this cosine, both ways.
    public var minScore: Float?
    /// Candidates per block (default: from the number of postings, `BatchScorer`).
    public var blockSize: Int?
    /// OpenBLAS threads, threads analyzing a block, threads of the top-N pass (defaults: measured, below).
    public var blasThreads: Int?
    public var foldThreads: Int?
    public var scanThreads: Int?
    /// Fold the next block while this one is scored (on a machine with more than one core).
    public var pipelined = true
    /// Least seconds between checkpoints (file outputs).
    public var checkpointInterval: Double = 1
    /// Pause after each block, in milliseconds (tests of resuming).
    public var blockDelayMilliseconds = 0
    /// The day printed on the `html` shortlist page (ISO 8601; nil: none).
    public var reportDate: String?

    public init(candidates: [String]) { self.candidates = candidates }
}

/// Where the rows go.
public enum BatchDestination {
    /// Standard output.
    case standardOutput
    /// A file; with `resume`, an interrupted run of the same settings continues from `FILE.checkpoint`.
    case file(path: String, resume: Bool)
    /// Any sink (an HTTP response body): no checkpoint.
    case stream(any BatchOutput)
}

/// Where a run's rows are written: `BatchSink` (a file or stdout), or a stream of the caller's.
public protocol BatchOutput: AnyObject {
    func write(_ text: String)
    /// Hands what is pending to the destination.
    func flush() throws
    /// `flush`, and makes it durable where that means something (a file, before a checkpoint names its length).
    func sync() throws
    /// Bytes handed on so far (not pending).
    var bytes: Int { get }
}

extension BatchSink: BatchOutput {}

/// What happens during a run, for a front end to show (the CLI's progress line and messages).
public struct BatchEvents {
    /// What the run is doing (resuming, starting over).
    public var notice: Notice = { _ in }
    /// Problems with records (a file skipped, a candidate not scored): the first ten, then a count.
    public var warning: Notice = { _ in }
    /// The run has `total` records of its slice to score, `done` already (resumed); called once, before scoring.
    public var started: (_ total: Int, _ done: Int) -> Void = { _, _ in }
    /// Records done so far, after each block.
    public var progress: (_ done: Int) -> Void = { _ in }
    /// Every candidate row is written; the posting rows come next.
    public var candidatesFinished: () -> Void = {}
    public init() {}
}

/// The outcome of a run.
public struct BatchSummary: Sendable {
    public var scored = 0
    /// Candidates with too little text to be scored.
    public var unscored = 0
    /// Invalid records skipped (`skipInvalid`).
    public var skipped = 0
    public var postings = 0
    public var wallSeconds = 0.0
    /// Stage timings and rates (name → value), in the order measured.
    public var timings: [(String, String)] = []
}

/// The batch run: candidates read as a stream, folded in blocks of B (`LSAModel.fold`), scored against
/// every posting with one sgemm per block (`BatchScorer` → `CosineScorer`), the top N kept both ways,
/// rows streamed as blocks finish, checkpoints for `resume`.
///
/// Threads: candidates are read, analyzed and folded on one thread while the previous block is scored on
/// the other; sgemm runs on one OpenBLAS thread and a block's analysis on every core — the fastest
/// setting measured on 2 cores at 2,000 to 100,000 postings (scripts/bench-results.md: at 100,000
/// postings 31.0 s, against 37.7 s with two BLAS threads and 34.7 s without the pipeline; OpenBLAS
/// threads spin and yield, and a second one fights the reading thread for the core).
public enum BatchRun {
    /// A block read and folded, handed to the scoring thread.
    struct Produced: Sendable {
        var folded: FoldedBlock
        var records: Int
        var skipped: Int
        var warnings: [String]
    }

    enum Message: Sendable { case block(Produced), end(ReadTimes), failure(any Error) }

    /// Seconds the reading side spent in all (`total`) and folding (`fold`).
    struct ReadTimes: Sendable { var total = 0.0, fold = 0.0 }

    /// The reading side of a run: the records of a slice, in blocks of `block`, read, checked (duplicate
    /// ids) and folded; each block handed to `emit`, which says whether to go on.
    struct BlockReading: Sendable {
        let source: CandidateSource
        let records: Range<Int>
        let block: Int
        let model: LSAModel
        let featurizer: Featurizer
        let threads: Int
        let basisRows: BasisRows

        func run(_ emit: (Produced) throws -> Bool) throws -> ReadTimes {
            let t0 = monotonicSeconds()
            var times = ReadTimes()
            var documents = [Document](), count = 0, skipped = 0, warnings = [String]()
            var seen = [String: Int]()
            func flush() throws -> Bool {
                let f0 = monotonicSeconds()
                let folded = try BatchScorer.fold(documents, model: model, featurizer: featurizer, threads: threads, basisRows: basisRows)
                times.fold += monotonicSeconds() - f0
                let go = try emit(Produced(folded: folded, records: count, skipped: skipped, warnings: warnings))
                documents = []; count = 0; skipped = 0; warnings = []
                return go
            }
            try source.forEach(in: records) { ordinal, document, warning in
                count += 1
                if let warning { warnings.append(warning) }
                if let document {
                    if let first = seen.updateValue(ordinal, forKey: document.id) {
                        throw UserError("duplicate candidate id '\(document.id)' (records \(first + 1) and \(ordinal + 1) of the pool)",
                                        french: "identifiant de candidat '\(document.id)' en double (enregistrements \(first + 1) et \(ordinal + 1) du vivier)")
                    }
                    documents.append(document)
                } else {
                    skipped += 1
                }
                return count < block ? true : try flush()
            }
            if count > 0 { _ = try flush() }
            times.total = monotonicSeconds() - t0
            return times
        }
    }

    /// Runs the batch and writes every row to `destination`.
    /// - Throws: `UserError` (an empty pool, a duplicate id, a checkpoint of another run), reader and
    ///   engine errors; rows already written to a file stay, with a checkpoint to resume from.
    public static func run(_ settings: BatchSettings, loaded: ModelProvider.Loaded, destination: BatchDestination,
                           events: BatchEvents = BatchEvents()) throws -> BatchSummary {
        var settings = settings
        // A key no posting has would silently keep no posting: refused before anything is read.
        if !settings.filter.isEmpty { settings.filter = try settings.filter.checked(against: PostingFilter.keys(of: loaded.model.postings)) }
        let wallStart = monotonicSeconds()
        let (shardIndex, shardCount) = settings.shard
        let model = loaded.model
        let source = try CandidateSource(paths: settings.candidates, reader: DocumentReader(maxFileSize: settings.maxRecordSize, skipInvalid: settings.skipInvalid))
        let total = try source.count()
        // An empty pool would print one empty row per posting and exit 0, as if no candidate matched.
        guard total > 0 else { throw UserError("no candidate in \(settings.candidates.joined(separator: ", ")) (the pool holds no record)",
                                                  french: "aucun candidat dans \(settings.candidates.joined(separator: ", ")) (le vivier ne contient aucun enregistrement)") }
        let slice = (total * (shardIndex - 1) / shardCount) ..< (total * shardIndex / shardCount)

        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let pipelined = settings.pipelined && cores > 1
        let blas = settings.blasThreads ?? (pipelined ? 1 : cores)
        NumericRuntime.setBLASThreads(blas)
        let folders = settings.foldThreads ?? cores
        var scorer = BatchScorer(model: model, top: settings.top, blockCapacity: settings.blockSize, scanThreads: settings.scanThreads ?? blas,
                                 filter: settings.filter)
        // Postings the filter leaves out get no row (and are never a candidate's match).
        let postingShown = settings.filter.mask(model.postings) ?? [Bool](repeating: true, count: model.postingCount)
        let block = scorer.blockCapacity
        let format = settings.format, minScore = settings.minScore
        if format == .html {   // the shortlist page: bounded, and made of the whole pool's rankings
            try ShortlistReport.checkSize(postings: postingShown.lazy.filter { $0 }.count, top: settings.top)
            if shardCount > 1 { throw UserError("--format html needs the whole pool (a shard's shortlists are partial): drop --shard",
                                             french: "--format html demande tout le vivier (les listes d'une tranche sont partielles) : retirez --shard") }
            if case .file(_, true) = destination { throw UserError("--format html is written once the run is over: drop --resume",
                                                                         french: "--format html s'écrit une fois le calcul terminé : retirez --resume") }
        }

        // A run that checkpoints names its pool's bytes too: a pool edited in place (same paths, same count)
        // is another run, refused on --resume instead of mixing old and new rows.
        var pool: [String] = []
        if case .file = destination { pool = ["pool \(try source.contentDigest())"] }
        let fingerprint = (["model \(modelIdentity(path: loaded.path))", "candidates \(settings.candidates.joined(separator: "|"))",
                           "records \(total)"] + pool + ["shard \(shardIndex)/\(shardCount)", "top \(settings.top)", "format \(format.rawValue)",
                           "skip-invalid \(settings.skipInvalid)", "where \(settings.filterExpressions.joined(separator: " & "))"]
                          + (minScore.map { ["min-score \($0)"] } ?? [])).joined(separator: "; ")
        var state = BatchCheckpoint.State(fingerprint: fingerprint, processed: 0, outputBytes: 0, candidateRows: 0, scored: 0, unscored: 0, skipped: 0)
        let sink: any BatchOutput
        var checkpointPath: String? = nil
        // A file output is written to FILE.partial (what the checkpoint's length counts) and renamed over
        // FILE once complete: until then FILE is as it was, whatever fails (a bad line, a full disk, kill -9).
        var partialOutput: (partial: String, final: String, sink: BatchSink)? = nil
        var checkpointSaved = false
        switch destination {
        case .standardOutput: sink = BatchSink()
        case .stream(let output): sink = output
        case .file(let out, let resume):
            try OutputGuard.check(output: out, inputs: [(loaded.path, "the model")] + source.files.map { ($0, "a candidate file") })
            let partial = BatchCheckpoint.partialPath(forOutput: out)
            try OutputGuard.check(output: partial, inputs: [(loaded.path, "the model")] + source.files.map { ($0, "a candidate file") })
            let path = BatchCheckpoint.path(forOutput: out)
            checkpointPath = path
            let fileSink: BatchSink
            if resume, let saved = try BatchCheckpoint.read(from: path) {
                guard saved.state.fingerprint == fingerprint else {
                    let others = { (f: String) in f.split(separator: ";").filter { !$0.hasPrefix(" pool ") } }
                    if others(saved.state.fingerprint) == others(fingerprint) {
                        throw UserError("\(settings.candidates.joined(separator: ", ")): the candidates changed since the checkpoint \(path) (same files and count, other bytes): resuming would mix rows of the old and the new pool; drop --resume to start over")
                    }
                    throw UserError("\(path) belongs to another run (\(saved.state.fingerprint)); run the same command, or drop --resume to start over",
                            french: "\(path) appartient à un autre calcul (\(saved.state.fingerprint)) ; relancez la même commande, ou retirez --resume pour recommencer")
                }
                guard FileManager.default.fileExists(atPath: partial) else {
                    throw UserError("\(partial): the rows of the interrupted run are missing (its checkpoint is \(path)); run without --resume",
                            french: "\(partial) : les lignes du calcul interrompu manquent (son point de reprise est \(path)) ; relancez sans --resume")
                }
                fileSink = try BatchSink(path: partial, keepingBytes: saved.state.outputBytes)
                try scorer.restore(postingRankings: saved.rankings, scored: saved.state.scored)
                state = saved.state
                checkpointSaved = true
                events.notice("resuming \(out) after \(state.processed) of \(slice.count) candidates")
            } else {
                if resume { events.notice("no checkpoint \(path); starting from the beginning") }
                try? FileManager.default.removeItem(atPath: path)
                fileSink = try BatchSink(path: partial, keepingBytes: 0)
            }
            sink = fileSink
            partialOutput = (partial, out, fileSink)
        }
        var finished = false
        defer {
            // A failed run with no checkpoint cannot be resumed: its partial rows go (FILE itself was never touched).
            if !finished, !checkpointSaved, let partialOutput { unlink(partialOutput.partial) }
        }
        if state.outputBytes == 0 { sink.write(BatchText.opening(format)) }
        events.started(slice.count, state.processed)

        var warningsShown = 0
        func warn(_ message: String) {
            warningsShown += 1
            if warningsShown <= 10 { events.warning("warning: \(message)") }
        }
        var writeSeconds = 0.0, waitSeconds = 0.0
        var lastCheckpoint = monotonicSeconds(), checkpointCost = 0.0
        let explainer: BatchExplainer? = settings.explain ? CompetencyBatchExplainer(loaded: loaded) : nil
        let ids = model.postings.ids

        // Scoring side: one block → rows, streamed; checkpoint when due.
        func consume(_ item: Produced) throws {
            try WorkCancellation.checkpoint()   // a front end's time limit or a client gone: stop between blocks
            for w in item.warnings { warn(w) }
            let results = scorer.score(item.folded)
            let t0 = monotonicSeconds()
            var text = ""
            for (i, document) in item.folded.documents.enumerated() {
                var row = BatchRow(direction: BatchRow.candidate, id: document.id, matches: [], skipped: nil)
                var explanations: [String?]? = nil
                if var result = results[i] {
                    // Below minScore a match is not shown (both directions use the same cut).
                    if let minScore { result = result.filter { $0.score >= minScore } }
                    row.matches = result.enumerated().map { r, s in
                        BatchMatch(rank: r + 1, id: ids[s.index], title: model.postings.title(at: s.index), score: s.score)
                    }
                    if let explainer, let folded = item.folded.foldedQuery(at: i) {
                        explanations = try result.map { try explainer.explanation(candidate: document, folded: folded, postingIndex: $0.index, score: $0.score) }
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
            if let checkpointPath, monotonicSeconds() - lastCheckpoint >= max(settings.checkpointInterval, 10 * checkpointCost) {
                let c0 = monotonicSeconds()
                try sink.sync()
                state.outputBytes = sink.bytes
                try BatchCheckpoint(state: state, rankings: scorer.postingRankings()).write(to: checkpointPath)
                checkpointSaved = true
                lastCheckpoint = monotonicSeconds()
                checkpointCost = lastCheckpoint - c0
            } else {
                try sink.flush()
            }
            writeSeconds += monotonicSeconds() - t0
            events.progress(state.processed)
            if settings.blockDelayMilliseconds > 0 { usleep(useconds_t(settings.blockDelayMilliseconds * 1000)) }
        }

        // Reading side: records → blocks of B → folded (`readBlocks`, on its own thread when pipelined).
        let reading = BlockReading(source: source, records: (slice.lowerBound + state.processed) ..< slice.upperBound, block: block,
                                   model: model, featurizer: loaded.featurizer, threads: folders, basisRows: BasisRows(model))
        let readTimes: ReadTimes
        if pipelined {
            let queue = BlockQueue<Message>(capacity: 2)
            // Everything the reading thread shares with this one goes through the queue.
            let thread = Thread {
                do {
                    let times = try reading.run { queue.put(.block($0)) }
                    _ = queue.put(.end(times))
                } catch {
                    _ = queue.put(.failure(error))
                }
            }
            thread.stackSize = 16 << 20
            thread.start()
            var ended: ReadTimes? = nil
            while ended == nil {
                let w0 = monotonicSeconds()
                let message = queue.take()
                waitSeconds += monotonicSeconds() - w0
                switch message {
                case .block(let item):
                    do { try consume(item) } catch { queue.cancel(); throw error }
                case .end(let times): ended = times
                case .failure(let error): throw error
                }
            }
            readTimes = ended!
        } else {
            readTimes = try reading.run { try consume($0); return true }
        }
        let foldSeconds = readTimes.fold, produceSeconds = readTimes.total
        events.candidatesFinished()

        // Posting rows: final only now.
        let t0 = monotonicSeconds()
        sink.write(BatchText.middle(format, candidateRows: state.candidateRows))
        let rankings = scorer.postingRankings()
        var postingRows = 0
        var shortlists = [(posting: Int, candidates: [CandidateScore])]()   // html only
        for (j, full) in rankings.enumerated() where postingShown[j] {
            let list = minScore.map { m in full.filter { $0.score >= m } } ?? full
            if format == .html { shortlists.append((j, list)) }
            let matches = list.enumerated().map { r, c in BatchMatch(rank: r + 1, id: c.id, title: c.title, score: c.score) }
            sink.write(BatchText.row(BatchRow(direction: BatchRow.posting, id: ids[j], matches: matches, skipped: nil), format: format,
                                     index: postingRows))
            postingRows += 1
            if postingRows % 4096 == 0 { try sink.flush() }
        }
        if format == .html {
            sink.write(try ShortlistReport.render(shortlists: shortlists, loaded: loaded, source: source, slice: slice, scored: state.scored,
                                                  top: settings.top, date: settings.reportDate))
        }
        sink.write(BatchText.closing(format, postingRows: postingRows))
        if let partialOutput {
            try partialOutput.sink.commit(renaming: partialOutput.partial, to: partialOutput.final)
        } else {
            try sink.sync()
        }
        finished = true
        if let checkpointPath { try? FileManager.default.removeItem(atPath: checkpointPath) }
        writeSeconds += monotonicSeconds() - t0

        if warningsShown > 10 { events.warning("\(warningsShown - 10) more warnings") }
        var summary = BatchSummary(scored: state.scored, unscored: state.unscored, skipped: state.skipped, postings: model.postingCount,
                                   wallSeconds: monotonicSeconds() - wallStart)
        let scoring = scorer.sgemmSeconds + scorer.selectSeconds
        func fmt(_ x: Double) -> String { String(format: "%.4f", x) }
        summary.timings = [
            ("candidates", "\(state.scored + state.unscored)"), ("scored", "\(state.scored)"), ("postings", "\(model.postingCount)"),
            ("dimensions", "\(model.dimensions)"), ("block", "\(block)"), ("pipelined", "\(pipelined)"),
            ("blas_threads", "\(NumericRuntime.blasThreads ?? 0)"), ("blas_kernel", BatchText.json(NumericRuntime.blasKernelName ?? "")), ("fold_threads", "\(folders)"), ("scan_threads", "\(scorer.scanThreads)"),
            ("read_seconds", fmt(produceSeconds - foldSeconds - (pipelined ? 0 : scoring + writeSeconds))),
            ("fold_seconds", fmt(foldSeconds)), ("sgemm_seconds", fmt(scorer.sgemmSeconds)),
            ("select_seconds", fmt(scorer.selectSeconds)), ("write_seconds", fmt(writeSeconds)), ("wait_seconds", fmt(waitSeconds)),
            ("wall_seconds", fmt(summary.wallSeconds)), ("gflop", fmt(scorer.flops / 1e9)),
            ("sgemm_gflops", fmt(scorer.sgemmSeconds > 0 ? scorer.flops / scorer.sgemmSeconds / 1e9 : 0)),
            ("score_topk_gflops", fmt(scoring > 0 ? scorer.flops / scoring / 1e9 : 0)),
        ]
        return summary
    }
}
