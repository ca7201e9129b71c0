import Foundation
import Passerelle
import DocumentReaders
import PasserelleCore

/// One batch run in progress (`BatchRun.run` drives it): what was checked before anything is read, the
/// output and its checkpoint, the scorer's state, and the counters the summary reports. A class because
/// the scoring side (`consume`, called by the reading side's blocks, possibly from a queue) and the
/// stages after it share this state; it lives for one run, on one thread (the reading thread only ever
/// talks to it through `BlockQueue`).
///
/// Stages, in order: `init` (the request's rules: the filter's keys, an empty pool, the html format's
/// limits) → `open` (the output: stdout, a stream, or FILE.partial with a checkpoint, resumed when asked)
/// → `begin` → `scoreCandidates` (blocks read and folded, scored, rows streamed, checkpoints when due) →
/// `writePostingRowsAndCommit` → `summary`. `abandon` cleans up a run that failed.
final class BatchExecution {
    let settings: BatchSettings
    let loaded: ModelProvider.Loaded
    let events: BatchEvents
    let model: LSAModel
    let source: CandidateSource
    /// Records in the whole pool, and this shard's, as indices into the pool.
    let total: Int
    let slice: Range<Int>
    let pipelined: Bool
    let foldThreads: Int
    var scorer: BatchScorer
    /// Postings the filter leaves out get no row (and are never a candidate's match).
    let postingShown: [Bool]
    let explainer: BatchExplainer?
    let wallStart: Double

    // The output, set by `open`.
    private var sink: any BatchOutput = BatchSink()
    private var checkpointPath: String?
    /// A file output is written to FILE.partial (what the checkpoint's length counts) and renamed over
    /// FILE once complete: until then FILE is as it was, whatever fails (a bad line, a full disk, kill -9).
    private var partialOutput: (partial: String, final: String, sink: BatchSink)?
    private var checkpointSaved = false
    private var state = BatchCheckpoint.State(fingerprint: "", processed: 0, outputBytes: 0, candidateRows: 0, scored: 0, unscored: 0, skipped: 0)

    // Counters for the summary.
    private var warningsShown = 0
    private var writeSeconds = 0.0, waitSeconds = 0.0
    private var lastCheckpoint = 0.0, checkpointCost = 0.0
    private var blocksThisRun = 0

    /// Checks the request against the model and the pool before anything is written.
    /// The options' rules between themselves were checked by `BatchRun.run` (`BatchSettings.brokenRule`).
    /// - Throws: `UserError` for an empty pool or an html page too large, `EngineError` for a
    ///   `--where` key no posting has, reader errors for the pool.
    init(_ request: BatchSettings, loaded: ModelProvider.Loaded, events: BatchEvents) throws {
        var settings = request
        // A key no posting has would silently keep no posting: refused before anything is read.
        if !settings.filter.isEmpty { settings.filter = try settings.filter.checked(against: PostingFilter.keys(of: loaded.model.postings)) }
        wallStart = monotonicSeconds()
        self.settings = settings
        self.loaded = loaded
        self.events = events
        model = loaded.model
        let (shardIndex, shardCount) = settings.shard
        source = try CandidateSource(paths: settings.candidates, reader: DocumentReader(maxFileSize: settings.maxRecordSize, skipInvalid: settings.skipInvalid))
        total = try source.count()
        // An empty pool would print one empty row per posting and exit 0, as if no candidate matched.
        guard total > 0 else { throw UserError("no candidate in \(settings.candidates.joined(separator: ", ")) (the pool holds no record)",
                                                  french: "aucun candidat dans \(settings.candidates.joined(separator: ", ")) (le vivier ne contient aucun enregistrement)") }
        slice = (total * (shardIndex - 1) / shardCount) ..< (total * shardIndex / shardCount)

        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        pipelined = settings.pipelined && cores > 1
        let blas = settings.blasThreads ?? (pipelined ? 1 : cores)
        NumericRuntime.setBLASThreads(blas)
        foldThreads = settings.foldThreads ?? cores
        scorer = BatchScorer(model: model, top: settings.top, blockCapacity: settings.blockSize, scanThreads: settings.scanThreads ?? blas,
                             filter: settings.filter)
        postingShown = settings.filter.mask(model.postings) ?? [Bool](repeating: true, count: model.postingCount)
        if settings.format == .html {   // the shortlist page is bounded (it is of the whole pool: `brokenRule`)
            try ShortlistReport.checkSize(postings: postingShown.lazy.filter { $0 }.count, top: settings.top)
        }
        explainer = settings.explain ? CompetencyBatchExplainer(loaded: loaded) : nil
    }

    /// What identifies this run for `--resume`: the model, the pool (its bytes too when `digest` is
    /// given: a pool edited in place, same paths and count, is another run) and every option that changes
    /// the rows.
    private func fingerprint(poolDigest: String?) -> String {
        let (shardIndex, shardCount) = settings.shard
        let pool = poolDigest.map { ["pool \($0)"] } ?? []
        return (["model \(modelIdentity(path: loaded.path))", "candidates \(settings.candidates.joined(separator: "|"))",
                 "records \(total)"] + pool + ["shard \(shardIndex)/\(shardCount)", "top \(settings.top)",
                 "format \(settings.format.rawValue)", "skip-invalid \(settings.skipInvalid)",
                 "where \(settings.filterExpressions.joined(separator: " & "))"]
                + (settings.minScore.map { ["min-score \($0)"] } ?? [])).joined(separator: "; ")
    }

    /// Opens the output: stdout, the caller's stream, or FILE.partial — resumed from FILE.checkpoint when
    /// `resume` is set and the checkpoint is this run's.
    /// - Throws: `UserError` (a checkpoint of another run or of another pool, missing
    ///   rows), `OutputGuard`'s refusals (an output over an input), write errors.
    func open(_ destination: BatchDestination) throws {
        var digest: String? = nil
        if case .file = destination { digest = try source.contentDigest() }
        state.fingerprint = fingerprint(poolDigest: digest)
        switch destination {
        case .standardOutput: sink = BatchSink()
        case .stream(let output): sink = output
        case .file(let out, let resume): try openFile(out, resume: resume)
        }
    }

    private func openFile(_ out: String, resume: Bool) throws {
        let inputs = [(loaded.path, "the model")] + source.files.map { ($0, "a candidate file") }
        try OutputGuard.check(output: out, inputs: inputs)
        let partial = BatchCheckpoint.partialPath(forOutput: out)
        try OutputGuard.check(output: partial, inputs: inputs)
        let path = BatchCheckpoint.path(forOutput: out)
        checkpointPath = path
        let fileSink: BatchSink
        if resume, let saved = try BatchCheckpoint.read(from: path) {
            try checkResumable(saved.state, checkpoint: path, partial: partial)
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

    /// A checkpoint can be resumed only by the same run, with its rows still there.
    private func checkResumable(_ saved: BatchCheckpoint.State, checkpoint path: String, partial: String) throws {
        let fingerprint = state.fingerprint
        guard saved.fingerprint == fingerprint else {
            let others = { (f: String) in f.split(separator: ";").filter { !$0.hasPrefix(" pool ") } }
            if others(saved.fingerprint) == others(fingerprint) {
                throw UserError("\(settings.candidates.joined(separator: ", ")): the candidates changed since the checkpoint \(path) (same files and count, other bytes): resuming would mix rows of the old and the new pool; drop --resume to start over")
            }
            throw UserError("\(path) belongs to another run (\(saved.fingerprint)); run the same command, or drop --resume to start over",
                            french: "\(path) appartient à un autre calcul (\(saved.fingerprint)) ; relancez la même commande, ou retirez --resume pour recommencer")
        }
        guard FileManager.default.fileExists(atPath: partial) else {
            throw UserError("\(partial): the rows of the interrupted run are missing (its checkpoint is \(path)); run without --resume",
                            french: "\(partial) : les lignes du calcul interrompu manquent (son point de reprise est \(path)) ; relancez sans --resume")
        }
    }

    /// A failed run with no checkpoint cannot be resumed: its partial rows go (FILE itself was never touched).
    func abandon() {
        if !checkpointSaved, let partialOutput { unlink(partialOutput.partial) }
    }

    /// Writes the output's opening and tells the front end how many records there are.
    func begin() {
        if state.outputBytes == 0 { sink.write(BatchText.opening(settings.format)) }
        events.started(slice.count, state.processed)
        lastCheckpoint = monotonicSeconds()
    }

    private func warn(_ message: String) {
        warningsShown += 1
        if warningsShown <= 10 { events.warning("warning: \(message)") }
    }

    /// Reads, folds and scores every record of the slice not done yet: the reading side on its own thread
    /// when pipelined (handing blocks through a queue of 2), else in turn with the scoring.
    func scoreCandidates() throws -> BatchRun.ReadTimes {
        let reading = BatchRun.BlockReading(source: source, records: (slice.lowerBound + state.processed) ..< slice.upperBound,
                                            block: scorer.blockCapacity, model: model, featurizer: loaded.featurizer,
                                            threads: foldThreads, basisRows: BasisRows(model))
        guard pipelined else { return try reading.run { try consume($0); return true } }
        let queue = BlockQueue<BatchRun.Message>(capacity: 2)
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
        while true {
            let w0 = monotonicSeconds()
            let message = queue.take()
            waitSeconds += monotonicSeconds() - w0
            switch message {
            case .block(let item):
                do { try consume(item) } catch { queue.cancel(); throw error }
            case .end(let times): return times
            case .failure(let error): throw error
            }
        }
    }

    /// The scoring side: one block → its candidates' rows, streamed; a checkpoint when due.
    private func consume(_ item: BatchRun.Produced) throws {
        try WorkCancellation.checkpoint()   // a front end's time limit or a client gone: stop between blocks
        for w in item.warnings { warn(w) }
        let results = scorer.score(item.folded)
        let t0 = monotonicSeconds()
        var text = ""
        for (i, document) in item.folded.documents.enumerated() {
            text += try candidateRow(document, result: results[i].map { $0.map { (index: $0.index, score: $0.score) } }, folded: item.folded, at: i)
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
        blocksThisRun += 1
        if let hold = settings.holdAfterBlocks, blocksThisRun >= hold { Self.holdUntilKilled() }
    }

    /// `holdAfterBlocks` (tests only): one line on stderr, then wait for a signal (SIGKILL, or SIGINT and its
    /// handler); a process whose parent has gone stops holding and exits 1 rather than linger.
    private static func holdUntilKilled() -> Never {
        let parent = getppid()
        FileHandle.standardError.write(Data("passerelle batch: holding (test hook)\n".utf8))
        while getppid() == parent { usleep(50_000) }
        exit(1)
    }

    /// One candidate's row: its matches (at or above `minScore`), their explanations when asked, or why it
    /// was not scored.
    private func candidateRow(_ document: Document, result: [(index: Int, score: Float)]?, folded: FoldedBlock, at i: Int) throws -> String {
        var row = BatchRow(direction: BatchRow.candidate, id: document.id, matches: [], skipped: nil)
        var explanations: [String?]? = nil
        if var result {
            // Below minScore a match is not shown (both directions use the same cut).
            if let minScore = settings.minScore { result = result.filter { $0.score >= minScore } }
            let ids = model.postings.ids
            row.matches = result.enumerated().map { r, s in
                BatchMatch(rank: r + 1, id: ids[s.index], title: model.postings.title(at: s.index), score: s.score)
            }
            if let explainer, let query = folded.foldedQuery(at: i) {
                explanations = try result.map { try explainer.explanation(candidate: document, folded: query, postingIndex: $0.index, score: $0.score) }
            }
            state.scored += 1
        } else {
            row.skipped = "too little text: " + (folded.problems[i] ?? "not scored")
            warn("\(document.id): not scored (\(row.skipped!))")
            state.unscored += 1
        }
        defer { state.candidateRows += 1 }
        return BatchText.row(row, format: settings.format, index: state.candidateRows, explanations: explanations)
    }

    /// The posting rows (final only once every candidate is scored), the html page when asked, the
    /// closing; then FILE.partial renamed over FILE and the checkpoint removed.
    func writePostingRowsAndCommit() throws {
        let t0 = monotonicSeconds()
        let format = settings.format
        sink.write(BatchText.middle(format, candidateRows: state.candidateRows))
        let rankings = scorer.postingRankings()
        let ids = model.postings.ids
        var postingRows = 0
        var shortlists = [(posting: Int, candidates: [CandidateScore])]()   // html only
        for (j, full) in rankings.enumerated() where postingShown[j] {
            let list = settings.minScore.map { m in full.filter { $0.score >= m } } ?? full
            if format == .html { shortlists.append((j, list)) }
            let matches = list.enumerated().map { r, c in BatchMatch(rank: r + 1, id: c.id, title: c.title, score: c.score) }
            sink.write(BatchText.row(BatchRow(direction: BatchRow.posting, id: ids[j], matches: matches, skipped: nil), format: format,
                                     index: postingRows))
            postingRows += 1
            if postingRows % 4096 == 0 { try sink.flush() }
        }
        if format == .html {
            sink.write(try ShortlistReport.render(shortlists: shortlists, loaded: loaded, source: source, slice: slice, scored: state.scored,
                                                  top: settings.top, date: settings.reportDate ?? ReportDate.stamp(html: true)))
        }
        sink.write(BatchText.closing(format, postingRows: postingRows))
        if let partialOutput {
            try partialOutput.sink.commit(renaming: partialOutput.partial, to: partialOutput.final)
        } else {
            try sink.sync()
        }
        if let checkpointPath { try? FileManager.default.removeItem(atPath: checkpointPath) }
        writeSeconds += monotonicSeconds() - t0
    }

    /// The run's counts and stage timings (`--timings`), the warnings beyond the first ten counted.
    func summary(_ readTimes: BatchRun.ReadTimes) -> BatchSummary {
        if warningsShown > 10 { events.warning("\(warningsShown - 10) more warnings") }
        var summary = BatchSummary(scored: state.scored, unscored: state.unscored, skipped: state.skipped, postings: model.postingCount,
                                   wallSeconds: monotonicSeconds() - wallStart)
        let scoring = scorer.sgemmSeconds + scorer.selectSeconds
        func fmt(_ x: Double) -> String { String(format: "%.4f", x) }
        summary.timings = [
            ("candidates", "\(state.scored + state.unscored)"), ("scored", "\(state.scored)"), ("postings", "\(model.postingCount)"),
            ("dimensions", "\(model.dimensions)"), ("block", "\(scorer.blockCapacity)"), ("pipelined", "\(pipelined)"),
            ("blas_threads", "\(NumericRuntime.blasThreads ?? 0)"), ("blas_kernel", BatchText.json(NumericRuntime.blasKernelName ?? "")),
            ("fold_threads", "\(foldThreads)"), ("scan_threads", "\(scorer.scanThreads)"),
            ("read_seconds", fmt(readTimes.total - readTimes.fold - (pipelined ? 0 : scoring + writeSeconds))),
            ("fold_seconds", fmt(readTimes.fold)), ("sgemm_seconds", fmt(scorer.sgemmSeconds)),
            ("select_seconds", fmt(scorer.selectSeconds)), ("write_seconds", fmt(writeSeconds)), ("wait_seconds", fmt(waitSeconds)),
            ("wall_seconds", fmt(summary.wallSeconds)), ("gflop", fmt(scorer.flops / 1e9)),
            ("sgemm_gflops", fmt(scorer.sgemmSeconds > 0 ? scorer.flops / scorer.sgemmSeconds / 1e9 : 0)),
            ("score_topk_gflops", fmt(scoring > 0 ? scorer.flops / scoring / 1e9 : 0)),
        ]
        return summary
    }
}
