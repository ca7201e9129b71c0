import ArgumentParser
import Foundation
import PasserelleApp
import Passerelle

struct RankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Rank the postings for a CV, with the reasons.",
        discussion: HelpExamples.discussion("The CV is read, analyzed and folded into the model's latent space; it is never stored.", command: "rank")
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
            let document = try QueryDocument.read(cv, maxFileSize: options.maxFileSize, notice: Console.notice)
            let service = MatchService(loaded: try modelOption.load())
            let result = try service.rank(cv: document, file: cv, options: options.query)
            let report = try service.report(command: "rank", queries: [result])
            try ReportOutput.emit(report, format: options.format, out: options.out,
                                  inputs: [(cv, "the CV"), (service.loaded.path, "the model")])
        }
    }
}
