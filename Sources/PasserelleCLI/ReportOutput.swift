import ArgumentParser
import Foundation
import PasserelleApp
import TextAnalysis
import DocumentReaders
import Passerelle
import PasserelleCore

extension ReportFormat: ExpressibleByArgument {}

enum ReportLanguage: String, ExpressibleByArgument, CaseIterable { case fr, en }

/// Options of the commands that print ranked matches: how many, in which format, where.
struct ReportOptions: ParsableArguments {
    @Option(name: .customLong("top"), help: "Number of matches to show (\(OptionLimits.text(QueryOptions.topRange)); default 10, 5 with --format html: a handout of two printed pages at most).")
    var topOption: Int?
    var top: Int { topOption ?? (format == .html ? 5 : 10) }

    @Option(name: .long, help: "Language of the report and its explanations: fr or en (default: the query's own language).")
    var lang: ReportLanguage?

    @Flag(name: .long, help: "html: show the technical details (scores, figures, quotes, terms, the model) open instead of behind a collapsed \"Détails\".")
    var details = false

    @Option(name: .long, help: "Output format: table, json, jsonl (one line per match), csv, markdown or html (a self-contained report).")
    var format: ReportFormat = .table

    @Option(name: .long, help: ArgumentHelp("Write the report to this file (atomically) instead of stdout.", valueName: "file"))
    var out: String?

    @OptionGroup var recordSize: RecordSizeOptions
    var maxFileSize: Int { recordSize.maxFileSize }

    @OptionGroup var filters: FilterOptions

    @Flag(name: .customLong("ignore-language-fit"), help: "Rank by raw similarity: do not lower postings whose required languages the CV does not meet (docs/EXPLANATIONS.md, \"Language rule\"; `similar` never lowers them: a posting's requirements are not a person's levels).")
    var ignoreLanguageFit = false

    @Flag(name: .customLong("all"), help: "Show every missing competency of each match (by default the \(MissingList.shownByDefault) most important).")
    var allMissing = false

    /// The query these options ask for.
    var query: QueryOptions {
        QueryOptions(top: top, filter: filters.filter, ignoreLanguageFit: ignoreLanguageFit, language: lang.map { $0 == .en ? .en : .fr },
                     allMissing: allMissing)
    }

    func validate() throws {
        if let topOption { try OptionLimits.check(topOption, in: QueryOptions.topRange, "--top") }
        if let out, out.isEmpty { throw ValidationError("--out needs a file name") }
    }
}

/// Where a report goes: stdout (colour and width from the terminal), or a file written atomically.
enum ReportOutput {
    /// - Parameter inputs: the files the command read, with what they are ("the model", "the CV"): `out`
    ///   may be none of them (`OutputGuard`).
    static func emit(_ report: Report, format: ReportFormat, out: String?, details: Bool = false, inputs: [(path: String, role: String)]) throws {
        var report = report
        report.detailsOpen = details
        if let out {
            try OutputGuard.check(output: out, inputs: inputs)
            // A file is never a terminal: no colour; tables take $COLUMNS or 100 columns.
            try writeAtomically(try ReportRenderer.page(report, format: format, style: .plain, width: Console.width), to: out)
        } else {
            let style = TerminalStyle(environment: ProcessInfo.processInfo.environment, isTerminal: Console.stdoutIsTerminal)
            Console.write(try ReportRenderer.page(report, format: format, style: style, width: Console.width))
        }
    }

    /// Writes through the one atomic writer (`AtomicFile`): a reader never sees half a report, a device or a
    /// folder given to --out is refused, a symbolic link keeps pointing to the new report. The folder must
    /// exist (a typo in it is an error, not a new tree of folders).
    static func writeAtomically(_ text: String, to path: String) throws {
        do { try AtomicFile.write(Data(text.utf8), to: path) } catch let error as FileWriteError { throw UserError(error.description, french: error.frenchMessage) }
    }
}
extension BatchFormat: ExpressibleByArgument {}
