import ArgumentParser
import Foundation
import PasserelleApp
import Passerelle
import PasserelleCore

struct RankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Rank the postings for a CV, with the reasons.",
        discussion: HelpExamples.discussion("The CV is read, analyzed and folded into the model's latent space; it is never stored.", command: "rank")
    )

    @Option(name: .customLong("cv"), help: ArgumentHelp("The CV: .txt, .md, .html, .docx, .pdf, or a one-document .jsonl/.csv (one CV; `batch` takes many); - reads it from standard input.", valueName: "file"))
    var cvs: [String] = []
    var cv: String { cvs[0] }

    @Option(name: .long, help: ArgumentHelp("The CV or a few words of skills as text, instead of --cv.", valueName: "text"))
    var text: String?

    @OptionGroup var modelOption: ModelOption
    @OptionGroup var options: ReportOptions

    func validate() throws {
        if text != nil {
            guard cvs.isEmpty else { throw ValidationError("give the CV with --cv FILE or --text TEXT, not both") }
            return
        }
        guard !cvs.isEmpty else { throw ValidationError("give the CV with --cv FILE (--cv - reads standard input) or --text TEXT") }
        // ArgumentParser would keep the last of several --cv silently.
        guard cvs.count == 1 else { throw ValidationError("rank takes one CV (--cv given \(cvs.count) times); `passerelle batch --candidates FOLDER` ranks many") }
    }

    func run() throws {
        Console.languageOverride = options.lang.map { $0 == .fr }
        try reportingErrors {
            let (document, file) = try QueryInput.read(file: cvs.first, text: text, maxFileSize: options.maxFileSize)
            // One query: the term index stays in the file, its rows read as the query needs them.
            let service = MatchService(loaded: try modelOption.load(termIndex: .onDemand))
            let result = try service.rank(cv: document, file: file, options: options.query)
            let report = try service.report(command: "rank", queries: [result])
            try ReportOutput.emit(report, format: options.format, out: options.out, details: options.details,
                                  inputs: cvs.map { ($0, "the CV") } + [(service.loaded.path, "the model")])
        }
    }
}

/// The query of `rank` and `similar`: a file, standard input (`-`), or `--text`.
enum QueryInput {
    /// The document and the name the report gives its file (nil for a text).
    static func read(file: String?, text: String?, maxFileSize: Int) throws -> (Document, String?) {
        if let text { return (try QueryDocument.text(text), nil) }
        guard let file else { throw UserError("no query given", french: "aucune requête donnée") }
        if file == "-" {
            if isatty(STDIN_FILENO) != 0 { Console.info("passerelle: reading the text from the terminal; end it with Ctrl-D") }
            let data = FileHandle.standardInput.readData(upToCount: maxFileSize + 1)
            return (try QueryDocument.read(standardInput: data, maxFileSize: maxFileSize, notice: Console.notice), nil)
        }
        return (try QueryDocument.read(file, maxFileSize: maxFileSize, notice: Console.notice), file)
    }
}

extension FileHandle {
    /// Up to `count` bytes, read until the end or the count (a pipe delivers in pieces).
    func readData(upToCount count: Int) -> Data {
        var data = Data()
        while data.count < count {
            guard let piece = try? read(upToCount: min(1 << 20, count - data.count)), !piece.isEmpty else { break }
            data.append(piece)
        }
        return data
    }
}
