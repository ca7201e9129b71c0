import ArgumentParser
import Foundation
import PasserelleApp
import TextAnalysis
import Passerelle

struct SimilarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "Find the postings most similar to a posting of the model (by id) or to a posting file."
    )

    @Argument(help: ArgumentHelp("A posting id from the model, or a file holding a posting.", valueName: "posting-id|file"))
    var posting: String

    @OptionGroup var modelOption: ModelOption
    @OptionGroup var options: ReportOptions

    func run() throws {
        try reportingErrors {
            let loaded = try modelOption.load()
            let matcher = Matcher(model: loaded.model, featurizer: loaded.featurizer)
            let result: ReportQuery
            let fetch = options.ignoreLanguageFit ? options.top : LanguageFitRanking.window(top: options.top, postingCount: loaded.model.postingCount)
            if let j = loaded.model.postingIndex(id: posting) {
                // A posting of the model: its own vector is the query; with its text stored, terms explain the scores.
                let text = loaded.model.postings.text(at: j)
                let query = text.flatMap { try? matcher.fold($0, name: posting) }
                let candidates = try matcher.similar(toPostingID: posting, top: fetch, filter: options.filters.filter)
                let title = loaded.model.postings.title(at: j)
                let queryJSON = QueryJSON(file: nil, id: posting, title: title, terms: nil, knownTerms: nil)
                let explainer = MatchExplainer(loaded: loaded, matcher: matcher, queryText: text ?? "", queryIsCV: false,
                                               postingProfiles: PostingProfileCache(loaded: loaded))
                let matches = explainer.ranked(candidates, top: options.top, ignoreLanguageFit: options.ignoreLanguageFit)
                result = explainer.reportQuery(id: posting, label: title.isEmpty ? posting : title, json: queryJSON, matches: matches,
                                               query: query, vector: loaded.model.postingVectors.column(j), postingIndex: j)
            } else if FileManager.default.fileExists(atPath: posting) {
                let document = try readSingleDocument(posting, maxFileSize: options.maxFileSize)
                let (query, candidates) = try matcher.rank(text: document.text, name: posting, top: fetch, filter: options.filters.filter)
                let queryJSON = QueryJSON(file: posting, id: document.id, title: document.title, terms: query.coverage.total,
                                          knownTerms: query.coverage.total - query.coverage.unseen)
                let explainer = MatchExplainer(loaded: loaded, matcher: matcher, queryText: document.text, queryIsCV: false,
                                               postingProfiles: PostingProfileCache(loaded: loaded))
                let matches = explainer.ranked(candidates, top: options.top, ignoreLanguageFit: options.ignoreLanguageFit)
                result = explainer.reportQuery(id: document.id, label: document.title.isEmpty ? posting : document.title, json: queryJSON,
                                               matches: matches, query: query, vector: query.unit)
            } else {
                let nearest = Spelling.nearest(to: posting, among: loaded.model.postings.ids)
                let hint = nearest.isEmpty ? "" : "; did you mean " + nearest.map { "'\($0)'" }.joined(separator: " or ") + "?"
                throw UserError("'\(posting)' is neither a posting id of \(loaded.path) nor a file\(hint) (`passerelle info --ids` lists the ids)")
            }
            let report = try Report.build(command: "similar", loaded: loaded, queries: [result], needsMap: options.format == .html)
            try ReportOutput.emit(report, format: options.format, out: options.out)
        }
    }
}
