import ArgumentParser
import Foundation
import PasserelleApp
import Passerelle
import PasserelleCore
import PasserelleEvaluation

extension EvaluationTask: ExpressibleByArgument {}

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure matching quality against relevance judgments, beside TF-IDF cosine and BM25 baselines.",
        discussion: HelpExamples.discussion("""
        Qrels are TREC lines `qid 0 docid grade` (grade > 0 relevant; graded for nDCG). Task `rank`: the queries
        are texts (--queries: JSON Lines or files/folders) ranked against the corpus. Task `similar`: the queries
        are corpus documents themselves (qrels' qids are corpus ids), each ranked against the others.
        The corpus is the model's postings (their stored texts feed the baselines), or --corpus documents folded
        into the model's space (e.g. held-out French and English texts in a cross-language LSI model).
        Baselines use the model's analyzer: TF-IDF cosine (no SVD) and BM25 (k1 = 1.2, b = 0.75), fitted on
        the corpus; when the model has concept features or cross-language terms, both are also run on the
        model's full features (`+features`); plain LSA (`lsa-plain`: the analyzer's terms alone, default TF-IDF, fitted
        on the corpus at the model's k) runs with the baselines or alone with --plain-lsa. --hybrid measures
        α·latent + (1 − α)·term cosine through the same fold and scorer. --sweep refits LSA on the model's stored
        posting texts at each k (same settings otherwise). scripts/evaluation/eval-dev.sh runs the dev collection of issue 13.
        """, command: "eval")
    )

    @OptionGroup var modelOption: ModelOption
    @OptionGroup var quietOption: QuietOption

    @Option(name: .long, help: ArgumentHelp("Queries: task rank, JSON Lines, text files or folders; task similar, optionally a .txt file of corpus ids, one per line (default: every judged corpus document).", valueName: "path"))
    var queries: [String] = []

    @Option(name: .long, help: ArgumentHelp("Relevance judgments, TREC qrels (`qid 0 docid grade`).", valueName: "file"))
    var qrels: String

    @Option(name: .long, help: "Task: rank (queries are texts) or similar (queries are corpus documents).")
    var task: EvaluationTask = .rank

    @Option(name: .long, help: ArgumentHelp("Documents to retrieve among, folded into the model (default: the model's postings).", valueName: "path"))
    var corpus: [String] = []

    @Option(name: .long, help: ArgumentHelp("Metrics to show, comma-separated: \(RankingMetric.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "list"))
    var metrics: String = RankingMetric.allCases.map(\.rawValue).joined(separator: ",")

    @Option(name: .long, help: "Output format: table or json.")
    var format: OutputFormat = .table

    @Flag(name: .long, help: "Also list every query's metrics for every system.")
    var perQuery = false

    @Option(name: .long, help: "List this many worst queries of the model (by nDCG@10), with what came first (0…10000).")
    var worst: Int = 5

    @Flag(name: .long, help: "Evaluate the model only, without the TF-IDF cosine and BM25 baselines.")
    var noBaselines = false

    @Option(name: .long, help: ArgumentHelp("LSA refits to evaluate, comma-separated k values (e.g. 50,100,200,300,500).", valueName: "list"))
    var sweep: String?

    @Option(name: .long, help: ArgumentHelp("Write the sweep as an SVG plot of quality against k.", valueName: "file.svg"))
    var plot: String?

    @Option(name: .customLong("json-out"), help: ArgumentHelp("Also write the report as JSON to this file (whatever --format).", valueName: "file"))
    var jsonOut: String?

    @Option(name: .long, help: ArgumentHelp("Also measure the latent cosine combined with the term-space cosine, α·latent + (1 − α)·tfidf, for these α (comma-separated, in [0, 1]).", valueName: "list"))
    var hybrid: String?

    @Flag(name: .long, help: "Also run plain LSA: the model's analyzer only (no concepts, no translations, no first-line weight, no background), k = the model's, fitted on the corpus.")
    var plainLSA = false

    @Option(name: .long, help: ArgumentHelp("Queries with fewer known term occurrences rank nothing (default: the floor of `rank` for task rank, 1 for task similar).", valueName: "n"))
    var minimumKnownTerms: Int?

    @Option(name: .long, help: "Ranking depth: MAP and recall are computed within the first this many documents (1…1000000).")
    var depth: Int = 1000

    func validate() throws {
        try OptionLimits.check(depth, in: OptionLimits.depth, "--depth")
        try OptionLimits.check(worst, in: OptionLimits.worst, "--worst")
        if let minimumKnownTerms { try OptionLimits.check(minimumKnownTerms, in: 1 ... 1_000_000, "--minimum-known-terms") }
        if task == .rank && queries.isEmpty { throw ValidationError("task rank needs --queries") }
        if task == .similar && !(queries.isEmpty || (queries.count == 1 && queries[0].hasSuffix(".txt"))) {
            throw ValidationError("task similar takes its queries from the corpus: --queries may only name one .txt file of corpus ids")
        }
        _ = try parsedHybrid()
        _ = try parsedMetrics()
        _ = try parsedSweep()
        if plot != nil && sweep == nil { throw ValidationError("--plot needs --sweep") }
    }

    func parsedMetrics() throws -> [RankingMetric] {
        try metrics.split(separator: ",").map { name in
            guard let m = RankingMetric(rawValue: name.trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw ValidationError("unknown metric '\(name)' (known: \(RankingMetric.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return m
        }
    }

    func parsedHybrid() throws -> [Float] {
        guard let hybrid else { return [] }
        return try hybrid.split(separator: ",").map { s in
            guard let a = Float(s.trimmingCharacters(in: .whitespaces)), a >= 0, a <= 1 else { throw ValidationError("--hybrid: '\(s)' is not in [0, 1]") }
            return a
        }
    }

    func parsedSweep() throws -> [Int] {
        guard let sweep else { return [] }
        let ks = try sweep.split(separator: ",").map { s -> Int in
            guard let k = Int(s.trimmingCharacters(in: .whitespaces)), OptionLimits.dimensions.contains(k) else {
                throw ValidationError("--sweep: '\(s)' is not a k in \(OptionLimits.text(OptionLimits.dimensions))")
            }
            return k
        }
        guard !ks.isEmpty else { throw ValidationError("--sweep needs at least one k") }
        return Array(Set(ks)).sorted()
    }

    func run() throws {
        quietOption.apply()
        try reportingErrors {
            let shown = try parsedMetrics()
            let loaded = try modelOption.load()
            let inputs = [(loaded.path, "the model"), (qrels, "the judgments file")] + queries.map { ($0, "a query file") }
                + corpus.map { ($0, "a corpus file") }
            for (option, path) in [("--json-out", jsonOut), ("--plot", plot)] {
                if let path { try OutputGuard.check(output: path, option: option, inputs: inputs) }
            }
            var settings = EvaluationRun.Settings(task: task, queries: queries, qrels: qrels)
            settings.corpus = corpus
            settings.metrics = shown
            settings.baselines = !noBaselines
            settings.plainLSA = plainLSA
            settings.hybrid = try parsedHybrid()
            settings.sweep = try parsedSweep()
            settings.plot = plot
            settings.minimumKnownTerms = minimumKnownTerms
            settings.depth = depth
            let outcome = try EvaluationRun(settings: settings, notice: Console.notice).run(loaded)
            try report(results: outcome.results, sweep: outcome.sweep, harness: outcome.harness, shown: shown, loaded: loaded,
                       corpusCount: outcome.corpusCount)
        }
    }

    // MARK: Output

    struct SystemJSON: Encodable {
        var system: String
        var metrics: [String: Double]
        var emptyQueries: Int
        var seconds: Double
        var dimensions: Int?
        var perQuery: [QueryJSON]?
        enum CodingKeys: String, CodingKey {
            case system, metrics, seconds, dimensions
            case emptyQueries = "empty_queries", perQuery = "per_query"
        }
    }

    struct QueryJSON: Encodable {
        var id: String
        var title: String
        var metrics: [String: Double]
        var firstRelevantRank: Int?
        var relevant: Int
        var top: [String]
        enum CodingKeys: String, CodingKey {
            case id, title, metrics, relevant, top
            case firstRelevantRank = "first_relevant_rank"
        }
    }

    struct ReportJSON: Encodable {
        var model: ModelJSON
        var task: String
        var queries: Int
        var corpus: Int
        var depth: Int
        var systems: [SystemJSON]
        var sweep: [SystemJSON]
        var worst: [QueryJSON]
    }

    func report(results: [SystemEvaluation], sweep: [(requested: Int, actual: Int, result: SystemEvaluation)], harness: EvaluationHarness,
                shown: [RankingMetric], loaded: ModelProvider.Loaded, corpusCount: Int) throws {
        func values(_ m: [RankingMetric: Double]) -> [String: Double] {
            Dictionary(uniqueKeysWithValues: shown.map { ($0.rawValue, (m[$0]! * 1e4).rounded() / 1e4) })
        }
        func queryJSON(_ q: QueryEvaluation) -> QueryJSON {
            QueryJSON(id: q.queryID, title: q.title, metrics: values(q.metrics), firstRelevantRank: q.firstRelevantRank, relevant: q.relevantCount, top: q.top)
        }
        let worstQueries = results[0].worst(by: .ndcg10, count: worst)
        func json() throws -> String {
            let systems = results.map { SystemJSON(system: $0.system, metrics: values($0.mean), emptyQueries: $0.emptyQueries, seconds: $0.seconds,
                                                   perQuery: perQuery ? $0.perQuery.map(queryJSON) : nil) }
            let sweepJSON = sweep.map { SystemJSON(system: $0.result.system, metrics: values($0.result.mean), emptyQueries: $0.result.emptyQueries,
                                                   seconds: $0.result.seconds, dimensions: $0.actual) }
            return try encodeJSON(ReportJSON(model: ModelJSON(loaded), task: task.rawValue, queries: harness.queries.count, corpus: corpusCount,
                                             depth: harness.depth, systems: systems, sweep: sweepJSON, worst: worstQueries.map(queryJSON)))
        }
        if let jsonOut {
            do { try ModelFile.writeAtomically(Data((try json() + "\n").utf8), to: jsonOut) } catch let e as ModelFileError {
                throw UserError("\(jsonOut): cannot write the report: \(e)")
            }
        }
        switch format {
        case .json:
            Console.out(try json())
        case .table:
            var out = ["\(harness.queries.count) judged queries, \(corpusCount) documents, task \(task.rawValue), depth \(harness.depth); model \(loaded.path)"]
            let headers = ["system"] + shown.map(\.rawValue) + ["no terms", "seconds"]
            func row(_ r: SystemEvaluation) -> [String] {
                [r.system] + shown.map { String(format: "%.3f", r.mean[$0]!) } + [String(r.emptyQueries), String(format: "%.2f", r.seconds)]
            }
            let right = Set(1..<headers.count)
            out.append(TextTable(headers: headers, rows: results.map(row), rightAligned: right).render(width: Console.width))
            if !sweep.isEmpty {
                out.append("")
                out.append("LSA refitted at each k:")
                out.append(TextTable(headers: headers, rows: sweep.map { row($0.result) }, rightAligned: right).render(width: Console.width))
            }
            if perQuery {
                for r in results {
                    out.append("")
                    out.append("\(r.system), per query:")
                    let rows = r.perQuery.map { q in [q.queryID] + shown.map { String(format: "%.3f", q.metrics[$0]!) } + [q.firstRelevantRank.map(String.init) ?? "–"] }
                    out.append(TextTable(headers: ["query"] + shown.map(\.rawValue) + ["first"], rows: rows, rightAligned: Set(1...(shown.count + 1))).render(width: Console.width))
                }
            }
            if worst > 0 {
                out.append("")
                out.append("Worst queries of \(results[0].system) by nDCG@10:")
                let rows = worstQueries.map { q in
                    [q.queryID, q.title, String(format: "%.3f", q.metrics[.ndcg10]!), q.firstRelevantRank.map(String.init) ?? "–", q.top.joined(separator: ", ")]
                }
                out.append(TextTable(headers: ["query", "title", "ndcg@10", "first relevant", "retrieved first"], rows: rows, rightAligned: [2, 3]).render(width: Console.width))
            }
            Console.out(out.joined(separator: "\n"))
        }
    }
}
