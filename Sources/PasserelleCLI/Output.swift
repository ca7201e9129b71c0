import Foundation
import PasserelleApp
import Passerelle
import DocumentReaders

/// JSON shapes of the command outputs (stable names, documented in the README).
struct MatchJSON: Encodable {
    var rank: Int
    var id: String
    var title: String
    /// The posting's metadata (front matter or JSON Lines fields: organization, location, contract, date,
    /// source…), omitted when it has none.
    var metadata: [String: String]?
    /// The ranking score: `similarity × language_factor` (README, "Language rule").
    var score: Double
    /// Cosine similarity of the query and the posting, before the language rule.
    var similarity: Double?
    /// Factor of the language rule (1: every required language met, or --ignore-language-fit).
    var languageFactor: Double?
    /// strong / possible / weak (`FitLabel`, README "Fit label").
    var fit: String?
    var terms: [TermJSON]?
    var competencies: CompetenciesJSON?
    var languages: [LanguageFitJSON]?
    enum CodingKeys: String, CodingKey {
        case rank, id, title, metadata, score, similarity, languageFactor = "language_factor", fit, terms, competencies, languages
    }
}

struct TermJSON: Encodable {
    /// The feature: an analyzed term (stem), a phrase (stems joined by "_"), or a competency (`§id`).
    var term: String
    /// How the feature reads in the query text (first occurrence), or the competency's label.
    var asWritten: String?
    var contribution: Double
    enum CodingKeys: String, CodingKey { case term, asWritten = "as_written", contribution }
}

struct ModelJSON: Encodable {
    var path: String
    var postings: Int
    var dimensions: Int
    var vocabulary: Int
    var analyzer: String

    init(_ loaded: ModelProvider.Loaded) {
        path = loaded.path
        postings = loaded.model.postingCount
        dimensions = loaded.model.dimensions
        vocabulary = loaded.model.vectorizer.vocabularySize
        analyzer = loaded.model.settings.analyzer
    }
}

struct QueryJSON: Encodable {
    var file: String?
    var id: String?
    var title: String?
    var terms: Int?
    var knownTerms: Int?
    /// Set when the query carries too little evidence for its matches to mean much (`EvidenceCheck`).
    var warning: String?

    enum CodingKeys: String, CodingKey {
        case file, id, title, terms, warning
        case knownTerms = "known_terms"
    }
}

struct ResultJSON: Encodable {
    var query: QueryJSON
    var model: ModelJSON
    var matches: [MatchJSON]
}

/// Rounds a score for display and JSON (6 decimals keeps sums of contributions within 1e-5).
func rounded(_ x: Float) -> Double { (Double(x) * 1e6).rounded() / 1e6 }

func encodeJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// A plain aligned table that fits the terminal width: the widest columns are shortened with "…",
/// the last column first shrinking to its share. Every cell goes through `TerminalText.sanitized`: cells
/// hold text from documents (terms, titles), and a control character would drive the terminal or a line
/// break split the row.
struct TextTable {
    var headers: [String]
    var rows: [[String]]
    /// Columns aligned right (numbers).
    var rightAligned: Set<Int> = []

    func render(width: Int = Console.width) -> String {
        let headers = self.headers.map(TerminalText.sanitized)
        let rows = self.rows.map { $0.map(TerminalText.sanitized) }
        var widths = headers.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        // Shorten the widest column one character at a time until the table fits (never below 8).
        while widths.reduce(0, +) + 2 * (headers.count - 1) > width, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 8 {
            widths[widest] -= 1
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                var c = cell
                if c.count > widths[i] { c = String(c.prefix(widths[i] - 1)) + "…" }
                let pad = String(repeating: " ", count: widths[i] - c.count)
                if i == cells.count - 1 { return rightAligned.contains(i) ? pad + c : c }
                return rightAligned.contains(i) ? pad + c : c + pad
            }.joined(separator: "  ")
        }
        return ([line(headers), line(widths.map { String(repeating: "─", count: $0) })] + rows.map(line)).joined(separator: "\n")
    }
}
