import Foundation
import Passerelle
import DocumentReaders

/// `csv` (RFC 4180, through `CSVWriter`): a header, then one row per match. Lists are flattened with "; ".
/// Fields holding a comma, a quote, a line break or surrounding spaces are quoted, quotes doubled; text cells
/// starting like a formula are prefixed with `'` (ranks and scores stay numbers); lines end with CRLF as the
/// RFC asks (spreadsheets and Python's csv module read both).
enum CSVReport {
    static let header = ["query", "rank", "id", "title", "score", "shared_competencies", "missing_competencies", "language_fit",
                         "fit", "similarity", "language_factor", "warning", "organization", "location",
                         "contract", "date", "salary", "url"]

    static func render(_ report: Report) -> String {
        var out = CSVWriter.record(texts: header, lineEnding: "\r\n")
        for q in report.queries {
            for row in q.matches {
                let e = row.explanation
                out += CSVWriter.record([
                    .text(q.id), .number(String(row.match.rank)), .text(row.match.id), .text(row.match.title),
                    .number(String(format: "%.6f", row.match.score)),
                    .text(e.shared.map(\.label).joined(separator: "; ")),
                    .text(e.missing.map(\.label).joined(separator: "; ")),
                    .text(e.languages.map { languageFit($0, queryIsCV: q.isCV) }.joined(separator: "; ")),
                    .text(row.fitWord), .number(String(format: "%.6f", row.similarity)), .number(String(format: "%.2f", row.languageFactor)),
                    .text(q.json.warning ?? ""),
                    .text(row.json.metadata?["organization"] ?? ""), .text(row.json.metadata?["location"] ?? ""),
                    .text(row.metadata("contract") ?? ""), .text(row.metadata("date") ?? ""), .text(row.metadata("salary") ?? ""),
                    .text(row.applyURL ?? ""),
                ], lineEnding: "\r\n")
            }
        }
        return out
    }

    /// "fr met (required excellent, declared native)"; "declared none" when the query states nothing.
    static func languageFit(_ l: LanguageFitResult, queryIsCV: Bool) -> String {
        "\(l.language) \(l.word(queryIsCV: queryIsCV)) (\(l.desirable ? "desirable" : "required") \(l.required.name), \(queryIsCV ? "declared" : "query posting") \(l.declared?.name ?? "none"))"
    }

    /// One text field as `CSVWriter` writes it (quoted when it must be, neutralised against formulas).
    static func field(_ s: String) -> String { CSVWriter.record([.text(s)], lineEnding: "") }
}
