import Foundation
import XCTest
@testable import PasserelleBench

/// `passerelle-bench gold-details` on a gold written here: its lines name what the detector finds and the gold
/// does not (FP, with the posting section), what the gold holds and the detector misses (FN, with the note),
/// and a broken gold file is an error naming the file and line.
final class GoldDetailsTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func project(gold: String) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gold-details-\(UUID().uuidString)")
        for folder in ["Data/judgments", "Data/postings", "Data/candidates"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.copyItem(at: Self.packageRoot.appendingPathComponent("Data/competencies.tsv"),
                                         to: root.appendingPathComponent("Data/competencies.tsv"))
        try gold.write(to: root.appendingPathComponent(GoldDetails.goldPath), atomically: true, encoding: .utf8)
        try "---\nid: p1\n---\nChargé·e de facilitation\n\nVos missions\nAnimer des ateliers participatifs avec les habitants.\n"
            .write(to: root.appendingPathComponent("Data/postings/p1.txt"), atomically: true, encoding: .utf8)
        try "Médiatrice culturelle. J'anime des ateliers participatifs.\n"
            .write(to: root.appendingPathComponent("Data/candidates/c1.txt"), atomically: true, encoding: .utf8)
        return root
    }

    func testFalsePositivesAndNegativesAreListedWithSectionsAndNotes() throws {
        let root = try project(gold: "doc_id\tkind\tvalue\tnote\np1\tcompetency\tprototyping\t« le gold le lit ici »\n"
                                     + "c1\tlanguage\tfr:native\t\n")
        let lines = try GoldDetails.lines(root: root)
        let p1 = lines.filter { $0.contains(" p1") }
        XCTAssertTrue(p1.first?.hasPrefix("SECTIONS p1: ") == true, lines.joined(separator: "\n"))
        XCTAssertTrue(p1.contains { $0.hasPrefix("FP p1 facilitation [") && $0.contains("«") && $0.contains(" in: ") }, lines.joined(separator: "\n"))
        XCTAssertTrue(p1.contains("FN p1 prototyping: « le gold le lit ici »"), lines.joined(separator: "\n"))
        // A CV has no sections: its false positives say `cv`; the posting's lines come first (ids in order).
        XCTAssertTrue(lines.contains { $0.hasPrefix("FP c1 ") && $0.contains(" [cv] ") }, lines.joined(separator: "\n"))
        XCTAssertFalse(lines.contains { $0.hasPrefix("SECTIONS c1") })
        XCTAssertLessThan(try XCTUnwrap(lines.firstIndex { $0.contains(" c1") }), try XCTUnwrap(lines.firstIndex { $0.contains(" p1") }))
    }

    func testABrokenGoldIsAnErrorNamingItsLine() throws {
        let root = try project(gold: "doc_id\tkind\tvalue\tnote\np1\tcompetency\tfacilitation\t\np1\tskill\tx\t\n")
        XCTAssertThrowsError(try GoldDetails.lines(root: root)) { error in
            XCTAssertTrue("\(error)".contains("competencies-gold.tsv:3: unknown kind 'skill'"), "\(error)")
        }
        let missing = try project(gold: "doc_id\tkind\tvalue\tnote\nnobody\tcompetency\tfacilitation\t\n")
        XCTAssertThrowsError(try GoldDetails.lines(root: missing)) { error in
            XCTAssertTrue("\(error)".contains("no document 'nobody'"), "\(error)")
        }
    }
}
