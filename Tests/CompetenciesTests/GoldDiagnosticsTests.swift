import Foundation
import XCTest
import TextAnalysis
@testable import Competencies

/// A diagnostic, not a test (scripts/evaluation/gold-details.sh runs it): every false positive of the detector on the
/// gold file with the quotes that produced it and the section each lies in, every false negative with the
/// gold's note, to read why the detector and the gold differ. It asserts nothing (GoldEvaluationTests holds
/// the floors), so without `PASSERELLE_GOLD_DETAILS=1` it is reported as skipped, never as a green test.
/// It lives in the test target because it reads the detector's internals (`@testable`).
final class GoldDiagnosticsTests: XCTestCase {
    func testPrintDisagreementsWithTheGold() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["PASSERELLE_GOLD_DETAILS"] == "1",
                          "a diagnostic, not a test: scripts/evaluation/gold-details.sh prints it")
        let root = GoldEvaluationTests.root
        let gold = try GoldEvaluationTests.loadGold()
        let notes = try String(contentsOf: root.appendingPathComponent("Data/judgments/competencies-gold.tsv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            .filter { $0.count >= 4 }
        let taxonomy = try Taxonomy.load(path: root.appendingPathComponent("Data/competencies.tsv").path)
        let detector = CompetencyDetector(taxonomy: taxonomy, analyzer: FrenchEnglishAnalyzer(phrases: false))
        var lines = [String]()
        for id in Set(gold.competencies.keys).union(gold.languages.keys).sorted() {
            let isPosting = FileManager.default.fileExists(atPath: root.appendingPathComponent("Data/postings/\(id).txt").path)
            let text = try GoldEvaluationTests.text(of: id)
            let scalars = Array(text.unicodeScalars)
            let sections = isPosting ? PostingSections.sections(scalars) : nil
            let profile = detector.detect(text, as: isPosting ? .posting : .cv)
            let expected = gold.competencies[id] ?? []
            if let sections {
                lines.append("SECTIONS \(id): " + sections.map { "\($0.kind.rawValue)@\(TextSpans.slice(scalars, $0.start, min($0.end, $0.start + 30)).replacingOccurrences(of: "\n", with: " "))" }.joined(separator: " | "))
            }
            for m in profile.competencies where !expected.contains(m.id) {
                for e in m.evidence {
                    let kind = sections.map { PostingSections.kind(at: e.start, in: $0).rawValue } ?? "cv"
                    lines.append("FP \(id) \(m.id) [\(kind)] «\(TextSpans.slice(scalars, e.start, e.end))» in: \(e.quote)")
                }
            }
            let found = Set(profile.competencies.map(\.id))
            for c in expected.subtracting(found).sorted() {
                let note = notes.first { $0[0] == id && $0[2] == c }?[3] ?? ""
                lines.append("FN \(id) \(c): \(note)")
                // Where plain detection finds it, and in which section.
                for m in detector.detect(text).competencies where m.id == c {
                    for e in m.evidence {
                        let kind = sections.map { PostingSections.kind(at: e.start, in: $0).rawValue } ?? "cv"
                        lines.append("   plain [\(kind)] «\(TextSpans.slice(scalars, e.start, e.end))» in: \(e.quote)")
                    }
                }
            }
        }
        print("GOLD-DETAILS\n" + lines.joined(separator: "\n"))
    }
}
