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

    @Argument(help: ArgumentHelp("A posting id from the model, or a file holding a posting (- reads it from standard input).", valueName: "posting-id|file"))
    var posting: String?

    @Option(name: .long, help: ArgumentHelp("A posting's text, instead of an id or a file.", valueName: "text"))
    var text: String?

    func validate() throws {
        guard (posting == nil) != (text == nil) else { throw ValidationError(text == nil ? "give a posting id, a file, - (standard input) or --text TEXT" : "give a posting id or file, or --text TEXT, not both") }
    }

    @OptionGroup var modelOption: ModelOption
    @OptionGroup var options: ReportOptions

    func run() throws {
        Console.languageOverride = options.lang.map { $0 == .fr }
        try reportingErrors {
            // One query: the term index stays in the file, its rows read as the query needs them (a posting
            // of the model as the query reads it whole).
            let service = MatchService(loaded: try modelOption.load(termIndex: .onDemand))
            let loaded = service.loaded
            let result: ReportQuery
            if text != nil || posting == "-" {
                let (document, file) = try QueryInput.read(file: posting, text: text, maxFileSize: options.maxFileSize)
                result = try service.similar(posting: document, file: file, options: options.query)
            } else if let posting, loaded.model.postingIndex(id: posting) != nil {
                result = try service.similar(postingID: posting, options: options.query)
            } else if let posting, FileManager.default.fileExists(atPath: posting) {
                let document = try QueryDocument.read(posting, maxFileSize: options.maxFileSize, notice: Console.notice)
                result = try service.similar(posting: document, file: posting, options: options.query)
            } else {
                let posting = posting ?? ""
                let nearest = Spelling.nearest(to: posting, among: loaded.model.postings.ids)
                let hint = nearest.isEmpty ? "" : "; did you mean " + nearest.map { "'\($0)'" }.joined(separator: " or ") + "?"
                let frenchHint = nearest.isEmpty ? "" : " ; vouliez-vous dire " + nearest.map { "'\($0)'" }.joined(separator: " ou ") + " ?"
                throw UserError("'\(posting)' is neither a posting id of \(loaded.path) nor a file\(hint) (`passerelle info --ids` lists the ids)",
                                french: "'\(posting)' n'est ni un identifiant d'offre de \(loaded.path) ni un fichier\(frenchHint) (`passerelle info --ids` liste les identifiants)")
            }
            let report = try service.report(command: "similar", queries: [result])
            try ReportOutput.emit(report, format: options.format, out: options.out, details: options.details,
                                  inputs: (posting.map { [($0, "the posting file")] } ?? []) + [(loaded.path, "the model")])
        }
    }
}
