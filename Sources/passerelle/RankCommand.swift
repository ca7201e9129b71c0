import ArgumentParser
import Foundation
import Passerelle

struct RankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Rank the postings for a CV, with the reasons.",
        discussion: "The CV is read, analyzed and folded into the model's latent space; it is never stored."
    )

    @Option(name: .long, help: ArgumentHelp("The CV (.txt, .md, or a one-line .jsonl).", valueName: "file"))
    var cv: String

    @OptionGroup var modelOption: ModelOption
    @OptionGroup var options: ResultOptions

    func run() throws {
        try reportingErrors {
            let document = try readSingleDocument(cv, maxFileSize: options.maxFileSize)
            let loaded = try ModelProvider.load(path: modelOption.model)
            let matcher = Matcher(model: loaded.model, featurizer: loaded.featurizer)
            let (query, matches) = try matcher.rank(text: document.text, name: cv, top: options.top)
            let queryJSON = QueryJSON(file: cv, id: nil, title: nil, terms: query.coverage.total,
                                      knownTerms: query.coverage.total - query.coverage.unseen)
            try printMatches(matches, query: query, queryJSON: queryJSON, matcher: matcher, loaded: loaded, format: options.format)
        }
    }
}

/// Prints ranked matches as a table or JSON; `query` (when the query is a text) gives term contributions.
func printMatches(_ matches: [Match], query: FoldedQuery?, queryJSON: QueryJSON, matcher: Matcher,
                  loaded: ModelProvider.Loaded, format: OutputFormat) throws {
    switch format {
    case .json:
        let rows = matches.map { m in
            MatchJSON(rank: m.rank, id: m.id, title: m.title, score: rounded(m.score),
                      terms: query.map { q in matcher.contributions(of: q, postingIndex: m.index).map { TermJSON(term: $0.term, contribution: rounded($0.contribution)) } })
        }
        Console.out(try encodeJSON(ResultJSON(query: queryJSON, model: ModelJSON(loaded), matches: rows)))
    case .table:
        let rows = matches.map { m -> [String] in
            let terms = query.map { q in matcher.contributions(of: q, postingIndex: m.index, top: 3).map(\.term).joined(separator: ", ") } ?? ""
            return [String(m.rank), String(format: "%.3f", m.score), m.id, m.title, terms]
        }
        var table = TextTable(headers: ["#", "score", "id", "title", "terms"], rows: rows, rightAligned: [0, 1])
        if query == nil { table = TextTable(headers: ["#", "score", "id", "title"], rows: rows.map { Array($0.prefix(4)) }, rightAligned: [0, 1]) }
        Console.out(table.render())
    }
}
