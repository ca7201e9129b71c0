import ArgumentParser
import Foundation
import PasserelleApp
import TextAnalysis
import Passerelle

struct SimilarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "Find the postings most similar to a posting of the model (by id) or to a posting file.",
        discussion: HelpExamples.discussion("", command: "similar")
    )

    @Argument(help: ArgumentHelp("A posting id from the model, or a file holding a posting.", valueName: "posting-id|file"))
    var posting: String

    @OptionGroup var modelOption: ModelOption
    @OptionGroup var options: ReportOptions

    func run() throws {
        try reportingErrors {
            let service = MatchService(loaded: try modelOption.load())
            let loaded = service.loaded
            let result: ReportQuery
            if loaded.model.postingIndex(id: posting) != nil {
                result = try service.similar(postingID: posting, options: options.query)
            } else if FileManager.default.fileExists(atPath: posting) {
                let document = try QueryDocument.read(posting, maxFileSize: options.maxFileSize, notice: Console.notice)
                result = try service.similar(posting: document, file: posting, options: options.query)
            } else {
                let nearest = Spelling.nearest(to: posting, among: loaded.model.postings.ids)
                let hint = nearest.isEmpty ? "" : "; did you mean " + nearest.map { "'\($0)'" }.joined(separator: " or ") + "?"
                throw UserError("'\(posting)' is neither a posting id of \(loaded.path) nor a file\(hint) (`passerelle info --ids` lists the ids)")
            }
            let report = try service.report(command: "similar", queries: [result])
            try ReportOutput.emit(report, format: options.format, out: options.out,
                                  inputs: [(posting, "the posting file"), (loaded.path, "the model")])
        }
    }
}
