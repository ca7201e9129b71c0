import ArgumentParser
import Foundation
import PasserelleApp
import TextAnalysis
import Competencies
import Passerelle

struct CompetenciesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "competencies",
        abstract: "List the competencies and language statements a document shows, with evidence.",
        discussion: HelpExamples.discussion("Offsets count Unicode scalars (code points) in the document's text, end exclusive.", command: "competencies")
    )

    @Argument(help: ArgumentHelp("A CV or a posting.", valueName: "file"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("Competency taxonomy (default: the project's Data/competencies.tsv, else the installed one).", valueName: "file"))
    var taxonomy: String?

    @Option(name: .long, help: "Output format: table or json.")
    var format: OutputFormat = .table

    @Flag(name: .long, help: "Read the document as a posting: only what it asks of the person counts (missions, profile, qualifications), not the employer's presentation, the team's name or the perks, as `rank` explains a posting.")
    var posting = false

    @OptionGroup var recordSize: RecordSizeOptions

    struct LanguageJSON: Encodable { var code: String; var confidence: Double }
    /// `requirement` (with --posting only): "required", or "desirable" for what the posting only welcomes.
    struct CompetencyJSON: Encodable { var id: String; var label: String; var weight: Double; var requirement: String?; var evidence: [EvidenceJSON] }
    struct StatementJSON: Encodable { var language: String; var level: String; var requirement: String?; var quote: String; var start: Int; var end: Int }
    struct ResultJSON: Encodable { var language: LanguageJSON; var competencies: [CompetencyJSON]; var languages: [StatementJSON] }

    func run() throws {
        try reportingErrors {
            let document = try QueryDocument.read(file, maxFileSize: recordSize.maxFileSize, notice: Console.notice)
            let taxonomy: Taxonomy
            if let path = self.taxonomy {
                taxonomy = try Taxonomy.load(path: path)
            } else {
                let builtin = try BuiltinResources.locate(home: try? ProjectHome.locate())
                guard let found = builtin.location(of: EngineSetup.taxonomyResource) else {
                    throw UserError("no competency taxonomy: no project Data/competencies.tsv, no installed share/\(BuiltinResources.shareFolderName)/competencies.tsv; pass --taxonomy FILE")
                }
                taxonomy = try Taxonomy.load(path: found.url.path)
            }
            let detector = CompetencyDetector(taxonomy: taxonomy, analyzer: FrenchEnglishAnalyzer(phrases: false))
            let profile = TextProfile(text: document.text, detector: detector, isPosting: posting)
            let guess = LanguageIdentifier.identify(document.text)
            let result = ResultJSON(
                language: LanguageJSON(code: guess.language.rawValue, confidence: (guess.confidence * 100).rounded() / 100),
                competencies: profile.competencies.competencies.map {
                    CompetencyJSON(id: $0.id, label: taxonomy.label(id: $0.id, language: profile.displayLanguage),
                                   weight: ($0.weight * 1000).rounded() / 1000, requirement: posting ? ($0.desirable ? "desirable" : "required") : nil,
                                   evidence: $0.evidence.map(EvidenceJSON.init))
                },
                languages: profile.competencies.languages.map {
                    StatementJSON(language: $0.language, level: $0.levelStated ? $0.level.name : "unspecified", requirement: posting ? ($0.desirable ? "desirable" : "required") : nil,
                                  quote: $0.evidence.quote, start: $0.evidence.start, end: $0.evidence.end)
                })
            switch format {
            case .json: Console.out(try encodeJSON(result))
            case .table:
                var lines = ["language: \(result.language.code) (confidence \(result.language.confidence))", ""]
                let scalars = Array(document.text.unicodeScalars)
                func span(_ e: EvidenceJSON) -> String { slice(scalars, e.start, e.end) }
                // A posting: required ones first, then the desirable ones, each with its column.
                let ordered = result.competencies.enumerated().sorted { ($0.element.requirement == "desirable" ? 1 : 0, $0.offset) < ($1.element.requirement == "desirable" ? 1 : 0, $1.offset) }.map(\.element)
                let rows = ordered.map { c in
                    [c.label, String(format: "%.2f", c.weight), String(c.evidence.count)] + (posting ? [c.requirement ?? ""] : [])
                        + [c.evidence.prefix(3).map(span).joined(separator: " · ")]
                }
                let headers = ["competency", "weight", "hits"] + (posting ? ["requirement"] : []) + ["as written"]
                lines.append(TextTable(headers: headers, rows: rows, rightAligned: [1, 2]).render(width: Console.width))
                if !result.languages.isEmpty {
                    lines.append("")
                    for l in result.languages { lines.append("\(l.language): \(l.level)\(l.requirement.map { " (\($0))" } ?? "") — « \(l.quote) »") }
                }
                Console.out(lines.joined(separator: "\n"))
            }
        }
    }
}
