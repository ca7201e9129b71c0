import Foundation
import XCTest
import PasserelleTestSupport

/// Bad input through the CLI: each case gives one clear message naming the file, a non-zero exit when the
/// job cannot be done, and loses nothing (a model file is left as it was). Cases already covered by
/// EndToEndTests (empty CV, missing CV, unknown posting id, missing model, a few words) are not repeated.
final class BadInputTests: XCTestCase {
    nonisolated(unsafe) static var modelPath = ""
    nonisolated(unsafe) static var modelBytes = Data()

    override class func setUp() {
        super.setUp()
        modelPath = CLI.shippedModelPath
        modelBytes = (try? Data(contentsOf: URL(fileURLWithPath: modelPath))) ?? Data()
    }

    var dir: URL!
    override func setUp() { dir = CLI.temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    func write(_ name: String, _ text: String) throws -> String { try write(name, Array(text.utf8)) }

    /// A copy of the shared model that a test may change.
    func modelCopy() throws -> String {
        let path = dir.appendingPathComponent("m.plm").path
        try Self.modelBytes.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Fails unless the run stopped with one line on stderr that mentions every `mentions`, and printed nothing.
    func assertRefused(_ r: CLI.Result, mentioning mentions: [String], _ context: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 1, "\(context): \(r.stderr)", file: file, line: line)
        XCTAssertTrue(r.stdout.isEmpty, "\(context): \(r.stdout)", file: file, line: line)
        for m in mentions { XCTAssertTrue(r.stderr.contains(m), "\(context): '\(m)' not in \(r.stderr)", file: file, line: line) }
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(context): one clear line: \(r.stderr)", file: file, line: line)
        XCTAssertFalse(r.stderr.contains("Fatal error") || r.stderr.lowercased().contains("nan"), "\(context): \(r.stderr)", file: file, line: line)
    }

    func testBinaryFilesAndUnsupportedTypesAreRefusedAndLatin1IsReadWithAWarning() throws {
        let photo = try write("photo-cv.txt", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01] + Array(repeating: 0x00, count: 200))
        assertRefused(try CLI.run(["rank", "--cv", photo, "--model", Self.modelPath]), mentioning: ["photo-cv.txt", "binary"], "binary CV")
        let image = try write("cv.jpg", [0xFF, 0xD8, 0xFF])
        assertRefused(try CLI.run(["rank", "--cv", image, "--model", Self.modelPath]), mentioning: ["cv.jpg", "unsupported", ".pdf"], "jpg CV")
        assertRefused(try CLI.run(["index", photo, "--out", dir.appendingPathComponent("x.plm").path]), mentioning: ["photo-cv.txt", "binary"], "binary posting")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.plm").path), "no model from a failed index")

        // Invalid UTF-8 that is Windows-1252: read (not mangled), said so on stderr, scored.
        let text = "Médiatrice culturelle : ateliers de médiation au musée, visites guidées, partenariats avec les écoles, "
            + "accueil des publics, programmation culturelle et éducation artistique – Lyon."
        let latin = try write("cv-latin1.txt", text.unicodeScalars.map { $0.value == 0x2013 ? 0x96 : UInt8($0.value) })
        let r = try CLI.run(["rank", "--cv", latin, "--model", Self.modelPath, "--format", "json", "--top", "3"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("cv-latin1.txt") && r.stderr.contains("Windows-1252"), r.stderr)
        let analyzed = try CLI.run(["analyze", latin, "--format", "json"])
        XCTAssertEqual(analyzed.status, 0, analyzed.stderr)
        let terms = try XCTUnwrap(try CLI.json(analyzed.stdout)["terms"] as? [[String: Any]]).compactMap { $0["term"] as? String }
        XCTAssertTrue(terms.contains { $0.hasPrefix("médiat") || $0.hasPrefix("mediat") }, "\(terms)")
        XCTAssertFalse(terms.contains { $0.contains("Ã") || $0.contains("\u{FFFD}") }, "\(terms)")
    }

    func testTheSizeLimitAppliesToEveryCommandThatReadsAFile() throws {
        let big = try write("gros.txt", String(repeating: "médiation culturelle ateliers publics ", count: 40))
        let model = try modelCopy()
        let cases: [[String]] = [
            ["rank", "--cv", big, "--model", model, "--max-file-size", "500"],
            ["similar", big, "--model", model, "--max-file-size", "500"],
            ["index", big, "--out", dir.appendingPathComponent("n.plm").path, "--max-file-size", "500"],
            ["add", big, "--model", model, "--max-file-size", "500"],
            ["analyze", big, "--max-file-size", "500"],
        ]
        for arguments in cases {
            assertRefused(try CLI.run(arguments), mentioning: ["gros.txt", "over the limit of 500 bytes", "--max-file-size"], arguments[0])
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: model)), Self.modelBytes, "add left the model as it was")
        // Under the limit, the same file goes through.
        XCTAssertEqual(try CLI.run(["analyze", big, "--max-file-size", "100000"]).status, 0)
        let zero = try CLI.run(["rank", "--cv", big, "--model", model, "--max-file-size", "0"])
        XCTAssertNotEqual(zero.status, 0)
        XCTAssertTrue(zero.stderr.contains("--max-file-size"), zero.stderr)
    }

    func testMalformedJSONLinesNameTheFileAndLineAndSkipInvalidContinuesAndCounts() throws {
        let good = (1...6).map { i in
            "{\"id\": \"j\(i)\", \"title\": \"Poste \(i)\", \"text\": \"Médiation culturelle, ateliers et concertation citoyenne avec les habitants, poste \(i).\"}"
        }
        let lines = [good[0], "{\"id\": \"broken\", \"text\": ", good[1], "{\"title\": \"sans id\", \"text\": \"texte\"}", good[2], good[3], good[4], good[5]]
        let jsonl = try write("offres.jsonl", lines.joined(separator: "\n") + "\n")
        let out = dir.appendingPathComponent("j.plm").path
        assertRefused(try CLI.run(["index", jsonl, "--out", out]), mentioning: ["offres.jsonl:2:"], "index without --skip-invalid")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        let ok = try CLI.run(["index", jsonl, "--out", out, "--dims", "3", "--skip-invalid"])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertTrue(ok.stderr.contains("offres.jsonl:2:") && ok.stderr.contains("offres.jsonl:4:"), ok.stderr)
        XCTAssertTrue(ok.stderr.contains("skipped 2 invalid lines"), ok.stderr)
        let info = try CLI.json(try CLI.run(["info", "--model", out, "--format", "json"]).stdout)
        XCTAssertEqual(info["postings"] as? Int, 6)

        // add: the same, and a failed add leaves the model as it was.
        let model = try modelCopy()
        assertRefused(try CLI.run(["add", jsonl, "--model", model]), mentioning: ["offres.jsonl:2:"], "add without --skip-invalid")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: model)), Self.modelBytes)
        let added = try CLI.run(["add", jsonl, "--model", model, "--skip-invalid"])
        XCTAssertEqual(added.status, 0, added.stderr)
        XCTAssertTrue(added.stderr.contains("skipped 2 invalid lines"), added.stderr)
        XCTAssertEqual(try CLI.json(try CLI.run(["info", "--model", model, "--format", "json"]).stdout)["postings_added"] as? Int, 6)

        // CSV rows too.
        let csv = try write("offres.csv", "id,title,text\nc1,Un,\"Médiation culturelle, ateliers\"\n,Sans id,texte\nc2,Deux,Concertation citoyenne et ateliers\n")
        assertRefused(try CLI.run(["index", csv, "--out", dir.appendingPathComponent("c.plm").path, "--dims", "2"]),
                      mentioning: ["offres.csv:3:", "empty id"], "csv without --skip-invalid")
        let csvOK = try CLI.run(["index", csv, "--out", dir.appendingPathComponent("c.plm").path, "--dims", "2", "--skip-invalid"])
        XCTAssertEqual(csvOK.status, 0, csvOK.stderr)
        XCTAssertTrue(csvOK.stderr.contains("skipped 1 invalid line"), csvOK.stderr)
    }

    func testDuplicatePostingIDsAreRefusedByIndexAndAdd() throws {
        let a = try write("a/offre.txt", "---\nid: same\n---\nMédiation culturelle, ateliers et visites au musée.")
        let b = try write("b/offre.md", "---\nid: same\n---\nConcertation citoyenne et participation des habitants.")
        let out = dir.appendingPathComponent("d.plm").path
        assertRefused(try CLI.run(["index", a, b, "--out", out]), mentioning: ["duplicate id 'same'", a, b], "index with a duplicate")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        let sameLine = try write("dup.jsonl", "{\"id\": \"x\", \"text\": \"un texte\"}\n{\"id\": \"x\", \"text\": \"un autre\"}\n")
        assertRefused(try CLI.run(["index", sameLine, "--out", out]), mentioning: ["dup.jsonl:2:", "duplicate id 'x'"], "duplicate within a file")

        // add: an id already in the model names the file it came from; the model is unchanged.
        let model = try modelCopy()
        let existing = try write("deja.txt", "---\nid: seed-region-design\n---\nDesign de services publics avec les usagers, ateliers de co-conception.")
        assertRefused(try CLI.run(["add", existing, "--model", model]), mentioning: ["deja.txt", "seed-region-design", "already in"], "add an existing id")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: model)), Self.modelBytes)
    }

    func testRemovingKnownAndUnknownIDsTogetherRemovesNothing() throws {
        let model = try modelCopy()
        assertRefused(try CLI.run(["remove", "seed-region-design", "no-such-posting", "--model", model]), mentioning: ["no-such-posting"], "remove")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: model)), Self.modelBytes)
    }

    func testACVWithNoRecognizableWordsIsTooLittleTextNeverAScore() throws {
        let noWords = try write("chiffres.txt", "06 12 34 56 78 — 2019 / 2024 ... ☎ ✉ @ # 75011 ; 12,5 % — *** ///\n+33 (0)1 23 45 67 89\n")
        let scanned = try write("scan.pdf", [UInt8](Self.scannedPDF))
        for (path, mention) in [(noWords, "too little text"), (scanned, "no text layer")] {
            for command in [["rank", "--cv", path], ["similar", path]] {
                for format in ["json", "table"] {
                    let r = try CLI.run(command + ["--model", Self.modelPath, "--format", format])
                    assertRefused(r, mentioning: [(path as NSString).lastPathComponent, mention], "\(command[0]) \(format) \(path)")
                }
            }
        }
    }

    func testDamagedModelFilesSayToRebuildAndNameTheFile() throws {
        let truncated = dir.appendingPathComponent("tronque.plm")
        try Self.modelBytes.prefix(Self.modelBytes.count / 3).write(to: truncated)
        // A byte of the latent basis (BASE), which every command reads and checks on load. (The middle byte
        // of the file was used before; since the models hold the FreeDict list it falls in the posting texts,
        // whose checksums are checked text by text when one is read — ModelFileSectionTests covers those.)
        var flipped = Self.modelBytes
        let base = try XCTUnwrap(Self.section("BASE", in: flipped), "no BASE section")
        flipped[base.lowerBound + base.count / 2] ^= 0x41
        let corrupted = dir.appendingPathComponent("abime.plm")
        try flipped.write(to: corrupted)
        var future = Self.modelBytes
        future[8] = 200
        let version = dir.appendingPathComponent("futur.plm")
        try future.write(to: version)
        let text = dir.appendingPathComponent("texte.plm")
        try Data("ceci n'est pas un modèle".utf8).write(to: text)
        let cv = CLI.packageRoot.appendingPathComponent("Data/candidates/cv-fr-design.txt").path
        for (url, why) in [(truncated, "truncated"), (corrupted, "checksum"), (version, "version 200"), (text, "not a Passerelle model")] {
            for command in [["rank", "--cv", cv], ["similar", "seed-region-design"], ["info"], ["remove", "seed-region-design"], ["add", cv]] {
                let r = try CLI.run(command + ["--model", url.path])
                assertRefused(r, mentioning: [url.lastPathComponent, why, "rebuild"], "\(command[0]) on \(url.lastPathComponent)")
            }
        }
        XCTAssertEqual(try Data(contentsOf: truncated), Self.modelBytes.prefix(Self.modelBytes.count / 3), "a damaged model is not overwritten")
    }

    /// `index --out M` killed with SIGKILL at various points, M already holding a model: M always loads and is
    /// byte for byte either the old model or the complete new one, never a mix; leftover temporary files
    /// disturb nothing.
    /// The byte range of a model file's section `tag`, from the section table (ModelFile's layout: a 64-byte
    /// header with the section count at byte 12, then 32 bytes per section: tag, reserved, offset from the
    /// payload start, length, checksum; little-endian).
    static func section(_ tag: String, in bytes: Data) -> Range<Int>? {
        func integer(_ at: Int, _ width: Int) -> Int { (0 ..< width).reduce(0) { $0 | Int(bytes[bytes.startIndex + at + $1]) << (8 * $1) } }
        let count = integer(12, 4)
        for i in 0 ..< count {
            let entry = 64 + 32 * i
            guard String(decoding: bytes[(bytes.startIndex + entry) ..< (bytes.startIndex + entry + 4)], as: UTF8.self) == tag else { continue }
            let start = 64 + integer(entry + 8, 8)
            return start ..< (start + integer(entry + 16, 8))
        }
        return nil
    }

    func testAnIndexKilledWhileWritingLeavesTheOldModel() throws {
        let out = dir.appendingPathComponent("M.plm")
        try Self.modelBytes.write(to: out)
        // The new model (another corpus), built once in full to know its bytes apart from the date inside.
        let corpus = dir.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        let postings = CLI.packageRoot.appendingPathComponent("Data/postings")
        for name in try FileManager.default.contentsOfDirectory(atPath: postings.path).sorted().prefix(30) {
            try FileManager.default.copyItem(at: postings.appendingPathComponent(name), to: corpus.appendingPathComponent(name))
        }
        var killedWhileRunning = 0, sawTemporary = 0
        for delay in [0.05, 0.2, 0.4, 0.6, 0.8, 1.0, 1.5, 2.0] {
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["index", corpus.path, "--out", out.path, "--dims", "20"]
            process.currentDirectoryURL = CLI.packageRoot
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Kill as soon as the temporary file shows up, or after the delay, whichever comes first.
            let deadline = Date().addingTimeInterval(delay)
            var temporarySeen = false
            while Date() < deadline && process.isRunning {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
                if names.contains(where: { $0.hasPrefix(".M.plm.tmp") }) { temporarySeen = true; break }
                usleep(200)
            }
            if process.isRunning { kill(process.processIdentifier, SIGKILL); killedWhileRunning += 1 }
            process.waitUntilExit()
            if temporarySeen { sawTemporary += 1 }
            let info = try CLI.run(["info", "--model", out.path, "--format", "json"])
            XCTAssertEqual(info.status, 0, "after a kill at \(delay) s: \(info.stderr)")
            let postingsNow = try CLI.json(info.stdout)["postings"] as? Int
            let bytes = try Data(contentsOf: out)
            if bytes == Self.modelBytes { continue }
            // Otherwise the new model was renamed in whole: 30 postings, k = 20.
            XCTAssertEqual(postingsNow, 30, "after a kill at \(delay) s the model is neither the old nor the new one")
            XCTAssertEqual(try CLI.json(info.stdout)["dimensions"] as? Int, 20)
            try Self.modelBytes.write(to: out)   // back to the old model for the next round
        }
        XCTAssertGreaterThan(killedWhileRunning, 0, "no run was killed before it finished")
        // Leftover temporary files (from the kills, or planted) do not stop the next run or a read.
        try Data("partial model".utf8).write(to: dir.appendingPathComponent(".M.plm.tmp-999999"))
        let again = try CLI.run(["index", corpus.path, "--out", out.path, "--dims", "20"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try CLI.json(try CLI.run(["info", "--model", out.path, "--format", "json"]).stdout)["postings"] as? Int, 30)
        print("BadInputTests: \(killedWhileRunning) of 8 index runs killed while running, \(sawTemporary) while the temporary model file existed")
    }

    /// One page with a grey rectangle and no text: what a scanner produces without OCR.
    static let scannedPDF: Data = {
        let content = "0.5 g 72 72 400 600 re f"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
        ]
        var pdf = "%PDF-1.4\n"
        var offsets = [Int]()
        for (i, body) in objects.enumerated() {
            offsets.append(pdf.utf8.count)
            pdf += "\(i + 1) 0 obj\n\(body)\nendobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { pdf += String(format: "%010d 00000 n \n", o) }
        pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(pdf.utf8)
    }()
}
