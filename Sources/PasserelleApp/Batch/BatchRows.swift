import Foundation
import Passerelle
import DocumentReaders
import PasserelleCore

/// Output formats of `batch` and `merge`. `html` (batch only): the shortlist page (`ShortlistReport`),
/// written once the run is over; it has no rows, so every `BatchText` piece of it is empty.
public enum BatchFormat: String, CaseIterable, Sendable {
    case jsonl, csv, json, html
}

/// One match of a batch row: a posting of a candidate, or a candidate of a posting.
public struct BatchMatch: Codable, Equatable {
    public var rank: Int
    public var id: String
    public var title: String
    /// Cosine as a 32-bit float; printed as the shortest decimal that reads back to the same float,
    /// so that shards merge into exactly the rows of one run.
    public var score: Float

    public init(rank: Int, id: String, title: String, score: Float) {
        self.rank = rank; self.id = id; self.title = title; self.score = score
    }
}

/// One output row: a candidate with its best postings, or a posting with its best candidates.
public struct BatchRow: Codable, Equatable {
    public static let candidate = "candidate", posting = "posting"
    public var direction: String
    public var id: String
    public var matches: [BatchMatch]
    /// Why a candidate was not scored (too little text); absent otherwise.
    public var skipped: String?

    public init(direction: String, id: String, matches: [BatchMatch], skipped: String?) {
        self.direction = direction; self.id = id; self.matches = matches; self.skipped = skipped
    }
}

/// Hook for explanations of candidate → posting matches (competencies, terms), joined to each match as
/// `"explanation": <JSON value>` in JSON output. None is installed yet: the competency work plugs in here.
public protocol BatchExplainer {
    /// An already-encoded JSON value for this match, or nil.
    func explanation(candidate: Document, folded: FoldedQuery, postingIndex: Int, score: Float) throws -> String?
}

/// Text of rows in each format. JSON Lines: one row per line. CSV (through `CSVWriter`: quoted when needed,
/// text cells neutralised against formulas, ranks and scores left as numbers): `direction,query_id,rank,
/// match_id,match_title,score`, one line per match (a candidate that was not scored has no line). JSON: one
/// document `{"candidates": [rows…], "postings": [rows…]}` written as a stream.
public enum BatchText {
    public static let csvHeader = CSVWriter.record(texts: ["direction", "query_id", "rank", "match_id", "match_title", "score"], lineEnding: "\n")

    /// What opens the output.
    public static func opening(_ format: BatchFormat) -> String {
        switch format {
        case .jsonl, .html: return ""
        case .csv: return csvHeader
        case .json: return "{\"candidates\": [\n"
        }
    }

    /// What separates the candidate rows from the posting rows.
    public static func middle(_ format: BatchFormat, candidateRows: Int) -> String {
        format == .json ? (candidateRows > 0 ? "\n" : "") + "],\n\"postings\": [\n" : ""
    }

    /// What closes the output.
    public static func closing(_ format: BatchFormat, postingRows: Int) -> String {
        format == .json ? (postingRows > 0 ? "\n" : "") + "]}\n" : ""
    }

    /// A row; `index` is the row's position in its list (JSON separates rows with commas).
    public static func row(_ row: BatchRow, format: BatchFormat, index: Int, explanations: [String?]? = nil) -> String {
        switch format {
        case .html: return ""
        case .csv:
            var out = ""
            for m in row.matches {
                out += CSVWriter.record([.text(row.direction), .text(row.id), .number(String(m.rank)), .text(m.id), .text(m.title), .number("\(m.score)")],
                                       lineEnding: "\n")
            }
            return out
        case .jsonl, .json:
            // One string, appended in place: a posting row of ten matches is written 100,000 times in a
            // large run, and building it from interpolated pieces cost more than scoring it.
            var out = ""
            out.reserveCapacity(64 + row.id.utf8.count + row.matches.count * 96)
            if format == .json && index > 0 { out += ",\n" }
            out += "{\"direction\": \""
            out += row.direction
            out += "\", \"id\": "
            appendJSON(row.id, to: &out)
            out += ", \"matches\": ["
            for (i, m) in row.matches.enumerated() {
                out += i > 0 ? ", {\"rank\": " : "{\"rank\": "
                out += String(m.rank)
                out += ", \"id\": "
                appendJSON(m.id, to: &out)
                out += ", \"title\": "
                appendJSON(m.title, to: &out)
                out += ", \"score\": "
                out += m.score.description
                if let e = explanations?[i] {
                    out += ", \"explanation\": "
                    out += e
                }
                out += "}"
            }
            out += "]"
            if let skipped = row.skipped {
                out += ", \"skipped\": "
                appendJSON(skipped, to: &out)
            }
            out += format == .jsonl ? "}\n" : "}"
            return out
        }
    }

    /// A JSON string literal.
    public static func json(_ s: String) -> String {
        var out = ""
        appendJSON(s, to: &out)
        return out
    }

    /// Appends `s` as a JSON string literal: quote, backslash and control characters escaped (\n, \r, \t
    /// by name, the others as \u00XX), and U+2028 / U+2029 as \u2028 / \u2029 (JavaScript reads them as
    /// line ends). Runs of bytes that need nothing are copied whole.
    /// - Complexity: O(UTF-8 length of `s`).
    public static func appendJSON(_ s: String, to out: inout String) {
        out += "\""
        var text = s
        text.withUTF8 { bytes in
            var runStart = 0, i = 0
            let n = bytes.count
            func flushRun(to end: Int) {
                if runStart < end { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart ..< end]), as: UTF8.self) }
            }
            while i < n {
                let b = bytes[i]
                let escape: String
                var width = 1
                switch b {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0x00 ..< 0x20: escape = String(format: "\\u%04x", UInt32(b))
                case 0xE2 where i + 2 < n && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    escape = bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                default:
                    i += 1
                    continue
                }
                flushRun(to: i)
                out += escape
                i += width
                runStart = i
            }
            if runStart == 0 { out += s } else { flushRun(to: n) }
        }
        out += "\""
    }
}

/// Reads the rows of a `batch` output file back (any of the three formats, recognized by content).
public enum BatchRowReader {
    /// True when the file is a CSV batch output (its first non-blank bytes are the CSV header).
    public static func isCSV(_ path: String) throws -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw UserError("\(path): cannot read") }
        defer { try? handle.close() }
        let head = String(decoding: handle.readData(ofLength: 4096), as: UTF8.self)
        return head.drop { $0.isWhitespace }.hasPrefix("direction,")
    }

    public static func rows(of path: String) throws -> [BatchRow] {
        guard let data = FileManager.default.contents(atPath: path) else { throw UserError("\(path): cannot read") }
        guard let text = String(data: data, encoding: .utf8) else { throw UserError("\(path): not valid UTF-8") }
        let trimmed = text.drop { $0.isWhitespace }
        if trimmed.isEmpty { return [] }
        if trimmed.hasPrefix("direction,") { return try csvRows(text, path: path) }
        if trimmed.hasPrefix("{\"candidates\"") {
            struct Document: Decodable { var candidates: [BatchRow]; var postings: [BatchRow] }
            do {
                let d = try JSONDecoder().decode(Document.self, from: data)
                return d.candidates + d.postings
            } catch { throw UserError("\(path): not a batch JSON document (\(error))") }
        }
        var rows = [BatchRow]()
        let decoder = JSONDecoder()
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            do { rows.append(try decoder.decode(BatchRow.self, from: Data(line.utf8))) } catch {
                throw UserError("\(path):\(i + 1): not a batch row (expected {\"direction\", \"id\", \"matches\"})")
            }
        }
        return rows
    }

    /// CSV lines grouped back into rows (consecutive lines of one direction and query id).
    public static func csvRows(_ text: String, path: String) throws -> [BatchRow] {
        var rows = [BatchRow]()
        let records = try parseCSV(text, path: path)
        for (n, r) in records.enumerated().dropFirst() {
            guard r.count == 6, r[0] == BatchRow.candidate || r[0] == BatchRow.posting, let rank = Int(r[2]), let score = Float(r[5]) else {
                throw UserError("\(path): CSV record \(n + 1) is not a batch row (direction,query_id,rank,match_id,match_title,score)")
            }
            let match = BatchMatch(rank: rank, id: r[3], title: r[4], score: score)
            if let last = rows.last, last.direction == r[0], last.id == r[1], rank == last.matches.count + 1 {
                rows[rows.count - 1].matches.append(match)
            } else {
                rows.append(BatchRow(direction: r[0], id: r[1], matches: [match], skipped: nil))
            }
        }
        return rows
    }

    /// RFC 4180 records through `CSVRecordReader` (the reader of every CSV input), text cells back as they
    /// were before `CSVWriter` neutralised them.
    public static func parseCSV(_ text: String, path: String) throws -> [[String]] {
        var reader = CSVRecordReader(stream: ByteStream(bytes: Array(text.utf8)))
        var records = [[String]]()
        do {
            while let record = try reader.next() { records.append(record.fields.map(CSVWriter.unneutralized)) }
        } catch let failure as CSVRecordReader.Failure {
            throw UserError("\(path):\(failure.line): invalid CSV: \(failure.why)")
        }
        return records
    }
}
