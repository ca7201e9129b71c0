import Foundation
import Passerelle

/// `csv` (RFC 4180): a header, then one row per match. Lists are flattened with "; ". Fields holding a
/// comma, a quote, a line break or surrounding spaces are quoted, quotes doubled; lines end with CRLF
/// as the RFC asks (spreadsheets and Python's csv module read both).
enum CSVReport {
    static let header = ["query", "rank", "id", "title", "score", "shared_competencies", "missing_competencies", "language_fit"]

    static func render(_ report: Report) -> String {
        var lines = [header.map(field).joined(separator: ",")]
        for q in report.queries {
            for row in q.matches {
                let e = row.explanation
                let cells = [
                    q.id, String(row.match.rank), row.match.id, row.match.title, String(format: "%.6f", row.match.score),
                    e.shared.map(\.label).joined(separator: "; "),
                    e.missing.map(\.label).joined(separator: "; "),
                    e.languages.map(languageFit).joined(separator: "; "),
                ]
                lines.append(cells.map(field).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// "fr met (required excellent, declared native)"; "declared none" when the query states nothing.
    static func languageFit(_ l: LanguageFitResult) -> String {
        "\(l.language) \(l.fit.rawValue) (required \(l.required.name), declared \(l.declared?.name ?? "none"))"
    }

    /// One CSV field, quoted when it must be.
    static func field(_ s: String) -> String {
        let needsQuotes = s.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || s.first == " " || s.last == " "
        return needsQuotes ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
