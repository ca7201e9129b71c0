import Foundation
import XCTest
import PasserelleTestSupport

/// Issue 23 through the binary: no command writes over its own inputs (exit 0 before: the model replaced by
/// a report, the pool emptied, the source replaced; SIGBUS for `batch --model m --out m`), numeric options
/// are bounded and finite at parse time, stderr carries no raw control character, and `merge` across
/// formats gives what one run gives.
final class OwnInputsCLITests: XCTestCase {
    nonisolated(unsafe) static var modelBytes = Data()
    static let cv = CLI.packageRoot.appendingPathComponent("Data/candidates/cv-fr-design.txt").path

    override class func setUp() {
        super.setUp()
        modelBytes = (try? Data(contentsOf: URL(fileURLWithPath: CLI.shippedModelPath))) ?? Data()
    }

    var dir: URL!
    override func setUp() { dir = CLI.temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    func bytes(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }
    func modelCopy(_ name: String = "m.plm") throws -> String {
        try Self.modelBytes.write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    static let text = "Médiation culturelle et ateliers avec les publics du musée, projets participatifs et visites guidées."

    func testNoCommandWritesOverItsOwnInputs() throws {
        let model = try modelCopy()
        try FileManager.default.createSymbolicLink(atPath: path("alias.plm"), withDestinationPath: model)
        let cv = try write("cv.txt", try String(contentsOfFile: Self.cv, encoding: .utf8))
        let posts = try write("posts.jsonl", (1 ... 4).map { "{\"id\": \"p\($0)\", \"title\": \"Poste \($0)\", \"text\": \"\(Self.text) \($0)\"}" }.joined(separator: "\n") + "\n")
        let pool = try write("pool.jsonl", (1 ... 3).map { "{\"id\": \"c\($0)\", \"text\": \"\(Self.text) \($0)\"}" }.joined(separator: "\n") + "\n")
        XCTAssertEqual(try CLI.run(["batch", "--model", model, "--candidates", pool, "--quiet", "--out", path("shard.jsonl")]).status, 0)
        let shard = path("shard.jsonl")
        let originals = [model: bytes(model), cv: bytes(cv), posts: bytes(posts), pool: bytes(pool), shard: bytes(shard)]
        let cases: [([String], String)] = [
            (["rank", "--cv", cv, "--model", model, "--out", model], "is the model"),
            (["rank", "--cv", cv, "--model", model, "--out", path("alias.plm"), "--format", "html"], "is the model"),
            (["rank", "--cv", cv, "--model", model, "--out", cv], "is the CV"),
            (["similar", "seed-region-design", "--model", model, "--out", model], "is the model"),
            (["batch", "--model", model, "--candidates", pool, "--out", pool, "--quiet"], "is a candidate file"),
            (["batch", "--model", model, "--candidates", dir.path, "--out", cv, "--quiet"], "is a candidate file"),
            (["batch", "--model", model, "--candidates", pool, "--out", model, "--quiet"], "is the model"),
            (["index", posts, "--out", posts], "is a posting file"),
            (["merge", shard, "--out", shard], "is a shard output"),
        ]
        for (arguments, message) in cases {
            let r = try CLI.run(arguments)
            XCTAssertEqual(r.status, 1, "\(arguments): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message) && r.stderr.contains("nothing was written"), "\(arguments): \(r.stderr)")
            for (file, data) in originals { XCTAssertEqual(bytes(file), data, "\(arguments) changed \(file)") }
        }
        XCTAssertEqual(try CLI.run(["info", "--model", model]).status, 0, "the model still loads")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".partial") || $0.contains(".checkpoint") || $0.contains(".tmp") }
        XCTAssertEqual(leftovers, [])
    }

    func testABatchFailingOnLine2LeavesTheExistingOutputUntouched() throws {
        let out = try write("rows.csv", "direction,query_id,rank,match_id,match_title,score\nthe previous rows\n")
        let before = bytes(out)
        let pool = try write("pool.jsonl", "{\"id\": \"c1\", \"text\": \"\(Self.text)\"}\n{\"id\": \"c2\", \"text\": \n")
        let r = try CLI.run(["batch", "--model", CLI.shippedModelPath, "--candidates", pool, "--out", out, "--format", "csv", "--quiet"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("pool.jsonl:2"), r.stderr)
        XCTAssertEqual(bytes(out), before, "was left at 0 bytes")
    }

    func testNumericOptionsAreFiniteAndBoundedAtParseTime() throws {
        let out = path("x.plm")
        let cases: [([String], String)] = [
            (["--first-line-repeat", "10000000"], "--first-line-repeat must be in 0…100"),
            (["--first-line-repeat=-1"], "--first-line-repeat must be in 0…100"),
            (["--concept-threshold", "1e300"], "--concept-threshold must be a number in"),
            (["--concept-threshold", "nan"], "--concept-threshold must be a number in"),
            (["--concept-threshold=-1"], "--concept-threshold must be a number in"),
            (["--concept-saturation", "inf"], "--concept-saturation must be a number in"),
            (["--concept-scale", "nan"], "--concept-scale must be a number in"),
            (["--background-weight", "nan"], "--background-weight must be a number in"),
            (["--background-weight", "inf"], "--background-weight must be a number in"),
            (["--background-weight=-inf"], "--background-weight must be a number in"),
            (["--background-weight", "0"], "--background-weight must be a number in"),
        ]
        for (options, message) in cases {
            let r = try CLI.run(["index", Self.cv, "--out", out] + options)
            XCTAssertEqual(r.status, 64, "\(options): \(r.stderr)")   // a usage error, before any work
            XCTAssertTrue(r.stderr.contains(message), "\(options): \(r.stderr)")
            XCTAssertFalse(r.stderr.contains("EncodingError") || r.stderr.contains("LAPACK"), r.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        // The bounds themselves are accepted.
        let r = try CLI.run(["index", "Data/postings", "--out", out, "--first-line-repeat", "100", "--concept-threshold", "1000000",
                             "--background-weight", "1000", "--dims", "4"])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testStderrShowsControlCharactersAsStandIns() throws {
        let hostile = "\u{1B}]0;pwned\u{07}\u{1B}[2J"
        let rows = [["id": "c\(hostile)", "text": "Zzqx wvvk."], ["id": "d", "text": Self.text]]   // no term the model knows: a warning naming the id
        let pool = try write("pool.jsonl", try rows.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }.joined(separator: "\n") + "\n")
        let runs = [
            try CLI.run(["rank", "--cv", path("cv\(hostile).txt"), "--model", CLI.shippedModelPath]),                  // error naming a file
            try CLI.run(["rank", "--cv", Self.cv, "--model", CLI.shippedModelPath, "--where", "x\(hostile)"]),          // ArgumentParser's message
            try CLI.run(["batch", "--candidates", pool, "--model", CLI.shippedModelPath, "--out", path("o.jsonl")]),  // a warning naming an id
            try CLI.run(["similar", "p\(hostile)", "--model", CLI.shippedModelPath]),
        ]
        for r in runs {
            XCTAssertFalse(r.stderr.isEmpty)
            XCTAssertFalse(r.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }, r.stderr.debugDescription)
            XCTAssertTrue(r.stderr.contains("␛]0;pwned␇"), r.stderr)
        }
    }

    /// Shards in jsonl, csv and json, merged into csv, give the bytes of one csv run, with ids holding ESC, BEL
    /// and U+2028 (CSV shows them as stand-ins: before, merge took "a␛" and "a\u{1B}" for two postings or
    /// candidates). Merging a csv shard into jsonl or json is refused: CSV cannot give those ids back.
    func testMergeAcrossFormatsGivesOneRun() throws {
        let ids = ["plain", "esc\u{1B}[1m", "bel\u{07}", "sep\u{2028}x", "=formula"]
        var lines = [String]()
        for (i, id) in ids.enumerated() {
            let object = ["id": id, "title": "Titre \(id)", "text": Self.text + " \(i) médiation numérique ateliers"]
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
        }
        let posts = try write("posts.jsonl", lines.joined(separator: "\n") + "\n")
        let model = path("m.plm")
        XCTAssertEqual(try CLI.run(["index", posts, "--out", model, "--dims", "3", "--no-background"]).status, 0)
        let pool = try write("pool.jsonl", lines.map { $0.replacingOccurrences(of: "\"id\": \"", with: "\"id\": \"cv-") }.joined(separator: "\n") + "\n")
        func batch(_ extra: [String]) throws {
            let r = try CLI.run(["batch", "--model", model, "--candidates", pool, "--quiet", "--top", "3"] + extra)
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        try batch(["--format", "csv", "--out", path("one.csv")])
        try batch(["--format", "jsonl", "--shard", "1/3", "--out", path("s1.jsonl")])
        try batch(["--format", "csv", "--shard", "2/3", "--out", path("s2.csv")])
        try batch(["--format", "json", "--shard", "3/3", "--out", path("s3.json")])
        let merged = try CLI.run(["merge", path("s1.jsonl"), path("s2.csv"), path("s3.json"), "--top", "3", "--format", "csv"])
        XCTAssertEqual(merged.status, 0, merged.stderr)
        XCTAssertEqual(merged.stdout, try String(contentsOfFile: path("one.csv"), encoding: .utf8))
        for format in ["jsonl", "json"] {
            let r = try CLI.run(["merge", path("s1.jsonl"), path("s2.csv"), path("s3.json"), "--top", "3", "--format", format])
            XCTAssertEqual(r.status, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains("s2.csv is a CSV batch output") && r.stderr.contains("--format csv"), r.stderr)
        }
    }
}
