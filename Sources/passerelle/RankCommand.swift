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
            try printMatches(matches, query: query, queryText: document.text, queryIsCV: true, queryJSON: queryJSON,
                             matcher: matcher, loaded: loaded, format: options.format)
        }
    }
}

/// Prints ranked matches as a table or JSON, each with its explanation.
/// `query` (when the query is a text) gives the term contributions.
func printMatches(_ matches: [Match], query: FoldedQuery?, queryText: String, queryIsCV: Bool, queryJSON: QueryJSON,
                  matcher: Matcher, loaded: ModelProvider.Loaded, format: OutputFormat) throws {
    let explainer = MatchExplainer(loaded: loaded, matcher: matcher, queryText: queryText, queryIsCV: queryIsCV)
    let explained = matches.map { ($0, explainer.explain($0, query: query)) }
    switch format {
    case .json:
        let rows = explained.map { explainer.json($0.0, $0.1) }
        Console.out(try encodeJSON(ResultJSON(query: queryJSON, model: ModelJSON(loaded), matches: rows)))
    case .table:
        var lines = [String]()
        let width = Console.width
        for (m, e) in explained {
            let head = TextTable(headers: ["#", "score", "title", "id"], rows: [[String(m.rank), String(format: "%.3f", m.score), m.title, m.id]],
                                 rightAligned: [0, 1]).render(width: width).split(separator: "\n")[2]
            lines.append(String(head))
            for b in explainer.brief(e) { lines.append("      " + truncate(b, to: width - 6)) }
        }
        Console.out(lines.joined(separator: "\n"))
    }
}

func truncate(_ s: String, to width: Int) -> String { s.count <= width ? s : String(s.prefix(max(1, width - 1))) + "…" }
