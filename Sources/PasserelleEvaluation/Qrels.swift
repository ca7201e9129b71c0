import Foundation

/// Errors of evaluation inputs; each names its source and, for line-based files, the line.
public enum EvaluationError: Error, CustomStringConvertible, Equatable {
    case malformedQrels(source: String, line: Int, why: String)
    case noJudgedQueries(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .malformedQrels(let source, let line, let why): return "\(source):\(line): \(why)"
        case .noJudgedQueries(let why): return why
        case .invalid(let why): return why
        }
    }
}

/// TREC relevance judgments: `qid iter docid grade` per line (whitespace-separated; `iter` is ignored,
/// by convention 0). Grades are integers; grade ≤ 0 means not relevant. Blank lines and lines starting
/// with `#` are skipped. Pairs not listed are not relevant.
public struct Qrels: Equatable, Sendable {
    /// qid → docid → grade (only lines read; grades ≤ 0 kept so that "judged not relevant" is known).
    public private(set) var judgments: [String: [String: Int]]

    public init(judgments: [String: [String: Int]]) { self.judgments = judgments }

    /// Parses qrels text; `source` names the file in errors.
    public static func parse(_ text: String, source: String) throws -> Qrels {
        var judgments = [String: [String: Int]]()
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 4 else {
                throw EvaluationError.malformedQrels(source: source, line: lineNumber, why: "expected 4 fields `qid 0 docid grade`, found \(fields.count)")
            }
            guard let grade = Int(fields[3]) else {
                throw EvaluationError.malformedQrels(source: source, line: lineNumber, why: "grade '\(fields[3])' is not an integer")
            }
            let qid = String(fields[0]), docid = String(fields[2])
            if let previous = judgments[qid]?[docid], previous != grade {
                throw EvaluationError.malformedQrels(source: source, line: lineNumber, why: "\(qid) → \(docid) judged twice (\(previous), then \(grade))")
            }
            judgments[qid, default: [:]][docid] = grade
        }
        return Qrels(judgments: judgments)
    }

    /// Queries with at least one relevant document (grade > 0), sorted.
    public var judgedQueryIDs: [String] {
        judgments.filter { $0.value.values.contains { $0 > 0 } }.keys.sorted()
    }

    /// Relevant documents (grade > 0) of a query with their grades.
    public func relevant(to qid: String) -> [String: Int] {
        (judgments[qid] ?? [:]).filter { $0.value > 0 }
    }

    /// Qrels text in TREC form, sorted by query then document (for writing collections).
    public func formatted() -> String {
        var lines = [String]()
        for q in judgments.keys.sorted() {
            for (d, g) in judgments[q]!.sorted(by: { $0.key < $1.key }) { lines.append("\(q)\t0\t\(d)\t\(g)") }
        }
        return lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
    }
}
