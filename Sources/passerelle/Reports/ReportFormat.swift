import ArgumentParser
import Foundation
import DocumentReaders

/// Output formats of `rank` and `similar` (and of any command that renders a `Report`).
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, jsonl, csv, markdown, html
}

/// Options of the commands that print ranked matches: how many, in which format, where.
struct ReportOptions: ParsableArguments {
    @Option(name: .long, help: "Number of matches to show.")
    var top: Int = 10

    @Option(name: .long, help: "Output format: table, json, jsonl (one line per match), csv, markdown or html (a self-contained report).")
    var format: ReportFormat = .table

    @Option(name: .long, help: ArgumentHelp("Write the report to this file (atomically) instead of stdout.", valueName: "file"))
    var out: String?

    @Option(name: [.customLong("max-record-size"), .customLong("max-file-size")], help: ArgumentHelp("Largest document accepted, in bytes: a whole .txt/.md/.html/.docx/.pdf file, or one line of a JSON Lines file or one row of a CSV file (those are streamed, so the file itself may be of any size). --max-file-size is the old name.", valueName: "bytes"))
    var maxFileSize: Int = DocumentReader.defaultMaxFileSize

    @Flag(name: .customLong("ignore-language-fit"), help: "Rank by raw similarity: do not lower postings whose required languages the query does not meet (see the README, \"Language rule\").")
    var ignoreLanguageFit = false

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        guard maxFileSize >= 1 else { throw ValidationError("--max-record-size (--max-file-size) must be positive") }
        if let out, out.isEmpty { throw ValidationError("--out needs a file name") }
    }
}

/// Renders a report in one format. Pure: the terminal facts (width, colour) come in `style` and `width`.
enum ReportRenderer {
    static func render(_ report: Report, format: ReportFormat, style: TerminalStyle = .plain, width: Int = 100) throws -> String {
        switch format {
        case .table: return TableReport(style: style, width: width).render(report)
        case .json: return try JSONReport.render(report)
        case .jsonl: return try JSONReport.renderLines(report)
        case .csv: return CSVReport.render(report)
        case .markdown: return MarkdownReport.render(report)
        case .html: return HTMLReport.render(report)
        }
    }
}

/// Where a report goes: stdout (colour and width from the terminal), or a file written atomically.
enum ReportOutput {
    static func emit(_ report: Report, format: ReportFormat, out: String?) throws {
        if let out {
            // A file is never a terminal: no colour; tables take $COLUMNS or 100 columns.
            let text = try ReportRenderer.render(report, format: format, style: .plain, width: Console.width)
            try writeAtomically(endingWithNewline(text), to: out)
        } else {
            let style = TerminalStyle(environment: ProcessInfo.processInfo.environment, isTerminal: Console.stdoutIsTerminal)
            let text = try ReportRenderer.render(report, format: format, style: style, width: Console.width)
            FileHandle.standardOutput.write(Data(endingWithNewline(text).utf8))
        }
    }

    /// Adds a final "\n" unless the text already ends a line (CSV lines end with "\r\n", one Character in Swift,
    /// so `hasSuffix("\n")` would miss it and add an empty row).
    static func endingWithNewline(_ text: String) -> String { text.unicodeScalars.last == "\n" ? text : text + "\n" }

    /// Writes to a temporary file beside `path`, then renames it over `path`: a reader never sees half a report.
    static func writeAtomically(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UserError("\(path): the folder \(directory.path) does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw UserError("\(path): is a folder; give a file name to --out")
        }
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
        do {
            try Data(text.utf8).write(to: temporary)
        } catch {
            throw UserError("\(path): cannot write (\(error.localizedDescription))")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw UserError("\(path): cannot replace the file (\(reason))")
        }
    }
}
