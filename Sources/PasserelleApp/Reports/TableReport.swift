import Foundation
import DocumentReaders
import Passerelle

/// The terminal view: per match one aligned line (rank, score, title, id), then the reasons — shared
/// competencies, missing ones, language fit and the terms that carry the score (top three of each) —
/// word-wrapped to `width` with a hanging indent. Columns line up across the matches of a query; the
/// title alone is shortened with "…" when the line would not fit: ids are never cut (they are pasted into
/// `similar`). A header row names the columns. Several queries (batch) each get a
/// heading line. Every text from a document (ids, titles, labels, terms) goes through `TerminalText.sanitized`
/// first: an escape sequence in a posting title must not drive the user's terminal, nor a line break split a row.
struct TableReport {
    var style: TerminalStyle
    /// Columns available (the terminal's width, $COLUMNS, or 100).
    var width: Int

    /// Indentation of the reason lines under each match.
    static let indent = 6

    func render(_ report: Report) -> String {
        var lines = [String]()
        for (i, query) in report.queries.enumerated() {
            if report.queries.count > 1 {
                if i > 0 { lines.append("") }
                lines.append(style.bold(truncate(TerminalText.sanitized("\(query.id) — \(query.label)"), to: width)))
            }
            if let warning = query.json.warning {
                lines += wrap(label: "warning:", warning.split(separator: " ").map { (String($0), style.missing(String($0))) }).map { String($0.dropFirst(Self.indent)) }
            }
            if query.matches.isEmpty { lines.append(style.dim("(no match)")); continue }
            lines += render(query)
        }
        return lines.joined(separator: "\n")
    }

    func render(_ query: ReportQuery) -> [String] {
        let query = query.sanitizedForTerminal
        let rankWidth = query.matches.map { String($0.match.rank).count }.max() ?? 1
        let scoreWidth = 5
        // Ids are printed whole, whatever the width (they are pasted into `similar`); the title takes what is
        // left. When the id would leave the title fewer than 8 columns, it goes on a line of its own below.
        let idWidth = max(2, query.matches.map(\.match.id.count).max() ?? 0)
        let labelWidth = query.matches.map(\.fitWord.count).max().map { max(8, $0) } ?? 8
        let fixed = rankWidth + scoreWidth + labelWidth + 6
        let idBelow = width - fixed - idWidth - 2 < 8
        let room = idBelow ? width - fixed : width - fixed - idWidth - 2
        let titleWidth = max(8, min(max(5, query.matches.map(\.match.title.count).max() ?? 0), room))
        func padded(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        let head = [String(repeating: " ", count: rankWidth - 1) + "#", padded("score", scoreWidth), padded("fit", labelWidth)]
        var lines = [style.dim((head + (idBelow ? ["title / id"] : [padded("title", titleWidth), "id"])).joined(separator: "  "))]
        for row in query.matches {
            let m = row.match
            let rank = String(repeating: " ", count: rankWidth - String(m.rank).count) + String(m.rank)
            let score = String(format: "%.3f", m.score)
            let title = truncate(m.title, to: titleWidth)
            let label = row.fitWord + String(repeating: " ", count: max(0, labelWidth - row.fitWord.count))
            if idBelow {
                lines.append([rank, style.score(score, fit: row.fit), style.score(label, fit: row.fit), style.bold(title)].joined(separator: "  "))
                lines.append(String(repeating: " ", count: Self.indent) + m.id)
            } else {
                lines.append([rank, style.score(score, fit: row.fit), style.score(label, fit: row.fit),
                              style.bold(title) + String(repeating: " ", count: titleWidth - title.count),
                              m.id].joined(separator: "  "))
            }
            lines += reasons(row, query: query)
        }
        return lines
    }

    /// Shared, missing, then languages and terms: three wrapped paragraphs.
    func reasons(_ row: ReportMatch, query: ReportQuery) -> [String] {
        let e = row.explanation
        func list(_ items: [(String, String)]) -> [(String, String)] {
            if items.isEmpty { return [("—", style.dim("—"))] }
            var out = items.prefix(3).enumerated().map { i, item in
                i < min(items.count, 3) - 1 ? (item.0 + ",", item.1 + ",") : item
            }
            if items.count > 3 { out.append(("(+\(items.count - 3))", style.dim("(+\(items.count - 3))"))) }
            return out
        }
        let shared = list(e.shared.map { ($0.label, style.competency($0.label)) })
        var missing = list(e.missing.map { ($0.label, style.missing($0.label)) })
        if let n = row.json.competencies?.missingNotShown, n > 0 { missing.append(("(+\(n) with --all)", style.dim("(+\(n) with --all)"))) }
        var languages = e.languages.enumerated().map { i, l -> (String, String) in
            let comma = i < e.languages.count - 1 ? "," : ""
            // "desirable" only matters when the language is not met: it then costs nothing.
            let desirable = l.desirable && l.fit != .met ? " (desirable)" : ""
            let word = l.word(queryIsCV: query.isCV)
            return ("\(l.language) \(word)\(desirable)\(comma)", "\(l.language) " + style.fit(word, fit: l.desirable ? "met" : l.fit.rawValue) + desirable + comma)
        }
        if languages.isEmpty { languages = [("—", style.dim("—"))] }
        if row.languageFactor < 1 {
            let note = String(format: "(score = %.3f × %.2f)", row.similarity, row.languageFactor)
            languages.append((note, style.missing(note)))
        }
        let terms = list(e.terms.filter { $0.contribution > 0 }.map { TerminalText.sanitized(query.written($0.term)) }.map { ($0, $0) })
        // Where the job is and who offers it, when the posting says so.
        let wherePart = row.place.map { place in
            wrap(label: "where:", TerminalText.sanitized(place).split(separator: " ").map { (String($0), String($0)) })
        } ?? []
        return wherePart + wrap(label: "shared:", shared) + wrap(label: "missing:", missing)
            + wrap(label: "languages:", languages + [("  terms:", "  " + style.dim("terms:"))] + terms)
    }

    /// Word-wraps tokens (plain text, styled text) after `label`, breaking only between tokens, each line
    /// at most `width` visible columns; continuation lines are indented under the first token.
    func wrap(label: String, _ tokens: [(String, String)]) -> [String] {
        let lead = String(repeating: " ", count: Self.indent)
        let hanging = String(repeating: " ", count: Self.indent + label.count + 1)
        let available = max(10, width - hanging.count)
        var lines = [String]()
        var plain = label, styled = lead + style.dim(label)
        var prefixWidth = Self.indent
        for (t, s) in tokens {
            let token = t
            let fits = prefixWidth + plain.count + 1 + token.count <= width
            if fits || plain == label {
                let room = width - prefixWidth - plain.count - 1
                if token.count > room {   // a token longer than a whole line is shortened
                    let short = truncate(token, to: max(1, room))
                    plain += " " + short; styled += " " + short
                } else {
                    plain += " " + token; styled += " " + s
                }
            } else {
                lines.append(styled)
                let short = token.count > available ? truncate(token, to: available) : token
                plain = short
                styled = hanging + (short == token ? s : short)
                prefixWidth = hanging.count
            }
        }
        lines.append(styled)
        return lines
    }
}

func truncate(_ s: String, to width: Int) -> String { s.count <= width ? s : String(s.prefix(max(1, width - 1))) + "…" }

extension ReportQuery {
    /// The query with every document text shown in a table (ids, titles, competency labels, terms as
    /// written) passed through `TerminalText.sanitized`. Evidence offsets are not used by the table.
    var sanitizedForTerminal: ReportQuery {
        var q = self
        q.id = TerminalText.sanitized(q.id)
        q.label = TerminalText.sanitized(q.label)
        q.matches = q.matches.map { row in
            var row = row
            row.match.id = TerminalText.sanitized(row.match.id)
            row.match.title = TerminalText.sanitized(row.match.title)
            row.explanation.shared = row.explanation.shared.map { var c = $0; c.label = TerminalText.sanitized(c.label); return c }
            row.explanation.missing = row.explanation.missing.map { var c = $0; c.label = TerminalText.sanitized(c.label); return c }
            return row
        }
        return q
    }
}
