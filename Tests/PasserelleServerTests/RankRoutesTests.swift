import Foundation
import XCTest
import NIOHTTP1
import Passerelle
import PasserelleApp
import PasserelleServer
import PasserelleTestSupport

/// `POST /rank` and `GET /postings/{id}/similar` through the server's router in-process (`RouterServer`: a
/// socket adds nothing to what these assert): the CLI's bytes, bad requests, adds racing ranks.
final class RankRoutesTests: XCTestCase {
    /// The server's report is the CLI's, byte for byte, in every format (same model, same CV file name).
    func testRankAndSimilarAnswerWhatTheCLIPrints() async throws {
        // HTML reports are dated: one fixed day for the server (this process) and the CLI (its child), so
        // that a run across midnight compares the same bytes.
        setenv("SOURCE_DATE_EPOCH", "1767225600", 1)
        defer { unsetenv("SOURCE_DATE_EPOCH") }
        let server = try await RouterServer.start()
        do {
            let cv = try Fixtures.cvText()
            try Data(cv.utf8).write(to: server.folder.appendingPathComponent("cv.txt"))
            for (query, flags) in [("top=5", ["--top", "5"]),
                                   ("top=4&where=location~montreal&ignore_language_fit=true", ["--top", "4", "--where", "location~montreal", "--ignore-language-fit"])] {
                for format in ["json", "html", "markdown", "csv", "jsonl", "table"] {
                    let form = LiveServer.multipart(files: [(field: "file", filename: "cv.txt", type: "text/plain", data: Data(cv.utf8))])
                    let served = try await server.request(.POST, "/rank?\(query)&format=\(format)", headers: [("Content-Type", form.contentType)], body: form.body)
                    XCTAssertEqual(served.status, 200, served.text)
                    let printed = try CLIBinary.run(["rank", "--cv", "cv.txt", "--model", server.modelPath, "--format", format] + flags, in: server.folder)
                    XCTAssertEqual(served.text, printed, "\(query) \(format)")
                }
            }
            let json = try await server.request(.POST, "/rank?top=5", headers: [("Content-Type", "text/plain")], body: Data(cv.utf8))
            let report = try json.object()
            let matches = try XCTUnwrap(report["matches"] as? [[String: Any]])
            XCTAssertEqual(matches.count, 5)
            XCTAssertNotNil(matches[0]["fit"] as? String)
            XCTAssertNotNil((matches[0]["competencies"] as? [String: Any])?["shared"])
            XCTAssertEqual((report["query"] as? [String: Any])?["file"] as? String, "upload.txt")

            let id = try XCTUnwrap(matches.first?["id"] as? String)
            for format in ["json", "html"] {
                let served = try await server.get("/postings/\(id)/similar?top=6&format=\(format)")
                XCTAssertEqual(served.status, 200, served.text)
                let printed = try CLIBinary.run(["similar", id, "--model", server.modelPath, "--top", "6", "--format", format], in: server.folder)
                XCTAssertEqual(served.text, printed, "similar \(format)")
            }
            let unknown = try await server.get("/postings/\(id)x/similar")
            XCTAssertEqual(unknown.status, 404)
            XCTAssertTrue((try unknown.object()["error"] as? String ?? "").contains(id), "the nearest ids are named")
        } catch let skip as XCTSkip { await server.stop(); throw skip } catch { XCTFail("\(error)") }
        await server.stop()
    }

    func testBadRankRequestsAreClearErrors() async throws {
        var limits = ServerLimits()
        limits.maxUploadBytes = 200_000
        let server = try await RouterServer.start(limits: limits)
        do {
            let cv = try Fixtures.cvText()
            let json = [("Content-Type", "application/json")]
            let cases: [(String, String, [(String, String)], Data, Int)] = [
                ("empty text", "/rank", json, try JSONSerialization.data(withJSONObject: ["text": ""]), 400),
                ("blank text", "/rank", json, try JSONSerialization.data(withJSONObject: ["text": "  \n "]), 400),
                ("too little text", "/rank", json, try JSONSerialization.data(withJSONObject: ["text": "Zzqx wvvk."]), 422),
                ("no text field", "/rank", json, try JSONSerialization.data(withJSONObject: ["cv": cv]), 422),
                ("text not a string", "/rank", json, try JSONSerialization.data(withJSONObject: ["text": 3]), 422),
                ("malformed JSON", "/rank", json, Data("{\"text\": ".utf8), 400),
                ("top 0", "/rank?top=0", json, try JSONSerialization.data(withJSONObject: ["text": cv]), 400),
                ("top in the body", "/rank", json, try JSONSerialization.data(withJSONObject: ["text": cv, "top": 10001]), 422),
                ("top not a number", "/rank?top=ten", json, try JSONSerialization.data(withJSONObject: ["text": cv]), 400),
                ("bad where", "/rank?where=nokey", json, try JSONSerialization.data(withJSONObject: ["text": cv]), 400),
                ("bad format", "/rank?format=xml", json, try JSONSerialization.data(withJSONObject: ["text": cv]), 400),
                ("bad flag", "/rank?ignore_language_fit=maybe", json, try JSONSerialization.data(withJSONObject: ["text": cv]), 400),
                ("no content type", "/rank", [], Data(cv.utf8), 415),
                ("unknown type", "/rank", [("Content-Type", "image/png")], Data([0x89, 0x50, 0x4E, 0x47]), 415),
                ("unknown extension", "/rank?filename=cv.exe", [("Content-Type", "application/octet-stream")], Data([0x4D, 0x5A]), 415),
                ("corrupt docx", "/rank", [("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")], Data("not a zip".utf8), 400),
                ("corrupt pdf", "/rank", [("Content-Type", "application/pdf")], Data("%PDF-1.4\nnot really\n".utf8), 400),
                ("empty pdf", "/rank", [("Content-Type", "application/pdf")], Data(), 400),
                ("upload over the limit", "/rank", [("Content-Type", "text/plain")], Data(String(repeating: cv, count: 100).utf8), 413),
                ("not UTF-8 nor text", "/rank", [("Content-Type", "text/plain")], Data([0x00, 0xFF, 0xFE, 0x00]), 400),
            ]
            for (label, path, headers, body, status) in cases {
                let r = try await server.request(.POST, path, headers: headers, body: body)
                XCTAssertEqual(r.status, status, "\(label): \(r.text.prefix(300))")
                XCTAssertTrue(r.contentType.hasPrefix("application/json"), label)
                let message = (try? r.object()["error"] as? String) ?? nil
                XCTAssertFalse((message ?? "").isEmpty, label)
                XCTAssertFalse((message ?? "").contains("INÈS"), "\(label): an error never quotes the CV")
            }
            let noFile = LiveServer.multipart(files: [], fields: [("top", "3")])
            let r1 = try await server.request(.POST, "/rank", headers: [("Content-Type", noFile.contentType)], body: noFile.body)
            XCTAssertEqual(r1.status, 400, r1.text)
            let exe = LiveServer.multipart(files: [(field: "file", filename: "cv.exe", type: "application/octet-stream", data: Data([0x4D, 0x5A]))])
            let r2 = try await server.request(.POST, "/rank", headers: [("Content-Type", exe.contentType)], body: exe.body)
            XCTAssertEqual(r2.status, 415, r2.text)
            let truncated = try await server.request(.POST, "/rank", headers: [("Content-Type", "multipart/form-data; boundary=abc")],
                                                     body: Data("--abc\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cv.txt\"\r\n\r\nhalf a CV".utf8))
            XCTAssertEqual(truncated.status, 400, truncated.text)
            let health = try await server.get("/health")
            XCTAssertEqual(health.status, 200, "the server still answers")
        } catch { XCTFail("\(error)") }
        await server.stop()
    }

    /// Postings are added one after another while four clients rank the same CV: each answer comes from one
    /// whole model. The added postings are copies of the CV, so a model that holds k of them ranks exactly
    /// those k first and says it has base + k postings; a half-updated model would break that.
    func testRanksDuringAddsSeeWholeModels() async throws {
        // What is asserted is whole models, not the request time limit: on a loaded 2-core machine (CI runs
        // two test classes at once) four clients' debug-build ranks queue past the 30 s default (503).
        let server = try await RouterServer.start(limits: ServerLimits(requestSeconds: 600))
        do {
            let cv = try Fixtures.cvText()
            let base = server.store.snapshot.model.postingCount
            let adds = 6
            let done = SharedFlag()
            let answered = SharedCount()
            let ranks = try await withThrowingTaskGroup(of: [(Int, [String])].self) { group in
                group.addTask {
                    defer { done.set() }
                    for i in 0 ..< adds {
                        // Each add waits for a rank answered since the last one: the ranks interleave with the
                        // adds whatever the speed of either (in-process, adds are quicker than ranks).
                        let before = answered.value
                        try await Wait.untilAsync("a rank answered before add \(i)", within: 600) { answered.value > before }
                        let r = try await server.postJSON("/postings", ["id": "twin-\(i)", "title": "Copie \(i)", "text": cv])
                        XCTAssertEqual(r.status, 201, r.text)
                    }
                    return []
                }
                for _ in 0 ..< 4 {
                    group.addTask {
                        var seen: [(Int, [String])] = []
                        while !done.isSet || seen.count < 2 {
                            let r = try await server.postJSON("/rank?top=\(adds + 4)", ["text": cv])
                            XCTAssertEqual(r.status, 200, r.text)
                            let o = try r.object()
                            let postings = try XCTUnwrap((o["model"] as? [String: Any])?["postings"] as? Int)
                            let ids = try XCTUnwrap(o["matches"] as? [[String: Any]]).compactMap { $0["id"] as? String }
                            seen.append((postings, ids))
                            answered.increment()
                        }
                        return seen
                    }
                }
                return try await group.reduce(into: [(Int, [String])]()) { $0 += $1 }
            }
            XCTAssertGreaterThan(ranks.count, 8, "ranks during the adds (one at least before each) and two per client")
            var counts = Set<Int>()
            for (postings, ids) in ranks {
                let k = postings - base
                XCTAssertTrue((0 ... adds).contains(k), "\(postings)")
                counts.insert(k)
                XCTAssertEqual(Set(ids.prefix(k)), Set((0 ..< k).map { "twin-\($0)" }), "a model of \(postings) postings ranks its \(k) copies first")
                XCTAssertFalse(ids.dropFirst(k).contains { $0.hasPrefix("twin-") }, "no copy the model does not hold")
            }
            XCTAssertEqual(server.store.snapshot.model.postingCount, base + adds)
            XCTAssertEqual(try ModelProvider.load(path: server.modelPath).model.postingCount, base + adds)   // the model file and its change log
            print("RankRoutesTests: \(ranks.count) ranks saw \(counts.count) model versions during \(adds) adds")
        } catch { XCTFail("\(error)") }
        await server.stop()
    }
}
