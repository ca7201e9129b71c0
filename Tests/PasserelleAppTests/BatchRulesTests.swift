import Foundation
import XCTest
import Passerelle
@testable import PasserelleApp

/// The rules between a batch's options (`BatchSettings.brokenRule`): one home for `passerelle batch`'s
/// option checks and the batch run itself, so that the server and any program meet the same rules.
final class BatchRulesTests: XCTestCase {
    func settings(_ format: BatchFormat = .jsonl, explain: Bool = false, shard: (Int, Int) = (1, 1), minScore: Float? = nil) -> BatchSettings {
        var s = BatchSettings(candidates: [ShippedModel.root.appendingPathComponent("Data/candidates").path])
        s.format = format
        s.explain = explain
        s.shard = shard
        s.minScore = minScore
        return s
    }

    func testEachRuleInTheCLIsWordsWithItsFrench() {
        let cases: [(BatchSettings, Bool, Bool, String)] = [
            (settings(), true, false, "--resume needs --out FILE (a run on stdout cannot be resumed)"),
            (settings(.csv, explain: true), false, true, "--explain needs --format jsonl or json (a CSV row has no room for explanations)"),
            (settings(.html, explain: true), true, true, "--explain needs --format jsonl or json (the html shortlist explains its candidates already)"),
            (settings(.html, shard: (2, 2)), true, true, "--format html is written once the run is over: it cannot be resumed (drop --resume)"),
            (settings(.html, shard: (2, 2)), false, true, "--format html needs the whole pool (a shard's shortlists are partial): drop --shard"),
            (settings(minScore: 1.5), false, false, "--min-score must be a cosine in [-1, 1]"),
            (settings(minScore: .nan), false, false, "--min-score must be a cosine in [-1, 1]"),
        ]
        for (s, resume, toFile, message) in cases {
            let broken = s.brokenRule(resume: resume, toFile: toFile)
            XCTAssertEqual(broken?.description, message)
            XCTAssertNotNil(broken?.frenchMessage, message)
        }
        // What is allowed: explanations in JSON Lines and JSON, html of the whole pool to a file or stdout,
        // a shard resumed, the ends of the cosine range.
        XCTAssertNil(settings(.jsonl, explain: true).brokenRule(resume: true, toFile: true))
        XCTAssertNil(settings(.json, explain: true, minScore: -1).brokenRule(resume: false, toFile: false))
        XCTAssertNil(settings(.html, minScore: 1).brokenRule(resume: false, toFile: true))
        XCTAssertNil(settings(.html, shard: (1, 1)).brokenRule(resume: false, toFile: false))
        XCTAssertNil(settings(.csv, shard: (3, 4)).brokenRule(resume: true, toFile: true))
    }

    /// The batch run applies the rules for every caller, before anything is read or written: a program (or
    /// the server) asking for explanations in CSV or a minimum score of 2 got rows without them, or no
    /// match at all, where the CLI refused the same request.
    func testTheBatchRunRefusesWhatTheCLIRefuses() throws {
        let loaded = try ShippedModel.loaded()
        final class Collector: BatchOutput {
            var text = ""
            func write(_ text: String) { self.text += text }
            func flush() throws {}
            func sync() throws {}
            var bytes: Int { text.utf8.count }
        }
        for (s, message) in [(settings(.csv, explain: true), "a CSV row has no room for explanations"),
                             (settings(minScore: 2), "--min-score must be a cosine in [-1, 1]"),
                             (settings(.html, shard: (1, 2)), "drop --shard")] {
            let out = Collector()
            XCTAssertThrowsError(try BatchRun.run(s, loaded: loaded, destination: .stream(out))) { error in
                XCTAssertTrue("\(error)".contains(message), "\(error)")
            }
            XCTAssertEqual(out.text, "", "nothing written")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("batch-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("shortlist.html").path
        XCTAssertThrowsError(try BatchRun.run(settings(.html), loaded: loaded, destination: .file(path: file, resume: true))) { error in
            XCTAssertEqual("\(error)", "--format html is written once the run is over: it cannot be resumed (drop --resume)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [], "no file, no checkpoint")
    }
}
