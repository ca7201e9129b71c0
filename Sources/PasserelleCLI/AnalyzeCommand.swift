import ArgumentParser
import Foundation
import PasserelleApp
import TextAnalysis
import Passerelle

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Show how a text is analyzed: detected language and terms with their offsets.",
        discussion: HelpExamples.discussion("Offsets count Unicode scalars (code points) in the file's text, end exclusive.", command: "analyze")
    )

    @Argument(help: ArgumentHelp("A text file.", valueName: "file"))
    var file: String

    @Option(name: .long, help: "Analyzer: fr-en (default: fr-en-v1), fr-en-v1, fr-en-v2 (also folds the feminine forms a word list settles: livreuse, hôtesse) or plain.")
    var analyzer: String = "fr-en"

    @Option(name: .long, help: "Output format: table or json.")
    var format: OutputFormat = .table

    @OptionGroup var recordSize: RecordSizeOptions

    struct LanguageJSON: Encodable { var code: String; var confidence: Double }
    struct AnalysisJSON: Encodable { var analyzer: String; var language: LanguageJSON; var terms: [Token] }

    func run() throws {
        try reportingErrors {
            guard let identifier = AnalyzerCatalog.names[analyzer] else {
                throw UserError("unknown analyzer '\(analyzer)' (known: \(AnalyzerCatalog.names.keys.sorted().joined(separator: ", ")))")
            }
            let document = try QueryDocument.read(file, maxFileSize: recordSize.maxFileSize, notice: Console.notice)
            let tokens = try AnalyzerCatalog.analyzer(identifier: identifier).analyze(document.text)
            let guess = LanguageIdentifier.identify(document.text)
            let language = LanguageJSON(code: guess.language.rawValue, confidence: (guess.confidence * 100).rounded() / 100)
            switch format {
            case .json: Console.out(try encodeJSON(AnalysisJSON(analyzer: identifier, language: language, terms: tokens)))
            case .table:
                let scalars = Array(document.text.unicodeScalars)
                let rows = tokens.map { t in [t.term, "\(t.start)", "\(t.end)", slice(scalars, t.start, t.end)] }
                Console.out("analyzer: \(identifier)")
                Console.out("language: \(language.code) (confidence \(language.confidence))")
                Console.out(TextTable(headers: ["term", "start", "end", "text"], rows: rows, rightAligned: [1, 2]).render(width: Console.width))
            }
        }
    }
}
