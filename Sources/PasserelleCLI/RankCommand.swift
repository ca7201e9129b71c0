import ArgumentParser
import Foundation
import PasserelleApp
import Passerelle

struct RankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Rank the postings for a CV, with the reasons.",
        discussion: "The CV is read, analyzed and folded into the model's latent space; it is never stored."
    )

    @Option(name: .customLong("cv"), help: ArgumentHelp("The CV: .txt, .md, .html, .docx, .pdf, or a one-document .jsonl/.csv (one CV; `batch` takes many).", valueName: "file"))
    var cvs: [String] = []
    var cv: String { cvs[0] }

    @OptionGroup var modelOption: ModelOption
    @OptionGroup var options: ReportOptions

    func validate() throws {
        guard !cvs.isEmpty else { throw ValidationError("give the CV with --cv FILE") }
        // ArgumentParser would keep the last of several --cv silently.
        guard cvs.count == 1 else { throw ValidationError("rank takes one CV (--cv given \(cvs.count) times); `passerelle batch --candidates FOLDER` ranks many") }
    }

    func run() throws {
        try reportingErrors {
            let document = try readSingleDocument(cv, maxFileSize: options.maxFileSize)
            let loaded = try modelOption.load()
            let matcher = Matcher(model: loaded.model, featurizer: loaded.featurizer)
            let fetch = options.ignoreLanguageFit ? options.top : LanguageFitRanking.window(top: options.top, postingCount: loaded.model.postingCount)
            let (query, candidates) = try matcher.rank(text: document.text, name: cv, top: fetch, filter: options.filters.filter)
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
