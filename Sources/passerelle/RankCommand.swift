import ArgumentParser
import Foundation
import Passerelle

struct RankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Rank the postings for a CV, with the reasons.",
        discussion: "The CV is read, analyzed and folded into the model's latent space; it is never stored."
    )

    @Option(name: .long, help: ArgumentHelp("The CV: .txt, .md, .html, .docx, .pdf, or a one-document .jsonl/.csv.", valueName: "file"))
    var cv: String

    @OptionGroup var modelOption: ModelOption
    @OptionGroup var options: ReportOptions

    func run() throws {
        try reportingErrors {
            let document = try readSingleDocument(cv, maxFileSize: options.maxFileSize)
            let loaded = try ModelProvider.load(path: modelOption.model)
            let matcher = Matcher(model: loaded.model, featurizer: loaded.featurizer)
            let fetch = options.ignoreLanguageFit ? options.top : LanguageFitRanking.window(top: options.top, postingCount: loaded.model.postingCount)
            let (query, candidates) = try matcher.rank(text: document.text, name: cv, top: fetch)
            let queryJSON = QueryJSON(file: cv, id: nil, title: nil, terms: query.coverage.total,
                                      knownTerms: query.coverage.total - query.coverage.unseen)
            let explainer = MatchExplainer(loaded: loaded, matcher: matcher, queryText: document.text, queryIsCV: true,
                                           postingProfiles: PostingProfileCache(loaded: loaded))
            let matches = explainer.ranked(candidates, top: options.top, ignoreLanguageFit: options.ignoreLanguageFit)
            let result = explainer.reportQuery(id: document.id, label: document.title.isEmpty ? cv : document.title, json: queryJSON,
                                               matches: matches, query: query, vector: query.unit)
            let report = try Report.build(command: "rank", loaded: loaded, queries: [result], needsMap: options.format == .html)
            try ReportOutput.emit(report, format: options.format, out: options.out)
        }
    }
}
