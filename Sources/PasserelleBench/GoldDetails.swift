import ArgumentParser
import Competencies
import DocumentReaders
import Foundation
import PasserelleApp
import TextAnalysis

/// `passerelle-bench gold-details`: a diagnostic, not a test (scripts/evaluation/gold-details.sh runs it).
/// Prints where the competency detector and the blind gold (`Data/judgments/competencies-gold.tsv`) disagree,
/// to read why: for each posting its sections, every false positive with the span and quote that produced it
/// and the section it lies in, every false negative with the gold's note and where plain detection (without
/// the posting's section rules) finds it. It measures nothing and asserts nothing: the floors are
/// `GoldEvaluationTests` (CompetenciesTests); the figures on the blind golds are `scripts/evaluation/eval-blind-gold.py`.
struct GoldDetailsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gold-details",
        abstract: "Print where the competency detector and the gold file disagree (a diagnostic, used by scripts/evaluation/gold-details.sh)."
    )

    @Option(name: .long, help: "The project folder holding Data/ (its taxonomy, gold file, postings and CVs).")
    var root: String = "."

    func run() throws {
        try reportingErrors {
            try standardOutput(GoldDetails.lines(root: URL(fileURLWithPath: root)).joined(separator: "\n"))
        }
    }
}

/// The lines `gold-details` prints (one per section list, false positive's evidence, false negative and
/// plain finding), documents in id order. Lines start `SECTIONS id:`, `FP id competency [section] «span» in: quote`,
/// `FN id competency: note`, `   plain [section] «span» in: quote`; a CV's section is `cv`.
enum GoldDetails {
    /// `Data/judgments/competencies-gold.tsv`: document → expected competency ids and language statements, and
    /// every line's fields (for the notes).
    struct Gold {
        var competencies: [String: Set<String>] = [:]
        var languages: [String: Set<String>] = [:]
        var rows: [[String]] = []
    }

    static let goldPath = "Data/judgments/competencies-gold.tsv"

    /// - Complexity: one detection per gold document, two for a document with a false negative.
    static func lines(root: URL) throws -> [String] {
        let gold = try loadGold(root.appendingPathComponent(goldPath))
        let taxonomyPath = root.appendingPathComponent("Data/competencies.tsv").path
        let taxonomy: Taxonomy
        do { taxonomy = try Taxonomy.load(path: taxonomyPath) } catch { throw UserError("\(taxonomyPath): \(error)") }
        let detector = CompetencyDetector(taxonomy: taxonomy, analyzer: FrenchEnglishAnalyzer(phrases: false))
        var lines = [String]()
        for id in Set(gold.competencies.keys).union(gold.languages.keys).sorted() {
            lines += try disagreements(of: id, gold: gold, detector: detector, root: root)
        }
        return lines
    }

    static func disagreements(of id: String, gold: Gold, detector: CompetencyDetector, root: URL) throws -> [String] {
        let isPosting = FileManager.default.fileExists(atPath: root.appendingPathComponent("Data/postings/\(id).txt").path)
        let text = try self.text(of: id, root: root)
        let scalars = Array(text.unicodeScalars)
        let sections = isPosting ? PostingSections.sections(scalars) : nil
        let section = { (offset: Int) in sections.map { PostingSections.kind(at: offset, in: $0).rawValue } ?? "cv" }
        let profile = detector.detect(text, as: isPosting ? .posting : .cv)
        let expected = gold.competencies[id] ?? []
        var lines = [String]()
        if let sections {
            lines.append("SECTIONS \(id): " + sections.map {
                "\($0.kind.rawValue)@\(slice(scalars, $0.start, min($0.end, $0.start + 30)).replacingOccurrences(of: "\n", with: " "))"
            }.joined(separator: " | "))
        }
        for m in profile.competencies where !expected.contains(m.id) {
            for e in m.evidence {
                lines.append("FP \(id) \(m.id) [\(section(e.start))] «\(slice(scalars, e.start, e.end))» in: \(e.quote)")
            }
        }
        let found = Set(profile.competencies.map(\.id))
        for c in expected.subtracting(found).sorted() {
            let note = gold.rows.first { $0[0] == id && $0[2] == c }?[3] ?? ""
            lines.append("FN \(id) \(c): \(note)")
            // Where plain detection finds it, and in which section.
            for m in detector.detect(text).competencies where m.id == c {
                for e in m.evidence {
                    lines.append("   plain [\(section(e.start))] «\(slice(scalars, e.start, e.end))» in: \(e.quote)")
                }
            }
        }
        return lines
    }

    /// Reads the gold file: a header line, then `doc_id TAB kind TAB value [TAB note]`, kind `competency` or
    /// `language`; `#` lines are comments. An unknown kind is an error naming the file and line.
    static func loadGold(_ url: URL) throws -> Gold {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch { throw UserError("\(url.path): cannot read (\(error.localizedDescription))") }
        var gold = Gold()
        for (n, line) in text.split(separator: "\n").enumerated() {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if f.count >= 4 { gold.rows.append(f) }
            guard n > 0, !line.hasPrefix("#"), f.count >= 3 else { continue }
            switch f[1] {
            case "competency": gold.competencies[f[0], default: []].insert(f[2])
            case "language": gold.languages[f[0], default: []].insert(f[2])
            default: throw UserError("\(url.path):\(n + 1): unknown kind '\(f[1])' (competency or language)")
            }
        }
        return gold
    }

    /// The text of `Data/postings/ID.txt` or `Data/candidates/ID.txt` without its front matter (`---` lines).
    static func text(of id: String, root: URL) throws -> String {
        for folder in ["Data/postings", "Data/candidates"] {
            let url = root.appendingPathComponent("\(folder)/\(id).txt")
            guard let raw = try? String(contentsOf: url, encoding: .utf8) else { continue }
            return DocumentReader.document(fromText: raw, path: url.path).text
        }
        throw UserError("\(goldPath): no document '\(id)' in Data/postings or Data/candidates")
    }

    /// The text of scalars `start..<end`, clamped to the text.
    static func slice(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
        let lo = max(0, start), hi = min(end, scalars.count)
        guard lo < hi else { return "" }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[lo ..< hi])
        return String(view)
    }
}
