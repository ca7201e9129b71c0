import Foundation
import XCTest
import PasserelleTestSupport

/// `passerelle batch` and `merge` end to end: formats, shards + merge, resume after kill -9, bad input.
final class BatchTests: XCTestCase {
    nonisolated(unsafe) static var modelPath = ""
    nonisolated(unsafe) static var folder = URL(fileURLWithPath: "/")
    nonisolated(unsafe) static var poolPath = ""

    override class func setUp() {
        super.setUp()
        folder = CLI.temporaryDirectory()
        modelPath = CLI.shippedModelPath
        poolPath = folder.appendingPathComponent("pool.jsonl").path
        try? makePool(count: 240).write(toFile: poolPath, atomically: true, encoding: .utf8)
    }

    /// A synthetic pool: each candidate mixes sentences of the shipped CVs and postings (deterministic),
    /// ids not in input order, plus two copies of one text under other ids (ties) and one text too short.
    static func makePool(count: Int) -> String {
        var sentences = [String]()
        for sub in ["Data/candidates", "Data/postings"] {
            let dir = CLI.packageRoot.appendingPathComponent(sub)
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted() {
                let text = (try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)) ?? ""
                sentences += text.split(whereSeparator: { $0 == "\n" || $0 == "." }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count > 40 }
            }
        }
        var state: UInt64 = 2024
        func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
        var lines = [String]()
        func line(_ id: String, _ title: String, _ text: String) -> String {
            let object: [String: String] = ["id": id, "title": title, "text": text]
            let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }
        var firstText = ""
        for c in 0 ..< count {
            let text = (0 ..< 10).map { _ in sentences[next() % sentences.count] }.joined(separator: ". ")
            if c == 0 { firstText = text }
            lines.append(line(String(format: "cand-%05d", (c * 7919) % 100_003), "Candidate \(c), \"quoted\", with commas", text))
            if c == count / 2 {
                lines.append(line("zz-copy", "Copy Z", firstText))
                lines.append(line("aa-copy", "Copy A", firstText))
                lines.append(line("too-short", "Short", "Zzqx wvvk."))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func batch(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let r = try CLI.run(["batch", "--model", Self.modelPath, "--quiet"] + arguments)
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        return r.stdout
    }

    func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    // MARK: Formats

    func testRowsAreRankedBothWaysAndTheThreeFormatsAgree() throws {
        let jsonl = try jsonLines(try batch(["--candidates", Self.poolPath, "--top", "4"]))
        let candidates = jsonl.filter { $0["direction"] as? String == "candidate" }
        let postings = jsonl.filter { $0["direction"] as? String == "posting" }
        XCTAssertEqual(candidates.count, 243)
        XCTAssertEqual(postings.count, try FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.appendingPathComponent("Data/postings").path).count)
        XCTAssertEqual(jsonl.firstIndex { $0["direction"] as? String == "posting" }, candidates.count, "candidate rows come first")
        let short = try XCTUnwrap(candidates.first { $0["id"] as? String == "too-short" })
        XCTAssertEqual((short["matches"] as? [Any])?.count, 0)
        XCTAssertTrue((short["skipped"] as? String)?.contains("too little text") == true)
        for row in jsonl where row["id"] as? String != "too-short" {
            let matches = try XCTUnwrap(row["matches"] as? [[String: Any]])
            XCTAssertEqual(matches.count, 4)
            XCTAssertEqual(matches.compactMap { $0["rank"] as? Int }, [1, 2, 3, 4])
            let scores = matches.compactMap { $0["score"] as? Double }
            XCTAssertEqual(scores, scores.sorted(by: >))
            XCTAssertTrue(scores.allSatisfy { $0 > -1.0001 && $0 < 1.0001 })
        }
        // The two copies tie with the first candidate wherever they appear; ties go by id.
        for row in postings {
            let ids = try XCTUnwrap(row["matches"] as? [[String: Any]]).compactMap { $0["id"] as? String }
            let copies = ids.filter { ["aa-copy", "zz-copy", "cand-00000"].contains($0) }
            XCTAssertEqual(copies, copies.sorted(), "tied candidates ordered by id")
        }

        // CSV: one line per match, same (direction, id, rank, match, score) as JSON Lines.
        let csv = try batch(["--candidates", Self.poolPath, "--top", "4", "--format", "csv"])
        var csvLines = csv.split(separator: "\n").map(String.init)
        XCTAssertEqual(csvLines.removeFirst(), "direction,query_id,rank,match_id,match_title,score")
        var flattened = [String]()
        for row in jsonl {
            for m in row["matches"] as! [[String: Any]] {
                flattened.append("\(row["direction"]!)|\(row["id"]!)|\(m["rank"]!)|\(m["id"]!)")
            }
        }
        XCTAssertEqual(csvLines.count, flattened.count)
        XCTAssertTrue(csvLines.contains { $0.contains(#", ""quoted"", with commas","#) }, "titles with commas and quotes are quoted")

        // JSON: one document with both lists, equal to the JSON Lines rows.
        let json = try CLI.json(try batch(["--candidates", Self.poolPath, "--top", "4", "--format", "json"]))
        let c = try XCTUnwrap(json["candidates"] as? [[String: Any]]), p = try XCTUnwrap(json["postings"] as? [[String: Any]])
        XCTAssertEqual(c.count, candidates.count)
        XCTAssertEqual(p.count, postings.count)
        XCTAssertEqual(NSArray(array: c + p), NSArray(array: jsonl))
    }

    /// Issue 14 item 4: with --min-score no match below it is listed, either way; the rows above it are
    /// those of the run without it (a posting with nobody above the cut gets an empty row, not a
    /// "top candidate" at 1e-8); --explain joins a fit label.
    func testMinScoreLeavesOutWeakMatches() throws {
        let all = try jsonLines(try batch(["--candidates", "Data/candidates", "--top", "5"]))
        let cut = try jsonLines(try batch(["--candidates", "Data/candidates", "--top", "5", "--min-score", "0.34", "--explain"]))
        XCTAssertEqual(all.count, cut.count)
        var emptied = 0
        for (a, c) in zip(all, cut) {
            XCTAssertEqual(a["id"] as? String, c["id"] as? String)
            let am = try XCTUnwrap(a["matches"] as? [[String: Any]]), cm = try XCTUnwrap(c["matches"] as? [[String: Any]])
            let kept = am.filter { ($0["score"] as? Double ?? 0) >= Double(Float(0.34)) }
            XCTAssertEqual(cm.compactMap { $0["id"] as? String }, kept.compactMap { $0["id"] as? String })
            XCTAssertTrue(cm.allSatisfy { ($0["score"] as? Double ?? 0) >= 0.34 - 1e-7 })
            if cm.isEmpty && !am.isEmpty { emptied += 1 }
            if c["direction"] as? String == "candidate" {
                for m in cm { XCTAssertNotNil((m["explanation"] as? [String: Any])?["fit"] as? String) }
            }
        }
        XCTAssertGreaterThan(emptied, 0, "some posting has nobody above 0.34 among the sample CVs")
        let bad = try CLI.run(["batch", "--model", Self.modelPath, "--candidates", "Data/candidates", "--min-score", "2"])
        XCTAssertNotEqual(bad.status, 0)
    }

    func testCandidateRowsAgreeWithRank() throws {
        let rows = try jsonLines(try batch(["--candidates", "Data/candidates", "--top", "5"]))
        let cvs = try FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.appendingPathComponent("Data/candidates").path).sorted()
        XCTAssertEqual(rows.filter { $0["direction"] as? String == "candidate" }.count, cvs.count)
        for name in cvs {
            let id = (name as NSString).deletingPathExtension
            // batch scores raw similarity: compare with rank's raw order (the language rule re-ranks rank's output).
            // What `rank --cv Data/candidates/NAME --model <shipped> --format json --top 5 --ignore-language-fit`
            // prints, by rank's library calls in this process (JudgedCollectionBinaryTests: the binary's bytes).
            let printed = try InProcessQueries.rank(cv: "Data/candidates/\(name)", service: try TestFixtures.indexedService, top: 5,
                                                    ignoreLanguageFit: true)
            let expected = try XCTUnwrap(try CLI.json(printed)["matches"] as? [[String: Any]])
            let row = try XCTUnwrap(rows.first { $0["direction"] as? String == "candidate" && $0["id"] as? String == id }, id)
            let got = try XCTUnwrap(row["matches"] as? [[String: Any]])
            XCTAssertEqual(got.compactMap { $0["id"] as? String }, expected.compactMap { $0["id"] as? String }, id)
            for (g, e) in zip(got, expected) {
                XCTAssertEqual(try XCTUnwrap(g["score"] as? Double), try XCTUnwrap(e["score"] as? Double), accuracy: 2e-6)
            }
        }
    }

    // MARK: Shards

    func testShardsConcatenateToTheCandidateRowsAndMergeToThePostingRows() throws {
        for format in ["jsonl", "csv", "json"] {
            // Same block size in every run (the default depends only on the model): blocks then have one
            // sgemm shape, and a candidate's scores do not depend on where the pool was cut.
            let whole = folder(format).appendingPathComponent("whole.\(format)").path
            _ = try batch(["--candidates", Self.poolPath, "--top", "5", "--format", format, "--out", whole, "--block-size", "16"])
            var shards = [String]()
            for i in 1 ... 3 {
                let path = folder(format).appendingPathComponent("shard-\(i).\(format)").path
                _ = try batch(["--candidates", Self.poolPath, "--top", "5", "--format", format, "--out", path, "--shard", "\(i)/3", "--block-size", "16"])
                shards.append(path)
            }
            if format == "jsonl" {
                let candidateLines = { (text: String) in text.split(separator: "\n").filter { $0.hasPrefix("{\"direction\": \"candidate\"") } }
                let concatenated = try shards.flatMap { candidateLines(try read($0)) }
                XCTAssertTrue(concatenated == candidateLines(try read(whole)), "shard candidate rows concatenated equal the unsharded ones")
                XCTAssertTrue(try shards.allSatisfy { candidateLines(try read($0)).count < 243 }, "each shard scores only its slice")
            }
            let merged = folder(format).appendingPathComponent("merged.\(format)").path
            let r = try CLI.run(["merge"] + shards + ["--top", "5", "--format", format, "--out", merged])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(try read(merged) == read(whole), "merged \(format) shards equal the unsharded run byte for byte")
        }
        // Overlapping inputs are refused.
        let shard = folder("jsonl").appendingPathComponent("shard-1.jsonl").path
        let r = try CLI.run(["merge", shard, shard])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("overlap"), r.stderr)
    }

    func folder(_ name: String) -> URL {
        let url = Self.folder.appendingPathComponent(name)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    // MARK: Resume

    func testResumeAfterKill9LosesAndDuplicatesNothing() throws {
        for format in ["jsonl", "json"] {
            let dir = folder("resume-\(format)")
            let reference = dir.appendingPathComponent("reference.\(format)").path
            _ = try batch(["--candidates", Self.poolPath, "--top", "3", "--format", format, "--out", reference, "--block-size", "16"])
            let out = dir.appendingPathComponent("out.\(format)").path
            let arguments = ["batch", "--model", Self.modelPath, "--quiet", "--candidates", Self.poolPath, "--top", "3", "--format", format,
                             "--out", out, "--block-size", "16", "--checkpoint-interval", "0"]
            let process = Process()
            process.executableURL = CLI.binary
            // The run holds after 4 blocks (64 rows, a checkpoint written) until it is killed: no race with the
            // end of the run, whatever the load.
            process.arguments = arguments + ["--hold-after-blocks", "4"]
            process.currentDirectoryURL = CLI.packageRoot
            process.standardOutput = FileHandle.nullDevice
            let said = ChildOutput()
            process.standardError = said.pipe
            try process.run()
            defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
            // Wait for the hold (after the first checkpoint and some rows), then kill -9 mid-run. The rows of a
            // run in progress are in FILE.partial; FILE appears only when the run completes (issue 23).
            let checkpoint = out + ".checkpoint"
            try said.wait(for: "holding")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationReason, .uncaughtSignal, "the run must be killed before it ends")
            XCTAssertTrue(FileManager.default.fileExists(atPath: checkpoint))
            XCTAssertFalse(FileManager.default.fileExists(atPath: out), "FILE is not there until the run completes")
            let partial = try read(out + ".partial")
            XCTAssertGreaterThan(partial.split(separator: "\n").count, 20)
            XCTAssertFalse(partial.contains("\"direction\": \"posting\""))

            let resumed = try CLI.run(arguments + ["--resume"])
            XCTAssertEqual(resumed.status, 0, resumed.stderr)
            XCTAssertTrue(try read(out) == read(reference), "resumed \(format) output equals an uninterrupted run")
            XCTAssertFalse(FileManager.default.fileExists(atPath: checkpoint), "the checkpoint is removed when the run completes")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out + ".partial"), "and FILE.partial is renamed to FILE")
        }
    }

    func testACheckpointOfAnotherRunIsRefused() throws {
        let dir = folder("other-run")
        let out = dir.appendingPathComponent("out.jsonl").path
        let args = ["batch", "--model", Self.modelPath, "--quiet", "--candidates", Self.poolPath, "--out", out, "--block-size", "16",
                    "--checkpoint-interval", "0"]
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = args + ["--hold-after-blocks", "1"]
        process.currentDirectoryURL = CLI.packageRoot
        process.standardOutput = FileHandle.nullDevice
        let said = ChildOutput()
        process.standardError = said.pipe
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        try said.wait(for: "holding")
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + ".checkpoint"), "the first block wrote a checkpoint")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let r = try CLI.run(args + ["--resume", "--top", "7"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("belongs to another run"), r.stderr)
    }

    // MARK: Bad input

    func testBadInputIsAClearErrorNamingTheFileAndLine() throws {
        let dir = folder("bad")
        let bad = dir.appendingPathComponent("bad.jsonl").path
        try "{\"id\": \"a\", \"text\": \"Médiation culturelle et ateliers avec les publics du musée, projets participatifs.\"}\n{not json}\n".write(toFile: bad, atomically: true, encoding: .utf8)
        var r = try CLI.run(["batch", "--model", Self.modelPath, "--candidates", bad])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("bad.jsonl:2"), r.stderr)

        r = try CLI.run(["batch", "--model", Self.modelPath, "--candidates", bad, "--skip-invalid"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("1 invalid record skipped"), r.stderr)
        XCTAssertEqual(r.stdout.split(separator: "\n").filter { $0.contains("\"direction\": \"candidate\"") }.count, 1)

        let duplicate = dir.appendingPathComponent("dup.jsonl").path
        try "{\"id\": \"a\", \"text\": \"un texte\"}\n{\"id\": \"a\", \"text\": \"un autre texte\"}\n".write(toFile: duplicate, atomically: true, encoding: .utf8)
        r = try CLI.run(["batch", "--model", Self.modelPath, "--candidates", duplicate])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("duplicate candidate id 'a'"), r.stderr)

        for (args, message) in [(["--candidates", bad, "--resume"], "--resume needs --out"),
                                (["--candidates", bad, "--shard", "4/3"], "--shard must be"),
                                (["--candidates", dir.appendingPathComponent("missing").path], "no such file"),
                                (["--candidates", bad, "--top", "0"], "--top must be")] {
            r = try CLI.run(["batch", "--model", Self.modelPath] + args)
            XCTAssertNotEqual(r.status, 0, args.joined(separator: " "))
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
            XCTAssertFalse(r.stderr.contains("Fatal error"), r.stderr)
        }

        let notRows = dir.appendingPathComponent("rows.jsonl").path
        try "{\"id\": \"x\"}\n".write(toFile: notRows, atomically: true, encoding: .utf8)
        r = try CLI.run(["merge", notRows])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("rows.jsonl:1"), r.stderr)
    }

    // MARK: Issue 11: CSV pools, empty pools, per-record limits, CSV output

    /// Two CSV rows of text from the shipped CVs, with the given line ending.
    func csvPool(_ name: String, lineEnding: String, extra: [String] = []) throws -> String {
        let dir = CLI.packageRoot.appendingPathComponent("Data/candidates")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().prefix(2)
        var rows = ["id,title,text"]
        for (i, name) in names.enumerated() {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            rows.append("c\(i + 1),\"CV \(i + 1), \"\"quoted\"\"\",\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
        }
        rows += extra
        let path = folder("csv-pool").appendingPathComponent(name).path
        try (rows.joined(separator: lineEnding) + lineEnding).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testACRLFCSVPoolScoresEveryRow() throws {
        // Before: a CSV file was one record of the pool, and only its first row was scored.
        for ending in ["\r\n", "\n"] {
            let pool = try csvPool("pool-\(ending.count).csv", lineEnding: ending)
            let rows = try jsonLines(try batch(["--candidates", pool, "--top", "3"])).filter { $0["direction"] as? String == "candidate" }
            XCTAssertEqual(rows.compactMap { $0["id"] as? String }, ["c1", "c2"], ending.debugDescription)
            XCTAssertTrue(rows.allSatisfy { ($0["matches"] as? [Any])?.count == 3 }, "\(rows)")
        }
    }

    func testAStrayQuoteInACSVPoolNamesTheLineOrIsSkippedAndReported() throws {
        let pool = try csvPool("stray.csv", lineEnding: "\r\n", extra: ["c3,Titre \"cassé,Médiation culturelle et ateliers avec les publics du musée."])
        var r = try CLI.run(["batch", "--model", Self.modelPath, "--candidates", pool])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.isEmpty, r.stdout)
        XCTAssertTrue(r.stderr.contains("stray.csv:") && r.stderr.contains("invalid CSV") && r.stderr.contains("quote"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        r = try CLI.run(["batch", "--model", Self.modelPath, "--candidates", pool, "--skip-invalid"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("1 invalid record skipped"), r.stderr)
        XCTAssertEqual(try jsonLines(r.stdout).filter { $0["direction"] as? String == "candidate" }.compactMap { $0["id"] as? String }, ["c1", "c2"])

        let open = try csvPool("open.csv", lineEnding: "\n", extra: ["c3,\"jamais fermé,texte"])
        r = try CLI.run(["batch", "--model", Self.modelPath, "--candidates", open, "--skip-invalid"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("never closed"), r.stderr)
    }

    func testAnEmptyPoolIsRefusedLikeRankIndexAndAdd() throws {
        // Before: exit 0 and one empty row per posting.
        let dir = folder("empty-pool")
        let empty = dir.appendingPathComponent("empty.jsonl").path, blank = dir.appendingPathComponent("blank.jsonl").path
        let header = dir.appendingPathComponent("header.csv").path
        try "".write(toFile: empty, atomically: true, encoding: .utf8)
        try "\n  \n".write(toFile: blank, atomically: true, encoding: .utf8)
        try "id,title,text\n".write(toFile: header, atomically: true, encoding: .utf8)
        for pool in [empty, blank, header] {
            let r = try CLI.run(["batch", "--model", Self.modelPath, "--candidates", pool])
            XCTAssertEqual(r.status, 1, "\(pool): \(r.stderr)")
            XCTAssertTrue(r.stdout.isEmpty, r.stdout)
            XCTAssertTrue(r.stderr.contains("no candidate in \(pool)"), r.stderr)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        }
    }

    func testTheSizeLimitAppliesToOneRecordOfAStreamedPool() throws {
        let dir = folder("record-limit")
        let texts = ["Médiation culturelle et ateliers avec les publics du musée, projets participatifs.",
                     "Concertation citoyenne, animation de réunions publiques et rédaction de synthèses.",
                     "Développement de logiciels, tests automatisés et intégration continue en équipe."]
        let lines = texts.enumerated().map { "{\"id\": \"r\($0.offset)\", \"text\": \"\($0.element)\"}" }
        let pool = dir.appendingPathComponent("pool.jsonl").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: pool, atomically: true, encoding: .utf8)
        XCTAssertGreaterThan(try Data(contentsOf: URL(fileURLWithPath: pool)).count, 200)
        for flag in ["--max-record-size", "--max-file-size"] {
            let rows = try jsonLines(try batch(["--candidates", pool, flag, "200"])).filter { $0["direction"] as? String == "candidate" }
            XCTAssertEqual(rows.count, 3, flag)
        }
        let long = "{\"id\": \"long\", \"text\": \"\(String(repeating: "médiation ", count: 30))\"}"
        try ([lines[0], long, lines[1]].joined(separator: "\n") + "\n").write(toFile: pool, atomically: true, encoding: .utf8)
        let r = try CLI.run(["batch", "--model", Self.modelPath, "--candidates", pool, "--max-record-size", "200"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("pool.jsonl:2:") && r.stderr.contains("over the limit of 200 bytes") && r.stderr.contains("--max-record-size"), r.stderr)
    }

    func testInvalidUTF8JSONLinesAreReadAsWindows1252AsIndexReadsThem() throws {
        // Before: batch refused the line ("not valid UTF-8") while rank, index and add read it as Windows-1252.
        let dir = folder("latin1")
        let text = "Médiatrice culturelle : ateliers de médiation au musée, visites guidées, partenariats avec les écoles."
        let bytes = Array("{\"id\": \"l1\", \"text\": \"".utf8) + text.unicodeScalars.map { UInt8($0.value) } + Array("\"}\n".utf8)
        let pool = dir.appendingPathComponent("latin.jsonl").path
        try Data(bytes).write(to: URL(fileURLWithPath: pool))
        let r = try CLI.run(["batch", "--model", Self.modelPath, "--candidates", pool, "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("latin.jsonl:1: not valid UTF-8; read as Windows-1252"), r.stderr)
        let row = try XCTUnwrap(try jsonLines(r.stdout).first { $0["id"] as? String == "l1" })
        XCTAssertFalse((row["matches"] as? [Any] ?? []).isEmpty)
        let index = try CLI.run(["index", pool, "--out", dir.appendingPathComponent("m.plm").path, "--dims", "1"])
        XCTAssertTrue(index.stderr.contains("latin.jsonl:1: not valid UTF-8; read as Windows-1252"), index.stderr)
    }

    func testCSVRowsNeutraliseFormulaTextKeepNumbersAndMergeBackUnchanged() throws {
        let dir = folder("formulas")
        let text = "Médiation culturelle et ateliers avec les publics du musée, projets participatifs et visites guidées."
        let ids = ["=cmd|' /C calc'!A0", "@SUM(A1)", "+33 6 12", "-2+3", "\tplain"]
        let lines = ids.enumerated().map { i, id -> String in
            let object = ["id": id, "title": "=HYPERLINK(\"http://evil\",\"clic\") \(i)", "text": text + " \(i)"]
            return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
        let pool = dir.appendingPathComponent("pool.jsonl").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: pool, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("rows.csv").path
        _ = try batch(["--candidates", pool, "--top", "5", "--format", "csv", "--out", out])
        let csv = try read(out)
        for id in ids { XCTAssertTrue(csv.contains("'" + id) || csv.contains("\"'" + id), "\(id) neutralised") }
        XCTAssertTrue(csv.contains(",\"'=HYPERLINK("), "titles too")
        for line in csv.split(separator: "\n").dropFirst() {
            XCTAssertNotNil(Float(String(line.split(separator: ",").last!)), "score stays a number: \(line)")
            for cell in line.split(separator: ",") { XCTAssertFalse(["=", "+", "@"].contains(cell.first), "\(line)") }
        }
        // merge reads the neutralised cells back as the ids they were, and writes the same rows.
        let merged = dir.appendingPathComponent("merged.csv").path
        let r = try CLI.run(["merge", out, "--top", "5", "--format", "csv", "--out", merged])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try read(merged), csv)
    }
}
