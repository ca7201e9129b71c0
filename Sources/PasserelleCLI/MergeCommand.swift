import ArgumentParser
import Foundation
import DocumentReaders
import PasserelleApp
import Passerelle

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the outputs of `batch --shard i/n` runs into the output of one run.",
        discussion: HelpExamples.discussion("""
        Give the shard outputs in shard order (any of jsonl, csv, json; a csv input only into --format csv, as CSV shows control characters as stand-ins and has no line for a candidate without matches). Candidate rows are copied in that order;
        the posting rows of each posting are merged, keeping the top N (score, then candidate id), so that the
        result equals the output of one unsharded run with the same --top. A candidate found in two inputs is
        an error (overlapping shards).
        """, command: "merge")
    )

    @Argument(help: ArgumentHelp("Outputs of `passerelle batch --shard`, in shard order.", valueName: "files"))
    var files: [String]

    @Option(name: .long, help: "Matches kept per posting: the --top of the batch runs (\(OptionLimits.text(QueryOptions.topRange))).")
    var top: Int = 10

    @Option(name: .long, help: "Output format: jsonl, csv or json.")
    var format: BatchFormat = .jsonl

    @Option(name: .long, help: ArgumentHelp("Write to this file (atomically: replaced only once the merge succeeds) instead of stdout.", valueName: "file"))
    var out: String?

    @OptionGroup var quietOption: QuietOption

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give the shard outputs to merge") }
        try OptionLimits.check(top, in: QueryOptions.topRange, "--top")
        if format == .html { throw ValidationError("merge writes jsonl, csv or json (the html shortlist is made by `batch --format html` on the whole pool)") }
        if let out, out.isEmpty { throw ValidationError("--out needs a file name") }
    }

    func run() throws {
        quietOption.apply()
        try reportingErrors {
            // Through a temporary file renamed at the end: a merge that fails (overlapping shards, a damaged
            // input, a full disk) leaves the previous output, never a cut one.
            if let out { try OutputGuard.check(output: out, inputs: files, role: "a shard output") }
            let sink = try out.map { try BatchSink(replacing: $0) } ?? BatchSink()
            sink.write(BatchText.opening(format))
            var candidateRows = 0
            var origin = [String: String]()
            var postingOrder = [String]()
            var postings = [String: [CandidateScore]]()
            // A CSV output is lossy: control characters of ids and titles are shown as stand-ins (ESC → ␛), and
            // a candidate without a match (too little text) has no line. Read back, it cannot become the jsonl
            // or json of one run: refused. Into CSV it can: every id is compared in its CSV form, so a jsonl
            // shard's "a\u{1B}b" and a csv shard's "a␛b" are one posting, as they are one line in one run.
            let csvInputs = try files.filter { try BatchRowReader.isCSV($0) }
            if let first = csvInputs.first, format != .csv {
                throw UserError("\(first) is a CSV batch output, which cannot be merged into --format \(format.rawValue) exactly (CSV shows control characters in ids as stand-ins and has no line for a candidate without matches): merge with --format csv, or run the shards with --format jsonl")
            }
            let key: (String) -> String = format == .csv ? { TerminalText.csvCell($0) } : { $0 }
            for file in files {
                for var row in try BatchRowReader.rows(of: file) {
                    if format == .csv {
                        row.id = key(row.id)
                        row.matches = row.matches.map { BatchMatch(rank: $0.rank, id: key($0.id), title: key($0.title), score: $0.score) }
                    }
                    if row.direction == BatchRow.candidate {
                        if let first = origin.updateValue(file, forKey: row.id) {
                            throw UserError("candidate '\(row.id)' is in both \(first) and \(file): do the shards overlap?")
                        }
                        sink.write(BatchText.row(row, format: format, index: candidateRows))
                        candidateRows += 1
                    } else if row.direction == BatchRow.posting {
                        if postings[row.id] == nil { postingOrder.append(row.id); postings[row.id] = [] }
                        postings[row.id]! += row.matches.map { CandidateScore(id: $0.id, title: $0.title, score: $0.score) }
                    } else {
                        throw UserError("\(file): row '\(row.id)' has direction '\(row.direction)' (expected candidate or posting)")
                    }
                }
                try sink.flush()
            }
            sink.write(BatchText.middle(format, candidateRows: candidateRows))
            for (j, id) in postingOrder.enumerated() {
                let best = CandidateScore.best(postings[id]!, count: top)
                let matches = best.enumerated().map { r, c in BatchMatch(rank: r + 1, id: c.id, title: c.title, score: c.score) }
                sink.write(BatchText.row(BatchRow(direction: BatchRow.posting, id: id, matches: matches, skipped: nil), format: format, index: j))
            }
            sink.write(BatchText.closing(format, postingRows: postingOrder.count))
            try sink.commit()
        }
    }
}
