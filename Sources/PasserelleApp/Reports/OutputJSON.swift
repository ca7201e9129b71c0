import Foundation
import Passerelle
import DocumentReaders

/// JSON shapes of the command outputs (stable names, documented in the README).
public struct MatchJSON: Encodable {
    public var rank: Int
    public var id: String
    public var title: String
    /// The posting's metadata (front matter or JSON Lines fields: organization, location, contract, date,
    /// source…), omitted when it has none.
    public var metadata: [String: String]?
    /// The ranking score: `similarity × language_factor` (README, "Language rule").
    public var score: Double
    /// Cosine similarity of the query and the posting, before the language rule.
    public var similarity: Double?
    /// Factor of the language rule (1: every required language met, or --ignore-language-fit).
    public var languageFactor: Double?
    /// strong / possible / weak (`FitLabel`, README "Fit label").
    public var fit: String?
    /// `similar` only: very similar / related / different (`Likeness`), in place of `fit`.
    public var likeness: String?
    /// What the fit label read besides the score (`FitRequirements`), for `rank`.
    public var requirements: RequirementsJSON?
    public var terms: [TermJSON]?
    public var competencies: CompetenciesJSON?
    public var languages: [LanguageFitJSON]?
    enum CodingKeys: String, CodingKey {
        case rank, id, title, metadata, score, similarity, languageFactor = "language_factor", fit, likeness, requirements, terms, competencies, languages
    }
}

/// `FitRequirements` as JSON: the posting's required competencies and how many the CV shows, years asked and shown,
/// required languages not met.
public struct RequirementsJSON: Encodable {
    public var requiredCompetencies: Int
    public var metCompetencies: Int
    public var yearsRequired: Int?
    public var yearsShown: Int?
    public var unmetLanguages: [String]
    enum CodingKeys: String, CodingKey {
        case requiredCompetencies = "required_competencies", metCompetencies = "met_competencies", yearsRequired = "years_required"
        case yearsShown = "years_shown", unmetLanguages = "unmet_languages"
    }
    public init(_ r: FitRequirements) {
        requiredCompetencies = r.requiredCompetencies; metCompetencies = r.metCompetencies; yearsRequired = r.yearsRequired
        yearsShown = r.yearsShown; unmetLanguages = r.unmetLanguages
    }
}

public struct TermJSON: Encodable {
    /// The feature: an analyzed term (stem), a phrase (stems joined by "_"), or a competency (`§id`).
    public var term: String
    /// How the feature reads in the query text (first occurrence), or the competency's label.
    public var asWritten: String?
    public var contribution: Double
    enum CodingKeys: String, CodingKey { case term, asWritten = "as_written", contribution }
}

public struct ModelJSON: Encodable {
    public var path: String
    public var postings: Int
    public var dimensions: Int
    public var vocabulary: Int
    public var analyzer: String

    public init(_ loaded: ModelProvider.Loaded) {
        path = loaded.path
        postings = loaded.model.postingCount
        dimensions = loaded.model.dimensions
        vocabulary = loaded.model.vectorizer.vocabularySize
        analyzer = loaded.model.settings.analyzer
    }
}

public struct QueryJSON: Encodable {
    public var file: String?
    public var id: String?
    public var title: String?
    public var terms: Int?
    public var knownTerms: Int?
    /// Set when the query carries too little evidence for its matches to mean much (`EvidenceCheck`).
    public var warning: String?

    enum CodingKeys: String, CodingKey {
        case file, id, title, terms, warning
        case knownTerms = "known_terms"
    }
}

public struct ResultJSON: Encodable {
    public var query: QueryJSON
    public var model: ModelJSON
    public var matches: [MatchJSON]
}

/// Rounds a score for display and JSON (6 decimals keeps sums of contributions within 1e-5).
public func rounded(_ x: Float) -> Double { (Double(x) * 1e6).rounded() / 1e6 }

public func encodeJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// A plain aligned table that fits the terminal width: the widest columns are shortened with "…",
/// the last column first shrinking to its share. Every cell goes through `TerminalText.sanitized`: cells
/// hold text from documents (terms, titles), and a control character would drive the terminal or a line
/// break split the row.
public struct TextTable {
    public var headers: [String]
    public var rows: [[String]]
    /// Columns aligned right (numbers).
    public var rightAligned: Set<Int> = []

    public init(headers: [String], rows: [[String]], rightAligned: Set<Int> = []) {
        self.headers = headers
        self.rows = rows
        self.rightAligned = rightAligned
    }

    public func render(width: Int) -> String {
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
