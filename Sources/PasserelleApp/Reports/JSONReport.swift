import Foundation

/// `json`: one query gives exactly the documented `{"query", "model", "matches"}` object (unchanged);
/// several queries (batch) give `{"model", "results": [{"query", "matches"}, …]}`.
/// `jsonl`: one compact line per match, the match's JSON object with the query id in `"query"`.
enum JSONReport {
    struct QueryResultJSON: Encodable {
        var query: QueryJSON
        var matches: [MatchJSON]
    }

    struct ResultsJSON: Encodable {
        var model: ModelJSON
        var results: [QueryResultJSON]
    }

    /// A JSON Lines row: `query` (the query id) and the fields of `MatchJSON`.
    struct LineJSON: Encodable {
        var query: String
        var match: MatchJSON
        enum CodingKeys: String, CodingKey { case query }
        func encode(to encoder: Encoder) throws {
            try match.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(query, forKey: .query)
        }
    }

    static func render(_ report: Report) throws -> String {
        if report.queries.count == 1, let q = report.queries.first {
            return try encodeJSON(ResultJSON(query: q.json, model: report.model, matches: q.matches.map(\.json)))
        }
        return try encodeJSON(ResultsJSON(model: report.model, results: report.queries.map {
            QueryResultJSON(query: $0.json, matches: $0.matches.map(\.json))
        }))
    }

    static func renderLines(_ report: Report) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var lines = [String]()
        for q in report.queries {
            for m in q.matches {
                lines.append(String(decoding: try encoder.encode(LineJSON(query: q.id, match: m.json)), as: UTF8.self))
            }
        }
        return lines.joined(separator: "\n")
    }
}
