import Foundation
import XCTest
import PasserelleTestSupport

/// The CLI end to end, through the built binary, on the shipped data.
final class EndToEndTests: XCTestCase {
    nonisolated(unsafe) static var modelPath = ""

    /// One model of Data/postings for the whole class (indexing is the slow part).
    override class func setUp() {
        super.setUp()
        modelPath = CLI.shippedModelPath
    }

    var seeds: [URL] {
        let folder = CLI.packageRoot.appendingPathComponent("Data/postings")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix("seed-") }.sorted().map { folder.appendingPathComponent($0) }
    }

    func matches(_ result: CLI.Result) throws -> [[String: Any]] {
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(try CLI.json(result.stdout)["matches"] as? [[String: Any]])
    }

    /// What the ranking is, through the library calls `similar FILE` and `rank` make (`InProcessQueries`, one
    /// model load for the class instead of a process per query): the binary prints the same bytes
    /// (FormatsEndToEndTests), and the other tests here run it.
    func inProcessMatches(_ json: String) throws -> [[String: Any]] {
        try XCTUnwrap(try CLI.json(json)["matches"] as? [[String: Any]])
    }

    func testEachSeedPostingUsedAsAQueryFindsItselfFirst() throws {
        XCTAssertEqual(seeds.count, 5)
        for seed in seeds {
            let id = seed.deletingPathExtension().lastPathComponent
            let m = try inProcessMatches(try InProcessQueries.similar(file: seed.path, service: try TestFixtures.indexedService, top: 3))
            XCTAssertEqual(m.first?["id"] as? String, id, "\(seed.lastPathComponent) as a query")
            XCTAssertEqual(try XCTUnwrap(m.first?["score"] as? Double), 1, accuracy: 1e-3)
        }
    }

    func testRankReturnsSortedScoresInRangeWithTermsThatSumToTheScore() throws {
        let cvs = try FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.appendingPathComponent("Data/candidates").path)
        XCTAssertGreaterThanOrEqual(cvs.count, 4)
        let result = try CLI.run(["rank", "--cv", "Data/candidates/cv-fr-mediation.txt", "--model", Self.modelPath, "--format", "json", "--top", "10"])
        let m = try matches(result)
        XCTAssertEqual(m.count, 10)
        let scores = m.compactMap { $0["score"] as? Double }
        XCTAssertEqual(scores.count, 10)
        XCTAssertEqual(scores, scores.sorted(by: >))
        XCTAssertTrue(scores.allSatisfy { (-1...1).contains($0) })
        XCTAssertEqual(m.compactMap { $0["rank"] as? Int }, Array(1...10))
        for match in m {
            let terms = try XCTUnwrap(match["terms"] as? [[String: Any]])
            let sum = terms.compactMap { $0["contribution"] as? Double }.reduce(0, +)
            XCTAssertEqual(sum, try XCTUnwrap(match["score"] as? Double), accuracy: 1e-4)
        }
        let json = try CLI.json(result.stdout)
        XCTAssertNotNil(json["query"] as? [String: Any])
        let shipped = try FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.appendingPathComponent("Data/postings").path).count
        XCTAssertEqual((json["model"] as? [String: Any])?["postings"] as? Int, shipped)
    }

    func testACVWrittenForARoleRanksThatRoleInTheTopThree() throws {
        let pairs = [
            ("cv-fr-mediation.txt", "seed-exeko-pratiques"),
            ("cv-fr-participation.txt", "seed-rouen-participation"),
            ("cv-fr-design.txt", "seed-region-design"),
            ("cv-mixed-transition.txt", "seed-college-transitions"),
        ]
        for (cv, posting) in pairs {
            let m = try inProcessMatches(try InProcessQueries.rank(cv: "Data/candidates/\(cv)", service: try TestFixtures.indexedService, top: 3))
            XCTAssertTrue(m.contains { $0["id"] as? String == posting }, "\(cv): top 3 are \(m.compactMap { $0["id"] as? String })")
        }
    }

    func testSimilarByIDExcludesItselfAndTheModelRoundTripsInANewProcess() throws {
        let first = try matches(try CLI.run(["similar", "seed-region-design", "--model", Self.modelPath, "--format", "json", "--top", "5"]))
        XCTAssertEqual(first.count, 5)
        XCTAssertFalse(first.contains { $0["id"] as? String == "seed-region-design" })
        let again = try matches(try CLI.run(["similar", "seed-region-design", "--model", Self.modelPath, "--format", "json", "--top", "5"]))
        XCTAssertEqual(first.compactMap { $0["id"] as? String }, again.compactMap { $0["id"] as? String })
        XCTAssertEqual(first.compactMap { $0["score"] as? Double }, again.compactMap { $0["score"] as? Double })
        let info = try CLI.json(try CLI.run(["info", "--model", Self.modelPath, "--format", "json"]).stdout)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(info["postings"] as? Int), 45)
        XCTAssertGreaterThan(try XCTUnwrap(info["vocabulary"] as? Int), 1000)
        XCTAssertGreaterThan(try XCTUnwrap(info["explained_variance"] as? Double), 0.5)
    }

    func testTableOutputIsReadable() throws {
        let r = try CLI.run(["rank", "--cv", "Data/candidates/cv-fr-design.txt", "--model", Self.modelPath, "--top", "3"], environment: ["COLUMNS": "120"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        // Per match: the ranked line, where the job is (when the posting says), then shared, missing,
        // languages and terms.
        XCTAssertTrue(lines.allSatisfy { $0.count <= 120 }, lines.joined(separator: "\n"))
        let starts = lines.indices.filter { lines[$0].hasPrefix("1  ") || lines[$0].hasPrefix("2  ") || lines[$0].hasPrefix("3  ") }
        XCTAssertEqual(starts.count, 3, lines.joined(separator: "\n"))
        // A header row names the columns, then the matches.
        XCTAssertEqual(starts.first, 1)
        XCTAssertTrue(lines[0].hasPrefix("#  score  fit") && lines[0].hasSuffix("  id"), lines[0])
        for (n, start) in starts.enumerated() {
            let end = n + 1 < starts.count ? starts[n + 1] : lines.count
            var block = lines[(start + 1) ..< end].map { $0.trimmingCharacters(in: .whitespaces) }
            if block.first?.hasPrefix("where: ") == true { block.removeFirst() }
            XCTAssertEqual(block.count, 3, "match \(n + 1): \(block)")
            XCTAssertTrue(block[0].hasPrefix("shared: "), block[0])
            XCTAssertTrue(block[1].hasPrefix("missing: "), block[1])
            XCTAssertTrue(block[2].hasPrefix("languages: "), block[2])
        }
        XCTAssertTrue(lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("where: ") }, "the shipped postings say where they are")
    }

    func testDefaultModelIsBuiltOnFirstUseCachedAndRebuiltWhenPostingsChange() throws {
        let home = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(at: home.appendingPathComponent("Data"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("Data/postings"), to: home.appendingPathComponent("Data/postings"))
        let cv = CLI.packageRoot.appendingPathComponent("Data/candidates/cv-fr-participation.txt").path
        let first = try CLI.run(["rank", "--cv", cv, "--format", "json"], in: home)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("building the default model"), first.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: home.appendingPathComponent("Models/default.plm").path))
        let second = try CLI.run(["rank", "--cv", cv, "--format", "json"], in: home)
        XCTAssertEqual(second.stderr, "")
        XCTAssertEqual(second.stdout, first.stdout)
        // PASSERELLE_HOME works from anywhere; a changed posting triggers a rebuild.
        try "---\nid: extra-posting\ntitle: Extra\n---\nAnimation de la concertation citoyenne et de la participation des habitants, ateliers.".write(
            to: home.appendingPathComponent("Data/postings/extra-posting.txt"), atomically: true, encoding: .utf8)
        let third = try CLI.run(["info", "--format", "json"], in: CLI.temporaryDirectory(), environment: ["PASSERELLE_HOME": home.path])
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertTrue(third.stderr.contains("changed"), third.stderr)
        let shipped = try FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.appendingPathComponent("Data/postings").path).count
        XCTAssertEqual(try CLI.json(third.stdout)["postings"] as? Int, shipped + 1)
    }

    func testAddAndRemoveUpdateTheModelFile() throws {
        let dir = CLI.temporaryDirectory()
        let model = dir.appendingPathComponent("m.plm").path
        try FileManager.default.copyItem(atPath: Self.modelPath, toPath: model)
        let jsonl = dir.appendingPathComponent("new.jsonl")
        try """
        {"id": "new-1", "title": "Médiateur·rice culturel·le", "text": "Médiation culturelle auprès des publics du musée, ateliers et visites, partenariats avec les écoles.", "lang": "fr", "city": "Québec"}
        {"id": "new-2", "title": "Chargé(e) de concertation", "text": "Concertation et participation citoyenne : animer des ateliers avec les habitant.e.s du quartier."}
        """.write(to: jsonl, atomically: true, encoding: .utf8)
        let add = try CLI.run(["add", jsonl.path, "--model", model])
        XCTAssertEqual(add.status, 0, add.stderr)
        var info = try CLI.json(try CLI.run(["info", "--model", model, "--format", "json", "--ids"]).stdout)
        XCTAssertEqual(info["postings_added"] as? Int, 2)
        XCTAssertTrue((info["posting_ids"] as? [String])?.contains("new-2") ?? false)
        let again = try CLI.run(["add", jsonl.path, "--model", model])
        XCTAssertNotEqual(again.status, 0)
        XCTAssertTrue(again.stderr.contains("duplicate"), again.stderr)
        XCTAssertEqual(try CLI.run(["remove", "new-1", "new-2", "--model", model]).status, 0)
        info = try CLI.json(try CLI.run(["info", "--model", model, "--format", "json", "--ids"]).stdout)
        XCTAssertFalse((info["posting_ids"] as? [String])?.contains("new-2") ?? true)
    }

    func testBadInputGivesAClearMessageAndANonZeroExit() throws {
        let dir = CLI.temporaryDirectory()
        let empty = dir.appendingPathComponent("empty.txt")
        try Data().write(to: empty)
        let cases: [([String], String)] = [
            (["rank", "--cv", empty.path, "--model", Self.modelPath], "empty.txt"),
            (["rank", "--cv", dir.appendingPathComponent("missing.txt").path, "--model", Self.modelPath], "missing.txt"),
            (["similar", "no-such-posting", "--model", Self.modelPath], "no-such-posting"),
            (["rank", "--cv", "Data/candidates/cv-fr-design.txt", "--model", dir.appendingPathComponent("nope.plm").path], "nope.plm"),
            (["remove", "no-such-posting", "--model", Self.modelPath], "no-such-posting"),
        ]
        for (arguments, mention) in cases {
            let r = try CLI.run(arguments)
            XCTAssertNotEqual(r.status, 0, "\(arguments)")
            XCTAssertTrue(r.stderr.contains(mention), "\(arguments): \(r.stderr)")
            XCTAssertTrue(r.stdout.isEmpty, "\(arguments): \(r.stdout)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "one clear line: \(r.stderr)")
        }
        let few = dir.appendingPathComponent("few.txt")
        try "Zzqx wvvk.".write(to: few, atomically: true, encoding: .utf8)
        let r = try CLI.run(["rank", "--cv", few.path, "--model", Self.modelPath])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("too little text"), r.stderr)
    }
}

/// Explanations of matches (competencies with evidence, language fit, term contributions).
final class ExplanationTests: XCTestCase {
    nonisolated(unsafe) static var modelPath = ""

    override class func setUp() {
        super.setUp()
        modelPath = CLI.shippedModelPath
    }

    /// The matches `rank --cv Data/candidates/<cv>.txt --format json --top <top>` prints, through the library
    /// calls the command makes (`InProcessQueries`: one model load for the class, not a process per CV; the
    /// binary prints the same bytes — JudgedCollectionBinaryTests — and `batch --explain` below is the binary).
    func rank(_ cv: String, top: Int) throws -> [[String: Any]] {
        let json = try InProcessQueries.rank(cv: "Data/candidates/\(cv).txt", service: try TestFixtures.indexedService, top: top)
        return try XCTUnwrap(try CLI.json(json)["matches"] as? [[String: Any]])
    }

    func text(_ path: String) throws -> [Unicode.Scalar] {
        Array(try String(contentsOf: CLI.packageRoot.appendingPathComponent(path), encoding: .utf8).unicodeScalars)
    }

    func testEachMatchCarriesSharedAndMissingCompetenciesWithEvidenceLanguageFitAndTerms() throws {
        let matches = try rank("cv-fr-participation", top: 5)
        let cv = try text("Data/candidates/cv-fr-participation.txt")
        var sawShared = false, sawMissing = false
        for m in matches {
            let competencies = try XCTUnwrap(m["competencies"] as? [String: Any])
            let shared = try XCTUnwrap(competencies["shared"] as? [[String: Any]])
            let missing = try XCTUnwrap(competencies["missing"] as? [[String: Any]])
            sawShared = sawShared || !shared.isEmpty
            sawMissing = sawMissing || !missing.isEmpty
            for s in shared {
                XCTAssertNotNil(s["id"] as? String)
                XCTAssertFalse((s["label"] as? String ?? "").isEmpty)
                let cvEvidence = try XCTUnwrap(s["cv_evidence"] as? [String: Any])
                let start = try XCTUnwrap(cvEvidence["start"] as? Int), end = try XCTUnwrap(cvEvidence["end"] as? Int)
                let quote = try XCTUnwrap(cvEvidence["quote"] as? String)
                // The quote surrounds the matched span, which points into the CV's text as read (the
                // front matter stripped): the span's words appear in the quote.
                XCTAssertLessThan(start, end)
                XCTAssertFalse(quote.isEmpty)
                XCTAssertNotNil(s["posting_evidence"] as? [String: Any])
            }
            for x in missing { XCTAssertNotNil((x["posting_evidence"] as? [String: Any])?["quote"] as? String) }
            let sharedIDs = Set(shared.compactMap { $0["id"] as? String }), missingIDs = Set(missing.compactMap { $0["id"] as? String })
            XCTAssertTrue(sharedIDs.isDisjoint(with: missingIDs))
            let languages = try XCTUnwrap(m["languages"] as? [[String: Any]])
            for l in languages {
                XCTAssertTrue(["met", "partly", "unmet"].contains(l["fit"] as? String ?? ""), "\(l)")
                XCTAssertNotNil(l["required"] as? String)
            }
            let terms = try XCTUnwrap(m["terms"] as? [[String: Any]])
            let sum = terms.compactMap { $0["contribution"] as? Double }.reduce(0, +)
            XCTAssertEqual(sum, try XCTUnwrap(m["score"] as? Double), accuracy: 1e-4)
        }
        XCTAssertTrue(sawShared)
        XCTAssertTrue(sawMissing)
        XCTAssertFalse(cv.isEmpty)
        // The participation CV shares citizen participation with the Rouen posting, quoted from both.
        let rouen = try XCTUnwrap(matches.first { $0["id"] as? String == "seed-rouen-participation" })
        let shared = try XCTUnwrap((rouen["competencies"] as? [String: Any])?["shared"] as? [[String: Any]])
        let participation = try XCTUnwrap(shared.first { $0["id"] as? String == "citizen-participation" })
        let quote = try XCTUnwrap((participation["posting_evidence"] as? [String: Any])?["quote"] as? String)
        XCTAssertTrue(quote.lowercased().contains("participation"), quote)
    }

    func testAnEnglishCVAndItsFrenchVersionGetTheSameTopFive() throws {
        let french = try rank("cv-fr-design", top: 5).compactMap { $0["id"] as? String }
        let english = try rank("cv-en-design", top: 5).compactMap { $0["id"] as? String }
        XCTAssertEqual(french.count, 5)
        XCTAssertEqual(Set(french), Set(english), "French top 5 \(french), English top 5 \(english)")
    }

    func testLanguageFitReadsRequirementsAndDeclarations() throws {
        // The Exeko posting asks for excellent French and good English; the mediation CV declares native
        // French and good English.
        let matches = try rank("cv-fr-mediation", top: 10)
        let exeko = try XCTUnwrap(matches.first { $0["id"] as? String == "seed-exeko-pratiques" })
        let languages = try XCTUnwrap(exeko["languages"] as? [[String: Any]])
        let french = try XCTUnwrap(languages.first { $0["language"] as? String == "fr" })
        XCTAssertEqual(french["required"] as? String, "excellent")
        XCTAssertEqual(french["fit"] as? String, "met")
        XCTAssertNotNil(french["required_evidence"] as? [String: Any])
        let english = try XCTUnwrap(languages.first { $0["language"] as? String == "en" })
        XCTAssertEqual(english["required"] as? String, "good")
        XCTAssertEqual(english["fit"] as? String, "met")
    }

    func testCompetenciesCommandListsWhatADocumentShowsWithEvidence() throws {
        let r = try CLI.run(["competencies", "Data/postings/seed-rouen-participation.txt", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try CLI.json(r.stdout)
        XCTAssertEqual((json["language"] as? [String: Any])?["code"] as? String, "fr")
        let competencies = try XCTUnwrap(json["competencies"] as? [[String: Any]])
        let ids = competencies.compactMap { $0["id"] as? String }
        XCTAssertTrue(ids.contains("citizen-participation"))
        XCTAssertTrue(ids.contains("public-consultation"))
        let scalars = try text("Data/postings/seed-rouen-participation.txt")
        // Offsets point into the document text (after the front matter, as the reader gives it).
        let body = String(String.UnicodeScalarView(scalars)).components(separatedBy: "\n---\n").dropFirst().joined(separator: "\n---\n")
        let bodyScalars = Array(body.unicodeScalars)
        for c in competencies {
            let weight = try XCTUnwrap(c["weight"] as? Double)
            XCTAssertTrue(weight > 0 && weight <= 1)
            for e in try XCTUnwrap(c["evidence"] as? [[String: Any]]) {
                let start = try XCTUnwrap(e["start"] as? Int), end = try XCTUnwrap(e["end"] as? Int)
                XCTAssertTrue(0 <= start && start < end && end <= bodyScalars.count)
                let span = String(String.UnicodeScalarView(bodyScalars[start..<end]))
                XCTAssertTrue((e["quote"] as? String ?? "").contains(span), "\(span) not in its quote")
            }
        }
    }
}

extension ExplanationTests {
    func testBatchJoinsTheSameExplanationsAsRank() throws {
        let r = try CLI.run(["batch", "--candidates", "Data/candidates", "--model", Self.modelPath, "--top", "3", "--format", "jsonl", "--explain", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = try r.stdout.split(separator: "\n").map { try CLI.json(String($0)) }
        let candidates = rows.filter { $0["direction"] as? String == "candidate" }
        XCTAssertEqual(candidates.count, try FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.appendingPathComponent("Data/candidates").path).count)
        let participation = try XCTUnwrap(candidates.first { $0["id"] as? String == "cv-fr-participation" })
        let matches = try XCTUnwrap(participation["matches"] as? [[String: Any]])
        let ranked = try rank("cv-fr-participation", top: 3)
        XCTAssertEqual(matches.compactMap { $0["id"] as? String }, ranked.compactMap { $0["id"] as? String })
        for (b, m) in zip(matches, ranked) {
            let explanation = try XCTUnwrap(b["explanation"] as? [String: Any])
            let shared = try XCTUnwrap((explanation["competencies"] as? [String: Any])?["shared"] as? [[String: Any]])
            let rankShared = try XCTUnwrap((m["competencies"] as? [String: Any])?["shared"] as? [[String: Any]])
            XCTAssertEqual(shared.compactMap { $0["id"] as? String }, rankShared.compactMap { $0["id"] as? String })
            XCTAssertNotNil(explanation["languages"] as? [[String: Any]])
            XCTAssertLessThanOrEqual(try XCTUnwrap(explanation["terms"] as? [[String: Any]]).count, 10)
        }
        // Posting rows carry no explanation; without --explain, candidate rows carry none either.
        let plain = try CLI.run(["batch", "--candidates", "Data/candidates", "--model", Self.modelPath, "--top", "3", "--format", "jsonl", "--quiet"])
        XCTAssertFalse(plain.stdout.contains("\"explanation\""))
    }
}
