import Foundation

/// Output formats of `rank` and `similar` (and of anything that renders a `Report`).
public enum ReportFormat: String, CaseIterable, Sendable {
    case table, json, jsonl, csv, markdown, html
}

/// Renders a report in one format. Pure: the terminal facts (width, colour) come in `style` and `width`,
/// so a terminal, a file and an HTTP response get the same text from the same report.
public enum ReportRenderer {
    /// - Parameters:
    ///   - style: colour for the table format (`.plain` everywhere but a colour terminal).
    ///   - width: columns the table format may use.
    public static func render(_ report: Report, format: ReportFormat, style: TerminalStyle = .plain, width: Int = 100) throws -> String {
        switch format {
        case .table: return TableReport(style: style, width: width).render(report)
        case .json: return try JSONReport.render(report)
        case .jsonl: return try JSONReport.renderLines(report)
        case .csv: return CSVReport.render(report)
        case .markdown: return MarkdownReport.render(report)
        case .html: return HTMLReport.render(report)
        }
    }

    /// What a front end prints, writes or sends (CLI `rank`/`similar`, the server's `/v1/rank` and
    /// `/v1/postings/{id}/similar`): the report rendered, an HTML page dated by the one rule
    /// (`ReportDate.stamp`), the text ending its last line.
    public static func page(_ report: Report, format: ReportFormat, style: TerminalStyle = .plain, width: Int = 100) throws -> String {
        var report = report
        if let day = ReportDate.stamp(html: format == .html) { report.generated = day }
        return endingWithNewline(try render(report, format: format, style: style, width: width))
    }

    /// Adds a final "\n" unless the text already ends a line (CSV lines end with "\r\n", one Character in Swift,
    /// so `hasSuffix("\n")` would miss it and add an empty row).
    public static func endingWithNewline(_ text: String) -> String { text.unicodeScalars.last == "\n" ? text : text + "\n" }
}
