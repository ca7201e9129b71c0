import DocumentReaders
import Foundation
import XCTest
import TextAnalysis
@testable import Competencies

/// Precision and recall of the detector against `Data/judgments/competencies-gold.tsv`, a gold file
/// written from reading the five seed postings and the sample CVs (see Data/judgments/README.md).
/// The figures are printed with every test run; the assertions are regression floors, recorded below
/// from the measured values (the goal of issue 14: precision ≥ 0.90 at recall ≥ 0.85).
final class GoldEvaluationTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Floors (regression guards, not targets), a little under the values measured on 2026-11-23:
    /// competencies precision 0.757, recall 0.912; languages (fr/en with level) precision 0.938, recall 0.938.
    /// 2026-11-29 (issue 14), measured with `detect(_:as:)` (sense checks; postings read by requirement
    /// sections, the organisation's presentation and the perks as mentions): precision 0.792, recall 0.889
    /// (recall lost: Exeko's mediation practices, named only in its self-presentation, and titles);
    /// the precision floor is raised accordingly.
    /// 2026-11-29 (issue 14, second part: forms widened for explanations, `~form` in the taxonomy; gap forms; sense
    /// checks for team and organisation names, courses followed, compounds, "accompagner" a project; longer headings;
    /// five gold lines added, each justified in Data/judgments/README.md): precision 0.908, recall 0.960.
    static let competencyPrecisionFloor = 0.90
    static let competencyRecallFloor = 0.95
    /// The whole file (27 documents: + 15 postings read for issue 14, 20 postings in all), measured
    /// 2026-11-29: precision 0.797, recall 0.761. The new postings ask for tools and skills in words the
    /// taxonomy does not hold ("Renseigner le CRM", "Power BI", "ArcGIS", "gérer des situations de crise")
    /// or in verb forms it misses ("co-construisez", "conduisez des visites et ateliers", "assemblées
    /// publiques de consultation"): the goal (precision ≥ 0.90 at recall ≥ 0.85) is not reached.
    /// 2026-11-29, second part of issue 14 (as above): precision 0.926, recall 0.964 (tp 239, fp 19, fn 9): the goal
    /// is reached. Left: Exeko's mediation practices (named in its self-presentation), the Région's « co-crédation » typo
    /// and context sentence, CV skills the gold's strict reading leaves out (design CVs' « synthèse », « accompagne des équipes »).
    static let extendedPrecisionFloor = 0.92
    static let extendedRecallFloor = 0.96
    static let originalDocuments: Set<String> = [
        "seed-college-transitions", "seed-exeko-pratiques", "seed-lium-mobilisation", "seed-region-design", "seed-rouen-participation",
        "cv-en-community", "cv-en-design", "cv-fr-design", "cv-fr-it", "cv-fr-mediation", "cv-fr-participation", "cv-mixed-transition",
    ]
    /// 2026-11-29 (issue 14, second part: "heures du conte bilingues" is no statement): precision 1.000, recall 1.000
    /// (37 statements; one error costs 0.027).
    static let languagePrecisionFloor = 0.97
    static let languageRecallFloor = 0.97

    struct Gold {
        var competencies: [String: Set<String>] = [:]
        var languages: [String: Set<String>] = [:]   // "fr:excellent"
    }

    static func loadGold() throws -> Gold {
        let text = try String(contentsOf: root.appendingPathComponent("Data/judgments/competencies-gold.tsv"), encoding: .utf8)
        var gold = Gold()
        for (n, line) in text.split(separator: "\n").enumerated() where n > 0 && !line.hasPrefix("#") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 3 else { continue }
            switch f[1] {
            case "competency": gold.competencies[f[0], default: []].insert(f[2])
            case "language": gold.languages[f[0], default: []].insert(f[2])
            default: XCTFail("line \(n + 1): unknown kind \(f[1])")
            }
        }
        return gold
    }

    /// The document's text without its front matter.
    static func text(of id: String) throws -> String {
        for folder in ["Data/postings", "Data/candidates"] {
            let url = root.appendingPathComponent("\(folder)/\(id).txt")
            guard let raw = try? String(contentsOf: url, encoding: .utf8) else { continue }
            return DocumentReader.document(fromText: raw, path: url.path).text
        }
        throw NSError(domain: "gold", code: 1, userInfo: [NSLocalizedDescriptionKey: "no document \(id)"])
    }

    func testDetectorPrecisionAndRecallOnTheGoldFile() throws {
        let gold = try Self.loadGold()
        let taxonomy = try Taxonomy.load(path: Self.root.appendingPathComponent("Data/competencies.tsv").path)
        let detector = CompetencyDetector(taxonomy: taxonomy, analyzer: FrenchEnglishAnalyzer(phrases: false))
        let documents = Set(gold.competencies.keys).union(gold.languages.keys).sorted()
        XCTAssertGreaterThanOrEqual(documents.count, 27)
        // The floors above were measured on the first 12 documents (the seeds and the sample CVs) and still
        // guard them; the postings added for issue 14 (out-of-field and neighbouring jobs, read 2026-11-29)
        // are measured on the whole file with their own floors (`extended…Floor`).
        var otp = 0, ofp = 0, ofn = 0
        var tp = 0, fp = 0, fn = 0, ltp = 0, lfp = 0, lfn = 0
        var report = [String]()
        for id in documents {
            // As explanations read them: postings by requirement sections, with sense checks (detect(_:as:)).
            let isPosting = FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("Data/postings/\(id).txt").path)
            let profile = detector.detect(try Self.text(of: id), as: isPosting ? .posting : .cv)
            let found = Set(profile.competencies.map(\.id))
            let expected = gold.competencies[id] ?? []
            tp += found.intersection(expected).count
            fp += found.subtracting(expected).count
            fn += expected.subtracting(found).count
            if Self.originalDocuments.contains(id) {
                otp += found.intersection(expected).count
                ofp += found.subtracting(expected).count
                ofn += expected.subtracting(found).count
            }
            // The gold file judges French and English levels only (Data/judgments/README.md): a language welcomed without a
            // level (`levelStated` false, explanations of postings since issue 24c) states no level to judge.
            let foundLanguages = Set(profile.languages.filter { ["fr", "en"].contains($0.language) && $0.levelStated }.map { "\($0.language):\($0.level.name)" })
            let expectedLanguages = gold.languages[id] ?? []
            ltp += foundLanguages.intersection(expectedLanguages).count
            lfp += foundLanguages.subtracting(expectedLanguages).count
            lfn += expectedLanguages.subtracting(foundLanguages).count
            report.append("  \(id): +\(found.subtracting(expected).sorted()) −\(expected.subtracting(found).sorted()) languages +\(foundLanguages.subtracting(expectedLanguages).sorted()) −\(expectedLanguages.subtracting(foundLanguages).sorted())")
        }
        let precision = Double(tp) / Double(max(1, tp + fp)), recall = Double(tp) / Double(max(1, tp + fn))
        let oPrecision = Double(otp) / Double(max(1, otp + ofp)), oRecall = Double(otp) / Double(max(1, otp + ofn))
        print(String(format: "competency detection on the original 12 documents: precision %.3f, recall %.3f", oPrecision, oRecall))
        let lPrecision = Double(ltp) / Double(max(1, ltp + lfp)), lRecall = Double(ltp) / Double(max(1, ltp + lfn))
        print(String(format: "competency detection on the gold file (%d documents): precision %.3f, recall %.3f (tp %d, fp %d, fn %d)",
                     documents.count, precision, recall, tp, fp, fn))
        print(String(format: "language statements (language and level): precision %.3f, recall %.3f (tp %d, fp %d, fn %d)",
                     lPrecision, lRecall, ltp, lfp, lfn))
        print("per document, found but not in gold (+) and in gold but not found (−):\n" + report.joined(separator: "\n"))
        XCTAssertGreaterThanOrEqual(oPrecision, Self.competencyPrecisionFloor)
        XCTAssertGreaterThanOrEqual(oRecall, Self.competencyRecallFloor)
        XCTAssertGreaterThanOrEqual(precision, Self.extendedPrecisionFloor)
        XCTAssertGreaterThanOrEqual(recall, Self.extendedRecallFloor)
        XCTAssertGreaterThanOrEqual(lPrecision, Self.languagePrecisionFloor)
        XCTAssertGreaterThanOrEqual(lRecall, Self.languageRecallFloor)
    }
}
