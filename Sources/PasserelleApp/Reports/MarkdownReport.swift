import Foundation
import Passerelle
import Competencies
import DocumentReaders

/// `markdown` (CommonMark + GitHub tables): per query a summary table (one row per match), then each
/// match's reasons with the quotes. All text from documents is escaped: `|` cannot split a cell,
/// `*`, `_`, `` ` ``, `[`, `]`, `<`, `>`, `#` and `\` show as written, line breaks become spaces, and
/// control characters (ANSI escapes, NUL) show as visible pictures (`TerminalText`).
enum MarkdownReport {
    static func render(_ report: Report) -> String {
        var out = [String]()
        let title = report.queries.count == 1 ? "\(report.command): \(report.queries[0].label)" : "\(report.command): \(report.queries.count) queries"
        out.append("# Passerelle — \(escape(title))")
        out.append("")
        out.append("Model: \(report.model.postings) postings, \(report.model.dimensions) dimensions, "
                   + "\(report.model.vocabulary) terms, analyzer \(escape(report.model.analyzer)).")
        for q in report.queries {
            out.append("")
            out.append("## \(escape(q.label)) (\(escape(q.id)))")
            out.append("")
            if let warning = q.json.warning { out.append("> **Warning:** \(escape(warning))"); out.append("") }
            if q.matches.isEmpty { out.append("No match."); continue }
            out.append("| # | score | fit | posting | id | shared competencies | missing competencies | language fit |")
            out.append("|--:|--:|---|---|---|---|---|---|")
            for row in q.matches {
                let e = row.explanation
                let cells = [String(row.match.rank), String(format: "%.3f", row.match.score), row.fitWord, escape(row.match.title), escape(row.match.id),
                             list(e.shared.map(\.label)), list(e.missing.map(\.label)),
                             list(e.languages.map { "\($0.language) \($0.word(queryIsCV: q.isCV))" })]
                out.append("| " + cells.joined(separator: " | ") + " |")
            }
            for row in q.matches { out += details(row, query: q) }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func details(_ row: ReportMatch, query: ReportQuery) -> [String] {
        let e = row.explanation
        let source = query.isCV ? "CV" : "query"
        var out = ["", "### \(row.match.rank). \(escape(row.match.title)) — \(String(format: "%.3f", row.match.score)) (\(row.fitWord))", ""]
        if let place = row.place { out += ["*\(escape(place))*", ""] }
        if row.languageFactor < 1 {
            out.append(String(format: "- **Language rule:** score = similarity %.3f × %.2f (a required language is not met)", row.similarity, row.languageFactor))
        }
        if e.shared.isEmpty { out.append("- **Shared competencies:** none") } else {
            out.append("- **Shared competencies:**")
            for s in e.shared {
                out.append("  - **\(escape(s.label))** — \(source): “\(highlighted(s.queryEvidence))” · posting: “\(highlighted(s.postingEvidence))”")
            }
        }
        if e.missing.isEmpty { out.append("- **Missing competencies:** none") } else {
            out.append("- **Missing competencies:**")
            for m in e.missing { out.append("  - **\(escape(m.label))** — posting: “\(highlighted(m.postingEvidence))”") }
            if let n = row.json.competencies?.missingNotShown, n > 0 { out.append("  - +\(n) more, less important (`--all` shows them)") }
        }
        let languages = e.languages.map { CSVReport.languageFit($0, queryIsCV: query.isCV) }
        out.append("- **Language fit:** " + (languages.isEmpty ? "no requirement found" : escape(languages.joined(separator: "; "))))
        let terms = e.terms.filter { $0.contribution > 0 }.prefix(8).map { "\(escape(query.written($0.term))) (+\(String(format: "%.3f", $0.contribution)))" }
        out.append("- **Top terms:** " + (terms.isEmpty ? "—" : terms.joined(separator: ", ")))
        return out
    }

    /// The quote, escaped, with the matched words in bold.
    static func highlighted(_ e: Evidence) -> String {
        let p = e.quoteParts
        return p.match.isEmpty ? escape(e.quote) : escape(p.before) + "**" + escape(p.match) + "**" + escape(p.after)
    }

    static func list(_ items: [String]) -> String { items.isEmpty ? "—" : items.map(escape).joined(separator: "; ") }

    /// Escapes text for a Markdown paragraph or table cell, after `TerminalText.sanitized` (control
    /// characters made visible, line breaks and tabs as spaces): a Markdown report is also read in a terminal.
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in TerminalText.sanitized(s) {
            switch ch {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "#", "|", "!": out += "\\" + String(ch)
            case "\n", "\r", "\r\n", "\t": out += " "
            default: out.append(ch)
            }
        }
        return out
    }
}
