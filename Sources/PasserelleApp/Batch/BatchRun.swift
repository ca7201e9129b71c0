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
    /// Candidates per block (default: `BatchScorer.defaultBlockCapacity`, 1,024).
    public var blockSize: Int?
    /// OpenBLAS threads, threads analyzing a block, threads of the top-N pass (defaults: measured, below).
    public var blasThreads: Int?
    public var foldThreads: Int?
    public var scanThreads: Int?
    /// Fold the next block while this one is scored (on a machine with more than one core).
    public var pipelined = true
    /// Least seconds between checkpoints (file outputs).
    public var checkpointInterval: Double = 1
    /// Tests of resuming and interrupting: after this many blocks of this run (rows flushed, a checkpoint
    /// written when due) the run holds there — it never completes — until a signal ends the process or its
    /// parent is gone; nil: never. A test waits on the files (or stderr) and kills it, with no race against a timer.
    public var holdAfterBlocks: Int?
    /// The day printed on the `html` shortlist page (ISO 8601); nil: the day it is made, by the one rule of
    /// dating (`ReportDate.stamp`). Tests set it to render the same bytes every day.
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
/// setting measured on 2 cores at 2,000 to 100,000 postings (scripts/benchmarks/bench-results.md: at 100,000
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

    /// Runs the batch and writes every row to `destination`: checks the request, opens the output (or
    /// resumes it from its checkpoint), scores the candidates block by block (`BatchExecution`), then writes
    /// the posting rows and commits the file.
    /// - Throws: `UserError` (an empty pool, a duplicate id, a checkpoint of another run), reader and
    ///   engine errors; rows already written to a file stay, with a checkpoint to resume from.
    public static func run(_ settings: BatchSettings, loaded: ModelProvider.Loaded, destination: BatchDestination,
                           events: BatchEvents = BatchEvents()) throws -> BatchSummary {
        var resume = false, toFile = false
        if case .file(_, let resuming) = destination { toFile = true; resume = resuming }
        if let broken = settings.brokenRule(resume: resume, toFile: toFile) { throw broken }
        let execution = try BatchExecution(settings, loaded: loaded, events: events)
        try execution.open(destination)
        var finished = false
        defer { if !finished { execution.abandon() } }
        execution.begin()
        let readTimes = try execution.scoreCandidates()
        events.candidatesFinished()
        try execution.writePostingRowsAndCommit()
        finished = true
        return execution.summary(readTimes)
    }
}
